from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import blank_document
from requestlint.checks.matching import compile_matcher, pattern_needs
from requestlint.checks.pattern import PatternCheck
from requestlint.errors import RuleLoadError
from requestlint.models import Part
from requestlint.schema import AllMatch, MoveFile, MoveRef, PatternRule, PhraseMatch

BASE = {
    "code": "TST04",
    "name": "test.pattern",
    "pitfall": "informal-tone",
    "severity": "warning",
    "message": "{match}",
    "short": "Test",
    "summary": "Flags test patterns.",
    "why": "Because tests need a reason that is long enough.",
    "references": ["test"],
    "suggestion": {"principle": "Do better"},
    "check": "pattern",
    "scope": "draft",
}


def test_pattern_matches_token_attributes(blank: Language) -> None:
    text = "Hi Sam,\ni think i can help. I know.\nBest,\nKim\n"
    rule = PatternRule.model_validate({**BASE, "patterns": [[{"ORTH": "i"}]], "limit": 5})
    hits = PatternCheck(rule, blank, {}).run(blank_document(blank, text))
    assert [(text[h.start : h.end], h.start) for h in hits if h.start is not None] == [("i", 8), ("i", 16)]


def test_pattern_uses_hand_set_pos(blank: Language) -> None:
    text = "Hi Sam,\nI am a nurse. I am a fan.\nBest,\nKim\n"
    rule = PatternRule.model_validate(
        {**BASE, "patterns": [[{"LOWER": "a"}, {"POS": "NOUN", "LOWER": {"NOT_IN": ["fan"]}}]]}
    )
    check = PatternCheck(rule, blank, {})
    hits = check.run(blank_document(blank, text, pos={"nurse": "NOUN", "fan": "NOUN"}))
    assert [text[h.start : h.end] for h in hits if h.start is not None] == ["a nurse"]
    assert check.needs == frozenset({"tagger"})


def test_pattern_needs_follow_attributes() -> None:
    assert pattern_needs([[{"LOWER": "x"}]]) == frozenset()
    assert pattern_needs([[{"LEMMA": "be"}, {"DEP": "nsubj"}]]) == frozenset({"lemma", "parser"})
    assert pattern_needs([[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"ENT_TYPE": "ORG"}}]]) == frozenset({"ner"})


def test_inside_keeps_only_hits_whose_sentence_matches(blank: Language) -> None:
    text = "Hi Sam,\nCould you find me a job? I had a job once.\nBest,\nKim\n"
    rule = PatternRule.model_validate(
        {**BASE, "patterns": [[{"LOWER": "job"}]], "inside": [{"phrases": ["could you"]}], "limit": 5}
    )
    hits = PatternCheck(rule, blank, {}).run(blank_document(blank, text))
    assert [h.start for h in hits] == [text.index("job")]


def _moves() -> dict[str, MoveFile]:
    ask = PhraseMatch(phrases=["could you"])
    job = MoveFile(name="job", description="job words", match=[PhraseMatch(phrases=["job"])])
    both = MoveFile(name="asks-job", description="an ask and a job", match=[AllMatch(all=[ask, MoveRef(move="job")])])
    return {"job": job, "asks-job": both}


def test_all_matches_the_first_matcher_in_a_sentence_with_the_others(blank: Language) -> None:
    text = "Hi Sam,\nCould you help me? Could you find me a job? A job.\nBest,\nKim\n"
    matcher = compile_matcher(MoveRef(move="asks-job"), blank, Part.DRAFT, _moves())
    found = matcher.find(blank_document(blank, text))
    assert found == [(text.index("Could you find"), text.index("Could you find") + len("Could you"))]
    assert "parser" in matcher.needs  # a conjunction reads sentences


def test_moves_that_refer_to_each_other_in_a_cycle_are_a_load_error(blank: Language) -> None:
    loop_a = MoveFile(name="a", description="a", match=[AllMatch(all=[PhraseMatch(phrases=["x"]), MoveRef(move="b")])])
    loop_b = MoveFile(name="b", description="b", match=[AllMatch(all=[PhraseMatch(phrases=["y"]), MoveRef(move="a")])])
    with pytest.raises(RuleLoadError, match="cycle: a -> b -> a"):
        compile_matcher(MoveRef(move="a"), blank, Part.DRAFT, {"a": loop_a, "b": loop_b})
