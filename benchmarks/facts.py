"""How well the facts that fill suggestions are read: role, school, study, field, recipient, writer.

Labels (``benchmarks/facts/*.jsonl``) were written by hand from the drafts alone, without the extractor: each
fact is null or a list of acceptable wordings. A value the extractor gives is *right* when it equals one of
them (case and a leading article aside), *wrong* when it differs or the label is null. A wrong fact is worse
than none (it ends up in a proposed subject line), so precision is the first figure.

    python benchmarks/facts.py            # own corpus samples, and the external development set when present
    python benchmarks/facts.py --show 20  # also print up to 20 disagreements per development set

Three sets: a sample of the corpus the extractor was tuned on, a second sample labelled apart and never
inspected (its disagreements are never printed), and the external development set (not written here).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from corpus_io import EXTERNAL_DEV, external_draft
from requestlint import Settings
from requestlint.api import parse
from requestlint.facts import Facts, extract_facts

HERE = Path(__file__).resolve().parent
FIELDS = ("role", "school", "study", "field", "recipient", "writer")
_ARTICLES = ("a ", "an ", "the ")
TUNED_ON = HERE / "facts" / "corpus.jsonl"


def _norm(value: str) -> str:
    value = " ".join(value.lower().replace("\u2019", "'").split()).strip(" .,")
    return next((value[len(a) :] for a in _ARTICLES if value.startswith(a)), value)


def drafts(labels: Path) -> list[tuple[str, str, dict[str, list[str] | None]]]:
    external = {}
    if EXTERNAL_DEV.is_file():
        for line in EXTERNAL_DEV.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            external[record["id"]] = external_draft(record)
    rows = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        if "path" in label:
            ident, text = label["path"], (HERE.parent / label["path"]).read_text(encoding="utf-8")
        elif label["id"] in external:
            ident, text = label["id"], external[label["id"]]
        else:
            return []  # the external set is not on this machine
        rows.append((ident, text, {f: label.get(f) for f in FIELDS}))
    return rows


def _facts(text: str) -> Facts:
    return extract_facts(parse(text, settings=Settings(languagetool="off")))


def tally(rows: list[tuple[str, str, dict[str, list[str] | None]]], show: int = 0) -> Counter[tuple[str, str]]:
    """Counts of (fact, "right" | "wrong" | "missed" | "quiet") over labelled drafts; prints up to ``show``
    disagreements."""
    counts: Counter[tuple[str, str]] = Counter()
    shown = 0
    for ident, text, expected in rows:
        facts = _facts(text)
        for field in FIELDS:
            got, want = getattr(facts, field), expected[field]
            accepted = {_norm(v) for v in want or []}
            if got is None:
                verdict = "missed" if accepted else "quiet"
            else:
                verdict = "right" if _norm(got) in accepted else "wrong"
            counts[field, verdict] += 1
            if verdict in ("wrong", "missed") and shown < show:
                shown += 1
                print(f"  {ident} {field}: got {got!r}, label {want!r}")
    return counts


def measure(name: str, labels: Path, show: int) -> None:
    rows = drafts(labels)
    if not rows:
        print(f"{name}: not on this machine, skipped")
        return
    counts = tally(rows, show)
    print(f"{name} ({len(rows)} drafts)")
    print(f"  {'fact':10} {'labelled':>8} {'given':>6} {'right':>6} {'wrong':>6} {'precision':>9} {'recall':>7}")
    for field in FIELDS:
        right, wrong = counts[field, "right"], counts[field, "wrong"]
        labelled = sum(1 for _, _, expected in rows if expected[field])
        given = right + wrong
        precision = f"{right / given:.3f}" if given else "-"
        recall = f"{right / labelled:.3f}" if labelled else "-"
        print(f"  {field:10} {labelled:8} {given:6} {right:6} {wrong:6} {precision:>9} {recall:>7}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", type=int, default=0, help="print up to N disagreements per set")
    args = parser.parse_args()
    measure("own corpus sample (tuned on)", TUNED_ON, args.show)
    measure("own corpus, held out (never looked at)", HERE / "facts" / "holdout-corpus.jsonl", 0)
    measure("external development set (not written here)", HERE / "facts" / "external-dev.jsonl", args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
