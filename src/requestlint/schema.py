"""Input models: the rule file format and the cases file format, validated strictly.

Every model forbids unknown keys, so a misspelt key is a load error naming the file and the line. The JSON
Schema that ``requestlint schema`` prints is generated from these models, never written by hand.
"""

from __future__ import annotations

import string
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from requestlint.models import DraftKind, Part, Severity
from requestlint.pitfalls import CATEGORIES

MESSAGE_FIELDS = frozenset({"match", "value", "min", "max", "replacement"})
"""Placeholders a rule ``message`` may use."""

FACT_FIELDS = frozenset(
    {
        "school",
        "study",
        "field",
        "role",
        "recipient",
        "writer",
        "topic",
        "earlier",
        "subject_topic",
        "next_call",
        "follow_up_call",
        "match",
        "replacement",
    }
)
"""Placeholders a suggestion replacement may use; facts come from the draft itself (see facts.py)."""


def _known_category(category: str) -> str:
    if category not in CATEGORIES:
        raise ValueError(f"unknown pitfall or category {category!r}; known: {', '.join(CATEGORIES)}")
    return category


Category = Annotated[
    str,
    AfterValidator(_known_category),
    WithJsonSchema({"type": "string", "enum": list(CATEGORIES)}),
]
"""A pitfall or category id from the registry (rules/_pitfalls.yml)."""

TokenPattern = list[dict[str, Any]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_template(template: str, known: frozenset[str]) -> str:
    """Allow plain ``{name}`` placeholders only: a format spec such as ``{match:>999999999}`` can make one finding
    take gigabytes, and a conversion, an index or a bare ``{}`` is no placeholder a rule can fill."""
    unknown: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(template):  # ValueError for a stray brace
        if name is None:
            continue
        if spec or conversion:
            shown = f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            raise ValueError(f"placeholder {shown} has a format spec or conversion; write {{{name}}}")
        if name not in known:
            unknown.add(f"{{{name}}}")
    if unknown:
        raise ValueError(f"unknown placeholder(s) {sorted(unknown)}; known: {sorted(known)}")
    return template


class PhraseMatch(_Strict):
    """Literal phrases, matched token by token on the lower-cased text (or on lemmas)."""

    phrases: list[str] = Field(min_length=1)
    attr: Literal["LOWER", "LEMMA", "ORTH"] = "LOWER"
    scope: Part | None = Field(default=None, description="Search this part instead of the rule's scope")


class PatternMatch(_Strict):
    """spaCy Matcher token patterns (https://spacy.io/usage/rule-based-matching), validated at load."""

    patterns: list[TokenPattern] = Field(min_length=1)
    scope: Part | None = None


class DependencyMatch(_Strict):
    """spaCy DependencyMatcher patterns (RIGHT_ID, RIGHT_ATTRS, LEFT_ID, REL_OP)."""

    dependency: list[TokenPattern] = Field(min_length=1)
    scope: Part | None = None


class MoveRef(_Strict):
    """A named, shared set of matchers from ``rules/_moves/<name>.yml`` (e.g. the ways a writer asks)."""

    move: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    scope: Part | None = None


class AllMatch(_Strict):
    """Matches in one sentence that also has a match of every other listed matcher (e.g. an ask and a job).

    The reported match is that of the first matcher; the sentence is the parser's.
    """

    all: list[Matcher] = Field(min_length=2)
    scope: Part | None = None


Matcher = PhraseMatch | PatternMatch | DependencyMatch | MoveRef | AllMatch
AllMatch.model_rebuild()


class MoveFile(_Strict):
    """A move: one thing a writer can do in an email, recognised by any of its matchers."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Equals the file name")
    description: str
    match: list[PhraseMatch | PatternMatch | DependencyMatch | AllMatch] = Field(min_length=1)


class PartVocabulary(_Strict):
    """Words that open one part of an email (``rules/_vocab/<name>.yml``), professional and casual."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Equals the file name")
    description: str
    formal: list[str] = Field(min_length=1)
    casual: list[str] = Field(default_factory=list)


