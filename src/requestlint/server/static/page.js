// The drafting page: checks the draft as the writer types (POST /page/check), shows the findings in the text
// and in a list, applies fixes, explains rules (GET /page/doc/CODE) and grades a class file (POST /grade).
// Every request goes to this server only (the page's Content-Security-Policy allows nothing else).
import {
  applyFix,
  applyFixes,
  debounce,
  errorText,
  kindLine,
  layout,
  readingOrder,
  suggestionLine,
} from "./draft.js";

const TYPING_PAUSE_MS = 350;
const $ = (id) => document.getElementById(id);

const draft = $("draft");
let latest = 0; // number of the last check sent: older answers are dropped
let shown = null; // {text, answer} of the answer on screen

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new Error(errorText(response.status, answer));
  return answer;
}

async function check() {
  const text = draft.value;
  const number = ++latest;
  if (!text.trim()) {
    show(text, null);
    return;
  }
  try {
    const kind = $("kind-choice").value;
    const answer = await postJson("/page/check", kind ? { draft: text, kind } : { draft: text });
    if (number === latest) show(text, answer);
  } catch (error) {
    if (number === latest) {
      setBusy(false);
      showError($("check-error"), `Could not check the draft: ${error.message}`);
    }
  }
}

const checkSoon = debounce(check, TYPING_PAUSE_MS);

function showError(node, message) {
  node.textContent = message;
  node.hidden = !message;
}

/** Tell assistive technology (and tests) whether the results on screen are for the text in the box. */
function setBusy(busy) {
  for (const id of ["summary", "marked", "findings"]) $(id).setAttribute("aria-busy", String(busy));
}

function show(text, answer) {
  shown = answer ? { text, answer } : null;
  setBusy(text !== draft.value);
  showError($("check-error"), "");
  renderSummary(answer);
  renderPitfalls(answer);
  renderMarked(text, answer);
  renderFindings(answer);
  $("fix-all").disabled = !answer || answer.fixes.length === 0;
  $("copy").disabled = !text.trim();
}

function renderSummary(answer) {
  const box = $("summary");
  if (!answer) {
    box.replaceChildren(element("p", { class: "muted", text: "Type or paste a draft to see what to fix." }));
    return;
  }
  const report = answer.report;
  const warnings = report.findings.filter((f) => f.severity !== "info").length;
  const hints = report.findings.length - warnings;
  const counts =
    warnings === 0 && hints === 0
      ? "No findings: nothing to fix."
      : `${warnings} to fix${hints ? `, ${hints} hint${hints === 1 ? "" : "s"}` : ""}.`;
  box.replaceChildren(
    element("p", { class: "score", id: "score", text: `Score ${Math.round(report.score)}/100` }),
    element("p", { id: "kind", text: kindLine(report) }),
    element("p", { id: "counts", text: counts }),
    ...report.notes.map((note) => element("p", { class: "muted", text: note })),
  );
}

function renderPitfalls(answer) {
  const list = $("pitfalls");
  if (!answer) {
    list.replaceChildren();
    return;
  }
  list.replaceChildren(
    ...answer.pitfalls.map((p) => {
      const state = !p.applies ? "not checked" : p.present ? "✗ present" : "✓ not found";
      const css = !p.applies ? "not-applicable" : p.present ? "present" : "absent";
      return element(
        "li",
        { class: css, "data-pitfall": p.id },
        element("span", { class: "state", text: state }),
        ` ${p.label}`,
      );
    }),
  );
}

function renderMarked(text, answer) {
  const box = $("marked");
  if (!answer) {
    box.replaceChildren();
    return;
  }
  const { report, marks } = answer;
  const numbers = findingNumbers(answer);
  const label = (indices) => indices.map((i) => numbers.get(marks[i].finding)).join(",");
  const describe = (indices) => indices.map((i) => report.findings[marks[i].finding]).map((f) => `${f.code}: ${f.message}`);
  const nodes = [];
  for (const item of layout(text, marks)) {
    if (item.type === "pin") {
      nodes.push(element("span", { class: "pin", title: describe(item.marks).join("\n"), text: `missing [${label(item.marks)}]` }));
    } else if (item.marks.length === 0) {
      nodes.push(document.createTextNode(item.text));
    } else {
      const severities = item.marks.map((i) => report.findings[marks[i].finding].severity);
      const worst = ["error", "warning", "info"].find((s) => severities.includes(s));
      nodes.push(element("mark", { class: worst, title: describe(item.marks).join("\n"), text: item.text }));
      // the finding numbers after the last piece of each mark, as in the list below
      const end = item.start + item.text.length;
      const ending = item.marks.filter((i) => marks[i].offset + marks[i].length === end);
      if (ending.length) nodes.push(element("sup", { text: `[${label(ending)}]` }));
    }
  }
  box.replaceChildren(...nodes);
}

function findingNumbers(answer) {
  const order = readingOrder(answer.report.findings, answer.marks);
  return new Map(order.map(({ index }, position) => [index, position + 1]));
}

