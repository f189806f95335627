// The add-on's settings (stored with storage.local), their defaults and their validation.
// Plain ES module with no browser globals.

import { DEFAULT_SERVER_URL, DEFAULT_TIMEOUT_MS } from "./client.js";
import { DEFAULT_FAIL_LEVEL, FAIL_LEVELS } from "./gate.js";

export const MIN_TIMEOUT_MS = 500;
export const MAX_TIMEOUT_MS = 30000;

export const DEFAULT_SETTINGS = Object.freeze({
  enabled: true, // check messages when they are sent
  serverUrl: DEFAULT_SERVER_URL, // where `requestlint serve` listens
  failLevel: DEFAULT_FAIL_LEVEL, // "warning": warnings and errors hold a message back; "error": only errors
  timeoutMs: DEFAULT_TIMEOUT_MS, // how long a check may take before the message goes out unchecked
  checkReplies: false, // replies and forwards pass unchecked, as in requestlint's sendmail gate
});

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * normalizeSettings(raw) -> {settings, problems}
 * Fills in defaults and replaces invalid values by their default; every replacement, and a server outside
 * this computer, is described in `problems` (shown on the options page).
 */
export function normalizeSettings(raw) {
  const input = raw && typeof raw === "object" ? raw : {};
  const problems = [];
  const settings = { ...DEFAULT_SETTINGS };

  if ("enabled" in input) {
    settings.enabled = input.enabled !== false;
  }
  if ("checkReplies" in input) {
    settings.checkReplies = input.checkReplies === true;
  }

  if ("failLevel" in input) {
    const level = typeof input.failLevel === "string" ? input.failLevel.trim().toLowerCase() : "";
    if (FAIL_LEVELS.includes(level)) {
      settings.failLevel = level;
    } else {
      problems.push(`Fail level must be "error" or "warning"; using "${DEFAULT_FAIL_LEVEL}".`);
    }
  }

  if ("timeoutMs" in input) {
    const ms = Number(input.timeoutMs);
    if (Number.isFinite(ms) && ms >= MIN_TIMEOUT_MS && ms <= MAX_TIMEOUT_MS) {
      settings.timeoutMs = Math.round(ms);
    } else {
      problems.push(
        `Time limit must be between ${MIN_TIMEOUT_MS / 1000} and ${MAX_TIMEOUT_MS / 1000} seconds; ` +
          `using ${DEFAULT_TIMEOUT_MS / 1000}.`,
      );
    }
  }

  if ("serverUrl" in input) {
    const text = typeof input.serverUrl === "string" ? input.serverUrl.trim() : "";
    let url = null;
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) {
      problems.push(`"${text}" is not an http:// URL; using ${DEFAULT_SERVER_URL}.`);
    } else {
      settings.serverUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, "");
      if (!LOOPBACK_HOSTS.has(url.hostname)) {
        problems.push(
          `${url.hostname} is not this computer: the add-on is only permitted to reach 127.0.0.1 and ` +
            "localhost, so another host must allow it with CORS, and your drafts would leave this computer.",
        );
      }
    }
  }

  return { settings, problems };
}
