"""Any input gives a report or a RequestlintError naming what is wrong, never another exception (issue 12).

A few hundred generated inputs here (what CI can afford); `python benchmarks/fuzz.py` runs thousands.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import requestlint
from fuzzing import hostile_input
from requestlint import Settings
from requestlint.errors import RequestlintError

pytestmark = pytest.mark.model

OFF = Settings(languagetool="off")


@settings(max_examples=250, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(hostile_input)
def test_any_input_is_a_report_or_a_requestlint_error(draft: str | bytes) -> None:
    try:
        report = requestlint.check(draft, settings=OFF)
    except RequestlintError:
        return
    assert 0 <= report.score <= 100
    for finding in report.findings:
        if finding.span is not None:
            assert 0 <= finding.span.start <= finding.span.end
