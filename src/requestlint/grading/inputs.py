"""Reading a class's drafts from what a workshop really has: a folder, a CSV export, an mbox, JSON Lines.

Every draft becomes a ``Submission``; one that cannot be read becomes a submission with an ``error``, and a
file in a folder that is not read (another file type, a link, a sub-folder) one that is ``skipped`` with its
reason. The batch goes on, and every one of them is shown in the outputs.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import email.policy
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.parser import HeaderParser
from email.utils import parseaddr
from pathlib import Path

from requestlint.errors import InputError, RequestlintError
from requestlint.source import Source, read_draft

DRAFT_SUFFIXES = (".txt", ".eml", ".md")
STUDENT_COLUMNS = ("student", "name", "full name", "student name", "email", "email address", "username", "id")
SUBJECT_COLUMNS = ("subject", "subject line", "email subject")
BODY_COLUMNS = ("body", "draft", "email", "email body", "message", "text", "response", "your draft")


NAME_LIMIT = 200  # characters of a student name shown; a form cell can hold a whole essay


def shown(text: str, limit: int | None = None) -> str:
    """Text from a file name, a header or a cell as it can be shown and written anywhere.

    Lone surrogates (an undecodable file name, a JSON "\\ud800" escape) cannot be written as UTF-8, and control
    characters would act on the terminal the summary is printed to: both become U+FFFD, line breaks a space.
    """
    out = "".join(
        " " if char in "\t\n\r" else "\ufffd" if unicodedata.category(char) in ("Cc", "Cs") else char for char in text
    )
    if limit is not None and len(out) > limit:
        out = out[: limit - 1] + "\u2026"
    return out


@dataclass(frozen=True)
class Submission:
    student: str
    origin: str  # where it came from: a file, "class.csv row 7", "inbox.mbox message 3"
    source: Source | None
    error: str | None = None  # why it was not read, or why it was skipped
    skipped: bool = False  # a file in a folder that is not a draft to read (see ``read_folder``)

    def __post_init__(self) -> None:
        # Every output (report.html, grades.csv, results.json, the summary) shows these as they are.
        object.__setattr__(self, "student", shown(self.student, NAME_LIMIT))
        object.__setattr__(self, "origin", shown(self.origin))
        if self.error is not None:
            object.__setattr__(self, "error", shown(self.error))


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
    origin = shown(origin)  # the report's ``source`` is the origin exactly as every output shows it
    try:
        return Submission(student, origin, read_draft(data, name=origin))
    except RequestlintError as exc:
        return Submission(student, origin, None, exc.message)
    except Exception as exc:  # a bug in reading one draft must not lose the class: listed with its reason
        return Submission(student, origin, None, f"requestlint could not read this draft: {type(exc).__name__}: {exc}")


def _path_text(path: Path | str) -> str:
    """A path as shown: bytes that are not UTF-8 (b'caf\\xe9.txt') as escapes, so it names the file exactly."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _student_of(path: Path) -> str:
    """The student a file is named after; a name that is not UTF-8 is most likely Windows-1252 ("café")."""
    raw = os.fsencode(path.name)
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        name = raw.decode("cp1252", "replace")
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def _skip_reason(path: Path, mode: int) -> str | None:
    """Why a folder entry is not read as a draft, or None for a draft file."""
    if stat.S_ISLNK(mode):
        # A link could point anywhere (ln -s /etc/passwd drafts/x.txt): links are never followed.
        if not path.exists():
            return "a symbolic link to nothing (dangling); links are not followed"
        return "a symbolic link; links are not followed, so it was not read"
    if stat.S_ISDIR(mode):
        return "a folder; only the files directly in the submissions folder are read"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device)"
    suffix = path.suffix.lower()
    if suffix in DRAFT_SUFFIXES:
        return None
    kinds = ", ".join(DRAFT_SUFFIXES)
    if not suffix:
        return f"no file extension; drafts are {kinds} files"
    return f"a {suffix} file, not a draft; save the draft as plain text ({kinds})"


