"""What every check kind shares: the ``Hit`` it reports and the ``Check`` interface the engine calls."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from spacy.language import Language

from requestlint.checks.matching import CompiledMatcher, Moves, compile_matcher
from requestlint.document import Document
from requestlint.models import Part
from requestlint.schema import Matcher, RuleBase


@dataclass(frozen=True)
class Hit:
    """One place where a rule fires; ``start``/``end`` are None for something missing from the draft."""

    start: int | None = None
    end: int | None = None
    value: float | None = None
    replacement: str | None = None


class Check(ABC):
    """A rule compiled against one spaCy vocabulary; ``run`` only matches."""

    def __init__(self, rule: RuleBase, nlp: Language, moves: Moves) -> None:
        self.rule = rule
        self.unless = compile_all(getattr(rule, "unless", []), nlp, rule.scope, moves)

    @property
    def needs(self) -> frozenset[str]:
        """Pipeline capabilities (see nlp.NEEDS) the check reads."""
        needs: set[str] = {"parser"} if self.unless else set()  # vetoes look at the hit's sentence
        for matcher in self.unless:
            needs |= matcher.needs
        return frozenset(needs | self.own_needs())

    def own_needs(self) -> frozenset[str]:
        return frozenset()

    @abstractmethod
    def run(self, document: Document) -> list[Hit]: ...

    def scope_bounds(self, document: Document) -> tuple[int, int] | None:
        return document.structure.range_of(self.rule.scope)

    def vetoed(self, document: Document, hit: Hit) -> bool:
        """True when an ``unless`` matcher matches in the sentence of the hit."""
        if not self.unless or hit.start is None or hit.end is None:
            return False
        span = document.doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None:
            return False
        sentence = span.sent if document.doc.has_annotation("SENT_START") else span
        bounds = (sentence.start_char, sentence.end_char)
        return any(matcher.find(document, bounds) for matcher in self.unless)


def compile_all(specs: list[Matcher], nlp: Language, default_scope: Part, moves: Moves) -> list[CompiledMatcher]:
    return [compile_matcher(spec, nlp, default_scope, moves) for spec in specs]
