"""Email structure: greeting, body, closing, signature and quoted parts, asserted on the text of each range."""

from __future__ import annotations

import itertools

import pytest

from requestlint.models import Part
from requestlint.source import Source, read_draft
from requestlint.structure import Structure, analyse_structure

ASK = (
    "I am a junior at Ohio State studying psychology, and I read your article on onboarding research.\n"
    "Would you have 20 minutes next week to talk about how you moved into UX research?"
)
REPLY = "Tuesday at 3 pm works well for me. I will call you at the number below."


def parse(text: str) -> tuple[Source, Structure]:
    source = read_draft(text)
    return source, analyse_structure(source)


def part_text(source: Source, bounds: tuple[int, int] | None) -> str | None:
    return None if bounds is None else source.text[bounds[0] : bounds[1]]


def parts(text: str) -> dict[str, str | None]:
    source, structure = parse(text)
    return {
        "subject": part_text(source, structure.subject),
        "greeting": part_text(source, structure.greeting),
        "body": part_text(source, structure.body),
        "closing": part_text(source, structure.closing),
        "signature": part_text(source, structure.signature),
    }


def quoted(text: str) -> list[str]:
    source, structure = parse(text)
    return [source.text[start:end] for start, end in structure.quoted]


# --- greetings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "greeting",
    [
        "Dear Ms. Chen,",
        "Dear Dr. Okafor:",
        "Hi Priya,",
        "Hello Ms. Chen,",
        "Hey Priya!",
        "Good morning Dr. Okafor,",
        "Good afternoon,",
        "To whom it may concern,",
        "Ms. Chen,",
        "Priya,",
        "Professor Alvarez",
    ],
)
def test_structure_greeting_forms(greeting: str) -> None:
    got = parts(f"Subject: UX research\n\n{greeting}\n\n{ASK}\n\nBest regards,\nSam Lee\n")
    assert got == {
        "subject": "UX research",
        "greeting": greeting,
        "body": ASK,
        "closing": "Best regards,",
        "signature": "Sam Lee",
    }


@pytest.mark.parametrize(
    ("line", "greeting", "body_start"),
    [
        ("Hi Priya, I enjoyed your talk at the Columbus UX meetup last week.", "Hi Priya,", "I enjoyed your talk"),
        ("Dear Ms. Chen: I enjoyed your talk at the Columbus UX meetup.", "Dear Ms. Chen:", "I enjoyed your talk"),
        ("Hello Priya! I enjoyed your talk at the Columbus UX meetup.", "Hello Priya!", "I enjoyed your talk"),
    ],
)
def test_structure_greeting_inline_body_keeps_rest_of_line(line: str, greeting: str, body_start: str) -> None:
    got = parts(f"{line}\n{ASK}\n\nBest regards,\nSam Lee\n")
    assert got["greeting"] == greeting
    assert got["body"] is not None
    assert got["body"].startswith(body_start)
    assert got["body"].endswith("how you moved into UX research?")
    assert got["closing"] == "Best regards,"


def test_structure_greeting_short_tail_stays_in_greeting() -> None:
    # Fewer than three words after the comma: the whole line is the greeting.
    got = parts(f"Hi Priya, hope well\n\n{ASK}\n\nBest regards,\nSam Lee\n")
    assert got["greeting"] == "Hi Priya, hope well"
    assert got["body"] == ASK


def test_structure_greeting_inline_double_exclamation() -> None:
    got = parts("Hey Priya!! I loved your talk at the Columbus UX meetup last week.\n\nThanks,\nSam\n")
    assert got["greeting"] == "Hey Priya!!"
    assert got["body"] == "I loved your talk at the Columbus UX meetup last week."


@pytest.mark.parametrize(
    "first_line",
    [
        "I am a junior at Ohio State studying psychology.",
        "my name is Sam and I study psychology at Ohio State.",
        "Thank you for the talk at the Columbus UX meetup last week.",
    ],
)
def test_structure_no_greeting(first_line: str) -> None:
    got = parts(f"{first_line}\nWould you have 20 minutes to talk about UX research?\n\nBest regards,\nSam Lee\n")
    assert got["greeting"] is None
    assert got["body"] == f"{first_line}\nWould you have 20 minutes to talk about UX research?"


