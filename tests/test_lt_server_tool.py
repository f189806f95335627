"""tools/languagetool/lt-server on a shared machine, and `requestlint check --languagetool URL` (issue 12, defect 13).

A server belongs to the checkout that started it: its pid and port are kept per checkout, it listens on a port
picked free at start, and `status`, `url` and `stop` act only on it. Most tests copy the script into two
temporary checkouts and run a stand-in for Java (a small Python HTTP server that answers like LanguageTool's
health check and /v2/check), so they need neither Java nor the jars; one test starts the real server.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from requestlint.cli import _settings, build_parser, main

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "languagetool"
NOT_RUNNING, NOT_FETCHED = 3, 4

FAKE_JAVA = """\
#!{python}
# Stands in for `java ... org.languagetool.server.HTTPServer --port N`: the health check and /v2/check.
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

port = int(sys.argv[sys.argv.index("--port") + 1])


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.reply(b"OK")

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply(b'{{"matches": []}}')

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


def make_checkout(where: Path) -> Path:
    """A copy of tools/languagetool in a checkout of its own; returns its lt-server."""
    folder = where / "tools" / "languagetool"
    folder.mkdir(parents=True)
    for name in ("lt-server", "pom.xml", "logback-quiet.xml", "server.properties"):
        shutil.copy2(TOOL / name, folder / name)
    return folder / "lt-server"


def fetched_cache(home: Path) -> Path:
    """A jar cache that lt-server takes as fetched (the stand-in Java never reads the jars)."""
    libs = home / "libs"
    libs.mkdir(parents=True)
    for jar in ("languagetool-server.jar", "language-en.jar"):
        (libs / jar).write_bytes(b"")
    pom = TOOL / "pom.xml"
    version = re.search(r"<lt.version>(.*)</lt.version>", pom.read_text(encoding="utf-8"))
    assert version is not None
    crc, size = subprocess.run(["cksum"], stdin=pom.open("rb"), capture_output=True, text=True).stdout.split()
    (libs / ".fetched").write_text(f"{version.group(1)} {crc}-{size}\n", encoding="utf-8")
    return home


def state_of(script: Path, home: Path) -> Path:
    """Where lt-server keeps a checkout's server state: named after the checkout, keyed by the script's folder."""
    folder = os.path.realpath(script.parent)
    crc = subprocess.run(["cksum"], input=folder, capture_output=True, text=True).stdout.split()[0]
    return home / "run" / f"{script.parent.parent.parent.name}-{crc}"


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    java = tmp_path / "fake-java"
    java.write_text(FAKE_JAVA.format(python=sys.executable), encoding="utf-8")
    java.chmod(0o755)
    base = {k: v for k, v in os.environ.items() if k != "REQUESTLINT_LT_PORT"}
    environment = {**base, "REQUESTLINT_LT_HOME": str(fetched_cache(tmp_path / "cache")), "JAVA": str(java)}
    yield environment
    # Leave no stand-in server behind, whatever a test did.
    for state in (tmp_path / "cache" / "run").glob("*/pid"):
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(state.read_text()), signal.SIGKILL)


def lt(script: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(script), *args], capture_output=True, text=True, env=env, timeout=120)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/v2/healthcheck", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_lt_server_each_checkout_has_its_own_server(tmp_path: Path, env: dict[str, str]) -> None:
    """The reproducer: a second checkout's `start` reused the first one's server, and its `stop` ended it."""
    mine, theirs = make_checkout(tmp_path / "mine"), make_checkout(tmp_path / "theirs")
    started_theirs = lt(theirs, "start", env=env)
    assert started_theirs.returncode == 0, started_theirs.stderr
    their_url = started_theirs.stdout.strip()

    assert lt(mine, "status", env=env).returncode == NOT_RUNNING, "another checkout's server is not ours"
    assert lt(mine, "url", env=env).returncode == NOT_RUNNING
    started_mine = lt(mine, "start", env=env)
    assert started_mine.returncode == 0, started_mine.stderr
    my_url = started_mine.stdout.strip()
    assert my_url != their_url and answers(my_url) and answers(their_url)
    assert lt(mine, "url", env=env).stdout.strip() == my_url
    assert my_url in lt(mine, "status", env=env).stdout

    again = lt(mine, "start", env=env)
    assert (again.returncode, again.stdout.strip()) == (0, my_url), "start is idempotent for its own server"

    stopped = lt(mine, "stop", env=env)
    assert stopped.returncode == 0 and "stopped" in stopped.stderr
    assert not answers(my_url)
    assert answers(their_url), "stop never ends another checkout's server"
    assert lt(mine, "status", env=env).returncode == NOT_RUNNING
    assert lt(theirs, "url", env=env).stdout.strip() == their_url
    assert lt(theirs, "stop", env=env).returncode == 0 and not answers(their_url)
    assert not list((tmp_path / "cache" / "run").iterdir()), "a stopped server leaves no state behind"


