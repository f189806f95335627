"""Facts read from a draft to fill suggestions: when the earlier message was sent, what the subject is about."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import blank_document
from requestlint.facts import extract_facts


@pytest.mark.parametrize(
    ("subject", "topic"),
    [
        ("Re: 20 minutes on museum education?", "museum education"),
        ("Thank you for our call about hospital pharmacy", "hospital pharmacy"),
        ("RE: Fwd: Question regarding water policy careers", "water policy careers"),
        ("Thank you - conversation about your career path", None),
        ("Thank you!", None),
    ],
)
def test_facts_subject_topic(blank: Language, subject: str, topic: str | None) -> None:
    draft = f"Subject: {subject}\n\nDear Ms. Lee,\n\nThank you.\n\nBest,\nSam\n"
    assert extract_facts(blank_document(blank, draft)).subject_topic == topic


@pytest.mark.parametrize(
    ("quoted", "earlier"),
    [
        ("On Tue, Mar 3, 2026 at 9:14 AM Sam Lee <sam@example.edu> wrote:\n> Hello", "on Tuesday, March 3"),
        ("On 2 May 2025, at 10:12, Sam Lee <sam@example.edu> wrote:\n> Hello", "on May 2"),
        (
            "-----Original Message-----\nFrom: Sam Lee\nSent: Monday, June 2, 2025 8:41 AM\nTo: Ana\n\nHello",
            "on Monday, June 2",
        ),
        ("> Hello, with no attribution line", None),
    ],
)
def test_facts_earlier_message_date(blank: Language, quoted: str, earlier: str | None) -> None:
    draft = f"Subject: Re: Hello\n\nDear Ms. Lee,\n\nJust following up.\n\nBest,\nSam\n\n{quoted}\n"
    assert extract_facts(blank_document(blank, draft)).earlier == earlier
