// handleBeforeSend end to end, with fakes for every Thunderbird API and for the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { DecisionMemory } from "../lib/decisions.js";
import { handleBeforeSend, UNCHECKED_TITLE } from "../lib/onsend.js";

const REPORT = JSON.parse(readFileSync(new URL("./fixtures/report-request.json", import.meta.url), "utf8"));
const CLEAN = { kind: "request", score: 100, findings: [], pitfalls: {}, grammar: { state: "off" }, notes: [] };

const DETAILS = {
  type: "new",
  subject: "Quick question",
  isPlainText: true,
  plainTextBody: "hey,\n\ncan i pick your brain sometime?\n\nKira",
  body: "<p>hey,</p>",
};

/** A fake Thunderbird: records notifications, reviews and server calls. */
function harness({ settings = {}, server = () => REPORT, choice = "fix" } = {}) {
  const h = { notifications: [], reviews: [], fetches: [], outcomes: [] };
  h.memory = new DecisionMemory();
  h.choice = choice;
  h.deps = {
    loadSettings: async () => settings,
    fetch: async (url, init) => {
      h.fetches.push({ url, body: JSON.parse(init.body) });
      const answer = await server(url, init);
      if (answer instanceof Response) return answer;
      return new Response(JSON.stringify(answer), { status: 200, headers: { "Content-Type": "application/json" } });
    },
    notify: async (title, message) => {
      h.notifications.push({ title, message });
    },
    review: async (payload) => {
      h.reviews.push(payload);
      return typeof h.choice === "function" ? h.choice(payload) : h.choice;
    },
    memory: h.memory,
    onOutcome: (outcome) => h.outcomes.push(outcome),
  };
  h.send = (tab = { id: 1 }, details = DETAILS) => handleBeforeSend(tab, details, h.deps);
  return h;
}

test("the draft is posted as 'Subject: ...' + blank line + body to <server>/check", async () => {
  const h = harness({ settings: { serverUrl: "http://127.0.0.1:9999" }, server: () => CLEAN });
  assert.deepEqual(await h.send(), {});
  assert.deepEqual(h.fetches, [
    { url: "http://127.0.0.1:9999/check", body: { draft: "Subject: Quick question\n\nhey,\n\ncan i pick your brain sometime?\n\nKira" } },
  ]);
  assert.deepEqual(h.outcomes, ["clean"]);
  assert.equal(h.reviews.length, 0);
  assert.equal(h.notifications.length, 0);
});

test("findings at the fail level open the review; 'Fix the draft' cancels sending", async () => {
  const h = harness({ choice: "fix" });
  assert.deepEqual(await h.send(), { cancel: true });
  assert.equal(h.reviews.length, 1);
  const { summary, subject } = h.reviews[0];
  assert.equal(subject, "Quick question");
  assert.deepEqual(summary.findings.map((f) => f.code), ["TON01", "ASK03", "SUB02"]);
  assert.deepEqual(summary.findings.map((f) => f.match), ["hey", null, "Quick question"]);
  assert.equal(summary.findings[0].replacement, "Dear Ms. Gable,");
  assert.deepEqual(h.outcomes, ["cancelled"]);
});

test("'Send anyway' lets the message go", async () => {
  const h = harness({ choice: "send" });
  assert.deepEqual(await h.send(), {});
  assert.deepEqual(h.outcomes, ["sent-anyway"]);
});

test("fail level 'error' with only warnings: sent without a review", async () => {
  const onlyWarnings = { ...REPORT, findings: REPORT.findings.filter((f) => f.severity !== "error") };
  const h = harness({ settings: { failLevel: "error" }, server: () => onlyWarnings });
  assert.deepEqual(await h.send(), {});
  assert.equal(h.reviews.length, 0);
  assert.deepEqual(h.outcomes, ["clean"]);
});

test("idempotent: after 'Send anyway', onBeforeSend for the same tab and draft neither checks nor asks again", async () => {
  const h = harness({ choice: "send" });
  assert.deepEqual(await h.send({ id: 5 }), {});
  assert.deepEqual(await h.send({ id: 5 }), {});
  assert.deepEqual(await h.send({ id: 5 }), {});
  assert.equal(h.reviews.length, 1, "asked once");
  assert.equal(h.fetches.length, 1, "checked once");
  assert.deepEqual(h.outcomes, ["sent-anyway", "remembered", "remembered"]);
});

test("an edited draft, or the same draft in another compose window, is asked about again", async () => {
  const h = harness({ choice: "send" });
  await h.send({ id: 5 });
  await h.send({ id: 5 }, { ...DETAILS, plainTextBody: DETAILS.plainTextBody + "\nThanks!" });
  await h.send({ id: 6 });
  assert.equal(h.reviews.length, 3);
});

test("after 'Fix the draft', sending the unchanged draft asks again", async () => {
  const h = harness({ choice: "fix" });
  assert.deepEqual(await h.send(), { cancel: true });
  assert.deepEqual(await h.send(), { cancel: true });
  assert.equal(h.reviews.length, 2);
});

test("a closed compose window's decisions are forgotten", async () => {
  const h = harness({ choice: "send" });
  await h.send({ id: 5 });
  h.memory.forgetTab(5);
  await h.send({ id: 5 });
  assert.equal(h.reviews.length, 2);
});

