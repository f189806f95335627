"""Facts about the writer and the reader, read from the draft to build concrete replacement text.

A suggestion such as a specific subject line is only useful if it is about *this* writer: their school,
programme, role and field, read from the parse of what they wrote (``writer_facts``; the signature and the
subject included), the reader's name from the greeting, dates from the headers and the quoted message.
"""

from __future__ import annotations

import dataclasses
import datetime
import email.utils
import functools
import itertools
import re
from dataclasses import dataclass

from requestlint.document import Document
from requestlint.models import Part
from requestlint.vocabulary import greeting_words
from requestlint.writer_facts import WriterFacts, writer_facts


@functools.cache
def _greeting_word() -> re.Pattern[str]:
    return re.compile(rf"^\s*({greeting_words()})\b[\s,]*", re.IGNORECASE)


MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The date of a quoted earlier message: "On Tue, Mar 3, 2026 at 9:14 AM ... wrote:" or Outlook's "Sent: Tuesday,
# March 3, 2026 9:14 AM" (also "3 March"). The weekday is optional; month names may be abbreviated.
_QUOTED_DATE = re.compile(
    r"^\W*(?:On|Sent:|Date:)\s+(?:(?P<weekday>[A-Za-z]{3,9}),?\s+)?(?:(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>[A-Za-z]{3,9})\.?)\b",
    re.MULTILINE,
)
# What a subject line says the conversation is about: "Thank you for our call about hospital pharmacy",
# "Re: 20 minutes on museum education?" (the text after the last about/on/regarding, reply prefixes removed).
_SUBJECT_TOPIC = re.compile(
    r"\b(?:about|on|regarding|concerning|re)\s+([A-Za-z][\w&'/-]*(?: [A-Za-z][\w&'/-]*){0,7})\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|sv)\s*:\s*)+", re.IGNORECASE)
_VAGUE_TOPIC = re.compile(
    r"^(?:your|my|our|the)\s+(?:career(?: path)?|path|journey|experience|work|role|background|time)s?$", re.I
)
_NAME_PARTICLES = frozenset({"de", "van", "von", "da", "del", "della", "la", "le", "bin", "al", "ter", "dos"})
_NAME_WORDS = re.compile(r"[^\W\d_][\w'\u2019. -]*")
_NAME_HEADER = re.compile(r"^\s*\"?([^<\"@]+?)\"?\s*<")
_VAGUE = {"it", "this", "that", "things", "stuff", "more", "what you do", "your work", "the field"}


@dataclass(frozen=True)
class Facts:
    school: str | None = None
    study: str | None = None
    field: str | None = None
    role: str | None = None
    recipient: str | None = None
    writer: str | None = None
    earlier: str | None = None  # when the quoted earlier message was sent: "on Tuesday, March 3"
    subject_topic: str | None = None  # what the subject says the conversation is about
    next_call: str = "next Tuesday morning"  # when the writer will call: dated from the Date header when there is one
    follow_up: bool = False  # the draft is a follow-up: next-step wording for a second message

    @property
    def topic(self) -> str | None:
        return self.field or self.study

    def without(self, words: frozenset[str]) -> Facts:
        """These facts minus any that holds one of ``words`` (the words of a job ask the report flags: a draft
        "interested in a summer internship" must not be offered a subject or an ask about that internship)."""
        if not words:
            return self

        def kept(value: str | None) -> str | None:
            return None if value and words & words_in(value) else value

        return dataclasses.replace(
            self,
            school=kept(self.school),
            study=kept(self.study),
            field=kept(self.field),
            role=kept(self.role),
            subject_topic=kept(self.subject_topic),
        )

    def as_dict(self) -> dict[str, str]:
        values = {
            "school": self.school,
            "study": self.study,
            "field": self.field,
            "role": self.role,
            "recipient": self.recipient,
            "writer": self.writer,
            "topic": self.topic,
            "earlier": self.earlier,
            "subject_topic": self.subject_topic,
            "next_call": self.next_call,
            "follow_up_call": self.next_call if self.follow_up else None,
        }
        return {key: value for key, value in values.items() if value}


_WORD = re.compile(r"[a-z][a-z'-]*")
_ASK_WORD_POS = frozenset({"NOUN", "PROPN", "VERB"})


