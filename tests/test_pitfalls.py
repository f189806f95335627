"""The pitfall registry (rules/_pitfalls.yml): public ids, strict loading, and what reports say per kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import requestlint
from requestlint.errors import RuleLoadError
from requestlint.loader import load_rules
from requestlint.pitfalls import CATEGORIES, PITFALLS, Registry, registry
from requestlint.yamlfile import load_model_file

THANK_YOU = """\
Subject: Thank you for Tuesday's call about court interpreting

Dear Ms. Ruiz,

Thank you for speaking with me on Tuesday. I learned a lot and really appreciated your time.

Warm regards,
Daniel Ortiz
"""


def test_public_pitfall_ids_are_pinned() -> None:
    """Reports, rubrics, selectors and grades.csv use these ids: renaming or reordering one breaks users."""
    assert PITFALLS == (
        "vague-subject",
        "informal-tone",
        "missing-background",
        "unspecific-ask",
        "passive-next-step",
        "asks-for-job",
        "generic-thanks",
        "no-next-steps",
        "pushy-follow-up",
        "no-context",
    )
    assert (*PITFALLS, "length", "readability", "courtesy", "mechanics") == CATEGORIES
    assert requestlint.PITFALLS == PITFALLS


def test_every_category_but_mechanics_has_a_bundled_rule() -> None:
    rules = load_rules().rules
    for category in registry().all:
        if category.id == "mechanics":
            continue  # LanguageTool's findings, not a bundled rule
        own = [r for r in rules if r.pitfall == category.id]
        assert own, f"no rule reports {category.id}"


REGISTRY = """\
pitfalls:
  - id: no-context
    label: No context
    summary: The follow-up says neither what nor when.
    corrected: Restating what you asked for and when
    drafts: [follow-up]
    missing_at: start
    issue_type: uncategorized
categories: []
"""


def test_registry_accepts_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "_pitfalls.yml"
    path.write_text(REGISTRY, encoding="utf-8")
    assert [c.id for c in load_model_file(path, Registry).all] == ["no-context"]


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (("    label: No context\n", "    label: No context\n    colour: red\n"), 4, "colour"),
        (("drafts: [follow-up]", "drafts: [memo]"), 6, "drafts"),
        (("missing_at: start", "missing_at: middle"), 7, "missing_at"),
        (
            (
                "categories: []",
                "categories:\n  - {id: no-context, label: x, summary: y, drafts: [other], "
                "missing_at: end, issue_type: style}",
            ),
            1,
            "duplicate ids ['no-context']",
        ),
    ],
)
def test_registry_errors_name_the_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, fragment: str
) -> None:
    path = tmp_path / "_pitfalls.yml"
    path.write_text(REGISTRY.replace(*change), encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_model_file(path, Registry)
    assert fragment in str(info.value)
    assert (info.value.path, info.value.line) == (str(path), line)


def test_report_says_which_pitfalls_were_judged() -> None:
    thanks = requestlint.check(THANK_YOU, kind="thank-you")
    judged = {p for p, r in thanks.pitfalls.items() if r.applies}
    assert {"generic-thanks", "no-next-steps", "informal-tone", "asks-for-job"} <= judged
    assert not judged & {"pushy-follow-up", "no-context", "unspecific-ask", "missing-background"}
    assert thanks.pitfalls["generic-thanks"].present and thanks.pitfalls["no-next-steps"].present
    request = requestlint.check(
        THANK_YOU.replace("Thank you for speaking", "Would you have 20 minutes"), kind="request"
    )
    assert not any(request.pitfalls[p].applies for p in ("generic-thanks", "no-next-steps", "pushy-follow-up"))
    assert all(not result.present for p, result in request.pitfalls.items() if not result.applies)


def test_report_schema_lists_the_registry_ids_for_rule_pitfalls() -> None:
    from requestlint.schema import RuleFile

    schema = json.dumps(RuleFile.model_json_schema())
    assert all(f'"{category}"' in schema for category in CATEGORIES)
