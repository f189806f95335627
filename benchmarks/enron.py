"""requestlint on real business mail it was not written for (AESLC Enron dev+test, 3,866 emails).

    python benchmarks/enron.py [--data PATH] [--limit N] [--show N]

A linter that knows its genre treats nearly all of these as "other", stays quiet (no warning or error
findings) and never crashes. The data lives outside the project (../shared/data, CC BY-NC-SA 4.0, Zhang and
Tetreault, ACL 2019); the benchmark says so and exits 0 when it is absent. Also prints throughput relative to
bare spaCy (full pipeline) on the same texts.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

import requestlint
from requestlint.nlp import load_nlp

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "aeslc-dev-test.jsonl"


def as_draft(record: dict[str, str]) -> str:
    return f"Subject: {record['subject']}\n\n{record['body']}\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print ids of this many drafts that raised warnings")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"Enron data not found at {args.data}; skipping (it is not part of the project).")
        return 0
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        records = records[: args.limit]
    texts = [as_draft(r) for r in records]
    nlp = load_nlp()
    requestlint.check(texts[0])

    start = time.perf_counter()
    reports = []
    crashes = 0
    for text in texts:
        try:
            reports.append(requestlint.check(text))
        except Exception as exc:  # the point is to count crashes, not to hide them
            crashes += 1
            print(f"CRASH: {type(exc).__name__}: {exc}", file=sys.stderr)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        nlp(text)
    bare = time.perf_counter() - start

    kinds = collections.Counter(r.kind.value for r in reports)
    noisy = [
        (rec["id"], r) for rec, r in zip(records, reports, strict=False) if r.at_or_above(requestlint.Severity.WARNING)
    ]
    pitfall_hits = collections.Counter(p for _, r in noisy for p, res in r.pitfalls.items() if res.present)
    print(f"emails: {len(texts)}; crashes: {crashes}")
    print("kinds: " + ", ".join(f"{k} {n} ({n / len(reports):.1%})" for k, n in kinds.most_common()))
    quiet = len(reports) - len(noisy)
    print(f"quiet (no warning or error): {quiet}/{len(reports)} = {quiet / len(reports):.1%}")
    print("pitfalls raised: " + (", ".join(f"{p} {n}" for p, n in pitfall_hits.most_common()) or "none"))
    print(f"time: requestlint {ours:.1f} s, bare spaCy full pipeline {bare:.1f} s, ratio {ours / bare:.2f}")
    for ident, report in noisy[: args.show]:
        print(f"  {ident}: {report.kind.value} {[f.code for f in report.findings if f.severity.value != 'info']}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
