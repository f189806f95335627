"""Typed edits: a rule's filled replacement turned into a change of the draft that ``requestlint fix`` can apply.

A rule says how its replacement edits the draft (``suggestion.fix`` in its YAML); the edit is built here from
the draft's structure and offered only when it is complete and reads right: no blank left for the writer to
fill (``[your field]``, ``{school}``), no word doubled where it joins the draft ("Dear Marcus, Marcus"), and
inserted lines end the way the draft's lines end (CRLF or LF). Otherwise the finding keeps its replacement as
advice and carries no edit.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from spacy.tokens import Span

from requestlint.checks.metric import sentence_openers
from requestlint.document import Document
from requestlint.models import Edit, Part
from requestlint.schema import FixKind

SAFE: frozenset[FixKind] = frozenset(
    {
        "replace-match",
        "delete-match",
        "set-subject",
        "replace-greeting",
        "add-sign-off",
        "calm-exclamations",
        "capitalise-sentences",
    }
)
"""Fix kinds that keep what the draft says: applied by ``requestlint fix`` unasked."""

_BLANK = re.compile(r"\[[^\]]*\]|\{[a-z_]+\}")
_WORD = re.compile(r"[A-Za-z']+")

Builder = Callable[[Document, tuple[int, int] | None, str], Edit | None]


def build_edits(
    fix: FixKind | None,
    document: Document,
    span: tuple[int, int] | None,
    text: str | None,
    *,
    scope: Part = Part.DRAFT,
    deletes: bool = False,
) -> list[Edit]:
    """The edits a finding offers: none without a fix kind or a complete replacement, or when it would read wrong.

    ``scope``: the part the rule measures (where a part fix corrects every mark). ``deletes``: the check found
    the match should go (a swap to nothing, e.g. 'lol'), whatever the advice says.
    """
    if fix is None or document.source.decoded:  # offsets into a decoded body cannot edit the file
        return []
    if fix in PART_FIXES:
        part = document.span(scope)
        return PART_FIXES[fix](document, part) if part is not None else []
    if fix == "delete-match" or (fix == "replace-match" and deletes):
        edit = _delete(document, span)
    elif text is None or _BLANK.search(text) or doubled_words(text):
        return []
    else:
        edit = _BUILDERS[fix](document, span, _line_ends(document, text))
    if edit is None or _doubles_a_word_at_joins(document.source.text, edit):
        return []
    return [edit]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` applied; they must not overlap (the caller chooses which to apply)."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _replace(document: Document, span: tuple[int, int] | None, text: str) -> Edit | None:
    """The match swapped for the replacement, when the match is whole words: the tokenizer splits "im" into
    "i" + "m", and "I" for that "i" would make "Im"."""
    if span is None:
        return None
    source = document.source.text
    start, end = span
    # Before the match nothing of a word ("don't" has no "t" to swap); after it, an apostrophe may follow
    # ("i'm" -> "I'm").
    if (start > 0 and (source[start - 1].isalnum() or source[start - 1] in "'\u2019")) or (
        end < len(source) and source[end].isalnum()
    ):
        return None
    return Edit(op="replace", start=start, end=end, text=text, safe=True)


def _delete(document: Document, span: tuple[int, int] | None) -> Edit | None:
    """Delete the span and one space beside it, so that no double space or space before a stop is left."""
    if span is None:
        return None
    text = document.source.text
    start, end = span
    end = _past_emoji_modifiers(text, end)
    if start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " \r\n.,!?;:"):
        start -= 1
    elif end < len(text) and text[end] == " " and (start == 0 or text[start - 1] == "\n"):
        end += 1
    return Edit(op="delete", start=start, end=end, text="", safe=True)


def _set_subject(document: Document, span: tuple[int, int] | None, text: str) -> Edit | None:
    source = document.source
    if source.subject_start is not None and source.subject_end is not None:
        return Edit(op="set-subject", start=source.subject_start, end=source.subject_end, text=text, safe=True)
    newline = _newline(document)
    # A draft with headers gets one more header line; a bare draft gets a header block of its own.
    header = f"Subject: {text}{newline}" + ("" if source.headers else newline)
    return Edit(op="set-subject", start=0, end=0, text=header, safe=True)


def _replace_greeting(document: Document, span: tuple[int, int] | None, text: str) -> Edit | None:
    greeting = document.structure.range_of(Part.GREETING)
    if greeting is not None:
        return Edit(op="replace", start=greeting[0], end=greeting[1], text=text, safe=True)
    body = document.structure.range_of(Part.BODY)
    if body is None:
        return None
    newline = _newline(document)
    return Edit(op="insert", start=body[0], end=body[0], text=f"{text}{newline}{newline}", safe=True)


def _add_sign_off(document: Document, span: tuple[int, int] | None, text: str) -> Edit | None:
    """A sign-off after the body; before an existing signature only its first line (the name is already there)."""
    structure, newline = document.structure, _newline(document)
    signature = structure.range_of(Part.SIGNATURE)
    if signature is not None:
        first_line = text.split(newline, 1)[0]
        return Edit(op="insert", start=signature[0], end=signature[0], text=f"{first_line}{newline}", safe=True)
    body = structure.range_of(Part.BODY)
    if body is None:
        return None
    return Edit(op="insert", start=body[1], end=body[1], text=f"{newline}{newline}{text}", safe=True)


def _replace_sentence(document: Document, span: tuple[int, int] | None, text: str) -> Edit | None:
    body = document.structure.range_of(Part.BODY)
    if span is None or body is None or not body[0] <= span[0] < body[1]:
        return None
    start, end = document.sentence_around(*span)
    start, end = max(start, body[0]), min(end, body[1])
    source = document.source.text
    while end > start and source[end - 1].isspace():
        end -= 1
    return Edit(op="replace", start=start, end=end, text=text, safe=False)


def _insert_after_greeting(document: Document, span: tuple[int, int] | None, text: str) -> Edit | None:
    """A sentence that opens the body (background comes first in a request)."""
    body = document.structure.range_of(Part.BODY)
    if body is None:
        return None
    return Edit(op="insert", start=body[0], end=body[0], text=f"{text} ", safe=False)


def _add_before_closing(document: Document, span: tuple[int, int] | None, text: str) -> Edit | None:
    """A paragraph of its own at the end of the body (where a next step or a last request belongs)."""
    body = document.structure.range_of(Part.BODY)
    if body is None:
        return None
    source, end = document.source.text, body[1]
    while end > body[0] and source[end - 1].isspace():
        end -= 1
    newline = _newline(document)
    return Edit(op="insert", start=end, end=end, text=f"{newline}{newline}{text}", safe=False)


_EMOJI_MODIFIERS = re.compile("(?:[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3]|\u200d.)+", re.DOTALL)


def _past_emoji_modifiers(text: str, end: int) -> int:
    """The end of an emoji with what belongs to it: a variation selector, a skin tone, a zero-width-joined
    sequence ("🌪️" is two code points; deleting the first alone leaves an invisible one behind)."""
    found = _EMOJI_MODIFIERS.match(text, end)
    return found.end() if found else end


_EXCLAMATIONS = re.compile(r"[ \t]*(!+)")


def _calm_exclamations(document: Document, part: Span) -> list[Edit]:
    """Exclamation marks calmed: one kept in the body (the first, a run shortened to one), every later run a
    full stop, a greeting's or a sign-off's a comma, a subject's none. A mark beside a question mark goes
    ("?!" -> "?"); one inside a word, a link or brackets stays ("Yahoo!Mail", "(!)")."""
    text, edits, kept = document.doc.text, [], False
    line_ends = {bounds[1] for part in (Part.GREETING, Part.CLOSING) if (bounds := document.structure.range_of(part))}
    for found in _EXCLAMATIONS.finditer(text, part.start_char, part.end_char):
        start, end = found.span(1)
        before, after = text[start - 1 : start], text[end : end + 1]
        if after.isalnum() or before in ("(", "") or _in_a_link(document, start):
            continue
        if "?" in (before, after) or _within(document.structure.subject, start):
            edits.append(Edit(op="delete", start=found.start(), end=end, text="", safe=True))
        elif end in line_ends:
            edits.append(Edit(op="replace", start=found.start(), end=end, text=",", safe=True))
        elif not kept:
            kept = True
            if end - start > 1:
                edits.append(Edit(op="replace", start=start, end=end, text="!", safe=True))
        else:
            edits.append(Edit(op="replace", start=found.start(), end=end, text=".", safe=True))
    return edits


def _within(bounds: tuple[int, int] | None, offset: int) -> bool:
    return bounds is not None and bounds[0] <= offset < bounds[1]


def _in_a_link(document: Document, offset: int) -> bool:
    around = document.doc.char_span(offset, offset + 1, alignment_mode="expand")
    return around is not None and any(token.like_url or token.like_email for token in around)


def _capitalise_sentences(document: Document, part: Span) -> list[Edit]:
    """A capital for each prose sentence that starts in lowercase; a word with a capital of its own inside
    ("iPhone", "eBay") or a link is left as written."""
    source, edits = document.source.text, []
    for token in sentence_openers(part):
        first = source[token.idx]
        own_capitals = token.text[1:] != token.text[1:].lower()
        if first.islower() and len(first.upper()) == 1 and not (own_capitals or token.like_url or token.like_email):
            edits.append(Edit(op="replace", start=token.idx, end=token.idx + 1, text=first.upper(), safe=True))
    return edits


PART_FIXES: dict[FixKind, Callable[[Document, Span], list[Edit]]] = {
    "calm-exclamations": _calm_exclamations,
    "capitalise-sentences": _capitalise_sentences,
}
"""Fix kinds that need no replacement: they correct every mark the rule measures in its scope."""

_BUILDERS: dict[FixKind, Builder] = {
    "replace-match": _replace,
    "set-subject": _set_subject,
    "replace-greeting": _replace_greeting,
    "add-sign-off": _add_sign_off,
    "replace-sentence": _replace_sentence,
    "insert-after-greeting": _insert_after_greeting,
    "add-before-closing": _add_before_closing,
}


def _newline(document: Document) -> str:
    return "\r\n" if "\r\n" in document.source.text else "\n"


def _line_ends(document: Document, text: str) -> str:
    return text.replace("\n", _newline(document)) if _newline(document) != "\n" else text


def doubled_words(text: str) -> set[str]:
    """The words that stand twice in a row in ``text`` (lower case): "please please"."""
    words = [w.lower() for w in _WORD.findall(text)]
    return {a for a, b in itertools.pairwise(words) if a == b}


def _doubles_a_word_at_joins(source: str, edit: Edit) -> bool:
    """Whether the edit puts a word right beside the same word of the draft ("Dear Marcus, Marcus,")."""
    before = _WORD.findall(source[max(0, edit.start - 40) : edit.start])
    after = _WORD.findall(source[edit.end : edit.end + 40])
    inserted = _WORD.findall(edit.text)
    if not inserted:
        return bool(before and after and before[-1].lower() == after[0].lower())
    return bool(
        (before and before[-1].lower() == inserted[0].lower()) or (after and after[0].lower() == inserted[-1].lower())
    )
