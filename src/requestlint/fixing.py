"""``fix(draft)``: apply the findings' typed edits and check the result, as ``ruff --fix`` does for code.

Safe edits (a greeting, text-speak, an emoji, a subject, a sign-off) are applied by default; content edits (a
new ask, a background sentence, an owned next step) only with ``unsafe=True``. Where two edits overlap, the
one of the more severe finding wins, then the earlier in the report. The result is checked again: if the edits
together would add a finding (a count of some rule's findings going up) or put a word twice in a row, each is
tried alone, from the end of the draft backwards, and one that does is left out. Text no edit touches is kept
as it is, line endings included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field

from requestlint.api import Draft, as_source, check
from requestlint.config import Settings
from requestlint.edits import apply_edits, doubled_words
from requestlint.errors import InputError
from requestlint.models import DraftKind, Edit, Report


class AppliedEdit(BaseModel):
    code: str = Field(description="The rule whose finding the edit corrects")
    edit: Edit


class FixResult(BaseModel):
    text: str = Field(description="The corrected draft (the input's text when nothing was applied)")
    applied: list[AppliedEdit]
    left_out: list[AppliedEdit] = Field(
        description="Edits not applied: they overlapped another, added a finding, or doubled a word"
    )
    unsafe_available: int = Field(description="Content edits offered but not tried: unsafe fixes were not asked for")
    before: Report
    after: Report


def fix(
    draft: Draft,
    *,
    unsafe: bool = False,
    settings: Settings | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    kind: DraftKind | str | None = None,
    name: str | None = None,
) -> FixResult:
    """The draft with its findings' edits applied (safe ones; content ones too with ``unsafe``), checked again."""
    source = as_source(draft, name)
    if source.decoded:
        raise InputError(
            "the body is encoded in the message (base64 or quoted-printable): requestlint cannot edit it in place",
            path=source.name,
        )

    def recheck(draft: Draft) -> Report:
        return check(draft, settings=settings, select=select, ignore=ignore, kind=kind, name=source.name)

    before = recheck(source)
    chosen, overlapping = _choose(_candidates(before, unsafe))
    unsafe_available = 0 if unsafe else sum(not c.edit.safe for c in _candidates(before, True))
    text, after = source.text, before
    whole = apply_edits(text, [c.edit for c in chosen]) if chosen else text
    whole_report = recheck(whole) if chosen else before
    if not _adds_a_finding(before, whole_report) and not _doubles_a_word(text, whole):
        return FixResult(
            text=whole,
            applied=chosen,
            left_out=overlapping,
            unsafe_available=unsafe_available,
            before=before,
            after=whole_report,
        )
    applied: list[AppliedEdit] = []
    left_out = list(overlapping)
    # last first, so earlier offsets stay valid (and an insertion at a replacement's start goes in after it)
    for candidate in sorted(chosen, key=lambda c: (c.edit.start, c.edit.end), reverse=True):
        trial = apply_edits(text, [candidate.edit])
        trial_report = recheck(trial)
        if _adds_a_finding(after, trial_report) or _doubles_a_word(text, trial):
            left_out.append(candidate)
            continue
        text, after = trial, trial_report
        applied.append(candidate)
    return FixResult(
        text=text,
        applied=sorted(applied, key=lambda c: c.edit.start),
        left_out=left_out,
        unsafe_available=unsafe_available,
        before=before,
        after=after,
    )


def _candidates(report: Report, unsafe: bool) -> list[AppliedEdit]:
    """Every edit on offer, those of errors first, then warnings, then hints (an overlap keeps the first)."""
    findings = sorted(report.findings, key=lambda f: -f.severity.rank)  # stable: report order within a severity
    return [
        AppliedEdit(code=finding.code, edit=edit)
        for finding in findings
        for edit in finding.suggestion.edits
        if edit.safe or unsafe
    ]


def _choose(candidates: Iterable[AppliedEdit]) -> tuple[list[AppliedEdit], list[AppliedEdit]]:
    """The edits to apply (the first of each overlapping group, in the candidates' order) and those left out."""
    chosen: list[AppliedEdit] = []
    left_out: list[AppliedEdit] = []
    seen: set[tuple[int, int, str]] = set()
    for candidate in candidates:
        edit = candidate.edit
        key = (edit.start, edit.end, edit.text)
        if key in seen:
            continue  # two findings on one span offering the same edit: one edit
        seen.add(key)
        if any(_overlaps(edit, other.edit) for other in chosen):
            left_out.append(candidate)
        else:
            chosen.append(candidate)
    return chosen, left_out


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:  # two insertions at one point: which text comes first is a guess
        return a.start == b.start
    if a.start == a.end or b.start == b.end:  # an insertion clashes only with an edit around its point; at either
        return (b.start < a.start < b.end) or (a.start < b.start < a.end)  # end it goes before or after it
    return a.start < b.end and b.start < a.end


def _doubles_a_word(before: str, after: str) -> bool:
    """Two edits side by side can double a word that neither doubles alone ("pls lmk" -> "please please tell me")."""
    return bool(doubled_words(after) - doubled_words(before))


def _adds_a_finding(before: Report, after: Report) -> bool:
    counts_before = Counter(f.code for f in before.findings)
    return any(count > counts_before[code] for code, count in Counter(f.code for f in after.findings).items())
