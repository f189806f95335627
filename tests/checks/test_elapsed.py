"""``check: elapsed``: the dates it reads, and the days it counts (rule behaviour: rules/thanks/THK04.cases.yml)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from requestlint.checks.elapsed import _WHEN, event_date

SENT = date(2026, 3, 12)  # a Thursday


def when(text: str) -> date | None:
    found = _WHEN.search(text)
    assert isinstance(found, re.Match), text
    return event_date(found, SENT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this morning", date(2026, 3, 12)),
        ("today", date(2026, 3, 12)),
        ("yesterday", date(2026, 3, 11)),
        ("on Tuesday", date(2026, 3, 10)),
        ("on Thursday", date(2026, 3, 5)),  # the sending weekday itself means a week ago
        ("March 3", date(2026, 3, 3)),
        ("3rd of March", date(2026, 3, 3)),
        ("Dec. 30", date(2025, 12, 30)),  # a date still to come this year is last year's
        ("3/14", date(2025, 3, 14)),
    ],
)
def test_elapsed_reads_the_event_date(text: str, expected: date) -> None:
    assert when(text) == expected


def test_elapsed_an_impossible_date_is_no_date() -> None:
    assert when("February 30") is None


def test_elapsed_the_first_day_of_the_calendar_has_no_yesterday() -> None:
    found = _WHEN.search("yesterday")
    assert found is not None and event_date(found, date.min) is None
