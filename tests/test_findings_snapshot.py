"""Every report on the bundled corpus is what ``benchmarks/findings-snapshot.jsonl`` recorded.

Work that only makes requestlint faster must not change a finding; work that changes findings on purpose rewrites
the snapshot (``python tools/snapshot_findings.py``) in the same commit, where the diff shows what moved.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "snapshot_findings.py"


@pytest.mark.model
def test_reports_on_the_corpus_match_the_snapshot() -> None:
    spec = importlib.util.spec_from_file_location("snapshot_findings", TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    expected = tool.read_snapshot()
    got = tool.current()
    assert len(got) > 1800
    diff = tool.differences(expected, got)
    assert not diff, f"{len(diff)} drafts differ (run python tools/snapshot_findings.py if intended):\n" + "\n".join(
        diff[:10]
    )
