"""Split a draft's body into the parts of an email: greeting, body, closing, signature and quoted text.

Works on lines of the source text and never moves text: every part is a (start, end) range of offsets into
``Source.text``. Quoted text (``>`` lines, an "On ... wrote:" attribution and everything after it, forwarded
or "Original Message" blocks) is marked so that no rule judges it as the writer's own.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from requestlint.models import Part
from requestlint.source import Source
from requestlint.vocabulary import greeting_words, sign_off_words

_TITLE = r"(?i:mr|mrs|ms|mx|dr|prof|professor|coach|captain|pastor|rabbi|judge)"
_NAME_ONLY_GREETING = re.compile(
    rf"^\s*(({_TITLE}\.?\s+)?[A-Z][\w.'-]*(\s+[A-Z][\w.'-]*)?\s*([,:]|\s[\u2014\u2013-])|"
    rf"{_TITLE}\.?\s+[A-Z][\w.'-]*(\s+[A-Z][\w.'-]*)?)\s*$"
)


@functools.cache
def _greeting() -> re.Pattern[str]:
    return re.compile(rf"^\s*({greeting_words()})\b", re.IGNORECASE)


@functools.cache
def _sign_off() -> re.Pattern[str]:
    return re.compile(rf"^\s*({sign_off_words()})\s*([,.!-]+|\s*$)", re.IGNORECASE)


@functools.cache
def _inline_sign_off() -> re.Pattern[str]:
    """A sign-off and a name run into the end of the last paragraph ("... next Monday. Respectfully, Tessa")."""
    return re.compile(
        rf"(?:^|(?<=[.!?])\s+)(({sign_off_words()})[,!.]?)\s+([A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){{0,3}})\s*$",
        re.IGNORECASE,
    )


# A bare name at the end of the last paragraph is a sign-off: "... great weekend! - Nigella", "... time! Tom".
_TRAILING_NAME = re.compile(
    r"(?:^|(?<=[.!?)])\s*)[-\u2013\u2014]\s*([A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2})\s*$"
    r"|(?<=[.!?])\s+([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\s*$"
)
_ATTRIBUTION = re.compile(r"^\s*(on\s.{4,200}\bwrote:\s*$|.{0,80}\bwrote:\s*$)", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^\s*on\s+(mon|tue|wed|thu|fri|sat|sun|\d|[a-z]{3,9}\s+\d)", re.IGNORECASE)
_BLOCK_START = re.compile(
    r"^\s*(-{2,}\s*(original message|forwarded message)\s*-{2,}|_{10,}\s*$|begin forwarded message:)",
    re.IGNORECASE,
)
_SIG_DELIMITER = re.compile(r"^--\s*$")
_FULL_STOP = re.compile(r"(?<!\b(?:dr|mr|ms|mx|st))(?<!\bmrs)(?<!\bprof)\.(?=\s)", re.IGNORECASE)
_CONTACT = re.compile(
    r"(@|https?://|www\.|linkedin|\(\d{3}\)|\d{3}[-. ]\d{3}[-. ]\d{4}|\buniversity\b|\bcollege\b|"
    r"\bclass of\b|'\d\d\b|\|)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # exclusive, without the line break
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Structure:
    """Offsets of each part in the source text; ``None`` for a part the draft does not have."""

    subject: tuple[int, int] | None
    greeting: tuple[int, int] | None
    body: tuple[int, int] | None
    closing: tuple[int, int] | None
    signature: tuple[int, int] | None
    quoted: tuple[tuple[int, int], ...]
    own_lines: tuple[Line, ...]  # lines of the writer's own text after the headers, blank lines included
    postscript: tuple[int, int] | None = None  # a P.S. after the sign-off or signature: part of the body

    def range_of(self, part: Part) -> tuple[int, int] | None:
        """The one range that holds a part (for a body with a P.S. after the signature: the main body)."""
        if part is Part.DRAFT:
            parts = (self.subject, self.greeting, self.body, self.closing, self.signature, self.postscript)
            spans = [s for s in parts if s]
            return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
        return {
            Part.SUBJECT: self.subject,
            Part.GREETING: self.greeting,
            Part.BODY: self.body,
            Part.CLOSING: self.closing,
            Part.SIGNATURE: self.signature,
        }[part]

    def ranges_of(self, part: Part) -> list[tuple[int, int]]:
        """Every range of a part: the body is the main body and a P.S. written after the signature."""
        if part is Part.BODY:
            return [r for r in (self.body, self.postscript) if r is not None]
        bounds = self.range_of(part)
        return [] if bounds is None else [bounds]


def split_lines(text: str, start: int) -> list[Line]:
    lines = []
    pos = start
    for raw in text[start:].split("\n"):
        content = raw.rstrip("\r")
        lines.append(Line(pos, pos + len(content), content))
        pos += len(raw) + 1
    return lines


def _quoted_lines(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Separate the writer's own lines from quoted ones; a reply block runs to the end of the draft."""
    own: list[Line] = []
    quoted: list[Line] = []
    in_block = False
    for i, line in enumerate(lines):
        if not in_block:
            text = line.text
            two = text + " " + lines[i + 1].text if i + 1 < len(lines) else text
            starts_attribution = _ATTRIBUTION.match(text) or (
                _ATTRIBUTION_START.match(text) and _ATTRIBUTION.match(two) and not text.rstrip().endswith(".")
            )
            if _BLOCK_START.match(text) or starts_attribution or _is_outlook_header(lines, i):
                in_block = True
        if in_block or line.text.lstrip().startswith(">"):
            quoted.append(line)
        else:
            own.append(line)
    return own, quoted


