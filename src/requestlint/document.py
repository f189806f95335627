"""A parsed draft: source text, email structure, and one spaCy ``Doc`` aligned character for character.

The ``Doc`` is built from an *analysis text* of exactly the same length as the source text: headers (but the
subject value) and quoted text are blanked to spaces, and line breaks inside a body paragraph become spaces,
so that a phrase wrapped over two lines still matches. Offsets in the ``Doc`` are offsets in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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
    text = _unwrap_paragraphs(text, starts).translate(_STRAIGHT_QUOTES)
    return text, sorted(set(starts))


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
    for offset in starts:
        token = _first_token_at(doc, offset)
        if token is not None and token.i > 0:
            doc[token.i].is_sent_start = True
    return doc


def _first_token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, min(offset + 1, len(doc.text)), alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token: Token = span[0]
    return token
