"""Thousands of hostile inputs through ``check()``: how many, how many raised something other than a
``RequestlintError`` (the bar is 0), and how many took over 5 seconds (the bar is 0).

    python benchmarks/fuzz.py [--examples 3000]

The inputs come from the same Hypothesis strategies as tests/test_fuzz.py (tests/fuzzing.py): random unicode
with control characters and lone surrogates, raw bytes, mutated corpus drafts, broken MIME.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import requestlint
from fuzzing import hostile_input
from requestlint import Settings
from requestlint.errors import RequestlintError

SLOW = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=3000)
    args = parser.parse_args(argv)
    off = Settings(languagetool="off")
    requestlint.check("warm up", settings=off)
    tried = 0
    refused: collections.Counter[str] = collections.Counter()
    crashes: list[str] = []
    slow: list[float] = []
    longest = 0.0

    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(hostile_input)
    def run(draft: str | bytes) -> None:
        nonlocal tried, longest
        tried += 1
        started = time.perf_counter()
        try:
            requestlint.check(draft, settings=off)
        except RequestlintError as exc:
            refused[exc.code] += 1
        except Exception:
            crashes.append(traceback.format_exc(limit=3))
        took = time.perf_counter() - started
        longest = max(longest, took)
        if took > SLOW:
            slow.append(took)

    run()
    print(f"inputs tried: {tried}")
    print(f"refused with a RequestlintError: {sum(refused.values())} ({dict(refused)})")
    print(f"other exceptions: {len(crashes)}")
    print(f"inputs over {SLOW:g} s: {len(slow)}; longest {longest:.2f} s")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes or slow else 0


if __name__ == "__main__":
    sys.exit(main())
