// Making compose.onBeforeSend idempotent.
//
// Thunderbird may fire onBeforeSend more than once for one message (the person presses Send again after a
// failed delivery, or another add-on cancelled the first attempt), and a message may never be sent at all.
// So the "send anyway" decision is remembered per compose tab and per exact draft (a hash of the text that
// was checked): the same draft from the same tab goes out without asking again; any edit asks again.
// A check that is still running for the same tab and draft is shared rather than started twice.
//
// Plain ES module with no browser globals.

/**
 * A 64-bit FNV-1a hash of a string's UTF-16 code units, as 16 hex digits, followed by the length.
 * Not cryptographic: it only has to tell drafts of one compose window apart.
 */
export function draftHash(text) {
  const value = String(text ?? "");
  // Two independent 32-bit FNV-1a lanes (different offset bases) make 64 bits without BigInt.
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193) >>> 0;
    h2 = (h2 ^ (h2 >>> 13)) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0") + ":" + value.length;
}

export const DEFAULT_MAX_ENTRIES = 200;
export const DEFAULT_TTL_MS = 12 * 60 * 60 * 1000; // a forgotten compose window does not keep a pass forever

export class DecisionMemory {
  /**
   * @param {object} [options]
   * @param {number} [options.maxEntries] how many "send anyway" decisions are kept (oldest dropped first)
   * @param {number} [options.ttlMs] how long a decision is kept
   * @param {() => number} [options.now] clock, injectable for tests
   */
  constructor({ maxEntries = DEFAULT_MAX_ENTRIES, ttlMs = DEFAULT_TTL_MS, now = () => Date.now() } = {}) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.now = now;
    this.allowed = new Map(); // key -> time remembered (insertion order = age)
    this.pending = new Map(); // key -> Promise of the running check
  }

  static key(tabId, hash) {
    return `${tabId}\u0000${hash}`;
  }

  /** Remember that the person chose "Send anyway" for this draft in this tab. */
  rememberSendAnyway(tabId, hash) {
    const key = DecisionMemory.key(tabId, hash);
    this.allowed.delete(key);
    this.allowed.set(key, this.now());
    while (this.allowed.size > this.maxEntries) {
      this.allowed.delete(this.allowed.keys().next().value);
    }
  }

  /** Whether "Send anyway" was chosen for exactly this draft in this tab (and has not expired). */
  hasSendAnyway(tabId, hash) {
    const key = DecisionMemory.key(tabId, hash);
    const at = this.allowed.get(key);
    if (at === undefined) {
      return false;
    }
    if (this.now() - at > this.ttlMs) {
      this.allowed.delete(key);
      return false;
    }
    return true;
  }

  /** Forget everything about a tab (its compose window was closed). */
  forgetTab(tabId) {
    const prefix = `${tabId}\u0000`;
    for (const key of [...this.allowed.keys()]) {
      if (key.startsWith(prefix)) {
        this.allowed.delete(key);
      }
    }
  }

  /**
   * Run `work()` once per tab and draft at a time: a second call while the first is still running gets the
   * first call's promise instead of starting a second check (and a second review window).
   */
  once(tabId, hash, work) {
    const key = DecisionMemory.key(tabId, hash);
    const running = this.pending.get(key);
    if (running) {
      return running;
    }
    const promise = Promise.resolve()
      .then(work)
      .finally(() => {
        this.pending.delete(key);
      });
    this.pending.set(key, promise);
    return promise;
  }
}
