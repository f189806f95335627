"""``check: pattern`` — spaCy Matcher token patterns; ``check: dependency`` — DependencyMatcher patterns."""

from __future__ import annotations

from spacy.language import Language

from requestlint.checks.base import Check, Hit
from requestlint.checks.matching import Moves, compile_matcher
from requestlint.document import Document
from requestlint.schema import DependencyMatch, DependencyRule, PatternMatch, PatternRule


class PatternCheck(Check):
    def __init__(self, rule: PatternRule | DependencyRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        spec = (
            PatternMatch(patterns=rule.patterns)
            if isinstance(rule, PatternRule)
            else DependencyMatch(dependency=rule.dependency)
        )
        self.matcher = compile_matcher(spec, nlp, rule.scope, moves)

    def own_needs(self) -> frozenset[str]:
        return self.matcher.needs

    def run(self, document: Document) -> list[Hit]:
        hits = [Hit(start, end) for start, end in self.matcher.find(document)]
        return [hit for hit in hits if not self.vetoed(document, hit)]
