"""Grading on a Dask distributed cluster: a real LocalCluster with two worker processes on this machine."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from requestlint.cli import main
from requestlint.grading import cluster as cluster_module
from requestlint.grading import grade, grade_class, read_inputs
from requestlint.grading.grade import CHUNK
from requestlint.grading.workshop import OUTPUTS

distributed = pytest.importorskip("dask.distributed")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drafts"

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as connected,
    ):
        yield connected


@pytest.fixture
def big_class(tmp_path: Path) -> Path:
    """More drafts than two chunks, every example several times, and one file that cannot be read."""
    folder = tmp_path / "class"
    folder.mkdir()
    sources = sorted(EXAMPLES.glob("*/*.txt"))
    for i in range(3 * CHUNK + 4):
        (folder / f"s{i:03d}.txt").write_bytes(sources[i % len(sources)].read_bytes())
    (folder / "zz-corrupt.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    return folder


def test_a_cluster_run_writes_the_same_files_as_a_local_run(client: Any, big_class: Path, tmp_path: Path) -> None:
    local = grade_class([big_class], tmp_path / "local", jobs=1)
    remote = grade_class([big_class], tmp_path / "cluster", client=client)
    assert [s.student for s in remote.students] == [s.student for s in local.students]  # input order kept
    assert len(remote.graded) == 3 * CHUNK + 4 and len(remote.failed) == 1
    for name in OUTPUTS:
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    # both workers took part: each loaded the model and checked drafts
    used = client.run(lambda: "requestlint.api" in __import__("sys").modules)
    assert len(used) == 2 and all(used.values())


def test_drafts_of_a_lost_worker_are_checked_again(client: Any, big_class: Path) -> None:
    submissions = read_inputs([big_class])
    expected = [(s.student, s.score, s.present) for s in grade(submissions, jobs=1).students]
    pids = client.run(os.getpid)
    killed: list[str] = []

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            busy = [worker for worker, tasks in client.processing().items() if tasks and worker in pids]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)  # lost mid-task; the nanny starts a fresh worker
                killed.append(busy[0])
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    result = grade(submissions, client=client)
    killer.join()
    assert killed, "no worker was busy long enough to be killed"
    assert [(s.student, s.score, s.present) for s in result.students] == expected
    assert [s.student for s in result.failed] == ["zz-corrupt"]  # the unreadable file only


def test_cli_grades_on_a_scheduler_and_refuses_an_unreachable_one(
    client: Any, big_class: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert main(["grade", str(big_class), "--out", str(out), "--scheduler", client.scheduler.address]) == 0
    assert f"graded {3 * CHUNK + 4} of {3 * CHUNK + 5} drafts" in capsys.readouterr().out
    assert all((out / name).is_file() for name in OUTPUTS)
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", "2s")
    assert main(["grade", str(big_class), "--out", str(out), "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "RLE501" in err and "tcp://127.0.0.1:9" in err and "Traceback" not in err
