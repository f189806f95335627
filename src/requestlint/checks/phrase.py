"""``check: phrase`` — flag listed phrases (matched on lower-cased tokens, or on lemmas)."""

from __future__ import annotations

from spacy.language import Language

from requestlint.checks.base import Check, Hit
from requestlint.checks.matching import Moves, compile_matcher
from requestlint.document import Document
from requestlint.schema import PhraseMatch, PhraseRule


class PhraseCheck(Check):
    def __init__(self, rule: PhraseRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        self.matcher = compile_matcher(PhraseMatch(phrases=rule.phrases, attr=rule.attr), nlp, rule.scope, moves)

    def own_needs(self) -> frozenset[str]:
        return self.matcher.needs

    def run(self, document: Document) -> list[Hit]:
        hits = [Hit(start, end) for start, end in self.matcher.find(document)]
        return [hit for hit in hits if not self.vetoed(document, hit)]
