// Reads the smoke test's log and says, step by step, whether Thunderbird and the add-on did what they should.
import { readFileSync } from "node:fs";

const entries = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
const step = (name) => entries.find((e) => e.ev === "driver" && e.step === name);
const mailed = entries.filter((e) => e.ev === "smtp-message").map((e) => e.subject);
const checks = [];
const expect = (label, ok) => checks.push([label, Boolean(ok)]);

const start = step("start");
expect("both add-ons are enabled", start && start.addons.length === 2 && start.addons.every(([, on]) => on));
expect("clean report: sent", step("clean")?.result.ok && mailed.includes("Cornell student: 20 minutes on policy work?"));
expect("the draft reached the server as 'Subject: ...' + blank line + body",
  entries.some((e) => e.ev === "check" && e.draft === "Subject: Quick question\n\nhey,\n\ncan i pick your brain sometime?? also r u hiring interns\n\nKira"));
expect("findings: the review window opened", step("review-open"));
expect("closing the review cancelled sending",
  step("review-closed")?.result.ok === false && /onBeforeSend/.test(step("review-closed")?.result.error));
expect("Send again: the review opened again", step("review-open-2"));
expect("'Send anyway' handed the message to SMTP (rejected once by the sink)", entries.some((e) => e.ev === "smtp-rejected"));
const again = step("send-again-same-draft");
expect("Send once more, same draft: no review window, sent", again?.result.ok && again.reviewWindowsOpened === 0 && mailed.includes("Quick question"));
for (const mode of ["down", "500", "hang"]) {
  const result = step(`server-${mode}`)?.result;
  expect(`server ${mode}: sent unchecked`, result?.ok && mailed.includes(`Quick question (${mode})`));
}
expect("server hang: held for the 4 s time limit, not longer than 8 s",
  step("server-hang")?.result.ms >= 3500 && step("server-hang")?.result.ms < 8000);
expect("the driver finished", step("done") && !step("driver-error"));

for (const [label, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${label}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
