"""The matcher bank matches a group of patterns only when one of its keys is asked for, and answers the same."""

from __future__ import annotations

from spacy.language import Language

from conftest import blank_document
from requestlint.checks.matching import MatcherBank

DRAFT = "Subject: Hello\n\nDear Ms. Lee,\n\nThank you for the call. This is my third email.\n\nBest,\nSam\n"


def test_bank_matches_a_group_only_when_asked(blank: Language) -> None:
    bank = MatcherBank(blank)
    everyone = bank.add_tokens([[{"LOWER": "thank"}, {"LOWER": "you"}]])
    with bank.grouped("follow-up"):
        follow_up = bank.add_tokens([[{"LOWER": "third"}, {"LOWER": "email"}]])
        shared = bank.add_tokens([[{"LOWER": "thank"}, {"LOWER": "you"}]])  # already filed: keeps its group
    assert shared == everyone
    document = blank_document(blank, DRAFT)
    text = document.source.text
    assert [text[s:e] for s, e in bank.spans_in(document, everyone, 0, len(text))] == ["Thank you"]
    assert "__bank__:follow-up" not in document.matches  # the follow-up patterns have not run
    assert [text[s:e] for s, e in bank.spans_in(document, follow_up, 0, len(text))] == ["third email"]
    assert "__bank__:follow-up" in document.matches


def test_bank_forgets_a_groups_old_matches_when_it_runs_again(blank: Language) -> None:
    bank = MatcherBank(blank)
    with bank.grouped("thank-you"):
        key = bank.add_tokens([[{"LOWER": "call"}]])
    document = blank_document(blank, DRAFT)
    document.matches[key] = ([0], [(0, 4)])  # a stale answer from an older state of the bank
    document.matches["__bank__:thank-you"] = (id(bank), -1)
    text = document.source.text
    assert [text[s:e] for s, e in bank.spans_in(document, key, 0, len(text))] == ["call"]
