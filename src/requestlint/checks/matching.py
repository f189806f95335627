"""Compiling the three kinds of matcher a rule can embed: phrase lists, token patterns, dependency patterns.

Patterns use spaCy's own syntax, so rule authors learn one documented language; spaCy's validator checks
them when the rule is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.matcher import Matcher as TokenMatcher

from requestlint.document import Document
from requestlint.models import Part
from requestlint.schema import (
    DependencyMatch,
    Matcher,
    MoveFile,
    MoveRef,
    PatternMatch,
    PhraseMatch,
    TokenPattern,
)

_ATTR_NEEDS = {
    "POS": "tagger",
    "TAG": "tagger",
    "MORPH": "tagger",
    "LEMMA": "lemma",
    "DEP": "parser",
    "SENT_START": "parser",
    "IS_SENT_START": "parser",
    "ENT_TYPE": "ner",
    "ENT_IOB": "ner",
    "ENT_ID": "ner",
}


def pattern_needs(patterns: Iterable[TokenPattern]) -> frozenset[str]:
    needs: set[str] = set()
    for pattern in patterns:
        for token in pattern:
            attrs = token.get("RIGHT_ATTRS", token)
            for key in attrs:
                key = key.upper()
                if key in _ATTR_NEEDS:
                    needs.add(_ATTR_NEEDS[key])
    return frozenset(needs)


Moves = Mapping[str, MoveFile]


@dataclass
class CompiledMatcher:
    """Compiled matchers bound to a scope: ``find`` returns (start, end) character offsets of matches."""

    matchers: list[tuple[Any, bool]]  # (spaCy matcher, is a DependencyMatcher)
    scope: Part
    needs: frozenset[str]

    def find(self, document: Document, bounds: tuple[int, int] | None = None) -> list[tuple[int, int]]:
        if bounds is None:
            bounds = document.structure.range_of(self.scope)
        if bounds is None:
            return []
        spans: set[tuple[int, int]] = set()
        for matcher, dependency in self.matchers:
            spans.update(_all_matches(document, matcher, dependency))
        lo, hi = bounds
        return _longest_first(sorted(s for s in spans if s[0] >= lo and s[1] <= hi))


def _all_matches(document: Document, matcher: Any, dependency: bool) -> list[tuple[int, int]]:
    """Every match of one spaCy matcher in the whole document, computed once per document.

    Moves are shared by several rules and ``near`` checks search once per trigger, so the same matcher meets
    the same document many times; the cache lives on the document and goes with it.
    """
    cached: list[tuple[int, int]] | None = document.matches.get(id(matcher))
    if cached is not None:
        return cached
    doc = document.doc
    found: list[tuple[int, int]] = []
    if dependency:
        for _, token_ids in matcher(doc):
            tokens = [doc[i] for i in token_ids]
            found.append((min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)))
    else:
        for _, start_i, end_i in matcher(doc):
            span = doc[start_i:end_i]
            found.append((span.start_char, span.end_char))
    document.matches[id(matcher)] = found
    return found


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop matches contained in a longer overlapping match, keeping document order."""
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def phrase_matcher(nlp: Language, phrases: list[str], attr: str) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    if attr == "LEMMA":
        docs = list(nlp.pipe(phrases, disable=[n for n in nlp.pipe_names if n == "ner"]))
    else:
        docs = [nlp.make_doc(phrase) for phrase in phrases]
    matcher.add("rule", docs)
    return matcher


def token_matcher(nlp: Language, patterns: list[TokenPattern]) -> TokenMatcher:
    matcher = TokenMatcher(nlp.vocab, validate=True)
    matcher.add("rule", patterns)
    return matcher


def dependency_matcher(nlp: Language, patterns: list[TokenPattern]) -> DependencyMatcher:
    matcher = DependencyMatcher(nlp.vocab, validate=True)
    matcher.add("rule", patterns)
    return matcher


def _compile_one(spec: PhraseMatch | PatternMatch | DependencyMatch, nlp: Language) -> tuple[Any, bool, frozenset[str]]:
    if isinstance(spec, PhraseMatch):
        needs = frozenset({"lemma"}) if spec.attr == "LEMMA" else frozenset()
        return phrase_matcher(nlp, spec.phrases, spec.attr), False, needs
    if isinstance(spec, PatternMatch):
        return token_matcher(nlp, spec.patterns), False, pattern_needs(spec.patterns)
    return dependency_matcher(nlp, spec.dependency), True, pattern_needs(spec.dependency) | {"parser"}


_MOVE_CACHE: dict[tuple[int, int], list[tuple[Any, bool, frozenset[str]]]] = {}


def _compile_move(move: MoveFile, nlp: Language) -> list[tuple[Any, bool, frozenset[str]]]:
    """A move is compiled once per vocabulary and shared by every rule that refers to it."""
    key = (id(nlp.vocab), id(move))
    if key not in _MOVE_CACHE:
        _MOVE_CACHE[key] = [_compile_one(part, nlp) for part in move.match]
    return _MOVE_CACHE[key]


def compile_matcher(spec: Matcher, nlp: Language, default: Part, moves: Moves) -> CompiledMatcher:
    """Compile one matcher spec; a move reference expands to all of the move's (shared) matchers."""
    scope = spec.scope or default
    compiled = _compile_move(moves[spec.move], nlp) if isinstance(spec, MoveRef) else [_compile_one(spec, nlp)]
    needs: frozenset[str] = frozenset().union(*(c[2] for c in compiled))
    return CompiledMatcher([(c[0], c[1]) for c in compiled], scope, needs)
