"""Speed of requestlint against bare spaCy, measured in one process as ratios (these machines are noisy).

    python benchmarks/speed.py [--rounds 5]

1. warm ``check()`` per draft vs bare ``nlp(text)`` with the full en_core_web_sm pipeline, on the same drafts
   (the labelled corpus), alternating the two in each round; the issue's bar is a ratio of at most 1.0;
2. ``check_many`` (batched) vs bare ``nlp.pipe`` over the same drafts;
3. cold start of the CLI (``requestlint check`` on one draft, new process) vs a new process that only
   imports spaCy and loads the model;
4. peak resident memory of each of those two processes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corpus_io import CORPUS, batches, load_batch

import requestlint
from requestlint.nlp import load_nlp

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "drafts" / "good"


def drafts() -> list[str]:
    return [item.path.read_text(encoding="utf-8") for name in batches() for item in load_batch(name)]


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def child(code: str) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of a new Python process running ``code``."""
    probe = (
        "import resource, time, sys\nstart = time.perf_counter()\n" + code + "\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - start
    return wall, float(out.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = drafts()
    nlp = load_nlp()
    requestlint.check(texts[0])  # warm: model, rules, engine compiled
    print(f"drafts: {len(texts)} from {CORPUS}; model {nlp.meta['name']} {nlp.meta['version']}")

    single_ratios, batch_ratios = [], []
    for _ in range(args.rounds):
        bare = timed(lambda: [nlp(t) for t in texts])
        ours = timed(lambda: [requestlint.check(t) for t in texts])
        single_ratios.append(ours / bare)
        bare_batch = timed(lambda: list(nlp.pipe(texts)))
        ours_batch = timed(lambda: list(requestlint.check_many(texts)))
        batch_ratios.append(ours_batch / bare_batch)
    per_draft = timed(lambda: [requestlint.check(t) for t in texts]) / len(texts)
    print(f"warm check() per draft: {per_draft * 1000:.1f} ms")
    print(
        f"check() / bare nlp(): median {statistics.median(single_ratios):.2f} "
        f"(rounds: {', '.join(f'{r:.2f}' for r in single_ratios)})"
    )
    print(
        f"check_many() / bare nlp.pipe(): median {statistics.median(batch_ratios):.2f} "
        f"(rounds: {', '.join(f'{r:.2f}' for r in batch_ratios)})"
    )

    sample = next(EXAMPLE.glob("*.txt"), None) or next(CORPUS.glob("*/*.txt"))
    cli = f"from requestlint.cli import main\nmain(['check', {str(sample)!r}])"
    bare_load = "from requestlint.nlp import load_nlp\nload_nlp()"
    cli_times, load_times, cli_mem, load_mem = [], [], [], []
    for _ in range(3):
        wall, mem = child(cli)
        cli_times.append(wall)
        cli_mem.append(mem)
        wall, mem = child(bare_load)
        load_times.append(wall)
        load_mem.append(mem)
    print(
        f"cold CLI check: {statistics.median(cli_times):.2f} s; cold model load alone: "
        f"{statistics.median(load_times):.2f} s; ratio {statistics.median(cli_times) / statistics.median(load_times):.2f}"
    )
    print(f"peak RSS: CLI check {max(cli_mem):.0f} MiB; model load alone {max(load_mem):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
