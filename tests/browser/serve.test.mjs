// `kursportal serve` as an editor meets it: a course open in headless
// Chromium reloads by itself after the course's Markdown is saved (keeping
// where the reader was), a changed stylesheet is swapped without a reload,
// broken front matter shows a dialog with the problem over the page (axe
// finds nothing wrong with it; Escape hides it), and fixing the file clears
// it. Runs over a copy of the shipped portal, so the real content is never
// touched.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AXE, BINARY, ROOT, axeViolations, launch, outputDir } from "./support.mjs";

const COURSE = join("content", "kurs", "renhold-og-smittevern", "index.md");
const PATIENCE = 20000;

let site;
let server;
let url;
let browser;

async function freePort() {
  const probe = createServer();
  await new Promise((ok) => probe.listen(0, "127.0.0.1", ok));
  const { port } = probe.address();
  await new Promise((ok) => probe.close(ok));
  return port;
}

before(async () => {
  site = mkdtempSync(join(tmpdir(), "kp-serve-"));
  for (const part of ["site.toml", "content", "themes"]) cpSync(join(ROOT, part), join(site, part), { recursive: true });
  const port = await freePort();
  server = spawn(BINARY, ["serve", "--root", site, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  url = await new Promise((ok, fail) => {
    let said = "";
    server.stdout.on("data", (chunk) => {
      said += chunk;
      const found = said.match(/Preview at (\S+)/);
      if (found) ok(found[1]);
    });
    server.on("exit", (code) => fail(new Error(`serve stopped (${code}): ${said}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(site, { recursive: true, force: true });
});

function edit(path, change) {
  const file = join(site, path);
  writeFileSync(file, change(readFileSync(file, "utf8")));
}

test("a course page follows its Markdown as it is saved, broken or not", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ path: AXE });
  const page = await context.newPage();
  await page.goto(`${url}kurs/renhold-og-smittevern/`);
  await page.locator("html[data-live-reload=on]").waitFor({ state: "attached", timeout: PATIENCE });
  await page.evaluate(() => window.scrollTo(0, 600));
  await page.evaluate(() => (window.notReloaded = true));

  // A saved edit: the page reloads by itself, where the reader was.
  const original = readFileSync(join(site, COURSE), "utf8");
  edit(COURSE, (text) => `${text}\nEn setning skrevet mens siden var åpen.\n`);
  await page.waitForFunction(() => document.body.textContent.includes("En setning skrevet mens siden var åpen."), null, { timeout: PATIENCE });
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, "the page reloaded");
  await page.waitForFunction(() => window.scrollY > 500, null, { timeout: PATIENCE });

  // A stylesheet change is swapped in without a reload, on a page that shows
  // nothing made from it (a course page, which names the size of its pack,
  // and the pack holds the stylesheet, reloads instead).
  await page.goto(`${url}kurs/renhold-og-smittevern/02-smitte-og-smittevern/`);
  await page.locator("html[data-live-reload=on]").waitFor({ state: "attached", timeout: PATIENCE });
  await page.evaluate(() => (window.notReloaded = true));
  const before = await page.getAttribute('link[rel="stylesheet"]', "href");
  edit(join("themes", "standard", "static", "style.css"), (css) => `${css}\nbody { outline: 3px solid rgb(1, 2, 3); }\n`);
  await page.waitForFunction((old) => document.querySelector('link[rel="stylesheet"]').getAttribute("href") !== old, before, { timeout: PATIENCE });
  assert.equal(await page.evaluate(() => window.notReloaded), true, "no reload for a stylesheet");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, { timeout: PATIENCE });

  await page.goto(`${url}kurs/renhold-og-smittevern/`);
  await page.locator("html[data-live-reload=on]").waitFor({ state: "attached", timeout: PATIENCE });

  // Broken front matter: a dialog over the page names the file and line.
  edit(COURSE, (text) => text.replace('title = "Renhold og smittevern"', 'title = "Renhold og smittevern'));
  const dialog = page.locator("dialog[data-kursportal-serve]");
  await dialog.waitFor({ state: "visible", timeout: PATIENCE });
  const said = await dialog.textContent();
  assert.match(said, /content\/kurs\/renhold-og-smittevern\/index\.md:2/);
  assert.match(await dialog.locator("h2").textContent(), /kunne ikke bygges/);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "DIALOG", "focus is moved to the dialog");
  assert.ok(await page.locator("h1").textContent(), "the last good page stays under it");
  mkdirSync(outputDir("screenshots"), { recursive: true });
  await page.screenshot({ path: join(outputDir("screenshots"), "serve-problem-dialog.png") });
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), []);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden", timeout: PATIENCE });

  // The fix clears it, and the page shows the fixed text.
  writeFileSync(join(site, COURSE), `${original}\nRettet igjen.\n`);
  await page.waitForFunction(() => document.body.textContent.includes("Rettet igjen."), null, { timeout: PATIENCE });
  assert.equal(await page.locator("dialog[data-kursportal-serve]").count(), 0);
  await context.close();
});
