// The review window: lists the findings that hold the message back and returns the person's choice to the
// background page, which answers Thunderbird's onBeforeSend (cancel for "Fix the draft").

const api = globalThis.messenger ?? globalThis.browser;
const id = new URLSearchParams(location.search).get("id");
let chosen = false;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function renderFinding(finding) {
  const item = element("li", finding.severity);
  const head = element("div");
  head.append(element("span", "badge", finding.severity), element("span", "message", finding.message));
  item.append(head);

  const where = element("div", "where");
  if (finding.match !== null) {
    const match = element("span", "match");
    match.append("Matched ", element("q", null, finding.match), ` (${finding.where})`);
    where.append(match);
  } else {
    where.append(finding.where);
  }
  where.append(element("span", "code", ` · ${finding.code}${finding.name ? ` ${finding.name}` : ""}`));
  item.append(where);

  if (finding.principle || finding.replacement) {
    const suggestion = element("div", "suggestion");
    if (finding.principle) suggestion.append(element("span", null, `Suggestion: ${finding.principle}`));
    if (finding.replacement) suggestion.append(element("span", "replacement", finding.replacement));
    item.append(suggestion);
  }
  return item;
}

async function choose(choice) {
  if (chosen) return;
  chosen = true;
  for (const button of document.querySelectorAll("button")) button.disabled = true;
  try {
    await api.runtime.sendMessage({ type: "requestlint:choose", id, choice });
  } finally {
    window.close();
  }
}

async function main() {
  const payload = await api.runtime.sendMessage({ type: "requestlint:review", id });
  const headline = document.getElementById("headline");
  if (!payload) {
    headline.textContent = "This review is no longer open.";
    document.getElementById("send").hidden = true;
    document.getElementById("fix").textContent = "Close";
    document.getElementById("fix").addEventListener("click", () => window.close());
    return;
  }
  const { summary, subject } = payload;
  headline.textContent = summary.headline;
  const meta = [];
  meta.push(subject ? `“${subject}”` : "(no subject)");
  if (summary.kind) meta.push(summary.kind);
  if (summary.scoreLabel) meta.push(`score ${summary.scoreLabel}`);
  meta.push(summary.counts);
  meta.push(`holding back at: ${summary.failLevel}`);
  document.getElementById("meta").textContent = meta.join(" · ");

  document.getElementById("findings").append(...summary.findings.map(renderFinding));
  if (summary.others.length > 0) {
    document.getElementById("others-box").hidden = false;
    document.getElementById("others-label").textContent =
      `${summary.others.length} more below the fail level`;
    document.getElementById("others").append(...summary.others.map(renderFinding));
  }

  if (payload.fixes) {
    const apply = document.getElementById("apply");
    apply.hidden = false;
    apply.textContent = `Apply ${payload.fixes.count} safe fix${payload.fixes.count === 1 ? "" : "es"} (${payload.fixes.codes.join(", ")})`;
    apply.addEventListener("click", () => choose("apply"));
  }
  document.getElementById("fix").addEventListener("click", () => choose("fix"));
  document.getElementById("send").addEventListener("click", () => choose("send"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") choose("fix");
  });
  document.getElementById("fix").focus();
}

main();
