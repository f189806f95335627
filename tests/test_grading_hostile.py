"""Grading a class from hostile or damaged inputs (issue 12, defects 1-3): nothing lost, nothing leaked.

One bad draft is listed with its reason and the rest are graded; grades.csv holds no cell a spreadsheet would
evaluate; links in a submissions folder are not followed and outputs are not written through links; every file
that is not read is listed; an unescaped "From " line in an mbox body does not make a new student.
"""

from __future__ import annotations

import csv
import importlib
import json
import mailbox
import os
from collections.abc import Iterable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from requestlint.cli import main
from requestlint.errors import InputError
from requestlint.grading import Rubric, grade, grade_class, outputs, read_inputs
from requestlint.grading.grade import CHUNK, ClassResult, StudentResult
from requestlint.grading.inputs import Submission, _mbox_messages, read_mbox
from requestlint.grading.outputs import spreadsheet_safe
from requestlint.grading.workshop import class_outputs
from requestlint.models import Report
from requestlint.source import Source, read_draft

# The module, not the function of the same name that requestlint.grading exports.
grade_module = importlib.import_module("requestlint.grading.grade")

DRAFT = (
    "Subject: Purdue agronomy junior asking for advice\n\n"
    "Dear Ms. Nunez,\n\nI am a junior at Purdue studying agronomy. Would you have 20 minutes next week to tell "
    "me how you moved from field trials into seed breeding?\n\nBest regards,\nZoe Park\n"
)
BODY = DRAFT.split("\n\n", 1)[1]


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "grades.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _outputs_written(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    assert _rows(out)
    for report in json.loads((out / "results.json").read_text(encoding="utf-8")):
        Report.model_validate(report)


# --- defect 1: one bad input loses a whole class -------------------------------------------------------------


def _envelope(sender: str) -> str:
    return f"From {sender} Thu Jan  4 09:12:01 2024\n"


@pytest.mark.model
@pytest.mark.parametrize("mime", [False, True], ids=["plain", "mime"])
def test_grading_mbox_with_a_broken_from_header_grades_the_others(tmp_path: Path, mime: bool) -> None:
    messages = []
    for number in range(6):
        sender = '"Broken" <' if number == 3 else f"Student {number} <s{number}@example.org>"
        head = ("MIME-Version: 1.0\n" if mime else "") + f"From: {sender}\nSubject: Purdue agronomy junior\n"
        messages.append(_envelope(f"s{number}@example.org") + head + "\n" + BODY + "\n")
    path = tmp_path / "class.mbox"
    path.write_text("".join(messages), encoding="utf-8")
    result = grade_class([path], tmp_path / "out")
    assert [s.student for s in result.students] == [f"Student {n}" if n != 3 else "Broken" for n in range(6)]
    assert len(result.graded) >= 5
    broken = result.students[3]
    assert broken.report is not None or broken.error, "the broken message is graded or listed with its reason"
    _outputs_written(tmp_path / "out")


@pytest.mark.model
def test_grading_folder_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ana.txt").write_text(DRAFT, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(DRAFT.encode("utf-8"))
    out = tmp_path / "out"
    result = grade_class([folder], out)
    assert [s.student for s in result.students] == ["ana", "café"]
    assert len(result.graded) == 2
    cafe = result.students[1]
    assert cafe.origin.endswith("caf\\xe9.txt"), "the origin names the file exactly, its odd byte escaped"
    _outputs_written(out)
    assert "café" in (out / "report.html").read_text(encoding="utf-8")
    assert [r["student"] for r in _rows(out)] == ["ana", "café"]


