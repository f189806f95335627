"""An exact stand-in for spaCy's lemmatizer that works each word out once.

spaCy's lemmatizer goes token by token in Python: for a token without a lemma it reads the token's text, coarse
part of speech and morphology and applies its tables. It remembers an answer only for words that reach its suffix
rules, so every singular noun, base-form verb and plain adjective (most words) is worked out again each time it
occurs: about 0.3 ms a draft. What it computes depends on those three values alone (``rule_lemmatize`` and the
English ``is_base_form`` read nothing else; the lookup mode reads the text only), so the stand-in asks the real
lemmatizer once per (text, part of speech, morphology), keeps the answer, and sets a draft's lemmas in one array
write. Tokens that already have a lemma (the attribute ruler's exceptions) keep it, as in spaCy.
``tests/test_attributes.py`` compares every token's lemma with spaCy's own pipeline.

A lemmatizer of another class (which may read more of a token), in another mode or set to overwrite lemmas keeps
spaCy's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

_READS_TEXT_TAG_AND_MORPHOLOGY = (Lemmatizer, EnglishLemmatizer)
_MODES = ("rule", "lookup")
_MEMO_LIMIT = 200_000
"""Distinct (text, part of speech, morphology) answers remembered before the memo starts again."""


class FastLemmatizer:
    """Sets the lemmas ``lemmatizer`` would set; see the module's docstring."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}
        self._started = False

    @classmethod
    def of(cls, component: Any) -> FastLemmatizer | None:
        """The stand-in for ``component``, or None when it is not a lemmatizer of the kind described above."""
        if type(component) not in _READS_TEXT_TAG_AND_MORPHOLOGY:
            return None
        if component.overwrite or component.mode not in _MODES:
            return None
        return cls(component)

    def __call__(self, doc: Doc) -> Doc:
        if not self._started:  # spaCy's first call checks its tables are loaded: let it make that call
            self._started = True
            return self.lemmatizer(doc)
        memo, strings = self._memo, doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if not lemma:
                key = (orth, pos, morph)
                lemma = memo.get(key, 0)
                if not lemma:
                    if len(memo) >= _MEMO_LIMIT:
                        memo.clear()
                    lemma = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        if lemmas:
            doc.from_array([LEMMA], cast(Ints2d, numpy.array(lemmas, dtype="uint64").reshape(-1, 1)))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
