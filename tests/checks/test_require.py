from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import blank_document
from requestlint.checks.require import RequireCheck, paragraph_around
from requestlint.schema import MoveFile, RequireRule

BASE = {
    "code": "TST05",
    "name": "test.require",
    "pitfall": "unspecific-ask",
    "severity": "warning",
    "message": "missing",
    "short": "Test",
    "summary": "Requires a test move.",
    "why": "Because tests need a reason that is long enough.",
    "references": ["test"],
    "suggestion": {"principle": "Do better"},
    "check": "require",
}
MOVES = {"bound": MoveFile(name="bound", description="a bound", match=[{"phrases": ["20 minutes"]}])}


def run(blank: Language, text: str, **extra: object) -> list[tuple[int | None, int | None]]:
    rule = RequireRule.model_validate({**BASE, **extra})
    return [(h.start, h.end) for h in RequireCheck(rule, blank, MOVES).run(blank_document(blank, text))]


def test_require_fires_without_span_when_move_absent(blank: Language) -> None:
    assert run(blank, "Hi Sam,\nCan we talk?\nBest,\nKim\n", require=[{"move": "bound"}]) == [(None, None)]
    assert run(blank, "Hi Sam,\nCan we talk for 20 minutes?\nBest,\nKim\n", require=[{"move": "bound"}]) == []


def test_require_with_when_points_at_trigger(blank: Language) -> None:
    text = "Hi Sam,\nCan we talk?\nBest,\nKim\n"
    assert run(blank, text, when=[{"phrases": ["can we talk"]}], require=[{"move": "bound"}]) == [(8, 19)]
    assert (
        run(
            blank,
            "Hi Sam,\nI like maps.\nBest,\nKim\n",
            when=[{"phrases": ["can we talk"]}],
            require=[{"move": "bound"}],
        )
        == []
    )


def test_require_unless_skips_draft(blank: Language) -> None:
    text = "Hi Sam,\nCan we talk? Thanks.\nBest,\nKim\n"
    assert run(blank, text, require=[{"move": "bound"}], unless=[{"phrases": ["thanks"]}]) == []


def test_require_near_paragraph(blank: Language) -> None:
    far = "Hi Sam,\n\nI have 20 minutes of questions.\n\nCan we talk?\n\nBest,\nKim\n"
    near = "Hi Sam,\n\nCan we talk? It would take 20 minutes.\n\nBest,\nKim\n"
    spec = {"when": [{"phrases": ["can we talk"]}], "require": [{"move": "bound"}], "near": "paragraph"}
    assert run(blank, far, **spec) != []
    assert run(blank, near, **spec) == []
    assert run(blank, far, **{**spec, "near": "scope"}) == []


def test_require_near_needs_when() -> None:
    with pytest.raises(ValueError, match="needs 'when'"):
        RequireRule.model_validate({**BASE, "require": [{"move": "bound"}], "near": "paragraph"})


@pytest.mark.parametrize(
    ("span", "expected"),
    [((0, 1), "one\ntwo"), ((10, 11), "three"), ((18, 19), "four")],
)
def test_paragraph_around(span: tuple[int, int], expected: str) -> None:
    text = "one\ntwo\n\nthree\n\n \nfour"
    start, end = paragraph_around(text, span)
    assert text[start:end].strip() == expected
