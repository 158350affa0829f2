// Measures, in headless Chromium, the requests and bytes a first one-word
// search query needs on a built site: Pagefind's JS API, and the portal's own
// search client. Run by bench/search.py, which passes a JSON file:
//
//   node bench/search-browser.mjs CONFIG.json
//
//   { "dir": "OUT", "gzip": true, "chromium": "/usr/bin/chromium",
//     "queries": [{"lang": "nb", "q": "renhold"}], "results": 10, "timeout_ms": 20000,
//     "pagefind": {"bundle": "/pagefind/"} | null,
//     "ours": {"pages": {"nb": "/sok/", "en": "/en/search/"}, "index_dir": "sok-index",
//              "from": ["page", "header"], "input": "...", "results": "...", "mark": "...",
//              "type_delay_ms": 0} | null }
//
// and prints one JSON object: {"pagefind": [measurement...], "ours": [...]}.
// Every measurement starts a fresh Chromium with an empty --user-data-dir
// (cold cache). Requests are counted from the moment the search starts (the
// page itself is already loaded): "first" = until the first results are
// there, "ten" = until the first ten results have their data and excerpts.
// For each: the number of requests that reached the server (answers from the
// browser's own cache are listed, not counted), the response bodies as
// decoded (what the scripts get), and the transfer size (body as sent,
// gzip-compressed for text types when "gzip" is on, plus the response
// headers), as counted by the server. /favicon.ico is never counted.

import { createServer } from "node:http";
import { readFile, stat, mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const DIR = resolve(config.dir);
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".pdf": "application/pdf",
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml)|image\/svg)/;

