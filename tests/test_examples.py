"""The bundled examples behave as their labels say, and the usage example runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import requestlint

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LABELS = yaml.safe_load((EXAMPLES / "drafts" / "expected.yml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.model


def test_examples_every_draft_is_labelled() -> None:
    on_disk = {p.relative_to(EXAMPLES / "drafts").as_posix() for p in (EXAMPLES / "drafts").glob("*/*") if p.is_file()}
    assert on_disk == {entry["file"] for entry in LABELS}


@pytest.mark.parametrize("entry", LABELS, ids=[entry["file"] for entry in LABELS])
def test_examples_draft_matches_its_labels(entry: dict[str, object]) -> None:
    report = requestlint.check(EXAMPLES / "drafts" / str(entry["file"]))
    present = {pitfall for pitfall, result in report.pitfalls.items() if result.present}
    assert report.kind.value == entry["kind"]
    assert present == set(entry["pitfalls"])  # type: ignore[arg-type]
    if not entry["pitfalls"]:
        assert report.score == 100


def test_examples_usage_script_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "usage.py")], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "pitfalls present:" in done.stdout


def test_examples_custom_rule_pack_cases_pass() -> None:
    from requestlint.testing import collect_cases, run_case

    pack = EXAMPLES / "custom-rules"
    cases = list(collect_cases(pack))
    assert len(cases) >= 3
    for case in cases:
        result = run_case(case, extra_dirs=[pack])
        assert result.ok, result.explain()
