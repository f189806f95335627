"""Where the drafting page shows each finding, and the one-click fixes it may offer.

A finding over text is marked on its span; one about something missing is anchored on the sentence where the
move belongs, exactly as the LanguageTool API anchors it (``matches.place``), and says whether the move goes
before or after that sentence (the page shows a pin there). Offsets are in UTF-16 code units, what a
browser's strings count.

A fix is offered only when applying it to the span alone leaves a correct draft: a deletion ("(remove
'🙂')"), a whole subject line replaced, or a word swapped for a word ("u" -> "you", "i" -> "I"). A sentence
suggested for a short span ("lmk" -> "I will call your office ...") or a greeting that would keep the name
twice is advice, shown as text, never applied. (Typed edits on findings will replace this reading of the
suggestion text.)
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from requestlint.models import Part, PartSpan, Report
from requestlint.server.annotation import Utf16
from requestlint.server.matches import Placed, belongs_at_end, place

WORD_SWAP_WORDS = 3
"""Longest match and replacement (in words) read as a word swap."""
_SENTENCE_MARKS = re.compile(r"[.,;:!?\[\]{}]")


class Fix(BaseModel):
    offset: int = Field(description="UTF-16 code units from the start of the draft")
    length: int
    text: str = Field(description="What replaces the span (empty: delete it)")


class Mark(BaseModel):
    finding: int = Field(description="Index of the finding in report.findings")
    offset: int = Field(description="UTF-16 code units from the start of the draft")
    length: int
    anchored: bool = Field(description="About something missing: the span is the sentence it is anchored on")
    belongs: Literal["before", "after"] | None = Field(
        default=None, description="For something missing: whether it belongs before or after its anchor sentence"
    )
    fix: Fix | None = Field(default=None, description="An edit that corrects exactly this finding, if one is safe")


def marks(report: Report, text: str) -> list[Mark]:
    """One mark per finding of ``report`` (checked on ``text``), in the report's order."""
    units = Utf16(text)
    out: list[Mark] = []
    for index, finding in enumerate(report.findings):
        placed = place(finding, text, report.parts)
        offset, length = units.span(placed.start, placed.end)
        fix = _fix(placed, text, report.parts)
        out.append(
            Mark(
                finding=index,
                offset=offset,
                length=length,
                anchored=placed.anchored,
                belongs=("after" if belongs_at_end(finding, report.parts) else "before") if placed.anchored else None,
                fix=None if fix is None else _in_units(units, *fix),
            )
        )
    return out


def _in_units(units: Utf16, start: int, end: int, replacement: str) -> Fix:
    offset, length = units.span(start, end)
    return Fix(offset=offset, length=length, text=replacement)


def _fix(placed: Placed, text: str, parts: list[PartSpan]) -> tuple[int, int, str] | None:
    suggested = placed.finding.suggestion.replacement
    if placed.anchored or placed.from_languagetool or suggested is None:
        return None
    start, end = placed.start, placed.end
    if suggested.startswith("(remove ") and suggested.endswith(")"):
        return _deletion(text, start, end)
    if suggested.startswith("(") or "{" in suggested or "[" in suggested:
        return None  # an instruction, or a template with blanks for the writer to fill
    subject = next((p for p in parts if p.part is Part.SUBJECT), None)
    if subject is not None and text[subject.start : subject.end].strip() == text[start:end].strip():
        return start, end, suggested  # the whole subject line rewritten
    if _is_word(text[start:end]) and _is_word(suggested):
        return start, end, suggested
    return None


def _is_word(text: str) -> bool:
    return 0 < len(text.split()) <= WORD_SWAP_WORDS and not _SENTENCE_MARKS.search(text)


def _deletion(text: str, start: int, end: int) -> tuple[int, int, str]:
    """Delete the span, and one space beside it so that no double space or space before a stop is left."""
    if start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " \n.,!?;:"):
        start -= 1
    elif end < len(text) and text[end] == " " and (start == 0 or text[start - 1] == "\n"):
        end += 1
    return start, end, ""
