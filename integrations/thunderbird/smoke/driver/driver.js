// Drives Thunderbird through the add-on's send paths with compose.beginNew + compose.sendMessage and
// reports each result to the fake services' log. The review window is closed by this driver ("Fix the
// draft" path) or answered with the keyboard by run.sh ("Send anyway" path).
const log = (entry) =>
  fetch("http://127.0.0.1:8765/log", { method: "POST", body: JSON.stringify(entry) }).catch(() => {});
const setMode = (mode) => fetch(`http://127.0.0.1:8765/mode/${mode}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// a draft that requestlint serve 0.1.0 recognises as a request (with an error and warnings)
const BODY = "hey,\n\ncan i pick your brain sometime?? also r u hiring interns\n\nKira";

function nextPopup() {
  return new Promise((resolve) => {
    const listener = (win) => {
      if (win.type === "popup") {
        browser.windows.onCreated.removeListener(listener);
        resolve(win);
      }
    };
    browser.windows.onCreated.addListener(listener);
  });
}

async function compose(subject, body) {
  const tab = await browser.compose.beginNew({
    to: ["ann.gable@example.org"], subject, plainTextBody: body, isPlainText: true,
  });
  await sleep(1500);
  return tab;
}

async function send(tab) {
  const started = Date.now();
  try {
    const result = await browser.compose.sendMessage(tab.id, { mode: "sendNow" });
    return { ok: true, ms: Date.now() - started, headerMessageId: result?.headerMessageId ?? null };
  } catch (error) {
    return { ok: false, ms: Date.now() - started, error: String(error?.message ?? error) };
  }
}

async function run() {
  await sleep(8000);
  const addons = (await browser.management.getAll()).filter((a) => a.id.endsWith("@requestlint.invalid"));
  await log({ step: "start", addons: addons.map((a) => [a.id, a.enabled]) });

  await setMode("clean");
  await log({ step: "clean", result: await send(await compose("Cornell student: 20 minutes on policy work?", "Dear Ms. Gable,\n\nI am a junior at Cornell.")) });

  await setMode("findings");
  const tab = await compose("Quick question", BODY);
  let popup = nextPopup();
  let sending = send(tab);
  let win = await popup;
  await log({ step: "review-open", windowId: win.id });
  await sleep(4000);
  await browser.windows.remove(win.id); // closing the review = "Fix the draft"
  await log({ step: "review-closed", result: await sending });

  await fetch("http://127.0.0.1:8766/"); // the next delivery fails, so Send is pressed twice for one draft
  popup = nextPopup();
  sending = send(tab);
  win = await popup;
  await log({ step: "review-open-2", windowId: win.id });
  await log({ step: "send-anyway-first-attempt", result: await sending });
  await sleep(6000); // run.sh dismisses Thunderbird's "Sending of the message failed" dialog
  let popups = 0;
  const count = (w) => {
    if (w.type === "popup") popups += 1;
  };
  browser.windows.onCreated.addListener(count);
  const again = await send(tab);
  browser.windows.onCreated.removeListener(count);
  await log({ step: "send-again-same-draft", result: again, reviewWindowsOpened: popups });

  for (const mode of ["down", "500", "hang"]) {
    await setMode(mode);
    await log({ step: `server-${mode}`, result: await send(await compose(`Quick question (${mode})`, BODY)) });
  }
  await log({ step: "done" });
}

run().catch((error) => log({ step: "driver-error", error: String(error), stack: error?.stack }));
