"""The stand-in attribute ruler sets exactly what spaCy's own ruler sets, token by token."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from requestlint.attributes import FastAttributeRuler
from requestlint.nlp import run_components, stand_in_for

CORPUS = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus"
# What the ruler's exceptions are about: contractions, dialect spellings, pronouns by case, spaces, "there is".
TRICKY = [
    "I ain't gonna lie, y'all, we gotta go. Let's c'mon, 'em folks said nothin' 'nuff.",
    "Hi  there,\n\n\nI'd have done it; she'd gone. It is what it is. There were two of them. Is there any?",
    "That is what that man said that day: this, these, those. Did he do it? He did. Had they had it?",
    "can't won't shan't doin' goin' somethin' ol' y' all gets got",
    "\n \n\t",
]


def texts() -> list[str]:
    drafts = sorted(CORPUS.glob("*/*.txt"))[::7]  # a few hundred drafts of every batch
    return TRICKY + [path.read_text(encoding="utf-8") for path in drafts]


def annotations(nlp: Language, text: str, fast: bool) -> list[tuple[object, ...]]:
    components = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    if fast:
        doc = next(run_components(nlp, [nlp.make_doc(text)], components))
    else:
        with nlp.select_pipes(enable=components):
            doc = nlp(text)
    columns = doc.to_array([POS, MORPH, LEMMA, TAG, DEP]).tolist()
    return [(*row, token.morph.to_json(), token.lemma_) for row, token in zip(columns, doc, strict=True)]


@pytest.mark.model
def test_attributes_the_stand_in_is_what_runs(model_nlp: Language) -> None:
    ruler = model_nlp.get_pipe("attribute_ruler")
    assert isinstance(stand_in_for(ruler), FastAttributeRuler)


@pytest.mark.model
def test_attributes_equal_spacys_own_ruler(model_nlp: Language) -> None:
    checked = 0
    for text in texts():
        assert annotations(model_nlp, text, fast=True) == annotations(model_nlp, text, fast=False), text[:80]
        checked += 1
    assert checked > 250


@pytest.mark.model
def test_attributes_a_ruler_it_cannot_read_keeps_spacys(model_nlp: Language) -> None:
    ruler = AttributeRuler(model_nlp.vocab)
    ruler.add([[{"LOWER": "so"}]], {"POS": "ADV"})
    assert isinstance(FastAttributeRuler.of(ruler), FastAttributeRuler)
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})  # an operator: not a one- or two-token test
    assert FastAttributeRuler.of(ruler) is None
    assert stand_in_for(ruler) is ruler
    shaped = AttributeRuler(model_nlp.vocab)
    shaped.add([[{"SHAPE": "Xxxx"}]], {"POS": "PROPN"})  # an attribute the stand-in does not read
    assert stand_in_for(shaped) is shaped


@pytest.mark.model
def test_attributes_later_patterns_win_as_in_spacy(model_nlp: Language) -> None:
    ruler = AttributeRuler(model_nlp.vocab)
    ruler.add([[{"LOWER": "bank"}]], {"POS": "VERB", "LEMMA": "first"})
    ruler.add([[{"LOWER": "the"}, {"LOWER": "bank"}]], {"POS": "NOUN"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^ban"}}]], {"LEMMA": "third"})
    fast = FastAttributeRuler.of(ruler)
    assert fast is not None
    theirs, ours = model_nlp.make_doc("the bank banks"), model_nlp.make_doc("the bank banks")
    ruler(theirs)
    fast(ours)
    assert [(t.pos_, t.lemma_) for t in ours] == [(t.pos_, t.lemma_) for t in theirs]
    assert [(t.pos_, t.lemma_) for t in ours][1] == ("NOUN", "third")
