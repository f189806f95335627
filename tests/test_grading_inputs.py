"""Reading a class's drafts: folders, CSV exports with awkward encodings, mbox files, JSON Lines."""

from __future__ import annotations

import codecs
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from requestlint.errors import InputError
from requestlint.grading.inputs import CsvColumns, read_inputs

DRAFT = "Dear Ms. Núñez,\n\nI am a junior at Purdue studying agronomy. Would you have 20 minutes?\n\nBest,\nZoë\n"


def test_inputs_folder_names_students_and_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "ana.txt").write_text("Subject: Purdue agronomy junior\n\n" + DRAFT, encoding="utf-8")
    (tmp_path / "ben.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "cara.txt").write_bytes(b"")
    (tmp_path / "dev.txt").write_bytes(b"\x00\x01\x02 binary")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not a draft: ignored
    found = {s.student: s for s in read_inputs([tmp_path])}
    assert sorted(found) == ["ana", "ben", "cara", "dev"]
    assert found["ana"].source is not None and found["ana"].source.subject == "Purdue agronomy junior"
    assert found["cara"].error == "the file is empty"
    assert found["dev"].error is not None and "binary" in found["dev"].error


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t")],
    ids=["utf8", "utf8-bom", "excel-1252-semicolon", "excel-unicode-text"],
)
def test_inputs_csv_encodings_and_quoted_newlines(tmp_path: Path, encoding: str, delimiter: str) -> None:
    body = DRAFT if encoding != "cp1252" else DRAFT.replace("Zoë", "Zoe")  # 1252 has é but keep names simple
    rows = [["Student Name", "Subject", "Your draft"], ["José Pérez", "Purdue agronomy junior", body], ["", "", ""]]
    text = "\r\n".join(delimiter.join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows)
    path = tmp_path / "class.csv"
    path.write_bytes(text.encode(encoding))
    [submission] = read_inputs([path])
    assert submission.student == "José Pérez"
    assert submission.origin == "class.csv row 2"
    assert submission.source is not None
    assert submission.source.subject == "Purdue agronomy junior"
    assert "Would you have 20 minutes?" in submission.source.text
    assert submission.source.text.count("\n") >= body.count("\n"), "newlines inside quoted cells survive"


def test_inputs_csv_explicit_columns_and_missing_body(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text('who,what\nAna,"' + DRAFT + '"\n', encoding="utf-8")
    with pytest.raises(InputError, match="--body-column"):
        read_inputs([path])
    [submission] = read_inputs([path], CsvColumns(student="who", body="what"))
    assert submission.student == "Ana" and submission.source is not None
    with pytest.raises(InputError, match="no column 'nope'"):
        read_inputs([path], CsvColumns(body="nope"))


def test_inputs_csv_bytes_codecs_bom_detected(tmp_path: Path) -> None:
    path = tmp_path / "le.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "name,body\nAna,hello there\n".encode("utf-16-le"))
    [submission] = read_inputs([path])
    assert submission.student == "Ana"


def test_inputs_mbox_with_charsets(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(path))
    for name, charset in (("Zoë Lefèvre", "iso-8859-1"), ("Sam Lee", "utf-8")):
        message = EmailMessage()
        message["From"] = f"{name} <x@example.org>"
        message["To"] = "Ms. Núñez <n@example.org>"
        message["Subject"] = "Purdue agronomy junior"
        message.set_content(DRAFT.replace("Zoë", name), charset=charset, cte="quoted-printable")
        box.add(message)
    box.flush()
    box.close()
    submissions = read_inputs([path])
    assert [s.student for s in submissions] == ["Zoë Lefèvre", "Sam Lee"]
    first = submissions[0].source
    assert first is not None and "Zoë Lefèvre" in first.text, "the quoted-printable Latin-1 body is decoded"
    assert submissions[0].source is not None and submissions[0].source.subject == "Purdue agronomy junior"


def test_inputs_jsonl_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "drafts.jsonl"
    path.write_text(
        '{"student": "Ana", "subject": "Purdue agronomy junior", "draft": "Dear Ms. Núñez, hello."}\n'
        "not json\n"
        '{"student": "Ben"}\n',
        encoding="utf-8",
    )
    submissions = read_inputs([path])
    assert [(s.student, s.error is None) for s in submissions] == [("Ana", True), ("line 2", False), ("Ben", False)]


def test_inputs_unknown_type_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "class.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match="unknown input type"):
        read_inputs([path])
