"""How well requestlint's judgement agrees with labelled drafts, reported per set, side by side.

    python benchmarks/accuracy.py                  # every set, a summary table at the end
    python benchmarks/accuracy.py --errors dev     # also list each disagreement in the development batches
    python benchmarks/accuracy.py --errors external

Sets, always reported apart:
- the project's own corpus (benchmarks/corpus): its development batches, and each held-out batch (names
  starting with "holdout": written by authors who never saw the rules; their errors are never listed);
- the external development set (../shared/data/external-dev: outreach emails adapted from published samples,
  labelled by the rubric that defines each pitfall), when it is present on this machine.

For each set: per-pitfall precision, recall and F1 (a pitfall the rubric does not apply to a draft is left out
of that pitfall's counts), false alarms on drafts with no pitfall (any applicable pitfall reported counts), a kind
confusion table, and per-rule precision (of the drafts a rule fired on, the share where its pitfall is present).
"""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import requestlint
from corpus_io import EXTERNAL_DEV, PITFALL_IDS, Labelled, batches, is_held_out, load_batch, load_external
from requestlint import Report

KINDS = ("request", "follow-up", "thank-you", "other")


@dataclass(frozen=True)
class Scores:
    f1: dict[str, float]
    false_alarms: tuple[int, int]
    kinds_right: tuple[int, int]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def run(items: Sequence[Labelled], gold_kind: bool) -> list[Report]:
    """Reports in input order; with ``gold_kind`` each draft is checked as its labelled kind (rules alone)."""
    if not gold_kind:
        return list(requestlint.check_many(item.text for item in items))
    reports: dict[int, Report] = {}
    for kind in KINDS:
        chosen = [i for i, item in enumerate(items) if item.kind == kind]
        for index, report in zip(
            chosen, requestlint.check_many((items[i].text for i in chosen), kind=kind), strict=True
        ):
            reports[index] = report
    return [reports[i] for i in range(len(items))]


def evaluate(items: Sequence[Labelled], reports: Sequence[Report], title: str) -> Scores:
    print(f"\n== {title}: {len(items)} drafts")
    print(f"{'pitfall':<20}{'gold':>6}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}{'F1':>7}")
    f1s: dict[str, float] = {}
    for pitfall in PITFALL_IDS:
        tp = fp = fn = 0
        for item, report in zip(items, reports, strict=True):
            if pitfall in item.not_applicable:
                continue
            predicted = report.pitfalls[pitfall].present
            gold = pitfall in item.pitfalls
            tp += predicted and gold
            fp += predicted and not gold
            fn += gold and not predicted
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s[pitfall] = f1
        print(f"{pitfall:<20}{tp + fn:>6}{tp:>5}{fp:>5}{fn:>5}{precision:>11.3f}{recall:>8.3f}{f1:>7.3f}")
    clean = [(i, r) for i, r in zip(items, reports, strict=True) if i.clean]
    # A pitfall the rubric does not apply to the draft is not judged (the external set has no labels for the
    # follow-up and thank-you pitfalls), so it is no false alarm either.
    alarms = sum(1 for i, r in clean if any(v.present for p, v in r.pitfalls.items() if p not in i.not_applicable))
    print(f"false alarms on drafts with no pitfall: {alarms}/{len(clean)} = {_ratio(alarms, len(clean)):.1%}")
    right = _kind_table(items, reports)
    _rule_precision(items, reports)
    return Scores(f1s, (alarms, len(clean)), (right, len(items)))


def _kind_table(items: Sequence[Labelled], reports: Sequence[Report]) -> int:
    confusion = collections.Counter((i.kind, r.kind.value) for i, r in zip(items, reports, strict=True))
    right = sum(n for (gold, got), n in confusion.items() if gold == got)
    print(
        f"kind recognised: {right}/{len(items)} = {_ratio(right, len(items)):.1%}"
        "  (rows: labelled, columns: recognised)"
    )
    print(f"{'':<12}" + "".join(f"{k:>11}" for k in KINDS))
    for gold in KINDS:
        if any(g == gold for g, _ in confusion):
            print(f"{gold:<12}" + "".join(f"{confusion[(gold, got)]:>11}" for got in KINDS))
    return right