class KindFeature(_Strict):
    """One feature of the kind classifier: whether a move matches in one part of the draft."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    move: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    where: Literal["own", "opening", "subject"]
    makes_request: bool = Field(
        default=False,
        description="A draft in the genre with this feature is never read as 'other': it asks a stranger for "
        "something only a request asks for (advice, a job)",
    )
    marks_follow_up: bool = Field(
        default=False,
        description="A follow-up refers to an earlier message: without a feature marked so (or a reply subject, or "
        "quoted text) a draft is not read as one",
    )
    makes_follow_up: bool = Field(
        default=False,
        description="The writer says they wrote to this reader before: a draft read as a request, or as 'other' "
        "while asking, is a follow-up",
    )
    keeps_other: bool = Field(
        default=False,
        description="With this feature the makes_request features decide nothing (a connection note that hopes "
        "to keep learning from the reader is still a connection note)",
    )


class KindFeaturesFile(_Strict):
    """``rules/_kinds/features.yml``: the cues the kind classifier reads, as data."""

    description: str
    features: list[KindFeature] = Field(min_length=1)


class GenreModel(_Strict):
    """Is the email in the genre at all? Cue features plus the words of ``vocabulary`` (present or not)."""

    vocabulary: list[str] = Field(description="Lower-cased words, each one feature after the cue features")
    weights: list[list[float]] = Field(description="Two rows (in the genre, outside it), one weight per feature")
    bias: list[float] = Field(min_length=2, max_length=2)
    threshold: float = Field(ge=0, le=1, description="Read as mail outside the genre at this probability or more")
    decisive_threshold: float = Field(
        ge=0,
        le=1,
        description="The threshold for a draft with a decisive request cue (it asks a stranger for advice or a job)",
    )
    longest_words: int = Field(ge=1, description="A draft whose own text is longer than this is outside the genre")


class KindModelFile(_Strict):
    """``rules/_kinds/model.json``: weights of the kind classifier, written by tools/train_kind_model.py."""

    classes: list[DraftKind] = Field(min_length=2)
    features: list[str] = Field(min_length=1, description="Feature names, in the order of each weight row")
    weights: list[list[float]] = Field(description="One row per class, one weight per feature")
    bias: list[float]
    request_floor: float = Field(
        ge=0,
        le=1,
        description="Read as a request or follow-up when they are this likely together, even if 'other' is likelier",
    )
    genre: GenreModel
    trained_on: str = Field(description="Which labelled drafts the weights were fitted on")

    @model_validator(mode="after")
    def _shapes(self) -> KindModelFile:
        if len(self.weights) != len(self.classes) or len(self.bias) != len(self.classes):
            raise ValueError("weights and bias need one row per class")
        if any(len(row) != len(self.features) for row in self.weights):
            raise ValueError("each weight row needs one weight per feature")
        width = len(self.features) + len(self.genre.vocabulary)
        if len(self.genre.weights) != 2 or any(len(row) != width for row in self.genre.weights):
            raise ValueError("the genre model needs two rows of one weight per feature and per vocabulary word")
        return self


FixKind = Literal[
    "replace-match",
    "delete-match",
    "set-subject",
    "replace-greeting",
    "add-sign-off",
    "replace-sentence",
    "insert-after-greeting",
    "add-before-closing",
    "calm-exclamations",
    "capitalise-sentences",
]
"""How a finding becomes an edit of the draft (``requestlint.edits``). Most fill the rule's replacement into the
draft; ``calm-exclamations`` and ``capitalise-sentences`` need no replacement: they correct every mark or sentence
start the rule measures in its scope. All but replace-sentence, insert-after-greeting and add-before-closing keep
what the draft says and are safe to apply unasked."""


class SuggestionSpec(_Strict):
    principle: str = Field(description="The corrected pitfall in one line, imperative")
    replacements: list[str] = Field(
        default_factory=list,
        description="Templates tried in order; the first whose placeholders the draft can fill is used",
    )
    fix: FixKind | None = Field(
        default=None,
        description="How the filled replacement edits the draft; none: the replacement is advice only",
    )

    @field_validator("replacements")
    @classmethod
    def _known_fields(cls, templates: list[str]) -> list[str]:
        return [_check_template(template, FACT_FIELDS) for template in templates]


class RuleBase(_Strict):
    code: str = Field(pattern=r"^[A-Z]{2,4}[0-9]{2}$", description="Stable short id; equals the file name")
    name: str = Field(pattern=r"^[a-z]+\.[a-z0-9-]+$", description="group.kebab-name; group = folder name")
    pitfall: Category = Field(description="The one pitfall or category this rule reports")
    severity: Severity
    scope: Part = Part.BODY
    drafts: list[DraftKind] | None = Field(
        default=None, description="Draft kinds the rule runs on; default: those its pitfall applies to"
    )
    skip_replies: bool = Field(
        default=False,
        description="Do not run on a reply in a thread (a 'Re:' or 'Fwd:' subject, or quoted text): the reader "
        "already has what the earlier message said",
    )
    message: str = Field(max_length=160)
    short: str = Field(max_length=40, description="2-4 word label for UIs")
    summary: str = Field(description="What it does, one line starting with a verb")
    why: str = Field(min_length=20, description="Why is this bad: the documented pitfall in plain words")
    known_problems: str | None = None
    references: list[str] = Field(min_length=1)
    suggestion: SuggestionSpec
    weight: float | None = Field(default=None, ge=0, description="Score points per finding; default by severity")
    limit: int = Field(default=1, ge=1, description="At most this many findings per draft")
    status: Literal["stable", "preview"] = "stable"
    aliases: list[str] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("message")
    @classmethod
    def _message_fields(cls, message: str) -> str:
        return _check_template(message, MESSAGE_FIELDS)

    @field_validator("summary")
    @classmethod
    def _one_line(cls, summary: str) -> str:
        if "\n" in summary.strip():
            raise ValueError("summary must be one line")
        return summary

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]


class PhraseRule(RuleBase):
    check: Literal["phrase"]
    phrases: list[str] = Field(min_length=1)
    attr: Literal["LOWER", "LEMMA", "ORTH"] = "LOWER"
    unless: list[Matcher] = Field(default_factory=list, description="Drop a hit whose sentence matches these")
    inside: list[Matcher] = Field(
        default_factory=list, description="Keep a hit only when its sentence matches one of these"
    )


class SwapRule(RuleBase):
    check: Literal["swap"]
    swap: dict[str, str] = Field(
        min_length=1, description="phrase -> preferred wording; an empty one means: leave the phrase out"
    )
    attr: Literal["LOWER", "ORTH"] = "LOWER"
    unless: list[Matcher] = Field(default_factory=list)
    inside: list[Matcher] = Field(default_factory=list)


class PatternRule(RuleBase):
    check: Literal["pattern"]
    patterns: list[TokenPattern] = Field(min_length=1)
    unless: list[Matcher] = Field(default_factory=list)
    inside: list[Matcher] = Field(default_factory=list)


class DependencyRule(RuleBase):
    check: Literal["dependency"]
    dependency: list[TokenPattern] = Field(min_length=1)
    unless: list[Matcher] = Field(default_factory=list)
    inside: list[Matcher] = Field(default_factory=list)


Measure = Literal[
    "characters",
    "words",
    "sentences",
    "questions",
    "exclamation_runs",
    "exclamations",
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "words_per_sentence",
    "lowercase_sentence_share",
]


class MetricRule(RuleBase):
    check: Literal["metric"]
    measure: Measure
    min: float | None = None
    max: float | None = None
    min_words: int = Field(default=0, ge=0, description="Skip drafts whose scope has fewer words")

    @model_validator(mode="after")
    def _bounded(self) -> MetricRule:
        if self.min is None and self.max is None:
            raise ValueError("a metric rule needs min, max or both")
        return self


class ElapsedRule(RuleBase):
    """Days between an event the draft mentions and its ``Date:`` header (a thank-you note's promptness)."""

    check: Literal["elapsed"]
    event: list[Matcher] = Field(min_length=1, description="Matches in the sentences that mention the event")
    min_days: int = Field(ge=1, description="Fire when the draft was sent this many calendar days after the event")


class RequireRule(RuleBase):
    """A required move: fires when none of ``require`` is found (only where ``when`` matches, if given)."""

    check: Literal["require"]
    require: list[Matcher] = Field(min_length=1)
    when: list[Matcher] = Field(default_factory=list, description="Only check drafts where one of these matches")
    unless: list[Matcher] = Field(default_factory=list, description="Skip drafts where one of these matches")
    report: Literal["trigger", "sentence", "scope"] = Field(
        default="trigger",
        description="Point the finding at the first 'when' match, its sentence, or the whole scope (e.g. the subject)",
    )
    near: Literal["scope", "paragraph"] = Field(
        default="scope",
        description="Where a required match must be: anywhere in the scope, or in the paragraph of a 'when' match",
    )

    @model_validator(mode="after")
    def _near_needs_when(self) -> RequireRule:
        if self.near != "scope" and not self.when:
            raise ValueError("'near: paragraph' needs 'when' matches to be near to")
        return self


RuleSpec = Annotated[
    PhraseRule | SwapRule | PatternRule | DependencyRule | MetricRule | RequireRule | ElapsedRule,
    Field(discriminator="check"),
]


class RuleFile(_Strict):
    """Wrapper used only to validate one rule document through the discriminated union."""

    rule: RuleSpec


class Expect(_Strict):
    match: str | None = Field(default=None, description="Some finding's matched text equals this")
    line: int | None = Field(default=None, ge=1)
    replacement: str | None = Field(default=None, description="Some finding's suggested replacement contains this")
    count: int | None = Field(default=None, ge=0, description="Exactly this many findings")
    fixed: str | None = Field(
        default=None, description="The draft with this rule's edits applied (safe and content) contains this"
    )


class Case(_Strict):
    fail: str | None = None
    pass_: str | None = Field(default=None, alias="pass")
    expect: list[Expect] = Field(default_factory=list)
    kind: DraftKind | None = Field(default=None, description="Force the draft kind")
    doc: bool = Field(default=False, description="Show this case in the rule's generated docs")
    todo: str | None = Field(default=None, description="Known gap: the case is expected to fail (xfail)")

    @model_validator(mode="after")
    def _exactly_one(self) -> Case:
        if (self.fail is None) == (self.pass_ is None):
            raise ValueError("a case has exactly one of 'pass' or 'fail'")
        if self.expect and self.fail is None:
            raise ValueError("'expect' is only allowed with 'fail'")
        return self

    @property
    def text(self) -> str:
        return self.fail if self.fail is not None else self.pass_ or ""

    @property
    def should_fire(self) -> bool:
        return self.fail is not None


class CasesFile(_Strict):
    rule: str = Field(pattern=r"^[A-Z]{2,4}[0-9]{2}$")
    cases: dict[str, Case] = Field(min_length=2)
