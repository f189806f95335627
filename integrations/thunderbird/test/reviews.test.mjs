import { test } from "node:test";
import assert from "node:assert/strict";

import { ReviewBroker } from "../lib/reviews.js";

const ids = () => {
  let n = 0;
  return () => `id${(n += 1)}`;
};

test("a review resolves to the person's choice and is then gone", async () => {
  const broker = new ReviewBroker({ newId: ids() });
  const { id, choice } = broker.open({ summary: "x" });
  assert.deepEqual(broker.payload(id), { summary: "x" });
  assert.equal(broker.settle(id, "send"), true);
  assert.equal(await choice, "send");
  assert.equal(broker.payload(id), null);
  assert.equal(broker.settle(id, "fix"), false, "a settled review cannot be settled again");
});

test("closing the review window counts as 'fix'", async () => {
  const broker = new ReviewBroker({ newId: ids() });
  const a = broker.open({});
  const b = broker.open({});
  broker.attachWindow(a.id, 11);
  broker.attachWindow(b.id, 12);
  broker.windowClosed(11);
  assert.equal(await a.choice, "fix");
  assert.equal(broker.size, 1, "the other review is still open");
  broker.windowClosed(99);
  assert.equal(broker.size, 1);
});

test("an unknown choice counts as 'fix'", async () => {
  const broker = new ReviewBroker({ newId: ids() });
  const { id, choice } = broker.open({});
  broker.settle(id, "whatever");
  assert.equal(await choice, "fix");
});

test("discard forgets a review whose window could not be opened", () => {
  const broker = new ReviewBroker({ newId: ids() });
  const { id } = broker.open({});
  broker.discard(id);
  assert.equal(broker.size, 0);
});
