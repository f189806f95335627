"""Checks in a child process, so that a deadline holds whatever the draft.

spaCy's tokenizer and matcher run long stretches of C code while holding the interpreter lock: a thread can
neither be stopped at a deadline nor let the rest of the process (a server's event loop, a timer) run
meanwhile. A child process can be killed. ``IsolatedChecker`` keeps one child (a fresh interpreter running
``python -m requestlint.isolated``, so nothing of the caller's state or ``__main__`` is copied into it) that
loads the model once and answers jobs one at a time over its standard input and output; a job that misses
its deadline kills the child, and the next job starts a new one.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Generic, TypeVar

from pydantic import BaseModel

from requestlint import errors
from requestlint.config import Settings
from requestlint.errors import RequestlintError
from requestlint.models import DraftKind, Report


class CheckDeadline(Exception):
    """The check did not finish in time; the child that ran it was stopped."""


@dataclass(frozen=True)
class Job:
    draft: str | bytes
    name: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    kind: DraftKind | None = None


Result = TypeVar("Result", bound=BaseModel)
Runner = Callable[[Job, Settings], Report]


def run_check(job: Job, settings: Settings) -> Report:
    """What the child does with a job: requestlint's own check."""
    from requestlint.api import check

    return check(job.draft, settings=settings, select=job.select, ignore=job.ignore, kind=job.kind, name=job.name)


def _reference(run: Callable[[Job, Settings], BaseModel]) -> str:
    return f"{run.__module__}:{run.__qualname__}"


class IsolatedChecker(Generic[Result]):
    """One child process that runs jobs (checks drafts, or grades a class upload): ``check`` blocks (waiting on a
    pipe, without the GIL) and answers what ``run`` returns in the child, a ``result`` model."""

    def __init__(self, settings: Settings, run: Callable[[Job, Settings], Result], result: type[Result]) -> None:
        self.settings = settings
        self.runner = _reference(run)
        self.result = result
        self._process: subprocess.Popen[bytes] | None = None
        self._busy = threading.Lock()

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def check(self, job: Job, timeout: float) -> Result:
        """The report, or ``CheckDeadline`` after ``timeout`` seconds (the child is then stopped)."""
        started = time.monotonic()
        if not self._busy.acquire(timeout=max(0.0, timeout)):  # one job at a time on the pipe
            raise CheckDeadline(f"no check could start within {timeout:g} s")
        try:
            return self._check(job, deadline=started + timeout, timeout=timeout)
        finally:
            self._busy.release()

    def _check(self, job: Job, deadline: float, timeout: float) -> Result:
        if not self.alive:
            self._start()
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        try:
            sent = _write(process.stdin, job, deadline=deadline)
            answer = _read(process.stdout, deadline=deadline) if sent else None
        except (EOFError, OSError, pickle.UnpicklingError):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(1)  # a child that crashed has closed its pipe; its exit status says how it ended
            status = self.stop()
            ended = "" if status is None else f" (exit status {status})"
            raise RequestlintError(f"the checking process ended unexpectedly{ended}") from None
        if answer is None:
            self.stop()
            raise CheckDeadline(f"the check took longer than {timeout:g} s")
        return _result(answer, self.result)

    def stop(self) -> int | None:
        """Kill the child (it may be deep in C code: there is nothing to wait for); its exit status if it had ended."""
        process, self._process = self._process, None
        if process is None:
            return None
        status = process.poll()
        if status is None:
            process.kill()
        process.wait(5)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        return status

    def _start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "requestlint.isolated"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._process.stdin is not None
        _write(self._process.stdin, (self.settings.model_dump_json(), self.runner, sys.path))


# One child per settings and runner, shared by every caller in the process (a server builds an app per test,
# the send gate may be called per message), and stopped when the process ends.
_SHARED: dict[tuple[str, str], IsolatedChecker[Report]] = {}


def shared_checker(settings: Settings, run: Runner = run_check) -> IsolatedChecker[Report]:
    """The process's checker for these settings and runner; its child starts on the first job."""
    key = (settings.model_dump_json(), _reference(run))
    return _SHARED.setdefault(key, IsolatedChecker(settings, run, Report))


@atexit.register
def _stop_shared() -> None:
    for checker in _SHARED.values():
        checker.stop()


_HEADER = struct.Struct(">I")


def _write(stream: IO[bytes], value: object, deadline: float | None = None) -> bool:
    """Send one framed value; ``False`` when ``deadline`` passes first (a child stuck before it reads)."""
    data = pickle.dumps(value)
    frame = memoryview(_HEADER.pack(len(data)) + data)
    if deadline is None:
        stream.write(frame)
        stream.flush()
        return True
    stream.flush()
    fd = stream.fileno()
    while frame:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([], [fd], [], left)[1]:
            return False
        # A writable pipe takes at least PIPE_BUF bytes without blocking; a larger write could block.
        frame = frame[os.write(fd, frame[: select.PIPE_BUF]) :]
    return True


def _read(stream: IO[bytes], deadline: float | None = None) -> Any:
    """One framed value; ``None`` when ``deadline`` passes first. ``EOFError`` when the other side is gone."""
    header = _read_exactly(stream, _HEADER.size, deadline)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    body = _read_exactly(stream, size, deadline)
    return None if body is None else pickle.loads(body)


def _read_exactly(stream: IO[bytes], size: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    fd = stream.fileno()
    while size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
        chunk = os.read(fd, size)
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _result(answer: tuple[Any, ...], result: type[Result]) -> Result:
    """The result (a report), or the child's error raised again here as the same class."""
    status = answer[0]
    if status == "ok":
        return result.model_validate_json(answer[1])
    if status == "error":
        _, name, message, path, line = answer
        kind = getattr(errors, name, RequestlintError)
        raise kind(message, path=path or None, line=line or None)
    raise RuntimeError(answer[1])


def _serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The child: settings first, then a job in and one answer out, until the parent closes the pipe."""
    settings_json, runner, path = _read(requests)
    sys.path[:] = path  # the parent's: a runner named by a test module must be importable here too
    module, _, name = runner.partition(":")
    run: Callable[[Job, Settings], BaseModel] = getattr(importlib.import_module(module), name)
    settings = Settings.model_validate_json(settings_json)
    while True:
        try:
            job = _read(requests)
        except EOFError:
            return
        answer: tuple[Any, ...]
        try:
            answer = ("ok", run(job, settings).model_dump_json())
        except RequestlintError as exc:
            answer = ("error", type(exc).__name__, exc.message, exc.path or "", exc.line)
        # A bug, or a broken dependency that calls sys.exit on import: the parent reports it, the child stays up.
        except Exception as exc:
            answer = ("bug", str(exc))
        except SystemExit as exc:
            answer = ("bug", f"SystemExit({exc.code!r}) while checking")
        _write(answers, answer)


if __name__ == "__main__":
    # The protocol owns the real standard output; anything a library prints goes to standard error instead.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    _serve(sys.stdin.buffer, protocol)
