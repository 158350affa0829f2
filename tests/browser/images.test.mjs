// Pictures in a course module as readers meet them on a phone and a
// desktop: the browser fetches the smaller copy that fills the screen, the
// page keeps each picture's place before it loads, and axe finds nothing
// wrong. Runs over a copy of the shipped portal with two pictures added to
// the cleaning course's first module (the portal itself shows none yet).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync, crc32 } from "node:zlib";
import { AXE, BINARY, ROOT, axeViolations, launch, outputDir, serve } from "./support.mjs";

const COURSE = join("content", "kurs", "renhold-og-smittevern");
const MODULE_FILE = join(COURSE, "01-renholdsfaget-og-arbeidslivet.md");
const MODULE_URL = "kurs/renhold-og-smittevern/01-renholdsfaget-og-arbeidslivet/";

let site;
let host;
let browser;

/** A PNG of `width` × `height` whose colours change across it. */
function png(width, height) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows.set([(x * 255) / width, (y * 255) / height, 150], row + 1 + x * 3);
    }
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

before(async () => {
  site = mkdtempSync(join(tmpdir(), "kp-images-"));
  for (const part of ["site.toml", "content", "themes"]) cpSync(join(ROOT, part), join(site, part), { recursive: true });
  mkdirSync(join(site, COURSE, "bilder"), { recursive: true });
  writeFileSync(join(site, COURSE, "bilder", "vogn.png"), png(1600, 900));
  writeFileSync(join(site, COURSE, "bilder", "rom.png"), png(800, 600));
  // The first picture right under the front matter; the second at the end.
  const module = readFileSync(join(site, MODULE_FILE), "utf8");
  const end = module.indexOf("+++", 3) + 4;
  const withPictures =
    module.slice(0, end) +
    "![En renholdsvogn med bøtter og mopper](bilder/vogn.png)\n\n" +
    module.slice(end) +
    "\n![Et rom som er klart til å vaskes](bilder/rom.png)\n";
  writeFileSync(join(site, MODULE_FILE), withPictures);
  execFileSync(BINARY, ["build", "--root", site, "--output-dir", join(site, "public")], { env: { ...process.env, NO_COLOR: "1" } });
  host = await serve(join(site, "public"));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.close();
  rmSync(site, { recursive: true, force: true });
});

/** The module opened at a screen's size and density, its first picture loaded. */
async function openModule(viewport, deviceScaleFactor) {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  const page = await context.newPage();
  await page.goto(new URL(MODULE_URL, host.url).href);
  const picture = page.locator("main img").first();
  await picture.evaluate((img) => (img.complete ? null : new Promise((done) => img.addEventListener("load", done))));
  return { context, page, picture };
}

const fetched = (picture) => picture.evaluate((img) => img.currentSrc.split("/").pop());

test("a phone fetches the copy that fills its screen, a desktop the one that fills the text column", async () => {
  const cases = [
    { name: "phone", viewport: { width: 390, height: 844 }, density: 1, src: "vogn.480w.png" },
    { name: "phone, sharp screen", viewport: { width: 390, height: 844 }, density: 2, src: "vogn.960w.png" },
    { name: "desktop", viewport: { width: 1280, height: 900 }, density: 1, src: "vogn.960w.png" },
    { name: "desktop, sharp screen", viewport: { width: 1280, height: 900 }, density: 2, src: "vogn.png" },
  ];
  mkdirSync(outputDir("screenshots"), { recursive: true });
  for (const wanted of cases) {
    const { context, page, picture } = await openModule(wanted.viewport, wanted.density);
    assert.equal(await fetched(picture), wanted.src, wanted.name);
    const box = await picture.boundingBox();
    assert.ok(box.width <= wanted.viewport.width, `${wanted.name}: the picture fits the screen (${box.width})`);
    assert.ok(Math.abs(box.height - (box.width * 900) / 1600) < 2, `${wanted.name}: drawn in its proportions (${box.width} × ${box.height})`);
    if (wanted.name === "phone") {
      await picture.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(outputDir("screenshots"), "module-with-pictures-phone.png") });
    }
    await context.close();
  }
});

test("each picture keeps its place before it loads, and only the one further down is marked to load lazily", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // Pictures still on their way (their requests are held): the page must
  // already hold their places, so the text does not jump when they come.
  await page.route("**/*.png", () => {});
  await page.goto(new URL(MODULE_URL, host.url).href, { waitUntil: "domcontentloaded" });
  const pictures = page.locator("main img");
  assert.equal(await pictures.count(), 2);
  const first = await pictures.nth(0).boundingBox();
  // A place, not nothing: a picture with no size is 0 × 0 until it comes.
  assert.ok(first.width > 300, `the first picture's place is the column's width: ${first.width}`);
  assert.ok(Math.abs(first.height - (first.width * 900) / 1600) < 2, `the first picture's place: ${first.width} × ${first.height}`);
  const second = pictures.nth(1);
  assert.equal(await second.getAttribute("loading"), "lazy");
  assert.equal(await pictures.nth(0).getAttribute("loading"), null, "the first picture loads with the page");
  const box = await second.boundingBox();
  assert.ok(box.width > 300, `the second picture's place is the column's width: ${box.width}`);
  assert.ok(Math.abs(box.height - (box.width * 600) / 800) < 2, `the second picture's place: ${box.width} × ${box.height}`);
  await context.close();
});

test("axe-core finds no WCAG A/AA violation on the module with pictures", async () => {
  const { context, page } = await openModule({ width: 1280, height: 900 }, 1);
  await page.addScriptTag({ content: readFileSync(AXE, "utf8") });
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), []);
  await context.close();
});
