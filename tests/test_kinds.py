"""Kind detection: request / follow-up / thank-you / other, from the subject and the writer's own text."""

from __future__ import annotations

import pytest

from requestlint.kinds import detect_kind
from requestlint.models import DraftKind

REQUEST = DraftKind.REQUEST
FOLLOW_UP = DraftKind.FOLLOW_UP
THANK_YOU = DraftKind.THANK_YOU
OTHER = DraftKind.OTHER

CASES = [
    # --- requests ---
    pytest.param(
        "Question about your path into UX research",
        "Dear Ms. Chen,\n\nI am a junior at Ohio State studying psychology. I read your article on onboarding "
        "research. Would you have 20 minutes next week to talk about how you moved into UX research?\n\n"
        "Best regards,\nSam Lee",
        False,
        REQUEST,
        id="request-plain",
    ),
    pytest.param(
        "20-minute call about hospital pharmacy",
        "Dear Dr. Okafor,\n\nThank you for considering my request. I am a second-year pharmacy student at "
        "Rutgers, and I would be grateful for 20 minutes of your time to learn how you chose hospital pharmacy.\n\n"
        "Sincerely,\nMaya Patel",
        False,
        REQUEST,
        id="request-opens-with-thank-you-for-considering",
    ),
    pytest.param(
        "Quick question",
        "hey, would love to pick your brain sometime about your career!",
        False,
        REQUEST,
        id="request-informal",
    ),
    pytest.param(
        None,
        "Dear Mr. Alvarez,\n\nI am a senior studying civil engineering at Purdue. Would you be open to a short "
        "phone call about your work on bridge retrofits?\n\nThank you,\nJordan Kim",
        False,
        REQUEST,
        id="request-no-subject",
    ),
    pytest.param(
        "Fellow Buckeye interested in UX research",
        "Dear Ms. Chen,\n\nI am a junior at Ohio State studying psychology, and I\u2019d love to hear how you "
        "moved into UX research.\n\nBest regards,\nSam Lee",
        False,
        REQUEST,
        id="request-curly-apostrophe",
    ),
    # --- follow-ups ---
    pytest.param(
        "Following up: 20-minute call about UX research",
        "Dear Ms. Chen,\n\nI wanted to follow up on my email from last week. I know your schedule is busy. "
        "Would you have 20 minutes in the next two weeks to talk about how you moved into UX research?\n\n"
        "Best regards,\nSam Lee",
        False,
        FOLLOW_UP,
        id="follow-up-restates-ask",
    ),
    pytest.param(
        "Re: Question about your path into UX research",
        "Dear Ms. Chen,\n\nI am just checking in on my earlier message below. Would you still have 20 minutes "
        "to talk about your career in UX research?\n\nBest regards,\nSam Lee",
        True,
        FOLLOW_UP,
        id="follow-up-with-quote",
    ),
    pytest.param(
        "Request for a short call about structural engineering",
        "Dear Mr. Alvarez,\n\nI reached out last week about a short conversation. I am a senior studying civil "
        "engineering at Purdue. Would you have 15 minutes in the next two weeks to share how you got started in "
        "structural engineering?\n\nThank you,\nJordan Kim",
        False,
        FOLLOW_UP,
        id="follow-up-reached-out-last-week",
    ),
    # A "Following up" subject over a note that asks for nothing and says nothing of the writer: requestlint
    # cannot tell it from any other nudge, and a false alarm costs more than a miss, so it is not linted.
    pytest.param(
        "Following up",
        "Dear Mr. Alvarez,\n\nI hope your week is going well.\n\nThank you,\nJordan Kim",
        False,
        OTHER,
        id="follow-up-subject-only",
    ),
    # Thanks for a gift is not the genre's thank-you note.
    pytest.param(
        "Thanks",
        "Thanks for the gift certificate. For someone who never cooks, this will come in handy!\nThanks, too,",
        False,
        OTHER,
        id="other-thanks-for-a-gift",
    ),
    # A newsletter is far longer than any cold request, whatever it asks.
    pytest.param(
        "Team newsletter",
        "Would you share your advice and insights on our plans? " + "The quarter went well for the team. " * 120,
        False,
        OTHER,
        id="other-long-newsletter",
    ),
    # One cue only this genre uses is enough with an ask, even with nothing else said.
    pytest.param(
        "Quick question",
        "hey, can i pick your brain sometime?\nKira",
        False,
        REQUEST,
        id="request-pick-your-brain-alone",
    ),
    # --- thank-you notes ---
    pytest.param(
        "Thank you for your time yesterday",
        "Dear Ms. Chen,\n\nThank you for taking the time to speak with me yesterday. Your advice about building a "
        "research portfolio was very helpful. As you suggested, I will reach out to Dana Ortiz next week and let "
        "you know how it goes.\n\nBest regards,\nSam Lee",
        False,
        THANK_YOU,
        id="thank-you-with-next-step",
    ),
    pytest.param(
        "Thank you",
        "Dear Ms. Chen,\n\nThank you for the conversation this morning. You mentioned that Dana Ortiz might be "
        "open to a short call; would you be willing to introduce us?\n\nBest regards,\nSam Lee",
        False,
        THANK_YOU,
        id="thank-you-asks-for-introduction",
    ),
    pytest.param(
        "Thank you",
        "Dear Ms. Chen,\n\nThank you so much for your time on our call last week. Your advice about portfolios "
        "was exactly what I needed. I will send you my revised case study by Friday, as we discussed.\n\n"
        "Best regards,\nSam Lee",
        False,
        THANK_YOU,
        id="thank-you-promises-update",
    ),
    pytest.param(
        "Thank you for yesterday's call",
        "Dear Ms. Chen,\n\nThank you for speaking with me yesterday about your work in UX research. I will follow "
        "up on your suggestion and contact Dana Ortiz this week.\n\nBest regards,\nSam Lee",
        False,
        THANK_YOU,
        id="thank-you-follow-up-on-suggestion",
    ),
    # --- other ---
    pytest.param(
        "Re: Question about your path into UX research",
        "Dear Ms. Chen,\n\nThank you for getting back to me. Tuesday at 3 pm works great; I'll call you at the "
        "number below.\n\nBest regards,\nSam Lee",
        True,
        OTHER,
        id="scheduling-reply-with-quote",
    ),
    pytest.param(
        "Re: Coffee chat",
        "Hi Priya,\n\nThursday at 10 sounds good. See you then at the Hilltop cafe.\n\nSam",
        False,
        OTHER,
        id="scheduling-reply-re-subject",
    ),
    pytest.param(
        "Draw schedule",
        "Hi Tom,\n\nCould you send me the Q3 draw file? Thanks!\n\nSam",
        False,
        OTHER,
        id="business-email",
    ),
    pytest.param(
        "Q3 draw file",
        "Hi Tom,\n\nCould you send me the Q3 draw file? I need it for the lender meeting on Friday.\n\nThanks,\nSam",
        False,
        OTHER,
        id="business-email-mentions-friday",
    ),
    pytest.param(None, "", False, OTHER, id="empty"),
    pytest.param(
        "Lunch",
        "Hi Priya,\n\nI have booked the room for the team lunch.\n\nSam",
        False,
        OTHER,
        id="statement-no-ask",
    ),
]


