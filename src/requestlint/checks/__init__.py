"""Check kinds: one small module each. The table below is the only registration."""

from __future__ import annotations

from spacy.language import Language

from requestlint.checks.base import Check, Hit
from requestlint.checks.elapsed import ElapsedCheck
from requestlint.checks.matching import Moves
from requestlint.checks.metric import MetricCheck
from requestlint.checks.pattern import PatternCheck
from requestlint.checks.phrase import PhraseCheck
from requestlint.checks.require import RequireCheck
from requestlint.checks.swap import SwapCheck
from requestlint.schema import (
    DependencyRule,
    ElapsedRule,
    MetricRule,
    PatternRule,
    PhraseRule,
    RequireRule,
    RuleBase,
    SwapRule,
)

KINDS: dict[type[RuleBase], type[Check]] = {
    PhraseRule: PhraseCheck,
    SwapRule: SwapCheck,
    PatternRule: PatternCheck,
    DependencyRule: PatternCheck,
    MetricRule: MetricCheck,
    RequireRule: RequireCheck,
    ElapsedRule: ElapsedCheck,
}


def compile_rule(rule: RuleBase, nlp: Language, moves: Moves) -> Check:
    return KINDS[type(rule)](rule, nlp, moves)


__all__ = ["Check", "Hit", "compile_rule"]
