"""Greetings and sign-offs live in one place (rules/_vocab); every phrase a greeting- or closing-scoped rule
looks for is recognised as that part of the email, so no such rule holds a phrase it can never see."""

from __future__ import annotations

import pytest

from requestlint.loader import load_rules
from requestlint.models import Part
from requestlint.schema import PhraseRule
from requestlint.source import read_draft
from requestlint.structure import analyse_structure
from requestlint.vocabulary import part_vocabulary

SUBJECT = "Subject: Ohio State nursing junior - 20 minutes on hospice care?"
BODY = (
    "I am a junior at Ohio State studying nursing, and I would be grateful for 20 minutes to hear how you moved "
    "into hospice care. I will call your office on Tuesday."
)


def _phrases(scope: Part) -> list[tuple[str, str]]:
    found = []
    for rule in load_rules().rules:
        if isinstance(rule, PhraseRule) and rule.scope is scope:
            found.extend((rule.code, phrase) for phrase in rule.phrases)
    return found


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


@pytest.mark.parametrize(("code", "phrase"), _phrases(Part.GREETING))
def test_every_greeting_phrase_is_read_as_a_greeting(code: str, phrase: str) -> None:
    text = f"{SUBJECT}\n\n{_capitalised(phrase)} Ms. Lee,\n\n{BODY}\n\nBest regards,\nSam Ortiz\n"
    source = read_draft(text)
    greeting = analyse_structure(source).greeting
    assert greeting is not None, f"{code}: '{phrase}' opens no greeting"
    assert phrase.lower() in text[greeting[0] : greeting[1]].lower()


@pytest.mark.parametrize(("code", "phrase"), _phrases(Part.CLOSING))
def test_every_closing_phrase_is_read_as_a_sign_off(code: str, phrase: str) -> None:
    sign_off = _capitalised(phrase).rstrip(",")
    text = f"{SUBJECT}\n\nDear Ms. Lee,\n\n{BODY}\n\n{sign_off},\nSam Ortiz\n"
    source = read_draft(text)
    closing = analyse_structure(source).closing
    assert closing is not None, f"{code}: '{phrase}' is not read as a sign-off"
    assert phrase.rstrip(",").lower() in text[closing[0] : closing[1]].lower()


def test_casual_parts_of_the_vocabulary_are_what_the_tone_rules_flag() -> None:
    rules = {rule.code: rule for rule in load_rules().rules}
    greeting_rule, sign_off_rule = rules["TON01"], rules["TON11"]
    assert isinstance(greeting_rule, PhraseRule) and isinstance(sign_off_rule, PhraseRule)
    assert set(greeting_rule.phrases) == set(part_vocabulary("greetings").casual)
    assert {p.rstrip(",") for p in sign_off_rule.phrases} == set(part_vocabulary("sign-offs").casual)


def test_a_bare_name_or_a_dash_and_a_name_ends_the_body() -> None:
    for ending, name in (("\n\nAdrian\n", "Adrian"), (" - Nigella\n", "- Nigella")):
        text = f"Hi Marcus,\n\n{BODY}{ending}"
        structure = analyse_structure(read_draft(text))
        assert structure.signature is not None
        assert text[structure.signature[0] : structure.signature[1]] == name


def test_a_postscript_after_the_signature_is_part_of_the_body() -> None:
    postscript = "P.S. I am also a member of the student nurses' association."
    text = f"Dear Ms. Lee,\n\n{BODY}\n\nBest regards,\nSam Ortiz\n\n{postscript}\n"
    structure = analyse_structure(read_draft(text))
    assert structure.signature is not None and text[structure.signature[0] : structure.signature[1]] == "Sam Ortiz"
    ranges = structure.ranges_of(Part.BODY)
    assert len(ranges) == 2 and text[ranges[1][0] : ranges[1][1]].startswith("P.S. I am also")