function renderFindings(answer) {
  const list = $("findings");
  if (!answer) {
    list.replaceChildren();
    return;
  }
  const { report, marks } = answer;
  const markOf = new Map(marks.map((m) => [m.finding, m]));
  list.replaceChildren(
    ...readingOrder(report.findings, marks).map(({ finding, index }) => {
      const mark = markOf.get(index);
      const buttons = element("div", { class: "buttons" });
      if (mark && mark.fix) {
        const label = mark.fix.text ? `Apply fix: “${mark.fix.text}”` : "Apply fix: delete it";
        const apply = element("button", { type: "button", class: "apply", "data-code": finding.code, text: label });
        apply.addEventListener("click", () => applyOne(mark.fix));
        buttons.append(apply);
      }
      const explain = element("button", {
        type: "button",
        class: "secondary explain",
        text: `Explain ${finding.code}`,
        "aria-haspopup": "dialog",
      });
      explain.addEventListener("click", () => openDoc(finding.code));
      buttons.append(explain);
      const where = finding.match ? `“${finding.match}”` : mark && mark.anchored ? "missing" : "";
      return element(
        "li",
        { id: `finding-${index}`, "data-code": finding.code, "data-severity": finding.severity },
        element(
          "p",
          { class: "head" },
          element("span", { class: `sev ${finding.severity}`, text: finding.severity }),
          ` ${finding.code} · ${finding.pitfall}${where ? ` · ${where}` : ""}`,
        ),
        element("p", { class: "message", text: finding.message }),
        element("p", { class: "suggestion", text: suggestionLine(finding.suggestion) }),
        buttons,
      );
    }),
  );
}

function replaceDraft(text) {
  draft.value = text;
  draft.focus();
  checkSoon.cancel();
  check();
}

function applyOne(fix) {
  if (!shown || shown.text !== draft.value) return; // the text changed since: wait for the next check
  replaceDraft(applyFix(draft.value, fix));
}

function correctedDraft() {
  if (!shown || shown.text !== draft.value) return draft.value;
  return applyFixes(draft.value, shown.answer.fixes);
}

async function openDoc(code) {
  const dialog = $("doc");
  $("doc-title").textContent = `Rule ${code}`;
  $("doc-text").textContent = "Loading…";
  dialog.showModal();
  try {
    const response = await fetch(`/page/doc/${encodeURIComponent(code)}`);
    $("doc-text").textContent = response.ok ? await response.text() : `No documentation (${response.status}).`;
  } catch (error) {
    $("doc-text").textContent = `Could not load the documentation: ${error.message}`;
  }
}

async function copyCorrected() {
  const text = correctedDraft();
  const status = $("copy-status");
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch {
    // no clipboard access (a page served over plain HTTP to another machine): select the text for Ctrl+C
    if (text !== draft.value) replaceDraft(text);
    draft.select();
    status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  }
}

// --- class view -------------------------------------------------------------------------------------

let downloads = [];

async function gradeClass(event) {
  event.preventDefault();
  const file = $("class-file").files[0];
  const status = $("class-status");
  showError($("class-error"), "");
  for (const url of downloads) URL.revokeObjectURL(url);
  downloads = [];
  $("class-files").replaceChildren();
  if (!file) return;
  status.textContent = `Grading ${file.name}…`;
  $("grade").disabled = true;
  try {
    const response = await fetch("/grade", {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "X-Filename": encodeURIComponent(file.name) },
      body: file,
    });
    const answer = await response.json().catch(() => null);
    if (!response.ok) throw new Error(errorText(response.status, answer));
    status.textContent = `Graded ${answer.graded} of ${answer.students} submissions. Download:`;
    $("class-files").replaceChildren(
      ...answer.files.map((f) => {
        const url = URL.createObjectURL(new Blob([f.text], { type: `${f.media_type};charset=utf-8` }));
        downloads.push(url);
        return element("li", {}, element("a", { href: url, download: f.name, text: f.name }));
      }),
    );
  } catch (error) {
    status.textContent = "";
    showError($("class-error"), `Could not grade ${file.name}: ${error.message}`);
  } finally {
    $("grade").disabled = false;
  }
}

draft.addEventListener("input", () => {
  // the fixes on screen belong to the text before this edit: none applies until the next check
  for (const button of document.querySelectorAll("#findings button.apply, #fix-all")) button.disabled = true;
  setBusy(true);
  checkSoon();
});
$("kind-choice").addEventListener("change", () => {
  setBusy(true);
  checkSoon.cancel();
  check();
});
$("fix-all").addEventListener("click", () => {
  if (shown && shown.text === draft.value) replaceDraft(correctedDraft());
});
$("copy").addEventListener("click", copyCorrected);
$("doc-close").addEventListener("click", () => $("doc").close());
$("class-form").addEventListener("submit", gradeClass);
if (draft.value.trim()) check(); // a draft the browser restored