def _read_no_follow(path: Path) -> bytes:
    """The bytes of a regular file; a link put in its place after the listing is not followed."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(0, "not a regular file")
        return handle.read()


def read_folder(folder: Path) -> Iterator[Submission]:
    """One submission per entry of the folder: the drafts, and everything else as skipped with the reason."""
    for path in sorted(folder.iterdir()):
        student, origin = _student_of(path), _path_text(path)
        try:
            mode = path.lstat().st_mode
        except OSError as exc:
            yield Submission(student, origin, None, f"cannot read file: {exc.strerror or exc}")
            continue
        reason = _skip_reason(path, mode)
        if reason is not None:
            yield Submission(student, origin, None, reason, skipped=True)
            continue
        try:
            data = _read_no_follow(path)
        except OSError as exc:
            yield Submission(student, origin, None, f"cannot read file: {exc.strerror or exc}")
            continue
        if not data.strip():
            yield Submission(student, origin, None, "the file is empty")
            continue
        yield _submission(student, origin, data)


def _pick(header: Sequence[str], wanted: str | None, guesses: tuple[str, ...], what: str, path: Path) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    if wanted is not None:
        if wanted.strip().lower() not in lowered:
            raise InputError(f"no column {wanted!r} for the {what} (columns: {', '.join(header)})", path=path, line=1)
        return lowered[wanted.strip().lower()]
    return next((lowered[g] for g in guesses if g in lowered), None)


@contextlib.contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """Let the csv module read cells as long as the file (its default limit is 131,072 characters).

    The limit guards a reader against a stream without end; here the whole file is already in memory. It is
    process-wide state, so it is restored afterwards.
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_records(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> list[tuple[int, list[str] | str]]:
    """(line number, cells) per record, or (line number, why the record cannot be parsed)."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records: list[tuple[int, list[str] | str]] = []
    with _field_limit(len(text)):
        while True:
            line = reader.line_num + 1
            try:
                records.append((line, next(reader)))
            except StopIteration:
                return records
            except csv.Error as exc:  # one damaged record is listed; the reader resumes at the next line
                records.append((line, f"cannot parse this CSV record: {exc}"))
                if reader.line_num < line:
                    return records  # nothing left to resume at


def read_csv(path: Path, columns: CsvColumns | None = None, *, data: bytes | None = None) -> Iterator[Submission]:
    """The drafts of a CSV export; ``data`` is the file's content when it is not read from ``path`` (an upload)."""
    columns = columns or CsvColumns()
    text = _decode(path.read_bytes() if data is None else data, str(path))
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    records = _csv_records(text, dialect)
    header = records[0][1] if records else None
    if not header:
        raise InputError("the CSV file is empty", path=path)
    if isinstance(header, str):
        raise InputError(header, path=path, line=1)
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
    for number, (line, row) in enumerate(records[1:], start=2):
        origin = f"{_path_text(path.name)} row {number}"
        if isinstance(row, str):
            yield Submission(f"row {number}", f"{origin} (line {line})", None, row)
            continue
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i] if i < len(row) else "") for name, i in index.items()}
        who = (cells[student].strip() if student else "") or f"row {number}"
        draft = cells[body]
        if not draft.strip():
            yield Submission(who, origin, None, "the draft cell is empty")
            continue
        if subject is not None:
            draft = f"Subject: {cells[subject].strip()}\n\n{draft}"
        yield _submission(who, origin, draft)


# An mbox envelope line as mail programs write it: "From <sender> <asctime date>", e.g.
# "From MAILER-DAEMON Thu Jan  4 09:12:01 2024" (Python, mutt), "From - Thu Jan 04 09:12:01 2024" (Thunderbird),
# "From 17881@xxx Thu Jan 04 09:12:01 +0000 2024" (Gmail's export); anything may follow the year.
_ENVELOPE = re.compile(
    rb"From (?:\"[^\"\r\n]*\"\S*|\S+) +(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +)?"
    rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d\d(?::\d\d)?"
    rb"(?: +(?:[A-Z]{1,5}|[+-]\d{4}))? +\d{4}(?:\s|$)"
)
_ESCAPED_FROM = re.compile(rb"^>(>*From )")


