"""Grading a class on the real model: scores, rubric, parallel workers, and the three outputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from requestlint.cli import main
from requestlint.errors import ConfigError
from requestlint.grading import Rubric, grade, grade_class, load_rubric, read_inputs
from requestlint.grading.grade import CHUNK, rubric_score
from requestlint.models import Report
from requestlint.pitfalls import PITFALLS

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drafts"


@pytest.fixture
def classroom(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    folder.mkdir()
    for path in sorted((EXAMPLES / "good").glob("*.txt")) + sorted((EXAMPLES / "bad").glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "zz-corrupt.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    return folder


def test_grading_outputs_for_a_class(classroom: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = grade_class([classroom], out)
    assert len(result.students) == 15 and len(result.graded) == 14
    broken = next(s for s in result.students if s.student == "zz-corrupt")
    assert broken.report is None and broken.error
    # grades.csv: the csv module and a spreadsheet-style reader agree
    with (out / "grades.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = pd.read_csv(out / "grades.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(frame.columns) == list(rows[0].keys())
    assert frame.to_dict("records") == rows
    assert [r["student"] for r in rows] == [s.student for s in result.students]
    row = next(r for r in rows if r["student"] == "zz-corrupt")
    assert row["status"] == "error" and row["error"] == broken.error and row["score"] == ""
    good = next(r for r in rows if r["student"] == "student-epidemiology")
    assert (good["score"], good["grade"]) == ("100", "A")
    assert all(good[p] == "absent" for p in PITFALLS[:6])  # the first request's pitfalls
    assert all(good[p] == "n/a" for p in ("generic-thanks", "no-next-steps", "pushy-follow-up", "no-context"))
    bad = next(r for r in rows if r["student"] == "polished-but-asks-for-internship")
    assert bad["asks-for-job"] == "present"
    thanks = next(r for r in rows if r["student"] == "generic-thank-you")
    assert (thanks["kind"], thanks["generic-thanks"], thanks["no-next-steps"]) == ("thank-you", "present", "present")
    assert thanks["pushy-follow-up"] == thanks["unspecific-ask"] == "n/a"
    pushy = next(r for r in rows if r["student"] == "pushy-follow-up")
    assert (pushy["kind"], pushy["pushy-follow-up"], pushy["no-context"]) == ("follow-up", "present", "present")
    assert pushy["generic-thanks"] == "n/a"
    # results.json: the same schema as `requestlint check --format json`
    reports = [Report.model_validate(r) for r in json.loads((out / "results.json").read_text(encoding="utf-8"))]
    assert [r.source for r in reports] == [s.origin for s in result.graded]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count('class="card student"') == 14 and html.count('class="card failed student"') == 1
    assert "<script" not in html and "http" not in html.split("<body>")[1].split("Class report")[0]


def test_grading_rubric_weights_and_bands(classroom: Path) -> None:
    submissions = read_inputs([classroom])
    default = grade(submissions)
    strict = grade(
        submissions,
        Rubric(
            weights={"asks-for-job": 3, "informal-tone": 0},
            bands=[{"grade": "pass", "min": 75}, {"grade": "redo", "min": 0}],
        ),
    )
    by_name = {s.student: s for s in strict.students}
    job = by_name["polished-but-asks-for-internship"]
    assert job.report is not None
    assert (
        job.score
        == rubric_score(job.report, strict.rubric)
        < next(
            s.score
            for s in default.students
            if s.student == job.student  # type: ignore[operator]
        )
    )
    casual = by_name["casual-changer-wants-referral"]
    assert casual.report is not None and casual.report.pitfalls["informal-tone"].present
    assert {s.grade for s in strict.graded} <= {"pass", "redo"}


def test_grading_parallel_workers_agree_with_one(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    sources = sorted(EXAMPLES.glob("*/*.txt"))
    for i in range(2 * CHUNK + 3):
        path = sources[i % len(sources)]
        (folder / f"s{i:03d}.txt").write_bytes(path.read_bytes())
    submissions = read_inputs([folder])
    one = grade(submissions, jobs=1)
    two = grade(submissions, jobs=2)
    assert [(s.student, s.score, s.present) for s in one.students] == [
        (s.student, s.score, s.present) for s in two.students
    ]


def test_grading_rubric_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yml"
    path.write_text("title: Spring workshop\nweights:\n  asks-for-job: 2\nbandz: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rubric(path)
    assert info.value.line == 4 and "bandz" in str(info.value)
    path.write_text("weights:\n  vague-subjects: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown pitfall"):
        load_rubric(path)


def test_grading_cli(classroom: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "rubric.yml"
    rubric.write_text("title: Spring workshop\nbands:\n  - {grade: pass, min: 70}\n  - {grade: redo, min: 0}\n")
    code = main(["grade", str(classroom), "--out", str(tmp_path / "o"), "--rubric", str(rubric)])
    out = capsys.readouterr()
    assert code == 0
    assert "graded 14 of 15 drafts" in out.out and "not graded:" in out.out
    assert out.err == "", "no progress bar when standard error is not a terminal"
    assert "Spring workshop" in (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
