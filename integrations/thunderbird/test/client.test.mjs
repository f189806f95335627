import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

import { checkDraft, checkHealth, describeFailure, describeHealth, endpoint } from "../lib/client.js";

const REPORT = JSON.parse(readFileSync(new URL("./fixtures/report-request.json", import.meta.url), "utf8"));
const SERVER = "http://127.0.0.1:8765";

function jsonResponse(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

test("endpoint joins the base URL and the path, and accepts the full endpoint", () => {
  assert.equal(endpoint("http://127.0.0.1:8765", "check"), "http://127.0.0.1:8765/check");
  assert.equal(endpoint("http://127.0.0.1:8765/", "/check"), "http://127.0.0.1:8765/check");
  assert.equal(endpoint("http://127.0.0.1:8765/check", "check"), "http://127.0.0.1:8765/check");
  assert.equal(endpoint("http://localhost:9000/lint", "health"), "http://localhost:9000/lint/health");
});

test("a good answer: POST /check with the draft as JSON, the report comes back", async () => {
  const calls = [];
  const fakeFetch = async (url, init) => {
    calls.push({ url, init });
    return jsonResponse(200, REPORT);
  };
  const result = await checkDraft(fakeFetch, SERVER, "Subject: Hi\n\nhey", 1000);
  assert.equal(result.ok, true);
  assert.equal(result.report.score, 62);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, "http://127.0.0.1:8765/check");
  assert.equal(calls[0].init.method, "POST");
  assert.equal(calls[0].init.headers["Content-Type"], "application/json");
  assert.deepEqual(JSON.parse(calls[0].init.body), { draft: "Subject: Hi\n\nhey" });
  assert.ok(calls[0].init.signal, "an AbortSignal is passed");
});

test("kind is sent only when given", async () => {
  let body;
  const fakeFetch = async (url, init) => {
    body = JSON.parse(init.body);
    return jsonResponse(200, REPORT);
  };
  await checkDraft(fakeFetch, SERVER, "x", 1000, { kind: "follow-up" });
  assert.deepEqual(body, { draft: "x", kind: "follow-up" });
});

test("server down: a fetch that rejects is a 'network' failure", async () => {
  const fakeFetch = async () => {
    throw new TypeError("NetworkError when attempting to fetch resource.");
  };
  const result = await checkDraft(fakeFetch, SERVER, "x", 1000);
  assert.deepEqual(result, { ok: false, reason: "network", detail: "NetworkError when attempting to fetch resource." });
  assert.match(describeFailure(result, SERVER), /could not be reached/);
});

test("a hanging server that honours the abort signal: 'timeout' after the time limit", async () => {
  let aborted = false;
  const fakeFetch = (url, init) =>
    new Promise((_, reject) => {
      init.signal.addEventListener("abort", () => {
        aborted = true;
        reject(new DOMException("The operation was aborted.", "AbortError"));
      });
    });
  const started = Date.now();
  const result = await checkDraft(fakeFetch, SERVER, "x", 60);
  const elapsed = Date.now() - started;
  assert.deepEqual(result, { ok: false, reason: "timeout", timeoutMs: 60 });
  assert.equal(aborted, true, "the request was aborted");
  assert.ok(elapsed >= 50 && elapsed < 1000, `returned after ${elapsed} ms`);
  assert.equal(describeFailure(result, SERVER), "the requestlint server at http://127.0.0.1:8765 did not answer within 0.1 s");
});

test("a fetch that ignores the abort signal still cannot hold the mail beyond the time limit", async () => {
  const fakeFetch = () => new Promise(() => {}); // never settles, ignores the signal
  const started = Date.now();
  const result = await checkDraft(fakeFetch, SERVER, "x", 50);
  assert.equal(result.reason, "timeout");
  assert.ok(Date.now() - started < 1000);
});

test("headers arrive but the body never does: 'timeout'", async () => {
  const fakeFetch = async () => ({ ok: true, status: 200, json: () => new Promise(() => {}) });
  const result = await checkDraft(fakeFetch, SERVER, "x", 50);
  assert.equal(result.reason, "timeout");
});

