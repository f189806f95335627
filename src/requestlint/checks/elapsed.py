"""``check: elapsed`` — how long after an event the draft mentions it was sent (a thank-you note's promptness).

The draft's ``Date:`` header says when it was sent; a sentence that mentions the event (found by the rule's
``event`` matchers) says when the event was: "today" or "this morning", "yesterday", a weekday ("on Tuesday":
the last such day before the sending date) or a calendar date ("March 3", "3 March", "3/14"). The rule fires when
the two dates are at least ``min_days`` calendar days apart. A draft without a Date header, or whose event
sentence names no date, is not judged: the check never guesses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

from spacy.language import Language

from requestlint.checks.base import Check, Hit, compile_all
from requestlint.checks.matching import Moves, sentence_bounds
from requestlint.document import Document
from requestlint.facts import MONTHS, WEEKDAYS, full_name
from requestlint.schema import ElapsedRule

_MONTH = (
    r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WHEN = re.compile(
    r"\b(?:(?P<today>today|this (?:morning|afternoon|evening)|tonight)"
    r"|(?P<yesterday>yesterday|last night)"
    r"|(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s)?"
    rf"|{_MONTH.format('month')}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.format('month2')}"
    r"|(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/\d{2,4})?\b)",
    re.IGNORECASE,
)


def sent_on(document: Document) -> date | None:
    header = document.source.headers.get("date")
    if not header:
        return None
    try:
        return parsedate_to_datetime(header).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # a malformed Date header is no date, not an error


def _on_or_before(sent: date, month: int, day: int) -> date | None:
    """The date with this month and day on or before ``sent`` (last year's, if this year's is still to come)."""
    for year in (sent.year, sent.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= sent:
            return candidate
    return None


def event_date(found: re.Match[str], sent: date) -> date | None:
    try:
        return _event_date(found, sent)
    except OverflowError:
        return None  # a Date header in year 1 has no day before it


def _event_date(found: re.Match[str], sent: date) -> date | None:
    if found["today"]:
        return sent
    if found["yesterday"]:
        return sent - timedelta(days=1)
    if found["weekday"]:
        # "on Tuesday" in a note sent on a Tuesday means a week earlier: the same day would be "today"
        back = (sent.weekday() - WEEKDAYS.index(found["weekday"].lower())) % 7 or 7
        return sent - timedelta(days=back)
    if found["m"]:
        return _on_or_before(sent, int(found["m"]), int(found["d"]))
    month = found["month"] or found["month2"]
    day = found["day"] or found["day2"]
    name = full_name(month, MONTHS)
    return None if name is None else _on_or_before(sent, MONTHS.index(name) + 1, int(day))


class ElapsedCheck(Check):
    def __init__(self, rule: ElapsedRule, nlp: Language, moves: Moves) -> None:
        super().__init__(rule, nlp, moves)
        self.event = compile_all(rule.event, nlp, rule.scope, moves)
        self.min_days = rule.min_days

    def own_needs(self) -> frozenset[str]:
        needs: set[str] = {"parser"}  # the date is looked for in the event's sentence
        for matcher in self.event:
            needs |= matcher.needs
        return frozenset(needs)

    def run(self, document: Document) -> list[Hit]:
        sent = sent_on(document)
        if sent is None:
            return []
        text = document.doc.text
        for matcher in self.event:
            for start, end in matcher.find(document):
                lo, hi = sentence_bounds(document, start, end)
                for found in _WHEN.finditer(text, lo, hi):
                    when = event_date(found, sent)
                    if when is not None and (sent - when).days >= self.min_days:
                        return [Hit(found.start(), found.end(), value=float((sent - when).days))]
                    if when is not None:
                        return []  # the event is dated, and recently enough
        return []
