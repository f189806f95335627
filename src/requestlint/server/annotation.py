"""The text a LanguageTool client sends, and positions in it as LanguageTool reports them.

``text`` is checked as it is. ``data`` is LanguageTool's annotated text, used by clients that check HTML or
Markdown: ``{"annotation": [{"text": "Hi "}, {"markup": "<b>"}, {"markup": "<p>", "interpretAs": "\\n\\n"}]}``.
Text is checked; markup is skipped, or stands for its ``interpretAs``. Positions in the answer refer to the
original document: every ``text`` and ``markup`` string, concatenated.

LanguageTool is written in Java, so its offsets and lengths count UTF-16 code units: a character outside the
Basic Multilingual Plane (most emoji) counts 2. language_tool_python converts match offsets back to Python
characters (it subtracts one per such character before the offset), so the answer must count UTF-16 units.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import Any

from requestlint.server.errors import LanguageToolRequestError


@dataclass(frozen=True)
class Piece:
    """One annotation item: where its checked text is in the plain text, and where it is in the original."""

    plain_start: int
    plain_end: int
    original_start: int
    original_end: int
    is_text: bool


@dataclass(frozen=True)
class AnnotatedText:
    plain: str  # what requestlint checks
    original: str  # what the client's positions refer to
    pieces: tuple[Piece, ...]

    @classmethod
    def from_text(cls, text: str) -> AnnotatedText:
        return cls(text, text, (Piece(0, len(text), 0, len(text), True),))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of the plain text as a span of the original; text from ``interpretAs`` maps to its markup."""
        first = self._start(start)
        return (first, first) if end <= start else (first, max(first, self._end(end)))

    def _checked(self) -> list[Piece]:
        return [p for p in self.pieces if p.plain_end > p.plain_start]

    def _start(self, offset: int) -> int:
        pieces = self._checked()
        if not pieces:
            return 0
        # The piece that holds the character at ``offset`` (after any markup that ends there).
        piece = pieces[max(bisect.bisect_right([p.plain_start for p in pieces], offset) - 1, 0)]
        if offset >= piece.plain_end:
            return piece.original_end
        return piece.original_start + (offset - piece.plain_start) if piece.is_text else piece.original_start

    def _end(self, offset: int) -> int:
        pieces = self._checked()
        if not pieces:
            return 0
        # The piece that holds the character before ``offset`` (before any markup that starts there).
        piece = pieces[min(bisect.bisect_left([p.plain_end for p in pieces], offset), len(pieces) - 1)]
        if offset <= piece.plain_start:
            return piece.original_start
        return piece.original_start + (offset - piece.plain_start) if piece.is_text else piece.original_end


def parse_annotation(data: str) -> AnnotatedText:
    """LanguageTool's ``data`` parameter as plain text plus the way back to the original positions."""
    try:
        document: Any = json.loads(data)
    except json.JSONDecodeError as exc:
        raise LanguageToolRequestError(f"Could not parse JSON from 'data' parameter: {exc}") from None
    except RecursionError:  # annotations are a flat list: deep nesting is a bad request, not a server error
        raise LanguageToolRequestError("Could not parse JSON from 'data' parameter: nested too deeply") from None
    items = document.get("annotation") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise LanguageToolRequestError("'data' needs an 'annotation' list")
    plain: list[str] = []
    original: list[str] = []
    pieces: list[Piece] = []
    plain_at = original_at = 0
    for item in items:
        text, markup, interpret = _item(item)
        checked = text if text is not None else interpret
        written = text if text is not None else markup
        pieces.append(
            Piece(plain_at, plain_at + len(checked), original_at, original_at + len(written), text is not None)
        )
        plain.append(checked)
        original.append(written)
        plain_at += len(checked)
        original_at += len(written)
    return AnnotatedText("".join(plain), "".join(original), tuple(pieces))


def _item(item: Any) -> tuple[str | None, str, str]:
    """(text, markup, interpretAs) of one annotation item, refused as LanguageTool refuses it."""
    if not isinstance(item, dict):
        raise LanguageToolRequestError("each 'annotation' item must be an object with 'text' or 'markup'")
    text, markup, interpret = item.get("text"), item.get("markup"), item.get("interpretAs", "")
    if text is not None and markup is not None:
        raise LanguageToolRequestError("an 'annotation' item has either 'text' or 'markup', not both")
    if text is not None:
        if not isinstance(text, str):
            raise LanguageToolRequestError("'text' in 'annotation' must be a string")
        return text, "", ""
    if not isinstance(markup, str) or not isinstance(interpret, str):
        raise LanguageToolRequestError("an 'annotation' item needs 'text' or 'markup' (and 'interpretAs') strings")
    return None, markup, interpret


class Utf16:
    """Python character offsets in one string as UTF-16 code-unit offsets."""

    def __init__(self, text: str) -> None:
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def offset(self, index: int) -> int:
        return index + bisect.bisect_left(self._wide, index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """(offset, length) in UTF-16 code units."""
        first = self.offset(start)
        return first, self.offset(end) - first
