"""Word lists for the parts of an email (greetings, sign-offs), read once from ``rules/_vocab/``.

They live in one place as data: the structure reader recognises a greeting or a closing by them, the facts
reader strips the greeting word to find the reader's name, and the tone rules' own phrases are checked
against them by a test, so a rule never lists a greeting the structure reader cannot see.
"""

from __future__ import annotations

import functools
import re

from requestlint.bundled import bundled_rules_dir
from requestlint.errors import RuleLoadError
from requestlint.schema import PartVocabulary
from requestlint.yamlfile import cached_model_file

VOCAB_DIR = "_vocab"


@functools.cache
def part_vocabulary(name: str) -> PartVocabulary:
    path = bundled_rules_dir() / VOCAB_DIR / f"{name}.yml"
    vocabulary = cached_model_file(f"vocabulary-{name}", path, PartVocabulary)
    if vocabulary.name != name:
        raise RuleLoadError(f"file name must be the vocabulary name: {vocabulary.name}.yml", path=path, line=1)
    return vocabulary


def alternation(phrases: list[str]) -> str:
    """A regular-expression alternation of phrases, longest first, spaces matching any run of blanks."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in ordered)


def greeting_words() -> str:
    greetings = part_vocabulary("greetings")
    return alternation([*greetings.formal, *greetings.casual])


def sign_off_words() -> str:
    sign_offs = part_vocabulary("sign-offs")
    return alternation([*sign_offs.formal, *sign_offs.casual])
