"""The sendmail gate's edges (issue 12, defect 10): the control header, non-Exception failures, killed sendmails.

Whatever goes wrong, a message is either handed to the real sendmail (without the X-Requestlint line) or the
gate exits non-zero so that the mail client keeps it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from requestlint import sendgate

ROOT = Path(__file__).resolve().parent.parent
WEAK = (ROOT / "examples" / "drafts" / "bad" / "casual-changer-wants-referral.txt").read_bytes()


class Outbox:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def __call__(self, argv: Sequence[str], message: bytes) -> int:
        self.sent.append(message)
        return 0


class Unusual(BaseException):
    """Neither an Exception nor a KeyboardInterrupt."""


def _failing(error: BaseException) -> object:
    def check(*args: object, **kwargs: object) -> object:
        raise error

    return check


def _writer(out: Path) -> list[str]:
    """A 'real sendmail' that stores what it was given."""
    return [sys.executable, "-c", f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())"]


def _with_header(message: bytes, header: bytes, at_line: int) -> bytes:
    lines = message.splitlines(keepends=True)
    return b"".join([*lines[:at_line], header, *lines[at_line:]])


@pytest.mark.parametrize(
    ("header", "at_line", "crlf"),
    [
        (b"X-Requestlint: check\n", 0, False),
        (b"x-requestlint:   CHECK\n", 1, False),
        (b"X-Requestlint: check\r\n", 1, True),
    ],
)
def test_sendgate_fail_open_removes_the_control_header(
    header: bytes, at_line: int, crlf: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reproducer: when the check failed, the message went out with its X-Requestlint line."""
    message = WEAK.replace(b"\n", b"\r\n") if crlf else WEAK
    monkeypatch.setattr(sendgate, "_check_with_timeout", _failing(RuntimeError("simulated failure")))
    outbox = Outbox()
    assert sendgate.run(["sendmail"], raw=_with_header(message, header, at_line), send=outbox) == 0
    assert outbox.sent == [message], "only the control header's own line is removed"
    assert "sending it unchecked" in capsys.readouterr().err


@pytest.mark.parametrize("eol", [b"\n", b"\r\n"])
@pytest.mark.parametrize("at_line", [0, 1, 2])  # first, middle, and last line of the header section
def test_sendgate_control_header_line_is_removed_exactly(eol: bytes, at_line: int) -> None:
    """Only the header's own line goes, whatever the line ends; the blank line and the body stay byte for byte."""
    headers = [b"Subject: Twenty minutes on audit?" + eol, b"To: r@example.org" + eol]
    message = b"".join(headers) + eol + b"Dear Ms. Gable," + eol + b"X-Requestlint: check" + eol
    raw = (
        b"".join([*headers[:at_line], b"X-Requestlint: skip" + eol, *headers[at_line:]])
        + message[len(b"".join(headers)) :]
    )
    assert sendgate._control_header(raw) == ("skip", message)


@pytest.mark.parametrize("raw", [b"X-Requestlint: skip", b"X-Requestlint: skip\n", b"X-Requestlint: skip\r\n"])
def test_sendgate_control_header_without_body(raw: bytes) -> None:
    assert sendgate._control_header(raw) == ("skip", b"")


@pytest.mark.parametrize("error", [SystemExit(0), SystemExit(3), Unusual("odd"), GeneratorExit()])
def test_sendgate_base_exceptions_fail_open(error: BaseException, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sendgate, "_check_with_timeout", _failing(error))
    outbox = Outbox()
    assert sendgate.run(["sendmail"], raw=WEAK, send=outbox) == 0
    assert outbox.sent == [WEAK]


@pytest.mark.parametrize("error", [SystemExit(0), Unusual("odd")])
def test_sendgate_base_exceptions_fail_closed(error: BaseException, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sendgate, "_check_with_timeout", _failing(error))
    outbox = Outbox()
    assert sendgate.run(["sendmail"], raw=WEAK, send=outbox, fail_closed=True) == sendgate.EX_SOFTWARE
    assert outbox.sent == []


def test_sendgate_keyboard_interrupt_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C stops the gate; the CLI exits 130 and the client keeps the message."""
    monkeypatch.setattr(sendgate, "_check_with_timeout", _failing(KeyboardInterrupt()))
    outbox = Outbox()
    with pytest.raises(KeyboardInterrupt):
        sendgate.run(["sendmail"], raw=WEAK, send=outbox)
    assert outbox.sent == []


def test_sendgate_delivers_when_a_model_import_calls_sys_exit(tmp_path: Path) -> None:
    """The reproducer: a spaCy import that calls sys.exit(0) made the gate exit 0 without delivering."""
    fake = tmp_path / "fake-packages" / "spacy"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("import sys\nsys.exit(0)\n", encoding="utf-8")
    out = tmp_path / "delivered.eml"
    code = f"import sys; from requestlint.cli import main; sys.exit(main(['sendmail', '--', *{_writer(out)!r}]))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", code], input=b"X-Requestlint: check\n" + WEAK, capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == WEAK, "delivered, without the control header"
    assert b"SystemExit" in done.stderr and b"sending it unchecked" in done.stderr


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGSEGV])
def test_sendgate_killed_sendmail_is_a_temporary_failure(
    sig: signal.Signals, capsys: pytest.CaptureFixture[str]
) -> None:
    killed = [sys.executable, "-c", f"import os, sys; sys.stdin.buffer.read(); os.kill(os.getpid(), {int(sig)})"]
    assert sendgate.deliver(killed, b"Subject: x\n\nhi\n") == sendgate.EX_TEMPFAIL
    assert f"was killed by {sig.name}" in capsys.readouterr().err


def test_sendgate_killed_sendmail_exit_status_through_the_cli() -> None:
    """The reproducer: the gate exited 247 (256 - 9) when the real sendmail was killed by SIGKILL."""
    code = (
        "import sys; from requestlint.cli import main; "
        "sys.exit(main(['sendmail', '--', 'sh', '-c', 'cat >/dev/null; kill -KILL $$']))"
    )
    env = {**os.environ, sendgate.ENV: "skip"}
    done = subprocess.run([sys.executable, "-c", code], input=WEAK, capture_output=True, env=env, timeout=60)
    assert done.returncode == sendgate.EX_TEMPFAIL, done.stderr
    assert b"killed by SIGKILL" in done.stderr


def test_sendgate_sendmail_exit_status_passes_through() -> None:
    assert sendgate.deliver(["sh", "-c", "cat >/dev/null; exit 67"], b"Subject: x\n\nhi\n") == 67


@pytest.mark.model
def test_sendgate_deadline_holds_on_a_message_that_takes_long_to_check(tmp_path: Path) -> None:
    """A message just under the size limit takes tens of seconds to check; ``--timeout 3`` still holds."""
    line = b"- please tell me about your work on the project and the team, and the next step for me\n"
    message = b"Subject: Question about your career path\n\n" + line * (450_000 // len(line))
    out = tmp_path / "delivered.eml"
    argv = ["sendmail", "--timeout", "3", "--", *_writer(out)]
    code = f"import sys; from requestlint.cli import main; sys.exit(main({argv!r}))"
    env = {**os.environ, sendgate.ENV: "check"}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], input=message, capture_output=True, env=env, timeout=120)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == message, "delivered unchanged after the deadline"
    assert b"took longer than" in done.stderr and b"sending it unchecked" in done.stderr
    assert elapsed < 15, f"the check was cut off at the deadline, not after {elapsed:.0f} s"
