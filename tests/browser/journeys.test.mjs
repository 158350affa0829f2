// Journeys a person takes through the portal, in the run.browser.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { outputDir, siteDir, sizeLabel, useSiteAndBrowser } from "./support.mjs";

const run = useSiteAndBrowser({ before, after });

async function freshPage(options = {}) {
  const context = await run.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

const h1 = (page) => page.locator("h1").innerText();

test("from the home page, through the sector list, to a course, a module and a material", async () => {
  const page = await freshPage();
  await page.goto(run.site.url);
  await page.getByRole("link", { name: "Bransjer", exact: true }).click();
  assert.equal(await h1(page), "Bransjer");
  await page.getByRole("link", { name: "Renhold", exact: true }).click();
  assert.equal(await h1(page), "Renhold");
  await page.getByRole("link", { name: "Renhold og smittevern" }).first().click();
  assert.equal(await h1(page), "Renhold og smittevern");

  await page.locator("#moduler + ol a").first().click();
  assert.match(await page.locator(".eyebrow").innerText(), /^Modul 1 av \d+/);
  await page.getByRole("link", { name: "Tilbake til kurset" }).click();
  assert.equal(await h1(page), "Renhold og smittevern");

  const item = page.locator("#kursmateriell + ul li").first();
  const label = await item.locator(".file-meta").innerText();
  const [download] = await Promise.all([page.waitForEvent("download"), item.locator("a").click()]);
  const name = download.suggestedFilename();
  const saved = await readFile(await download.path());
  const original = await readFile(join(siteDir(), "kurs/renhold-og-smittevern", name));
  assert.ok(saved.equals(original), `the downloaded ${name} is the published file`);
  const type = name.split(".").pop().toUpperCase();
  assert.equal(label, `(${type}, ${sizeLabel(saved.length)})`);
  const head = await fetch(new URL(`kurs/renhold-og-smittevern/${name}`, run.site.url), { method: "HEAD" });
  assert.equal(head.status, 200);
  await page.context().close();
});

test("a form can be filled in, saved as a file and print-previewed", async () => {
  const page = await freshPage();
  await page.goto(new URL("kurs/renhold-og-smittevern/", run.site.url).href);
  await page.locator("#skjema ~ ul.cards a").first().click();
  const form = page.locator("form.kp-form");
  await form.waitFor();
  const values = new Map();
  for (const input of await form.locator("input[type=text], input[type=email], input[type=tel], textarea").all()) {
    const value = `Svar ${values.size + 1}`;
    await input.fill(value);
    values.set(await input.getAttribute("name"), value);
  }
  for (const select of await form.locator("select").all()) await select.selectOption({ index: 1 });
  for (const group of await form.locator("fieldset").all()) await group.locator("input").first().check();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Lagre som fil" }).click()]);
  const text = await readFile(await download.path(), "utf8");
  for (const value of values.values()) assert.ok(text.includes(value), `the saved file has "${value}":\n${text}`);

  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() =>
    [".site-header", ".site-footer", ".feedback", ".form-actions"].map((s) => getComputedStyle(document.querySelector(s)).display),
  );
  assert.deepEqual(hidden, ["none", "none", "none", "none"], "print hides navigation, footer, feedback and buttons");
  const first = values.keys().next().value;
  assert.equal(await form.locator(`[name="${first}"]`).inputValue(), values.get(first), "filled values stay in print");
  await mkdir(outputDir("print"), { recursive: true });
  const pdf = join(outputDir("print"), "skjema.pdf");
  await page.pdf({ path: pdf, format: "A4" });
  assert.ok((await stat(pdf)).size > 5000, "the print preview has content");
  await page.context().close();
});

test("saved answers open again in the same form after a reload", async () => {
  const page = await freshPage();
  await page.goto(new URL("skjema/pamelding/", run.site.url).href);
  const form = page.locator("form.kp-form");
  const answers = new Map();
  for (const input of await form.locator("input[type=text], input[type=email], input[type=tel], textarea").all()) {
    const name = await input.getAttribute("name");
    const value = (await input.getAttribute("type")) === "email" ? "kari@kommune.no" : `Svar på ${name}, med «æøå»`;
    await input.fill(value);
    answers.set(name, value);
  }
  assert.ok(answers.size >= 2, `the form has fields to fill: ${answers.size}`);
  const group = form.locator("fieldset").first();
  const ticked = group.locator("input").nth(1);
  await ticked.check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Lagre som fil" }).click()]);
  const saved = await readFile(await download.path(), "utf8");
  for (const value of answers.values()) assert.ok(saved.includes(value), `the saved file reads "${value}" for a person:\n${saved}`);
  assert.match(saved, /--- kursportal: lagrede svar ---\n\{.*\}\n--- slutt ---\n$/s);

  await page.reload();
  for (const name of answers.keys()) assert.equal(await form.locator(`[name="${name}"]`).inputValue(), "", "a reload empties the form");
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Åpne lagrede svar" }).click()]);
  await chooser.setFiles(await download.path());
  await page.getByRole("status").filter({ hasText: "Svarene fra fila er lagt inn i skjemaet." }).waitFor();
  for (const [name, value] of answers) assert.equal(await form.locator(`[name="${name}"]`).inputValue(), value, `${name} is back`);
  assert.ok(await ticked.isChecked(), "the ticked choice is back");

  // A file from elsewhere fills nothing and says so.
  const other = join(outputDir("forms"), "annet.txt");
  await mkdir(outputDir("forms"), { recursive: true });
  await import("node:fs/promises").then((fs) => fs.writeFile(other, "Bare tekst.\n"));
  const [again] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Åpne lagrede svar" }).click()]);
  await again.setFiles(other);
  await page.getByRole("status").filter({ hasText: "Fant ingen lagrede svar fra dette skjemaet" }).waitFor();
  await page.context().close();
});

