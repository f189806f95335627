"""``requestlint serve``: the JSON API, limits, timeouts, CORS and the wiring to uvicorn (no network)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient

import child_fakes
import requestlint
from requestlint import Report, Settings
from requestlint.cli import main
from requestlint.models import DraftKind
from requestlint.server import create_app, serve
from requestlint.server import worker as worker_module
from requestlint.server.limits import BodyLimit

WEAK = "hey!! can u help me get a job at ur company? let me know"
OFF = Settings(languagetool="off")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(OFF)) as test_client:
        yield test_client


@pytest.fixture
def config_off(tmp_path: Path) -> Path:
    """A settings file for the CLI equal to the server's settings (no LanguageTool, whatever the environment)."""
    path = tmp_path / "requestlint.toml"
    path.write_text('languagetool = "off"\n', encoding="utf-8")
    return path


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    main(list(args))
    return json.loads(capsys.readouterr().out)


# --- POST /check ------------------------------------------------------------------------------------------


@pytest.mark.model
def test_check_answers_the_report_the_cli_prints(
    client: TestClient, tmp_path: Path, config_off: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    response = client.post("/check", json={"draft": WEAK, "kind": "request"})
    assert response.status_code == 200
    report = Report.model_validate(response.json())
    assert report.kind is DraftKind.REQUEST and report.kind_overridden
    found = {(f.code, f.match) for f in report.findings}
    assert {("TON01", "hey"), ("TON03", "u"), ("TON03", "ur"), ("JOB01", "help me get a job")} <= found
    assert report.pitfalls["asks-for-job"].present

    draft = tmp_path / "weak.txt"
    draft.write_text(WEAK, encoding="utf-8")
    args = ["check", "--format", "json", "--kind", "request", "--config", str(config_off), str(draft)]
    [printed] = cli_json(capsys, *args)
    assert printed.pop("source") == str(draft)
    answered = response.json()
    assert answered.pop("source") is None
    assert answered == printed


@pytest.mark.model
def test_check_recognises_the_kind_unless_told(client: TestClient) -> None:
    recognised = client.post("/check", json={"draft": WEAK}).json()
    assert (recognised["kind"], recognised["kind_overridden"]) == ("request", False)
    assert 0 < recognised["kind_confidence"] <= 1 and recognised["findings"]
    told = client.post("/check", json={"draft": WEAK, "kind": "other"}).json()
    assert (told["kind"], told["kind_overridden"], told["kind_confidence"]) == ("other", True, 1.0)
    assert not any(f["pitfall"] in ("unspecific-ask", "missing-background") for f in told["findings"])


@pytest.mark.model
def test_check_select_and_ignore(client: TestClient) -> None:
    tone = client.post("/check", json={"draft": WEAK, "kind": "request", "select": ["tone"]}).json()
    assert tone["rules_run"] == [f"TON{n:02d}" for n in range(1, 13)]
    assert {f["code"] for f in tone["findings"]} == {"TON01", "TON03", "TON06", "TON10", "TON12"}

    ignored = client.post("/check", json={"draft": WEAK, "kind": "request", "ignore": ["TON03", "job"]}).json()
    codes = {f["code"] for f in ignored["findings"]}
    assert "TON03" not in codes and not any(code.startswith("JOB") for code in codes)
    assert "TON01" in codes
    assert "TON03" not in ignored["rules_run"] and "JOB01" not in ignored["rules_run"]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"draft": "Hello", "bogus": 1}, ["body", "bogus"]),
        ({"draft": 5}, ["body", "draft"]),
        ({}, ["body", "draft"]),
        ({"draft": "Hello", "kind": "memo"}, ["body", "kind"]),
        ({"draft": "Hello", "select": "tone"}, ["body", "select"]),
        ({"draft": "Hello", "select": ["tone", "TONE99"]}, ["body", "select", 1]),
        ({"draft": "Hello", "ignore": ["no-such-pitfall"]}, ["body", "ignore", 0]),
    ],
)
def test_check_rejects_bad_input_with_422(client: TestClient, body: dict[str, Any], where: list[Any]) -> None:
    response = client.post("/check", json=body)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [where]


