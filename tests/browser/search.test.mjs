// Search as a reader meets it: the browser's answers equal the command
// line's (`kursportal search`, tantivy itself) for queries an adviser types,
// on the shipped portal and on a generated large site; then the header field
// in headless Chromium: typing, a filter, a result followed with the keyboard,
// axe on the search page with results shown, and titles shown as text.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SearchIndex, query } from "../../themes/standard/static/search.js";
import { AXE, BINARY, ROOT, axeViolations, serve, siteDir, useSiteAndBrowser } from "./support.mjs";


/** What an adviser types: one word, the start of one, a typo, a compound's
    tail, two words, in every language. */
const SHIPPED_QUERIES = [
  ["nb", "renh"], ["nb", "renhold"], ["nb", "renhold og smittevern"], ["nb", "dagligv"],
  ["nb", "dagligvarebutikk"], ["nb", "smitevern"], ["nb", "karrierelop"], ["nb", "karriereløp"],
  ["nb", "kursbevis"], ["nb", "levanger"], ["nb", "matfag"], ["nb", "bransjen"],
  ["nb", "kursene"], ["nb", "kurs"], ["nb", "opplaering"], ["nb", "norsk på arbeidsplassen"],
  ["nb", "praksis"], ["nb", "kjemikalier"], ["nb", "frivillig"], ["nb", "timeplan"],
  ["nb", "arbeidspraksiss"], ["nb", "språkpraksis kvinner"],
  ["nn", "reinhald"], ["nn", "kursa"], ["nn", "arbeidsliv"], ["nn", "opplæring"],
  ["en", "cleaning"], ["en", "grocery"], ["en", "courses"], ["en", "work placement"],
  ["en", "cleanin"], ["en", "infection"], ["en", "volunter"],
  ["ar", "التنظيف"], ["ar", "تنظيف"], ["ar", "الدورة"], ["ar", "العمل"],
];

/** The same kinds of query on the generated site (bench/sitegen.py's words). */
const LARGE_SITE_QUERIES = [
  ["nb", "renhold"], ["nb", "renh"], ["nb", "renholderen"], ["nb", "smitevern"], ["nb", "dagligv"],
  ["nb", "dagligvarebutikk"], ["nb", "bransjen"], ["nb", "butikk kunde"], ["nb", "kundene"],
  ["nb", "matproduksjon"], ["nb", "mattryghet"], ["nb", "sjømat"], ["nb", "sjomat"], ["nb", "havbruk laks"],
  ["nb", "helsefagarbeider"], ["nb", "helse"], ["nb", "sykehjem"], ["nb", "pasientene"], ["nb", "kurs"],
  ["nb", "kursene"], ["nb", "opplæring"], ["nb", "opplaering"], ["nb", "arbeidspraksis"], ["nb", "norsk arbeidsplassen"],
  ["en", "cleaning"], ["en", "cleanin"], ["en", "grocery"], ["en", "customers"], ["en", "food safety"],
  ["en", "nursing home"], ["en", "aquacultre"], ["en", "health"],
];

/** The browser's reader, over a built site's files. */
function browserIndex(site, language) {
  const folder = join(site, "sok-indeks", language);
  const meta = readdirSync(folder).find((name) => name.startsWith("meta."));
  return new SearchIndex(pathToFileURL(join(folder, meta)).href, async (url) => {
    const bytes = await readFile(new URL(url));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  });
}

async function browserTopTen(site, language, text) {
  const index = browserIndex(site, language);
  const { hits } = await query(index, text);
  const top = hits.slice(0, 10);
  const rows = await index.rows(top.map((h) => h.doc));
  return top.map((h) => ({ url: rows.get(h.doc)[0], score: h.score }));
}

function commandLineTopTen(root, language, text) {
  const out = execFileSync(BINARY, ["search", text, "--root", root, "--lang", language, "--json", "--limit", "10"], { encoding: "utf8" });
  return JSON.parse(out).map((h) => ({ url: h.url, score: h.score }));
}

/** Scores agree to a millionth: tantivy computes `ln` with the C library's
    `logf`, the browser with `Math.log`, and the two may differ in the last
    bit of a 32-bit float. Ties are exact in both (the same terms give the
    same sums), so the order is the same. */
function sameAnswer(a, b) {
  return a.length === b.length && a.every((hit, i) => hit.url === b[i].url && Math.abs(hit.score - b[i].score) <= 1e-6 * Math.max(1, hit.score));
}

async function assertSameAnswers(site, root, queries) {
  const differences = [];
  let answered = 0;
  const show = (hits) => hits.map((h) => `${h.url} ${h.score}`).join(", ");
  for (const [language, text] of queries) {
    const cli = commandLineTopTen(root, language, text);
    const browser = await browserTopTen(site, language, text);
    if (cli.length > 0) answered++;
    if (!sameAnswer(cli, browser)) {
      differences.push(`${language} «${text}»\n  command line: ${show(cli)}\n  browser:      ${show(browser)}`);
    }
  }
  assert.deepEqual(differences, [], differences.join("\n"));
  // Parity over empty answers would prove nothing.
  assert.ok(answered >= queries.length - 2, `only ${answered} of ${queries.length} queries found anything`);
}

