from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import blank_document
from requestlint.checks.metric import MetricCheck
from requestlint.schema import MetricRule

BASE = {
    "code": "TST03",
    "name": "test.metric",
    "pitfall": "length",
    "severity": "warning",
    "message": "{value}",
    "short": "Test",
    "summary": "Measures test text.",
    "why": "Because tests need a reason that is long enough.",
    "references": ["test"],
    "suggestion": {"principle": "Do better"},
    "check": "metric",
}
DRAFT = "Subject: Hello\n\nHi Sam,\nI am a student at State. I like maps!! Can we talk? Really!\nBest,\nKim\n"


def run(blank: Language, **extra: object) -> list[float | None]:
    rule = MetricRule.model_validate({**BASE, **extra})
    return [hit.value for hit in MetricCheck(rule, blank, {}).run(blank_document(blank, DRAFT))]


@pytest.mark.parametrize(
    ("measure", "scope", "bound", "fires"),
    [
        ("words", "body", {"max": 10}, [13.0]),
        ("words", "body", {"max": 13}, []),
        ("words", "body", {"min": 14}, [13.0]),
        ("questions", "body", {"max": 0}, [1.0]),
        ("exclamation_runs", "draft", {"max": 0}, [1.0]),
        ("exclamations", "draft", {"max": 2}, [3.0]),
        ("characters", "subject", {"min": 1}, []),
        ("characters", "signature", {"max": 2}, [3.0]),
    ],
)
def test_metric_bounds(blank: Language, measure: str, scope: str, bound: dict[str, float], fires: list[float]) -> None:
    assert run(blank, measure=measure, scope=scope, **bound) == fires


def test_metric_missing_part_counts_as_zero_without_span(blank: Language) -> None:
    rule = MetricRule.model_validate({**BASE, "measure": "characters", "scope": "subject", "min": 1})
    hits = MetricCheck(rule, blank, {}).run(blank_document(blank, "Hi Sam,\nCan we talk?\nBest,\nKim\n"))
    assert [(h.start, h.value) for h in hits] == [(None, 0.0)]


def test_metric_min_words_skips_short_scopes(blank: Language) -> None:
    assert run(blank, measure="words", scope="body", max=1, min_words=50) == []


def test_metric_needs_a_bound() -> None:
    with pytest.raises(ValueError, match="min, max or both"):
        MetricRule.model_validate({**BASE, "measure": "words"})


def test_metric_readability_uses_offline_dictionary() -> None:
    from requestlint import readability

    easy = readability.flesch_reading_ease("The cat sat on the mat. It was a good day.")
    hard = readability.flesch_reading_ease(
        "Interdisciplinary collaboration necessitates comprehensive institutional accommodation."
    )
    assert easy > 80 > hard


def test_metric_counting_marks_points_at_the_first_one(blank: Language) -> None:
    rule = MetricRule.model_validate({**BASE, "measure": "exclamation_runs", "scope": "draft", "max": 0})
    hits = MetricCheck(rule, blank, {}).run(blank_document(blank, DRAFT))
    assert [(DRAFT[h.start : h.end], h.value) for h in hits if h.start is not None] == [("!!", 1.0)]
