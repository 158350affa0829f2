// Screenshots of the pages people meet most, at phone and laptop widths,
// written to test-output/screenshots/ so a person can look at them.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { outputDir, useSiteAndBrowser } from "./support.mjs";

const PAGES = {
  home: "",
  course: "kurs/renhold-og-smittevern/",
  case: "erfaringer/levanger-arena-arbeid/",
  form: "skjema/pamelding/",
  "course-ar": "ar/kurs/renhold-og-smittevern/",
  "course-en": "en/courses/cleaning-and-infection-control/",
};

const run = useSiteAndBrowser({ before, after });

test("screenshots of home, course, case and form (and the course in Arabic and English) at 360 and 1280 px", async (t) => {
  const dir = outputDir("screenshots");
  await mkdir(dir, { recursive: true });
  for (const width of [360, 1280]) {
    const page = await run.browser.newPage({ viewport: { width, height: 800 } });
    for (const [name, path] of Object.entries(PAGES)) {
      await page.goto(new URL(path, run.site.url).href);
      const file = join(dir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok((await stat(file)).size > 10_000, `${file} has content`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
      if (name.endsWith("-ar")) {
        // Right to left: the heading starts at the right-hand edge of the page.
        const { left, right } = await page.locator("h1").evaluate((h) => h.getBoundingClientRect());
        const edge = await page.locator("main").evaluate((m) => m.getBoundingClientRect().right - parseFloat(getComputedStyle(m).paddingRight));
        assert.ok(Math.abs(right - edge) < 2 && left > 0, `the Arabic heading is not right-aligned (${left}–${right}, edge ${edge})`);
      }
    }
    await page.close();
  }
  t.diagnostic(`screenshots in ${dir}`);
});
