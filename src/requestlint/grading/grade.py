"""Grading a class: every submission checked (on all cores), scored by the rubric, summarised."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from requestlint.api import check_many
from requestlint.config import Settings
from requestlint.errors import ClusterError
from requestlint.grading.inputs import Submission
from requestlint.grading.rubric import Rubric
from requestlint.models import Report, Severity
from requestlint.pitfalls import PITFALLS
from requestlint.scoring import clamp

CLUSTER_RETRIES = 2  # further tries of a chunk whose task raised on a cluster worker
CHUNK = 25  # drafts per task: large enough to amortise the hand-off, small enough for a smooth progress bar
Chunk = list[tuple[int, Submission]]  # (position in the class, submission)
WARM_UP = "Subject: Warm-up\n\nDear Ms. Doe,\n\nThank you.\n\nBest,\nAna\n"


class StudentResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    student: str
    origin: str
    score: float | None = None
    grade: str | None = None
    report: Report | None = None
    error: str | None = None  # why it was not graded, or why it was skipped
    skipped: bool = False

    @property
    def status(self) -> Literal["graded", "error", "skipped"]:
        """graded; error (a draft that could not be read or checked); skipped (a file that is not a draft)."""
        if self.report is not None:
            return "graded"
        return "skipped" if self.skipped else "error"

    @property
    def present(self) -> list[str]:
        if self.report is None:
            return []
        return [p for p in PITFALLS if self.report.pitfalls[p].present]


class ClassResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    rubric: Rubric
    students: list[StudentResult]

    @property
    def graded(self) -> list[StudentResult]:
        return [s for s in self.students if s.status == "graded"]

    @property
    def failed(self) -> list[StudentResult]:
        """Drafts that could not be read or checked."""
        return [s for s in self.students if s.status == "error"]

    @property
    def skipped(self) -> list[StudentResult]:
        """Files in a submissions folder that were not read, each with the reason."""
        return [s for s in self.students if s.status == "skipped"]

    def pitfall_counts(self) -> dict[str, int]:
        return {p: sum(1 for s in self.graded if p in s.present) for p in PITFALLS}

    def pitfall_applicable(self) -> dict[str, int]:
        """How many graded drafts each pitfall was checked on (the thank-you pitfalls only on thank-you notes)."""
        return {p: sum(1 for s in self.graded if s.report and s.report.pitfalls[p].applies) for p in PITFALLS}

    def common_findings(self, limit: int = 8) -> list[tuple[str, str, int, list[tuple[str, str]]]]:
        """(code, short message, how many students, up to three (student, matched text) examples)."""
        counts: Counter[str] = Counter()
        messages: dict[str, str] = {}
        examples: dict[str, list[tuple[str, str]]] = {}
        for student in self.graded:
            assert student.report is not None
            seen = set()
            for finding in student.report.findings:
                if finding.severity is Severity.INFO or finding.code in seen:
                    continue
                seen.add(finding.code)
                counts[finding.code] += 1
                messages.setdefault(finding.code, finding.message)
                if finding.match and len(examples.setdefault(finding.code, [])) < 3:
                    examples[finding.code].append((student.student, finding.match))
        return [(code, messages[code], n, examples.get(code, [])) for code, n in counts.most_common(limit)]


def rubric_score(report: Report, rubric: Rubric) -> float:
    """The report's score with each finding's points multiplied by the rubric weight of its pitfall."""
    return clamp(100.0 - sum(f.weight * rubric.weight(f.pitfall) for f in report.findings))


def _check_chunk(settings: Settings, chunk: Chunk) -> list[tuple[int, Report | str]]:
    """Run in a worker: reports (or the reason a draft failed) for one chunk, keyed by position."""
    out: list[tuple[int, Report | str]] = []
    try:
        reports = list(check_many([s.source for _, s in chunk if s.source is not None], settings=settings))
    except Exception:  # one bad draft must not lose the chunk: retry one by one
        reports = []
    if len(reports) == len(chunk):
        return [(index, report) for (index, _), report in zip(chunk, reports, strict=True)]
    for index, submission in chunk:
        try:
            assert submission.source is not None
            out.append((index, next(check_many([submission.source], settings=settings))))
        except Exception as exc:  # reported in the outputs, not raised
            out.append((index, f"requestlint could not check this draft: {type(exc).__name__}: {exc}"))
    return out


def _workers(jobs: int | None, size: int) -> int:
    if size < 2 * CHUNK:
        return 1  # a process pool costs more than it saves on a small class
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs or available, available))


def grade(
    submissions: Sequence[Submission],
    rubric: Rubric | None = None,
    settings: Settings | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    client: Any = None,
) -> ClassResult:
    """Check every submission and grade it; drafts that cannot be read or checked carry their reason.

    With ``client`` (a ``dask.distributed.Client``) the checks run on that cluster's workers instead of this
    machine's cores (``jobs`` is then ignored); the result is the same as a local run's.
    """
    rubric = rubric or Rubric()
    settings = rubric.settings(settings or Settings())
    readable = [(i, s) for i, s in enumerate(submissions) if s.source is not None]
    outcome: dict[int, Report | str] = {}
    chunks = [readable[i : i + CHUNK] for i in range(0, len(readable), CHUNK)]
    done = 0
    workers = _workers(jobs, len(readable))
    if client is not None:
        outcome = _on_cluster(client, settings, chunks, len(readable), progress)
    elif workers == 1:
        for chunk in chunks:
            outcome.update(_check_chunk(settings, chunk))
            done += len(chunk)
            if progress:
                progress(done, len(readable))
    else:
        # Load the model and compile the rules once, then fork: workers share them copy-on-write. A fixed text,
        # not a student's draft: a draft that breaks the check is reported with the others, not raised here.
        next(check_many([WARM_UP], settings=settings))
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            futures = {pool.submit(_check_chunk, settings, chunk): chunk for chunk in chunks}
            # a worker that died (killed, out of memory) has its drafts listed, not lost
            outcome = _collect(as_completed(futures), futures, BrokenProcessPool, _worker_died, len(readable), progress)
    students = []
    for index, submission in enumerate(submissions):
        result = outcome.get(index, submission.error or "not checked")
        if isinstance(result, Report):
            score = rubric_score(result, rubric)
            students.append(
                StudentResult(
                    student=submission.student,
                    origin=submission.origin,
                    score=score,
                    grade=rubric.grade_for(score),
                    report=result,
                )
            )
        else:
            students.append(
                StudentResult(
                    student=submission.student, origin=submission.origin, error=result, skipped=submission.skipped
                )
            )
    return ClassResult(rubric=rubric, students=students)


def _on_cluster(
    client: Any,
    settings: Settings,
    chunks: list[Chunk],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> dict[int, Report | str]:
    """The chunks checked on a Dask cluster. A worker loads the model on its first chunk and keeps it (the
    engine is cached per process). Dask itself reruns the tasks of a worker that is lost; a chunk whose task
    still fails (after ``CLUSTER_RETRIES`` more tries) lists its drafts with the reason, like a local worker
    that dies."""
    from dask.distributed import as_completed as cluster_completed

    futures = {
        client.submit(_check_chunk, settings, chunk, retries=CLUSTER_RETRIES, pure=False): chunk for chunk in chunks
    }
    try:
        # KilledWorker, a worker without requestlint, ...: that chunk's drafts are listed, not raised
        completed = cluster_completed(futures, loop=client.loop)
        return _collect(completed, futures, Exception, _cluster_failed, total, progress)
    except Exception as exc:  # the scheduler itself went away: nothing more can be collected
        raise ClusterError(f"lost the Dask cluster while grading: {type(exc).__name__}: {exc}") from None


def _worker_died(_: BaseException) -> str:
    return "the worker process checking this draft stopped unexpectedly (killed, or out of memory)"


def _cluster_failed(exc: BaseException) -> str:
    return f"the cluster could not check this draft: {type(exc).__name__}: {exc}"


def _collect(
    completed: Iterable[Any],
    chunks: Mapping[Any, Chunk],
    failure: type[BaseException],
    reason: Callable[[BaseException], str],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> dict[int, Report | str]:
    """The outcome of each chunk's future as it completes (local pool or cluster alike): its reports, or for a
    future that raised ``failure``, the reason on each of its drafts; progress after each chunk."""
    outcome: dict[int, Report | str] = {}
    done = 0
    for future in completed:
        chunk = chunks[future]
        try:
            outcome.update(future.result())
        except failure as exc:
            outcome.update((index, reason(exc)) for index, _ in chunk)
        done += len(chunk)
        if progress:
            progress(done, total)
    return outcome


def terminal_progress(done: int, total: int) -> None:
    """A one-line progress bar on standard error, drawn only on a terminal."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
