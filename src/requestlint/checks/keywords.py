"""The token values spaCy's PhraseMatcher compares for each phrase, worked out once per model and phrase list.

A PhraseMatcher holds a phrase as the values of one attribute (LOWER, ORTH) of its tokens. Getting them the usual
way, a Doc per phrase, runs the tokenizer over every phrase of every rule (about 1,100 in the bundled rules) and
makes a vocabulary entry for each new word: about 20 ms, a quarter of a cold ``requestlint check``'s first draft.
The values are hashes of strings, the same in every process for the same model, so the table is kept in the user
cache (``usercache``) under the phrases and the model that tokenised them, and the matcher is given the values
directly (``PhraseMatcher.add`` takes value sequences as well as Docs: it is how spaCy itself unpickles one).
Lemma phrases need the tagger and lemmatizer, are few, and are still made into Docs.
"""

from __future__ import annotations

import json

from spacy import about
from spacy.language import Language

from requestlint.usercache import cached, digest_of_files

Keyword = tuple[int, ...]

VALUE_ATTRS = ("LOWER", "ORTH")
"""Attributes whose values depend on the tokenizer alone, so a phrase's values can be stored."""


def keyword_table(nlp: Language, phrases: list[tuple[str, str]]) -> dict[tuple[str, str], Keyword]:
    """The values of every (attribute, phrase) pair, read from the user cache when this model made them before."""
    identity = [nlp.lang, nlp.meta.get("name", ""), nlp.meta.get("version", ""), about.__version__]
    key = digest_of_files([], json.dumps([identity, sorted(set(phrases))]))
    return cached("phrase-keywords", key, lambda: {(attr, text): keyword(nlp, attr, text) for attr, text in phrases})


def keyword(nlp: Language, attr: str, phrase: str) -> Keyword:
    """The values of ``attr`` for the tokens of ``phrase``, as ``PhraseMatcher.add`` works them out from a Doc."""
    doc = nlp.make_doc(phrase)
    return tuple(int(value) for value in doc.to_array(attr))
