"""Batch grading speed: a whole `requestlint grade` run on 500 drafts against bare spaCy on the same drafts.

    python benchmarks/grading.py [--drafts 500] [--jobs 2] [--cluster]

All in this one script, on the same texts, so the ratios hold on a noisy machine:
- bare baselines: `nlp.pipe` with the full en_core_web_sm pipeline in one process, and with `n_process=JOBS`
  (what a batch job without requestlint would run on the same cores; the issue's bar is a ratio of 1.0 to it);
- `requestlint grade` as a user runs it: a new process (`python -m requestlint grade FOLDER --out ... --jobs
  JOBS`), start-up, reading, checking, and writing report.html, grades.csv and results.json included, with the
  peak resident memory of its largest process;
- with `--cluster`: the same command with `--scheduler` on a Dask LocalCluster of JOBS worker processes started
  here, its throughput against the local run (the cluster is started and warmed before the clock starts).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requestlint
from corpus_io import batches, load_batch
from requestlint.nlp import load_nlp


def cli_grade(folder: Path, out: Path, jobs: int, scheduler: str | None = None) -> float:
    command = [sys.executable, "-m", "requestlint", "grade", str(folder), "--out", str(out), "--jobs", str(jobs)]
    if scheduler:
        command += ["--scheduler", scheduler]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cluster", action="store_true", help="also grade on a Dask LocalCluster of JOBS workers")
    args = parser.parse_args()
    corpus = [item.text for name in batches() for item in load_batch(name)]
    texts = [corpus[i % len(corpus)] + ("" if i < len(corpus) else f"\nP.S. copy {i}\n") for i in range(args.drafts)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"student{i:04d}.txt").write_text(text, encoding="utf-8")
        # A check first fills the user cache (rules, syllables), as any earlier run would have.
        first = folder / "student0000.txt"
        subprocess.run([sys.executable, "-m", "requestlint", "check", str(first)], stdout=subprocess.DEVNULL)
        # requestlint first, while this process is small: a child's peak memory as the system counts it starts
        # from its parent's size at the fork, so after the model is loaded here it would say nothing of the command.
        graded = cli_grade(folder, Path(tmp) / "out", args.jobs)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        nlp = load_nlp()
        list(nlp.pipe(texts[:20]))  # warm, as the command's processes are by their first drafts
        start = time.perf_counter()
        list(nlp.pipe(texts))
        bare_one = time.perf_counter() - start
        start = time.perf_counter()
        list(nlp.pipe(texts, n_process=args.jobs))
        bare_parallel = time.perf_counter() - start
        print(f"drafts: {len(texts)}; jobs: {args.jobs}")
        print(
            f"bare spaCy nlp.pipe, full pipeline: one process {bare_one:.1f} s; "
            f"n_process={args.jobs} {bare_parallel:.1f} s"
        )
        print(f"requestlint grade, whole CLI process (start, read, check, write 3 outputs): {graded:.1f} s")
        print(
            f"ratio to bare n_process={args.jobs}: {graded / bare_parallel:.2f} (bar: 1.0); "
            f"to one process: {graded / bare_one:.2f}"
        )
        print(f"peak resident memory of the largest process: {peak:.0f} MiB")
        if args.cluster:
            cluster_run(folder, Path(tmp), args.jobs, graded)
    return 0


def cluster_run(folder: Path, tmp: Path, jobs: int, local: float) -> None:
    import logging

    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=jobs, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: requestlint.check("Subject: warm\n\nDear Ms. Doe,\n\nThank you.\n\nBest,\nAna\n"))
        remote = cli_grade(folder, tmp / "out-cluster", jobs, cluster.scheduler_address)
    same = all(
        (tmp / "out" / n).read_bytes() == (tmp / "out-cluster" / n).read_bytes()
        for n in ("grades.csv", "results.json", "report.html")
    )
    print(
        f"on a Dask LocalCluster of {jobs} workers (warm): {remote:.1f} s, throughput {local / remote:.2f}x the local "
        f"run; outputs identical to the local run: {same}"
    )


if __name__ == "__main__":
    sys.exit(main())
