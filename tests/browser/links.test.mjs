// Every link, image, stylesheet, script and download on every page answers
// HTTP 200 from the test server, and every #anchor exists on its target page.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pagePaths, siteDir, useSiteAndBrowser } from "./support.mjs";

const run = useSiteAndBrowser({ before, after });

/** What a page refers to, resolved by the browser, and the ids it has. */
async function readPage(page, url) {
  await page.goto(url);
  return page.evaluate(() => ({
    refs: [
      ...[...document.querySelectorAll("a[href], link[href]")].map((el) => el.href),
      ...[...document.querySelectorAll("script[src], img[src], source[src], iframe[src]")].map((el) => el.src),
    ],
    ids: [...document.querySelectorAll("[id]")].map((el) => el.id),
  }));
}

test("every internal link and asset resolves, and every anchor exists", async () => {
  const page = await run.browser.newPage();
  const paths = await pagePaths(siteDir());
  const pages = new Map();
  for (const path of paths.filter((p) => p !== "/404.html")) {
    const url = new URL(path.slice(1), run.site.url).href;
    pages.set(url, await readPage(page, url));
  }
  const status = new Map();
  const broken = [];
  for (const [from, { refs }] of pages) {
    for (const ref of refs) {
      const target = new URL(ref);
      if (target.origin !== new URL(run.site.url).origin) continue;
      const fragment = decodeURIComponent(target.hash.slice(1));
      target.hash = "";
      if (!status.has(target.href)) status.set(target.href, (await fetch(target.href, { method: "HEAD" })).status);
      const code = status.get(target.href);
      const where = new URL(from).pathname;
      if (code !== 200) broken.push(`${where} -> ${target.pathname}: HTTP ${code}`);
      else if (fragment && !pages.get(target.href)?.ids.includes(fragment)) {
        broken.push(`${where} -> ${target.pathname}#${fragment}: no element with that id`);
      }
    }
  }
  assert.ok(status.size > 100, `expected many links, checked ${status.size}`);
  assert.deepEqual(broken, [], `${broken.length} broken references:\n${broken.join("\n")}`);
});
