import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { countLabel, decide, describeFinding, normalizeFailLevel, severityRank, summarize } from "../lib/gate.js";

const report = () => JSON.parse(readFileSync(new URL("./fixtures/report-request.json", import.meta.url), "utf8"));
const finding = (severity, extra = {}) => ({
  code: `X${severity}`,
  severity,
  message: `a ${severity}`,
  span: { start: 0, end: 1, line: 1, column: 1 },
  match: "x",
  suggestion: { principle: "p", replacement: null },
  ...extra,
});

test("fail level 'warning': warnings and errors hold the message back, info does not", () => {
  const verdict = decide(report(), "warning");
  assert.equal(verdict.action, "review");
  assert.deepEqual(verdict.findings.map((f) => f.code), ["TON01", "ASK03", "SUB02"]);
  assert.deepEqual(verdict.others.map((f) => f.code), ["RDB02"]);
});

test("fail level 'error': only errors hold the message back", () => {
  const verdict = decide(report(), "error");
  assert.equal(verdict.action, "review");
  assert.deepEqual(verdict.findings.map((f) => f.code), ["TON01"]);
  assert.deepEqual(verdict.others.map((f) => f.code), ["ASK03", "SUB02", "RDB02"]);
});

test("warnings only: review at 'warning', send at 'error'", () => {
  const r = { kind: "request", findings: [finding("warning"), finding("info")] };
  assert.equal(decide(r, "warning").action, "review");
  const atError = decide(r, "error");
  assert.equal(atError.action, "send");
  assert.equal(atError.reason, "clean");
});

test("info findings never hold a message back", () => {
  const r = { kind: "request", findings: [finding("info"), finding("info")] };
  assert.equal(decide(r, "warning").action, "send");
  assert.equal(decide(r, "error").action, "send");
});

test("no findings: send", () => {
  assert.deepEqual(decide({ kind: "request", findings: [] }, "warning").action, "send");
});

test("findings about something missing (span null) are kept, and listed first within their severity", () => {
  const missing = finding("warning", { code: "MISSING", span: null, match: null });
  const located = finding("warning", { code: "LOCATED", span: { start: 40, end: 44, line: 3, column: 2 } });
  const verdict = decide({ kind: "request", findings: [located, missing] }, "warning");
  assert.equal(verdict.action, "review");
  assert.deepEqual(verdict.findings.map((f) => f.code), ["MISSING", "LOCATED"]);
  const described = describeFinding(missing);
  assert.equal(described.missing, true);
  assert.equal(described.match, null);
  assert.equal(described.where, "missing from the draft");
});

test("an invalid fail level falls back to 'warning'", () => {
  assert.equal(normalizeFailLevel("info"), "warning");
  assert.equal(normalizeFailLevel(undefined), "warning");
  assert.equal(normalizeFailLevel(" ERROR "), "error");
  assert.equal(decide({ kind: "request", findings: [finding("warning")] }, "bogus").action, "review");
});

test("unknown severities never hold a message back", () => {
  assert.equal(severityRank("critical"), -1);
  assert.equal(decide({ kind: "request", findings: [finding("critical")] }, "warning").action, "send");
});

test("only requests and follow-ups are gated (as in requestlint's sendmail gate)", () => {
  const errors = [finding("error")];
  assert.equal(decide({ kind: "follow-up", findings: errors }, "warning").action, "review");
  for (const kind of ["thank-you", "other"]) {
    const verdict = decide({ kind, findings: errors }, "warning");
    assert.equal(verdict.action, "send", kind);
    assert.equal(verdict.reason, "kind");
  }
  // a report without a kind is gated (nothing says it is not a request)
  assert.equal(decide({ findings: errors }, "warning").action, "review");
});

test("a report without a findings list, or with junk entries, does not throw", () => {
  assert.equal(decide({ kind: "request" }, "warning").action, "send");
  assert.equal(decide({ kind: "request", findings: [null, 3, "x", finding("error")] }, "warning").findings.length, 1);
});

test("summarize: headline, counts, score and the findings as the review page shows them", () => {
  const r = report();
  const summary = summarize(r, decide(r, "warning"));
  assert.equal(summary.headline, "requestlint found 3 things to fix before this message goes out");
  assert.equal(summary.counts, "1 error, 2 warnings");
  assert.equal(summary.scoreLabel, "62/100");
  assert.equal(summary.kind, "request");
  assert.deepEqual(summary.findings[0], {
    code: "TON01",
    name: "tone.casual-greeting",
    pitfall: "informal-tone",
    severity: "error",
    message: "\"hey\" is too casual a greeting for a first email to a professional",
    match: "hey",
    missing: false,
    where: "line 3, column 1",
    scope: "greeting",
    principle: "Greet formally, with the reader's title and surname",
    replacement: "Dear Ms. Gable,",
  });
  assert.equal(summary.findings[1].missing, true);
  assert.equal(summary.others.length, 1);
  assert.equal(summary.others[0].replacement, null);
});

test("countLabel", () => {
  assert.equal(countLabel([]), "no findings");
  assert.equal(countLabel([finding("error"), finding("error"), finding("info")]), "2 errors, 1 hint");
  assert.equal(countLabel([finding("warning")]), "1 warning");
});

test("a report captured from requestlint serve 0.1.0 (test/fixtures/report-serve-0.1.0.json)", () => {
  const { draft, report: served } = JSON.parse(
    readFileSync(new URL("./fixtures/report-serve-0.1.0.json", import.meta.url), "utf8"),
  );
  assert.equal(draft, "Subject: Quick question\n\nhey,\n\ncan i pick your brain sometime?? also r u hiring interns\n\nKira");
  const atWarning = decide(served, "warning");
  assert.equal(atWarning.action, "review");
  assert.equal(atWarning.findings.length, 11);
  assert.equal(atWarning.others.length, 3);
  assert.equal(atWarning.findings[0].code, "JOB01", "the one error comes first");
  const atError = decide(served, "error");
  assert.deepEqual(atError.findings.map((f) => f.code), ["JOB01"]);
  const summary = summarize(served, atWarning);
  assert.equal(summary.counts, "1 error, 10 warnings");
  // spans point into the draft that was sent: the matched text is there
  for (const finding of atWarning.findings.filter((f) => f.span)) {
    assert.equal(draft.slice(finding.span.start, finding.span.end), finding.match, finding.code);
  }
  const missing = summary.findings.filter((f) => f.missing).map((f) => f.code).sort();
  assert.deepEqual(missing, ["BKG01", "NXT02", "TON10"]);
});