def _is_outlook_header(lines: list[Line], i: int) -> bool:
    """Outlook quotes a reply as a 'From:' line followed by 'Sent:' or 'Date:' within two lines."""
    if not re.match(r"^\s*from:\s*\S", lines[i].text, re.IGNORECASE):
        return False
    following = " ".join(line.text for line in lines[i + 1 : i + 3])
    return bool(re.search(r"\b(sent|date):", following, re.IGNORECASE))


def _word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9']+", text))


def _find_greeting(own: list[Line]) -> tuple[int, int] | None:
    first = next((line for line in own if not line.blank), None)
    if first is None:
        return None
    text = first.text
    if _greeting().match(text):
        # "Hi Priya, I enjoyed your talk..." keeps the sentence after the comma in the body; so does
        # "Hi. I'm a former reporter..." (a full stop, but not the one of "Dr." or "Ms.").
        cuts = [m for m in (re.search(r"[,:!?\u2014]+|\s[-\u2013]\s", text), _FULL_STOP.search(text)) if m]
        cut = min(cuts, key=lambda m: m.start()) if cuts else None
        if cut and _word_count(text[cut.end() :]) >= 3:
            return first.start, first.start + len(text[: cut.end()].rstrip())
        return first.start, first.start + len(text.rstrip())
    if _NAME_ONLY_GREETING.match(text):
        return first.start, first.start + len(text.rstrip())
    return None


def _find_closing(
    own: list[Line], body_from: int, signature_follows: bool = False
) -> tuple[tuple[int, int] | None, int | None]:
    """Return the closing's range and where the signature starts (None when there is no signature).

    ``signature_follows``: a "-- " signature comes after ``own``, so a closing line may be the last line.
    """
    candidates = [line for line in own if line.start >= body_from and not line.blank]
    tail = candidates[-10:]
    for index in range(len(tail) - 1, -1, -1):
        line = tail[index]
        trailing = tail[index + 1 :]
        match = _sign_off().match(line.text) or _comma_sign_off(line, trailing, signature_follows)
        if not match:
            continue
        rest = line.text[match.end() :].strip()
        words = _word_count(line.text)
        if rest and _word_count(rest) <= 4 and not rest.endswith((".", "?")):
            # "Best, Sam" on one line: the name is the signature.
            sign_start = line.start + line.text.index(rest, match.end())
            return (line.start, line.start + match.end()), sign_start
        if rest and words > 7:
            continue  # "Thanks for your time and for considering this." is a sentence of the body
        if trailing and any(_word_count(t.text) > 12 for t in trailing):
            continue  # a sign-off is followed by a short signature, not more paragraphs
        end = line.start + len(line.text.rstrip())
        return (line.start, end), (trailing[0].start if trailing else None)
    return None, None


_SHORT_COMMA_LINE = re.compile(r"^\s*[^\W\d][^.?!:;]{0,50},\s*$")


@functools.cache
def _thanks_line() -> re.Pattern[str]:
    """A closing sentence that starts like a sign-off: "Thank you for your time.", "Looking forward to it!"."""
    return re.compile(
        rf"^\s*({sign_off_words()}|thank|appreciate\w*|grateful|looking forward|i look forward|warm|kind)\b"
        r"[^?]{0,70}[.!,]?\s*$",
        re.IGNORECASE,
    )


def _comma_sign_off(line: Line, trailing: list[Line], signature_follows: bool = False) -> re.Match[str] | None:
    """A short closing line just above a short signature: "Muchas gracias," or "Thank you for your time."."""
    if not (trailing or signature_follows) or len(trailing) > 6 or any(_word_count(t.text) > 10 for t in trailing):
        return None
    if _word_count(line.text) <= 6 and (match := _SHORT_COMMA_LINE.match(line.text)):
        return match
    if _word_count(line.text) <= 10 and (match := _thanks_line().match(line.text)):
        return match
    return None


