// A course pack as a municipal adviser uses it: downloaded from the course
// page, unpacked, opened with no network, its pages followed, its forms
// printed blank.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { outputDir, siteDir, sizeLabel, useSiteAndBrowser } from "./support.mjs";

const run = useSiteAndBrowser({ before, after });
const COURSE = "kurs/renhold-og-smittevern/";

test("the cleaning course's pack downloads at the size its button says, and works offline", async () => {
  const online = await run.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await online.newPage();
  await page.goto(new URL(COURSE, run.site.url).href);
  const button = page.getByRole("link", { name: /^Last ned kurspakke/ });
  const label = await button.locator(".file-meta").innerText();
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const name = download.suggestedFilename();
  assert.equal(name, "kurspakke-renhold-og-smittevern.zip");
  const saved = await readFile(await download.path());
  const published = await readFile(join(siteDir(), COURSE, name));
  assert.ok(saved.equals(published), "the download is the published pack");
  assert.equal(label, `(ZIP, ${sizeLabel(saved.length)})`, "the button names the pack's real size");
  await online.close();

  const dir = await mkdtemp(join(tmpdir(), "kurspakke-"));
  try {
    const zip = join(dir, name);
    await import("node:fs/promises").then((fs) => fs.writeFile(zip, saved));
    // Python's zipfile unpacks as any archive tool would (python3 is on every machine the tests run on).
    execFileSync("python3", ["-m", "zipfile", "-e", zip, dir]);
    const folder = join(dir, "kurspakke-renhold-og-smittevern");
    assert.ok((await readFile(join(folder, "LESMEG.txt"), "utf8")).includes("index.html"));

    // No network: the context is offline, and any request that is not a file in the pack fails and is noted.
    const offline = await run.browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    const leaving = [];
    await offline.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file://")) return route.continue();
      leaving.push(url);
      return route.abort();
    });
    const pack = await offline.newPage();
    const failed = [];
    pack.on("requestfailed", (request) => failed.push(request.url()));
    await pack.goto(pathToFileURL(join(folder, "index.html")).href);
    assert.equal(await pack.locator("h1").innerText(), "Renhold og smittevern");
    const styled = await pack.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
    assert.notEqual(styled, "rgba(0, 0, 0, 0)", "the theme's stylesheet is inside the page");

    await pack.locator("#moduler + ol a").first().click();
    assert.match(await pack.locator(".eyebrow").innerText(), /^Modul 1 av \d+/);
    await pack.locator("a[rel=next]").click();
    assert.match(await pack.locator(".eyebrow").innerText(), /^Modul 2 av \d+/);
    await pack.getByRole("link", { name: "Tilbake til kurset" }).click();
    assert.equal(await pack.locator("h1").innerText(), "Renhold og smittevern");

    await pack.locator("#maler ~ ul.cards a").first().click();
    const templateFile = pack.locator("#last-ned + ul a").first();
    const href = await templateFile.getAttribute("href");
    await stat(new URL(href, pack.url()));

    await pack.getByRole("navigation", { name: "Innhold i pakka" }).getByRole("link", { name: "Påmelding til arbeidsrettet kurs" }).click();
    assert.equal(await pack.locator("h1").innerText(), "Påmelding til arbeidsrettet kurs");
    assert.ok((await pack.locator(".blank-line").count()) >= 5, "a line to write on for each answer");
    assert.equal(await pack.locator("input, textarea, select").count(), 0, "a sheet to fill by hand");
    await pack.emulateMedia({ media: "print" });
    assert.equal(await pack.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display), "none");
    await mkdir(outputDir("print"), { recursive: true });
    const pdf = join(outputDir("print"), "blankt-skjema-fra-kurspakke.pdf");
    await pack.pdf({ path: pdf, format: "A4" });
    assert.ok((await stat(pdf)).size > 5000, "the blank form prints");

    assert.deepEqual(leaving, [], "nothing in the pack reaches for the network");
    assert.deepEqual(failed, [], "every file the pages load is in the pack");
    await offline.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
