"""requestlint findings as LanguageTool matches.

- ``rule.id`` is the requestlint code (``TON03``) and ``rule.category.id`` the pitfall in upper snake case
  (``INFORMAL_TONE``). Findings that came from a real LanguageTool server (code ``LT-<id>``) keep
  LanguageTool's rule id and category, so clients treat them as they treat LanguageTool's own.
- A finding about something missing has no span; clients only show matches over text, so it is anchored
  where the missing thing belongs: the first sentence of the part it is about (the body, for missing
  background), the last sentence of the draft for a missing closing or signature or for a category whose
  registry entry says ``missing_at: end`` (a next step belongs at the end), otherwise the first sentence of
  the draft. Its suggested text goes into the message, not into ``replacements``: applying a replacement
  would overwrite the anchor.
- ``issueType``: ``omission`` for something missing, ``style`` for hints (info findings; clients show these as
  style hints), otherwise the category's ``issue_type`` in the registry (``register`` for informal tone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from requestlint.models import Edit, Finding, Part, PartSpan, Severity
from requestlint.pitfalls import registry
from requestlint.schema import RuleSpec
from requestlint.server import languagetool_models as lt
from requestlint.server.annotation import AnnotatedText, Utf16

LANGUAGETOOL_PREFIX = "LT-"
CONTEXT_CHARS = 40  # LanguageTool's context size either side of a match
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
# grammar.py writes the LanguageTool category into the principle of the findings it makes.
_LT_CATEGORY = re.compile(r"^LanguageTool \(([a-z_]+)\):")
# LanguageTool's names and issue types of the categories requestlint maps (grammar.CATEGORY_MAP).
_LT_CATEGORIES: dict[str, tuple[str, str]] = {
    "TYPOS": ("Possible Typo", "misspelling"),
    "GRAMMAR": ("Grammar", "grammar"),
    "CONFUSED_WORDS": ("Commonly Confused Words", "grammar"),
    "SEMANTICS": ("Semantics", "inconsistency"),
    "COLLOQUIALISMS": ("Colloquialisms", "style"),
    "CASING": ("Capitalization", "typographical"),
    "PUNCTUATION": ("Punctuation", "typographical"),
    "TYPOGRAPHY": ("Typography", "typographical"),
    "REDUNDANCY": ("Redundant Phrases", "style"),
    "STYLE": ("Style", "style"),
    "MISC": ("Miscellaneous", "uncategorized"),
}


@dataclass(frozen=True)
class Placed:
    """A finding with its span in the checked (plain) text; ``anchored`` when it is about something missing;
    ``edit`` the finding's safe edit when it covers the span (the span is then the edit's, so that a client that
    applies the replacement to the span applies exactly that edit)."""

    finding: Finding
    start: int
    end: int
    anchored: bool
    edit: Edit | None = None

    @property
    def from_languagetool(self) -> bool:
        return self.finding.code.startswith(LANGUAGETOOL_PREFIX)

    @property
    def rule_id(self) -> str:
        code = self.finding.code
        return code[len(LANGUAGETOOL_PREFIX) :] if self.from_languagetool else code

    @property
    def category_id(self) -> str:
        if self.from_languagetool:
            found = _LT_CATEGORY.match(self.finding.suggestion.principle)
            if found:
                return found.group(1).upper()
        return self.finding.pitfall.upper().replace("-", "_")

    @property
    def hint(self) -> bool:
        """requestlint's own info findings: hints, shown at ``level=picky`` or when enabled by id."""
        return self.finding.severity is Severity.INFO and not self.from_languagetool


def place(finding: Finding, text: str, parts: list[PartSpan]) -> Placed:
    span = finding.span
    # A span whose text differs from the match refers to a decoded message, not to what the client sent.
    if span is not None and text[span.start : span.end] == finding.match:
        edit = next((e for e in finding.suggestion.edits if e.safe and e.start <= span.start < span.end <= e.end), None)
        if edit is not None:
            return Placed(finding, edit.start, edit.end, anchored=False, edit=edit)
        return Placed(finding, span.start, span.end, anchored=False)
    start, end = _anchor(finding, text, parts)
    return Placed(finding, start, end, anchored=True)


def _anchor(finding: Finding, text: str, parts: list[PartSpan]) -> tuple[int, int]:
    bounds = {p.part: (p.start, p.end) for p in parts}
    if finding.scope in bounds:
        return _first_sentence(text, *bounds[finding.scope])
    if belongs_at_end(finding, parts):
        return _last_sentence(text, 0, len(text))
    return _first_sentence(text, 0, len(text))


