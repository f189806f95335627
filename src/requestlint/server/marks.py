"""Where the drafting page shows each finding, and the one-click fix it may offer.

A finding over text is marked on its span; one about something missing is anchored on the sentence where the
move belongs, exactly as the LanguageTool API anchors it (``matches.place``), and says whether the move goes
before or after that sentence (the page shows a pin there). Offsets are in UTF-16 code units, what a
browser's strings count.

The fix is the finding's safe typed edit (``requestlint.edits``): a word swapped, an emoji deleted, a greeting
line, a subject or a sign-off written. Content edits (a new ask, background, a next step) are not offered for
one click: the page shows them as the suggestion.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from requestlint.models import Edit, Report
from requestlint.server.annotation import Utf16
from requestlint.server.matches import Placed, belongs_at_end, place


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
        fix = _safe_edit(placed)
        out.append(
            Mark(
                finding=index,
                offset=offset,
                length=length,
                anchored=placed.anchored,
                belongs=("after" if belongs_at_end(finding, report.parts) else "before") if placed.anchored else None,
                fix=None if fix is None else _in_units(units, fix),
            )
        )
    return out


def safe_fixes(report: Report, text: str) -> list[Fix]:
    """Every safe edit of the report in UTF-16 units, each once, in report order."""
    units = Utf16(text)
    seen: set[tuple[int, int, str]] = set()
    out: list[Fix] = []
    for finding in report.findings:
        for edit in finding.suggestion.edits:
            if edit.safe and (edit.start, edit.end, edit.text) not in seen:
                seen.add((edit.start, edit.end, edit.text))
                out.append(_in_units(units, edit))
    return out


def _in_units(units: Utf16, edit: Edit) -> Fix:
    offset, length = units.span(edit.start, edit.end)
    return Fix(offset=offset, length=length, text=edit.text)


def _safe_edit(placed: Placed) -> Edit | None:
    if placed.edit is not None:
        return placed.edit
    if placed.anchored and placed.finding.span is None:  # something missing, written in from the draft's facts
        return next((e for e in placed.finding.suggestion.edits if e.safe), None)
    return None
