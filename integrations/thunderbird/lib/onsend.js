// What happens when the person presses Send: the whole compose.onBeforeSend decision, with every browser
// API injected so that it runs (and is tested) without Thunderbird.
//
// Plain ES module with no browser globals. background.js calls handleBeforeSend(tab, details, deps) from
// messenger.compose.onBeforeSend and returns its result to Thunderbird: {} lets the message go,
// {cancel: true} stops it so that the person can fix the draft.

import { buildDraftText, isReplyOrForward, subjectLine } from "./draft.js";
import { plainTextFixes } from "./fixes.js";
import { checkDraft, describeFailure } from "./client.js";
import { draftHash } from "./decisions.js";
import { decide, summarize } from "./gate.js";
import { normalizeSettings } from "./settings.js";

export const UNCHECKED_TITLE = "requestlint did not check this message";

/**
 * @param {{id: number}} tab        the compose tab (from onBeforeSend)
 * @param {object} details          the ComposeDetails (from onBeforeSend)
 * @param {object} deps
 * @param {() => Promise<object>} deps.loadSettings   stored settings (normalized here)
 * @param {Function} deps.fetch                        fetch implementation
 * @param {(title: string, message: string) => Promise<void>|void} deps.notify   a desktop notification
 * @param {(payload: object) => Promise<"fix"|"send"|"apply">} deps.review   opens the review page, resolves to the choice
 * @param {(tabId: number, details: object) => Promise<void>} [deps.setComposeDetails]   writes the fixed draft back
 * @param {import("./decisions.js").DecisionMemory} deps.memory
 * @param {(outcome: string, info?: object) => void} [deps.onOutcome]  told what happened (logging, tests)
 * @returns {Promise<{}|{cancel: true}>}
 */
export async function handleBeforeSend(tab, details, deps) {
  const outcome = (name, info = {}) => {
    try {
      deps.onOutcome?.(name, info);
    } catch {
      // logging must never change what happens to the mail
    }
  };
  const notify = async (message) => {
    try {
      await deps.notify(UNCHECKED_TITLE, message);
    } catch {
      // a notification that cannot be shown must not hold the mail back either
    }
  };

  let settings;
  try {
    settings = normalizeSettings(await deps.loadSettings()).settings;
  } catch (error) {
    settings = normalizeSettings({}).settings;
    outcome("settings-unreadable", { error: String(error) });
  }
  if (!settings.enabled) {
    outcome("disabled");
    return {};
  }
  if (!settings.checkReplies && isReplyOrForward(details)) {
    outcome("skipped-reply");
    return {};
  }

  let draft;
  let hash;
  try {
    draft = buildDraftText(details);
    hash = draftHash(draft);
  } catch (error) {
    outcome("internal-error", { error: String(error) });
    await notify(`It was not held back: the add-on could not read the draft (${error?.message ?? error}).`);
    return {};
  }
  const tabId = tab?.id ?? "unknown";
  if (deps.memory.hasSendAnyway(tabId, hash)) {
    outcome("remembered", { tabId, hash });
    return {};
  }

  return deps.memory.once(tabId, hash, async () => {
    const result = await checkDraft(deps.fetch, settings.serverUrl, draft, settings.timeoutMs);
    if (!result.ok) {
      outcome("unavailable", { result });
      await notify(`It was not held back: ${describeFailure(result, settings.serverUrl)}.`);
      return {};
    }
    let verdict;
    try {
      verdict = decide(result.report, settings.failLevel);
    } catch (error) {
      outcome("internal-error", { error: String(error) });
      await notify(`It was not held back: the add-on could not read the report (${error?.message ?? error}).`);
      return {};
    }
    if (verdict.action === "send") {
      outcome(verdict.reason === "kind" ? "not-gated-kind" : "clean", { verdict });
      return {};
    }

    let fixes = null;
    try {
      fixes = deps.setComposeDetails ? plainTextFixes(details, draft, result.report) : null;
    } catch (error) {
      outcome("fixes-unreadable", { error: String(error) });
    }
    const payload = {
      subject: subjectLine(details),
      serverUrl: settings.serverUrl,
      summary: summarize(result.report, verdict),
      fixes: fixes && { count: fixes.count, codes: fixes.codes },
    };
    let choice;
    try {
      choice = await deps.review(payload);
    } catch (error) {
      outcome("review-failed", { error: String(error) });
      await notify(
        `It was not held back: the review window could not be opened (${error?.message ?? error}). ` +
          `requestlint found ${payload.summary.counts}.`,
      );
      return {};
    }
    if (choice === "send") {
      deps.memory.rememberSendAnyway(tabId, hash);
      outcome("sent-anyway", { tabId, hash });
      return {};
    }
    if (choice === "apply" && fixes) {
      try {
        await deps.setComposeDetails(tab.id, { subject: fixes.subject, plainTextBody: fixes.plainTextBody });
        outcome("fixed", { tabId, codes: fixes.codes });
      } catch (error) {
        outcome("fix-failed", { error: String(error) });
        await notify(`The fixes could not be written into the draft (${error?.message ?? error}); it was not sent.`);
      }
      return { cancel: true }; // the person reads the fixed draft and sends it again
    }
    outcome("cancelled", { tabId, hash });
    return { cancel: true };
  });
}
