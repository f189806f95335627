"""What every check kind shares: the ``Hit`` it reports and the ``Check`` interface the engine calls."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from spacy.language import Language

from requestlint.checks.matching import CompiledMatcher, Moves, compile_matcher, sentence_bounds
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
        self.inside = compile_all(getattr(rule, "inside", []), nlp, rule.scope, moves)

    @property
    def needs(self) -> frozenset[str]:
        """Pipeline capabilities (see nlp.NEEDS) the check reads."""
        # ``unless`` and ``inside`` look at the hit's sentence
        needs: set[str] = {"parser"} if self.unless or self.inside else set()
        for matcher in (*self.unless, *self.inside):
            needs |= matcher.needs
        return frozenset(needs | self.own_needs())

    def own_needs(self) -> frozenset[str]:
        return frozenset()

    @abstractmethod
    def run(self, document: Document) -> list[Hit]: ...

    def scope_bounds(self, document: Document) -> tuple[int, int] | None:
        return document.structure.range_of(self.rule.scope)

    def vetoed(self, document: Document, hit: Hit) -> bool:
        """True when an ``unless`` matcher matches in the sentence of the hit, or no ``inside`` matcher does."""
        if not (self.unless or self.inside) or hit.start is None or hit.end is None:
            return False
        bounds = sentence_bounds(document, hit.start, hit.end)
        if self.inside and not any(matcher.find(document, bounds) for matcher in self.inside):
            return True
        return any(matcher.find(document, bounds) for matcher in self.unless)


def compile_all(specs: list[Matcher], nlp: Language, default_scope: Part, moves: Moves) -> list[CompiledMatcher]:
    return [compile_matcher(spec, nlp, default_scope, moves) for spec in specs]