test("a form's checks speak the page's language, and its blank sheet prints", async () => {
  const page = await freshPage({ locale: "en-US" });
  await page.goto(new URL("skjema/pamelding/", run.site.url).href);
  const form = page.locator("form.kp-form");
  const required = form.locator("input[required]").first();
  await form.evaluate((f) => f.reportValidity());
  assert.equal(await required.evaluate((c) => c.validationMessage), "Fyll ut dette feltet.");
  const email = form.locator("input[type=email]");
  await email.fill("ikke en adresse");
  await email.evaluate((c) => c.reportValidity());
  assert.match(await email.evaluate((c) => c.validationMessage), /^Skriv en e-postadresse/);
  await required.fill("Kari");
  assert.equal(await required.evaluate((c) => c.validationMessage), "", "a filled field is fine again");

  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => document.documentElement.setAttribute("data-print-blank", ""));
  assert.equal(await form.evaluate((f) => getComputedStyle(f).display), "none", "on paper, the blank sheet stands in for the form");
  const sheet = page.locator("[data-blank-sheet]");
  assert.equal(await sheet.evaluate((s) => getComputedStyle(s).display), "block");
  assert.ok((await sheet.locator(".blank-line").count()) >= 5, "a line to write on for each answer");
  await mkdir(outputDir("print"), { recursive: true });
  const pdf = join(outputDir("print"), "blankt-skjema.pdf");
  await page.pdf({ path: pdf, format: "A4" });
  assert.ok((await stat(pdf)).size > 5000, "the blank form prints");
  await page.evaluate(() => document.documentElement.removeAttribute("data-print-blank"));
  await page.emulateMedia({ media: "screen" });
  assert.equal(await sheet.isVisible(), false, "on screen the sheet stays hidden");
  await page.context().close();
});

test("the keyboard reaches the main content from the skip link", async () => {
  const page = await freshPage();
  await page.goto(new URL("kurs/renhold-og-smittevern/", run.site.url).href);
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => ({ text: document.activeElement.textContent, top: document.activeElement.getBoundingClientRect().top }));
  assert.equal(skip.text, "Hopp til hovedinnhold");
  assert.ok(skip.top >= 0, "the skip link is on screen when focused");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "hovedinnhold");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest("main"))), "the next Tab stays in the main content");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "focus is visible");
  await page.context().close();
});

test("text size and contrast are kept after a reload", async () => {
  const page = await freshPage();
  await page.goto(new URL("om/", run.site.url).href);
  const before = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  await page.getByRole("button", { name: "Stor tekst" }).click();
  await page.getByRole("button", { name: "Høy kontrast" }).click();
  await page.reload();
  const state = await page.evaluate(() => ({
    size: document.documentElement.dataset.textSize,
    contrast: document.documentElement.dataset.contrast,
    fontSize: getComputedStyle(document.documentElement).fontSize,
    background: getComputedStyle(document.body).backgroundColor,
  }));
  assert.equal(state.size, "large");
  assert.equal(state.contrast, "high");
  assert.ok(parseFloat(state.fontSize) > parseFloat(before), `text grew from ${before} to ${state.fontSize}`);
  assert.equal(state.background, "rgb(0, 0, 0)");
  assert.equal(await page.getByRole("button", { name: "Høy kontrast" }).getAttribute("aria-pressed"), "true");
  assert.equal(await page.getByRole("button", { name: "Stor tekst" }).getAttribute("aria-pressed"), "true");
  await page.context().close();
});

test("without JavaScript the page is plain and whole", async () => {
  const page = await freshPage({ javaScriptEnabled: false });
  await page.goto(new URL("skjema/kursevaluering/", run.site.url).href);
  assert.equal(await page.locator("[data-settings]").isVisible(), false, "the settings switch needs the script");
  assert.equal(await page.locator("[data-save-form]").isVisible(), false, "so does saving a form");
  assert.ok(await page.locator("form.kp-form input, form.kp-form textarea").first().isVisible(), "the form itself is there");
  await page.context().close();
});

test("a newcomer switches a module between languages and lands on the same module", async () => {
  const page = await freshPage();
  const module = "kurs/renhold-og-smittevern/02-smitte-og-smittevern/";
  await page.goto(new URL(module, run.site.url).href);
  const switcher = page.getByRole("navigation", { name: "Språk" });
  await switcher.getByRole("link", { name: "English" }).click();
  assert.equal(new URL(page.url()).pathname, "/en/courses/cleaning-and-infection-control/02-infection-and-infection-control/");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.locator(".eyebrow").innerText(), /^Module 2 of 5/);

  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "العربية" }).click();
  assert.equal(new URL(page.url()).pathname, `/ar/${module}`);
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), "rtl");

  await page.getByRole("navigation", { name: "اللغة" }).getByRole("link", { name: "Norsk bokmål" }).click();
  assert.equal(new URL(page.url()).pathname, `/${module}`);
  assert.equal(await page.getAttribute("html", "lang"), "nb");
  await page.context().close();
});
