"""Kind recognition: request / follow-up / thank-you / other, by the trained classifier over cue moves.

The model is fitted by tools/train_kind_model.py on benchmarks/corpus; these cases are regression examples
written for the tests (none is in the corpus), and test_kind_model_is_current checks that the shipped weights
are what fitting gives today.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import requestlint
from requestlint import Settings
from requestlint.kinds import Cues, Features, KindGuess, bundled_model, classify
from requestlint.models import DraftKind
from requestlint.schema import GenreModel, KindModelFile

REQUEST = DraftKind.REQUEST
FOLLOW_UP = DraftKind.FOLLOW_UP
THANK_YOU = DraftKind.THANK_YOU
OTHER = DraftKind.OTHER
ROOT = Path(__file__).resolve().parents[1]
QUOTE = "\n\nOn Mon, Mar 3, 2025 at 9:14 AM Pat Lee <pat@example.org> wrote:\n> Happy to help. What times work?\n"

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


def _draft(subject: str | None, text: str, has_quote: bool) -> str:
    head = f"Subject: {subject}\n" if subject is not None else ""
    return f"{head}\n{text}\n" + (QUOTE if has_quote else "")


@pytest.mark.model
@pytest.mark.parametrize(("subject", "text", "has_quote", "expected"), CASES)
def test_kinds_recognised(subject: str | None, text: str, has_quote: bool, expected: DraftKind) -> None:
    report = requestlint.check(_draft(subject, text, has_quote), settings=Settings(languagetool="off"))
    assert report.kind is expected, report.notes


@pytest.mark.model
def test_kind_confidence_is_a_probability_and_forcing_makes_it_certain() -> None:
    draft = _draft("Question", "hey, can i pick your brain sometime?\nKira", False)
    guessed = requestlint.check(draft, settings=Settings(languagetool="off"))
    assert 0.25 <= guessed.kind_confidence <= 1.0 and not guessed.kind_overridden
    forced = requestlint.check(draft, settings=Settings(languagetool="off"), kind="thank-you")
    assert (forced.kind, forced.kind_confidence, forced.kind_overridden) == (THANK_YOU, 1.0, True)


def _model(other_bias: float, floor: float, outside_threshold: float = 1.0) -> KindModelFile:
    # genre: the word "invoice" makes mail outside the genre likely (0.88); nothing else does (0.5)
    return KindModelFile(
        classes=[REQUEST, FOLLOW_UP, THANK_YOU, OTHER],
        features=["asks"],
        weights=[[1.0], [0.0], [0.0], [0.0]],
        bias=[0.0, 0.0, 0.0, other_bias],
        request_floor=floor,
        genre=GenreModel(
            vocabulary=["invoice"],
            weights=[[0.0, 0.0], [0.0, 2.0]],
            bias=[0.0, 0.0],
            threshold=outside_threshold,
            decisive_threshold=min(1.0, outside_threshold + 0.1),
            longest_words=700,
        ),
        trained_on="a test",
    )


NO_CUES = Cues([], [])


def _features(asks: float, *words: str) -> Features:
    return Features([asks], frozenset(words))


def test_request_floor_reads_a_likely_request_as_one() -> None:
    # other 0.46 > request 0.31: argmax says other, but request + follow-up (0.42) reach the floor
    model = _model(other_bias=1.4, floor=0.4)
    assert classify(model, _features(1.0), NO_CUES).kind is REQUEST
    assert classify(_model(other_bias=1.4, floor=0.5), _features(1.0), NO_CUES).kind is OTHER
    assert classify(model, _features(0.0), NO_CUES).kind is OTHER  # no ask: request 0.14 + follow-up 0.14 < 0.4


def test_a_decisive_cue_makes_a_request_however_likely_other_is() -> None:
    model = _model(other_bias=5.0, floor=0.4)
    assert classify(model, _features(1.0), NO_CUES).kind is OTHER
    assert classify(model, _features(1.0), Cues([0], [])).kind is REQUEST
    assert classify(model, _features(1.0), Cues([0], [0])).kind is OTHER  # a cue that keeps "other" overrules


def test_nothing_that_refers_back_makes_no_follow_up() -> None:
    model = _model(other_bias=0.0, floor=0.9)
    follow_up_heavy = model.model_copy(update={"weights": [[1.0], [3.0], [0.0], [0.0]]})
    assert classify(follow_up_heavy, _features(1.0), Cues([], [], [0])).kind is FOLLOW_UP  # the cue is there
    assert classify(follow_up_heavy, _features(0.0, "x"), Cues([], [], [0])).kind is not FOLLOW_UP
    guess = classify(follow_up_heavy, Features([1.0], frozenset()), Cues([], [], []))
    assert guess.kind is FOLLOW_UP  # with no follow-up markers defined, the model alone decides


def test_writing_to_the_reader_before_makes_an_asking_draft_a_follow_up() -> None:
    model = _model(other_bias=0.0, floor=0.9)  # request 2.718 : follow-up 1 : thank-you 1 : other 1
    assert classify(model, _features(1.0), Cues([], [], [0])).kind is REQUEST
    guess = classify(model, _features(1.0), Cues([], [], [0], [0]))
    assert guess.kind is FOLLOW_UP
    assert guess.confidence == pytest.approx(3.718 / 5.718, abs=1e-3)  # as sure as of request + follow-up
    thanks = model.model_copy(update={"weights": [[1.0], [0.0], [3.0], [0.0]]})
    assert classify(thanks, _features(1.0), Cues([], [], [0], [0])).kind is THANK_YOU  # a thank-you stays one


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "I'm a junior in forestry and wrote to you on May 1 asking for 20 minutes about fire prevention careers.",
        "I've messaged you twice about a 20-minute chat on how UX research is organised at your company.",
        "I reached out at the end of February about your work in speech therapy. Would you have 20 minutes?",
        "I'm the nursing student who wrote to you in February. Would you have 20 minutes to talk about oncology?",
        "Last week I asked for a short call about radiology residency applications. Could we talk for 15 minutes?",
        "Sorry for the second message. Would you have 15 minutes to talk about part-time law school?",
        "As I mentioned in my email in March, I ran kitchens for twelve years. Could we talk for 20 minutes?",
        # what the reader did, or did not do, with the writer's message
        "I can see that you have opened my email three times. Could you reply either way?",
        "You have not answered any of my messages about a 20-minute chat on hospital pharmacy.",
        "A short update since I last wrote: I finished the GRI course. Would 20 minutes on reporting work?",
    ],
)
def test_a_request_restated_after_writing_before_is_a_follow_up(body: str) -> None:
    draft = f"Dear Ms. Park,\n\n{body} I am a student at Leeds.\n\nBest regards,\nAmir Haddad\n"
    assert requestlint.check(draft).kind is FOLLOW_UP


@pytest.mark.model
def test_writing_about_other_things_is_not_writing_before() -> None:
    draft = (
        "Subject: 20 minutes on soil science careers?\n\nDear Dr. Osei,\n\nI am a final-year student at Leeds; I "
        "wrote my thesis on soil carbon. A few weeks ago I wrote to your colleague Dr. Mensah, who suggested I "
        "contact you. "
        "Would you have 20 minutes next week to talk about careers in soil science?\n\nBest regards,\nAmir Haddad\n"
    )
    assert requestlint.check(draft).kind is REQUEST


def test_mail_outside_the_genre_is_other_whatever_it_asks() -> None:
    model = _model(other_bias=-5.0, floor=0.4, outside_threshold=0.8)
    guess = classify(model, _features(1.0, "invoice", "please"), NO_CUES)
    assert (guess.kind, guess.outside_genre, guess.confidence) == (OTHER, True, pytest.approx(0.881, abs=1e-3))
    # a decisive cue raises the bar to 0.9: 0.881 is not enough to set it aside
    assert classify(model, _features(1.0, "invoice"), Cues([0], [])).kind is REQUEST
    assert classify(model, _features(1.0, "please"), NO_CUES).kind is REQUEST


def test_classify_returns_the_probability_of_its_kind() -> None:
    guess = classify(_model(other_bias=0.0, floor=0.9), _features(1.0), NO_CUES)
    assert isinstance(guess, KindGuess) and guess.kind is REQUEST
    assert guess.confidence == pytest.approx(2.718 / (2.718 + 3), abs=1e-3)


@pytest.mark.model
def test_kind_model_is_current() -> None:
    """The shipped weights are what tools/train_kind_model.py fits on the corpus today (retrain when not)."""
    spec = importlib.util.spec_from_file_location("train_kind_model", ROOT / "tools" / "train_kind_model.py")
    assert spec is not None and spec.loader is not None
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    fitted = trainer.train()
    shipped = bundled_model()
    assert fitted.features == shipped.features and fitted.classes == shipped.classes
    assert fitted.trained_on == shipped.trained_on
    for fitted_row, shipped_row in zip(fitted.weights, shipped.weights, strict=True):
        assert fitted_row == pytest.approx(shipped_row, abs=2e-3)
    assert fitted.bias == pytest.approx(shipped.bias, abs=2e-3)


@pytest.mark.model
@pytest.mark.parametrize(
    ("quote_header", "own"),
    [
        ("> On Mon, May 4, 2026 at 9:10 AM Amir Haddad <amir@example.org> wrote:", True),
        ("> From: Amir Haddad", True),
        ("> On Mon, May 4, 2026 at 9:10 AM Lena Park <lena@example.org> wrote:", False),  # quotes the reader
        ("> Amir, thanks for the note", False),  # not an attribution line
    ],
)
def test_a_reply_on_the_writers_own_message_is_marked(quote_header: str, own: bool) -> None:
    from requestlint.api import parse
    from requestlint.kinds import _quotes_own_message

    draft = (
        "Subject: Re: 20 minutes on radiology residency?\n\nDear Dr. Park,\n\nAny thoughts?\n\nBest,\nAmir Haddad\n\n"
        f"{quote_header}\n> Dear Dr. Park,\n> Would you have 20 minutes on radiology residency?\n> Amir\n"
    )
    assert _quotes_own_message(parse(draft)) is own