def _mbox_messages(handle: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line of the envelope, raw message) for each message; lines before the first envelope have line 0.

    A message starts only at an envelope line at the start of the file or after a blank line (mbox(5): writers
    end every message with a blank line). Python's ``mailbox`` module splits at any line that starts with
    "From ", so a body line "From my time at Deloitte, ..." that a client left unescaped became a bogus extra
    student. Escaped lines (">From ", mboxrd's ">>From ") lose one ">", as mboxrd readers do; a ">From " line in
    a draft would otherwise be read as a quoted reply.
    """
    start, after_blank = 0, True
    lines: list[bytes] = []
    for number, line in enumerate(handle, start=1):
        if after_blank and _ENVELOPE.match(line):
            if lines:
                yield start, _without_separator(lines)
            start, lines = number, []
        else:
            lines.append(_ESCAPED_FROM.sub(rb"\1", line))
        after_blank = not line.strip()
    if lines or start:
        yield start, _without_separator(lines)


def _without_separator(lines: list[bytes]) -> bytes:
    if lines and not lines[-1].strip():
        lines = lines[:-1]  # the blank line that separates this message from the next
    return b"".join(lines)


def _sender_name(data: bytes) -> str:
    """The display name (or else the address) of the From header; "" when there is none.

    The header is decoded and taken apart with the lenient RFC 822 functions: the standard library's newer
    header parser raises IndexError on a From header such as '"Broken" <', which lost a whole class.
    """
    head = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1252", "replace")
    sender = HeaderParser(policy=email.policy.compat32).parsestr(text, headersonly=True).get("From", "")
    name, address = parseaddr(str(sender))
    # RFC 2047 encoded words: "=?utf-8?q?Zo=C3=AB?=" -> "Zoë"; with an unknown charset or a damaged encoded
    # word, the name as written.
    with contextlib.suppress(HeaderParseError, LookupError, UnicodeError):
        name = str(make_header(decode_header(name)))
    return name.strip() or address.strip()


def read_mbox(path: Path, *, data: bytes | None = None) -> Iterator[Submission]:
    """The messages of an mbox file; ``data`` is the file's content when it is not read from ``path``."""
    if data is not None:
        yield from _mbox_submissions(path, io.BytesIO(data))
        return
    with path.open("rb") as handle:
        yield from _mbox_submissions(path, handle)


def _mbox_submissions(path: Path, handle: Iterable[bytes]) -> Iterator[Submission]:
    name, number = _path_text(path.name), 0
    for line, data in _mbox_messages(handle):
        if not line:
            if data.strip():
                yield Submission(
                    f"{name} before the first message",
                    f"{name} line 1",
                    None,
                    "text before the first 'From <address> <date>' line is not a message",
                )
            continue
        number += 1
        origin = f"{name} message {number}"
        yield _submission(_sender_name(data) or f"message {number}", origin, data)
    if number == 0:
        raise InputError("no message in this mbox file: no line 'From <address> <date>' starts one", path=path)


def read_jsonl(path: Path, *, data: bytes | None = None) -> Iterator[Submission]:
    """One draft per JSON line; ``data`` is the file's content when it is not read from ``path``."""
    text = _decode(path.read_bytes() if data is None else data, str(path))
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{_path_text(path.name)} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Submission(f"line {number}", origin, None, f"not valid JSON: {exc.msg}")
            continue
        except RecursionError:
            yield Submission(f"line {number}", origin, None, "not valid JSON: nested too deeply")
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


def read_inputs(
    paths: Sequence[Path], columns: CsvColumns | None = None, *, with_skipped: bool = False
) -> list[Submission]:
    """All submissions from all inputs, in order; a bad input file as a whole is an InputError.

    ``with_skipped`` also returns the files of a folder that are not read, each ``skipped`` with the reason
    (``grade_class`` lists them in every output).
    """
    submissions: list[Submission] = []
    for path in paths:
        try:
            submissions.extend(_read_input(path, columns, with_skipped))
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    return submissions


def _read_input(path: Path, columns: CsvColumns | None, with_skipped: bool) -> Iterator[Submission]:
    if path.is_dir():
        return (s for s in read_folder(path) if with_skipped or not s.skipped)
    if not path.exists():
        raise InputError("no such file or folder", path=path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, columns)
    if suffix in (".mbox", ".mbx") or path.name.lower() == "mbox":
        return read_mbox(path)
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl(path)
    if suffix in DRAFT_SUFFIXES:
        return _one_file(path)
    raise InputError("unknown input type: give a folder, .csv, .mbox, .jsonl, or draft files", path=path)


def _one_file(path: Path) -> Iterator[Submission]:
    student, origin = _student_of(path), _path_text(path)
    try:
        data = path.read_bytes()  # a file named on the command line is read even through a link
    except OSError as exc:
        yield Submission(student, origin, None, f"cannot read file: {exc.strerror or exc}")
        return
    yield _submission(student, origin, data)
