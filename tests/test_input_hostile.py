"""Hostile drafts (issue 12): malformed MIME, oversized input, shapes that once cost quadratic time."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest
from spacy.language import Language

import requestlint
from requestlint import Settings
from requestlint.api import _ENGINES, MAX_ENGINES, _engine
from requestlint.cli import EXIT_ERROR, main
from requestlint.document import _break_long_runs, _first_token_at
from requestlint.errors import InputError
from requestlint.source import MAX_CHARACTERS, read_draft

OFF = Settings(languagetool="off")


def test_a_malformed_mime_header_is_read_as_written() -> None:
    source = read_draft('MIME-Version: 1.0\nFrom: "x" <\nSubject: Question about nursing\n\nhi')
    assert source.headers["from"] == '"x" <'
    assert source.subject == "Question about nursing"


@pytest.mark.model
def test_a_malformed_mime_header_does_not_crash_check() -> None:
    report = requestlint.check('MIME-Version: 1.0\nFrom: "x" <\n\nhi', settings=OFF)
    assert report.kind.value in ("request", "follow-up", "thank-you", "other")


def test_a_malformed_mime_body_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"draft\.eml: RLE301 cannot read the message body"):
        read_draft(b"MIME-Version: 1.0\nContent-Type: text/plain; charset=nope\n\nhi", name="draft.eml")


def test_input_over_the_limit_is_an_input_error() -> None:
    read_draft("a " * (MAX_CHARACTERS // 2))  # at the limit: fine
    with pytest.raises(InputError, match=r"big\.txt: RLE301 the draft is 1,000,002 characters long"):
        read_draft("a " * 500_001, name="big.txt")
    with pytest.raises(InputError, match="bytes long"):
        read_draft(b"a" * (4 * MAX_CHARACTERS + 1))


def test_cli_says_so_and_exits_2_for_an_oversized_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "novel.txt"
    draft.write_text("word " * 200_001, encoding="utf-8")
    assert main(["check", str(draft)]) == EXIT_ERROR == 2
    assert f"{draft}: RLE301 the draft is 1,000,005 characters long" in capsys.readouterr().err


def test_long_runs_are_broken_up_and_keep_their_length() -> None:
    symbols = "!?" * 100 + "\U0001f600" * 70
    word = "x" * 1000
    short = "-" * 40
    text = f"Hi! {symbols} ok {word} https://example.org/a {short}"
    broken = _break_long_runs(text)
    assert len(broken) == len(text)
    assert broken.startswith("Hi! ") and broken.endswith(f" https://example.org/a {short}")  # short runs kept
    symbol_part = broken[4 : 4 + len(symbols)]
    assert max(len(piece) for piece in symbol_part.split()) <= 32
    word_part = broken[text.index(word) : text.index(word) + len(word)]
    assert max(len(piece) for piece in word_part.split()) <= 256
    # only spaces were put in: every other character is where it was
    assert all(b == t for b, t in zip(broken, text, strict=True) if b != " ")


@pytest.mark.parametrize("offset", range(0, 40))
def test_the_token_at_an_offset_is_found_by_bisection(blank: Language, offset: int) -> None:
    doc = blank.make_doc("Dear Ms. Lee,\n\n  I am a student.\n- item")
    if offset >= len(doc.text):
        return
    starts = [token.idx for token in doc]
    found = _first_token_at(starts, offset, doc)
    expected = next((t.i for t in doc if t.idx <= offset < t.idx + len(t.text)), None)
    if expected is None:  # between tokens: the next one
        expected = next((t.i for t in doc if t.idx > offset), None)
    assert found == expected
    assert bisect.bisect_right(starts, offset) >= 0


@pytest.mark.model
@pytest.mark.parametrize("draft", ["- item\n" * 2000, "!?" * 4000, "\U0001f600" * 5000, "x" * 100_000])
def test_shapes_that_were_quadratic_are_checked(draft: str) -> None:
    report = requestlint.check(draft, settings=OFF)
    assert report.kind.value == "other"


@pytest.mark.model
def test_equivalent_settings_share_an_engine_and_the_cache_is_bounded() -> None:
    first = _engine(Settings(languagetool="off", select=["TON01", "SUB01", "TON01"]))
    assert _engine(Settings(languagetool="off", select=["SUB01", "TON01"])) is first
    for number in range(MAX_ENGINES + 3):
        _engine(Settings(languagetool="off", select=["TON01"], languagetool_allow=[f"word{number}"]))
    assert len(_ENGINES) <= MAX_ENGINES