def test_check_rejects_a_lone_surrogate_and_a_non_json_body(client: TestClient) -> None:
    surrogate = client.post("/check", content=b'{"draft": "hi \\ud800"}', headers={"content-type": "application/json"})
    assert surrogate.status_code == 422
    assert "surrogate" in surrogate.json()["detail"][0]["msg"]
    assert client.post("/check", content=b"draft=hi", headers={"content-type": "text/plain"}).status_code == 422


@pytest.mark.model
def test_check_binary_draft_is_a_422_naming_the_draft(client: TestClient) -> None:
    response = client.post("/check", json={"draft": "Dear Ms. Li,\x00\x00"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "draft"] and "binary" in error["msg"]


# --- size limit -------------------------------------------------------------------------------------------


def test_oversized_body_is_413_from_content_length() -> None:
    small = TestClient(create_app(OFF, max_bytes=1000))
    response = small.post("/check", json={"draft": "x" * 2000})
    assert response.status_code == 413
    assert response.json() == {"detail": "the request body is larger than 1000 bytes"}
    lt_style = small.post("/v2/check", data={"language": "en-US", "text": "x" * 2000})
    assert lt_style.status_code == 413
    assert lt_style.text == "Error: the request body is larger than 1000 bytes"


def test_body_limit_counts_a_body_without_content_length() -> None:
    """A chunked body declares no length: the limit counts what arrives and the app never sees it."""
    reached: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append((await receive())["body"])

    async def run(chunks: list[bytes]) -> list[MutableMapping[str, Any]]:
        incoming = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
        sent: list[MutableMapping[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return incoming.pop(0)

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "path": "/check", "headers": [(b"content-type", b"application/json")]}
        await BodyLimit(app, max_bytes=10)(scope, receive, send)
        return sent

    sent = anyio.run(run, [b"12345", b"67890", b"1"])
    assert sent[0]["status"] == 413 and reached == []
    assert anyio.run(run, [b"12345", b"67890"]) == [] and reached == [b"12345"]


def test_a_body_at_the_limit_is_accepted() -> None:
    body = json.dumps({"draft": "x", "bogus": "y" * 50}).encode()
    exact = TestClient(create_app(OFF, max_bytes=len(body)))
    response = exact.post("/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422  # past the limit check, refused by validation


def test_create_app_refuses_impossible_limits() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        create_app(OFF, max_bytes=0)
    with pytest.raises(ValueError, match="timeout"):
        create_app(OFF, timeout=0)


# --- worker process: timeout, one check at a time, a responsive event loop --------------------------------


def _most_at_once(log: Path) -> int:
    """The most checks that ran at the same time, from the fake's start/end log."""
    running = most = 0
    for line in log.read_text(encoding="utf-8").splitlines():
        running += 1 if line.startswith("start") else -1
        most = max(most, running)
    return most


@pytest.fixture
def blocking_runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Checks run ``child_fakes.blocking`` in the child: a draft ``wait:<dir>`` waits for ``<dir>/release``."""
    monkeypatch.setattr(worker_module, "RUNNER", child_fakes.blocking)
    (tmp_path / "log").touch()
    yield tmp_path
    (tmp_path / "release").touch()


def test_a_check_over_the_timeout_is_503_and_its_process_is_stopped(blocking_runner: Path) -> None:
    client = TestClient(create_app(OFF, timeout=3))
    assert client.post("/check", json={"draft": "warm"}).status_code == 200  # the child is up
    started = time.monotonic()
    response = client.post("/check", json={"draft": f"wait:{blocking_runner}"})
    assert response.status_code == 503
    assert response.json() == {"detail": "the check took longer than 3 s; try a shorter draft or again later"}
    assert time.monotonic() - started < 4.5
    # the stuck child was killed: it never logged an end, and the next check gets a new child
    assert "end" not in (blocking_runner / "log").read_text(encoding="utf-8")
    (blocking_runner / "release").touch()
    assert client.post("/check", json={"draft": "again"}).json()["notes"] == ["again"]


def _concurrently(app: Any, work: Callable[[httpx.AsyncClient], Any]) -> Any:
    async def run() -> Any:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://requestlint.test") as http:
            return await work(http)

    return anyio.run(run)


def test_the_event_loop_answers_while_a_check_runs(blocking_runner: Path) -> None:
    app = create_app(OFF, timeout=20)

    async def work(http: httpx.AsyncClient) -> tuple[int, float, int, bool]:
        await http.post("/check", json={"draft": "warm"})
        checking = asyncio.ensure_future(http.post("/check", json={"draft": f"wait:{blocking_runner}"}))
        await asyncio.sleep(0.5)
        asked = time.monotonic()
        health = await http.get("/health")  # answered while the check is still blocked
        waited = time.monotonic() - asked
        still_running = not checking.done()
        (blocking_runner / "release").touch()
        return health.status_code, waited, (await checking).status_code, still_running

    status, waited, checked, still_running = _concurrently(app, work)
    assert (status, checked, still_running) == (200, 200, True)
    assert waited < 1.0


def test_health_answers_within_a_second_while_a_worst_case_draft_is_checked() -> None:
    app = create_app(OFF, timeout=30)
    worst = "Subject: " + "!?" * 40 + "\n\n" + ("\U0001f600" * 30_000 + " ") + "!?" * 30_000  # below the body limit

    async def work(http: httpx.AsyncClient) -> tuple[list[float], int]:
        await http.post("/check", json={"draft": "warm"})
        checking = asyncio.ensure_future(http.post("/check", json={"draft": worst}))
        waits = []
        while not checking.done():
            asked = time.monotonic()
            assert (await http.get("/health")).status_code == 200
            waits.append(time.monotonic() - asked)
            await asyncio.sleep(0.2)
        return waits, (await checking).status_code

    waits, status = _concurrently(app, work)
    assert status == 200 and waits and max(waits) < 1.0


def test_checks_run_one_at_a_time(blocking_runner: Path) -> None:
    app = create_app(OFF, timeout=20)

    async def work(http: httpx.AsyncClient) -> list[Any]:
        asyncio.get_running_loop().call_later(1.0, (blocking_runner / "release").touch)
        drafts = [f"wait:{blocking_runner} draft {n}" for n in range(3)]
        answers = await asyncio.gather(*(http.post("/check", json={"draft": draft}) for draft in drafts))
        return [(a.status_code, a.json()["notes"]) for a in answers]

    assert _concurrently(app, work) == [(200, [f"wait:{blocking_runner} draft {n}"]) for n in range(3)]
    assert _most_at_once(blocking_runner / "log") == 1


def test_an_unexpected_failure_is_a_json_500(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "RUNNER", child_fakes.broken)
    client = TestClient(create_app(OFF), raise_server_exceptions=False)
    response = client.post("/check", json={"draft": "Hello"})
    assert response.status_code == 500
    assert response.json() == {"detail": "requestlint could not check the draft: boom"}


# --- GET /rules, GET /health ------------------------------------------------------------------------------


def test_rules_are_the_rows_of_the_cli(
    client: TestClient, config_off: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = client.get("/rules").json()
    assert rows == cli_json(capsys, "rules", "--format", "json", "--config", str(config_off))
    ask03 = next(row for row in rows if row["code"] == "ASK03")
    assert ask03 == {
        "code": "ASK03",
        "name": "ask.unbounded",
        "pitfall": "unspecific-ask",
        "severity": "warning",
        "scope": "body",
        "check": "require",
        "status": "stable",
        "summary": ask03["summary"],
        "short": ask03["short"],
        "drafts": ["request", "follow-up"],
        "enabled": True,
    }


def test_rules_mark_what_the_server_settings_leave_out(config_off: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = TestClient(create_app(Settings(languagetool="off", ignore=["tone"]))).get("/rules").json()
    enabled = {row["code"]: row["enabled"] for row in rows}
    assert enabled["TON01"] is False and enabled["ASK03"] is True
    cli = cli_json(capsys, "rules", "--format", "json", "--config", str(config_off), "--ignore", "tone")
    assert rows == cli


def test_health_reports_version_and_grammar_state(client: TestClient) -> None:
    assert client.get("/health").json() == {
        "status": "ok",
        "version": requestlint.__version__,
        "grammar": {
            "state": "off",
            "detail": "grammar checks are off (set languagetool or REQUESTLINT_LANGUAGETOOL_URL)",
            "server": None,
        },
    }


@pytest.mark.model
def test_health_shows_an_unreachable_languagetool_after_a_check() -> None:
    # Port 9 (discard) on loopback refuses at once: the check runs, grammar is reported unavailable.
    settings = Settings(languagetool="remote", languagetool_url="http://127.0.0.1:9", languagetool_timeout=2)
    client = TestClient(create_app(settings))
    assert client.get("/health").json()["grammar"] == {"state": "ok", "detail": None, "server": "http://127.0.0.1:9"}
    assert client.post("/check", json={"draft": WEAK, "kind": "request"}).status_code == 200
    grammar = client.get("/health").json()["grammar"]
    assert grammar["state"] == "unavailable" and grammar["server"] == "http://127.0.0.1:9"


# --- CORS and OpenAPI -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/check", "/v2/check"])
def test_cors_preflight_allows_any_origin(client: TestClient, path: str) -> None:
    response = client.options(
        path,
        headers={
            "Origin": "https://mail.google.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert methods == {"GET", "POST", "OPTIONS"}
    assert response.headers["access-control-allow-headers"] == "content-type, accept"


def test_cors_headers_on_answers_and_errors(client: TestClient) -> None:
    origin = {"Origin": "moz-extension://languagetool"}
    assert client.get("/v2/languages", headers=origin).headers["access-control-allow-origin"] == "*"
    small = TestClient(create_app(OFF, max_bytes=10))
    refused = small.post("/check", json={"draft": "x" * 20}, headers=origin)
    assert (refused.status_code, refused.headers["access-control-allow-origin"]) == (413, "*")


def test_openapi_describes_both_apis_with_the_report_model(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/check", "/rules", "/health", "/v2/check", "/v2/languages"} <= set(paths)
    check = paths["/check"]["post"]
    body = check["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CheckRequest"}
    assert check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Report")
    assert {"413", "422", "503"} <= set(check["responses"])
    schemas = spec["components"]["schemas"]
    assert {"findings", "pitfalls", "score", "kind"} <= set(schemas["Report"]["properties"])
    assert schemas["CheckRequest"]["additionalProperties"] is False
    lt_check = paths["/v2/check"]["post"]
    assert "application/x-www-form-urlencoded" in lt_check["requestBody"]["content"]
    assert lt_check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/CheckResponse")
    rules = paths["/rules"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert rules == {"type": "array", "items": {"$ref": "#/components/schemas/RuleRow"}, "title": rules.get("title")}


# --- serve() and the CLI ----------------------------------------------------------------------------------


def test_serve_runs_uvicorn_on_loopback_after_warming_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(worker_module.CheckWorker, "warm_up", lambda self: calls.append(("warm", self.timeout)))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(("run", (type(app).__name__, kw))))
    serve(settings=OFF, timeout=7)
    assert calls == [("warm", 7), ("run", ("FastAPI", {"host": "127.0.0.1", "port": 8765, "log_level": "info"}))]


def test_cli_serve_passes_its_options(monkeypatch: pytest.MonkeyPatch, config_off: Path) -> None:
    import requestlint.server

    seen: dict[str, Any] = {}
    monkeypatch.setattr(requestlint.server, "serve", lambda **kw: seen.update(kw))
    argv = ["serve", "--port", "9911", "--max-bytes", "5000", "--timeout", "3", "--config", str(config_off)]
    assert main(argv) == 0
    assert (seen["host"], seen["port"], seen["max_bytes"], seen["timeout"]) == ("127.0.0.1", 9911, 5000, 3.0)
    assert seen["settings"].languagetool == "off"
