"""Record what requestlint reports on every draft of the bundled corpus, so speed work can prove it changed nothing.

    python tools/snapshot_findings.py            # write benchmarks/findings-snapshot.jsonl
    python tools/snapshot_findings.py --check    # exit 1 and list the drafts whose report differs

One line per draft (``batch/NNN.txt``): its kind, score and every finding as code, character span and a short
digest of its message and suggestion. ``tests/test_findings_snapshot.py`` compares a fresh run with the file: a
change that is meant to alter findings (a rule, a move, the kind model) rewrites it in the same commit, a change
that is meant to be faster must leave it as it is.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import requestlint  # noqa: E402
from corpus_io import batches, load_batch  # noqa: E402
from requestlint.models import Report  # noqa: E402

SNAPSHOT = ROOT / "benchmarks" / "findings-snapshot.jsonl"


def record(report: Report) -> dict[str, object]:
    findings: list[list[object]] = []
    for finding in report.findings:
        said = json.dumps([finding.message, finding.suggestion.model_dump(mode="json")], sort_keys=True)
        digest = hashlib.sha256(said.encode()).hexdigest()[:10]
        where = [finding.span.start, finding.span.end] if finding.span else [None, None]
        findings.append([finding.code, *where, digest])
    return {"kind": report.kind.value, "score": report.score, "findings": findings}


def current() -> dict[str, dict[str, object]]:
    """Every corpus draft's record, by ``batch/file``, from the code and rules as they are now."""
    names, texts = [], []
    for batch in batches():
        for item in load_batch(batch):
            names.append(item.ident)
            texts.append(item.text)
    settings = requestlint.Settings(languagetool="off")
    reports = requestlint.check_many(texts, settings=settings)
    return {name: record(report) for name, report in zip(names, reports, strict=True)}


def read_snapshot(path: Path = SNAPSHOT) -> dict[str, dict[str, object]]:
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        entries[entry.pop("draft")] = entry
    return entries


def differences(expected: dict[str, dict[str, object]], got: dict[str, dict[str, object]]) -> list[str]:
    lines = []
    for name in sorted(set(expected) | set(got)):
        if expected.get(name) != got.get(name):
            lines.append(f"{name}: snapshot {expected.get(name)} / now {got.get(name)}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="compare with the snapshot instead of writing it")
    args = parser.parse_args()
    got = current()
    if args.check:
        diff = differences(read_snapshot(), got)
        for line in diff[:50]:
            print(line)
        print(f"{len(diff)} of {len(got)} drafts differ from {SNAPSHOT.relative_to(ROOT)}")
        return 1 if diff else 0
    with SNAPSHOT.open("w", encoding="utf-8") as out:
        for name, entry in got.items():
            out.write(json.dumps({"draft": name, **entry}, sort_keys=True) + "\n")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {len(got)} drafts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
