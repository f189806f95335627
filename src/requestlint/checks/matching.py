"""Compiling the three kinds of matcher a rule can embed: phrase lists, token patterns, dependency patterns.

Patterns use spaCy's own syntax, so rule authors learn one documented language; spaCy's validator checks
them when the rule is loaded.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.matcher import Matcher as TokenMatcher
from spacy.tokens import Doc

from requestlint.document import Document
from requestlint.errors import RuleLoadError
from requestlint.models import Part
from requestlint.schema import (
    AllMatch,
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


class MatcherBank:
    """Every pattern of every rule, in one spaCy Matcher (and one PhraseMatcher per attribute) per group.

    A document is matched once per group against all of that group's patterns, and each rule then reads the
    matches filed under its own keys: one pass over the tokens instead of one per rule. Identical pattern sets
    (a move used by several rules, or the same rule compiled for several settings) share one key.

    A group holds the patterns of rules that run on the same draft kinds (see ``grouped``), and is matched only
    when one of its keys is asked for: the patterns of the thank-you rules are never run over a request. Its
    token and phrase matchers are built then too, the first time (a cold ``requestlint check`` of a request
    never builds the thank-you ones); dependency patterns are added at once, because spaCy validates them then.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        # Token patterns are grouped by the annotations they read, so a document parsed without, say, the
        # tagger is still matched against the patterns that do not need it; and within that by the words a
        # match must contain (``Anchors``), so a document is matched only against the patterns it has the
        # words for. spaCy tries every pattern at every token, so skipping impossible ones is the saving.
        self.tokens: dict[tuple[str, frozenset[str], Anchors], TokenMatcher] = {}
        # The longest match of any pattern in a slot, in tokens (None: unbounded, "*" or "+"): a match holds one
        # of its anchors' words, so it lies within this reach of one, and only those windows need matching.
        self._reach: dict[tuple[str, frozenset[str], Anchors], int | None] = {}
        self.phrases: dict[tuple[str, str], PhraseMatcher] = {}
        self.dependency: dict[str, DependencyMatcher] = {}
        self._keys: dict[str, str] = {}
        self._group_of: dict[str, str] = {}
        self._keys_in: dict[str, list[str]] = {}
        self._unbuilt: dict[str, list[Callable[[], None]]] = {}  # per group: matcher additions not yet made
        self._group = ""
        self.version = 0

    @contextmanager
    def grouped(self, group: str) -> Iterator[None]:
        """File the patterns compiled inside the block under ``group`` (a pattern filed before keeps its group)."""
        outer, self._group = self._group, group
        try:
            yield
        finally:
            self._group = outer

    def _key(self, kind: str, content: object) -> tuple[str, bool]:
        digest = kind + json.dumps(content, sort_keys=True)
        if digest in self._keys:
            return self._keys[digest], False
        key = f"requestlint-{len(self._keys)}"
        self._keys[digest] = key
        self._group_of[key] = self._group
        self._keys_in.setdefault(self._group, []).append(key)
        self.version += 1
        return key, True

    def add_tokens(self, patterns: list[TokenPattern]) -> str:
        key, new = self._key("tokens", patterns)
        if new:
            self._unbuilt.setdefault(self._group, []).append(
                functools.partial(self._build_tokens, self._group, key, patterns)
            )
        return key

    def _build_tokens(self, group: str, key: str, patterns: list[TokenPattern]) -> None:
        needs = pattern_needs(patterns)
        for pattern in patterns:
            slot = (group, needs, anchors_of(pattern))
            # validate=False: the loader has validated every pattern, with its file and line, already
            self.tokens.setdefault(slot, TokenMatcher(self.nlp.vocab, validate=False)).add(key, [pattern])
            reach, longest = self._reach.get(slot, 0), longest_match(pattern)
            self._reach[slot] = None if reach is None or longest is None else max(reach, longest)

    def add_phrases(self, phrases: list[str], attr: str) -> str:
        key, new = self._key(f"phrases:{attr}", phrases)
        if new:
            self._unbuilt.setdefault(self._group, []).append(
                functools.partial(self._build_phrases, self._group, key, phrases, attr)
            )
        return key

    def _build_phrases(self, group: str, key: str, phrases: list[str], attr: str) -> None:
        if attr == "LEMMA":
            docs = list(self.nlp.pipe(phrases, disable=[n for n in self.nlp.pipe_names if n == "ner"]))
        else:
            docs = [self.nlp.make_doc(phrase) for phrase in phrases]
        self.phrases.setdefault((group, attr), PhraseMatcher(self.nlp.vocab, attr=attr)).add(key, docs)

    def add_dependency(self, patterns: list[TokenPattern]) -> str:
        key, new = self._key("dependency", patterns)
        if new:
            self.dependency.setdefault(self._group, DependencyMatcher(self.nlp.vocab, validate=True)).add(key, patterns)
        return key

    def spans_in(self, document: Document, key: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Character spans of the matches filed under ``key`` that lie within ``lo``..``hi``.

        The document is matched once per group and bank state; each key's matches are kept sorted, so a query
        costs a bisection plus its answer, not a pass over every match (drafts can be long and queries many).
        """
        group = self._group_of.get(key, "")
        stamp = (id(self), self.version)
        if document.matches.get(f"__bank__:{group}") != stamp:
            self._run(document, group)
            document.matches[f"__bank__:{group}"] = stamp
        found: tuple[list[int], list[tuple[int, int]]] | None = document.matches.get(key)
        if found is None:
            return []
        starts, spans = found
        inside = []
        for index in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
            if spans[index][1] <= hi:
                inside.append(spans[index])
        return inside

    def _run(self, document: Document, group: str) -> None:
        for build in self._unbuilt.pop(group, []):
            build()
        doc = document.doc
        strings = self.nlp.vocab.strings
        results: dict[str, list[tuple[int, int]]] = {}
        where = _where_words_are(doc)
        # a set: a key's patterns sit in several matchers and windows, and spaCy drops repeats only within one call
        token_matches: set[tuple[int, int, int]] = set()
        for slot, matcher in self.tokens.items():
            group_of, needs, anchors = slot
            if group_of != group or not _annotated(doc, needs):
                continue
            if not all(wanted & where[attr].keys() for attr, wanted in anchors):
                continue  # a word every match needs is not in the draft
            reach = self._reach[slot]
            if reach is None or not anchors or 4 * reach > len(doc):
                token_matches.update(matcher(doc))
                continue
            for start, end in _windows(where, anchors, reach, len(doc)):
                token_matches.update((key, start + s, start + e) for key, s, e in matcher(doc[start:end]))
        phrase_matches: list[tuple[int, int, int]] = []
        for (g, attr), phrases in self.phrases.items():
            if g == group and (attr != "LEMMA" or doc.has_annotation("LEMMA")):
                phrase_matches.extend(phrases(doc))
        for match_id, start, end in [*sorted(token_matches), *phrase_matches]:
            span = doc[start:end]
            results.setdefault(strings[match_id], []).append((span.start_char, span.end_char))
        dependency = self.dependency.get(group)
        if dependency is not None and len(dependency) and doc.has_annotation("DEP"):
            for match_id, token_ids in dependency(doc):
                tokens = [doc[i] for i in token_ids]
                span_chars = (min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens))
                results.setdefault(strings[match_id], []).append(span_chars)
        for key in self._keys_in.get(group, []):
            document.matches.pop(key, None)  # a key without matches this time must not keep older ones
        for key, spans in results.items():
            spans.sort()
            document.matches[key] = ([start for start, _ in spans], spans)


_ANNOTATION = {"tagger": "POS", "lemma": "LEMMA", "parser": "DEP", "ner": "ENT_IOB"}

Anchors = frozenset[tuple[str, frozenset[str]]]
"""Sets of words a match must contain one of each: ("word", {"would", "could"}) on the lowercase form or the
norm, ("lemma", {...}) on the lemma. A pattern none of whose tokens names its words has no anchors."""

_WORD_ATTRS = {"LOWER": "word", "ORTH": "word", "TEXT": "word", "NORM": "word", "LEMMA": "lemma"}


def anchors_of(pattern: TokenPattern) -> Anchors:
    """The word sets of the tokens a match cannot do without (no ``?``, ``*``, ``!`` or ``{0,n}`` operator),
    lowercased: a document lacking every word of one of them cannot match (a cheap test, so a superset is
    fine: "TEXT" is compared in lower case)."""
    anchors = set()
    for token in pattern:
        operator = str(token.get("OP", ""))
        if operator in ("?", "*", "!") or operator.startswith(("{0", "{,")):
            continue
        for attr, value in token.items():
            kind = _WORD_ATTRS.get(attr.upper())
            if kind is None:
                continue
            if isinstance(value, str):
                anchors.add((kind, frozenset({value.lower()})))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                anchors.add((kind, frozenset(str(word).lower() for word in value["IN"])))
    return frozenset(anchors)


def longest_match(pattern: TokenPattern) -> int | None:
    """How many tokens a match of ``pattern`` can span at most (None: no limit, a ``*``, ``+`` or ``{n,}``)."""
    longest = 0
    for token in pattern:
        operator = str(token.get("OP", ""))
        if operator in ("*", "+"):
            return None
        if operator.startswith("{"):
            upper = operator.strip("{}").split(",")[-1].strip()
            if not upper:
                return None
            longest += int(upper)
        else:
            longest += 1
    return longest


Positions = dict[str, dict[str, list[int]]]


def _where_words_are(doc: Doc) -> Positions:
    """Token positions of each word (lowercase form and norm) and each lemma of the document."""
    where: Positions = {"word": {}, "lemma": {}}
    lemmas = doc.has_annotation("LEMMA")
    for token in doc:
        where["word"].setdefault(token.lower_, []).append(token.i)
        if token.norm_ != token.lower_:
            where["word"].setdefault(token.norm_, []).append(token.i)
        if lemmas:
            where["lemma"].setdefault(token.lemma_.lower(), []).append(token.i)
    return where


def _windows(where: Positions, anchors: Anchors, reach: int, length: int) -> list[tuple[int, int]]:
    """Token ranges that hold every possible match: ``reach`` either side of each occurrence of the anchor whose
    words occur least, overlapping ranges merged."""
    fewest: list[int] | None = None
    for attr, wanted in anchors:
        found = sorted({i for word in wanted & where[attr].keys() for i in where[attr][word]})
        if fewest is None or len(found) < len(fewest):
            fewest = found
    windows: list[tuple[int, int]] = []
    for i in fewest or []:
        start, end = max(0, i - reach + 1), min(length, i + reach)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _annotated(doc: Doc, needs: frozenset[str]) -> bool:
    return all(doc.has_annotation(_ANNOTATION[need]) for need in needs)


_BANKS: dict[int, MatcherBank] = {}


def bank_for(nlp: Language) -> MatcherBank:
    """The bank of a vocabulary (one per loaded pipeline, for the life of the process)."""
    return _BANKS.setdefault(id(nlp.vocab), MatcherBank(nlp))


@dataclass
class CompiledMatcher:
    """A matcher spec bound to a scope: ``find`` returns (start, end) character offsets of its matches.

    ``keys`` are plain matchers filed in the bank; each of ``together`` is a conjunction (an ``all:`` spec):
    matches of its first matcher in a sentence where every other one matches too.
    """

    bank: MatcherBank
    keys: list[str]
    scope: Part
    needs: frozenset[str]
    together: list[list[CompiledMatcher]] = field(default_factory=list)

    def find(self, document: Document, bounds: tuple[int, int] | None = None) -> list[tuple[int, int]]:
        """Matches inside ``bounds``, or by default inside the matcher's scope (every range of it)."""
        ranges = [bounds] if bounds is not None else document.structure.ranges_of(self.scope)
        spans: set[tuple[int, int]] = set()
        for lo, hi in ranges:
            for key in self.keys:
                spans.update(self.bank.spans_in(document, key, lo, hi))
            for parts in self.together:
                spans.update(_in_one_sentence(document, parts, (lo, hi)))
        return _longest_first(sorted(spans))


def sentence_bounds(document: Document, start: int, end: int) -> tuple[int, int]:
    """The parser's sentence around a character span (the span itself when the draft was not parsed)."""
    if not document.has_sentences:
        return start, end
    return document.sentence_around(start, end)


def _in_one_sentence(
    document: Document, parts: list[CompiledMatcher], bounds: tuple[int, int]
) -> list[tuple[int, int]]:
    first, others = parts[0], parts[1:]
    found = []
    for start, end in first.find(document, bounds):
        sentence = sentence_bounds(document, start, end)
        if all(other.find(document, sentence) for other in others):
            found.append((start, end))
    return found


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop matches contained in a longer overlapping match, keeping document order."""
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _compile_one(spec: PhraseMatch | PatternMatch | DependencyMatch, bank: MatcherBank) -> tuple[str, frozenset[str]]:
    if isinstance(spec, PhraseMatch):
        needs = frozenset({"lemma"}) if spec.attr == "LEMMA" else frozenset()
        return bank.add_phrases(spec.phrases, spec.attr), needs
    if isinstance(spec, PatternMatch):
        return bank.add_tokens(spec.patterns), pattern_needs(spec.patterns)
    return bank.add_dependency(spec.dependency), pattern_needs(spec.dependency) | {"parser"}


def compile_matcher(
    spec: Matcher, nlp: Language, default: Part, moves: Moves, _expanding: tuple[str, ...] = ()
) -> CompiledMatcher:
    """Compile one matcher spec; a move reference expands to all of the move's matchers."""
    scope = spec.scope or default
    bank = bank_for(nlp)
    if isinstance(spec, MoveRef):
        if spec.move in _expanding:
            cycle = " -> ".join((*_expanding, spec.move))
            raise RuleLoadError(f"moves refer to each other in a cycle: {cycle}")
        parts: list[PhraseMatch | PatternMatch | DependencyMatch | AllMatch] = list(moves[spec.move].match)
        _expanding = (*_expanding, spec.move)
    else:
        parts = [spec]
    keys: list[str] = []
    needs: set[str] = set()
    together: list[list[CompiledMatcher]] = []
    for part in parts:
        if isinstance(part, AllMatch):
            members = [compile_matcher(member, nlp, scope, moves, _expanding) for member in part.all]
            together.append(members)
            needs |= {"parser"}.union(*(member.needs for member in members))
        else:
            key, part_needs = _compile_one(part, bank)
            keys.append(key)
            needs |= part_needs
    return CompiledMatcher(bank, keys, scope, frozenset(needs), together)
