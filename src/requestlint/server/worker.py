"""Running checks off the event loop: one at a time, each within a deadline that holds.

A check runs in a child process (``requestlint.isolated``): spaCy holds the interpreter lock through long
stretches of C code, so a check in a thread could keep the event loop from answering (``/health`` included)
and could not be stopped. The event loop only waits on the child's pipe; a check that misses its deadline is
answered with 503 and its child is killed (the next check starts a new one), and checks queued behind it give
up once their own deadline has passed instead of running for nobody.
"""

from __future__ import annotations

import asyncio
import time

from requestlint.config import Settings
from requestlint.grammar import GrammarChecker
from requestlint.isolated import CheckDeadline, Job, Runner, run_check, shared_checker
from requestlint.models import DraftKind, GrammarStatus, Report

RUNNER: Runner = run_check
"""What the child does with a job (tests put a stand-in here)."""
WARM_UP_SECONDS = 120.0
"""How long the first child may take to load the model at start-up."""


class CheckTimeout(Exception):
    """The check did not finish within the server's timeout."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"the check took longer than {timeout:g} s; try a shorter draft or again later")


class CheckWorker:
    def __init__(self, settings: Settings, timeout: float, run: Runner | None = None) -> None:
        self.settings = settings
        self.timeout = timeout
        self._child = shared_checker(settings, run if run is not None else RUNNER)
        self._lock: asyncio.Lock | None = None  # made on first use, inside the server's event loop
        configured = GrammarChecker(settings.languagetool, settings.languagetool_url, settings.languagetool_timeout)
        self.grammar: GrammarStatus = configured.status()

    async def check(
        self,
        draft: str,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        kind: DraftKind | None = None,
    ) -> Report:
        deadline = time.monotonic() + self.timeout
        if self._lock is None:
            self._lock = asyncio.Lock()
        try:
            await asyncio.wait_for(self._lock.acquire(), self.timeout)
        except TimeoutError:
            raise CheckTimeout(self.timeout) from None
        try:
            left = deadline - time.monotonic()
            job = Job(draft, select=select, ignore=ignore, kind=kind)
            loop = asyncio.get_running_loop()
            report = await loop.run_in_executor(None, self._child.check, job, left)
        except CheckDeadline:
            raise CheckTimeout(self.timeout) from None
        finally:
            self._lock.release()
        self.grammar = report.grammar
        return report

    def warm_up(self) -> None:
        """Start the child and let it load the model now, not inside the first request's deadline."""
        self._child.check(Job(""), WARM_UP_SECONDS)