def _find_signature(own: list[Line], body_from: int) -> int | None:
    """Signature start when there is no sign-off: after a '-- ' line, or a trailing block of contact lines."""
    for line in own:
        if line.start >= body_from and _SIG_DELIMITER.match(line.text):
            return line.start
    block: list[Line] = []
    for line in reversed(own):
        if line.start < body_from:
            break
        if line.blank:
            if block:
                break
            continue
        block.insert(0, line)
    if not block or len(block) > 6 or len(block) == len([x for x in own if not x.blank and x.start >= body_from]):
        return None
    short = all(_word_count(line.text) <= 8 and not line.text.rstrip().endswith((".", "?", "!")) for line in block)
    if short and (any(_CONTACT.search(line.text) for line in block) or _word_count(block[0].text) <= 3):
        return block[0].start
    return None


def _inline_closing(own: list[Line], body_from: int) -> tuple[tuple[int, int], int] | None:
    """A sign-off and name run into the end of the last paragraph: "... next Monday. Respectfully, Tessa Varga"."""
    last = next((line for line in reversed(own) if not line.blank), None)
    if last is None or last.end <= body_from:
        return None
    match = _inline_sign_off().search(last.text)
    if match is None or match.start(1) == 0 or last.start + match.start(1) <= body_from:
        return None
    return (last.start + match.start(1), last.start + match.end(1)), last.start + match.start(3)


def _trailing_name(own: list[Line], body_from: int) -> int | None:
    """Where a trailing "- Name" or ". Name" starts on the last line of a note with no separate signature line."""
    last = next((line for line in reversed(own) if not line.blank), None)
    if last is None or last.end <= body_from:
        return None
    match = _TRAILING_NAME.search(last.text)
    if match is None or match.start() == 0 or last.start + match.start() <= body_from:
        return None
    name = match.group(1) or match.group(2)
    if _sign_off().match(name) or _greeting().match(name):
        return None  # "... at 3pm. Thanks" ends on a sign-off word, not on a name
    return last.start + match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))


_POSTSCRIPT = re.compile(r"^\s*p\.?\s?p?\.?\s?s\b\.?", re.IGNORECASE)


def _split_postscript(own: list[Line], body_from: int) -> tuple[list[Line], Line | None]:
    """The lines before a P.S. that follows the body, and the P.S.'s first line (None when there is none)."""
    seen_body = False
    for index, line in enumerate(own):
        if line.start < body_from or line.blank:
            continue
        if seen_body and _POSTSCRIPT.match(line.text):
            return own[:index], line
        seen_body = True
    return own, None


def analyse_structure(source: Source) -> Structure:
    lines = split_lines(source.text, source.body_start)
    all_own, quoted = _quoted_lines(lines)
    greeting = _find_greeting(all_own)
    body_from = greeting[1] if greeting else (all_own[0].start if all_own else source.body_start)
    # A P.S. after the sign-off and name is part of the body; the closing is looked for above it.
    own, postscript_line = _split_postscript(all_own, body_from)
    delimiter = next((line for line in own if line.start >= body_from and _SIG_DELIMITER.match(line.text)), None)
    before_delimiter = [line for line in own if delimiter is None or line.start < delimiter.start]
    closing, signature_start = _find_closing(before_delimiter, body_from, signature_follows=delimiter is not None)
    if closing is not None and signature_start is None and delimiter is not None:
        signature_start = delimiter.start
    if closing is None:
        inline = _inline_closing(own, body_from)
        if inline is not None:
            closing, signature_start = inline
    if closing is None:
        signature_start = _find_signature(own, body_from)
    if closing is None and signature_start is None:
        signature_start = _trailing_name(own, body_from)
    own_text_end = max((line.end for line in own if not line.blank), default=body_from)
    postscript = None
    if postscript_line is not None:
        ps_end = max(line.end for line in all_own if not line.blank)
        if closing is None and signature_start is None:
            own_text_end = ps_end  # no sign-off above it: the P.S. simply continues the body
        else:
            postscript = _trim(source.text, postscript_line.start, ps_end)
    body_end = closing[0] if closing else (signature_start if signature_start is not None else own_text_end)
    body = _trim(source.text, body_from, body_end)
    signature = _trim(source.text, signature_start, own_text_end) if signature_start is not None else None
    subject = None
    if source.subject_start is not None and source.subject_end is not None:
        subject = (source.subject_start, source.subject_end)
    return Structure(
        subject=subject,
        greeting=greeting,
        body=body,
        closing=closing,
        signature=signature,
        quoted=tuple(_merge(quoted)),
        own_lines=tuple(all_own),
        postscript=postscript,
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _merge(lines: list[Line]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for line in lines:
        if ranges and line.start <= ranges[-1][1] + 2:
            ranges[-1] = (ranges[-1][0], line.end)
        else:
            ranges.append((line.start, line.end))
    return ranges
