// Wires Thunderbird's APIs to the plain modules in lib/. No decision is made here: see lib/onsend.js.

import { checkHealth } from "./lib/client.js";
import { DecisionMemory } from "./lib/decisions.js";
import { handleBeforeSend } from "./lib/onsend.js";
import { ReviewBroker } from "./lib/reviews.js";
import { DEFAULT_SETTINGS, normalizeSettings } from "./lib/settings.js";

const api = globalThis.messenger ?? globalThis.browser;

const memory = new DecisionMemory();
const reviews = new ReviewBroker();

async function loadSettings() {
  return api.storage.local.get(Object.keys(DEFAULT_SETTINGS));
}

async function notify(title, message) {
  await api.notifications.create({
    type: "basic",
    title,
    message,
    iconUrl: api.runtime.getURL("icons/icon-48.png"),
  });
}

async function review(payload) {
  const { id, choice } = reviews.open(payload);
  try {
    const win = await api.windows.create({
      url: api.runtime.getURL(`pages/review.html?id=${encodeURIComponent(id)}`),
      type: "popup",
      width: 620,
      height: 640,
    });
    reviews.attachWindow(id, win.id);
  } catch (error) {
    reviews.discard(id);
    throw error;
  }
  return choice;
}

api.compose.onBeforeSend.addListener((tab, details) =>
  handleBeforeSend(tab, details, {
    loadSettings,
    fetch: (...args) => globalThis.fetch(...args),
    notify,
    review,
    setComposeDetails: (tabId, details) => api.compose.setComposeDetails(tabId, details),
    memory,
    onOutcome: (outcome, info) => console.debug("requestlint:", outcome, info),
  }),
);

// Closing the review window without choosing counts as "Fix the draft".
api.windows.onRemoved.addListener((windowId) => reviews.windowClosed(windowId));

// A closed compose window's "send anyway" decisions are no longer needed.
api.tabs.onRemoved.addListener((tabId) => memory.forgetTab(tabId));

api.runtime.onMessage.addListener((message) => {
  switch (message?.type) {
    case "requestlint:review":
      return Promise.resolve(reviews.payload(message.id));
    case "requestlint:choose":
      return Promise.resolve({ settled: reviews.settle(message.id, message.choice) });
    case "requestlint:health": {
      const { settings } = normalizeSettings({ serverUrl: message.serverUrl });
      return checkHealth((...args) => globalThis.fetch(...args), settings.serverUrl, settings.timeoutMs);
    }
    default:
      return undefined;
  }
});
