"""Hostile requests to ``requestlint serve`` (issue 12): client errors are 4xx, slow bodies are cut off, drafts
never reach the access log."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from requestlint import Settings
from requestlint.server import create_app
from requestlint.server.limits import BodyLimit

pytestmark = pytest.mark.model

OFF = Settings(languagetool="off")
BROKEN_MIME = 'MIME-Version: 1.0\nFrom: "x" <\n\nhi'


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(OFF), raise_server_exceptions=False)


@pytest.mark.parametrize(
    "body",
    [
        b'{"draft":"x","kind":NaN}',
        b'{"draft":"x","kind":1e999999}',
        b'{"draft":1e999999}',
        b'{"draft":"x","select":[NaN]}',
    ],
)
def test_numbers_json_cannot_carry_are_a_422_not_a_500(client: TestClient, body: bytes) -> None:
    answer = client.post("/check", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][0] == "body"


def test_deeply_nested_annotation_data_is_a_400(client: TestClient) -> None:
    data = '{"annotation":' + "[" * 5000 + "]" * 5000 + "}"
    answer = client.post("/v2/check", data={"data": data, "language": "en-US"})
    assert (answer.status_code, answer.text) == (
        400,
        "Error: Could not parse JSON from 'data' parameter: nested too deeply",
    )


def test_a_malformed_mime_header_is_checked_not_a_500(client: TestClient) -> None:
    assert client.post("/check", json={"draft": BROKEN_MIME}).status_code == 200
    assert client.post("/v2/check", data={"text": BROKEN_MIME, "language": "en-US"}).status_code == 200


def test_a_body_that_never_arrives_is_cut_off_with_408() -> None:
    sent: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("the app must not be reached")

    async def receive() -> Message:
        await asyncio.sleep(60)  # declared a body, never sends it
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "path": "/check", "headers": [(b"content-length", b"100")]}
    started = time.monotonic()
    asyncio.run(BodyLimit(app, max_bytes=1000, body_timeout=0.3)(scope, receive, send))
    assert time.monotonic() - started < 2
    assert sent[0]["status"] == 408


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_drafts_in_a_query_string_never_reach_the_access_log(tmp_path: Path) -> None:
    port = _free_port()
    config = tmp_path / "requestlint.toml"
    config.write_text('languagetool = "off"\n', encoding="utf-8")
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "requestlint", "serve", "--port", str(port), "--config", str(config)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "REQUESTLINT_LANGUAGETOOL_URL": ""},
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                    time.sleep(0.3)
            secret = "Zanzibarquetzal"
            url = f"http://127.0.0.1:{port}/v2/check?language=en-US&text=Dear+Ms+{secret}+hi"
            urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=60).read()
        finally:
            server.terminate()
            server.wait(20)
    written = log.read_text(encoding="utf-8", errors="replace")
    assert re.search(r'"POST /v2/check HTTP/1\.1" 200', written), written
    assert secret not in written
