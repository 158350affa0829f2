// Shared pieces of the browser tests: the built site, an HTTP server for it
// on 127.0.0.1 (a free port), and headless Chromium driven by playwright-core.

import { createServer } from "node:http";
import { readFile, readdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, extname, relative, sep } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.KP_CHROMIUM || "/usr/bin/chromium";

/** The project's folder. */
export const ROOT = join(import.meta.dirname, "..", "..");

/** The kursportal binary the tests that build or serve a site of their own run. */
export const BINARY = process.env.KP_BINARY || join(ROOT, "target", "debug", "kursportal");

/** axe-core's script, to load into a page before `axeViolations`. */
export const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The rules the portal is held to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** What axe-core, loaded into `page`, finds there against `WCAG_TAGS`. */
export async function axeViolations(page) {
  return page.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: "tag", values: tags } })).violations, WCAG_TAGS);
}

/** The folder `scripts/test.sh` built the shipped portal into. */
export function siteDir() {
  const dir = process.env.KP_SITE_DIR;
  if (!dir || !existsSync(join(dir, "index.html"))) {
    throw new Error(`KP_SITE_DIR must name a built site (got ${dir}); run the tests through scripts/test.sh`);
  }
  return dir;
}

/** Where tests write what a person may want to look at (ignored by git). */
export function outputDir(name) {
  return join(process.env.KP_TEST_OUTPUT || "test-output", name);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".pdf": "application/pdf",
  ".odt": "application/vnd.oasis.opendocument.text",
  ".ods": "application/vnd.oasis.opendocument.spreadsheet",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".zip": "application/zip",
};

/** Serves `dir` like a plain static host: `x/` → `x/index.html`, 404.html for misses. */
export async function serve(dir) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    let file = join(dir, path);
    if (!file.startsWith(dir)) {
      response.writeHead(400).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream", "content-length": body.length });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch {
      const body = await readFile(join(dir, "404.html")).catch(() => Buffer.from("not found"));
      response.writeHead(404, { "content-type": TYPES[".html"] }).end(body);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; scripts/test.sh installs the Debian packages chromium and chromium-driver`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Every HTML page of the site as a URL path: `kurs/a/index.html` → `/kurs/a/`. */
export async function pagePaths(dir) {
  const paths = [];
  async function walk(folder) {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(".html")) {
        const rel = relative(dir, full).split(sep).join("/");
        paths.push("/" + rel.replace(/(^|\/)index\.html$/, "$1"));
      }
    }
  }
  await walk(dir);
  return paths.sort();
}

/** Settings a reader can choose, as the theme's script stores them. */
export function rememberDisplay(context, settings) {
  return context.addInitScript((value) => localStorage.setItem("kp-visning", value), JSON.stringify(settings));
}

/**
 * Serves the built site and starts Chromium before a file's tests, and stops
 * both after them. Returns an object whose `site` and `browser` are set once
 * the tests run.
 */
export function useSiteAndBrowser({ before, after }) {
  const handles = {};
  before(async () => {
    handles.site = await serve(siteDir());
    handles.browser = await launch();
  });
  after(async () => {
    await handles.browser?.close();
    await handles.site?.close();
  });
  return handles;
}

/** "1,2 MB", "143 KB", as a Norwegian course page writes a size. */
export function sizeLabel(bytes) {
  if (bytes < 1024) return `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}
