"""A send-time gate for mail clients that hand the finished message to a sendmail program.

``requestlint sendmail -- /usr/bin/msmtp -a work alice@example.org`` reads the RFC 5322 message on standard
input, decides whether it is an outreach request worth checking, and then either passes the message,
byte for byte, to the real sendmail with the same arguments (and returns its exit status) or refuses with
a short summary on standard error, which the mail client shows.

It fails open: if requestlint itself breaks (a bug, a missing model, a bad rule file, a time-out, even a
module that calls ``sys.exit``), the mail is delivered and the failure is reported on standard error.
``--fail-closed`` refuses instead. Mail is never dropped: the message is either handed to the real sendmail or
the client keeps it (a non-zero exit status; 75 when the real sendmail cannot be started or is killed).

What is checked (the first that applies wins):
1. a control header ``X-Requestlint: check`` or ``X-Requestlint: skip`` in the message (removed before the
   message is handed on, also when the check fails open; the only case where the bytes change);
2. the environment variable ``REQUESTLINT_SENDMAIL`` set to ``check``, ``skip`` or ``off``;
3. replies (``In-Reply-To``/``References`` headers, or a subject starting with Re:/Fwd:) pass unchecked;
4. otherwise the message is checked, and only drafts that requestlint recognises as a request or a
   follow-up are gated; thank-you notes and everything else pass.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from typing import TYPE_CHECKING

from requestlint.source import is_reply_subject

if TYPE_CHECKING:  # the model and rules load only when a message is actually checked
    from requestlint.isolated import Runner
    from requestlint.models import Report

EX_DATAERR = 65  # sendmail's "data format error": the client reports it and keeps the message
EX_SOFTWARE = 70  # fail-closed refusal because requestlint itself failed
# The real sendmail could not be started or was killed by a signal: the client keeps the message and may retry.
# (A signal would otherwise surface as a negative status, i.e. exit status 256 - signal: 247 for SIGKILL.)
EX_TEMPFAIL = 75
CONTROL = "X-Requestlint"
ENV = "REQUESTLINT_SENDMAIL"
RUNNER: Runner | None = None  # what the child runs; None: requestlint's own check (tests put a stand-in here)


@dataclass(frozen=True)
class Decision:
    deliver: bool
    message: bytes  # what is handed to the real sendmail
    summary: str  # for standard error ("" when there is nothing to say)


def _control_header(raw: bytes) -> tuple[str | None, bytes]:
    """The X-Requestlint value, and the message without that header (only its own lines are removed)."""
    # The header section, with the line break of its last line (LF or CRLF) but not the blank line.
    lf_end, crlf_end = raw.find(b"\n\n"), raw.find(b"\r\n\r\n")
    if crlf_end != -1 and (lf_end == -1 or crlf_end < lf_end):
        head_end = crlf_end + 2
    else:
        head_end = len(raw) if lf_end == -1 else lf_end + 1
    match = re.search(rb"(?im)^x-requestlint:[ \t]*([a-z-]+)[ \t]*(?:\r?\n|\Z)", raw[:head_end])
    if match is None:
        return None, raw
    value = match.group(1).decode("ascii").lower()
    start, stop = match.span()
    return value, raw[:start] + raw[stop:]


def _is_reply(raw: bytes) -> bool:
    headers = BytesHeaderParser(policy=default_policy).parsebytes(raw)
    if headers.get("In-Reply-To") or headers.get("References"):
        return True
    return is_reply_subject(str(headers.get("Subject", "")))


def decide(raw: bytes, *, fail_on: str, extra_rule_dirs: Sequence[str] = (), timeout: float = 30.0) -> Decision:
    """Whether to hand the message on. Raises on requestlint failures (the caller fails open or closed)."""
    control, without = _control_header(raw)
    mode = control or os.environ.get(ENV, "").strip().lower() or "auto"
    message = without if control else raw
    if mode in ("skip", "off"):
        return Decision(True, message, "")
    if mode not in ("check", "auto"):
        return Decision(True, message, f"requestlint: unknown {CONTROL}/{ENV} value {mode!r}; not checked")
    if mode == "auto" and _is_reply(raw):
        return Decision(True, message, "")
    # A forced check treats the message as a first request: the user asked for it to be judged as one.
    report = _check_with_timeout(message, extra_rule_dirs, timeout, "request" if mode == "check" else None)
    from requestlint.models import DraftKind, Severity

    if mode == "auto" and report.kind not in (DraftKind.REQUEST, DraftKind.FOLLOW_UP):
        return Decision(True, message, "")
    failing = report.at_or_above(Severity(fail_on))
    if not failing:
        return Decision(True, message, "")
    lines = [f"requestlint: not sent; this {report.kind.value} scores {report.score:g}/100. Fix and send again:"]
    # One line per rule, errors first: a mail client's error box is small.
    first_of_rule = {f.code: f for f in reversed(failing)}
    shown = sorted(first_of_rule.values(), key=lambda f: -f.severity.rank)
    for finding in shown[:8]:
        hint = f" Try: {finding.suggestion.replacement!r}" if finding.suggestion.replacement else ""
        lines.append(f"  - {finding.message}.{hint}")
    if len(shown) > 8:
        lines.append(f"  ... and {len(shown) - 8} more (requestlint check shows them all)")
    lines.append(f"To send it unchanged, add the header '{CONTROL}: skip' or set {ENV}=skip.")
    return Decision(False, message, "\n".join(lines))


def _check_with_timeout(raw: bytes, extra_rule_dirs: Sequence[str], timeout: float, kind: str | None) -> Report:
    """requestlint.check in a child process, killed after ``timeout`` seconds whatever the message holds.

    A thread could not be stopped: spaCy runs long stretches of C code holding the interpreter lock, so even
    waiting for a thread would overrun the deadline on a pathological message.
    """
    from pathlib import Path

    from requestlint.config import load_settings
    from requestlint.isolated import Job, run_check, shared_checker
    from requestlint.models import DraftKind

    settings = load_settings().merged(extra_rule_dirs=[Path(d) for d in extra_rule_dirs] or None)
    checker = shared_checker(settings, RUNNER or run_check)  # a caller that gates many messages loads once
    return checker.check(Job(raw, name="message", kind=DraftKind(kind) if kind else None), timeout)


def deliver(argv: Sequence[str], message: bytes) -> int:
    """Run the real sendmail with the message on its standard input; its exit status is ours."""
    try:
        status = subprocess.run(list(argv), input=message, check=False).returncode
    except OSError as exc:
        sys.stderr.write(f"requestlint: cannot run {argv[0]!r}: {exc.strerror or exc}; the message was not sent\n")
        return EX_TEMPFAIL
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        sys.stderr.write(f"requestlint: {argv[0]!r} was killed by {name}; the message may not have been sent\n")
        return EX_TEMPFAIL
    return status


def run(
    argv: Sequence[str],
    *,
    raw: bytes,
    fail_on: str = "warning",
    fail_closed: bool = False,
    extra_rule_dirs: Sequence[str] = (),
    timeout: float = 30.0,
    send: Callable[[Sequence[str], bytes], int] = deliver,
) -> int:
    try:
        decision = decide(raw, fail_on=fail_on, extra_rule_dirs=extra_rule_dirs, timeout=timeout)
    except KeyboardInterrupt:  # the user stopped it: a non-zero exit, and the client keeps the message
        raise
    # Fail open (or closed) on anything else: a broken import may even raise SystemExit, which must not end the
    # process before the message is handed on.
    except BaseException as exc:
        reason = f"{type(exc).__name__}: {exc}"
        if fail_closed:
            sys.stderr.write(f"requestlint: could not check the message ({reason}); not sent (--fail-closed)\n")
            return EX_SOFTWARE
        sys.stderr.write(f"requestlint: could not check the message ({reason}); sending it unchecked\n")
        _, unchecked = _control_header(raw)  # the control header never leaves this machine
        return send(argv, unchecked)
    if decision.summary:
        sys.stderr.write(decision.summary + "\n")
    if not decision.deliver:
        return EX_DATAERR
    return send(argv, decision.message)
