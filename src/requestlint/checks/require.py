"""``check: require`` — a required move: fire when the draft lacks every one of the ``require`` matches.

With ``when``, the move is required only where a trigger is present (an ask must carry a bound), and the
finding points at the trigger. Without it, the finding has no span: it is about something missing.
"""

from __future__ import annotations

import re

from spacy.language import Language

from requestlint.checks.base import Check, Hit, compile_all
from requestlint.checks.matching import Moves, sentence_bounds
from requestlint.document import Document
from requestlint.schema import RequireRule


class RequireCheck(Check):
    def __init__(self, rule: RequireRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        self.when = compile_all(rule.when, nlp, rule.scope, moves)
        self.require = compile_all(rule.require, nlp, rule.scope, moves)
        self.near = rule.near
        self.report = rule.report
        self.report_scope = rule.report == "scope"

    def own_needs(self) -> frozenset[str]:
        needs: set[str] = set()
        for matcher in (*self.when, *self.require):
            needs |= matcher.needs
        return frozenset(needs)

    def run(self, document: Document) -> list[Hit]:
        triggers: list[tuple[int, int]] = []
        for matcher in self.when:
            triggers.extend(matcher.find(document))
        if self.when and not triggers:
            return []
        if any(matcher.find(document) for matcher in self.unless):  # here ``unless`` looks at the whole scope
            return []
        if self.near == "paragraph":
            if any(self._required_near(document, trigger) for trigger in triggers):
                return []
        elif any(matcher.find(document) for matcher in self.require):
            return []
        if self.report_scope and (bounds := self.scope_bounds(document)) is not None:
            return [Hit(*bounds)]
        if triggers:
            start, end = min(triggers)
            if self.report == "sentence":
                start, end = _sentence_of(document, start, end)
            return [Hit(start, end)]
        return [Hit()]

    def _required_near(self, document: Document, trigger: tuple[int, int]) -> bool:
        """A required match in the same paragraph (text between blank lines) as the trigger."""
        lo, hi = paragraph_around(document.source.text, trigger)
        for matcher in self.require:
            scope = document.structure.range_of(matcher.scope)
            if scope is None:
                continue
            # A subject line is its own paragraph: a bound stated there counts wherever the ask is.
            bounds = scope if matcher.scope.value == "subject" else (max(lo, scope[0]), min(hi, scope[1]))
            if bounds[0] < bounds[1] and matcher.find(document, bounds):
                return True
        return False


def _sentence_of(document: Document, start: int, end: int) -> tuple[int, int]:
    lo, hi = sentence_bounds(document, start, end)
    text = document.doc.text
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def paragraph_around(text: str, span: tuple[int, int]) -> tuple[int, int]:
    starts = [m.end() for m in re.finditer(r"\n[ \t\r]*\n", text[: span[0]])]
    start = starts[-1] if starts else 0
    after = re.search(r"\n[ \t\r]*\n", text[span[1] :])
    end = span[1] + after.start() if after else len(text)
    return start, end
