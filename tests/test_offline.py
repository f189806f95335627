"""requestlint never reaches the network: the model and the CMU dictionary come from installed packages."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.model

GUARD = textwrap.dedent(
    """
    import socket, sys
    attempts = []
    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network use is forbidden in this test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = lambda address, *a, **k: refuse(None, address)
    import requestlint
    draft = sys.stdin.read()
    report = requestlint.check(draft, select=["readability", "length", "tone", "subject"])
    print(report.score, len(report.findings), len(attempts))
    assert not attempts, attempts
    """
)


def test_offline_check_in_fresh_process_makes_no_connection() -> None:
    draft = (
        "Subject: hi\n\nhey there!!\n\n" + "i am writing because interdisciplinary collaboration necessitates "
        "comprehensive institutional accommodation of heterogeneous methodological commitments. "
        * 4
        + "could we chat so i can get your advice on careers in policy?\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", GUARD], input=draft, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    _score, findings, attempts = done.stdout.split()
    assert attempts == "0" and int(findings) > 0


def test_offline_readability_in_process_with_sockets_blocked() -> None:
    import socket

    from pytest_socket import SocketBlockedError, disable_socket, enable_socket

    disable_socket()
    try:
        with pytest.raises(SocketBlockedError):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        from requestlint import readability

        assert readability.flesch_kincaid_grade("We met for coffee. It was a good talk.") < 6
    finally:
        enable_socket()