# --- closings and signatures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ending", "closing", "signature"),
    [
        ("Best regards,\nSam Lee", "Best regards,", "Sam Lee"),
        ("Best, Sam", "Best,", "Sam"),
        ("Sincerely,\nSam Lee", "Sincerely,", "Sam Lee"),
        ("Thank you for your time,\nSam Lee", "Thank you for your time,", "Sam Lee"),
        ("Thanks so much!\nSam", "Thanks so much!", "Sam"),
        ("Muchas gracias,\nSam Lee", "Muchas gracias,", "Sam Lee"),
        ("Cheers\nSam", "Cheers", "Sam"),
        (
            "Sincerely,\nSam Lee\nOhio State University '26\n(614) 555-0199",
            "Sincerely,",
            "Sam Lee\nOhio State University '26\n(614) 555-0199",
        ),
        ("Best regards,", "Best regards,", None),
    ],
)
def test_structure_closing_forms(ending: str, closing: str, signature: str | None) -> None:
    got = parts(f"Dear Ms. Chen,\n\n{ASK}\n\n{ending}\n")
    assert got["greeting"] == "Dear Ms. Chen,"
    assert got["body"] == ASK
    assert got["closing"] == closing
    assert got["signature"] == signature


def test_structure_thanks_sentence_in_body_is_not_a_closing() -> None:
    text = (
        "Dear Ms. Chen,\n\n"
        "Thank you for sharing your article on onboarding research, which I read twice.\n"
        "I study psychology at Ohio State and would value 20 minutes of your time next week to hear how you "
        "moved into UX research and which skills mattered most when you made the switch from teaching.\n\n"
        "Best regards,\nSam Lee\n"
    )
    got = parts(text)
    assert got["closing"] == "Best regards,"
    assert got["body"] is not None and got["body"].startswith("Thank you for sharing your article")


def test_structure_no_closing_no_signature() -> None:
    got = parts(f"Dear Ms. Chen,\n\n{ASK}\n")
    assert got["closing"] is None
    assert got["signature"] is None
    assert got["body"] == ASK


def test_structure_signature_after_delimiter() -> None:
    got = parts(f"Dear Ms. Chen,\n\n{ASK}\n\n-- \nSam Lee\nOhio State University\n")
    assert got["closing"] is None
    assert got["body"] == ASK
    assert got["signature"] == "-- \nSam Lee\nOhio State University"


def test_structure_signature_after_delimiter_with_closing_line() -> None:
    got = parts(f"Dear Ms. Chen,\n\n{ASK}\n\nI look forward to hearing from you.\n\n-- \nSam Lee\nOhio State\n")
    assert got["body"] == ASK
    assert got["closing"] == "I look forward to hearing from you."
    assert got["signature"] == "-- \nSam Lee\nOhio State"


def test_structure_signature_block_without_sign_off() -> None:
    got = parts(f"Dear Ms. Chen,\n\n{ASK}\n\nSam Lee\n(614) 555-0199\nhttps://www.linkedin.com/in/samlee\n")
    assert got["closing"] is None
    assert got["body"] == ASK
    assert got["signature"] == "Sam Lee\n(614) 555-0199\nhttps://www.linkedin.com/in/samlee"


def test_structure_last_paragraph_of_prose_is_not_a_signature() -> None:
    text = f"Dear Ms. Chen,\n\n{ASK}\n\nI will follow up next Tuesday with a few times that suit me.\n"
    got = parts(text)
    assert got["signature"] is None
    assert got["body"] == ASK + "\n\nI will follow up next Tuesday with a few times that suit me."


# --- quoted replies -----------------------------------------------------------------------------------------

OWN = f"Dear Ms. Chen,\n\n{REPLY}\n\nBest regards,\nSam Lee\n\n"

QUOTES = {
    "angle": "> Hi Sam,\n> Happy to talk. Does Tuesday at 3 pm work?\n> Priya",
    "gmail-wrapped": (
        "On Mon, Mar 3, 2025 at 9:14 AM Priya Chen <priya.chen@example.com>\nwrote:\n\n"
        "> Hi Sam,\n> Happy to talk. Does Tuesday at 3 pm work?"
    ),
    "gmail-one-line": "On Mon, Mar 3, 2025 at 9:14 AM Priya Chen <p@example.com> wrote:\n> Does Tuesday work?",
    "outlook": (
        "From: Priya Chen <priya.chen@example.com>\nSent: Monday, March 3, 2025 9:14 AM\n"
        "To: Sam Lee <sam.lee@example.edu>\nSubject: RE: UX research\n\n"
        "Hi Sam,\nHappy to talk. Does Tuesday at 3 pm work?\nPriya"
    ),
    "original-message": (
        "-----Original Message-----\nFrom: Priya Chen\nSent: Monday, March 3, 2025 9:14 AM\n\n"
        "Hi Sam,\nHappy to talk. Does Tuesday at 3 pm work?"
    ),
    "forwarded": (
        "---------- Forwarded message ---------\nFrom: Dana Ortiz <dana@example.com>\n"
        "Date: Mon, Mar 3, 2025\nSubject: Intro\n\nPriya, meet Sam."
    ),
}


