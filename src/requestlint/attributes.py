"""An exact stand-in for the pipeline's ``attribute_ruler``, several times faster on the patterns it ships with.

en_core_web_sm's attribute ruler maps each fine-grained tag to a coarse part of speech and morphology, then
fixes exceptions ("I" -> PRON, "'d" -> would). spaCy runs its 179 patterns through a general ``Matcher``,
whose ``IN``/``NOT_IN``/``REGEX`` tests are Python calls at every token for every pattern: about 2 ms a draft,
a quarter of the components requestlint runs. Every one of those patterns looks at a token's tag, lowercase form,
dependency label or whether it is a space (and a two-token pattern at its neighbour too), so whether a pattern
holds at a token depends on those four values alone: worked out once per distinct combination and remembered.
The attributes are then set exactly as spaCy's ruler sets them (same values, same order, so the same winner),
which ``tests/test_attributes.py`` checks against spaCy's own ruler token by token.

A pipeline whose ruler uses anything else (another attribute, an operator) keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_READ = ("TAG", "LOWER", "DEP", "IS_SPACE")
"""The token attributes a pattern may test, in the order of a token's key."""
_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]
TokenKey = tuple[int, int, int, int]
"""A token's tag, lowercase form and dependency label (string hashes) and 1 if it is a space."""
Test = Callable[[TokenKey], bool]
_MEMO_LIMIT = 200_000
"""Distinct token keys remembered before the memo starts again (a long-running server sees new words forever)."""


@dataclass(frozen=True)
class _Pattern:
    entry: int  # the ruler's attribute set (its position in the ruler: later ones win)
    tests: tuple[Test, ...]  # one per token of the pattern
    index: int  # which token of the match gets the attributes
    filed: tuple[int, frozenset[int]] | None  # a column of the key and the values its first token requires there


class FastAttributeRuler:
    """Applies an ``AttributeRuler``'s patterns and attributes; see the module's docstring."""

    def __init__(self, ruler: AttributeRuler, patterns: list[_Pattern]) -> None:
        self.attrs: list[dict[int, Any]] = ruler.attrs
        # Patterns filed by a value their first token requires (most name a tag or a word), so a token not seen
        # before is tested against a handful of them, not all (a cold start meets every token for the first time).
        self._filed: dict[tuple[int, int], list[_Pattern]] = {}
        self._unfiled: list[_Pattern] = []
        for pattern in patterns:
            if pattern.filed is None:
                self._unfiled.append(pattern)
                continue
            column, values = pattern.filed
            for value in values:
                self._filed.setdefault((column, value), []).append(pattern)
        self._memo: dict[TokenKey, tuple[_Pattern, ...]] = {}

    @classmethod
    def of(cls, ruler: AttributeRuler) -> FastAttributeRuler | None:
        """The stand-in for ``ruler``, or None when one of its patterns is not of the kind described above."""
        strings = ruler.vocab.strings
        patterns = []
        specs: list[dict[str, Any]] = cast(list[dict[str, Any]], ruler.patterns)
        for entry, spec in enumerate(specs):
            index = int(spec.get("index", 0))
            for tokens in spec["patterns"]:
                tests = [_test_of(token, strings) for token in tokens]
                if not tokens or len(tokens) > 2 or any(test is None for test in tests):
                    return None
                if not -len(tokens) <= index < len(tokens):
                    return None  # spaCy raises for these; leave that to it
                ready = tuple(test for test in tests if test is not None)
                patterns.append(_Pattern(entry, ready, index % len(tokens), _filed(tokens[0], strings)))
        return cls(ruler, patterns)

    def _starting_at(self, key: TokenKey) -> tuple[_Pattern, ...]:
        """The patterns whose first token holds for a token with this key."""
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            candidates = [*self._unfiled, *self._filed.get((0, key[0]), ()), *self._filed.get((1, key[1]), ())]
            found = self._memo[key] = tuple(p for p in candidates if p.tests[0](key))
        return found

    def __call__(self, doc: Doc) -> Doc:
        keys: list[TokenKey] = [tuple(row) for row in doc.to_array(_COLUMNS).tolist()]
        # (entry, start) pairs sort into the order spaCy's ruler applies its matches: by attribute set, then
        # position; the last one to set an attribute wins in both
        applied: list[tuple[int, int]] = []
        for start, key in enumerate(keys):
            for pattern in self._starting_at(key):
                if len(pattern.tests) == 2 and (start + 1 >= len(keys) or not pattern.tests[1](keys[start + 1])):
                    continue
                applied.append((pattern.entry, start + pattern.index))
        for entry, position in sorted(set(applied)):
            set_token_attrs(doc[position], self.attrs[entry])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _filed(token: dict[str, Any], strings: StringStore) -> tuple[int, frozenset[int]] | None:
    """The tag, else the lowercase form, a token must have (one value or a list), as string hashes."""
    for column, attr in enumerate(("TAG", "LOWER")):
        value = next((v for k, v in token.items() if k.upper() == attr), None)
        if isinstance(value, str) and value:
            return column, frozenset({strings.add(value)})
        if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) and v for v in value["IN"]):
            return column, frozenset(strings.add(v) for v in value["IN"])
    return None


def _test_of(token: dict[str, Any], strings: StringStore) -> Test | None:
    """One pattern token as a test of a token key, or None when it tests something a key does not hold."""
    checks: list[Callable[[TokenKey], bool]] = []
    for attr, value in token.items():
        if attr.upper() not in _READ:
            return None
        column = _READ.index(attr.upper())
        check = _value_test(column, value, strings)
        if check is None:
            return None
        checks.append(check)
    return lambda key: all(check(key) for check in checks)


def _value_test(column: int, value: object, strings: StringStore) -> Callable[[TokenKey], bool] | None:
    if column == _READ.index("IS_SPACE"):
        if not isinstance(value, bool):
            return None
        flag = int(value)
        return lambda key: key[column] == flag
    if isinstance(value, str):
        wanted = strings.add(value) if value else 0
        return lambda key: key[column] == wanted
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((operator, argument),) = value.items()
    if operator in ("IN", "NOT_IN") and isinstance(argument, list):
        members = frozenset(strings.add(str(item)) if item else 0 for item in argument)
        if operator == "IN":
            return lambda key: key[column] in members
        return lambda key: key[column] not in members
    if operator == "REGEX" and isinstance(argument, str):
        regex = re.compile(argument)
        return lambda key: regex.search(strings[key[column]]) is not None
    return None
