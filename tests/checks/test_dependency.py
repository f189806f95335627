from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from requestlint.checks.pattern import PatternCheck
from requestlint.document import Document
from requestlint.schema import DependencyRule
from requestlint.source import read_draft
from requestlint.structure import analyse_structure

RULE = {
    "code": "TST06",
    "name": "test.dependency",
    "pitfall": "asks-for-job",
    "severity": "error",
    "message": "{match}",
    "short": "Test",
    "summary": "Flags hire with you as subject.",
    "why": "Because tests need a reason that is long enough.",
    "references": ["test"],
    "suggestion": {"principle": "Do better"},
    "check": "dependency",
    "scope": "draft",
    "dependency": [
        [
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "hire"}},
            {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "dobj", "LOWER": "me"}},
        ]
    ],
}


def parsed(nlp: Language, text: str, heads: list[int], deps: list[str], lemmas: list[str]) -> Document:
    """A hand-parsed document (spaCy's test convention: no model)."""
    words = [t.text for t in nlp.make_doc(text)]
    spaces = [bool(t.whitespace_) for t in nlp.make_doc(text)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, lemmas=lemmas)
    source = read_draft(text)
    return Document(source, analyse_structure(source), doc)


def test_dependency_matches_head_and_dependent(blank: Language) -> None:
    # "Please hire me ." : hire is the root, me its object
    document = parsed(
        blank, "Please hire me .", [1, 1, 1, 1], ["intj", "ROOT", "dobj", "punct"], ["please", "hire", "I", "."]
    )
    check = PatternCheck(DependencyRule.model_validate(RULE), blank, {})
    assert [(h.start, h.end) for h in check.run(document)] == [(7, 14)]
    assert check.needs == frozenset({"lemma", "parser"})


def test_dependency_needs_the_relation(blank: Language) -> None:
    # "Hire people like me ." : me is not the object of hire
    document = parsed(
        blank,
        "Hire people like me .",
        [0, 0, 1, 2, 0],
        ["ROOT", "dobj", "prep", "pobj", "punct"],
        ["hire", "people", "like", "I", "."],
    )
    assert PatternCheck(DependencyRule.model_validate(RULE), blank, {}).run(document) == []
