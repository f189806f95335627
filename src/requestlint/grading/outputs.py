"""The grading outputs that go into a gradebook or another program: grades.csv and results.json."""

from __future__ import annotations

import csv
from pathlib import Path

from requestlint.formatters import render_json
from requestlint.grading.grade import ClassResult
from requestlint.models import PITFALLS


def gradebook_rows(result: ClassResult) -> list[dict[str, str]]:
    rows = []
    for student in result.students:
        present = set(student.present)
        row = {
            "student": student.student,
            "source": student.origin,
            "status": "graded" if student.report is not None else "error",
            "score": "" if student.score is None else f"{student.score:g}",
            "grade": student.grade or "",
            "kind": student.report.kind.value if student.report else "",
        }
        for pitfall in PITFALLS:
            row[pitfall] = "" if student.report is None else ("present" if pitfall in present else "absent")
        row["error"] = student.error or ""
        rows.append(row)
    return rows


def write_grades_csv(result: ClassResult, path: Path) -> None:
    """UTF-8 with a BOM and CRLF line ends: what spreadsheet programs and LMS gradebooks import cleanly."""
    rows = gradebook_rows(result)
    fields = ["student", "source", "status", "score", "grade", "kind", *PITFALLS, "error"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def write_results_json(result: ClassResult, path: Path) -> None:
    """The reports of every graded draft, exactly as `requestlint check --format json` prints them.

    Each report's ``source`` is the draft's origin, which is also the ``source`` column of grades.csv; drafts
    that could not be checked are in grades.csv and report.html with their reason.
    """
    reports = [s.report for s in result.students if s.report is not None]
    path.write_text(render_json(reports), encoding="utf-8")
