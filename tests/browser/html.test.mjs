// The Nu HTML Checker (vnu.jar, the W3C validator's engine) on every HTML
// page of the built portal: 0 errors.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pagePaths, siteDir } from "./support.mjs";

const VNU = join(createRequire(import.meta.url).resolve("vnu-jar"), "..", "build", "dist", "vnu.jar");

test("the Nu HTML Checker finds no error on any page", async () => {
  const dir = siteDir();
  const files = (await pagePaths(dir)).map((p) => join(dir, p.endsWith("/") ? p + "index.html" : p));
  assert.ok(files.length > 10, `expected the whole portal, found ${files.length} pages`);
  const run = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "gnu", ...files], { encoding: "utf8" });
  assert.notEqual(run.error?.code, "ENOENT", "java is not installed; the Nu HTML Checker needs Java 17");
  const errors = run.stderr.trim().split("\n").filter(Boolean).map((line) => line.replace(dir, ""));
  assert.deepEqual(errors, [], `${errors.length} HTML errors:\n${errors.join("\n")}`);
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
