"""The matcher bank matches a group of patterns only when one of its keys is asked for, and answers the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.matcher import PhraseMatcher

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
    assert len(bank.tokens) == 1, "one matcher per set of words a match needs ({third} and {email})"
    assert set(bank._word_patterns) == {"thank-you"}, "a one-word pattern ('call') is matched word by word"


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


def test_open_gap_opens_the_only_variable_token() -> None:
    from requestlint.checks.matching import open_gap

    assert open_gap([{"LOWER": "i"}, {"OP": "{0,12}"}, {"LOWER": "call"}]) == (
        [{"LOWER": "i"}, {"OP": "*"}, {"LOWER": "call"}],
        14,
    )
    assert open_gap([{"LOWER": "not", "OP": "!"}, {"IS_ALPHA": True, "OP": "{1,3}"}]) == (
        [{"LOWER": "not", "OP": "!"}, {"IS_ALPHA": True, "OP": "+"}],
        4,
    )
    assert open_gap([{"LOWER": "a"}, {"OP": "{0,2}"}, {"LOWER": "b", "OP": "?"}]) is None, "two variable tokens"
    assert open_gap([{"LOWER": "a"}, {"OP": "{2}"}]) is None, "a fixed count has no gap to open"
    assert open_gap([{"LOWER": "a"}, {"OP": "{2,4}"}]) is None, "a lower bound above 1 is kept as written"
    assert open_gap([{"LOWER": "a"}, {"LOWER": "b"}]) is None


# Every way the bank files a pattern: one word (remembered per word), a bounded gap (opened), two gaps (as written),
# anchored and windowed, unbounded, and a pattern with no word at all.
PATTERNS = [
    [{"LOWER": "call"}],
    [{"TEXT": {"REGEX": "^\\d{1,2}(st|nd|rd|th)$"}}],
    [{"IS_ALPHA": True, "LOWER": {"NOT_IN": ["the", "a", "word"]}, "LENGTH": {">=": 5}}],
    [{"LOWER": {"IN": ["i", "we"]}}, {"LOWER": "will"}, {"OP": "{0,3}"}, {"LOWER": {"IN": ["monday", "14th"]}}],
    [{"LOWER": "third"}, {"IS_ALPHA": True, "OP": "{1,2}"}, {"LOWER": "email"}],
    [{"LOWER": "third"}, {"OP": "{0,2}"}, {"LOWER": "and", "OP": "?"}, {"LOWER": "email"}],
    [{"LOWER": "call"}, {"OP": "*"}, {"LOWER": "monday"}],
    [{"IS_TITLE": True}, {"IS_PUNCT": True}],
]
TEXTS = [
    DRAFT,
    "Subject: Call\n\nDear Ms. Lee,\n\nI will call you on Monday. We will call Monday or the 14th. This is my "
    "third email, my third annoying email and third and final email. I will not ever call you next week Monday.\n\n"
    "Best,\nSam\n",
    "Subject: x\n\nHi,\n\n" + " ".join(["word"] * 40) + " i will call on monday " + " ".join(["word"] * 40) + "\n",
]


def test_the_bank_finds_what_spacys_matcher_finds(blank: Language) -> None:
    from spacy.matcher import Matcher

    bank = MatcherBank(blank)
    keys = [bank.add_tokens([pattern]) for pattern in PATTERNS]
    found = 0
    for draft in TEXTS:
        for _ in range(2):  # the second time, one-word patterns answer from what the bank remembers
            document = blank_document(blank, draft)
            text = document.source.text
            for key, pattern in zip(keys, PATTERNS, strict=True):
                plain = Matcher(blank.vocab)
                plain.add("p", [pattern])
                doc = document.doc
                expected = sorted({(doc[s:e].start_char, doc[s:e].end_char) for _, s, e in plain(doc)})
                assert bank.spans_in(document, key, 0, len(text)) == expected, (pattern, draft[:40])
                found += len(expected)
    assert found > 40


def test_bank_phrases_from_the_user_cache_match_as_phrase_docs_do(
    blank: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phrases are handed to spaCy's PhraseMatcher as stored token values (``keywords``): the same matches as the
    Docs it would otherwise make, whether the values were just worked out or read back from the user cache."""
    monkeypatch.setenv("REQUESTLINT_CACHE_DIR", str(tmp_path))
    phrases = ["can't wait", "e-mail me", "hi there,", "Dr. Lee", "twenty-minute chat", "U.S."]
    text = "Hi there, I can't wait.\nE-mail me about a twenty-minute chat with Dr. Lee in the U.S. soon.\n"
    for attr in ("LOWER", "ORTH"):
        plain = PhraseMatcher(blank.vocab, attr=attr)
        plain.add("x", [blank.make_doc(phrase) for phrase in phrases])
        doc = blank.make_doc(text)
        want = sorted((doc[s:e].start_char, doc[s:e].end_char) for _, s, e in plain(doc))
        assert want, "the phrases occur in the text"
        for attempt in ("worked out", "read back"):
            bank = MatcherBank(blank)
            key = bank.add_phrases(phrases, attr)
            document = blank_document(blank, text)
            assert bank.spans_in(document, key, 0, len(document.source.text)) == want, (attr, attempt)
        assert list(tmp_path.glob("phrase-keywords-*.pickle")), "the values are stored"


def test_bank_one_word_matches_survive_the_memo_starting_again(
    blank: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One-word patterns are answered once per word and remembered up to a limit; when the memory starts again,
    no word of the draft at hand loses its matches."""
    from requestlint.checks import matching

    monkeypatch.setattr(matching, "WORDS_REMEMBERED", 3)
    bank = MatcherBank(blank)
    key = bank.add_tokens([[{"LOWER": {"REGEX": "^(call|email)$"}}]])
    other = "Subject: Re\n\nHi,\n\nPlease call.\n\nAna\n"
    for text, want in ((DRAFT, ["call", "email"]), (DRAFT, ["call", "email"]), (other, ["call"])):
        document = blank_document(blank, text)  # each draft has more distinct words than the limit
        assert [text[s:e] for s, e in bank.spans_in(document, key, 0, len(text))] == want
    # the memory started again before the last draft: it holds that draft's words and no others
    assert bank._words_seen[""] == {token.orth for token in document.doc}
