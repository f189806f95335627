// The options page: reads and writes the settings in storage.local (validated by lib/settings.js).

import { describeFailure, describeHealth } from "../lib/client.js";
import { DEFAULT_SETTINGS, normalizeSettings } from "../lib/settings.js";

const api = globalThis.messenger ?? globalThis.browser;
const $ = (id) => document.getElementById(id);

function showProblems(problems) {
  const list = $("problems");
  list.replaceChildren(...problems.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
  list.hidden = problems.length === 0;
}

function status(text, bad = false) {
  $("status").textContent = text;
  $("status").classList.toggle("bad", bad);
}

function fill(settings) {
  $("enabled").checked = settings.enabled;
  $("serverUrl").value = settings.serverUrl;
  $("failLevel").value = settings.failLevel;
  $("timeoutSeconds").value = String(settings.timeoutMs / 1000);
  $("checkReplies").checked = settings.checkReplies;
}

function read() {
  return {
    enabled: $("enabled").checked,
    serverUrl: $("serverUrl").value,
    failLevel: $("failLevel").value,
    timeoutMs: Number($("timeoutSeconds").value) * 1000,
    checkReplies: $("checkReplies").checked,
  };
}

async function load() {
  const stored = await api.storage.local.get(Object.keys(DEFAULT_SETTINGS));
  const { settings, problems } = normalizeSettings(stored);
  fill(settings);
  showProblems(problems);
}

$("settings").addEventListener("submit", async (event) => {
  event.preventDefault();
  const { settings, problems } = normalizeSettings(read());
  await api.storage.local.set(settings);
  fill(settings);
  showProblems(problems);
  status("Saved.");
});

$("test").addEventListener("click", async () => {
  const { settings } = normalizeSettings(read());
  status(`Asking ${settings.serverUrl}/health …`);
  const result = await api.runtime.sendMessage({ type: "requestlint:health", serverUrl: settings.serverUrl });
  if (result?.ok) {
    status(`Connected: ${describeHealth(result.health)}.`);
  } else {
    status(`Not connected: ${describeFailure(result, settings.serverUrl)}.`, true);
  }
});

load();
