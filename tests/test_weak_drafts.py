"""Weak requests that must never be waved through, on every surface: check(), the CLI, grade, serve, the gate.

Each draft below was once read as "other" (or a courteous request as a thank-you note), so no pitfall rule ran
on it and it scored 100/100. They are recognised as requests now and flagged for the pitfalls the rubric gives
them (benchmarks/corpus/README.md).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import requestlint
from requestlint import Settings, sendgate
from requestlint.cli import main
from requestlint.grading import grade_class
from requestlint.models import DraftKind
from requestlint.server import create_app

pytestmark = pytest.mark.model

# name -> (draft, pitfalls the rubric gives it)
WEAK: dict[str, tuple[str, set[str]]] = {
    "hey-job-lol": (
        "Subject: hey\n\nhey!! can u help me get a job at ur company lol. let me know!!\n",
        {"vague-subject", "informal-tone", "missing-background", "unspecific-ask", "passive-next-step", "asks-for-job"},
    ),
    "good-word": (
        "Subject: Question\n\nHi there, I'm looking for a job in data science. Could you put in a good word for me "
        "with your hiring manager?\n",
        {"vague-subject", "informal-tone", "missing-background", "unspecific-ask", "passive-next-step", "asks-for-job"},
    ),
    "formal-openings": (
        "Dear Ms. Park,\n\nI am a recent graduate of Temple University with a degree in marketing. I am writing to "
        "ask whether you have any openings on your team and whether you would consider me for one.\n\n"
        "Sincerely,\nDana Cole\n",
        {"vague-subject", "unspecific-ask", "passive-next-step", "asks-for-job"},
    ),
}
# Courteous requests whose last line thanks the reader: requests, not thank-you notes.
COURTEOUS = {
    "thank-you-for-your-time": (
        "Subject: Question about school nursing from a Rutgers nursing junior\n\nDear Ms. Alvarez,\n\n"
        "I am a junior in the nursing program at Rutgers and I am interested in school nursing. Would you have "
        "20 minutes next week to tell me how you moved from the ICU into a district role?\n\n"
        "Thank you for your time.\n\nSincerely,\nMaya Chen\n"
    ),
    "thanks-so-much-for-your-time": (
        "Subject: tips?\n\nHi Mr. Osei,\n\nI'm a sophomore studying accounting at UIC. Do you have any tips for "
        "getting a first internship in audit?\n\nThanks so much for your time!\nLeo\n"
    ),
}


def _present(report: requestlint.Report) -> set[str]:
    return {pitfall for pitfall, result in report.pitfalls.items() if result.present}


@pytest.mark.parametrize("name", sorted(WEAK))
def test_weak_request_is_a_request_with_its_pitfalls(name: str) -> None:
    draft, pitfalls = WEAK[name]
    report = requestlint.check(draft, settings=Settings(languagetool="off"))
    assert report.kind is DraftKind.REQUEST
    assert pitfalls <= _present(report)
    assert report.score < 50
    assert report.rules_run and "SUB01" in report.rules_run


@pytest.mark.parametrize("name", sorted(COURTEOUS))
def test_courteous_closing_does_not_make_a_thank_you_note(name: str) -> None:
    report = requestlint.check(COURTEOUS[name], settings=Settings(languagetool="off"))
    assert report.kind is DraftKind.REQUEST


def test_other_is_reported_with_a_note_and_only_the_rules_that_ran() -> None:
    report = requestlint.check(
        "Subject: RE: gas nominations\n\nPlease send me the revised nominations for the Malin point by noon.\n"
        "\nThanks,\nKim\n",
        settings=Settings(languagetool="off"),
    )
    assert report.kind is DraftKind.OTHER
    assert 0 < report.kind_confidence <= 1
    assert any("read as 'other'" in note and "--kind request" in note for note in report.notes)
    assert "SUB01" not in report.rules_run and "ASK02" not in report.rules_run


def test_cli_check_fails_each_weak_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, (draft, _) in WEAK.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(draft, encoding="utf-8")
        capsys.readouterr()
        assert main(["check", "--format", "json", str(path)]) == 1
        assert json.loads(capsys.readouterr().out)[0]["kind"] == "request"


def test_grade_gives_no_weak_draft_a_pass(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for name, (draft, _) in WEAK.items():
        (folder / f"{name}.txt").write_text(draft, encoding="utf-8")
    result = grade_class([folder], tmp_path / "out", settings=Settings(languagetool="off"))
    with (tmp_path / "out" / "grades.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    for name, (_, pitfalls) in WEAK.items():
        student = next(s for s in result.students if s.student == name)
        assert pitfalls <= set(student.present)
        assert rows[name]["grade"] != "A" and float(rows[name]["score"]) < 50
        assert rows[name]["kind"] == "request"


def test_serve_reports_findings_for_each_weak_draft() -> None:
    with TestClient(create_app(Settings(languagetool="off"))) as client:
        for draft, pitfalls in WEAK.values():
            answer = client.post("/check", json={"draft": draft})
            assert answer.status_code == 200
            body = answer.json()
            assert body["kind"] == "request"
            assert pitfalls <= {p for p, result in body["pitfalls"].items() if result["present"]}


def test_sendmail_gate_refuses_each_weak_draft(capsys: pytest.CaptureFixture[str]) -> None:
    sent: list[bytes] = []

    def outbox(argv: object, message: bytes) -> int:
        sent.append(message)
        return 0

    for draft, _ in WEAK.values():
        headers = "From: student@example.org\nTo: pro@example.com\n"
        raw = (headers + (draft if draft.startswith("Subject:") else "\n" + draft)).encode("utf-8")
        assert sendgate.run(["sendmail", "-t"], raw=raw, send=outbox) == sendgate.EX_DATAERR
        assert "requestlint: not sent" in capsys.readouterr().err
    assert sent == []
