"""Running the pass/fail cases that sit beside each rule; used by requestlint's own tests and by rule packs.

from requestlint.testing import collect_cases, run_case
for case in collect_cases(Path("my-rules")):
    result = run_case(case, extra_dirs=[Path("my-rules")])
    assert result.ok, result.explain()
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from requestlint.api import check
from requestlint.config import Settings
from requestlint.edits import apply_edits
from requestlint.loader import cases_path, load_cases_file, rule_files
from requestlint.models import Finding
from requestlint.schema import Case


@dataclass(frozen=True)
class RuleCase:
    code: str
    name: str
    case: Case
    path: Path

    @property
    def ident(self) -> str:
        return f"{self.code}::{self.name}"


@dataclass(frozen=True)
class CaseResult:
    case: RuleCase
    findings: list[Finding]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def explain(self) -> str:
        found = "; ".join(f"{f.code} {f.match!r} {f.message}" for f in self.findings) or "no findings"
        return f"{self.case.ident} ({self.case.path}): " + "; ".join(self.problems) + f" -- got: {found}"


def _fixed(text: str, findings: list[Finding]) -> str:
    """The draft with every edit of these findings applied (one rule's edits do not overlap; equal ones count once)."""
    edits = {(e.start, e.end, e.text): e for f in findings for e in f.suggestion.edits}
    return apply_edits(text, list(edits.values()))


def collect_cases(directory: Path) -> Iterator[RuleCase]:
    """Every case of every rule under ``directory`` (rules without a cases file yield nothing)."""
    for rule_path in rule_files(directory):
        path = cases_path(rule_path)
        if not path.is_file():
            continue
        cases = load_cases_file(path)
        for name, case in cases.cases.items():
            yield RuleCase(cases.rule, name, case, path)


def run_case(case: RuleCase, extra_dirs: Sequence[Path] = ()) -> CaseResult:
    """Run one case with only its rule selected; compare with what the case expects."""
    settings = Settings(select=[case.code], extra_rule_dirs=list(extra_dirs), kind=case.case.kind)
    report = check(case.case.text, settings=settings)
    findings = [f for f in report.findings if f.code == case.code]
    problems: list[str] = []
    if case.case.should_fire and not findings:
        problems.append(f"expected {case.code} to fire (draft kind: {report.kind.value})")
    if not case.case.should_fire and findings:
        problems.append(f"expected {case.code} not to fire")
    for expect in case.case.expect:
        if expect.match is not None and not any(f.match == expect.match for f in findings):
            problems.append(f"no finding matched {expect.match!r}")
        if expect.line is not None and not any(f.line == expect.line for f in findings):
            problems.append(f"no finding on line {expect.line}")
        if expect.replacement is not None and not any(
            expect.replacement in (f.suggestion.replacement or "") for f in findings
        ):
            problems.append(f"no suggestion containing {expect.replacement!r}")
        if expect.fixed is not None and expect.fixed not in _fixed(case.case.text, findings):
            problems.append(f"the fixed draft does not contain {expect.fixed!r}: {_fixed(case.case.text, findings)!r}")
        if expect.count is not None and len(findings) != expect.count:
            problems.append(f"expected {expect.count} finding(s), got {len(findings)}")
    return CaseResult(case, findings, problems)
