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


def test_a_groups_matchers_are_built_when_it_is_first_matched(blank: Language) -> None:
    bank = MatcherBank(blank)
    with bank.grouped("thank-you"):
        key = bank.add_tokens([[{"LOWER": "call"}], [{"LOWER": "third"}, {"LOWER": "email"}]])
        phrases = bank.add_phrases(["best"], "LOWER")
    assert not bank.tokens and not bank.phrases, "nothing is built before a draft of that kind is matched"
    document = blank_document(blank, DRAFT)
    text = document.source.text
    assert [text[s:e] for s, e in bank.spans_in(document, key, 0, len(text))] == ["call", "third email"]
    assert [text[s:e] for s, e in bank.spans_in(document, phrases, 0, len(text))] == ["Best"]
    assert {slot[0] for slot in bank.tokens} == {"thank-you"}
    assert len(bank.tokens) == 2, "one matcher per set of words a match needs ({call}; {third} and {email})"


def test_a_pattern_without_the_words_of_the_draft_is_not_run(blank: Language) -> None:
    from requestlint.checks.matching import anchors_of

    assert anchors_of([{"LOWER": {"IN": ["Would", "could"]}}, {"LOWER": "you", "OP": "?"}, {"IS_ALPHA": True}]) == {
        ("word", frozenset({"would", "could"}))
    }
    assert anchors_of([{"LEMMA": "apply"}, {"LOWER": "now", "OP": "{0,2}"}, {"TEXT": {"REGEX": "x"}}]) == {
        ("lemma", frozenset({"apply"}))
    }
    assert anchors_of([{"LOWER": "not", "OP": "!"}, {"POS": "NOUN", "OP": "+"}]) == frozenset()


def test_the_longest_match_a_pattern_allows() -> None:
    from requestlint.checks.matching import longest_match

    assert longest_match([{"LOWER": "i"}, {"OP": "{0,12}"}, {"LOWER": "call"}, {"LOWER": "you", "OP": "?"}]) == 15
    assert longest_match([{"LOWER": "a"}, {"OP": "{2}"}]) == 3
    assert longest_match([{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "*"}]) is None
    assert longest_match([{"LOWER": "a"}, {"OP": "{1,}"}]) is None


def test_matches_far_apart_in_a_long_draft_are_all_found_in_their_windows(blank: Language) -> None:
    """A pattern of bounded length is matched only around the rarest of its words; every match is still found,
    at the start, in the middle and at the end of a long draft, and one across a window's edge too."""
    filler = " ".join(["word"] * 60)
    body = f"third email {filler} my third email {filler} third and final email"
    draft = f"Subject: Hello\n\nDear Ms. Lee,\n\n{body}\n\nBest,\nSam\n"
    bank = MatcherBank(blank)
    key = bank.add_tokens(
        [[{"LOWER": "third"}, {"LOWER": {"IN": ["and", "final"]}, "OP": "{0,2}"}, {"LOWER": "email"}]]
    )
    document = blank_document(blank, draft)
    text = document.source.text
    assert [text[s:e] for s, e in bank.spans_in(document, key, 0, len(text))] == [
        "third email",
        "third email",
        "third and final email",
    ]
