"""The Python API on the real model: report contract, spans into the original input, selection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import requestlint
from conftest import VALID_RULE, write_rule
from requestlint import PITFALLS, DraftKind, Report, Settings, Severity

pytestmark = pytest.mark.model

WEAK = """Subject: Quick question

hey Dana!!

i saw ur profile on linkedin. could we connect sometime? also is your team hiring?

let me know
"""

GOOD = """Subject: Cornell economics junior - 20 minutes on your path into health policy?

Dear Ms. Gable,

I am a junior at Cornell studying applied economics, and I am interested in health policy. I read your
article on rural hospital financing and would be grateful for 20 minutes of your time to ask how you moved
from consulting into policy work.

I will call your office on Tuesday morning to see whether a time next week would suit you.

Best regards,
Kira Jones
"""


def test_api_weak_draft_exhibits_pitfalls() -> None:
    report = requestlint.check(WEAK)
    present = {pitfall for pitfall, result in report.pitfalls.items() if result.present}
    assert report.kind is DraftKind.REQUEST
    assert {"vague-subject", "informal-tone", "missing-background", "unspecific-ask", "asks-for-job"} <= present
    assert report.score < 50
    assert set(report.pitfalls) == set(PITFALLS)


def test_api_good_draft_is_clean() -> None:
    report = requestlint.check(GOOD)
    assert [f.code for f in report.findings if f.severity is not Severity.INFO] == []
    assert report.score == 100
    assert not any(result.present for result in report.pitfalls.values())


@pytest.mark.parametrize("draft", [WEAK, GOOD, WEAK.replace("\n", "\r\n")])
def test_api_spans_point_into_the_original_input(draft: str) -> None:
    report = requestlint.check(draft)
    for finding in report.findings:
        if finding.span is None:
            continue
        assert draft[finding.span.start : finding.span.end] == finding.match
        line_start = draft.rfind("\n", 0, finding.span.start) + 1
        assert draft.count("\n", 0, finding.span.start) + 1 == finding.span.line
        assert finding.span.start - line_start + 1 == finding.span.column


def test_api_finding_carries_contract_fields() -> None:
    report = requestlint.check(WEAK)
    job = next(f for f in report.findings if f.pitfall == "asks-for-job")
    assert job.match == "is your team hiring"
    assert job.severity is Severity.ERROR
    assert job.suggestion.principle
    greeting = next(f for f in report.findings if f.code == "TON01")
    assert greeting.suggestion.replacement == "Dear Dana,"


def test_api_suggests_subject_from_the_draft() -> None:
    draft = GOOD.split("\n", 2)[2]  # drop the subject line
    finding = next(f for f in requestlint.check(draft).findings if f.code == "SUB01")
    assert finding.span is None
    assert (
        finding.suggestion.replacement == "Informational interview request: Cornell student interested in health policy"
    )


def test_api_report_round_trips_through_json() -> None:
    report = requestlint.check(WEAK)
    data = json.loads(report.model_dump_json())
    assert Report.model_validate(data) == report
    assert data["schema_version"] == "1"


def test_api_info_findings_do_not_make_pitfalls_present() -> None:
    report = requestlint.check(GOOD, settings=Settings(select=["CRT02", "LEN02"]))
    assert all(f.severity is Severity.INFO for f in report.findings)
    assert not any(r.present for r in report.pitfalls.values())


@pytest.mark.parametrize(
    ("selector", "expected"),
    [("TON01", {"TON01"}), ("tone.casual-greeting", {"TON01"}), ("job", {"JOB01"}), ("asks-for-job", {"JOB01"})],
)
def test_api_select_by_code_name_group_or_pitfall(selector: str, expected: set[str]) -> None:
    report = requestlint.check(WEAK, select=[selector])
    assert {f.code for f in report.findings} == expected


def test_api_ignore_removes_rules() -> None:
    codes = {f.code for f in requestlint.check(WEAK, ignore=["tone", "SUB02"]).findings}
    assert not any(code.startswith("TON") for code in codes)
    assert "SUB02" not in codes and "JOB01" in codes


def test_api_kind_override_runs_request_rules_on_a_thank_you() -> None:
    thanks = (
        "Subject: Thank you for our call about hospital pharmacy\n\nDear Ms. Gable,\n\nThank you for speaking "
        "with me yesterday. Your advice to do an oncology rotation first was new to me, and I will ask my adviser "
        "about one on Monday.\n\nBest,\nKira\n"
    )
    assert requestlint.check(thanks).kind is DraftKind.THANK_YOU
    assert not any(r.present for r in requestlint.check(thanks).pitfalls.values())
    forced = requestlint.check(thanks, kind="request")
    assert forced.kind is DraftKind.REQUEST and forced.kind_overridden
    assert forced.pitfalls["unspecific-ask"].present


def test_api_check_many_keeps_input_order(tmp_path: Path) -> None:
    files = []
    for i, text in enumerate([GOOD, WEAK, GOOD]):
        path = tmp_path / f"d{i}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    reports = list(requestlint.check_many(files))
    assert [r.source for r in reports] == [str(p) for p in files]
    assert [r.score == 100 for r in reports] == [True, False, True]


def test_api_quoted_text_is_not_judged() -> None:
    reply = (
        GOOD
        + "\nOn Mon, Mar 3, 2025 at 9:14 AM Dana Ruiz <dana@example.org> wrote:\n"
        + "> hey u should totally ask if they're hiring!!\n"
    )
    report = requestlint.check(reply)
    assert [f.code for f in report.findings if f.severity is not Severity.INFO] == []


def test_api_extra_rule_dir(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID_RULE.replace("phrases: [yo]", "phrases: [hey]"))
    report = requestlint.check(WEAK, settings=Settings(extra_rule_dirs=[tmp_path], select=["ZZZ01"]))
    assert [f.code for f in report.findings] == ["ZZZ01"]


def test_api_runs_only_the_components_the_rules_need() -> None:
    from requestlint.api import _engine

    everything = _engine(Settings(languagetool="off"))
    assert "ner" not in everything.components, "no bundled rule reads entities"
    assert {"tagger", "parser"} <= set(everything.components)
    length_only = _engine(Settings(select=["LEN01"], languagetool="off", kind="request"))
    assert length_only.components == [], "a word count needs no model component when the kind is given"
    subject_only = _engine(Settings(select=["SUB01"], languagetool="off", kind="request"))
    assert {"tagger", "parser", "lemmatizer"} <= set(subject_only.components), "its subject names the writer's facts"
    recognising = _engine(Settings(select=["SUB01"], languagetool="off"))
    assert "parser" in recognising.components, "recognising the kind reads the parse"
    assert (
        requestlint.check(GOOD.split("\n", 2)[2], settings=Settings(select=["SUB01"])).pitfalls["vague-subject"].present
    )


def test_api_loads_the_entity_recogniser_only_for_a_rule_that_reads_entities(tmp_path: Path) -> None:
    from requestlint.api import _engine

    assert "ner" not in _engine(Settings(languagetool="off")).nlp.pipe_names, "no bundled rule reads entities"
    entity_rule = (
        VALID_RULE.replace("check: phrase", "check: pattern")
        .replace("phrases: [yo]", "patterns: [[{ENT_TYPE: DATE}]]")
        .replace("scope: greeting", "scope: body")
        .replace("'{match}' is casual", "'{match}' is a date")
    )
    write_rule(tmp_path, entity_rule)
    settings = Settings(extra_rule_dirs=[tmp_path], select=["ZZZ01"], languagetool="off", kind="request")
    engine = _engine(settings)
    assert "ner" in engine.components and "ner" in engine.nlp.pipe_names
    report = requestlint.check(GOOD, settings=settings)
    dates = [f.message for f in report.findings if f.code == "ZZZ01"]
    assert "'Tuesday' is a date" in dates, "the rule sees the entities the recogniser found"