def _rule_precision(items: Sequence[Labelled], reports: Sequence[Report]) -> None:
    fired: collections.Counter[str] = collections.Counter()
    right: collections.Counter[str] = collections.Counter()
    for item, report in zip(items, reports, strict=True):
        codes = {
            (f.code, f.pitfall) for f in report.findings if f.pitfall in PITFALL_IDS and f.severity.value != "info"
        }
        for code, pitfall in codes:
            if pitfall in item.not_applicable:
                continue
            fired[code] += 1
            right[code] += pitfall in item.pitfalls
    cells = [f"{code} {right[code]}/{n}" for code, n in sorted(fired.items())]
    print("per-rule precision (drafts where the rule fired and its pitfall is labelled present / fired):")
    for start in range(0, len(cells), 6):
        print("  " + "   ".join(f"{cell:<13}" for cell in cells[start : start + 6]))


def list_errors(items: Sequence[Labelled], reports: Sequence[Report], title: str) -> None:
    print(f"\n== disagreements: {title}")
    for item, report in zip(items, reports, strict=True):
        predicted = {p for p, result in report.pitfalls.items() if result.present} - item.not_applicable
        missed = sorted(item.pitfalls - predicted)
        extra = sorted(predicted - item.pitfalls)
        kind = "" if item.kind == report.kind.value else f" kind {item.kind}->{report.kind.value}"
        if missed or extra or kind:
            codes = ",".join(f.code for f in report.findings if f.severity.value != "info")
            print(f"{item.ident}:{kind} missed={missed} extra={extra} [{codes}]")


def summary(results: dict[str, Scores]) -> None:
    print("\n== summary (F1 per pitfall; false alarms on drafts with no pitfall; kind right)")
    names = list(results)
    print(f"{'':<20}" + "".join(f"{name[:14]:>16}" for name in names))
    for pitfall in PITFALL_IDS:
        print(f"{pitfall:<20}" + "".join(f"{results[n].f1[pitfall]:>16.3f}" for n in names))
    print(f"{'false alarms':<20}" + "".join(f"{_fraction(results[n].false_alarms):>16}" for n in names))
    print(f"{'kind right':<20}" + "".join(f"{_fraction(results[n].kinds_right):>16}" for n in names))


def _fraction(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]} {_ratio(*pair):.0%}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--errors", choices=["dev", "external", "both"], help="list disagreements (never for held-out batches)"
    )
    parser.add_argument(
        "--gold-kind", action="store_true", help="check each draft as its labelled kind, to judge the rules alone"
    )
    args = parser.parse_args(argv)
    results: dict[str, Scores] = {}
    names = batches()
    dev = [item for name in names if not is_held_out(name) for item in load_batch(name)]
    dev_reports = run(dev, args.gold_kind)
    dev_names = ", ".join(n for n in names if not is_held_out(n))
    results["own dev"] = evaluate(dev, dev_reports, f"own corpus, development batches ({dev_names})")
    if args.errors in ("dev", "both"):
        list_errors(dev, dev_reports, "own corpus, development batches")
    for name in (n for n in names if is_held_out(n)):
        held = load_batch(name)
        results[f"own {name}"] = evaluate(held, run(held, args.gold_kind), f"own corpus, held-out batch {name}")
    if EXTERNAL_DEV.is_file():
        external = load_external()
        ext_reports = run(external, args.gold_kind)
        results["external dev"] = evaluate(
            external, ext_reports, "external development set (adapted from published samples; not written here)"
        )
        if args.errors in ("external", "both"):
            list_errors(external, ext_reports, "external development set")
    else:
        print(f"\nexternal development set not found at {EXTERNAL_DEV}; it is not part of the project")
    summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
