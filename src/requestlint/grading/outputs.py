"""The grading outputs that go into a gradebook or another program: grades.csv and results.json."""

from __future__ import annotations

import csv
import io
import os
import secrets
from pathlib import Path

from requestlint.errors import InputError
from requestlint.formatters import render_json
from requestlint.grading.grade import ClassResult
from requestlint.models import PitfallResult
from requestlint.pitfalls import PITFALLS

GRADES_FIELDS = ["student", "source", "status", "score", "grade", "kind", *PITFALLS, "error"]

# A cell that starts with one of these is read as a formula by Excel, LibreOffice Calc or Google Sheets
# (OWASP "CSV Injection": = + - @ tab CR); a line feed and the full-width forms of = + - @ are added as a
# precaution, since they cost nothing.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(cell: str) -> str:
    """The cell with a leading ``'`` when a spreadsheet would evaluate it, as OWASP advises.

    A student named "=HYPERLINK(...)", "@SUM(1)" or "-2+3", or a rubric grade "=1+1", is shown as that text.
    Leading spaces are looked past, so " =1+1" does not depend on whether a spreadsheet trims them.
    """
    if cell.lstrip(" \u00a0\u3000").startswith(FORMULA_START):
        return "'" + cell
    return cell


def gradebook_rows(result: ClassResult) -> list[dict[str, str]]:
    """The rows of grades.csv as they are written (every cell spreadsheet-safe)."""
    rows = []
    for student in result.students:
        row = {
            "student": student.student,
            "source": student.origin,
            "status": student.status,
            "score": "" if student.score is None else f"{student.score:g}",
            "grade": student.grade or "",
            "kind": student.report.kind.value if student.report else "",
        }
        for pitfall in PITFALLS:
            row[pitfall] = "" if student.report is None else _pitfall_cell(student.report.pitfalls[pitfall])
        row["error"] = student.error or ""
        rows.append({field: spreadsheet_safe(value) for field, value in row.items()})
    return rows


def _pitfall_cell(result: PitfallResult) -> str:
    """The cell of one pitfall: n/a where no rule for it ran (the thank-you pitfalls on a request, any pitfall on
    mail outside the genre), else present or absent."""
    if not result.applies:
        return "n/a"
    return "present" if result.present else "absent"


def render_grades_csv(result: ClassResult) -> str:
    """Every cell quoted (OWASP: a spreadsheet that splits on another separator still sees one cell), CRLF."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=GRADES_FIELDS, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(gradebook_rows(result))
    return buffer.getvalue()


def render_results_json(result: ClassResult) -> str:
    """The reports of every graded draft, exactly as `requestlint check --format json` prints them.

    Each report's ``source`` is the draft's origin, which is also the ``source`` column of grades.csv; drafts
    that could not be checked, and skipped files, are in grades.csv and report.html with their reason.
    """
    return render_json([s.report for s in result.students if s.report is not None])


def check_output(path: Path) -> None:
    """Refuse an output name that is a link or not a file: its target must never be written through it."""
    if path.is_symlink():
        raise InputError(
            "is a symbolic link; requestlint does not write through links: remove it or choose another --out",
            path=path,
        )
    if path.exists() and not path.is_file():
        raise InputError("exists and is not a file; remove it or choose another --out", path=path)


def write_output(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: into a new file beside it, then renamed over the name.

    The rename replaces whatever is at the name (a link made after ``check_output`` included) and never opens
    it, so nothing is written through a link, and a failure leaves no half-written report.
    """
    check_output(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        # O_EXCL: a fresh file, never an existing one or a link; the mode follows the user's umask.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path=path) from exc
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror or exc}", path=path) from exc
