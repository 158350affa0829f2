// The browser's search analysis (themes/standard/static/search.js)
// gives the words and Snowball stems that Rust gives, so a query typed in the
// browser meets the terms of the index. Rust wrote what it gives to
// tests/fixtures/search-analysis.json (tests/it/search_analysis.rs); this
// needs neither Chromium nor a built site.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { snowballStem, words } from "../../themes/standard/static/search.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/search-analysis.json", import.meta.url), "utf8"));

const show = (value) => JSON.stringify(value);

/** Fails with how many differ and the first few, if any do. */
function report(mismatches, total, what) {
  const first = mismatches.slice(0, 12).join("\n  ");
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${total} ${what} differ from Rust; the first:\n  ${first}`);
}

test("every code point alone is a word or not, lower-cased and folded, as in Rust", () => {
  const changed = new Map(fixture.changed);
  const runs = fixture.alphanumeric;
  const mismatches = [];
  let run = 0;
  let total = 0;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // not characters in Rust
    while (run < runs.length && runs[run][1] < cp) run++;
    const alphanumeric = run < runs.length && runs[run][0] <= cp;
    const c = String.fromCodePoint(cp);
    const expected = alphanumeric ? [changed.get(cp) ?? c] : [];
    const got = words(c);
    total++;
    if (got.length !== expected.length || got[0] !== expected[0]) {
      mismatches.push(`U+${cp.toString(16).toUpperCase().padStart(4, "0")} ${show(c)}: ${show(got)}, Rust ${show(expected)}`);
    }
  }
  report(mismatches, total, "code points");
});

for (const [code, { stemmer, cases }] of Object.entries(fixture.languages)) {
  test(`${code}: words and ${stemmer} stems as in Rust`, () => {
    const mismatches = [];
    let total = 0;
    for (const [text, expectedWords, expectedStems] of cases) {
      const got = words(text);
      if (show(got) !== show(expectedWords)) {
        mismatches.push(`words of ${show(text)}: ${show(got)}, Rust ${show(expectedWords)}`);
        continue;
      }
      got.forEach((word, i) => {
        total++;
        const stem = snowballStem(stemmer, word);
        if (stem !== expectedStems[i]) mismatches.push(`${stemmer} stem of ${show(word)}: ${show(stem)}, Rust ${show(expectedStems[i])}`);
      });
    }
    assert.ok(total > 0, "the fixture has cases");
    report(mismatches, total, "words");
  });
}