def test_lt_server_pid_recorded_for_another_server_is_not_ours(tmp_path: Path, env: dict[str, str]) -> None:
    """Only a process that names this checkout and the recorded port is acted on (pids are recycled)."""
    mine, theirs = make_checkout(tmp_path / "mine"), make_checkout(tmp_path / "theirs")
    their_url = lt(theirs, "start", env=env).stdout.strip()
    their_state, my_state = state_of(theirs, tmp_path / "cache"), state_of(mine, tmp_path / "cache")
    my_state.mkdir()
    for name in ("pid", "port"):  # this checkout's records now point at the other checkout's server
        shutil.copy2(their_state / name, my_state / name)
    (my_state / "checkout").write_text(f"{mine.parent}\n", encoding="utf-8")
    assert lt(mine, "status", env=env).returncode == NOT_RUNNING
    assert lt(mine, "url", env=env).returncode == NOT_RUNNING
    assert "not this checkout's" in lt(mine, "stop", env=env).stderr
    assert answers(their_url)
    lt(theirs, "stop", env=env)


def test_lt_server_two_starts_at_once_share_one_server(tmp_path: Path, env: dict[str, str]) -> None:
    script = make_checkout(tmp_path / "mine")
    starts = [
        subprocess.Popen([str(script), "start"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    urls = {start.communicate(timeout=120)[0].strip() for start in starts}
    assert all(start.returncode == 0 for start in starts)
    [url] = urls
    assert answers(url)
    assert lt(script, "stop", env=env).returncode == 0 and not answers(url)


def test_lt_server_picks_a_free_port_and_retries_when_it_is_taken(tmp_path: Path, env: dict[str, str]) -> None:
    """Another process may bind the free port before the server does: start tries another one."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        handed = tmp_path / "handed-out"
        python = tmp_path / "first-port-is-taken"
        python.write_text(
            f'#!/bin/sh\nif [ ! -e {handed} ]; then : > {handed}; echo {busy}; else exec {sys.executable} "$@"; fi\n',
            encoding="utf-8",
        )
        python.chmod(0o755)
        script = make_checkout(tmp_path / "mine")
        started = lt(script, "start", env={**env, "PYTHON": str(python)})
        assert started.returncode == 0, started.stderr
        assert f"port {busy} was taken" in started.stderr
        assert port_of(started.stdout.strip()) != busy
    assert lt(script, "stop", env=env).returncode == 0


def test_lt_server_explicit_port(tmp_path: Path, env: dict[str, str]) -> None:
    script, other = make_checkout(tmp_path / "mine"), make_checkout(tmp_path / "other")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = lt(other, "start", "--port", str(port), env=env)
    assert started.stdout.strip() == f"http://127.0.0.1:{port}", started.stderr
    refused = lt(script, "start", "--port", str(port), env=env)
    assert refused.returncode == 1 and "not this checkout's server" in refused.stderr
    assert lt(other, "stop", env=env).returncode == 0


def test_lt_server_no_fetch_without_jars(tmp_path: Path, env: dict[str, str]) -> None:
    """What the LanguageTool tests run: with Java present and no jars, exit 4 with the reason (never download)."""
    script = make_checkout(tmp_path / "mine")
    empty = {**env, "REQUESTLINT_LT_HOME": str(tmp_path / "empty"), "MVN": str(tmp_path / "no-mvn")}
    started = lt(script, "start", "--no-fetch", env=empty)
    assert started.returncode == NOT_FETCHED
    assert "not fetched" in started.stderr and "lt-server fetch" in started.stderr


def test_lt_server_grammar_tests_skip_with_the_reason_without_jars(tmp_path: Path) -> None:
    """The reproducer: with Java present and the jars not fetched, the LanguageTool tests errored."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (the case under test is Java present, jars missing)")
    environment = {**os.environ, "REQUESTLINT_LT_HOME": str(tmp_path / "empty"), "MVN": str(tmp_path / "no-mvn")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "-m",
            "languagetool",
            "tests/test_grammar.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"\b[1-9]\d* skipped", done.stdout) and " error" not in done.stdout, done.stdout
    assert "jars are not fetched" in done.stdout and "lt-server fetch" in done.stdout


@pytest.mark.parametrize("args", [["stop", "--port", "8081"], ["url", "--port=8081"], ["status", "-p", "1"]])
def test_lt_server_only_start_takes_a_port(args: list[str], tmp_path: Path, env: dict[str, str]) -> None:
    done = lt(make_checkout(tmp_path / "mine"), *args, env=env)
    assert done.returncode == 1 and "unknown argument" in done.stderr


@pytest.mark.languagetool
def test_lt_server_real_server_belongs_to_its_checkout(tmp_path: Path) -> None:
    """The real LanguageTool server from the shared jar cache, started by a checkout of its own, then stopped."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the LanguageTool server cannot run here")
    script = make_checkout(tmp_path / "checkout")
    environment = {k: v for k, v in os.environ.items() if k != "REQUESTLINT_LT_PORT"}
    started = subprocess.run(
        [str(script), "start", "--no-fetch"], capture_output=True, text=True, env=environment, timeout=300
    )
    if started.returncode == NOT_FETCHED:
        pytest.skip(started.stderr.strip())
    try:
        assert started.returncode == 0, started.stderr
        url = subprocess.run([str(script), "url"], capture_output=True, text=True, env=environment).stdout.strip()
        assert url == started.stdout.strip()
        form = b"language=en-US&text=I+am+writting+to+you."
        with urllib.request.urlopen(f"{url}/v2/check", data=form, timeout=60) as response:
            matches = json.load(response)["matches"]
        assert [m["rule"]["id"] for m in matches] == ["MORFOLOGIK_RULE_EN_US"]
    finally:
        stopped = subprocess.run([str(script), "stop"], capture_output=True, text=True, env=environment, timeout=60)
    assert stopped.returncode == 0, stopped.stderr
    assert not answers(url)


# --- requestlint check --languagetool URL --------------------------------------------------------------------


class _LanguageTool(BaseHTTPRequestHandler):
    """Answers like a LanguageTool server: every 'writting' is a spelling mistake."""

    def do_GET(self) -> None:
        self._reply([{"name": "English (US)", "code": "en", "longCode": "en-US"}])

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        text = form["text"][0]
        matches = [
            {
                "message": "Possible spelling mistake found.",
                "replacements": [{"value": "writing"}],
                "offset": found.start(),
                "length": len("writting"),
                "context": {"text": text, "offset": found.start(), "length": len("writting")},
                "sentence": text,
                "rule": {"id": "MORFOLOGIK_RULE_EN_US", "issueType": "misspelling", "category": {"id": "TYPOS"}},
            }
            for found in re.finditer("writting", text)
        ]
        self._reply({"matches": matches})

    def _reply(self, answer: object) -> None:
        body = json.dumps(answer).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def languagetool_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LanguageTool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.model
def test_cli_check_languagetool_option(
    languagetool_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`requestlint check --languagetool URL` (cited in the README) asks that server, whatever else is set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REQUESTLINT_LANGUAGETOOL_URL", raising=False)
    (tmp_path / "requestlint.toml").write_text('languagetool = "off"\n', encoding="utf-8")
    draft = tmp_path / "draft.txt"
    good = (ROOT / "examples" / "drafts" / "good" / "student-epidemiology.txt").read_text(encoding="utf-8")
    draft.write_text(good.replace("Thank you for", "I am writting to thank you for", 1), encoding="utf-8")
    main(["check", "--format", "json", "--languagetool", languagetool_url, str(draft)])
    [report] = json.loads(capsys.readouterr().out)
    assert report["grammar"]["state"] == "ok" and report["grammar"]["server"] == languagetool_url
    [typo] = [f for f in report["findings"] if f["code"] == "LT-MORFOLOGIK_RULE_EN_US"]
    assert typo["match"] == "writting"


def test_cli_grade_languagetool_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["grade", "drafts", "--out", "feedback", "--languagetool", "http://127.0.0.1:1"])
    settings = _settings(args)
    assert (settings.languagetool, settings.languagetool_url) == ("remote", "http://127.0.0.1:1")
    unset = _settings(build_parser().parse_args(["grade", "drafts", "--out", "feedback"]))
    assert (unset.languagetool, unset.languagetool_url) == ("auto", None)
