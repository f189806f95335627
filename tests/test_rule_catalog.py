"""The catalog of bundled rules: each loads, is documented, has tested cases, and the index is fresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from requestlint.bundled import bundled_rules_dir
from requestlint.docgen import cases_for, render_index, render_rule
from requestlint.loader import cases_path, load_rules, rule_files
from requestlint.pitfalls import PITFALLS
from requestlint.schema import RuleSpec

RULES_DIR = bundled_rules_dir()
RULES = list(load_rules().rules)
IDS = [rule.code for rule in RULES]


def test_catalog_covers_every_pitfall() -> None:
    covered = {rule.pitfall for rule in RULES}
    assert set(PITFALLS) <= covered


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_catalog_rule_lives_in_its_group_folder(rule: RuleSpec) -> None:
    path = next(p for p in rule_files(RULES_DIR) if p.stem == rule.code)
    assert path.parent.name == rule.group
    same_group = {r.code[:3] for r in RULES if r.group == rule.group}
    assert same_group == {rule.code[:3]}, "rules of one group share a code prefix"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_catalog_rule_has_cases_for_docs(rule: RuleSpec) -> None:
    path = next(p for p in rule_files(RULES_DIR) if p.stem == rule.code)
    assert cases_path(path).is_file(), f"{rule.code} has no {cases_path(path).name}"
    cases = cases_for(RULES_DIR, rule)
    assert cases is not None and cases.rule == rule.code
    kinds = [(c.should_fire, c.doc) for c in cases.cases.values()]
    assert (True, True) in kinds, "needs a fail case with doc: true (the Example)"
    assert (False, True) in kinds, "needs a pass case with doc: true (Use instead)"
    assert any(not fire for fire, _ in kinds), "needs a near-miss pass case"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_catalog_rule_doc_has_sections(rule: RuleSpec) -> None:
    doc = render_rule(rule, cases_for(RULES_DIR, rule))
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"):
        assert heading in doc
    assert rule.summary.split()[0] in {"Flags", "Notes"}, "summary starts with a verb: Flags / Notes"
    assert not rule.message.rstrip().endswith("."), "messages have no trailing period"


def test_catalog_codes_are_unique_and_mnemonic() -> None:
    assert len(set(IDS)) == len(IDS)
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]{3}\d\d", rule.code)
        assert rule.name.startswith(rule.group + ".")


def test_catalog_index_is_fresh() -> None:
    index = Path(RULES_DIR) / "README.md"
    assert index.is_file(), "run: requestlint docs --index rules/README.md"
    assert index.read_text(encoding="utf-8") == render_index(RULES), (
        "stale: run requestlint docs --index rules/README.md"
    )
