"""Reading a class's drafts from what a workshop really has: a folder, a CSV export, an mbox, JSON Lines.

Every draft becomes a ``Submission``; one that cannot be read becomes a submission with an ``error`` (the
batch goes on, and the reason is shown in every output).
"""

from __future__ import annotations

import codecs
import csv
import email
import email.policy
import io
import json
import mailbox
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from requestlint.errors import InputError, RequestlintError
from requestlint.source import Source, read_draft

DRAFT_SUFFIXES = (".txt", ".eml", ".md")
STUDENT_COLUMNS = ("student", "name", "full name", "student name", "email", "email address", "username", "id")
SUBJECT_COLUMNS = ("subject", "subject line", "email subject")
BODY_COLUMNS = ("body", "draft", "email", "email body", "message", "text", "response", "your draft")


@dataclass(frozen=True)
class Submission:
    student: str
    origin: str  # where it came from: a file, "class.csv row 7", "inbox.mbox message 3"
    source: Source | None
    error: str | None = None


@dataclass(frozen=True)
class CsvColumns:
    student: str | None = None
    subject: str | None = None
    body: str | None = None


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as UTF-8, UTF-16 or Windows-1252 (byte {exc.start})", path=name) from exc


def _submission(student: str, origin: str, data: str | bytes) -> Submission:
    try:
        return Submission(student, origin, read_draft(data, name=origin))
    except RequestlintError as exc:
        return Submission(student, origin, None, exc.message)


def read_folder(folder: Path) -> Iterator[Submission]:
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in DRAFT_SUFFIXES):
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Submission(path.stem, str(path), None, f"cannot read file: {exc.strerror or exc}")
            continue
        if not data.strip():
            yield Submission(path.stem, str(path), None, "the file is empty")
            continue
        yield _submission(path.stem, str(path), data)


def _pick(header: Sequence[str], wanted: str | None, guesses: tuple[str, ...], what: str, path: Path) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    if wanted is not None:
        if wanted.strip().lower() not in lowered:
            raise InputError(f"no column {wanted!r} for the {what} (columns: {', '.join(header)})", path=path, line=1)
        return lowered[wanted.strip().lower()]
    return next((lowered[g] for g in guesses if g in lowered), None)


def read_csv(path: Path, columns: CsvColumns | None = None) -> Iterator[Submission]:
    columns = columns or CsvColumns()
    text = _decode(path.read_bytes(), str(path))
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(rows, None)
    if not header:
        raise InputError("the CSV file is empty", path=path)
    student = _pick(header, columns.student, STUDENT_COLUMNS, "student", path)
    subject = _pick(header, columns.subject, SUBJECT_COLUMNS, "subject", path)
    body = _pick(header, columns.body, BODY_COLUMNS, "body", path)
    if body is None:
        raise InputError(
            f"cannot tell which column holds the draft; name it with --body-column (columns: {', '.join(header)})",
            path=path,
            line=1,
        )
    index = {name: i for i, name in enumerate(header)}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i] if i < len(row) else "") for name, i in index.items()}
        origin = f"{path.name} row {number}"
        who = (cells[student].strip() if student else "") or f"row {number}"
        draft = cells[body]
        if not draft.strip():
            yield Submission(who, origin, None, "the draft cell is empty")
            continue
        if subject is not None:
            draft = f"Subject: {cells[subject].strip()}\n\n{draft}"
        yield _submission(who, origin, draft)


def read_mbox(path: Path) -> Iterator[Submission]:
    box = mailbox.mbox(str(path), create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            origin = f"{path.name} message {number}"
            try:
                data = box.get_bytes(key)
            except Exception as exc:  # mailbox raises several types on a damaged file
                yield Submission(f"message {number}", origin, None, f"cannot read the message: {exc}")
                continue
            # The default policy decodes RFC 2047 names ("=?utf-8?q?Zo=C3=AB?=" -> "Zoë").
            sender = email.message_from_bytes(data, policy=email.policy.default).get("From", "")
            name, address = parseaddr(str(sender))
            yield _submission(name or address or f"message {number}", origin, data)
    finally:
        box.close()


def read_jsonl(path: Path) -> Iterator[Submission]:
    text = _decode(path.read_bytes(), str(path))
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{path.name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Submission(f"line {number}", origin, None, f"not valid JSON: {exc.msg}")
            continue
        if not isinstance(record, dict):
            yield Submission(f"line {number}", origin, None, "each line must be a JSON object")
            continue
        who = str(record.get("student") or record.get("name") or f"line {number}")
        draft = record.get("draft") or record.get("body")
        if not isinstance(draft, str) or not draft.strip():
            yield Submission(who, origin, None, "no 'draft' or 'body' text")
            continue
        if isinstance(record.get("subject"), str):
            draft = f"Subject: {record['subject'].strip()}\n\n{draft}"
        yield _submission(who, origin, draft)


def read_inputs(paths: Sequence[Path], columns: CsvColumns | None = None) -> list[Submission]:
    """All submissions from all inputs, in order; a bad input file as a whole is an InputError."""
    submissions: list[Submission] = []
    for path in paths:
        if path.is_dir():
            submissions.extend(read_folder(path))
        elif not path.exists():
            raise InputError("no such file or folder", path=path)
        elif path.suffix.lower() == ".csv":
            submissions.extend(read_csv(path, columns))
        elif path.suffix.lower() in (".mbox", ".mbx") or path.name.lower() == "mbox":
            submissions.extend(read_mbox(path))
        elif path.suffix.lower() in (".jsonl", ".ndjson"):
            submissions.extend(read_jsonl(path))
        elif path.suffix.lower() in DRAFT_SUFFIXES:
            submissions.extend(_one_file(path))
        else:
            raise InputError("unknown input type: give a folder, .csv, .mbox, .jsonl, or draft files", path=path)
    return submissions


def _one_file(path: Path) -> Iterator[Submission]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Submission(path.stem, str(path), None, f"cannot read file: {exc.strerror or exc}")
        return
    yield _submission(path.stem, str(path), data)