@pytest.mark.model
def test_grading_odd_names_reach_every_output_as_shown(tmp_path: Path) -> None:
    """A CSV whose file name is not UTF-8, a draft whose name holds a terminal escape: graded, all outputs written."""
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ana\x1b[31m.txt").write_text(DRAFT, encoding="utf-8")
    form = os.path.join(os.fsencode(tmp_path), b"cours\xe9.csv")
    with open(form, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["name", "body"], ["Ben", BODY]])
    out = tmp_path / "out"
    result = grade_class([folder, Path(os.fsdecode(form))], out)
    assert [(s.student, s.origin.rsplit("/", 1)[-1]) for s in result.students] == [
        ("ana\ufffd[31m", "ana\ufffd[31m.txt"),
        ("Ben", "cours\\xe9.csv row 2"),
    ]
    _outputs_written(out)
    reports = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in reports] == [s.origin for s in result.students]


@pytest.mark.parametrize("column", ["body", "notes"])
def test_inputs_csv_cell_over_the_csv_modules_limit(tmp_path: Path, column: str) -> None:
    huge = "word " * 30_000  # 150,000 characters: over the csv module's 131,072
    cells = {"body": BODY, "notes": "-"}
    rows = [["name", "notes", "body"]]
    for number in range(41):
        row = {**cells, column: huge} if number == 20 else cells
        rows.append([f"Student {number}", row["notes"], row["body"]])
    path = tmp_path / "form.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = csv.field_size_limit()
    submissions = read_inputs([path])
    assert csv.field_size_limit() == before, "the csv module's process-wide limit is restored"
    assert [s.student for s in submissions] == [f"Student {n}" for n in range(41)]
    assert all(s.source is not None for s in submissions)
    if column == "body":
        source = submissions[20].source
        assert source is not None and len(source.text) == len(huge)


def test_inputs_jsonl_lone_surrogates_and_deep_nesting_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "class.jsonl"
    lines = [
        json.dumps({"student": "Ana\ud800", "draft": BODY}),
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"student": "Ben", "draft": BODY}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    ana, deep, ben = read_inputs([path])
    assert ana.student == "Ana\ufffd" and ana.source is not None
    assert deep.source is None and deep.error == "not valid JSON: nested too deeply"
    assert ben.source is not None


