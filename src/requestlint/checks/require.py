"""``check: require`` — a required move: fire when the draft lacks every one of the ``require`` matches.

With ``when``, the move is required only where a trigger is present (an ask must carry a bound), and the
finding points at the trigger. Without it, the finding has no span: it is about something missing.
"""

from __future__ import annotations

from spacy.language import Language

from requestlint.checks.base import Check, Hit, compile_all
from requestlint.checks.matching import Moves
from requestlint.document import Document
from requestlint.schema import RequireRule


class RequireCheck(Check):
    def __init__(self, rule: RequireRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        self.when = compile_all(rule.when, nlp, rule.scope, moves)
        self.require = compile_all(rule.require, nlp, rule.scope, moves)

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
        if any(matcher.find(document) for matcher in self.require):
            return []
        if triggers:
            start, end = min(triggers)
            return [Hit(start, end)]
        return [Hit()]
