from __future__ import annotations

import pytest
from spacy.language import Language

from conftest import blank_document
from requestlint.checks.swap import SwapCheck
from requestlint.schema import SwapRule

BASE = {
    "code": "TST02",
    "name": "test.swap",
    "pitfall": "informal-tone",
    "severity": "warning",
    "message": "{match} -> {replacement}",
    "short": "Test",
    "summary": "Flags test words.",
    "why": "Because tests need a reason that is long enough.",
    "references": ["test"],
    "suggestion": {"principle": "Write it out", "replacements": ["{replacement}"]},
    "check": "swap",
    "scope": "draft",
}


@pytest.mark.parametrize(
    ("attr", "text", "expected"),
    [
        ("LOWER", "Hi Sam,\nThx, can u call?\nBest,\nKim\n", [("Thx", "thank you"), ("u", "you")]),
        ("ORTH", "Hi Sam,\nThx, can u call?\nBest,\nKim\n", [("u", "you")]),
        ("ORTH", "Hi Sam,\nI am an RN and can call.\nBest,\nKim\n", []),
    ],
)
def test_swap_offers_replacement(blank: Language, attr: str, text: str, expected: list[tuple[str, str]]) -> None:
    rule = SwapRule.model_validate({**BASE, "attr": attr, "swap": {"thx": "thank you", "u": "you", "rn": "right now"}})
    hits = SwapCheck(rule, blank, {}).run(blank_document(blank, text))
    assert [(text[h.start : h.end], h.replacement) for h in hits if h.start is not None] == expected