test("two onBeforeSend calls while the review is open share one review window", async () => {
  const h = harness();
  let answer;
  h.choice = () => new Promise((resolve) => (answer = resolve));
  const first = h.send({ id: 3 });
  const second = h.send({ id: 3 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(h.reviews.length, 1);
  answer("fix");
  assert.deepEqual(await first, { cancel: true });
  assert.deepEqual(await second, { cancel: true });
});

for (const [label, server, pattern] of [
  ["the server is down (fetch rejects)", () => { throw new TypeError("NetworkError when attempting to fetch resource."); }, /could not be reached/],
  ["the server answers 500", () => new Response(JSON.stringify({ detail: "boom" }), { status: 500 }), /answered HTTP 500: boom/],
  ["the server hangs", () => new Promise(() => {}), /did not answer within 0\.5 s/],
  ["the server answers something else", () => ({ hello: "world" }), /not a requestlint report/],
]) {
  test(`${label}: the mail goes out, with a notification that it was not checked`, async () => {
    const h = harness({ settings: { timeoutMs: 500 }, server }); // the shortest time limit allowed
    const started = Date.now();
    assert.deepEqual(await h.send(), {});
    assert.ok(Date.now() - started < 2000);
    assert.equal(h.reviews.length, 0);
    assert.equal(h.notifications.length, 1);
    assert.equal(h.notifications[0].title, UNCHECKED_TITLE);
    assert.match(h.notifications[0].message, /^It was not held back: the requestlint server at http:\/\/127\.0\.0\.1:8765 /);
    assert.match(h.notifications[0].message, pattern);
    assert.deepEqual(h.outcomes, ["unavailable"]);
  });
}

test("a notification that cannot be shown does not hold the mail back", async () => {
  const h = harness({ server: () => { throw new TypeError("refused"); } });
  h.deps.notify = async () => { throw new Error("notifications unavailable"); };
  assert.deepEqual(await h.send(), {});
});

test("the review window cannot be opened: the mail goes out, with a notification", async () => {
  const h = harness();
  h.deps.review = async () => { throw new Error("windows.create failed"); };
  assert.deepEqual(await h.send(), {});
  assert.equal(h.notifications.length, 1);
  assert.match(h.notifications[0].message, /review window could not be opened.*1 error, 2 warnings/);
});

test("switched off: nothing is checked", async () => {
  const h = harness({ settings: { enabled: false } });
  assert.deepEqual(await h.send(), {});
  assert.equal(h.fetches.length, 0);
  assert.deepEqual(h.outcomes, ["disabled"]);
});

test("replies pass unchecked unless 'check replies' is on", async () => {
  const reply = { ...DETAILS, type: "reply", subject: "Re: Quick question" };
  const off = harness();
  assert.deepEqual(await off.send({ id: 1 }, reply), {});
  assert.equal(off.fetches.length, 0);
  assert.deepEqual(off.outcomes, ["skipped-reply"]);
  const on = harness({ settings: { checkReplies: true } });
  assert.deepEqual(await on.send({ id: 1 }, reply), { cancel: true });
  assert.equal(on.fetches.length, 1);
});

test("a thank-you note with findings is not held back (only requests and follow-ups are gated)", async () => {
  const h = harness({ server: () => ({ ...REPORT, kind: "thank-you" }) });
  assert.deepEqual(await h.send(), {});
  assert.deepEqual(h.outcomes, ["not-gated-kind"]);
});

test("settings that cannot be read: the defaults are used", async () => {
  const h = harness({ server: () => CLEAN });
  h.deps.loadSettings = async () => { throw new Error("storage broken"); };
  assert.deepEqual(await h.send(), {});
  assert.equal(h.fetches[0].url, "http://127.0.0.1:8765/check");
  assert.deepEqual(h.outcomes, ["settings-unreadable", "clean"]);
});

test("an HTML draft is converted before it is checked", async () => {
  const h = harness({ server: () => CLEAN });
  await h.send({ id: 1 }, { type: "new", subject: "Hello", isPlainText: false, body: "<p>Dear Ms. Gable,</p><p>I am&nbsp;a student.</p>" });
  assert.equal(h.fetches[0].body.draft, "Subject: Hello\n\nDear Ms. Gable,\n\nI am a student.");
});


test("'Apply the safe fixes' writes them into a plain-text draft and holds it for another look", async () => {
  const withEdits = JSON.parse(readFileSync(new URL("./fixtures/report-with-edits.json", import.meta.url), "utf8"));
  const details = {
    type: "new",
    subject: "Quick question",
    isPlainText: true,
    plainTextBody: "Hey Kira,\n\ncan u tell me how you moved into policy work? 🙂 I would love to pick ur brain.\n\nThanks,\nSam",
  };
  const written = [];
  const h = harness({ server: () => withEdits, choice: "apply" });
  h.deps.setComposeDetails = async (tabId, changed) => {
    written.push({ tabId, changed });
  };
  assert.deepEqual(await h.send({ id: 7 }, details), { cancel: true });
  assert.deepEqual(h.reviews[0].fixes, { count: 4, codes: ["TON01", "TON03", "TON05", "TON03"] });
  assert.deepEqual(written, [
    {
      tabId: 7,
      changed: {
        subject: "Quick question",
        plainTextBody:
          "Dear Kira,\n\ncan you tell me how you moved into policy work? I would love to pick your brain.\n\nThanks,\nSam",
      },
    },
  ]);
  assert.deepEqual(h.outcomes, ["fixed"]);
});

test("no safe fixes are offered for an HTML message", async () => {
  const withEdits = JSON.parse(readFileSync(new URL("./fixtures/report-with-edits.json", import.meta.url), "utf8"));
  const h = harness({ server: () => withEdits, choice: "fix" });
  h.deps.setComposeDetails = async () => assert.fail("nothing is written");
  assert.deepEqual(await h.send({ id: 7 }, { ...DETAILS, isPlainText: false }), { cancel: true });
  assert.equal(h.reviews[0].fixes, null);
});
