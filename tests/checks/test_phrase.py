from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import blank_document
from requestlint.checks.phrase import PhraseCheck
from requestlint.schema import PhraseRule

BASE = {
    "code": "TST01",
    "name": "test.phrase",
    "pitfall": "unspecific-ask",
    "severity": "warning",
    "message": "{match}",
    "short": "Test",
    "summary": "Flags test phrases.",
    "why": "Because tests need a reason that is long enough.",
    "references": ["test"],
    "suggestion": {"principle": "Do better"},
    "check": "phrase",
}


def rule(**extra: object) -> PhraseRule:
    return PhraseRule.model_validate({**BASE, **extra})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Sam,\nCould I pick your brain sometime?\nBest,\nKim\n", ["pick your brain"]),
        ("Hi Sam,\nCould I PICK YOUR BRAIN sometime?\nBest,\nKim\n", ["PICK YOUR BRAIN"]),
        ("Hi Sam,\nCould I ask about brains?\nBest,\nKim\n", []),
    ],
)
def test_phrase_matches_lowercase_tokens(blank: Language, text: str, expected: list[str]) -> None:
    document = blank_document(blank, text)
    check = PhraseCheck(rule(phrases=["pick your brain"]), blank, {})
    assert [text[h.start : h.end] for h in check.run(document) if h.start is not None] == expected


def test_phrase_respects_scope(blank: Language) -> None:
    text = "Subject: pick your brain\n\nHi Sam,\nI am a student.\nBest,\nKim\n"
    document = blank_document(blank, text)
    in_body = PhraseCheck(rule(phrases=["pick your brain"]), blank, {})
    in_subject = PhraseCheck(rule(phrases=["pick your brain"], scope="subject"), blank, {})
    assert in_body.run(document) == []
    assert len(in_subject.run(document)) == 1


def test_phrase_unless_vetoes_hit_in_same_sentence(blank: Language) -> None:
    text = "Hi Sam,\nI am not looking for a job at all. Are you hiring? Thanks.\nBest,\nKim\n"
    document = blank_document(blank, text)
    check = PhraseCheck(rule(phrases=["a job", "are you hiring"], unless=[{"phrases": ["not looking for"]}]), blank, {})
    assert [text[h.start : h.end] for h in check.run(document) if h.start is not None] == ["Are you hiring"]


def test_phrase_keeps_longest_overlapping_match(blank: Language) -> None:
    text = "Hi Sam,\nAny help would be great.\nBest,\nKim\n"
    document = blank_document(blank, text)
    check = PhraseCheck(rule(phrases=["any help", "any help would"]), blank, {})
    assert [text[h.start : h.end] for h in check.run(document) if h.start is not None] == ["Any help would"]
