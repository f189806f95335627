"""The sendmail wrapper: what is gated, what passes, and that allowed mail passes byte for byte."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import child_fakes
from requestlint import sendgate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drafts"
WEAK = (EXAMPLES / "bad" / "casual-changer-wants-referral.txt").read_bytes()
GOOD = (EXAMPLES / "good" / "student-epidemiology.txt").read_bytes()


class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[list[str], bytes]] = []

    def __call__(self, argv: Sequence[str], message: bytes) -> int:
        self.sent.append((list(argv), message))
        return 0


@pytest.mark.model
def test_sendgate_refuses_weak_request(capsys: pytest.CaptureFixture[str]) -> None:
    outbox = Outbox()
    assert sendgate.run(["msmtp", "-t"], raw=WEAK, send=outbox) == sendgate.EX_DATAERR
    assert outbox.sent == []
    assert "requestlint: not sent" in capsys.readouterr().err


@pytest.mark.model
def test_sendgate_passes_good_request_unchanged() -> None:
    outbox = Outbox()
    assert sendgate.run(["msmtp", "-a", "work", "x@example.org"], raw=GOOD, send=outbox) == 0
    assert outbox.sent == [(["msmtp", "-a", "work", "x@example.org"], GOOD)]


@pytest.mark.model
def test_sendgate_fail_on_error_lets_warnings_through() -> None:
    only_warnings = GOOD.replace(b"Dear Dr. Abernathy,", b"Hey Dr. Abernathy,")
    assert sendgate.run(["sendmail"], raw=only_warnings, fail_on="warning", send=Outbox()) == sendgate.EX_DATAERR
    assert sendgate.run(["sendmail"], raw=only_warnings, fail_on="error", send=Outbox()) == 0


@pytest.mark.parametrize(
    ("header", "expected"),
    [(b"X-Requestlint: skip\n", 0), (b"x-requestlint:   SKIP\n", 0), (b"X-Requestlint: check\n", sendgate.EX_DATAERR)],
)
@pytest.mark.model
def test_sendgate_control_header_is_obeyed_and_removed(header: bytes, expected: int) -> None:
    outbox = Outbox()
    assert sendgate.run(["sendmail"], raw=header + WEAK, send=outbox) == expected
    if expected == 0:
        assert outbox.sent[0][1] == WEAK, "only the control header's own line is removed"


@pytest.mark.model
def test_sendgate_environment_and_replies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTLINT_SENDMAIL", "skip")
    assert sendgate.run(["sendmail"], raw=WEAK, send=Outbox()) == 0
    monkeypatch.delenv("REQUESTLINT_SENDMAIL")
    reply = b"In-Reply-To: <abc@example.org>\n" + WEAK
    outbox = Outbox()
    assert sendgate.run(["sendmail"], raw=reply, send=outbox) == 0 and outbox.sent[0][1] == reply
    re_subject = (
        WEAK.replace(b"Subject: ", b"Subject: Re: ", 1) if WEAK.startswith(b"Subject:") else b"Subject: Re: hi\n" + WEAK
    )
    assert sendgate.run(["sendmail"], raw=re_subject, send=Outbox()) == 0


def test_sendgate_fails_open_and_closed(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated failure inside requestlint")

    monkeypatch.setattr(sendgate, "_check_with_timeout", broken)
    outbox = Outbox()
    assert sendgate.run(["sendmail"], raw=WEAK, send=outbox) == 0
    assert outbox.sent == [(["sendmail"], WEAK)]
    assert "sending it unchecked" in capsys.readouterr().err
    closed = Outbox()
    assert sendgate.run(["sendmail"], raw=WEAK, send=closed, fail_closed=True) == sendgate.EX_SOFTWARE
    assert closed.sent == []


def test_sendgate_times_out_open(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A check stuck in its child process is cut off at the deadline and the mail goes out."""
    monkeypatch.setattr(sendgate, "RUNNER", child_fakes.hanging)
    outbox = Outbox()
    started = time.monotonic()
    assert sendgate.run(["sendmail"], raw=WEAK, send=outbox, timeout=3) == 0
    assert time.monotonic() - started < 10, "the stuck child was killed at the deadline"
    assert outbox.sent and "took longer than" in capsys.readouterr().err


def test_sendgate_missing_sendmail_keeps_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert sendgate.deliver(["/nonexistent/sendmail"], b"Subject: x\n\nhi\n") == sendgate.EX_TEMPFAIL
    assert "was not sent" in capsys.readouterr().err


# --- property: whatever the message, allowed mail reaches the real sendmail byte for byte -------------

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=400)
_header_text = st.text(
    # no line or paragraph separators (U+2028, U+2029): the email package refuses them in a header value
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    max_size=60,
)


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    message = EmailMessage()
    message["From"] = draw(st.sampled_from(["Sam Lee <sam@example.org>", "zoë@exämple.org", "x@y.z"]))
    message["To"] = "Reader <r@example.org>"
    message["Subject"] = draw(_header_text)
    for i in range(draw(st.integers(0, 3))):
        message[f"X-Extra-{i}"] = draw(_header_text)
    charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "utf-16"]))
    body = draw(_text) + "\n" + "x" * draw(st.integers(0, 1200)) + "\n"  # long lines too
    if charset == "iso-8859-1":
        body = body.encode("latin-1", "replace").decode("latin-1")
    cte = draw(st.sampled_from(["quoted-printable", "base64", "8bit"]))
    message.set_content(body, charset=charset, cte=cte if charset != "utf-16" else "base64")
    if draw(st.booleans()):
        message.add_alternative(f"<p>{body[:200]}</p>", subtype="html")
    if draw(st.booleans()):
        message.add_attachment(
            draw(st.binary(max_size=2048)), maintype="application", subtype="octet-stream", filename="data.bin"
        )
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"requestlint-test-boundary-{number}")  # the email package would use `random`
    return message.as_bytes()


@pytest.mark.model
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(raw=messages())
def test_sendgate_allowed_mail_is_byte_identical(raw: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("mail") / "delivered.eml"
    real = [sys.executable, "-c", f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())"]
    status = sendgate.run(real, raw=raw)
    if status == sendgate.EX_DATAERR:
        assert not out.exists()
    else:
        assert status == 0
        assert out.read_bytes() == raw


def test_sendgate_delivers_when_spacy_cannot_even_be_imported(tmp_path: Path) -> None:
    """The worst failure: the NLP stack is broken. `requestlint sendmail` must still start and hand the mail on."""
    import subprocess

    broken = tmp_path / "broken-packages" / "spacy"  # first on the path of the gate and of its checking child
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('simulated broken install')\n", encoding="utf-8")
    out = tmp_path / "delivered.eml"
    code = (
        "import sys\n"
        "from requestlint.cli import main\n"
        f"sys.exit(main(['sendmail', '--', sys.executable, '-c', "
        f"\"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())\"]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(broken.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], input=WEAK, capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == WEAK
    assert b"simulated broken install" in done.stderr and b"sending it unchecked" in done.stderr
