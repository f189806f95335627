"""Running checks off the event loop: one at a time, each within a deadline.

A check is CPU-bound (spaCy) and ``requestlint.check`` is safe from one thread at a time, so checks run in
worker threads behind one process-wide lock while the event loop keeps answering other requests. A check
that misses its deadline is answered with 503; its thread cannot be killed and finishes in the background,
and checks queued behind it give up once their own deadline has passed instead of running for nobody.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from requestlint.api import check
from requestlint.config import Settings
from requestlint.grammar import GrammarChecker
from requestlint.models import DraftKind, GrammarStatus, Report

# Process-wide: every app in the process shares requestlint's engines, so they share the lock too.
_CHECK_LOCK = threading.Lock()


class CheckTimeout(Exception):
    """The check did not finish within the server's timeout."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"the check took longer than {timeout:g} s; try a shorter draft or again later")


class CheckWorker:
    def __init__(self, settings: Settings, timeout: float) -> None:
        self.settings = settings
        self.timeout = timeout
        # A few threads: one runs, the others wait for the lock within their deadline.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="requestlint-serve")
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
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, self._run, deadline, draft, select, ignore, kind)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise CheckTimeout(self.timeout) from None

    def warm_up(self) -> None:
        """Load the language model and compile the rules now, not inside the first request's deadline."""
        self._run(time.monotonic() + 600, "", None, None, None)

    def _run(
        self,
        deadline: float,
        draft: str,
        select: list[str] | None,
        ignore: list[str] | None,
        kind: DraftKind | None,
    ) -> Report:
        if not _CHECK_LOCK.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise CheckTimeout(self.timeout)
        try:
            report = check(draft, settings=self.settings, select=select, ignore=ignore, kind=kind)
        finally:
            _CHECK_LOCK.release()
        self.grammar = report.grammar
        return report
