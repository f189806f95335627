"""Compiling the three kinds of matcher a rule can embed: phrase lists, token patterns, dependency patterns.

Patterns use spaCy's own syntax, so rule authors learn one documented language; spaCy's validator checks
them when the rule is loaded.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import cast

from spacy.attrs import LEMMA, LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.matcher import Matcher as TokenMatcher
from spacy.tokens import Doc

from requestlint.checks.keywords import VALUE_ATTRS, Keyword, keyword, keyword_table
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
        self.tokens: dict[Slot, TokenMatcher] = {}
        self._slots_in: dict[str, list[Slot]] = {}  # per group, so a run visits only its own group's slots
        # One-token patterns that read only the word itself (its text, lowercase form, shape, stop-word flag...):
        # whether they match depends on the word alone, so each word is matched once (per group) and remembered.
        self._word_patterns: dict[str, TokenMatcher] = {}
        self._words_seen: dict[str, set[int]] = {}
        self._word_matches: dict[str, dict[int, tuple[int, ...]]] = {}  # of the words seen, those that match
        # A pattern whose one gap has a bound ("{0,12}") is matched with an open gap ("*"), which spaCy follows in one
        # state instead of one per possible length, under an id of its own; its matches longer than the bound are
        # dropped and the rest filed under the pattern's key (see ``open_gap``): match id -> (key id, bound).
        self._bounded: dict[int, tuple[int, int]] = {}
        # The longest match of any pattern in a slot, in tokens (None: unbounded, "*" or "+"): a match holds one
        # of its anchors' words, so it lies within this reach of one, and only those windows need matching.
        self._reach: dict[Slot, int | None] = {}
        self.phrases: dict[tuple[str, str], PhraseMatcher] = {}
        # (attribute, phrase) of every phrase added on LOWER or ORTH, and their token values once first needed
        self._phrases_added: list[tuple[str, str]] = []
        self._keywords: dict[tuple[str, str], Keyword] | None = None
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
            if reads_one_word(pattern):
                self._word_patterns.setdefault(group, TokenMatcher(self.nlp.vocab, validate=False)).add(key, [pattern])
                self._words_seen.pop(group, None)  # remembered before this pattern came
                self._word_matches.pop(group, None)
                continue
            slot = (group, needs, anchors_of(pattern))
            if slot not in self.tokens:
                # validate=False: the loader has validated every pattern, with its file and line, already
                self.tokens[slot] = TokenMatcher(self.nlp.vocab, validate=False)
                self._slots_in.setdefault(group, []).append(slot)
            opened = open_gap(pattern)
            if opened is None:
                self.tokens[slot].add(key, [pattern])
            else:
                loose, bound = opened
                strings = self.nlp.vocab.strings
                self._bounded[strings.add(f"{key}~{bound}")] = (strings.add(key), bound)
                self.tokens[slot].add(f"{key}~{bound}", [loose])
            reach, longest = self._reach.get(slot, 0), longest_match(pattern)
            self._reach[slot] = None if reach is None or longest is None else max(reach, longest)

    def add_phrases(self, phrases: list[str], attr: str) -> str:
        key, new = self._key(f"phrases:{attr}", phrases)
        if new:
            if attr in VALUE_ATTRS:
                self._phrases_added.extend((attr, phrase) for phrase in phrases)
            self._unbuilt.setdefault(self._group, []).append(
                functools.partial(self._build_phrases, self._group, key, phrases, attr)
            )
        return key

    def _build_phrases(self, group: str, key: str, phrases: list[str], attr: str) -> None:
        matcher = self.phrases.setdefault((group, attr), PhraseMatcher(self.nlp.vocab, attr=attr))
        if attr not in VALUE_ATTRS:
            matcher.add(key, list(self.nlp.pipe(phrases, disable=[n for n in self.nlp.pipe_names if n == "ner"])))
            return
        if self._keywords is None:  # every group's phrases at once: one read of the user cache
            self._keywords = keyword_table(self.nlp, self._phrases_added)
        table = self._keywords
        values = [table.get((attr, phrase)) or keyword(self.nlp, attr, phrase) for phrase in phrases]
        # typed as taking Docs, add takes the value sequences a Doc stands for too (spaCy unpickles a matcher so);
        # as with Docs, an empty phrase adds nothing
        matcher.add(key, cast(list[Doc], [value for value in values if value]))

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
        words = DraftWords.of(document)
        where, present, annotated = words.where, words.present, words.annotated
        # a set: a key's patterns sit in several matchers and windows, and spaCy drops repeats only within one call
        token_matches: set[tuple[int, int, int]] = set()
        for slot in self._slots_in.get(group, []):
            _, needs, anchors = slot
            if not needs <= annotated:
                continue
            for attr, wanted in anchors:
                if wanted.isdisjoint(present[attr]):
                    break  # a word every match needs is not in the draft
            else:
                token_matches.update(self._matches_in_slot(slot, doc, where))
        one_word = self._word_patterns.get(group)
        if one_word is not None:
            token_matches.update(self._matches_of_words(words, group, one_word))
        phrase_matches: list[tuple[int, int, int]] = []
        for (g, attr), phrases in self.phrases.items():
            if g == group and (attr != "LEMMA" or "lemma" in annotated):
                phrase_matches.extend(phrases(doc))
        if self._bounded:
            token_matches = {
                (self._bounded[match_id][0], start, end) if match_id in self._bounded else (match_id, start, end)
                for match_id, start, end in token_matches
                if match_id not in self._bounded or end - start <= self._bounded[match_id][1]
            }
        for match_id, start, end in [*sorted(token_matches), *phrase_matches]:
            results.setdefault(strings[match_id], []).append((words.starts[start], words.ends[end - 1]))
        dependency = self.dependency.get(group)
        if dependency is not None and len(dependency) and "parser" in annotated:
            for match_id, token_ids in dependency(doc):
                tokens = [doc[i] for i in token_ids]
                span_chars = (min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens))
                results.setdefault(strings[match_id], []).append(span_chars)
        for key in self._keys_in.get(group, []):
            document.matches.pop(key, None)  # a key without matches this time must not keep older ones
        for key, spans in results.items():
            spans.sort()
            document.matches[key] = ([start for start, _ in spans], spans)

    def _matches_in_slot(self, slot: Slot, doc: Doc, where: Positions) -> list[tuple[int, int, int]]:
        """Matches of a slot's patterns: in windows around its rarest anchor's words when its matches are short."""
        _, _, anchors = slot
        matcher, reach = self.tokens[slot], self._reach[slot]
        # allow_missing: the annotations a slot needs were checked by the caller, once per draft (spaCy would check
        # them on every call, each check a pass over the whole document)
        if reach is None or not anchors or 4 * reach > len(doc):
            return list(matcher(doc, allow_missing=True))
        return [
            (key, start + s, start + e)
            for start, end in _windows(where, anchors, reach, len(doc))
            for key, s, e in matcher(doc[start:end], allow_missing=True)
        ]

    def _matches_of_words(self, words: DraftWords, group: str, matcher: TokenMatcher) -> list[tuple[int, int, int]]:
        """Matches of the group's one-word patterns: each distinct word matched alone, once per process; a draft's
        words are then compared with the few that match as sets, not one by one."""
        seen = self._words_seen.setdefault(group, set())
        matching = self._word_matches.setdefault(group, {})
        if len(seen) >= WORDS_REMEMBERED:  # before this draft's words, so none of them is forgotten halfway
            seen.clear()
            matching.clear()
        for orth in words.orths.keys() - seen:
            alone = Doc(self.nlp.vocab, words=[self.nlp.vocab.strings[orth]])
            seen.add(orth)
            ids = tuple(sorted({match_id for match_id, _, _ in matcher(alone)}))
            if ids:  # most words match none of them
                matching[orth] = ids
        return [
            (match_id, i, i + 1)
            for orth in words.orths.keys() & matching.keys()
            for match_id in matching[orth]
            for i in words.orths[orth]
        ]


WORDS_REMEMBERED = 200_000
"""Distinct words whose one-word matches a group keeps (a long-running server meets new words forever)."""
_WORD_ONLY = frozenset(
    {
        "ORTH", "TEXT", "LOWER", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA", "IS_ASCII", "IS_DIGIT",
        "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
        "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
    }
)  # fmt: skip
"""Token attributes that belong to the word itself (spaCy's lexeme), the same wherever the word stands."""


def reads_one_word(pattern: TokenPattern) -> bool:
    """A pattern of exactly one token, no operator, reading only attributes of the word itself."""
    return len(pattern) == 1 and all(attr.upper() in _WORD_ONLY for attr in pattern[0])


_ANNOTATION = {"tagger": "POS", "lemma": "LEMMA", "parser": "DEP", "ner": "ENT_IOB"}

Slot = tuple[str, frozenset[str], "Anchors"]
"""A token matcher's place in the bank: its group, the annotations its patterns read, the words they need."""

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


_GAP = re.compile(r"\{\s*([01]?)\s*,\s*(\d+)\s*\}")


def open_gap(pattern: TokenPattern) -> tuple[TokenPattern, int] | None:
    """The pattern with its only variable-length token, "{0,n}" or "{1,n}", opened to "*" or "+", and the longest
    match of the original (None when the pattern has no such token, or another token of variable length).

    With every other token of fixed length, a match of the opened pattern is a match of the original exactly when it
    is no longer than the original's longest: the lengths differ only in the gap."""
    variable = [i for i, token in enumerate(pattern) if str(token.get("OP", "")) not in ("", "!")]
    if len(variable) != 1:
        return None
    at = variable[0]
    gap = _GAP.fullmatch(str(pattern[at]["OP"]))
    longest = longest_match(pattern)
    if gap is None or longest is None:
        return None
    opened = {**pattern[at], "OP": "+" if gap.group(1) == "1" else "*"}
    return [*pattern[:at], opened, *pattern[at + 1 :]], longest


Positions = dict[str, dict[str, list[int]]]


def _where_words_are(doc: Doc) -> Positions:
    """Token positions of each word (lowercase form and norm) and each lemma of the document (read as string ids,
    each distinct one turned into its string once: a draft repeats most of its words)."""
    has_lemmas = doc.has_annotation("LEMMA")
    words: dict[int, list[int]] = {}
    lemmas: dict[int, list[int]] = {}
    for i, (lower, norm, lemma) in enumerate(doc.to_array([LOWER, NORM, LEMMA]).tolist()):
        words.setdefault(lower, []).append(i)
        if norm != lower:
            words.setdefault(norm, []).append(i)
        if has_lemmas:
            lemmas.setdefault(lemma, []).append(i)
    strings = doc.vocab.strings
    where: Positions = {"word": {strings[word]: positions for word, positions in words.items()}, "lemma": {}}
    for lemma, positions in lemmas.items():  # lemmas are lowercased here, so two ids can meet ("I", "i")
        where["lemma"].setdefault(strings[lemma].lower(), []).extend(positions)
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


@dataclass(frozen=True)
class DraftWords:
    """What the bank needs to know of a parsed draft, worked out once for all its groups."""

    where: Positions  # token positions of each word and lemma
    present: dict[str, frozenset[str]]  # the words and lemmas themselves, as sets
    annotated: frozenset[str]  # the annotations the parse has ("tagger", "parser"...)
    orths: dict[int, list[int]]  # token positions of each exact word (its ``orth`` id)
    starts: list[int]  # character offset of each token
    ends: list[int]  # character offset after each token

    @classmethod
    def of(cls, document: Document) -> DraftWords:
        known: DraftWords | None = document.matches.get("__words__")
        if known is None:
            doc = document.doc
            where = _where_words_are(doc)
            orths: dict[int, list[int]] = {}
            for i, orth in enumerate(doc.to_array(ORTH).tolist()):
                orths.setdefault(orth, []).append(i)
            starts = [token.idx for token in doc]
            known = document.matches["__words__"] = cls(
                where,
                {attr: frozenset(positions) for attr, positions in where.items()},
                frozenset(need for need, attr in _ANNOTATION.items() if doc.has_annotation(attr)),
                orths,
                starts,
                [start + len(token) for start, token in zip(starts, doc, strict=True)],
            )
        return known


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