@pytest.mark.parametrize(("subject", "text", "has_quote", "expected"), CASES)
def test_kinds_detect(subject: str | None, text: str, has_quote: bool, expected: DraftKind) -> None:
    assert detect_kind(subject, text, has_quote) is expected


def test_kinds_scheduling_reply_needs_a_reply() -> None:
    # The same scheduling words in a fresh email with no quote and no "Re:" do not make it "other" by themselves.
    text = (
        "Dear Ms. Chen,\n\nI am a junior at Ohio State studying psychology. Would you have 20 minutes to talk "
        "about your move into UX research? Tuesday at 3 pm works well for me.\n\nBest regards,\nSam Lee"
    )
    assert detect_kind("20 minutes about UX research", text, False) is REQUEST
    assert detect_kind("Re: 20 minutes about UX research", text, False) is OTHER
    assert detect_kind("20 minutes about UX research", text, True) is OTHER


def test_kinds_follow_up_wins_over_scheduling_words() -> None:
    text = (
        "Dear Ms. Chen,\n\nJust following up on my note below. Any weekday afternoon works well for me for a "
        "20-minute call about UX research.\n\nBest regards,\nSam Lee"
    )
    assert detect_kind("Re: UX research", text, True) is FOLLOW_UP


def test_kinds_ask_without_learning_is_other() -> None:
    # Asking for something that is not the reader's time, advice or experience.
    assert detect_kind(None, "Could you please sign the attached form and return it by Friday?", False) is OTHER