test("the server answers 500: an 'http' failure with the error detail", async () => {
  const fakeFetch = async () => jsonResponse(500, { detail: "requestlint could not check the draft: boom" });
  const result = await checkDraft(fakeFetch, SERVER, "x", 1000);
  assert.deepEqual(result, { ok: false, reason: "http", status: 500, detail: "requestlint could not check the draft: boom" });
  assert.equal(
    describeFailure(result, SERVER),
    "the requestlint server at http://127.0.0.1:8765 answered HTTP 500: requestlint could not check the draft: boom",
  );
  // other servers' error shapes
  const other = await checkDraft(async () => jsonResponse(502, { error: "bad gateway" }), SERVER, "x", 1000);
  assert.equal(other.detail, "bad gateway");
});

test("the server answers 503 with a plain-text body", async () => {
  const fakeFetch = async () => new Response("busy\n", { status: 503 });
  const result = await checkDraft(fakeFetch, SERVER, "x", 1000);
  assert.deepEqual(result, { ok: false, reason: "http", status: 503, detail: "busy" });
});

test("an answer that is not a report is 'invalid'", async () => {
  for (const make of [
    () => new Response("<html>proxy login</html>", { status: 200 }),
    () => jsonResponse(200, { status: "ok" }),
    () => jsonResponse(200, [1, 2]),
  ]) {
    const result = await checkDraft(async () => make(), SERVER, "x", 1000);
    assert.equal(result.ok, false);
    assert.equal(result.reason, "invalid");
  }
});

test("a 422 from requestlint serve (a list of validation errors) is summarised by their messages", async () => {
  const body = { detail: [{ type: "enum", loc: ["body", "kind"], msg: "Input should be 'request', 'follow-up', 'thank-you' or 'other'" }] };
  const result = await checkDraft(async () => jsonResponse(422, body), SERVER, "x", 1000);
  assert.deepEqual(result, {
    ok: false, reason: "http", status: 422, detail: "Input should be 'request', 'follow-up', 'thank-you' or 'other'",
  });
});

test("describeHealth: the grammar state as requestlint serve reports it (an object), or a plain string", () => {
  const grammar = { state: "unavailable", detail: "connection refused", server: "http://127.0.0.1:8081" };
  assert.equal(describeHealth({ status: "ok", version: "0.1.0", grammar }), "requestlint 0.1.0 (grammar checks: unavailable)");
  assert.equal(describeHealth({ status: "ok", version: "0.2.0", grammar: "off" }), "requestlint 0.2.0 (grammar checks: off)");
  assert.equal(describeHealth({}), "requestlint ? (grammar checks: ?)");
});

test("checkHealth reads GET /health", async () => {
  let seen;
  const health = { status: "ok", version: "0.1.0", grammar: { state: "off", detail: null, server: null } };
  const fakeFetch = async (url, init) => {
    seen = { url, method: init.method };
    return jsonResponse(200, health);
  };
  const result = await checkHealth(fakeFetch, SERVER, 1000);
  assert.deepEqual(seen, { url: "http://127.0.0.1:8765/health", method: "GET" });
  assert.deepEqual(result, { ok: true, health });
  const down = await checkHealth(async () => { throw new TypeError("refused"); }, SERVER, 1000);
  assert.equal(down.reason, "network");
});

// The same paths over real HTTP on the loopback interface, with Node's own fetch.
test("over real loopback HTTP: report, 500, hang and a closed port", async (t) => {
  const server = createServer((req, res) => {
    if (req.url === "/ok/check") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const { draft } = JSON.parse(body);
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ ...REPORT, notes: [`got ${draft.length} chars`] }));
      });
    } else if (req.url === "/broken/check") {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ detail: "boom" }));
    } else if (req.url === "/slow/check") {
      // never answers
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });

  const ok = await checkDraft(fetch, `${base}/ok`, "Subject: x\n\nhello", 2000);
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.report.notes, ["got 17 chars"]);

  const broken = await checkDraft(fetch, `${base}/broken`, "x", 2000);
  assert.deepEqual(broken, { ok: false, reason: "http", status: 500, detail: "boom" });

  const slow = await checkDraft(fetch, `${base}/slow`, "x", 150);
  assert.equal(slow.reason, "timeout");

  // a port that nothing listens on: take one, then close it
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const closedPort = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  const refused = await checkDraft(fetch, `http://127.0.0.1:${closedPort}`, "x", 2000);
  assert.equal(refused.reason, "network");
});
