// The documented build command produces an .xpi with the extension and without tests or dev files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const haveZip = spawnSync("zip", ["-v"]).status === 0 && spawnSync("unzip", ["-v"]).status === 0;

test("build-xpi.sh packs the extension without tests", { skip: haveZip ? false : "zip/unzip not installed" }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), "requestlint-xpi-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const xpi = join(dir, "requestlint-thunderbird.xpi");
  execFileSync("sh", [join(ROOT, "build-xpi.sh"), xpi], { stdio: "pipe" });
  const entries = execFileSync("unzip", ["-Z1", xpi], { encoding: "utf8" }).split("\n").filter(Boolean);
  const files = entries.filter((e) => !e.endsWith("/")).sort();
  assert.deepEqual(files, [
    "background.html",
    "background.js",
    "icons/icon-16.png",
    "icons/icon-32.png",
    "icons/icon-48.png",
    "icons/icon-64.png",
    "lib/client.js",
    "lib/decisions.js",
    "lib/draft.js",
    "lib/fixes.js",
    "lib/gate.js",
    "lib/onsend.js",
    "lib/reviews.js",
    "lib/settings.js",
    "manifest.json",
    "pages/options.html",
    "pages/options.js",
    "pages/review.html",
    "pages/review.js",
    "pages/style.css",
  ]);
  // manifest.json sits at the root of the archive and is valid JSON there too
  const packed = JSON.parse(execFileSync("unzip", ["-p", xpi, "manifest.json"], { encoding: "utf8" }));
  assert.equal(packed.manifest_version, 2);
});
