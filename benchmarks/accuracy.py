"""Per-pitfall precision, recall and F1 of requestlint on the labelled corpus, plus kind accuracy and the
false-alarm rate on drafts labelled good.

    python benchmarks/accuracy.py            # development batches, then the held-out batch
    python benchmarks/accuracy.py --errors   # also list every disagreement in the development batches

The held-out batch (corpus/holdout) was written by an author who never saw the rules; its errors are not
listed, so that nobody tunes rules to it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import requestlint
from corpus_io import HOLDOUT, Labelled, batches, load_batch
from requestlint import PITFALLS, Report


def evaluate(items: Sequence[Labelled], reports: Sequence[Report], title: str) -> dict[str, float]:
    print(f"\n== {title}: {len(items)} drafts")
    print(f"{'pitfall':<20}{'gold':>6}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}{'F1':>7}")
    f1s: dict[str, float] = {}
    for pitfall in PITFALLS:
        tp = fp = fn = 0
        for item, report in zip(items, reports, strict=True):
            predicted = report.pitfalls[pitfall].present
            gold = pitfall in item.pitfalls
            tp += predicted and gold
            fp += predicted and not gold
            fn += gold and not predicted
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s[pitfall] = f1
        print(f"{pitfall:<20}{tp + fn:>6}{tp:>5}{fp:>5}{fn:>5}{precision:>11.3f}{recall:>8.3f}{f1:>7.3f}")
    good = [(i, r) for i, r in zip(items, reports, strict=True) if not i.pitfalls]
    alarms = sum(1 for _, r in good if any(p.present for p in r.pitfalls.values()))
    kinds_right = sum(1 for i, r in zip(items, reports, strict=True) if i.kind == r.kind.value)
    print(f"false alarms on good drafts: {alarms}/{len(good)} = {alarms / max(1, len(good)):.1%}")
    print(f"kind recognised: {kinds_right}/{len(items)} = {kinds_right / max(1, len(items)):.1%}")
    return f1s


def list_errors(items: Sequence[Labelled], reports: Sequence[Report]) -> None:
    print("\n== disagreements (development batches)")
    for item, report in zip(items, reports, strict=True):
        predicted = {p for p, result in report.pitfalls.items() if result.present}
        missed = sorted(item.pitfalls - predicted)
        extra = sorted(predicted - item.pitfalls)
        kind = "" if item.kind == report.kind.value else f" kind {item.kind}->{report.kind.value}"
        if missed or extra or kind:
            codes = ",".join(f.code for f in report.findings if f.severity.value != "info")
            print(f"{item.ident}:{kind} missed={missed} extra={extra} [{codes}]")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list disagreements in the development batches")
    args = parser.parse_args(argv)
    names = batches()
    dev = [item for name in names if name != HOLDOUT for item in load_batch(name)]
    dev_reports = list(requestlint.check_many(item.path for item in dev))
    evaluate(dev, dev_reports, "development batches (" + ", ".join(n for n in names if n != HOLDOUT) + ")")
    if args.errors:
        list_errors(dev, dev_reports)
    if HOLDOUT in names:
        held = load_batch(HOLDOUT)
        held_reports = list(requestlint.check_many(item.path for item in held))
        evaluate(held, held_reports, "held-out batch")
        evaluate([*dev, *held], [*dev_reports, *held_reports], "all batches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