@pytest.mark.parametrize("block", list(QUOTES.values()), ids=list(QUOTES))
def test_structure_quoted_reply(block: str) -> None:
    text = OWN + block + "\n"
    got = parts(text)
    assert got == {
        "subject": None,
        "greeting": "Dear Ms. Chen,",
        "body": REPLY,
        "closing": "Best regards,",
        "signature": "Sam Lee",
    }
    blocks = quoted(text)
    assert len(blocks) == 1
    assert blocks[0].rstrip("\n") == block


def test_structure_quoted_reply_crlf() -> None:
    text = (OWN + QUOTES["gmail-one-line"] + "\n").replace("\n", "\r\n")
    got = parts("Subject: Re: UX research\r\n\r\n" + text)
    assert got["subject"] == "Re: UX research"
    assert got["body"] == REPLY
    assert got["signature"] == "Sam Lee"
    assert [q.rstrip("\r\n") for q in quoted(text)] == [QUOTES["gmail-one-line"].replace("\n", "\r\n")]


def test_structure_on_monday_sentence_is_not_an_attribution() -> None:
    text = (
        "Dear Ms. Chen,\n\nOn Monday I start a new role, so I will have more time.\n"
        "Would you have 20 minutes to talk about UX research?\n\nBest regards,\nSam Lee\n"
    )
    assert quoted(text) == []
    assert parts(text)["body"] == (
        "On Monday I start a new role, so I will have more time.\nWould you have 20 minutes to talk about UX research?"
    )


def test_structure_own_lines_exclude_quoted() -> None:
    _, structure = parse(OWN + QUOTES["angle"] + "\n")
    own_text = [line.text for line in structure.own_lines if not line.blank]
    assert own_text == ["Dear Ms. Chen,", REPLY, "Best regards,", "Sam Lee"]


def test_structure_range_of_draft_covers_own_parts_only() -> None:
    source, structure = parse("Subject: Re: UX research\n\n" + OWN + QUOTES["outlook"] + "\n")
    draft = structure.range_of(Part.DRAFT)
    assert draft is not None
    assert source.text[draft[0] : draft[1]] == "Re: UX research\n\n" + OWN.rstrip("\n")


INLINE_REPLY = (
    "Subject: Re: Q3 draw file\n\nHi Tom,\n\nAttached is the file.\n\n"
    "> Could you also share any advice on how you got started in construction lending?\n\n"
    "I will send my notes on that separately.\n\nThanks,\nSam\n"
)


@pytest.mark.parametrize(
    "text",
    [
        *[pytest.param(OWN + block + "\n", id=name) for name, block in QUOTES.items()],
    ],
)
def test_structure_no_part_overlaps_quoted(text: str) -> None:
    """Quoted blocks at the end of a reply lie outside every part (an inline quote is covered below)."""
    source, structure = parse(text)
    assert structure.quoted, "the case must contain quoted text"
    for part in (Part.SUBJECT, Part.GREETING, Part.BODY, Part.CLOSING, Part.SIGNATURE, Part.DRAFT):
        bounds = structure.range_of(part)
        if bounds is None:
            continue
        for q_start, q_end in structure.quoted:
            assert bounds[1] <= q_start or q_end <= bounds[0], (part, source.text[bounds[0] : bounds[1]])


@pytest.mark.parametrize(
    "text",
    [
        f"Subject: UX research\n\nDear Ms. Chen,\n\n{ASK}\n\nBest regards,\nSam Lee\n",
        f"Hi Priya, I enjoyed your talk at the Columbus UX meetup.\n{ASK}\n\nBest, Sam\n",
        OWN + QUOTES["gmail-wrapped"] + "\n",
    ],
    ids=["plain", "inline", "reply"],
)
def test_structure_parts_in_order_and_disjoint(text: str) -> None:
    _, structure = parse(text)
    spans = [
        s
        for s in (structure.subject, structure.greeting, structure.body, structure.closing, structure.signature)
        if s is not None
    ]
    assert len(spans) >= 4
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start


@pytest.mark.model
def test_structure_inline_quote_is_not_the_writers_text() -> None:
    """A '>' block between the writer's paragraphs sits inside the body range but is blanked for analysis."""
    import requestlint
    from requestlint.models import DraftKind

    report = requestlint.check(INLINE_REPLY)
    assert report.kind is DraftKind.OTHER
    assert all(f.match is None or "advice" not in f.match for f in report.findings)
