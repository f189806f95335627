// Unit tests for the drafting page's logic (src/requestlint/server/static/draft.js): node --test tests/js/
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  applyFix,
  applyFixes,
  debounce,
  errorText,
  kindLine,
  layout,
  readingOrder,
  segments,
  suggestionLine,
} from "../../src/requestlint/server/static/draft.js";

test("segments cover the whole text and cut at every mark boundary", () => {
  const text = "hey can u help";
  const marks = [
    { offset: 0, length: 3 },
    { offset: 8, length: 1 },
    { offset: 4, length: 10 },
  ];
  const pieces = segments(text, marks);
  assert.equal(pieces.map((p) => p.text).join(""), text);
  assert.deepEqual(
    pieces.map((p) => [p.text, p.marks]),
    [
      ["hey", [0]],
      [" ", []],
      ["can ", [2]],
      ["u", [1, 2]],
      [" help", [2]],
    ],
  );
  assert.deepEqual(
    pieces.map((p) => p.start),
    [0, 3, 4, 8, 9],
  );
});

test("segments ignore empty and out-of-range marks", () => {
  const pieces = segments("abc", [
    { offset: 1, length: 0 },
    { offset: 2, length: 50 },
  ]);
  assert.deepEqual(
    pieces.map((p) => [p.text, p.marks]),
    [
      ["a", []],
      ["b", []],
      ["c", [1]],
    ],
  );
  assert.deepEqual(segments("", []), []);
});

test("segments count UTF-16 code units, as the server's offsets do", () => {
  const text = "hi 🙂 u";
  const pieces = segments(text, [{ offset: 6, length: 1 }]);
  assert.equal(pieces.at(-1).text, "u");
});

test("layout pins something missing before or after its anchor sentence, apart from the marks over text", () => {
  const text = "Hi. Can u help?";
  const marks = [
    { offset: 8, length: 1, anchored: false },
    { offset: 4, length: 11, anchored: true, belongs: "before" },
    { offset: 4, length: 11, anchored: true, belongs: "after" },
    { offset: 0, length: 3, anchored: true, belongs: "before" },
  ];
  assert.deepEqual(layout(text, marks), [
    { type: "pin", marks: [3] },
    { type: "text", text: "Hi. ", start: 0, marks: [] },
    { type: "pin", marks: [1] },
    { type: "text", text: "Can ", start: 4, marks: [] },
    { type: "text", text: "u", start: 8, marks: [0] },
    { type: "text", text: " help?", start: 9, marks: [] },
    { type: "pin", marks: [2] },
  ]);
  assert.deepEqual(layout("", [{ offset: 0, length: 0, anchored: true, belongs: "after" }]), [{ type: "pin", marks: [0] }]);
});

test("applyFix replaces exactly the span; an empty text deletes it", () => {
  assert.equal(applyFix("can u help", { offset: 4, length: 1, text: "you" }), "can you help");
  assert.equal(applyFix("thanks 🙂", { offset: 6, length: 3, text: "" }), "thanks");
});

test("applyFixes applies all from the end, skipping one that overlaps another", () => {
  const text = "can u help me at ur company";
  const fixes = [
    { offset: 4, length: 1, text: "you" },
    { offset: 17, length: 2, text: "your" },
    { offset: 4, length: 6, text: "XXXX" }, // overlaps the first: dropped
  ];
  assert.equal(applyFixes(text, fixes), "can XXXX me at your company");
  assert.equal(applyFixes(text, fixes.slice(0, 2)), "can you help me at your company");
  assert.equal(applyFixes(text, []), text);
});

test("kindLine says what the draft was read as and how sure", () => {
  assert.equal(
    kindLine({ kind: "follow-up", kind_confidence: 0.834, kind_overridden: false }),
    "Read as a follow-up (83% sure)",
  );
  assert.equal(kindLine({ kind: "request", kind_confidence: 1, kind_overridden: true }), "Checked as an informational-interview request");
});

test("readingOrder puts errors first, then by position in the draft", () => {
  const findings = [
    { severity: "warning" },
    { severity: "info" },
    { severity: "error" },
    { severity: "warning" },
  ];
  const marks = [
    { finding: 0, offset: 50 },
    { finding: 1, offset: 0 },
    { finding: 2, offset: 90 },
    { finding: 3, offset: 10 },
  ];
  assert.deepEqual(
    readingOrder(findings, marks).map((f) => f.index),
    [2, 3, 0, 1],
  );
});

test("suggestionLine joins the principle and the replacement", () => {
  assert.equal(suggestionLine({ principle: "Write words out", replacement: "you" }), "Write words out. For example: “you”");
  assert.equal(suggestionLine({ principle: "Drop emoji", replacement: "(remove '🙂')" }), "Drop emoji (remove '🙂')");
  assert.equal(suggestionLine({ principle: " Add a subject ", replacement: null }), "Add a subject");
});

test("errorText reads FastAPI's error shapes", () => {
  assert.equal(errorText(413, { detail: "too large" }), "too large");
  assert.equal(errorText(422, { detail: [{ msg: "a" }, { msg: "b" }] }), "a; b");
  assert.equal(errorText(502, null), "the server answered 502");
});

test("debounce calls once after the pause, with the last arguments; cancel drops it", () => {
  const timers = new Map();
  let next = 0;
  const clock = {
    setTimeout: (fn) => {
      timers.set(++next, fn);
      return next;
    },
    clearTimeout: (id) => timers.delete(id),
  };
  const calls = [];
  const call = debounce((x) => calls.push(x), 100, clock);
  call(1);
  call(2);
  assert.equal(timers.size, 1);
  const [[id, fire]] = [...timers];
  timers.delete(id); // a timer that fired is gone
  fire();
  assert.deepEqual(calls, [2]);
  call(3);
  call.cancel();
  assert.equal(timers.size, 0);
});
