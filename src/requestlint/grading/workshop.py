"""One call for a workshop: read the inputs, grade the class, write report.html, grades.csv, results.json."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from requestlint.config import Settings
from requestlint.errors import InputError
from requestlint.grading.grade import ClassResult, grade
from requestlint.grading.html_report import write_html
from requestlint.grading.inputs import CsvColumns, read_inputs
from requestlint.grading.outputs import check_output, write_grades_csv, write_results_json
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
    drafts = {s.origin: s.source.text for s in submissions if s.source is not None}
    write_html(result, drafts, out / "report.html")
    write_grades_csv(result, out / "grades.csv")
    write_results_json(result, out / "results.json")
    return result