describe("the browser answers as the command line does", () => {
  test("on the shipped portal: the same ten pages, in the same order, with the same scores", async () => {
    assert.ok(SHIPPED_QUERIES.length >= 30);
    await assertSameAnswers(siteDir(), ROOT, SHIPPED_QUERIES);
  });

  test("on a generated large site", async () => {
    const root = mkdtempSync(join(tmpdir(), "kp-search-large-"));
    try {
      // bench/sitegen.py: the benchmark's generated portal, 600 pages per language.
      execFileSync("python3", [join(ROOT, "bench", "sitegen.py"), root, "600"], { stdio: "ignore" });
      const site = join(root, "public");
      execFileSync(BINARY, ["build", "--root", root, "--output-dir", site], { stdio: "ignore" });
      assert.ok(LARGE_SITE_QUERIES.length >= 30);
      await assertSameAnswers(site, root, LARGE_SITE_QUERIES);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

const run = useSiteAndBrowser({ before, after });

describe("the search field", () => {
  test("typing in the header finds the course, a filter narrows, the keyboard follows a result", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(new URL("kurs/", run.site.url).href);
    await page.fill("header input[type=search]", "renh");
    const first = page.locator("[data-search-panel] .search-results li a").first();
    await first.waitFor();
    assert.equal((await first.textContent()).trim(), "Renhold og smittevern");
    const status = page.locator("[data-search-panel] [role=status]");
    assert.match(await status.textContent(), /^\d+ treff for «renh»$/);
    assert.ok(await page.locator("[data-search-panel] mark").count() > 0, "excerpts mark the matched words");

    const before = await page.locator("[data-search-panel] .search-results li").count();
    const course = page.locator("[data-search-panel] .search-filters input[value='kind/course']");
    await course.check();
    await page.waitForFunction(() => document.querySelectorAll("[data-search-panel] .search-results li").length === 1);
    assert.match(await status.textContent(), /^1 treff/);
    assert.ok(before > 1);

    await page.focus("header input[type=search]");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/kurs\/renhold-og-smittevern\/$/);
    assert.equal(await page.locator("h1").textContent(), "Renhold og smittevern");
    await page.close();
  });

  test("on a phone the header, search field included, leaves the page's heading on the first screen", async () => {
    const page = await run.browser.newPage({ viewport: { width: 360, height: 640 } });
    for (const path of ["kurs/renhold-og-smittevern/", "en/courses/cleaning-and-infection-control/", "ar/kurs/renhold-og-smittevern/"]) {
      await page.goto(new URL(path, run.site.url).href);
      const field = await page.locator("header input[type=search]").boundingBox();
      const heading = await page.locator("main h1").boundingBox();
      assert.ok(field && field.y + field.height <= 640, `${path}: the search field is on the first screen`);
      assert.ok(heading.y + Math.min(heading.height, 40) <= 640, `${path}: the heading starts at ${heading.y}px, below the first screen`);
    }
    await page.close();
  });

  test("the search page answers ?q= and axe finds no violation with results shown", async () => {
    const context = await run.browser.newContext({ viewport: { width: 360, height: 800 } });
    await context.addInitScript({ path: AXE });
    const page = await context.newPage();
    for (const path of ["sok/?q=dagligv", "ar/sok/?q=التنظيف"]) {
      await page.goto(new URL(path, run.site.url).href);
      await page.locator("main .search-results li").first().waitFor();
      await page.locator("main .search-filters summary").click();
      const violations = await axeViolations(page);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], path);
    }
    await context.close();
  });

  test("without JavaScript the search page lists every page from A to Å", async () => {
    const context = await run.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(new URL("sok/?q=renhold", run.site.url).href);
    const titles = await page.locator(".a-to-z-list li a").allTextContents();
    assert.ok(titles.includes("Renhold og smittevern"));
    const nb = readdirSync(join(siteDir(), "sok-indeks", "nb")).length;
    assert.ok(nb > 0);
    const letters = await page.locator(".letters a").allTextContents();
    assert.deepEqual([...letters].sort((a, b) => a.localeCompare(b, "nb")), letters, "letters in Norwegian order, Æ Ø Å last");
    await context.close();
  });
});

describe("text from content is shown as text", () => {
  test("a title with markup in it is escaped in results", async () => {
    const root = mkdtempSync(join(tmpdir(), "kp-search-escape-"));
    try {
      writeFileSync(join(root, "site.toml"), 'title = "T"\nbase_url = "https://x.example/"\ndefault_language = "nb"\n[languages.nb]\nname = "Bokmål"\n');
      mkdirSync(join(root, "content"));
      writeFileSync(join(root, "content", "_index.md"), '+++\ntitle = "Hjem"\n+++\nVelkommen.\n');
      writeFileSync(join(root, "content", "farlig.md"), '+++\ntitle = "<img src=x onerror=alert(1)> renhold"\nsummary = "<b>fet</b> renhold"\n+++\nOm renhold og <script>alert(2)</script>.\n');
      const site = join(root, "public");
      execFileSync(BINARY, ["build", "--root", root, "--output-dir", site], { stdio: "ignore" });
      const server = await serve(site);
      const page = await run.browser.newPage();
      const dialogs = [];
      page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
      await page.goto(`${server.url}sok/?q=renhold`);
      const link = page.locator("main .search-results li a").first();
      await link.waitFor();
      assert.equal(await link.textContent(), "<img src=x onerror=alert(1)> renhold");
      assert.equal(await page.locator("main .search-results img").count(), 0);
      assert.deepEqual(dialogs, []);
      await page.close();
      await server.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
