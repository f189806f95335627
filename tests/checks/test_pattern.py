from __future__ import annotations

from spacy.language import Language

from conftest import blank_document
from requestlint.checks.matching import pattern_needs
from requestlint.checks.pattern import PatternCheck
from requestlint.schema import PatternRule

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
