// Page weight: every HTML page with the CSS and JS it loads stays under
// 60 KB uncompressed (images and downloads excluded). Prints the heaviest.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pagePaths, siteDir } from "./support.mjs";

const LIMIT = 60 * 1024;

async function weigh(dir, path) {
  const file = join(dir, path.endsWith("/") ? path + "index.html" : path);
  const html = await readFile(file, "utf8");
  let bytes = Buffer.byteLength(html);
  const assets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"/g)].map((m) => m[1] || m[2]);
  for (const asset of assets) {
    const target = asset.startsWith("/") ? join(dir, asset) : resolve(dirname(file), asset);
    bytes += (await stat(target)).size;
  }
  return { path, bytes };
}

test("every page with its CSS and JS is under 60 KB", async (t) => {
  const dir = siteDir();
  const weights = await Promise.all((await pagePaths(dir)).map((p) => weigh(dir, p)));
  weights.sort((a, b) => b.bytes - a.bytes);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  t.diagnostic(`heaviest pages: ${weights.slice(0, 5).map((w) => `${w.path} ${kb(w.bytes)}`).join(", ")}`);
  const heavy = weights.filter((w) => w.bytes >= LIMIT).map((w) => `${w.path}: ${kb(w.bytes)}`);
  assert.deepEqual(heavy, [], `pages over ${kb(LIMIT)}:\n${heavy.join("\n")}`);
});