def belongs_at_end(finding: Finding, parts: list[PartSpan]) -> bool:
    """Whether something missing belongs after its anchor (a sign-off, a next step), not before it."""
    if finding.scope in {p.part for p in parts}:
        return False
    return finding.scope in (Part.CLOSING, Part.SIGNATURE) or registry().get(finding.pitfall).missing_at == "end"


def _first_sentence(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    line_end = text.find("\n", lo, hi)
    line_end = hi if line_end < 0 else line_end
    found = _SENTENCE_END.search(text, lo, line_end)
    end = found.end() if found else line_end
    while end > lo and text[end - 1].isspace():
        end -= 1
    return lo, end


def _last_sentence(text: str, lo: int, hi: int) -> tuple[int, int]:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    start = max(lo, text.rfind("\n", lo, hi) + 1)
    for found in _SENTENCE_END.finditer(text, start, hi):
        if found.end() < hi:
            start = found.end()
    while start < hi and text[start].isspace():
        start += 1
    return start, hi


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence (at most the line) around a span."""
    lo = text.rfind("\n", 0, start) + 1
    for before in _SENTENCE_END.finditer(text, lo, start):
        lo = before.end()
    line_end = text.find("\n", end)
    hi = len(text) if line_end < 0 else line_end
    after = _SENTENCE_END.search(text, max(lo, end - 1), hi) if end > lo else None
    return text[lo : after.end() if after else hi].strip()


def context_of(text: str, start: int, end: int) -> lt.Context:
    """LanguageTool's context: the match and up to 40 characters either side, on one line, '...' at cuts."""
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    prefix, suffix = ("..." if lo > 0 else ""), ("..." if hi < len(text) else "")
    body = re.sub(r"[\r\n]", " ", text[lo:hi])
    snippet = f"{prefix}{body}{suffix}"
    offset, length = Utf16(snippet).span(len(prefix) + start - lo, len(prefix) + end - lo)
    return lt.Context(text=snippet, offset=offset, length=length)


def _message(placed: Placed) -> str:
    finding = placed.finding
    if placed.from_languagetool:
        return finding.message
    parts = [_sentence(finding.message), _sentence(finding.suggestion.principle)]
    suggested = finding.suggestion.replacement
    if suggested and _is_instruction(suggested):
        parts.append(suggested)
    elif suggested and placed.edit is None:  # not a replacement of the match: the wording is advice
        parts.append(f"For example: “{suggested}”")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


def _is_instruction(replacement: str) -> bool:
    return replacement.startswith("(") and replacement.endswith(")")


def _replacements(placed: Placed) -> list[lt.Replacement]:
    """The safe edit's text, which replaces exactly the match (a deletion is an empty replacement); a content edit
    (a new sentence, an ask) is advice in the message, never a one-click replacement."""
    return [lt.Replacement(value=placed.edit.text)] if placed.edit is not None else []


def _rule(placed: Placed, rules: dict[str, RuleSpec]) -> lt.Rule:
    category = placed.category_id
    if placed.from_languagetool:
        name, issue = _LT_CATEGORIES.get(category, (category.replace("_", " ").title(), "uncategorized"))
        return lt.Rule(
            id=placed.rule_id,
            description=placed.finding.message,
            issueType=issue,
            category=lt.Category(id=category, name=name),
        )
    finding = placed.finding
    if placed.anchored:
        issue = "omission"
    elif placed.hint:
        issue = "style"
    else:
        issue = registry().get(finding.pitfall).issue_type
    spec = rules.get(finding.code)
    return lt.Rule(
        id=finding.code,
        description=spec.short if spec else finding.name,
        issueType=issue,
        category=lt.Category(id=category, name=finding.pitfall.replace("-", " ").capitalize()),
    )


def to_match(placed: Placed, annotated: AnnotatedText, original: Utf16, rules: dict[str, RuleSpec]) -> lt.Match:
    """One LanguageTool match; ``offset``/``length`` in UTF-16 code units of the client's original text."""
    plain = annotated.plain
    offset, length = original.span(*annotated.to_original(placed.start, placed.end))
    spec = rules.get(placed.finding.code)
    if placed.from_languagetool:
        type_name = "UnknownWord" if placed.category_id == "TYPOS" else "Other"
    else:
        type_name = "Hint" if placed.hint else "Other"
    return lt.Match(
        message=_message(placed),
        shortMessage=spec.short if spec else "",
        replacements=_replacements(placed),
        offset=offset,
        length=length,
        context=context_of(plain, placed.start, placed.end),
        sentence=sentence_of(plain, placed.start, placed.end),
        type=lt.MatchType(typeName=type_name),
        rule=_rule(placed, rules),
    )
