"""Stand-ins for the check a child process runs (``requestlint.isolated``), for the server and send-gate tests.

They run in the child, so they talk to the test through files named in the draft: ``wait:<dir>`` waits until
``<dir>/release`` exists and records when it starts and ends in ``<dir>/log``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import requestlint
from requestlint.config import Settings
from requestlint.errors import InputError
from requestlint.isolated import Job
from requestlint.models import DraftKind, Report


def report_for(draft: str) -> Report:
    return Report(
        requestlint_version=requestlint.__version__,
        kind=DraftKind.OTHER,
        score=100,
        pitfalls={},
        findings=[],
        parts=[],
        rules_run=[],
        notes=[draft],
    )


def blocking(job: Job, settings: Settings) -> Report:
    draft = str(job.draft)
    folder = Path(draft.split("wait:", 1)[1].split()[0]) if "wait:" in draft else None
    if folder is not None:
        with (folder / "log").open("a", encoding="utf-8") as log:
            log.write(f"start {time.monotonic()}\n")
        give_up = time.monotonic() + 10
        while not (folder / "release").exists() and time.monotonic() < give_up:
            time.sleep(0.02)
        with (folder / "log").open("a", encoding="utf-8") as log:
            log.write(f"end {time.monotonic()}\n")
    return report_for(draft)


def broken(job: Job, settings: Settings) -> Report:
    raise RuntimeError("boom")


def hanging(job: Job, settings: Settings) -> Report:
    """A check stuck for longer than any deadline a test sets."""
    time.sleep(60)
    return report_for(str(job.draft))


def exiting(job: Job, settings: Settings) -> Report:
    """A dependency that calls sys.exit while a draft is checked."""
    sys.exit(3)


def dying(job: Job, settings: Settings) -> Report:
    """A crash that takes the whole child down (as a segfault in C code would)."""
    os._exit(5)


def refusing(job: Job, settings: Settings) -> Report:
    raise InputError("not a draft", path="draft.txt", line=7)
