"""The only conftest (spaCy's convention): shared fixtures and helpers.

Unit tests of check kinds build documents on a blank English pipeline with hand-set annotations (no model);
tests marked ``model`` use the real English pipeline from PyPI.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from requestlint.document import Document
from requestlint.source import read_draft
from requestlint.structure import analyse_structure


@pytest.fixture(scope="session")
def blank() -> Language:
    return spacy.blank("en")


def blank_document(nlp: Language, text: str, pos: dict[str, str] | None = None, sentences: bool = True) -> Document:
    """A Document over ``text`` tokenised by a blank pipeline; ``pos`` maps token text to a POS tag."""
    source = read_draft(text)
    structure = analyse_structure(source)
    tokens = nlp.make_doc(text)
    words = [t.text for t in tokens]
    spaces = [bool(t.whitespace_) for t in tokens]
    tags = [(pos or {}).get(w, "X") for w in words] if pos is not None else None
    starts: Sequence[bool] | None = None
    if sentences:
        starts = [i == 0 or words[i - 1] in (".", "?", "!") or "\n" in words[i - 1] for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=tags, sent_starts=starts)
    assert doc.text == text
    return Document(source, structure, doc)


@pytest.fixture(scope="session")
def model_nlp() -> Language:
    from requestlint.nlp import load_nlp

    return load_nlp()
