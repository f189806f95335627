"""The score formula documented in scoring.py: clamp(100 - sum of weights), per draft and per pitfall."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.language import Language

from conftest import blank_document
from requestlint.checks import Hit
from requestlint.config import Settings
from requestlint.engine import Engine
from requestlint.facts import extract_facts
from requestlint.loader import load_rules
from requestlint.models import DraftKind, Finding, Part, Severity, Suggestion
from requestlint.pitfalls import PITFALLS
from requestlint.schema import RuleSpec
from requestlint.scoring import clamp, pitfall_results, score

DEFAULT = {Severity.ERROR: 15.0, Severity.WARNING: 10.0, Severity.INFO: 0.0}


def finding(
    code: str = "TON01",
    severity: Severity = Severity.WARNING,
    pitfall: str = "informal-tone",
    weight: float | None = None,
) -> Finding:
    return Finding(
        code=code,
        name="tone.casual-greeting",
        pitfall=pitfall,
        severity=severity,
        message="test finding",
        scope=Part.BODY,
        span=None,
        suggestion=Suggestion(principle="Do better"),
        weight=DEFAULT[severity] if weight is None else weight,
    )


# --- the formula over findings ------------------------------------------------------------------------------


def test_scoring_no_findings_is_100() -> None:
    assert score([]) == 100.0


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        ([Severity.ERROR], 85.0),
        ([Severity.WARNING], 90.0),
        ([Severity.INFO], 100.0),
        ([Severity.ERROR, Severity.WARNING], 75.0),
        ([Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.INFO], 60.0),
        ([Severity.WARNING] * 9, 10.0),
    ],
)
def test_scoring_weights_by_severity(severities: list[Severity], expected: float) -> None:
    assert score([finding(severity=s) for s in severities]) == expected


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([finding(severity=Severity.ERROR)] * 7, 0.0),  # 105 points off: clamped, not -5
        ([finding(severity=Severity.WARNING)] * 10, 0.0),  # exactly 100 off
        ([finding(severity=Severity.ERROR, weight=250.0)], 0.0),
    ],
)
def test_scoring_clamps_at_zero(findings: list[Finding], expected: float) -> None:
    assert score(findings) == expected


def test_scoring_rule_weight_override_on_finding() -> None:
    findings = [finding(severity=Severity.WARNING, weight=2.5), finding(severity=Severity.ERROR, weight=40.0)]
    assert score(findings) == 57.5


def test_scoring_rounds_to_one_decimal() -> None:
    assert score([finding(weight=1 / 3)] * 3) == 99.0
    assert score([finding(weight=0.04)]) == 100.0  # 99.96 rounds to 100.0


@pytest.mark.parametrize(
    ("value", "expected"), [(-12.0, 0.0), (0.0, 0.0), (55.56, 55.6), (55.54, 55.5), (100.0, 100.0), (140, 100.0)]
)
def test_scoring_clamp(value: float, expected: float) -> None:
    assert clamp(value) == expected


def test_scoring_info_costs_nothing_and_is_not_a_pitfall() -> None:
    results = pitfall_results(
        [finding(code="CRT01", severity=Severity.INFO, pitfall="unspecific-ask")], {"unspecific-ask"}
    )
    assert results["unspecific-ask"].present is False
    assert results["unspecific-ask"].score == 100.0
    assert results["unspecific-ask"].codes == ["CRT01"]


@pytest.mark.parametrize("severity", [Severity.WARNING, Severity.ERROR])
def test_scoring_warning_or_error_makes_pitfall_present(severity: Severity) -> None:
    results = pitfall_results([finding(code="JOB01", severity=severity, pitfall="asks-for-job")], set(PITFALLS))
    assert results["asks-for-job"].present is True
    assert results["asks-for-job"].score == 100.0 - DEFAULT[severity]
    assert all(not r.present for p, r in results.items() if p != "asks-for-job")


def test_scoring_pitfall_sub_scores_only_count_own_findings() -> None:
    findings = [
        finding(code="TON01", pitfall="informal-tone"),
        finding(code="TON03", pitfall="informal-tone"),
        finding(code="TON01", pitfall="informal-tone"),
        finding(code="SUB01", severity=Severity.ERROR, pitfall="vague-subject"),
        finding(code="LEN01", pitfall="length"),
    ]
    results = pitfall_results(findings, {"informal-tone", "vague-subject", "missing-background", "length"})
    assert list(results) == list(PITFALLS)
    assert [p for p, r in results.items() if r.applies] == ["vague-subject", "informal-tone", "missing-background"]
    assert results["informal-tone"].score == 70.0
    assert results["informal-tone"].codes == ["TON01", "TON03"]  # sorted, no duplicates
    assert results["vague-subject"].score == 85.0
    assert results["missing-background"].score == 100.0
    assert results["missing-background"].codes == []
    assert "length" not in results  # categories beside the pitfalls have no sub-score
    assert score(findings) == 45.0  # ...but they count in the total


# --- where a finding's weight comes from (the engine), on a blank pipeline ----------------------------------

DRAFT = "Subject: Quick question\n\nhey Priya,\n\nCould we chat sometime?\n\nThanks,\nSam\n"


def _rule(code: str, **update: object) -> RuleSpec:
    rule = next(r for r in load_rules().rules if r.code == code)
    return rule.model_copy(update=update)


def _weight_of(blank: Language, rule: RuleSpec, settings: Settings) -> float:
    document = blank_document(blank, DRAFT)
    engine = Engine(blank, [], settings)
    hit = Hit(start=DRAFT.index("hey"), end=DRAFT.index("hey") + 3)
    return engine._finding(rule, hit, document, lambda: extract_facts(document), frozenset()).weight


@pytest.mark.parametrize(
    ("severity", "expected"), [(Severity.ERROR, 15.0), (Severity.WARNING, 10.0), (Severity.INFO, 0.0)]
)
def test_scoring_engine_weight_from_severity(blank: Language, severity: Severity, expected: float) -> None:
    assert _weight_of(blank, _rule("TON01", severity=severity), Settings()) == expected


def test_scoring_engine_weight_from_settings(blank: Language) -> None:
    settings = Settings(weights={Severity.ERROR: 30.0, Severity.WARNING: 4.0, Severity.INFO: 1.0})
    assert _weight_of(blank, _rule("TON01", severity=Severity.WARNING), settings) == 4.0
    assert _weight_of(blank, _rule("TON01", severity=Severity.INFO), settings) == 1.0


def test_scoring_engine_partial_weights_fall_back_to_defaults(blank: Language) -> None:
    settings = Settings(weights={Severity.ERROR: 20.0})
    assert _weight_of(blank, _rule("TON01", severity=Severity.ERROR), settings) == 20.0
    assert _weight_of(blank, _rule("TON01", severity=Severity.WARNING), settings) == 10.0


@pytest.mark.parametrize("rule_weight", [0.0, 3.0, 25.0])
def test_scoring_engine_rule_weight_overrides_severity(blank: Language, rule_weight: float) -> None:
    settings = Settings(weights={Severity.ERROR: 30.0, Severity.WARNING: 4.0, Severity.INFO: 1.0})
    assert _weight_of(blank, _rule("TON01", weight=rule_weight), settings) == rule_weight


@dataclass
class _StubCheck:
    rule: RuleSpec
    hits: list[Hit]

    def run(self, document: object) -> list[Hit]:
        return self.hits


@pytest.mark.parametrize(("limit", "expected_score"), [(1, 90.0), (2, 80.0), (5, 70.0)])
def test_scoring_limit_caps_what_one_rule_takes_off(blank: Language, limit: int, expected_score: float) -> None:
    document = blank_document(blank, DRAFT)
    rule = _rule("TON01", limit=limit, severity=Severity.WARNING, weight=None)
    hits = [Hit(start=i, end=i + 1) for i in (25, 40, 50)]
    engine = Engine(blank, [_StubCheck(rule, hits)], Settings())  # type: ignore[list-item]
    findings = engine.findings(document, DraftKind.REQUEST)
    assert len(findings) == min(limit, 3)
    assert score(findings) == expected_score


def test_scoring_rule_skipped_for_other_kinds(blank: Language) -> None:
    document = blank_document(blank, DRAFT)
    rule = _rule("TON01", drafts=[DraftKind.REQUEST])
    engine = Engine(blank, [_StubCheck(rule, [Hit(start=25, end=28)])], Settings())  # type: ignore[list-item]
    assert engine.findings(document, DraftKind.OTHER) == []
    assert [f.code for f in engine.findings(document, DraftKind.REQUEST)] == ["TON01"]
