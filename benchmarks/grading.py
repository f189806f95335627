"""Batch grading speed: `requestlint grade` on 500 drafts against bare spaCy parsing of the same drafts.

    python benchmarks/grading.py [--drafts 500] [--jobs 2]

Both run in this one script on the same texts. The bare baseline is `nlp.pipe` with the full
en_core_web_sm pipeline (what a batch job without requestlint would run) and, for reference, with only
the components requestlint's rules need. The issue's bar: grading (reading, checking on all cores, writing
report.html, grades.csv and results.json) takes at most 1.3x the bare full-pipeline parse.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import requestlint
from corpus_io import batches, load_batch
from requestlint.api import _engine
from requestlint.grading import grade_class
from requestlint.nlp import load_nlp


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    corpus = [item.text for name in batches() for item in load_batch(name)]
    texts = [corpus[i % len(corpus)] + ("" if i < len(corpus) else f"\nP.S. copy {i}\n") for i in range(args.drafts)]
    nlp = load_nlp()
    settings = requestlint.Settings(languagetool="off")
    requestlint.check(texts[0], settings=settings)
    components = _engine(settings).components

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"student{i:04d}.txt").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        list(nlp.pipe(texts))
        bare_full = time.perf_counter() - start
        start = time.perf_counter()
        list(nlp.pipe(texts, disable=[n for n in nlp.pipe_names if n not in components]))
        bare_needed = time.perf_counter() - start
        start = time.perf_counter()
        result = grade_class([folder], Path(tmp) / "out", settings=settings, jobs=args.jobs)
        graded = time.perf_counter() - start
    print(f"drafts: {len(texts)} (graded {len(result.graded)}); components used: {', '.join(components)}")
    print(f"bare spaCy nlp.pipe, full pipeline: {bare_full:.1f} s; only the needed components: {bare_needed:.1f} s")
    print(f"requestlint grade (read, check, write 3 outputs): {graded:.1f} s")
    print(f"ratio to bare full pipeline: {graded / bare_full:.2f} (bar: 1.3)")
    print(f"ratio to the needed components alone: {graded / bare_needed:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
