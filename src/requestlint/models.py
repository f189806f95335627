"""Output models: what ``check()`` returns. The JSON form of these models is the public report schema."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class DraftKind(StrEnum):
    REQUEST = "request"
    FOLLOW_UP = "follow-up"
    THANK_YOU = "thank-you"
    OTHER = "other"


class Part(StrEnum):
    """Parts of an email a rule can target (its ``scope``)."""

    SUBJECT = "subject"
    GREETING = "greeting"
    BODY = "body"
    CLOSING = "closing"
    SIGNATURE = "signature"
    DRAFT = "draft"  # everything the writer wrote: subject, greeting, body, closing, signature


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """Where a finding sits in the original input (character offsets, end exclusive; 1-based line/column)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    column: int = Field(ge=1)


class Edit(_Frozen):
    """One change to the draft that corrects its finding: replace ``start:end`` of the input with ``text``.

    Offsets are those of ``Span`` (the original input). A deletion has an empty ``text``; an insertion has
    ``start == end``. ``op`` says what the edit does, for tools that show it; applying one is always the same.
    """

    op: Literal["replace", "delete", "insert", "set-subject"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    safe: bool = Field(
        description="True for wording that keeps the draft's content (a greeting, text-speak, an emoji, a subject): "
        "`requestlint fix` applies it by default; content edits (an ask, background, a next step) need "
        "--unsafe-fixes"
    )


class Suggestion(_Frozen):
    """The corrected pitfall: one-line principle, replacement text built from the draft when possible, and the
    edits that apply it (none when the replacement has blanks for the writer to fill, or is not text to insert)."""

    principle: str
    replacement: str | None = None
    edits: list[Edit] = Field(default_factory=list)


class Finding(_Frozen):
    code: str
    name: str
    pitfall: str = Field(description="A pitfall id or another category (length, readability, ...)")
    severity: Severity
    message: str
    scope: Part
    span: Span | None = Field(description="None when the finding is about something missing")
    match: str | None = None
    suggestion: Suggestion
    weight: float = Field(description="Points this finding takes off the score")

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    @property
    def column(self) -> int | None:
        return self.span.column if self.span else None


class PitfallResult(_Frozen):
    applies: bool = Field(default=True, description="False when the pitfall does not apply to this draft's kind")
    present: bool = Field(description="True when a finding for it has severity warning or error")
    score: float = Field(ge=0, le=100)
    codes: list[str] = Field(description="Codes of the rules that found it")


class PartSpan(_Frozen):
    """One recognised part of the draft (for tools that want to highlight the structure)."""

    part: Part
    start: int
    end: int


class GrammarStatus(_Frozen):
    """Whether grammar and spelling checks (LanguageTool) ran for this report."""

    state: Literal["ok", "off", "unavailable"]
    detail: str | None = None
    server: str | None = None


class Report(_Frozen):
    schema_version: str = SCHEMA_VERSION
    requestlint_version: str
    source: str | None = Field(default=None, description="File name, '-' for stdin, or None")
    kind: DraftKind
    kind_confidence: float = Field(
        default=1.0, ge=0, le=1, description="How likely the recognised kind is (1.0 when it was forced)"
    )
    kind_overridden: bool = False
    score: float = Field(ge=0, le=100)
    pitfalls: dict[str, PitfallResult]
    findings: list[Finding]
    parts: list[PartSpan]
    rules_run: list[str] = Field(description="Codes of the rules that ran on this draft (those for its kind)")
    grammar: GrammarStatus = Field(default_factory=lambda: GrammarStatus(state="off"))
    notes: list[str] = Field(default_factory=list, description="Things the user should know, e.g. skipped checks")

    def at_or_above(self, level: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= level.rank]
