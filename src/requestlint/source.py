"""Reading a draft: plain text with optional RFC 822 headers, or a whole ``.eml`` message.

The result is a ``Source``: the text every offset in a report refers to, the headers, and where the subject
value and the body start in that text. For plain drafts the text is the input itself. For MIME messages whose
body is stored encoded (quoted-printable, base64, HTML) the text is the decoded message, rebuilt as
``Header: value`` lines, a blank line and the body; ``Source.decoded`` says so.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from requestlint.errors import InputError

_HEADER_LINE = re.compile(r"^(subject|to|from|date|cc|bcc|reply-to)[ \t]*:[ \t]?(.*)$", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_MIME_MARKERS = re.compile(
    r"^(mime-version|content-type|content-transfer-encoding|message-id|received|return-path)\s*:",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class Source:
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    subject_start: int | None = None  # offset of the subject value in ``text``; None = no Subject header
    subject_end: int | None = None
    body_start: int = 0
    decoded: bool = False
    name: str | None = None

    @property
    def subject(self) -> str | None:
        if self.subject_start is None or self.subject_end is None:
            return None
        return self.text[self.subject_start : self.subject_end]


_REPLY_SUBJECT = re.compile(r"^\s*(re|fwd?|aw|sv|wg)\s*:", re.IGNORECASE)


def is_reply_subject(subject: str | None) -> bool:
    """A subject that answers or forwards another message: "Re:", "Fwd:" (and "AW:", "SV:", "WG:")."""
    return bool(_REPLY_SUBJECT.match(subject or ""))


MAX_CHARACTERS = 500_000
"""The longest draft requestlint reads (about 80,000 words): far beyond any email, and it keeps a check within
seconds. Longer input is an input error, not a slow check."""


def read_draft(data: str | bytes, *, name: str | None = None) -> Source:
    """Turn raw input into a ``Source``; bytes may be a MIME message in any charset."""
    if len(data) > 4 * MAX_CHARACTERS:  # not even worth decoding (a character takes at most 4 bytes)
        raise InputError(_too_long(len(data), "bytes"), path=name)
    source = _read(data, name)
    if len(source.text) > MAX_CHARACTERS:
        raise InputError(_too_long(len(source.text), "characters"), path=name)
    return source


def _too_long(size: int, unit: str) -> str:
    return f"the draft is {size:,} {unit} long; requestlint reads drafts of up to {MAX_CHARACTERS:,} characters"


def _read(data: str | bytes, name: str | None) -> Source:
    if isinstance(data, bytes):
        if b"\x00" in data[:8192]:
            raise InputError("input looks binary (contains NUL bytes), not an email draft", path=name)
        head = data[:16384].decode("latin-1")
        if _looks_like_mime(head):
            return _from_mime(data, name)
        text = _decode_text(data, name)
    else:
        # A lone surrogate (from a broken decoder upstream) cannot be tokenised: the same-length
        # replacement character keeps every offset.
        text = _SURROGATE.sub("\ufffd", data)
        if "\x00" in text[:8192]:
            raise InputError("input looks binary (contains NUL bytes), not an email draft", path=name)
        if _looks_like_mime(text[:16384]):
            return _from_mime(text.encode("utf-8", "surrogateescape"), name, original=text)
    return _from_plain(text, name)


def read_draft_file(path: Path) -> Source:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    return read_draft(data, name=str(path))


def _looks_like_mime(head: str) -> bool:
    """A MIME message carries transport headers in its first header block; a pasted draft does not."""
    block = re.split(r"\r?\n\r?\n", head, maxsplit=1)[0]
    return bool(_MIME_MARKERS.search(block))


def _decode_text(data: bytes, name: str | None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what most non-UTF-8 drafts pasted from Word or Outlook are in.
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot decode the draft as UTF-8 or Windows-1252 (byte {exc.start}); save it as UTF-8",
            path=name,
        ) from exc
    return text


def _from_plain(text: str, name: str | None) -> Source:
    headers: dict[str, str] = {}
    subject_start = subject_end = None
    pos = 1 if text.startswith("\ufeff") else 0  # a byte-order mark is not part of the first header
    lines = text[pos:].split("\n")
    last_key: str | None = None
    for raw_line in lines:
        line = raw_line.rstrip("\r")  # offsets stay those of the input, CRLF or not
        match = _HEADER_LINE.match(line)
        if match:
            last_key = match.group(1).lower()
            headers[last_key] = match.group(2).strip()
            if last_key == "subject":
                value_start = pos + match.start(2)
                subject_start = value_start
                subject_end = value_start + len(match.group(2).rstrip())
            pos += len(raw_line) + 1
            continue
        if last_key is not None and line[:1] in (" ", "\t") and line.strip():
            headers[last_key] += " " + line.strip()  # folded header line
            if last_key == "subject":
                subject_end = pos + len(line.rstrip())
            pos += len(raw_line) + 1
            continue
        if headers and not line.strip():
            pos += len(raw_line) + 1  # the blank line that ends the header block
        break
    body_start = min(pos, len(text))
    return Source(text, headers, subject_start, subject_end, body_start, decoded=False, name=name)


def _from_mime(data: bytes, name: str | None, original: str | None = None) -> Source:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # the email package raises many types on malformed input
        raise InputError(f"cannot parse the email message: {exc}", path=name) from exc
    assert isinstance(message, EmailMessage)
    body = _best_body(message, name)
    raw_headers = {key.lower(): value for key, value in message.raw_items()}
    headers = {
        key.lower(): _header_value(message, key, raw_headers[key.lower()])
        for key in ("Subject", "To", "From", "Date", "Cc")
        if key.lower() in raw_headers
    }
    raw = original if original is not None else _decode_text(data, None) if _is_text(data) else None
    if raw is not None and not message.is_multipart():
        # Only a single-part body runs to the end of the file; multipart bodies are rebuilt below.
        located = _locate_verbatim(raw, headers.get("subject"), body)
        if located is not None:
            subject_start, body_start = located
            subject_end = None if subject_start is None else subject_start + len(headers["subject"])
            return Source(raw, headers, subject_start, subject_end, body_start, decoded=False, name=name)
    # The body is encoded in the file: offsets refer to this rebuilt, decoded text instead.
    lines = [f"{key.capitalize()}: {value}" for key, value in headers.items()]
    head = "\n".join(lines) + "\n\n"
    text = head + body
    subject_start = subject_end = None
    if "subject" in headers:
        subject_start = head.index("Subject: ") + len("Subject: ")
        subject_end = subject_start + len(headers["subject"])
    return Source(text, headers, subject_start, subject_end, len(head), decoded=True, name=name)


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _locate_verbatim(raw: str, subject: str | None, body: str) -> tuple[int | None, int] | None:
    """Offsets of the subject value and the body in the raw file, when both appear there unchanged."""
    split = re.search(r"\r?\n\r?\n", raw)
    if split is None:
        return None
    header_block = raw[: split.start()]
    subject_start: int | None = None
    if subject is not None:
        match = re.search(r"^subject:[ \t]*", header_block, re.IGNORECASE | re.MULTILINE)
        if match is None or raw[match.end() : match.end() + len(subject)] != subject:
            return None
        subject_start = match.end()
    stripped = body.strip("\n")
    body_at = raw.find(stripped, split.end()) if stripped else split.end()
    if body_at < 0 and "\r\n" in raw:
        body_at = raw.find(stripped.replace("\n", "\r\n"), split.end())
    if body_at < 0:
        return None
    return subject_start, body_at


def _header_value(message: EmailMessage, key: str, raw: str) -> str:
    """A header's decoded value; a malformed one ('From: "x" <') is read as written, not as an error."""
    try:
        return str(message.get(key, "")).strip()
    except Exception:  # the header parser raises IndexError, ValueError, ... on malformed input
        try:
            return str(email.header.make_header(email.header.decode_header(raw))).strip()
        except Exception:
            return raw.strip()


def _best_body(message: EmailMessage, name: str | None) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        content = None if part is None else part.get_content()
    except Exception as exc:  # malformed MIME structure or parameters raise many types in the email package
        raise InputError(f"cannot read the message body: {exc}", path=name) from exc
    if part is None:
        raise InputError("the message has no text/plain or text/html part to check", path=name)
    if not isinstance(content, str):
        raise InputError("the message body is not text", path=name)
    content = content.replace("\r\n", "\n")
    if part.get_content_subtype() == "html":
        content = _html_to_text(content)
    return content


def _html_to_text(html: str) -> str:
    from inscriptis import get_text  # imported here: only HTML mail needs it

    text: str = get_text(html)
    # inscriptis keeps layout indentation; a draft's lines should start at the margin.
    return "\n".join(line.strip() for line in text.splitlines()).strip("\n") + "\n"
