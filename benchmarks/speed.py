"""Speed of requestlint against bare spaCy, measured in one process as ratios (these machines are noisy).

    python benchmarks/speed.py [--rounds 5]
    python benchmarks/speed.py --cold-only   # only 3 and 4 (a minute instead of ten)

1. warm ``check()`` per draft vs bare ``nlp(text)`` with the full en_core_web_sm pipeline, on the same drafts
   (the labelled corpus), the variants taking turns chunk by chunk (``interleaved``) in each round (issue 10's
   bar: 0.6); and the engine's overhead:
   ``check()`` against bare ``nlp(text)`` running only the components requestlint runs (bar: 15%), and against
   those components as requestlint runs them (``run_components``, with the stand-ins of ``attributes.py`` and
   ``lemmas.py``): the engine's own work alone;
2. ``check_many`` (batched) vs bare ``nlp.pipe`` over the same drafts;
3. cold start of the CLI (``requestlint check`` on one draft, a new process started as the console script
   starts it) vs a new process that only imports spaCy and loads the model; and vs a process that loads what
   the command loads (no entity recogniser) with the collector settings the command gives itself
   (``cli.entry``), which leaves requestlint's own start and check;
4. peak resident memory of each of those two processes;
5. with ``--languagetool URL`` (a running server, e.g. tools/languagetool/lt-server start): ``check_many``
   with grammar checks against the same call without them, first on texts the server has not seen (the
   request runs beside the spaCy parse), then again (answers come from requestlint's per-text cache).
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requestlint
from corpus_io import CORPUS, batches, load_batch
from requestlint.api import _engine
from requestlint.cli import GC_THRESHOLDS
from requestlint.nlp import load_nlp, run_components

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "drafts" / "good"


def drafts() -> list[str]:
    return [item.text for name in batches() for item in load_batch(name)]


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


PEAK_RSS = """
import atexit, resource

def peak_mib():
    # VmHWM starts afresh at exec; ru_maxrss can carry over the peak of the (large) process that forked this one
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

atexit.register(lambda: print(peak_mib()))  # the last line printed, after whatever the code prints
"""


def child(code: str) -> tuple[float, float]:
    """Wall time (from outside: start-up and exit included) and peak RSS (MiB) of a new process running ``code``."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PEAK_RSS + code], capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    return wall, float(out.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--languagetool", metavar="URL", help="also time grammar checks against this server")
    parser.add_argument("--cold-only", action="store_true", help="time only the cold start and its memory")
    args = parser.parse_args()
    if not args.cold_only:
        warm(args.rounds)
    cold()
    if args.languagetool:
        languagetool(drafts(), args.languagetool)
    return 0


def interleaved(texts: list[str], variants: dict[str, Callable[[list[str]], object]], size: int) -> dict[str, float]:
    """Seconds each variant spends on all of ``texts``, run chunk by chunk and in turn (a different one first for
    each chunk): a slow minute on a shared machine then slows every variant alike, not whichever ran in it."""
    spent = dict.fromkeys(variants, 0.0)
    names = list(variants)
    for number, start in enumerate(range(0, len(texts), size)):
        chunk = texts[start : start + size]
        turn = number % len(names)
        for name in names[turn:] + names[:turn]:
            spent[name] += timed(lambda: variants[name](chunk))  # noqa: B023 (called at once, in this iteration)
    return spent


def warm(rounds: int) -> None:
    texts = drafts()
    nlp = load_nlp()
    requestlint.check(texts[0])  # warm: model, rules, engine compiled
    print(f"drafts: {len(texts)} from {CORPUS}; model {nlp.meta['name']} {nlp.meta['version']}")

    components = _engine(requestlint.Settings()).components

    def own(chunk: list[str]) -> object:
        with nlp.select_pipes(enable=components):
            return [nlp(t) for t in chunk]

    single: dict[str, Callable[[list[str]], object]] = {
        "bare": lambda chunk: [nlp(t) for t in chunk],
        "own": own,
        # the same components as requestlint runs them (its stand-ins included), without the engine
        "run": lambda chunk: [next(run_components(nlp, [nlp.make_doc(t)], components)) for t in chunk],
        "ours": lambda chunk: [requestlint.check(t) for t in chunk],
    }
    batched: dict[str, Callable[[list[str]], object]] = {
        "bare": lambda chunk: list(nlp.pipe(chunk)),
        "ours": lambda chunk: list(requestlint.check_many(chunk)),
    }
    single_ratios, batch_ratios, overheads, engine_work = [], [], [], []
    for _ in range(rounds):
        spent = interleaved(texts, single, 32)
        single_ratios.append(spent["ours"] / spent["bare"])
        overheads.append(spent["ours"] / spent["own"] - 1)
        engine_work.append(spent["ours"] / spent["run"] - 1)
        spent = interleaved(texts, batched, 256)
        batch_ratios.append(spent["ours"] / spent["bare"])
    per_draft = timed(lambda: [requestlint.check(t) for t in texts]) / len(texts)
    print(f"warm check() per draft: {per_draft * 1000:.1f} ms")
    print(
        f"check() / bare nlp(): median {statistics.median(single_ratios):.2f} "
        f"(rounds: {', '.join(f'{r:.2f}' for r in single_ratios)})"
    )
    print(
        f"engine overhead over the components it runs ({', '.join(components)}): median "
        f"{statistics.median(overheads):.0%} (rounds: {', '.join(f'{o:.0%}' for o in overheads)}; bar: 15%)"
    )
    print(
        f"the engine's own work over those components as requestlint runs them (the stand-ins for spaCy's "
        f"attribute_ruler and lemmatizer: attributes.py, lemmas.py): median {statistics.median(engine_work):.0%} "
        f"(rounds: {', '.join(f'{o:.0%}' for o in engine_work)})"
    )
    print(
        f"check_many() / bare nlp.pipe(): median {statistics.median(batch_ratios):.2f} "
        f"(rounds: {', '.join(f'{r:.2f}' for r in batch_ratios)})"
    )


