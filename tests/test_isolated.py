"""The child process that runs checks (``requestlint.isolated``): answers, errors, crashes and deadlines.

The stand-in checks live in child_fakes.py, which the child imports by name; no model is loaded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

import child_fakes
import child_slow_start
from requestlint.config import Settings
from requestlint.errors import InputError, RequestlintError
from requestlint.isolated import CheckDeadline, IsolatedChecker, Job, Runner, shared_checker
from requestlint.models import Report

SETTINGS = Settings(languagetool="off")


@pytest.fixture
def make_checker() -> Iterator[Callable[[Runner], IsolatedChecker]]:
    made: list[IsolatedChecker] = []

    def make(run: Runner) -> IsolatedChecker:
        checker = IsolatedChecker(SETTINGS, run, Report)
        made.append(checker)
        return checker

    yield make
    for checker in made:
        checker.stop()


def test_isolated_answer_comes_back_as_a_report(make_checker: Callable[[Runner], IsolatedChecker]) -> None:
    checker = make_checker(child_fakes.blocking)
    assert checker.check(Job("first"), timeout=60).notes == ["first"]
    assert checker.check(Job("second"), timeout=60).notes == ["second"], "the same child answers the next job"
    assert checker.alive


def test_isolated_requestlint_errors_keep_their_class_file_and_line(
    make_checker: Callable[[Runner], IsolatedChecker],
) -> None:
    checker = make_checker(child_fakes.refusing)
    with pytest.raises(InputError) as caught:
        checker.check(Job("x"), timeout=60)
    assert (caught.value.message, caught.value.path, caught.value.line) == ("not a draft", "draft.txt", 7)
    assert checker.alive, "an error in a check does not cost the child"


def test_isolated_sys_exit_in_a_check_is_reported_not_fatal(make_checker: Callable[[Runner], IsolatedChecker]) -> None:
    checker = make_checker(child_fakes.exiting)
    with pytest.raises(RuntimeError, match=r"SystemExit\(3\)"):
        checker.check(Job("x"), timeout=60)
    assert checker.alive


def test_isolated_crashed_child_is_reported_with_its_exit_status(
    make_checker: Callable[[Runner], IsolatedChecker],
) -> None:
    checker = make_checker(child_fakes.dying)
    with pytest.raises(RequestlintError, match=r"ended unexpectedly \(exit status 5\)"):
        checker.check(Job("x"), timeout=60)
    assert not checker.alive


def test_isolated_deadline_kills_the_child_and_the_next_job_gets_a_new_one(
    make_checker: Callable[[Runner], IsolatedChecker],
) -> None:
    checker = make_checker(child_fakes.hanging)
    with pytest.raises(CheckDeadline, match="took longer than"):
        checker.check(Job("x"), timeout=3)
    assert not checker.alive, "the stuck child was killed"


def test_isolated_shared_checker_is_one_per_settings_and_runner() -> None:
    first = shared_checker(SETTINGS, child_fakes.blocking)
    assert shared_checker(SETTINGS, child_fakes.blocking) is first
    assert shared_checker(SETTINGS, child_fakes.refusing) is not first
    assert shared_checker(Settings(languagetool="off", preview=True), child_fakes.blocking) is not first


def test_isolated_deadline_holds_while_a_large_job_waits_for_a_stuck_child(
    make_checker: Callable[[Runner], IsolatedChecker],
) -> None:
    """A job larger than the pipe's buffer cannot be written until the child reads it; the deadline still holds."""
    checker = make_checker(child_slow_start.never_reached)
    started = time.monotonic()
    with pytest.raises(CheckDeadline, match="took longer than 3 s"):
        checker.check(Job("x" * 400_000), timeout=3)
    assert time.monotonic() - started < 30, "given up at the deadline, not when the child finally read the job"
    assert not checker.alive
