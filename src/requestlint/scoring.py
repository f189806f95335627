"""The score: one documented formula over the findings.

    score = clamp(100 - sum(weight(f) for f in findings), 0, 100)

``weight(f)`` is the rule's own ``weight`` if it sets one, else the weight of its severity
(error 15, warning 10, info 0 by default; configurable as ``weights``). A rule reports at most ``limit``
findings per draft (default 1), which caps what one rule can take off. A pitfall's sub-score is the same
formula over that pitfall's findings only. The score is not divided by length: a short draft cannot dilute
an error, and length is itself checked by a rule.
"""

from __future__ import annotations

from requestlint.models import Finding, PitfallResult, Severity
from requestlint.pitfalls import PITFALLS


def clamp(value: float) -> float:
    return max(0.0, min(100.0, round(value, 1)))


def score(findings: list[Finding]) -> float:
    return clamp(100.0 - sum(f.weight for f in findings))


def pitfall_results(findings: list[Finding], ran: set[str]) -> dict[str, PitfallResult]:
    """Every pitfall, in the registry's order; ``ran`` holds the pitfalls some rule checked on this draft."""
    results: dict[str, PitfallResult] = {}
    for pitfall in PITFALLS:
        own = [f for f in findings if f.pitfall == pitfall]
        results[pitfall] = PitfallResult(
            applies=pitfall in ran,
            present=any(f.severity.rank >= Severity.WARNING.rank for f in own),
            score=score(own),
            codes=sorted({f.code for f in own}),
        )
    return results
