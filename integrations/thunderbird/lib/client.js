// Talking to `requestlint serve` (default http://127.0.0.1:8765).
//
// Plain ES module with no browser globals: fetch is injected (Thunderbird's in background.js, a fake or
// Node's in the tests). Every call is bounded by a timeout and never throws: it resolves to
// {ok: true, report} or {ok: false, reason, ...} so the caller can let the mail go with a warning.

export const DEFAULT_SERVER_URL = "http://127.0.0.1:8765";
export const DEFAULT_TIMEOUT_MS = 4000;

/** The URL of an endpoint under the server's base URL ("http://127.0.0.1:8765/" + "check"). */
export function endpoint(baseUrl, path) {
  const base = String(baseUrl ?? "").trim().replace(/\/+$/, "");
  const clean = String(path).replace(/^\/+/, "");
  if (base.endsWith(`/${clean}`)) {
    return base; // the full endpoint was given
  }
  return `${base}/${clean}`;
}

function isAbortError(error) {
  return error?.name === "AbortError" || error?.name === "TimeoutError";
}

class Timeout extends Error {
  constructor() {
    super("timed out");
    this.name = "RequestlintTimeout";
  }
}

/**
 * Run `work(signal)` with an AbortController and a hard deadline. The deadline also holds when the fetch
 * implementation ignores the abort signal, and it covers reading the response body.
 */
async function withDeadline(work, timeoutMs) {
  const controller = new AbortController();
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Timeout());
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function readErrorDetail(response) {
  try {
    const body = await response.text();
    try {
      const parsed = JSON.parse(body);
      // requestlint serve answers {"detail": "..."}, and a 422 {"detail": [{"loc": [...], "msg": "..."}]}
      const detail = parsed?.detail ?? parsed?.error ?? parsed?.message;
      if (typeof detail === "string") return detail.slice(0, 300);
      if (Array.isArray(detail)) {
        const messages = detail.map((item) => (typeof item === "string" ? item : item?.msg)).filter(Boolean);
        if (messages.length) return messages.join("; ").slice(0, 300);
      }
      if (detail && typeof detail.message === "string") return detail.message.slice(0, 300);
    } catch {
      // not JSON: fall through to the raw text
    }
    return body.trim().slice(0, 300) || null;
  } catch {
    return null;
  }
}

function failure(reason, fields = {}) {
  return { ok: false, reason, ...fields };
}

/**
 * checkDraft(fetchImpl, serverUrl, draft, timeoutMs, {kind}) -> Promise of
 *   {ok: true, report}
 *   {ok: false, reason: "timeout"}                      no answer within timeoutMs
 *   {ok: false, reason: "network", detail}              refused, unreachable, blocked
 *   {ok: false, reason: "http", status, detail}         the server answered with an error status
 *   {ok: false, reason: "invalid", detail}              the answer is not a requestlint report
 *
 * serverUrl is the server's base URL (".../check" is also accepted). kind, when given, forces the kind of
 * email ("request", "follow-up", "thank-you", "other").
 */
export async function checkDraft(fetchImpl, serverUrl, draft, timeoutMs = DEFAULT_TIMEOUT_MS, { kind } = {}) {
  const url = endpoint(serverUrl, "check");
  const payload = { draft: String(draft ?? "") };
  if (kind) {
    payload.kind = kind;
  }
  try {
    return await withDeadline(async (signal) => {
      let response;
      try {
        response = await fetchImpl(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(payload),
          signal,
          cache: "no-store",
          credentials: "omit",
        });
      } catch (error) {
        if (isAbortError(error)) throw new Timeout();
        return failure("network", { detail: String(error?.message ?? error) });
      }
      if (!response || typeof response.ok !== "boolean") {
        return failure("invalid", { detail: "no HTTP response" });
      }
      if (!response.ok) {
        return failure("http", { status: response.status, detail: await readErrorDetail(response) });
      }
      let report;
      try {
        report = await response.json();
      } catch (error) {
        if (isAbortError(error)) throw new Timeout();
        return failure("invalid", { detail: "the answer is not JSON" });
      }
      if (!report || typeof report !== "object" || Array.isArray(report) || !Array.isArray(report.findings)) {
        return failure("invalid", { detail: "the answer has no findings list" });
      }
      return { ok: true, report };
    }, timeoutMs);
  } catch (error) {
    if (error instanceof Timeout || isAbortError(error)) {
      return failure("timeout", { timeoutMs });
    }
    return failure("network", { detail: String(error?.message ?? error) });
  }
}

/**
 * checkHealth(fetchImpl, serverUrl, timeoutMs) -> {ok: true, health} | {ok: false, reason, ...}
 * GET /health answers {"status": "ok", "version": "0.1.0", "grammar": "off"}.
 */
export async function checkHealth(fetchImpl, serverUrl, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const url = endpoint(serverUrl, "health");
  try {
    return await withDeadline(async (signal) => {
      let response;
      try {
        response = await fetchImpl(url, { method: "GET", signal, cache: "no-store", credentials: "omit" });
      } catch (error) {
        if (isAbortError(error)) throw new Timeout();
        return failure("network", { detail: String(error?.message ?? error) });
      }
      if (!response.ok) {
        return failure("http", { status: response.status, detail: await readErrorDetail(response) });
      }
      let health;
      try {
        health = await response.json();
      } catch {
        return failure("invalid", { detail: "the answer is not JSON" });
      }
      if (health?.status !== "ok") {
        return failure("invalid", { detail: `status is ${JSON.stringify(health?.status)}` });
      }
      return { ok: true, health };
    }, timeoutMs);
  } catch (error) {
    if (error instanceof Timeout || isAbortError(error)) {
      return failure("timeout", { timeoutMs });
    }
    return failure("network", { detail: String(error?.message ?? error) });
  }
}

/**
 * One line on a healthy server, for the options page: "requestlint 0.1.0 (grammar checks: off)".
 * `grammar` is {"state": "ok|off|unavailable", "detail": ...} from requestlint serve (a plain string is
 * accepted too).
 */
export function describeHealth(health) {
  const version = typeof health?.version === "string" ? health.version : "?";
  const grammar = typeof health?.grammar === "string" ? health.grammar : health?.grammar?.state;
  return `requestlint ${version} (grammar checks: ${typeof grammar === "string" ? grammar : "?"})`;
}

function seconds(ms) {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}

/** One sentence on why a check could not run, for the notification. */
export function describeFailure(result, serverUrl) {
  const where = `the requestlint server at ${String(serverUrl ?? "").replace(/\/+$/, "")}`;
  switch (result?.reason) {
    case "timeout":
      return `${where} did not answer within ${seconds(result.timeoutMs ?? DEFAULT_TIMEOUT_MS)}`;
    case "network":
      return `${where} could not be reached (is "requestlint serve" running?)`;
    case "http":
      return `${where} answered HTTP ${result.status}${result.detail ? `: ${result.detail}` : ""}`;
    case "invalid":
      return `${where} sent an answer that is not a requestlint report${result.detail ? ` (${result.detail})` : ""}`;
    default:
      return `${where} could not check the message`;
  }
}
