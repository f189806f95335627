"""A parsed draft: source text, email structure, and one spaCy ``Doc`` aligned character for character.

The ``Doc`` is built from an *analysis text* of exactly the same length as the source text: headers (but the
subject value) and quoted text are blanked to spaces, and line breaks inside a body paragraph become spaces,
so that a phrase wrapped over two lines still matches. Offsets in the ``Doc`` are offsets in the input.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

from requestlint.models import Part
from requestlint.source import Source, is_reply_subject
from requestlint.structure import Structure

# Curly quotes become straight ones (same length), so "I\u2019d" matches rules written with "I'd".
_STRAIGHT_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_BULLET = re.compile(r"^\s*([-*\u2022\u2013]|\d+[.)])\s")


@dataclass(frozen=True)
class Document:
    source: Source
    structure: Structure
    doc: Doc
    matches: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # see checks.matching

    @functools.cached_property
    def has_sentences(self) -> bool:
        """Whether sentence boundaries are set (``Doc.has_annotation`` scans every token: ask once)."""
        return bool(self.doc.has_annotation("SENT_START"))

    @functools.cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of the parser's sentences, in order (one span when not parsed)."""
        if not self.has_sentences:
            return [(0, len(self.doc.text))]
        return [(sentence.start_char, sentence.end_char) for sentence in self.doc.sents]

    @functools.cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence that holds ``start`` (to the end of the one holding ``end``), found by bisection."""
        starts = self._sentence_starts
        first = max(0, bisect.bisect_right(starts, start) - 1)
        last = max(first, bisect.bisect_left(starts, end) - 1)
        return self.sentences[first][0], max(self.sentences[last][1], end)

    @property
    def is_reply(self) -> bool:
        """A reply in a thread: a 'Re:'/'Fwd:' subject, or quoted or forwarded text below the writer's own."""
        return bool(self.structure.quoted) or is_reply_subject(self.source.subject)

    def span(self, part: Part) -> Span | None:
        """The tokens of one part, or None if the draft does not have it."""
        bounds = self.structure.range_of(part)
        if bounds is None:
            return None
        return self.doc.char_span(bounds[0], bounds[1], alignment_mode="expand")

    def text(self, part: Part) -> str:
        """The writer's own text of a part: quoted lines blanked, lines of a paragraph joined by spaces."""
        return "\n\n".join(str(self.doc.text[lo:hi]) for lo, hi in self.structure.ranges_of(part))


def analysis_text(source: Source, structure: Structure) -> tuple[str, list[int]]:
    """The same-length text spaCy sees, and the offsets where a sentence must start."""
    chars = ["\n" if c == "\n" else " " for c in source.text]  # line breaks stay; everything else is blanked
    starts: list[int] = []

    def keep(bounds: tuple[int, int] | None) -> None:
        if bounds is None:
            return
        chars[bounds[0] : bounds[1]] = source.text[bounds[0] : bounds[1]]
        starts.append(bounds[0])

    keep(structure.subject)
    keep(structure.greeting)
    keep(structure.closing)
    if structure.body is not None:
        starts.append(structure.body[0])
    quoted = structure.quoted
    body = structure.body
    signature = structure.signature
    postscript = structure.postscript
    if postscript is not None:
        starts.append(postscript[0])
    for line in structure.own_lines:
        if any(q[0] <= line.start < q[1] for q in quoted) or line.blank:
            continue
        inside_body = body is not None and body[0] <= line.end and line.start < body[1]
        inside_sig = signature is not None and signature[0] <= line.start < signature[1]
        inside_ps = postscript is not None and postscript[0] <= line.start < postscript[1]
        if not (inside_body or inside_sig or inside_ps):
            continue
        lo = max(line.start, body[0]) if inside_body and body is not None else line.start
        chars[lo : line.end] = source.text[lo : line.end]
        if inside_sig or _BULLET.match(line.text):
            starts.append(lo)
    text = "".join(chars)
    # Paragraph starts inside the body: a blank line before them.
    if body is not None:
        for match in re.finditer(r"\n[ \t\r]*\n\s*(?=\S)", source.text[body[0] : body[1]]):
            starts.append(body[0] + match.end())
    text = _break_long_runs(_unwrap_paragraphs(text, starts).translate(_STRAIGHT_QUOTES))
    return text, sorted(set(starts))


_SYMBOL_PIECE = 32
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{2 * _SYMBOL_PIECE},}}")
_WORD_PIECE = 256
_LONG_WORD = re.compile(rf"\S{{{_WORD_PIECE + 1},}}")


def _break_long_runs(text: str) -> str:
    """Put spaces into runs of characters that would cost spaCy time growing with the square of their length.

    The tokenizer peels a run of punctuation or emoji ("!?!?...") one prefix or suffix at a time, and a
    pattern's regular expression searches one huge token from every position: 40 KB of either took minutes,
    holding the interpreter lock. A space every 32 characters of such a run, and every 256 characters of any
    unbroken run (far longer than a word or an ordinary URL), bounds both; no rule reads inside such a run, and
    the text keeps its length, so every offset stays right.
    """

    def spaced(piece: int) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            run = list(match.group(0))
            for index in range(piece, len(run), piece):
                run[index] = " "
            return "".join(run)

        return replace

    return _LONG_WORD.sub(spaced(_WORD_PIECE), _SYMBOL_RUN.sub(spaced(_SYMBOL_PIECE), text))


def _unwrap_paragraphs(text: str, starts: list[int]) -> str:
    """Turn a lone line break between two words of a paragraph into a space (same length)."""
    start_set = set(starts)
    out = list(text)
    for match in re.finditer(r"(?<=\S)[ \t]*\r?\n(?=[ \t]*\S)", text):
        nxt = match.end()
        while nxt < len(text) and text[nxt] in " \t":
            nxt += 1
        if nxt in start_set:
            continue
        for i in range(match.start(), match.end()):
            out[i] = " "
    return "".join(out)


def make_doc(nlp: Language, source: Source, structure: Structure) -> Doc:
    """Tokenise the analysis text and preset sentence starts at part and paragraph boundaries."""
    text, starts = analysis_text(source, structure)
    doc = nlp.make_doc(text)
    token_starts = [token.idx for token in doc]  # one pass, then each start is found by bisection
    marks = numpy.zeros((len(doc), 1), dtype="uint64")  # 0: the parser decides; 1: a sentence starts here
    for offset in starts:
        index = _first_token_at(token_starts, offset, doc)
        if index is not None and index > 0:
            marks[index, 0] = 1
    # One call for all of them: setting Token.is_sent_start one by one rescans the whole Doc each time.
    doc.from_array([SENT_START], cast(Ints2d, marks))
    return doc


def _first_token_at(token_starts: list[int], offset: int, doc: Doc) -> int | None:
    """The index of the token that holds ``offset`` or, if it falls between tokens, of the next one."""
    index = bisect.bisect_right(token_starts, offset) - 1
    if index >= 0 and offset < token_starts[index] + len(doc[index].text):
        return index
    return index + 1 if index + 1 < len(token_starts) else None