def cold() -> None:
    sample = next(EXAMPLE.glob("*.txt"), None) or next(CORPUS.glob("*/*.txt"))
    # as the command runs: the console script calls cli.entry (which also sets the collector for a short process)
    argv = ["requestlint", "check", str(sample)]
    cli = f"import sys\nfrom requestlint.cli import entry\nsys.argv = {argv!r}\nentry()"
    bare_load = "from requestlint.nlp import load_nlp\nload_nlp()"
    # the process that loads what the command loads (the pipeline without the entity recogniser no bundled rule
    # reads) with the collector settings entry() gives the command: what is left is requestlint's own work
    same_load = (
        f"import gc\ngc.set_threshold(*{GC_THRESHOLDS!r})\n"
        "from requestlint.nlp import load_nlp\nload_nlp(entities=False)\ngc.freeze()"
    )
    # An installed package has its bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would compile every
    # edited module at each start and time the compiler.
    compileall.compile_dir(Path(requestlint.__file__).parent, quiet=1)
    # The first run after installing (or editing a rule) fills the user cache: rules and syllable counts. Time
    # the runs after it, which is what a pre-send hook pays on every message.
    first, _ = child(cli)
    times: dict[str, list[float]] = {"cli": [], "bare": [], "same": []}
    memory: dict[str, list[float]] = {"cli": [], "bare": [], "same": []}
    for _ in range(7):
        for name, code in (("cli", cli), ("bare", bare_load), ("same", same_load)):
            wall, mem = child(code)
            times[name].append(wall)
            memory[name].append(mem)
    cli_cold, load_cold, same_cold = (statistics.median(times[name]) for name in ("cli", "bare", "same"))
    print(
        f"cold CLI check: {cli_cold:.2f} s; cold model load alone: {load_cold:.2f} s; ratio {cli_cold / load_cold:.2f} "
        f"(bar: 1.2; the first run after an install or a rule edit, which fills the user cache: {first:.2f} s)"
    )
    print(
        f"  against a process loading what the command loads, with its collector settings ({same_cold:.2f} s): "
        f"{cli_cold / same_cold:.2f} (requestlint's own start and check alone)"
    )
    print(f"peak RSS: CLI check {max(memory['cli']):.0f} MiB; model load alone {max(memory['bare']):.0f} MiB")


def languagetool(texts: list[str], url: str) -> None:
    with_lt = requestlint.Settings(languagetool="remote", languagetool_url=url, languagetool_timeout=30)
    without = requestlint.Settings(languagetool="off")
    requestlint.check(texts[0], settings=with_lt)  # connect and warm the server
    fresh = [t + f"\n\nP.S. {i}\n" for i, t in enumerate(texts)]  # texts the server has not seen
    base = timed(lambda: list(requestlint.check_many(fresh, settings=without)))
    first = timed(lambda: list(requestlint.check_many(fresh, settings=with_lt)))
    again = timed(lambda: list(requestlint.check_many(fresh, settings=with_lt)))
    states = {r.grammar.state for r in requestlint.check_many(texts[:3], settings=with_lt)}
    n = len(texts)
    print(
        f"LanguageTool at {url} ({', '.join(sorted(states))}): per draft {base / n * 1000:.1f} ms without, "
        f"{first / n * 1000:.1f} ms with (ratio {first / base:.2f}), {again / n * 1000:.1f} ms cached "
        f"(ratio {again / base:.2f})"
    )


if __name__ == "__main__":
    sys.exit(main())
