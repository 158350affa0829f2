// WCAG 2.0/2.1 A and AA rules of axe-core on every page of the built portal,
// at 320 px (README: "work on phones from 320 px", where no page may
// scroll sideways) and 1280 px wide and in the high-contrast mode: 0 violations.
// On the way, as a privacy check: no page asks anything of another origin
// (fonts, scripts, trackers) and none sets a cookie; and the high-contrast
// run is checked to really be in high contrast when axe looks.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AXE, axeViolations, pagePaths, rememberDisplay, siteDir, useSiteAndBrowser } from "./support.mjs";

const MODES = [
  { name: "320 px", width: 320, height: 800, settings: {} },
  { name: "1280 px", width: 1280, height: 900, settings: {} },
  { name: "high contrast", width: 1280, height: 900, settings: { contrast: true } },
];

const run = useSiteAndBrowser({ before, after });

// The three modes run side by side; each has its own browser context.
describe("accessibility", { concurrency: MODES.length }, () => {
  for (const mode of MODES) {
    test(`axe-core finds no WCAG A/AA violation on any page (${mode.name})`, async () => {
      const context = await run.browser.newContext({ viewport: { width: mode.width, height: mode.height } });
      await rememberDisplay(context, mode.settings);
      await context.addInitScript({ path: AXE });
      const page = await context.newPage();
      const origin = new URL(run.site.url).origin;
      const elsewhere = [];
      context.on("request", (request) => {
        const url = new URL(request.url());
        if (!["data:", "blob:", "about:"].includes(url.protocol) && url.origin !== origin) {
          elsewhere.push(`${page.url()} asked ${request.url()}`);
        }
      });
      const paths = await pagePaths(siteDir());
      const problems = [];
      const wrongMode = [];
      for (const path of paths) {
        await page.goto(new URL(path.slice(1), run.site.url).href);
        const contrast = await page.evaluate(() => ({
          mode: document.documentElement.dataset.contrast ?? null,
          background: getComputedStyle(document.body).backgroundColor,
          cookie: document.cookie,
          wide: document.documentElement.scrollWidth - window.innerWidth,
        }));
        if (contrast.wide > 0) problems.push(`${path}: ${contrast.wide} px wider than the ${mode.width} px window`);
        const high = contrast.mode === "high" && contrast.background === "rgb(0, 0, 0)";
        if (high !== Boolean(mode.settings.contrast)) wrongMode.push(`${path}: ${JSON.stringify(contrast)}`);
        if (contrast.cookie !== "") problems.push(`${path}: sets the cookie ${contrast.cookie}`);
        const violations = await axeViolations(page);
        for (const v of violations) {
          for (const node of v.nodes) {
            problems.push(`${path}: ${v.id} (${v.help}) at ${node.target.join(" ")}\n    ${node.failureSummary?.split("\n").join("\n    ")}`);
          }
        }
      }
      const cookies = await context.cookies();
      await context.close();
      assert.ok(paths.length > 10, `expected the whole portal, found ${paths.length} pages`);
      assert.deepEqual(wrongMode, [], `pages not in the mode axe was meant to check (${mode.name})`);
      assert.deepEqual(elsewhere, [], "requests to another origin");
      assert.deepEqual(cookies, [], "cookies set");
      assert.deepEqual(problems, [], `${problems.length} accessibility violations (${mode.name}):\n${problems.join("\n")}`);
    });
  }
});
