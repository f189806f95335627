// Deciding whether a report holds a message back, and turning findings into what the review page shows.
//
// Plain ES module with no browser globals. The policy mirrors requestlint's own send-time gate for sendmail
// clients (src/requestlint/sendgate.py): only drafts that requestlint recognises as a request or a
// follow-up are gated, and a finding holds the message back when its severity reaches the fail level.

export const FAIL_LEVELS = Object.freeze(["error", "warning"]);
export const DEFAULT_FAIL_LEVEL = "warning";
export const GATED_KINDS = Object.freeze(["request", "follow-up"]);

const SEVERITY_RANK = Object.freeze({ info: 0, warning: 1, error: 2 });

/** The rank of a severity; an unknown severity ranks below "info" and never holds a message back. */
export function severityRank(severity) {
  return Object.prototype.hasOwnProperty.call(SEVERITY_RANK, severity) ? SEVERITY_RANK[severity] : -1;
}

/** "error" or "warning"; anything else falls back to the default, "warning" (as `--fail-on` does). */
export function normalizeFailLevel(level) {
  const value = typeof level === "string" ? level.trim().toLowerCase() : "";
  return FAIL_LEVELS.includes(value) ? value : DEFAULT_FAIL_LEVEL;
}

function position(finding) {
  const span = finding?.span;
  return span && Number.isFinite(span.start) ? span.start : -1; // missing things (no span) come first, at 1:1
}

/** Most severe first, then in the order they occur in the draft. Does not modify its argument. */
export function sortFindings(findings) {
  return [...findings].sort(
    (a, b) => severityRank(b?.severity) - severityRank(a?.severity) || position(a) - position(b),
  );
}

/**
 * decide(report, failLevel) -> {action: "send" | "review", findings, others, reason}
 *
 * findings: the findings at or above the fail level (what the review page lists), most severe first;
 * others: the remaining findings (hints), for an optional "also noted" list;
 * reason: "clean" (nothing reaches the fail level), "kind" (not a request or follow-up), or "findings".
 */
export function decide(report, failLevel, { gatedKinds = GATED_KINDS } = {}) {
  const level = normalizeFailLevel(failLevel);
  const threshold = severityRank(level);
  const all = Array.isArray(report?.findings) ? report.findings.filter((f) => f && typeof f === "object") : [];
  const kind = typeof report?.kind === "string" ? report.kind : null;
  if (kind !== null && !gatedKinds.includes(kind)) {
    return { action: "send", findings: [], others: sortFindings(all), reason: "kind", failLevel: level };
  }
  const blocking = [];
  const others = [];
  for (const finding of all) {
    (severityRank(finding.severity) >= threshold ? blocking : others).push(finding);
  }
  if (blocking.length === 0) {
    return { action: "send", findings: [], others: sortFindings(others), reason: "clean", failLevel: level };
  }
  return {
    action: "review",
    findings: sortFindings(blocking),
    others: sortFindings(others),
    reason: "findings",
    failLevel: level,
  };
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** "2 errors, 1 warning" (severities with no finding are left out; "no findings" when empty). */
export function countLabel(findings) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) {
    if (Object.prototype.hasOwnProperty.call(counts, finding?.severity)) {
      counts[finding.severity] += 1;
    }
  }
  const parts = [];
  if (counts.error) parts.push(plural(counts.error, "error"));
  if (counts.warning) parts.push(plural(counts.warning, "warning"));
  if (counts.info) parts.push(plural(counts.info, "hint"));
  return parts.length ? parts.join(", ") : "no findings";
}

function text(value) {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/**
 * What the review page shows for one finding: its message, the matched text (null when the finding is about
 * something missing), where it is, and the suggestion (principle and, when requestlint could build one, the
 * replacement text).
 */
export function describeFinding(finding) {
  const span = finding?.span ?? null;
  const hasSpan = span !== null && Number.isFinite(span.line) && Number.isFinite(span.column);
  return {
    code: text(finding?.code) ?? "?",
    name: text(finding?.name),
    pitfall: text(finding?.pitfall),
    severity: text(finding?.severity) ?? "warning",
    message: text(finding?.message) ?? "(no message)",
    match: hasSpan ? text(finding?.match) : null,
    missing: !hasSpan,
    where: hasSpan ? `line ${span.line}, column ${span.column}` : "missing from the draft",
    scope: text(finding?.scope),
    principle: text(finding?.suggestion?.principle),
    replacement: text(finding?.suggestion?.replacement),
  };
}

/**
 * summarize(report, verdict) -> the review page's model: a headline, the counts, the score, and the
 * described findings (those that hold the message back, then the other hints).
 */
export function summarize(report, verdict) {
  const findings = verdict.findings.map(describeFinding);
  const others = verdict.others.map(describeFinding);
  const score = Number.isFinite(report?.score) ? report.score : null;
  const kind = text(report?.kind);
  return {
    headline:
      findings.length === 1
        ? "requestlint found 1 thing to fix before this message goes out"
        : `requestlint found ${findings.length} things to fix before this message goes out`,
    counts: countLabel(verdict.findings),
    failLevel: verdict.failLevel,
    kind,
    score,
    scoreLabel: score === null ? null : `${Math.round(score)}/100`,
    findings,
    others,
  };
}
