"""One call for a workshop: read the inputs, grade the class, write report.html, grades.csv, results.json."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from requestlint.config import Settings
from requestlint.errors import InputError
from requestlint.grading.grade import ClassResult, grade
from requestlint.grading.html_report import render_html
from requestlint.grading.inputs import CsvColumns, Submission, read_inputs
from requestlint.grading.outputs import check_output, render_grades_csv, render_results_json, write_output
from requestlint.grading.rubric import Rubric

OUTPUTS = ("report.html", "grades.csv", "results.json")


def grade_class(
    inputs: Sequence[Path],
    out: Path,
    *,
    rubric: Rubric | None = None,
    settings: Settings | None = None,
    columns: CsvColumns | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    client: Any = None,
) -> ClassResult:
    """Grade the drafts in ``inputs`` and write the three outputs to ``out``; with ``client`` (a
    ``dask.distributed.Client``) the drafts are checked on that cluster."""
    # A bad --out is reported before the class is graded, not after.
    if out.exists() and not out.is_dir():
        raise InputError("--out must be a folder", path=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", path=out) from exc
    for name in OUTPUTS:
        check_output(out / name)
    submissions = read_inputs(inputs, columns, with_skipped=True)
    result = grade(submissions, rubric, settings, jobs, progress, client)
    for name, data in class_outputs(result, submissions).items():
        write_output(out / name, data)
    return result


def class_outputs(result: ClassResult, submissions: Sequence[Submission]) -> dict[str, bytes]:
    """The bytes of report.html, grades.csv (UTF-8 with a BOM and CRLF, for spreadsheets) and results.json."""
    drafts = {s.origin: s.source.text for s in submissions if s.source is not None}
    return {
        "report.html": render_html(result, drafts).encode("utf-8"),
        "grades.csv": render_grades_csv(result).encode("utf-8-sig"),
        "results.json": render_results_json(result).encode("utf-8"),
    }