def words_in(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def job_ask_words(document: Document, spans: list[tuple[int, int]]) -> frozenset[str]:
    """The content words (nouns, names, verbs that are not stop words) of the flagged job asks, by the parse:
    "any internship openings on your" gives {"internship", "openings"}."""
    words: set[str] = set()
    for start, end in spans:
        span = document.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            words.update(t.lower_ for t in span if t.pos_ in _ASK_WORD_POS and not t.is_stop and t.is_alpha)
    return frozenset(words)


def _recipient(document: Document) -> str | None:
    to = document.source.headers.get("to", "")
    header = _NAME_HEADER.match(to)
    bounds = document.structure.range_of(Part.GREETING)
    greeting = document.source.text[bounds[0] : bounds[1]] if bounds else ""
    # the words of a name after the greeting word: "Lauren!! 🍷" is Lauren, "hi ms. reyes" Ms. Reyes; a chat line
    # ("hey did u see my msg") is no name at all
    name = _NAME_WORDS.match(_greeting_word().sub("", greeting))
    named = name.group(0).strip(" .-") if name else ""
    words = named.split()
    if named and not named[0].isupper():
        named = " ".join(w[0].upper() + w[1:] for w in words) if len(words) <= 3 and named == named.lower() else ""
    elif words:  # "Hey Sam how are you": the name ends where the sentence goes on in lower case
        kept = list(itertools.takewhile(lambda w: w[0].isupper() or w in _NAME_PARTICLES | {"and", "&"}, words))
        while kept and kept[-1] in _NAME_PARTICLES | {"and", "&"}:
            kept.pop()
        named = " ".join(kept).strip(" .-")
    not_names = ("there", "again", "all", "team", "everyone", "sir", "madam", "whom")
    if named and not named.lower().startswith(not_names):
        return named
    if header:
        return header.group(1).strip()
    return None


def writer_name(document: Document) -> str | None:
    """The writer's name: the From header's, a signature line that is a name, or "my name is ..."."""
    from_header = _NAME_HEADER.match(document.source.headers.get("from", ""))
    if from_header:
        return from_header.group(1).strip()
    signature = document.text(Part.SIGNATURE).strip().splitlines()
    if signature and re.fullmatch(r"[A-Z][\w'-]+( [A-Z][\w.'-]+){0,3}", signature[0].strip()):
        return signature[0].strip()
    named = re.search(r"\bmy name is ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)", document.text(Part.BODY))
    return named.group(1) if named else None


def full_name(word: str, names: tuple[str, ...]) -> str | None:
    """The name in ``names`` that ``word`` abbreviates ("Tue" -> "tuesday"), if any (three letters at least)."""
    word = word.lower()
    return next((name for name in names if len(word) >= 3 and name.startswith(word)), None)


def _earlier(document: Document) -> str | None:
    """The date of the quoted earlier message, written as a follow-up would say it."""
    text = document.source.text
    for start, end in document.structure.quoted:
        found = _QUOTED_DATE.search(text, start, end)
        if not found:
            continue
        month = full_name(found["month"] or found["month2"], MONTHS)
        day = int(found["day"] or found["day2"])
        if month is None or not 1 <= day <= 31:
            continue
        weekday = full_name(found["weekday"] or "", WEEKDAYS)
        date = f"{month.capitalize()} {day}"
        return f"on {weekday.capitalize()}, {date}" if weekday else f"on {date}"
    return None


def _subject_topic(document: Document) -> str | None:
    subject = _REPLY_PREFIX.sub("", document.source.subject or "")
    found = _SUBJECT_TOPIC.search(subject)
    if not found:
        return None
    topic = " ".join(found.group(1).split())
    return None if _VAGUE_TOPIC.match(topic) or topic.lower() in _VAGUE else topic


def extract_facts(document: Document) -> Facts:
    parts = (Part.BODY, Part.SIGNATURE, Part.SUBJECT)  # the body says it best; a subject's grammar is clipped
    own = [bounds for part in parts for bounds in document.structure.ranges_of(part)]
    parsed = document.doc.has_annotation("DEP")
    writer = writer_facts(document.doc, own, document.source.text) if parsed else WriterFacts()
    return Facts(
        school=writer.school,
        study=writer.study,
        field=writer.field,
        role=writer.role,
        recipient=_recipient(document),
        writer=writer_name(document),
        earlier=_earlier(document),
        subject_topic=_subject_topic(document),
        next_call=_next_call(document),
    )


CALL_WEEKDAY = 1  # Tuesday (Monday is 0): a morning call early in the week, as the guide's examples do
CALL_AFTER_DAYS = 3  # time for the reader to answer by email first


def _next_call(document: Document) -> str:
    """When the writer says they will call: the first Tuesday at least three days after the draft's Date header
    ("on the morning of Tuesday, 10 March"); without a date, "next Tuesday morning". Never today's date: a
    report must not change from one day to the next."""
    header = document.source.headers.get("date")
    try:
        sent = email.utils.parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is None:
        return "next Tuesday morning"
    day = sent.date() + datetime.timedelta(days=CALL_AFTER_DAYS)
    day += datetime.timedelta(days=(CALL_WEEKDAY - day.weekday()) % 7)
    return f"on the morning of {day:%A}, {day.day} {day:%B}"
