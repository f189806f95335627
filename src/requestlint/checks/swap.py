"""``check: swap`` — flag a phrase and offer the preferred wording for it (e.g. 'u' -> 'you')."""

from __future__ import annotations

from spacy.language import Language

from requestlint.checks.base import Check, Hit
from requestlint.checks.matching import Moves, compile_matcher
from requestlint.document import Document
from requestlint.schema import PhraseMatch, SwapRule


class SwapCheck(Check):
    def __init__(self, rule: SwapRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        self.replacements = {key.lower() if rule.attr == "LOWER" else key: value for key, value in rule.swap.items()}
        self.attr = rule.attr
        self.matcher = compile_matcher(PhraseMatch(phrases=list(rule.swap), attr=rule.attr), nlp, rule.scope, moves)

    def run(self, document: Document) -> list[Hit]:
        hits = []
        for start, end in self.matcher.find(document):
            text = document.doc.text[start:end]
            key = " ".join((text.lower() if self.attr == "LOWER" else text).split())  # maybe wrapped over lines
            hit = Hit(start, end, replacement=self.replacements.get(key))
            if not self.vetoed(document, hit):
                hits.append(hit)
        return hits
