"""The stand-in lemmatizer sets exactly the lemmas spaCy's sets (the whole pipeline is compared token by token,
lemmas included, in ``test_attributes.py``)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.pipeline import Lemmatizer

from requestlint.lemmas import FastLemmatizer
from requestlint.nlp import run_components, stand_in_for

COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
TEXT = "She was running meetings; the analysts' better ideas were written up. I'm told he's been there."


def lemmas(nlp: Language, text: str, fast: bool) -> list[str]:
    if fast:
        doc = next(run_components(nlp, [nlp.make_doc(text)], COMPONENTS))
    else:
        with nlp.select_pipes(enable=COMPONENTS):
            doc = nlp(text)
    return [token.lemma_ for token in doc]


@pytest.mark.model
def test_lemmas_the_stand_in_is_what_runs_and_agrees_on_repeated_words(model_nlp: Language) -> None:
    assert isinstance(stand_in_for(model_nlp.get_pipe("lemmatizer")), FastLemmatizer)
    for _ in range(3):  # the first draft goes to spaCy's own; later ones come from the stand-in's memory
        assert lemmas(model_nlp, TEXT, fast=True) == lemmas(model_nlp, TEXT, fast=False)
    assert lemmas(model_nlp, TEXT, fast=True)[:4] == ["she", "be", "run", "meeting"]


@pytest.mark.model
def test_lemmas_a_lemma_set_before_is_kept(model_nlp: Language) -> None:
    fast = FastLemmatizer.of(model_nlp.get_pipe("lemmatizer"))
    assert fast is not None
    tagged = [next(run_components(model_nlp, [model_nlp.make_doc(text)], COMPONENTS[:4])) for text in ("Warm.", TEXT)]
    fast(tagged[0])  # its first call is spaCy's
    doc = tagged[1]
    doc[3].lemma_ = "gathering"  # as the attribute ruler sets its exceptions
    fast(doc)
    assert [token.lemma_ for token in doc][:4] == ["she", "be", "run", "gathering"]


@pytest.mark.model
def test_lemmas_a_lemmatizer_it_cannot_stand_in_for_keeps_spacys(model_nlp: Language) -> None:
    overwriting = Lemmatizer(model_nlp.vocab, None, mode="lookup", overwrite=True)
    assert FastLemmatizer.of(overwriting) is None
    assert stand_in_for(overwriting) is overwriting

    class ReadsMore(Lemmatizer):  # a subclass may read more of a token than its text, tag and morphology
        pass

    assert FastLemmatizer.of(ReadsMore(model_nlp.vocab, None, mode="lookup")) is None
    assert FastLemmatizer.of(model_nlp.get_pipe("attribute_ruler")) is None
