"""``check: swap`` — flag a phrase and offer the preferred wording for it (e.g. 'u' -> 'you')."""

from __future__ import annotations

from spacy.language import Language

from requestlint.checks.base import Check, Hit
from requestlint.checks.matching import Moves, phrase_matcher
from requestlint.document import Document
from requestlint.schema import SwapRule


class SwapCheck(Check):
    def __init__(self, rule: SwapRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        self.replacements = {key.lower() if rule.attr == "LOWER" else key: value for key, value in rule.swap.items()}
        self.attr = rule.attr
        self.matcher = phrase_matcher(nlp, list(rule.swap), rule.attr)

    def run(self, document: Document) -> list[Hit]:
        bounds = self.scope_bounds(document)
        if bounds is None:
            return []
        doc = document.doc
        hits = []
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            if span.start_char < bounds[0] or span.end_char > bounds[1]:
                continue
            key = span.text.lower() if self.attr == "LOWER" else span.text
            key = " ".join(key.split())  # a phrase wrapped over two lines
            hit = Hit(span.start_char, span.end_char, replacement=self.replacements.get(key))
            if not self.vetoed(document, hit):
                hits.append(hit)
        return hits
