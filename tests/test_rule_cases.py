"""Every pass/fail case beside every bundled rule, run on the real spaCy model (sqlfluff's YAML-case pattern).

``pytest -k ASK03`` runs one rule's cases. A case with ``todo:`` is a known gap and must keep failing.
"""

from __future__ import annotations

import pytest

from requestlint.bundled import bundled_rules_dir
from requestlint.testing import RuleCase, collect_cases, run_case

CASES = list(collect_cases(bundled_rules_dir()))


@pytest.mark.model
@pytest.mark.parametrize("case", CASES, ids=[c.ident for c in CASES])
def test_rule_case(case: RuleCase) -> None:
    result = run_case(case)
    if case.case.todo:
        if result.ok:
            pytest.fail(f"{case.ident} is marked todo but now passes: remove 'todo'")
        pytest.xfail(case.case.todo)
    assert result.ok, result.explain()
