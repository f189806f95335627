// The drafting page's logic without the page: splitting a draft into marked segments, applying fixes,
// wording the summary. No DOM here, so Node's test runner checks it (tests/js/draft.test.mjs).
// Offsets are UTF-16 code units, as the server sends them and as JavaScript strings count.

/** Call `fn` once `ms` after the last call; `cancel()` drops a pending call. */
export function debounce(fn, ms, clock = globalThis) {
  let timer = null;
  const call = (...args) => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  call.cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  return call;
}

/**
 * The draft cut at every mark boundary: [{text, start, marks: [mark indices covering it]}], in order, covering
 * the whole text. Marks may overlap; an empty or out-of-range mark covers nothing.
 */
export function segments(text, marks) {
  const cuts = new Set([0, text.length]);
  const spans = marks.map((mark, index) => {
    const start = Math.max(0, Math.min(text.length, mark.offset));
    const end = Math.max(start, Math.min(text.length, mark.offset + mark.length));
    cuts.add(start);
    cuts.add(end);
    return { index, start, end };
  });
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= start && s.end >= end && s.end > s.start).map((s) => s.index);
    out.push({ text: text.slice(start, end), start, marks: covering });
  }
  return out;
}

/**
 * What the marked draft shows, in order: text pieces ({type: "text", text, start, marks}) with the marks over
 * text, and pins ({type: "pin", marks}) where something missing belongs: before or after the sentence it is
 * anchored on (`mark.belongs`). Mark indices refer to `marks`.
 */
export function layout(text, marks) {
  const overText = marks.map((mark) => (mark.anchored ? { offset: 0, length: 0 } : mark));
  const pinsAt = new Map();
  marks.forEach((mark, index) => {
    if (!mark.anchored) return;
    const at = Math.max(0, Math.min(text.length, mark.belongs === "after" ? mark.offset + mark.length : mark.offset));
    pinsAt.set(at, [...(pinsAt.get(at) ?? []), index]);
  });
  const pieces = segments(text, [...overText, ...[...pinsAt.keys()].map((at) => ({ offset: at, length: 0 }))]);
  const out = [];
  const pin = (at) => {
    if (pinsAt.has(at)) out.push({ type: "pin", marks: pinsAt.get(at) });
  };
  for (const piece of pieces) {
    pin(piece.start);
    out.push({ type: "text", text: piece.text, start: piece.start, marks: piece.marks.filter((i) => i < marks.length) });
  }
  pin(text.length);
  return out;
}

/** The text with one fix applied: `fix.length` code units at `fix.offset` replaced by `fix.text`. */
export function applyFix(text, fix) {
  return text.slice(0, fix.offset) + fix.text + text.slice(fix.offset + fix.length);
}

/** The text with every fix applied that does not overlap another; later ones first, so offsets stay right. */
export function applyFixes(text, fixes) {
  const ordered = [...fixes].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let result = text;
  let limit = Infinity; // the start of the last fix applied: a fix must end before it
  for (const fix of ordered) {
    if (fix.offset + fix.length > limit) continue;
    result = applyFix(result, fix);
    limit = fix.offset;
  }
  return result;
}

const KIND_NAMES = {
  request: "an informational-interview request",
  "follow-up": "a follow-up",
  "thank-you": "a thank-you note",
  other: "other mail",
};

/** "Read as a follow-up (83% sure)": what the tool took the draft for, in words. */
export function kindLine(report) {
  const name = KIND_NAMES[report.kind] ?? report.kind;
  if (report.kind_overridden) return `Checked as ${name}`;
  return `Read as ${name} (${Math.round(report.kind_confidence * 100)}% sure)`;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

/** Findings in the order a writer should read them: errors first, then by position in the draft. */
export function readingOrder(findings, marks) {
  const position = new Map(marks.map((mark) => [mark.finding, mark.offset]));
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] ||
        (position.get(a.index) ?? 0) - (position.get(b.index) ?? 0) ||
        a.index - b.index,
    );
}

/** The suggestion as one line: its principle, and the replacement text when there is one. */
export function suggestionLine(suggestion) {
  const principle = suggestion.principle.trim();
  const replacement = suggestion.replacement;
  if (!replacement) return principle;
  if (replacement.startsWith("(") && replacement.endsWith(")")) return `${principle} ${replacement}`;
  return `${principle}. For example: “${replacement}”`;
}

/** The text of an error answer: FastAPI's {detail: "..."} or {detail: [{msg}]}, or the status. */
export function errorText(status, body) {
  const detail = body && body.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail) && detail.length > 0) return detail.map((d) => d.msg).join("; ");
  return `the server answered ${status}`;
}
