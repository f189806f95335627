// The safe fixes of a real report (fixtures/report-with-edits.json, written by requestlint for DRAFT).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { applyEdits, plainTextFixes, safeEdits, splitDraft, utf16Index } from "../lib/fixes.js";

const REPORT = JSON.parse(readFileSync(new URL("./fixtures/report-with-edits.json", import.meta.url), "utf8"));
const DRAFT =
  "Subject: Quick question\n\nHey Kira,\n\ncan u tell me how you moved into policy work? 🙂 I would love to pick ur brain.\n\nThanks,\nSam";
const FIXED_BODY =
  "Dear Kira,\n\ncan you tell me how you moved into policy work? I would love to pick your brain.\n\nThanks,\nSam";

test("utf16Index counts an emoji as two units", () => {
  assert.equal(utf16Index("a🙂b", 2), 3);
  assert.equal(utf16Index("abc", 2), 2);
  assert.equal(utf16Index("abc", 10), 3);
});

test("safeEdits takes only safe edits, in UTF-16 offsets", () => {
  const edits = safeEdits(REPORT, DRAFT);
  assert.deepEqual(edits.map((e) => e.code).sort(), ["TON01", "TON03", "TON03", "TON05"]);
  const emoji = edits.find((e) => e.code === "TON05");
  assert.equal(DRAFT.slice(emoji.start, emoji.end), " 🙂");
});

test("safeEdits leaves out an edit that overlaps a more severe one", () => {
  const report = {
    findings: [
      { code: "A", severity: "info", suggestion: { edits: [{ start: 0, end: 5, text: "x", safe: true }] } },
      { code: "B", severity: "error", suggestion: { edits: [{ start: 3, end: 8, text: "y", safe: true }] } },
      { code: "C", severity: "warning", suggestion: { edits: [{ start: 9, end: 10, text: "z", safe: false }] } },
    ],
  };
  assert.deepEqual(
    safeEdits(report, "0123456789").map((e) => e.code),
    ["B"],
  );
});

test("the fixed draft splits back into subject and body", () => {
  const fixed = applyEdits(DRAFT, safeEdits(REPORT, DRAFT));
  assert.deepEqual(splitDraft(fixed), { subject: "Quick question", body: FIXED_BODY });
  assert.equal(splitDraft("no subject line"), null);
});

test("plainTextFixes: a plain-text message gets its fixes; an HTML one, or one with none, gets null", () => {
  const fixes = plainTextFixes({ isPlainText: true }, DRAFT, REPORT);
  assert.deepEqual(fixes, {
    count: 4,
    codes: ["TON01", "TON03", "TON05", "TON03"],
    subject: "Quick question",
    plainTextBody: FIXED_BODY,
  });
  assert.equal(plainTextFixes({ isPlainText: false }, DRAFT, REPORT), null);
  assert.equal(plainTextFixes({ isPlainText: true }, DRAFT, { findings: [] }), null);
});
