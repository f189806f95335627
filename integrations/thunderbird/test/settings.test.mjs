import { test } from "node:test";
import assert from "node:assert/strict";

import { DEFAULT_SETTINGS, normalizeSettings } from "../lib/settings.js";

test("defaults: on, http://127.0.0.1:8765, fail level warning, 4 s, replies unchecked", () => {
  assert.deepEqual(normalizeSettings({}), {
    settings: { enabled: true, serverUrl: "http://127.0.0.1:8765", failLevel: "warning", timeoutMs: 4000, checkReplies: false },
    problems: [],
  });
  assert.deepEqual(normalizeSettings(undefined).settings, DEFAULT_SETTINGS);
});

test("valid values are kept (trailing slash removed)", () => {
  const { settings, problems } = normalizeSettings({
    enabled: false,
    serverUrl: " http://localhost:9000/ ",
    failLevel: "error",
    timeoutMs: 2500,
    checkReplies: true,
  });
  assert.deepEqual(settings, {
    enabled: false, serverUrl: "http://localhost:9000", failLevel: "error", timeoutMs: 2500, checkReplies: true,
  });
  assert.deepEqual(problems, []);
});

test("invalid values fall back to the defaults, each with a problem", () => {
  const { settings, problems } = normalizeSettings({
    serverUrl: "ftp://127.0.0.1/",
    failLevel: "info",
    timeoutMs: 120000,
  });
  assert.equal(settings.serverUrl, "http://127.0.0.1:8765");
  assert.equal(settings.failLevel, "warning");
  assert.equal(settings.timeoutMs, 4000);
  assert.equal(problems.length, 3);
  assert.equal(normalizeSettings({ serverUrl: "not a url" }).problems.length, 1);
  assert.equal(normalizeSettings({ timeoutMs: "abc" }).settings.timeoutMs, 4000);
});

test("a server that is not this computer is kept but flagged", () => {
  const { settings, problems } = normalizeSettings({ serverUrl: "https://lint.example.org" });
  assert.equal(settings.serverUrl, "https://lint.example.org");
  assert.equal(problems.length, 1);
  assert.match(problems[0], /not this computer/);
  assert.deepEqual(normalizeSettings({ serverUrl: "http://[::1]:8765" }).problems, []);
});
