// The safe fixes of a report, applied to the draft the add-on checked, and the result as compose details.
//
// requestlint's report carries typed edits on its findings (suggestion.edits: start, end, text, safe), with
// offsets in code points of the checked draft ("Subject: <subject>", a blank line, the body). Only safe edits
// (a greeting, text-speak, an emoji, a subject, a sign-off) are applied here, and only to a plain-text message:
// an HTML body was converted to text for the check, so offsets into that text cannot edit the HTML.
//
// Plain ES module with no browser globals.

const SEVERITY_RANK = { error: 2, warning: 1, info: 0 };

/** The UTF-16 index of code point `offset` in `text` (an emoji is one code point, two UTF-16 units). */
export function utf16Index(text, offset) {
  let units = 0;
  let points = 0;
  for (const char of text) {
    if (points >= offset) break;
    units += char.length;
    points += 1;
  }
  return units;
}

/**
 * The safe edits to apply, in UTF-16 offsets: each finding's first safe edit, errors first, then warnings,
 * then hints; an edit that overlaps one already taken, or repeats it, is left out.
 */
export function safeEdits(report, draft) {
  const findings = Array.isArray(report?.findings) ? [...report.findings] : [];
  findings.sort((a, b) => (SEVERITY_RANK[b?.severity] ?? 0) - (SEVERITY_RANK[a?.severity] ?? 0));
  const chosen = [];
  for (const finding of findings) {
    const edit = (finding?.suggestion?.edits ?? []).find((e) => e && e.safe === true);
    if (!edit || !Number.isInteger(edit.start) || !Number.isInteger(edit.end) || typeof edit.text !== "string") continue;
    const start = utf16Index(draft, edit.start);
    const end = utf16Index(draft, edit.end);
    if (end < start || end > draft.length) continue;
    const clashes = chosen.some((c) =>
      start === end || c.start === c.end
        ? start === c.start || (c.start < start && start < c.end) || (start < c.start && c.start < end)
        : start < c.end && c.start < end,
    );
    if (!clashes) chosen.push({ start, end, text: edit.text, code: finding.code });
  }
  return chosen;
}

/** The draft with the edits applied, from the last to the first so that earlier offsets stay right. */
export function applyEdits(draft, edits) {
  let text = draft;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  }
  return text;
}

/** The checked draft split back into its subject and body; null when it no longer has that shape. */
export function splitDraft(draft) {
  const found = /^Subject: ([^\n]*)\n\n/.exec(draft);
  if (!found) return null;
  return { subject: found[1], body: draft.slice(found[0].length) };
}

/**
 * What "Apply the safe fixes" would do to this message: {count, codes, subject, plainTextBody}, or null when
 * there is nothing safe to apply or the message is not plain text.
 */
export function plainTextFixes(details, draft, report) {
  if (details?.isPlainText !== true) return null;
  const edits = safeEdits(report, draft);
  if (edits.length === 0) return null;
  const fixed = splitDraft(applyEdits(draft, edits));
  if (fixed === null) return null;
  return { count: edits.length, codes: edits.map((e) => e.code), subject: fixed.subject, plainTextBody: fixed.body };
}