@pytest.mark.model
def test_grading_a_draft_that_breaks_the_check_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first draft used to be checked in the parent before forking: if it broke the check, the class was lost."""
    real = grade_module.check_many

    def breaks_on_marker(drafts: Iterable[Source | str], **kwargs: Any) -> Iterator[Report]:
        drafts = list(drafts)
        if any(isinstance(d, Source) and "BREAKS" in d.text for d in drafts):
            raise RuntimeError("a bug in a rule")
        return real(drafts, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(grade_module, "check_many", breaks_on_marker)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a000.txt").write_text(DRAFT.replace("Zoe Park", "BREAKS"), encoding="utf-8")
    for number in range(1, 2 * CHUNK + 1):
        (folder / f"a{number:03d}.txt").write_text(DRAFT, encoding="utf-8")
    result = grade(read_inputs([folder]), jobs=2)
    assert len(result.graded) == 2 * CHUNK
    assert result.students[0].error is not None and "a bug in a rule" in result.students[0].error


def _dies(settings: object, chunk: list[tuple[int, Submission]]) -> list[tuple[int, Report | str]]:
    os._exit(1)  # a worker killed by the kernel (out of memory) or crashed in native code


@pytest.mark.model
def test_grading_a_worker_that_dies_loses_only_its_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grade_module, "_check_chunk", _dies)
    submissions = [Submission(f"s{n}", f"s{n}.txt", read_draft(DRAFT)) for n in range(2 * CHUNK + 10)]
    result = grade(submissions, jobs=2)
    assert len(result.students) == 2 * CHUNK + 10 and not result.graded
    assert all("stopped unexpectedly" in (s.error or "") for s in result.students)


# --- defect 2: CSV formula injection ------------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",
    "\uff1d1+1",
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_outputs_spreadsheet_safe_neutralises_formulas(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Ana", "100", "62.5", "", "present", "O'Neil", "a=b", "Ana-Maria"])
def test_outputs_spreadsheet_safe_leaves_plain_cells(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell


def test_outputs_grades_csv_has_no_formula_cell(tmp_path: Path) -> None:
    students = [
        StudentResult(student=name, origin=f"{name}.txt", error="-1 the file is empty") for name in FORMULAS
    ] + [StudentResult(student="x", origin="+x.txt", error="skipped", skipped=True)]
    result = ClassResult(rubric=Rubric(), students=students)
    path = tmp_path / "grades.csv"
    path.write_bytes(class_outputs(result, [])["grades.csv"])
    raw = path.read_text(encoding="utf-8-sig")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d"))]
    assert [row[0] for row in rows[1:]] == ["'" + name for name in FORMULAS] + ["x"]
    assert rows[-1][2] == "skipped"
    # every cell is quoted, so a spreadsheet that splits on ';' or tabs still sees one text cell
    assert raw.startswith('"student","source","status"')
    assert all(line.startswith('"') for line in raw.split("\r\n") if line)


@pytest.mark.model
def test_grading_rubric_band_names_are_neutralised_in_grades_csv(tmp_path: Path) -> None:
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "=HYPERLINK(1).txt").write_text(DRAFT, encoding="utf-8")
    rubric = Rubric(bands=[{"grade": "=1+1", "min": 0}])
    grade_class([tmp_path / "class"], tmp_path / "out", rubric=rubric)
    [row] = _rows(tmp_path / "out")
    assert (row["student"], row["grade"], row["status"]) == ("'=HYPERLINK(1)", "'=1+1", "graded")


# --- defect 3: links, skipped files, outputs through links, "From " lines in an mbox -------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Three drafts and seven entries that are not: other file types, no extension, a backup, links, a folder."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("ana.txt", "ben.eml", "cara.md"):
        (folder / name).write_text(DRAFT, encoding="utf-8")
    for name in ("dev.docx", "eve.pdf", "fay.html", "gus.rtf", "README", "hal.txt.bak"):
        (folder / name).write_bytes(b"not read")
    (folder / "ivy.txt").symlink_to("/etc/passwd")
    (folder / "jon.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "old").mkdir()
    os.mkfifo(folder / "pipe.txt")  # reading a pipe would wait for ever
    return folder


def test_inputs_folder_lists_every_entry_it_does_not_read(mixed_folder: Path) -> None:
    found = {Path(s.origin).name: s for s in read_inputs([mixed_folder], with_skipped=True)}
    assert sorted(n for n, s in found.items() if not s.skipped) == ["ana.txt", "ben.eml", "cara.md"]
    reasons = {n: s.error or "" for n, s in found.items() if s.skipped}
    assert len(reasons) == 10
    assert "symbolic link" in reasons["ivy.txt"] and "not followed" in reasons["ivy.txt"]
    assert "dangling" in reasons["jon.txt"]
    assert "folder" in reasons["old"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert "no file extension" in reasons["README"]
    for name in ("dev.docx", "eve.pdf", "fay.html", "gus.rtf", "hal.txt.bak"):
        assert f"a {Path(name).suffix} file, not a draft" in reasons[name]
    assert "dev.docx" not in {Path(s.origin).name for s in read_inputs([mixed_folder])}, "drafts only by default"


@pytest.mark.model
def test_grading_cli_lists_skipped_files_in_every_output(
    mixed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["grade", str(mixed_folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("graded 3 of 13 drafts; 10 skipped; wrote ")
    assert f"skipped: {mixed_folder / 'ivy.txt'}: a symbolic link" in printed
    html = (out / "report.html").read_text(encoding="utf-8")
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    assert passwd not in html and passwd not in (out / "results.json").read_text(encoding="utf-8")
    assert html.count('class="card student"') == 3 and "Skipped files" in html
    for name in ("ivy.txt", "jon.txt", "dev.docx", "README", "hal.txt.bak", "old", "pipe.txt"):
        assert f"{mixed_folder / name}</td>" in html
    rows = {Path(r["source"]).name: r for r in _rows(out)}
    assert len(rows) == 13
    assert rows["ivy.txt"]["status"] == "skipped" and "not followed" in rows["ivy.txt"]["error"]
    assert rows["ana.txt"]["status"] == "graded"


@pytest.mark.parametrize("name", ["grades.csv", "report.html", "results.json"])
def test_grading_refuses_an_output_that_is_a_link(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(target)
    (tmp_path / "class").mkdir()
    assert main(["grade", str(tmp_path / "class"), "--out", str(out)]) == 2
    assert f"{out / name}: RLE301 is a symbolic link" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_outputs_a_link_made_after_the_check_is_replaced_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "grades.csv"
    link.symlink_to(target)
    monkeypatch.setattr(outputs, "check_output", lambda path: None)  # as if the link appeared after the check
    outputs.write_output(link, b"new")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv", "precious.txt"], "no temporary file left"


def test_grading_out_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="--out must be a folder"):
        grade_class([tmp_path], tmp_path / "out")


def test_inputs_mbox_unescaped_from_line_in_a_body_is_not_a_new_student(tmp_path: Path) -> None:
    body = "Dear Ms. Nunez,\n\nFrom my time at Deloitte I know audit.\nFrom there I moved on.\n\nBest,\nAna\n"
    text = (
        _envelope("ana@example.org")
        + "From: Ana <ana@example.org>\nSubject: Audit to forensics\n\n"
        + body
        + "\n"
        + "From - Thu Jan 04 09:12:01 2024\n"  # Thunderbird's envelope line
        + "From: =?utf-8?q?Zo=C3=AB?= <zoe@example.org>\n\nDear Mr. Li,\n\n>From here on, mboxrd-escaped.\n\n"
        + "From 1788@xxx Thu Jan 04 09:12:01 +0000 2024\n"  # Gmail's export
        + "From: Sam <sam@example.org>\n\nDear Dr. Ray,\n"
        + "From sam@example.org Thu Jan  4 09:12:01 2024\n"  # an envelope-like line with no blank line before it
        + "\n"
    )
    path = tmp_path / "class.mbox"
    path.write_text(text, encoding="utf-8")
    assert len(mailbox.mbox(str(path))) == 6, "the standard library's reader splits at every 'From ' line"
    submissions = list(read_mbox(path))
    assert [s.student for s in submissions] == ["Ana", "Zoë", "Sam"]
    ana, zoe, sam = (s.source for s in submissions)
    assert ana is not None and ana.text.endswith(body), "the body is whole, without the separating blank line"
    assert zoe is not None and "\nFrom here on, mboxrd-escaped." in zoe.text
    assert sam is not None and "From sam@example.org Thu" in sam.text


def test_inputs_mbox_written_by_python_mailbox_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "class.mbox"
    box = mailbox.mbox(str(path))
    for name in ("Ana", "Ben"):
        message = EmailMessage()
        message["From"] = f"{name} <{name.lower()}@example.org>"
        message["Subject"] = "Audit to forensics"
        message.set_content("Dear Ms. Nunez,\n\nFrom my time at Deloitte I know audit.\n")
        box.add(message)
    box.flush()
    box.close()
    assert ">From my time" in path.read_text(encoding="utf-8"), "mailbox escapes the body line (mboxo)"
    submissions = list(read_mbox(path))
    assert [s.student for s in submissions] == ["Ana", "Ben"]
    assert all(s.source is not None and "\nFrom my time at Deloitte" in s.source.text for s in submissions)


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "Dear Ms. Nunez,\n\nFrom my time at Deloitte I know audit.\n"],
    ids=["empty", "blank", "not-an-mbox"],
)
def test_inputs_mbox_without_messages_is_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "class.mbox"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="no message in this mbox file"):
        read_inputs([path])


def test_inputs_mbox_text_before_the_first_message_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "class.mbox"
    path.write_text("stray line\n\n" + _envelope("a@example.org") + "From: Ana <a@example.org>\n\nHello\n")
    stray, ana = read_mbox(path)
    assert stray.source is None and stray.error is not None and "before the first" in stray.error
    assert ana.student == "Ana"
    assert [line for line, _ in _mbox_messages(path.read_bytes().splitlines(keepends=True))] == [0, 3]
