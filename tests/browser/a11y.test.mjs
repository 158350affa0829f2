// WCAG 2.0/2.1 A and AA rules of axe-core on every page of the built portal,
// at 360 px and 1280 px wide and in the high-contrast mode: 0 violations.

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { pagePaths, rememberDisplay, siteDir, useSiteAndBrowser } from "./support.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const MODES = [
  { name: "360 px", width: 360, height: 800, settings: {} },
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
      const paths = await pagePaths(siteDir());
      const problems = [];
      for (const path of paths) {
        await page.goto(new URL(path.slice(1), run.site.url).href);
        const violations = await page.evaluate(
          async (tags) => (await window.axe.run(document, { runOnly: { type: "tag", values: tags } })).violations,
          TAGS,
        );
        for (const v of violations) {
          for (const node of v.nodes) {
            problems.push(`${path}: ${v.id} (${v.help}) at ${node.target.join(" ")}\n    ${node.failureSummary?.split("\n").join("\n    ")}`);
          }
        }
      }
      await context.close();
      assert.ok(paths.length > 10, `expected the whole portal, found ${paths.length} pages`);
      assert.deepEqual(problems, [], `${problems.length} accessibility violations (${mode.name}):\n${problems.join("\n")}`);
    });
  }
});
