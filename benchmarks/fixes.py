"""What ``requestlint fix`` does to every labelled draft: the bars of the fix issue, measured.

    python benchmarks/fixes.py [--unsafe] [--external PATH] [--show N]

Over every draft in ``benchmarks/corpus`` and the external dev set (``../shared/data/external-dev``, outside
the project; skipped when absent), separately: fix never raises; the corrected draft has no more warnings and
errors than the input; of the drafts with a fixable finding (a safe edit, or any edit with ``--unsafe``), the
share with strictly fewer; no edit leaves a blank (``[...]``, ``{...}``) or puts a word twice in a row where the
input had not; every line no applied edit touches is kept verbatim.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus_io import EXTERNAL_DEV, batches, load_batch, load_external
from requestlint import Settings, fix
from requestlint.edits import doubled_words
from requestlint.errors import RequestlintError
from requestlint.fixing import FixResult

_BLANK = re.compile(r"\[[^\]]*\]|\{[a-z_]+\}")


@dataclass
class Tally:
    drafts: int = 0
    raised: list[str] = field(default_factory=list)
    refused: int = 0  # an encoded .eml body: a clear error, not a crash
    fixable: int = 0
    fewer: int = 0
    more: list[str] = field(default_factory=list)
    blanks: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    lines_changed: list[str] = field(default_factory=list)
    applied: int = 0
    not_fewer: Counter[str] = field(default_factory=Counter)


def _warnings(result: FixResult, after: bool) -> int:
    report = result.after if after else result.before
    return sum(f.severity.rank >= 1 for f in report.findings)


def _untouched_lines_kept(draft: str, result: FixResult) -> bool:
    touched = [(a.edit.start, a.edit.end) for a in result.applied]
    offset = 0
    for line in draft.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        if not any(s <= end and start <= e for s, e in touched) and line not in result.text:
            return False
    return True


def measure(drafts: list[tuple[str, str]], unsafe: bool, settings: Settings) -> Tally:
    tally = Tally()
    for name, draft in drafts:
        tally.drafts += 1
        try:
            result = fix(draft, unsafe=unsafe, settings=settings, name=name)
        except RequestlintError:
            tally.refused += 1
            continue
        except Exception as exc:  # the one thing this benchmark must never see
            tally.raised.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        offered = [e for f in result.before.findings for e in f.suggestion.edits if e.safe or unsafe]
        before, after = _warnings(result, after=False), _warnings(result, after=True)
        tally.applied += len(result.applied)
        if after > before:
            tally.more.append(name)
        if offered and any(f.severity.rank >= 1 for f in result.before.findings):
            tally.fixable += 1
            tally.fewer += after < before
            if after >= before:
                left_out = ",".join(sorted({a.code for a in result.left_out})) or "-"
                why = "edits applied, count unchanged" if result.applied else f"every edit left out ({left_out})"
                tally.not_fewer[why] += 1
        if any(_BLANK.search(a.edit.text) for a in result.applied):
            tally.blanks.append(name)
        if doubled_words(result.text) - doubled_words(draft):
            tally.doubled.append(name)
        if not _untouched_lines_kept(draft, result):
            tally.lines_changed.append(name)
    return tally


def report(label: str, tally: Tally, show: int) -> bool:
    share = tally.fewer / tally.fixable if tally.fixable else 1.0
    print(f"{label}: {tally.drafts} drafts, {tally.applied} edits applied")
    for why, count in tally.not_fewer.most_common():
        print(f"  not fewer, {why}: {count}")
    print(f"  raised: {len(tally.raised)}; refused with a clear error: {tally.refused}")
    print(f"  more warnings/errors after the fix: {len(tally.more)}")
    print(f"  drafts with a fixable warning or error: {tally.fixable}; strictly fewer after: {tally.fewer}", end="")
    print(f" ({share:.1%})")
    print(f"  blanks left: {len(tally.blanks)}; doubled words: {len(tally.doubled)}")
    print(f"  untouched lines changed: {len(tally.lines_changed)}")
    for name in (tally.raised + tally.more + tally.blanks + tally.doubled + tally.lines_changed)[:show]:
        print(f"    {name}")
    bad = tally.raised or tally.more or tally.blanks or tally.doubled or tally.lines_changed
    return not bad and share >= 0.9


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unsafe", action="store_true", help="apply content fixes too (--unsafe-fixes)")
    parser.add_argument("--external", type=Path, default=EXTERNAL_DEV)
    parser.add_argument("--show", type=int, default=10, help="list this many drafts that broke a bar")
    args = parser.parse_args()
    settings = Settings(languagetool="off")
    corpus = [(d.ident, d.text) for batch in batches() for d in load_batch(batch)]
    ok = report("own corpus", measure(corpus, args.unsafe, settings), args.show)
    if args.external.is_file():
        external = [(d.ident, d.text) for d in load_external(args.external)]
        ok = report("external dev", measure(external, args.unsafe, settings), args.show) and ok
    else:
        print(f"external dev set not found at {args.external}; skipped (it is not part of the project)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
