"""End to end: neomutt (batch mode) sends through `requestlint sendmail` to msmtp, which delivers over SMTP
to an aiosmtpd server on 127.0.0.1 started by the test. Every part is the real program."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

pytestmark = [pytest.mark.model, pytest.mark.mail]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drafts"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(envelope.original_content)  # type: ignore[attr-defined]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    if not (shutil.which("neomutt") and shutil.which("msmtp")):
        pytest.skip("neomutt and msmtp are not installed (.ci/run installs them with apt-get)")
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _client(tmp_path: Path, port: int, wrapper_args: str = "") -> Path:
    """A neomutt set-up whose sendmail is requestlint's wrapper in front of msmtp; copies of what went in
    and what was handed on are kept, to compare bytes."""
    msmtprc = tmp_path / "msmtprc"
    msmtprc.write_text(
        f"defaults\nauth off\ntls off\nlogfile {tmp_path}/msmtp.log\n"
        f"account local\nhost 127.0.0.1\nport {port}\nfrom sam@example.org\naccount default : local\n"
    )
    msmtprc.chmod(0o600)
    real = tmp_path / "real-sendmail"
    real.write_text(f'#!/bin/sh\ntee {tmp_path}/handed.eml | msmtp -C {msmtprc} "$@"\n')
    outer = tmp_path / "sendmail"
    outer.write_text(
        f'#!/bin/sh\ntee {tmp_path}/in.eml | {sys.executable} -m requestlint sendmail {wrapper_args} -- {real} "$@"\n'
    )
    for script in (real, outer):
        script.chmod(0o755)
    muttrc = tmp_path / "muttrc"
    muttrc.write_text(
        f'set sendmail="{outer}"\nset from="Sam Lee <sam@example.org>"\nset use_from=yes\nset record=""\n'
        'set copy=no\nset charset="utf-8"\nset send_charset="utf-8"\n'
    )
    return muttrc


def _send(tmp_path: Path, muttrc: Path, draft: Path) -> subprocess.CompletedProcess[str]:
    text = draft.read_text(encoding="utf-8")
    subject = text.split("\n", 1)[0].removeprefix("Subject: ") if text.startswith("Subject:") else ""
    body = text.split("\n\n", 1)[1] if text.startswith("Subject:") else text
    return subprocess.run(
        ["neomutt", "-n", "-F", str(muttrc), "-s", subject, "--", "reader@example.org"],
        input=body,
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )


def test_good_request_arrives_byte_for_byte(smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    done = _send(tmp_path, _client(tmp_path, port), EXAMPLES / "good" / "student-epidemiology.txt")
    assert done.returncode == 0, done.stdout + done.stderr
    handed_in = (tmp_path / "in.eml").read_bytes()
    handed_on = (tmp_path / "handed.eml").read_bytes()
    assert handed_in == handed_on, "the wrapper hands on exactly what the client gave it"
    assert len(inbox.messages) == 1
    assert inbox.messages[0].replace(b"\r\n", b"\n") == handed_on, "SMTP carries it unchanged (CRLF on the wire)"
    assert b"Subject: Emory MPH student" in handed_on


def test_weak_request_is_refused_and_the_client_says_so(smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    done = _send(tmp_path, _client(tmp_path, port), EXAMPLES / "bad" / "casual-changer-wants-referral.txt")
    assert done.returncode != 0
    assert "requestlint: not sent" in done.stderr, done.stderr
    assert "child exited 65" in done.stderr, "neomutt reports the refusal"
    assert inbox.messages == []
    assert not (tmp_path / "handed.eml").exists()


def test_requestlint_crash_still_delivers(smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    broken = tmp_path / "broken-rules" / "x"
    broken.mkdir(parents=True)
    (broken / "XXX01.yml").write_text("code: [\n")  # requestlint cannot load its rules: it must fail open
    muttrc = _client(tmp_path, port, wrapper_args=f"--rules-dir {broken.parent}")
    done = _send(tmp_path, muttrc, EXAMPLES / "bad" / "casual-changer-wants-referral.txt")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(inbox.messages) == 1
    assert inbox.messages[0].replace(b"\r\n", b"\n") == (tmp_path / "in.eml").read_bytes()
