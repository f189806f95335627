"""How ``check()`` time grows with the size of a draft, 1 KB to 500 KB (the input limit), for shapes that once
made it quadratic: one long paragraph, thousands of list lines, runs of punctuation or emoji, one huge word.

    python benchmarks/scaling.py [--sizes 1,10,100,500]

Prints seconds and milliseconds per KB for each shape and size; linear growth shows as a flat ms/KB column.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import requestlint
from requestlint.source import MAX_CHARACTERS

SENTENCE = "I am a junior studying nursing and I would like twenty minutes to ask how you chose hospice care. "


def _paragraph(size: int) -> str:
    head = "Subject: Nursing junior - 20 minutes on hospice care?\n\nDear Ms. Lee,\n\n"
    return head + (SENTENCE * (size // len(SENTENCE) + 1))[: size - len(head)]


def _list(size: int) -> str:
    return ("- item\n" * (size // 7 + 1))[:size]


def _symbols(size: int) -> str:
    return ("!?\U0001f600" * (size // 3 + 1))[:size]


def _one_word(size: int) -> str:
    return "x" * size


SHAPES: dict[str, Callable[[int], str]] = {
    "paragraph": _paragraph,
    "list lines": _list,
    "symbol runs": _symbols,
    "one word": _one_word,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,50,100,250,500", help="sizes in KB (1 KB = 1,000 characters)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    for make in SHAPES.values():  # load the model, compile the rules, touch every code path once
        requestlint.check(make(2000))
    print(f"{'shape':<14}{'KB':>6}{'seconds':>10}{'ms/KB':>8}")
    for name, make in SHAPES.items():
        for kb in sizes:
            text = make(min(kb * 1000, MAX_CHARACTERS))
            started = time.perf_counter()
            requestlint.check(text)
            took = time.perf_counter() - started
            print(f"{name:<14}{kb:>6}{took:>10.2f}{1000 * took / kb:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
