import { test } from "node:test";
import assert from "node:assert/strict";

import { DecisionMemory, draftHash } from "../lib/decisions.js";

test("draftHash is stable, and differs for any edit", () => {
  const a = "Subject: Hi\n\nDear Ms. Gable,";
  assert.equal(draftHash(a), draftHash(String(a)));
  assert.match(draftHash(a), /^[0-9a-f]{16}:\d+$/);
  assert.notEqual(draftHash(a), draftHash(a + " "));
  assert.notEqual(draftHash(a), draftHash(a.replace("Hi", "Hj")));
  assert.notEqual(draftHash("ab"), draftHash("ba"));
  assert.equal(draftHash(""), draftHash(undefined));
});

test("'send anyway' is remembered per tab and per draft", () => {
  const memory = new DecisionMemory();
  memory.rememberSendAnyway(7, "h1");
  assert.equal(memory.hasSendAnyway(7, "h1"), true);
  assert.equal(memory.hasSendAnyway(7, "h2"), false, "another draft in the same tab");
  assert.equal(memory.hasSendAnyway(8, "h1"), false, "the same draft in another tab");
});

test("forgetTab drops only that tab's decisions", () => {
  const memory = new DecisionMemory();
  memory.rememberSendAnyway(7, "a");
  memory.rememberSendAnyway(7, "b");
  memory.rememberSendAnyway(70, "a");
  memory.forgetTab(7);
  assert.equal(memory.hasSendAnyway(7, "a"), false);
  assert.equal(memory.hasSendAnyway(7, "b"), false);
  assert.equal(memory.hasSendAnyway(70, "a"), true, "tab 70 is not tab 7");
});

test("decisions expire after the TTL", () => {
  let now = 1000;
  const memory = new DecisionMemory({ ttlMs: 500, now: () => now });
  memory.rememberSendAnyway(1, "h");
  now = 1400;
  assert.equal(memory.hasSendAnyway(1, "h"), true);
  now = 1501;
  assert.equal(memory.hasSendAnyway(1, "h"), false);
});

test("the memory is bounded: the oldest decision goes first", () => {
  const memory = new DecisionMemory({ maxEntries: 2 });
  memory.rememberSendAnyway(1, "a");
  memory.rememberSendAnyway(2, "b");
  memory.rememberSendAnyway(1, "a"); // refreshed: now the newest
  memory.rememberSendAnyway(3, "c");
  assert.equal(memory.hasSendAnyway(2, "b"), false);
  assert.equal(memory.hasSendAnyway(1, "a"), true);
  assert.equal(memory.hasSendAnyway(3, "c"), true);
});

test("once(): concurrent calls for the same tab and draft share one run; later calls run again", async () => {
  const memory = new DecisionMemory();
  let runs = 0;
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  const work = async () => {
    runs += 1;
    await gate;
    return { cancel: true };
  };
  const first = memory.once(1, "h", work);
  const second = memory.once(1, "h", work);
  const other = memory.once(2, "h", async () => "other tab");
  assert.equal(first, second);
  release();
  assert.deepEqual(await first, { cancel: true });
  assert.deepEqual(await second, { cancel: true });
  assert.equal(await other, "other tab");
  assert.equal(runs, 1);
  await memory.once(1, "h", work);
  assert.equal(runs, 2, "a finished run is not cached");
});

test("once(): a failing run is not kept either", async () => {
  const memory = new DecisionMemory();
  await assert.rejects(memory.once(1, "h", async () => { throw new Error("x"); }));
  assert.equal(await memory.once(1, "h", async () => "ok"), "ok");
});
