// manifest.json is valid JSON, asks only for what the add-on needs, and references only files that exist
// (including everything the pages and scripts load, followed recursively).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = (root = ROOT) => JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));

/** Files the manifest names directly. */
function manifestFiles(m) {
  const files = [];
  if (m.background?.page) files.push(m.background.page);
  for (const script of m.background?.scripts ?? []) files.push(script);
  if (m.options_ui?.page) files.push(m.options_ui.page);
  for (const icon of Object.values(m.icons ?? {})) files.push(icon);
  for (const key of ["browser_action", "compose_action", "message_display_action", "action"]) {
    if (m[key]?.default_popup) files.push(m[key].default_popup);
    for (const icon of Object.values(m[key]?.default_icon ?? {})) files.push(icon);
  }
  return files;
}

/** Files a page or script loads: <script src>, <link href>, static and dynamic imports, runtime.getURL(). */
function referencesOf(path, root = ROOT) {
  const text = readFileSync(join(root, path), "utf8");
  const base = dirname(path);
  const refs = [];
  if (path.endsWith(".html")) {
    for (const m of text.matchAll(/<(?:script|img)\b[^>]*\bsrc="([^"]+)"/g)) refs.push(join(base, m[1]));
    for (const m of text.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)) refs.push(join(base, m[1]));
  } else if (path.endsWith(".js")) {
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+["']([^"']+)["']/gm)) refs.push(join(base, m[1]));
    for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) refs.push(join(base, m[1]));
    // runtime.getURL("path") is relative to the extension root; a query string is not part of the file
    for (const m of text.matchAll(/getURL\(\s*[`"']([^`"'?$]+)/g)) refs.push(m[1]);
  }
  return refs.map((ref) => normalize(ref));
}

function reachableFiles(root = ROOT) {
  const seen = new Set();
  const missing = [];
  const queue = ["manifest.json", ...manifestFiles(manifest(root)).map((f) => normalize(f))];
  while (queue.length) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    if (!existsSync(join(root, path)) || !statSync(join(root, path)).isFile()) {
      missing.push(path);
      continue;
    }
    queue.push(...referencesOf(path, root));
  }
  return { seen, missing };
}

test("manifest.json is valid JSON for a Manifest V2 MailExtension", () => {
  const m = manifest();
  assert.equal(m.manifest_version, 2);
  assert.equal(typeof m.name, "string");
  assert.match(m.version, /^\d+(\.\d+){0,3}$/);
  assert.equal(typeof m.background.page, "string");
  assert.equal(m.options_ui.page, "pages/options.html");
});

test("permissions: compose, notifications, storage and loopback hosts, nothing else", () => {
  const m = manifest();
  for (const permission of ["compose", "notifications", "storage", "http://127.0.0.1/*"]) {
    assert.ok(m.permissions.includes(permission), permission);
  }
  const allowed = new Set(["compose", "notifications", "storage", "http://127.0.0.1/*", "http://localhost/*"]);
  assert.deepEqual(m.permissions.filter((p) => !allowed.has(p)), []);
  assert.equal(m.host_permissions, undefined, "Manifest V2 lists hosts under permissions");
  // Gecko match patterns must not contain a port (they match every port)
  for (const p of m.permissions.filter((p) => p.includes("://"))) assert.doesNotMatch(p, /:\d+\//, p);
});

test("gecko id and strict_min_version", () => {
  const { id, strict_min_version: min } = manifest().browser_specific_settings.gecko;
  assert.match(id, /^[A-Za-z0-9._+-]+@[A-Za-z0-9._-]+$/);
  assert.ok(id.length <= 80);
  assert.match(min, /^\d+\.\d+$/);
  // Thunderbird 128 ESR (and the current 140 ESR); every API used here is older than 128
  assert.equal(Number(min.split(".")[0]), 128);
});

test("every file the manifest references, and everything those files load, exists", () => {
  const { seen, missing } = reachableFiles();
  assert.deepEqual(missing, []);
  for (const expected of [
    "background.html", "background.js", "lib/onsend.js", "lib/draft.js", "lib/gate.js", "lib/client.js",
    "lib/decisions.js", "lib/settings.js", "lib/reviews.js", "pages/review.html", "pages/review.js",
    "pages/options.html", "pages/options.js", "pages/style.css", "icons/icon-48.png",
  ]) {
    assert.ok(seen.has(expected), `${expected} is reachable from manifest.json`);
  }
});

test("the reference walk reports missing files at every level", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "requestlint-manifest-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "pages"));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({
    manifest_version: 2, background: { page: "bg.html" }, options_ui: { page: "pages/o.html" }, icons: { 16: "i.png" },
  }));
  writeFileSync(join(dir, "bg.html"), '<script type="module" src="bg.js"></script>');
  writeFileSync(join(dir, "bg.js"), 'import { a } from "./lib/a.js";\nbrowser.runtime.getURL("pages/r.html?id=1");');
  writeFileSync(join(dir, "pages/o.html"), '<link rel="stylesheet" href="s.css"><script src="../o.js"></script>');
  const { missing } = reachableFiles(dir);
  assert.deepEqual(missing.sort(), ["i.png", "lib/a.js", "o.js", "pages/r.html", "pages/s.css"]);
});

test("icons are PNG files of the size their key says", () => {
  for (const [size, path] of Object.entries(manifest().icons)) {
    const data = readFileSync(join(ROOT, path));
    assert.equal(data.subarray(1, 4).toString("latin1"), "PNG", path);
    assert.equal(data.readUInt32BE(16), Number(size), `${path} width`);
    assert.equal(data.readUInt32BE(20), Number(size), `${path} height`);
  }
});

/** Browser globals used in a module's code (comments and string contents ignored). */
function browserGlobals(source) {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
  return code.match(/\b(browser|messenger|chrome|window|document|navigator|localStorage|location)\b/g) ?? [];
}

test("the browser-globals scan finds globals in code and ignores them in comments and strings", () => {
  assert.deepEqual(browserGlobals("const api = messenger.compose; // window\nwindow.close();"), ["messenger", "window"]);
  assert.deepEqual(browserGlobals('/* document */ const s = "browser"; // chrome'), []);
});

test("lib/ modules use no browser globals (they run in Node and in Thunderbird)", () => {
  const libDir = join(ROOT, "lib");
  for (const name of readdirSync(libDir).filter((n) => n.endsWith(".js"))) {
    const found = browserGlobals(readFileSync(join(libDir, name), "utf8"));
    assert.deepEqual(found, [], `${relative(ROOT, join(libDir, name))} uses ${found}`);
  }
});
