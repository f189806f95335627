"""``check: metric`` — a measure of one part (words, sentences, readability...) against min/max bounds."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Span, Token

from requestlint import readability
from requestlint.checks.base import Check, Hit
from requestlint.checks.matching import Moves
from requestlint.document import Document
from requestlint.schema import MetricRule


def _words(span: Span) -> float:
    return float(sum(1 for t in span if t.is_alpha or t.like_num))


def _sentences(span: Span) -> list[Span]:
    sentences: list[Span] = list(span.sents)  # type: ignore[attr-defined]  # missing from spaCy's stubs
    return [s for s in sentences if any(t.is_alpha for t in s)]


def _words_per_sentence(span: Span) -> float:
    sentences = _sentences(span)
    return _words(span) / len(sentences) if sentences else 0.0


_LIST_ITEM = re.compile(r"^\s*([-*\u2022\u2013>]|\(?[0-9ivx]{1,4}[.)])\s*")


def sentence_openers(span: Span) -> list[Token]:
    """The first word of each prose sentence: list items and text run on after ':', a dash or a comma left out."""
    openers = []
    text = span.doc.text
    for sentence in _sentences(span):
        line_start = text.rfind("\n", 0, sentence.start_char) + 1
        if _LIST_ITEM.match(text[line_start : sentence.end_char]):
            continue
        if sentence.start > 0 and sentence.doc[sentence.start - 1].text in (":", "\u2014", "\u2013", "-", ","):
            continue  # runs on from a greeting on the same line: "Hi Dr. Osei - would you be open to ..."
        first = next((t for t in sentence if t.is_alpha), None)
        if first is not None:
            openers.append(first)
    return openers


def _lowercase_share(span: Span) -> float:
    """Percent of prose sentences that start with a lowercase letter."""
    starts = [token.text[0].islower() for token in sentence_openers(span)]
    return 100.0 * sum(starts) / len(starts) if starts else 0.0


_QUESTION, _EXCLAMATION_RUN, _EXCLAMATION = re.compile(r"\?+"), re.compile(r"!{2,}"), re.compile(r"!")

MEASURES: dict[str, tuple[Callable[[Span], float], frozenset[str]]] = {
    "characters": (lambda span: float(len(span.text.strip())), frozenset()),
    "words": (_words, frozenset()),
    "sentences": (lambda span: float(len(_sentences(span))), frozenset({"parser"})),
    "questions": (lambda span: float(len(_QUESTION.findall(span.text))), frozenset()),
    "exclamation_runs": (lambda span: float(len(_EXCLAMATION_RUN.findall(span.text))), frozenset()),
    "exclamations": (lambda span: float(len(_EXCLAMATION.findall(span.text))), frozenset()),
    "flesch_reading_ease": (lambda span: readability.flesch_reading_ease(span.text), frozenset()),
    "flesch_kincaid_grade": (lambda span: readability.flesch_kincaid_grade(span.text), frozenset()),
    "words_per_sentence": (_words_per_sentence, frozenset({"parser"})),
    "lowercase_sentence_share": (_lowercase_share, frozenset({"parser"})),
}
# Measures that count marks in the text point at the first of them instead of at the whole part.
LOCATORS: dict[str, re.Pattern[str]] = {
    "questions": _QUESTION,
    "exclamation_runs": _EXCLAMATION_RUN,
    "exclamations": _EXCLAMATION,
}


class MetricCheck(Check):
    def __init__(self, rule: MetricRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        self.spec = rule
        self.measure, self._needs = MEASURES[rule.measure]

    def own_needs(self) -> frozenset[str]:
        return self._needs

    def run(self, document: Document) -> list[Hit]:
        span = document.span(self.rule.scope)
        if span is None:
            value = 0.0
        else:
            if self.spec.min_words and _words(span) < self.spec.min_words:
                return []
            value = self.measure(span)
        low = self.spec.min is not None and value < self.spec.min
        high = self.spec.max is not None and value > self.spec.max
        if not (low or high):
            return []
        if span is None or (low and value == 0):
            return [Hit(value=value)]  # nothing there to point at
        locator = LOCATORS.get(self.spec.measure)
        first = locator.search(span.doc.text, span.start_char, span.end_char) if locator and high else None
        if first is not None:
            return [Hit(first.start(), first.end(), value=value)]
        return [Hit(span.start_char, span.end_char, value=value)]