// An empty page that loads nothing itself: the Pagefind API is imported from it, so
// every request counted is Pagefind's. Served from memory, never written.
function benchPage(lang) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Pagefind bench</title>` +
    `<link rel="icon" href="data:,"></head><body><main><h1>Pagefind bench</h1></main></body></html>`;
}

// What the server sent, in order: {path, bytes (headers + body as sent),
// decoded (the file's size), encoded (the body as sent)}. Transfer sizes come
// from here: Chromium reports no body size for a worker's script.
const sent = [];

/** A plain static host for DIR (`x/` → `x/index.html`), gzip for text when asked for. */
async function serve() {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://x");
    const path = decodeURIComponent(url.pathname);
    let body;
    let type;
    let decoded;
    let etag;
    const bench = path.match(/^\/__bench__\/pagefind-([a-z]+)\.html$/);
    if (bench) {
      body = Buffer.from(benchPage(bench[1]));
      type = TYPES[".html"];
    } else {
      let file = join(DIR, path);
      if (!file.startsWith(DIR)) return response.writeHead(400).end();
      try {
        let info = await stat(file);
        if (info.isDirectory()) {
          file = join(file, "index.html");
          info = await stat(file);
        }
        body = await readFile(file);
        type = TYPES[extname(file)] || "application/octet-stream";
        etag = `"${info.size.toString(16)}-${Math.round(info.mtimeMs).toString(16)}"`;
      } catch {
        return response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      }
    }
    decoded = body.length;
    // Like GitHub Pages: ten minutes of caching, then revalidation by ETag.
    const headers = { "content-type": type, "cache-control": "max-age=600" };
    if (etag) headers.etag = etag;
    if (etag && request.headers["if-none-match"] === etag) {
      response.writeHead(304, headers).end();
      sent.push({ path, bytes: Buffer.byteLength(response._header || ""), decoded: 0, encoded: 0 });
      return;
    }
    if (config.gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(request.headers["accept-encoding"] || "")) {
      body = gzipSync(body, { level: 6 });
      headers["content-encoding"] = "gzip";
      headers.vary = "accept-encoding";
    }
    headers["content-length"] = body.length;
    response.writeHead(200, headers);
    response.end(request.method === "HEAD" ? undefined : body);
    sent.push({ path, bytes: body.length + Buffer.byteLength(response._header || ""), decoded, encoded: body.length });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Chromium with a fresh profile, and a log of every request its page makes. */
async function freshBrowser() {
  const profile = await mkdtemp(join(tmpdir(), "kp-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: config.chromium,
    headless: true,
    args: ARGS,
  });
  const page = context.pages()[0] || (await context.newPage());
  sent.length = 0;
  const entries = [];
  const byRequest = new Map();
  const pending = new Set();
  let lastActivity = Date.now();
  const track = (request) => {
    if (new URL(request.url()).pathname === "/favicon.ico") return;
    if (request.url().startsWith("data:")) return;
    const entry = { url: request.url(), done: false, body: 0, transfer: 0, status: 0 };
    byRequest.set(request, entry);
    entries.push(entry);
    pending.add(request);
    lastActivity = Date.now();
  };
  const finish = async (request, failed) => {
    const entry = byRequest.get(request);
    if (!entry) return;
    try {
      const response = await request.response();
      entry.status = response ? response.status() : 0;
      entry.body = response ? (await response.body()).length : 0;
    } catch (error) {
      entry.error = String(error); // the body is taken from the server's log then
    }
    entry.failed = failed;
    entry.done = true;
    pending.delete(request);
    lastActivity = Date.now();
  };
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
  context.on("request", track);
  context.on("requestfinished", (r) => finish(r, false));
  context.on("requestfailed", (r) => finish(r, true));
  /** Waits until no request is in flight and none started for `quiet` ms. */
  const settle = async (quiet = 250, limit = 15000) => {
    const started = Date.now();
    while (Date.now() - started < limit) {
      if (pending.size === 0 && Date.now() - lastActivity >= quiet) return;
      await new Promise((ok) => setTimeout(ok, 25));
    }
  };
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  const quietFor = () => (pending.size ? 0 : Date.now() - lastActivity);
  return { page, entries, settle, close, problems, quietFor };
}

/** Gives each logged request the bytes the server sent for it (by path, in order). */
function attachTransfers(entries) {
  const used = new Set();
  for (const entry of entries) {
    const path = new URL(entry.url).pathname;
    const i = sent.findIndex((s, k) => !used.has(k) && s.path === path);
    if (i < 0) {
      entry.transfer = 0; // never reached the server: the browser's own cache answered
      entry.cached = true;
      continue;
    }
    used.add(i);
    entry.cached = false;
    entry.transfer = sent[i].bytes;
    if (!entry.body) entry.body = sent[i].decoded;
  }
}

function summarize(entries, from, to) {
  attachTransfers(entries);
  const list = entries.slice(from, to);
  const network = list.filter((e) => !e.cached);
  return {
    requests: network.length,
    cached_requests: list.length - network.length,
    body_bytes: network.reduce((s, e) => s + (e.body || 0), 0),
    transfer_bytes: network.reduce((s, e) => s + (e.transfer || 0), 0),
    files: list.map((e) => ({
      path: new URL(e.url).pathname,
      status: e.status,
      body: e.body,
      transfer: e.transfer,
      ...(e.cached ? { cached: true } : {}),
      ...(e.failed ? { failed: true } : {}),
    })),
  };
}

// --- Pagefind ----------------------------------------------------------------

async function measurePagefind(base, { lang, q }) {
  const browser = await freshBrowser();
  try {
    const { page, entries, settle } = browser;
    await page.goto(`${base}/__bench__/pagefind-${lang}.html`, { waitUntil: "load" });
    await settle();
    const start = entries.length;
    const bundle = config.pagefind.bundle;
    const first = await page.evaluate(async ({ q, bundle }) => {
      const t0 = performance.now();
      window.__pf = await import(`${bundle}pagefind.js`);
      const search = await window.__pf.search(q);
      window.__pfResults = search.results;
      const data = search.results.length ? await search.results[0].data() : null;
      return {
        hits: search.results.length,
        ms: performance.now() - t0,
        result: data && { url: data.url, title: data.meta && data.meta.title, excerpt: data.excerpt },
      };
    }, { q, bundle });
    await settle();
    const afterFirst = entries.length;
    const ten = await page.evaluate(async (n) => {
      const t0 = performance.now();
      const data = await Promise.all(window.__pfResults.slice(0, n).map((r) => r.data()));
      return { ms: performance.now() - t0, results: data.map((d) => ({ url: d.url, title: d.meta && d.meta.title })) };
    }, config.results);
    await settle();
    const afterTen = entries.length;
    return {
      lang, q, ok: true, hits: first.hits,
      first: { ...summarize(entries, start, afterFirst), ms: Math.round(first.ms) },
      ten: { ...summarize(entries, start, afterTen), ms: Math.round(first.ms + ten.ms), shown: ten.results.length },
      first_result: first.result,
      top: ten.results,
    };
  } catch (error) {
    return { lang, q, ok: false, error: String(error && error.message || error).split("\n")[0],
             problems: [...browser.problems, ...entries404(browser.entries)].slice(0, 20) };
  } finally {
    await browser.close();
  }
}

// --- the portal's own search client ------------------------------------------
//
// Loads a page of the built site (the language's search page, or its home
// page to use the search field in the header), types the query into the
// search field, and waits for the results list, then for excerpts (marked
// words) in the results; "not available" when the page has no search field.
// The selectors come from bench/search.py (OUR_* constants, or options).
//
// The client draws each result with its excerpt, the best result first and
// the rest as their files arrive, so phases are told apart by when each
// response *ended* (Resource Timing, the page's own clock) against when the
// first result, and then ten (or all, when fewer match), were in the page
// (a MutationObserver):
//   first = responses that ended before the first result was in the page;
//   ten   = responses that ended before ten results were in the page;
//   total = everything until the network is quiet (filters' data and so on).
// Search files the page fetched while loading (a script or index part
// loaded before anyone types) are added to every phase ("preload").

async function measureOurs(base, { lang, q }, from) {
  const ours = config.ours;
  const pagePath = from === "header" ? (lang === "nb" ? "/" : `/${lang}/`) : ours.pages[lang];
  if (!pagePath) return { lang, q, from, ok: false, error: `no search page found for ${lang}` };
  const browser = await freshBrowser();
  try {
    const { page, entries, settle } = browser;
    await page.addInitScript(() => performance.setResourceTimingBufferSize(100000));
    await page.goto(base + pagePath, { waitUntil: "load" });
    await settle();
    const loaded = entries.length;
    const preload = entries.filter((e) => isSearchFile(new URL(e.url).pathname, ours));
    const marked = ours.results.split(",").map((sel) => `${sel.trim()} ${ours.mark}`).join(", ");
    const input = page.locator(ours.input).filter({ visible: true }).first();
    await input.waitFor({ state: "visible", timeout: config.timeout_ms });
    const t0 = await page.evaluate(({ results, n }) => {
      const times = (window.__kpBench = {});
      const check = () => {
        const now = performance.now();
        const shown = document.querySelectorAll(results).length;
        // The count the page announces ("3 594 treff"), once it is there.
        const status = document.querySelector("[data-search-panel] [role=status]");
        const announced = status && /\d/.test(status.textContent) ? Number(status.textContent.replace(/\s/g, "").match(/\d+/)[0]) : Infinity;
        if (times.first === undefined && shown > 0) times.first = now;
        if (times.ten === undefined && shown > 0 && shown >= Math.min(n, announced)) times.ten = now;
      };
      new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
      return performance.now();
    }, { results: ours.results, n: config.results });
    if (ours.type_delay_ms > 0) {
      await input.click();
      await input.pressSequentially(q, { delay: ours.type_delay_ms });
    } else {
      await input.fill(q);
    }
    if (!(await appears(browser, ours.results))) {
      throw new Error(`no result (${ours.results}) appeared after typing "${q}"`);
    }
    const ten = await page.waitForFunction(() => window.__kpBench.ten !== undefined, null, { timeout: config.timeout_ms }).then(() => true, () => false);
    const excerpts = ten && (await appears(browser, marked));
    await settle(500);
    const timing = await page.evaluate(() => ({
      marks: window.__kpBench,
      resources: performance.getEntriesByType("resource").map((e) => ({ url: e.name, end: e.responseEnd })),
    }));
    // Each request after the page load gets the time its response ended.
    const resources = timing.resources;
    const after = entries.slice(loaded);
    for (const entry of after) {
      const i = resources.findIndex((r) => r && r.url === entry.url);
      entry.ended = i >= 0 ? resources[i].end : null; // null: not in the page's timeline (a worker's): counted as needed
      if (i >= 0) resources[i] = null;
    }
    const firstAt = timing.marks.first;
    const marksAt = ten ? timing.marks.ten : Infinity;
    const phase = (until) => {
      const list = after.filter((e) => e.ended === null || e.ended <= until);
      return summarize(list, 0, list.length);
    };
    const total = summarize(after, 0, after.length);
    const withPreload = (part) => {
      const fetched = preload.filter((e) => !e.cached);
      return {
        ...part,
        requests: part.requests + fetched.length,
        body_bytes: part.body_bytes + fetched.reduce((s, e) => s + e.body, 0),
        transfer_bytes: part.transfer_bytes + fetched.reduce((s, e) => s + e.transfer, 0),
        preload_requests: fetched.length,
        files: [...summarize(preload, 0, preload.length).files.map((f) => ({ ...f, preload: true })), ...part.files],
      };
    };
    const found = await page.evaluate(({ results, mark, n }) => {
      const items = [...document.querySelectorAll(results)];
      const status = document.querySelector("[data-search-panel] [role=status]") || document.querySelector("main [role=status]");
      return {
        shown: items.length,
        with_excerpt: items.slice(0, n).filter((item) => item.querySelector(mark)).length,
        status: status ? status.textContent.trim().slice(0, 200) : null,
        top: items.slice(0, n).map((item) => {
          const link = item.querySelector("a[href]");
          return { url: link ? new URL(link.href).pathname : null, title: (link || item).textContent.trim().slice(0, 120) };
        }),
      };
    }, { results: ours.results, mark: ours.mark, n: config.results });
    const hits = found.status && /\d/.test(found.status) ? Number(found.status.replace(/\s/g, "").match(/\d+/)[0]) : found.shown;
    return {
      lang, q, from, ok: true, hits, page: pagePath, status: found.status, shown: found.shown,
      page_load: summarize(entries, 0, loaded),
      first: { ...withPreload(phase(firstAt)), ms: Math.round(firstAt - t0) },
      ten: { ...withPreload(phase(marksAt)), ms: ten ? Math.round(marksAt - t0) : null,
             with_excerpt: found.with_excerpt, excerpts_complete: excerpts },
      total: { ...withPreload(total) },
      top: found.top,
    };
  } catch (error) {
    const failed = entries404(browser.entries);
    return { lang, q, from, ok: false, error: String(error && error.message || error).split("\n")[0],
             problems: [...browser.problems, ...failed].slice(0, 20) };
  } finally {
    await browser.close();
  }
}

/**
 * Waits until `selector` is in the page. Gives up after the timeout, or
 * sooner once the page has reported an error and the network has been quiet
 * for two seconds (a broken client would only make us wait).
 */
async function appears(browser, selector) {
  const started = Date.now();
  while (Date.now() - started < config.timeout_ms) {
    if (await browser.page.locator(selector).count()) return true;
    if (browser.problems.length && browser.quietFor() > 2000) return false;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  return false;
}

function entries404(entries) {
  return entries.filter((e) => e.status >= 400 || e.failed).map((e) => `HTTP ${e.status || "failed"}: ${new URL(e.url).pathname}`);
}

function isSearchFile(path, ours) {
  if (path.endsWith("/") || path.endsWith(".html")) return false; // a page, not search data
  if (ours.index_dir && path.startsWith(`/${ours.index_dir}/`)) return true;
  return /search|sok/i.test(path.split("/").pop()) && /\.(m?js|json)$/.test(path);
}

// --- main ----------------------------------------------------------------------

const server = await serve();
const out = { base: server.base, gzip: !!config.gzip, pagefind: [], ours: [] };
try {
  for (const query of config.queries) {
    if (config.pagefind) out.pagefind.push(await measurePagefind(server.base, query));
    if (config.ours) {
      for (const from of config.ours.from) out.ours.push(await measureOurs(server.base, query, from));
    }
  }
} finally {
  await server.close();
}
process.stdout.write(JSON.stringify(out) + "\n");
