/* Kursportalen's search in the browser.

   Reads the files that src/search/export/ writes and answers a query as
   `kursportal search` does (src/search/query.rs): the same words, stems,
   variants and BM25 scores, computed in 32-bit floats as tantivy computes
   them, ties going to the page numbered first (A–Å by title, then URL).
   A query loads the index files its words need, then the result files
   (what a result shows, its excerpt's text included) of the results on
   screen: the best result's file first, so it shows as soon as it can.

   Every text from the index reaches the page as text (textContent), never
   as HTML. */


const f32 = Math.fround;
const K1 = f32(1.2);
const B = 0.75;
const RESULTS_PER_SCREEN = 10;
const LANGUAGE_STEMMERS = { nb: "norwegian", nn: "norwegian", en: "english", ar: "arabic" };

/* ---------- analysis: as src/search/analysis.rs ---------- */

// Words and Snowball stems exactly as Rust makes them: checked on every
// code point and thousands of words by tests/browser/search-analysis.test.mjs
// against tests/fixtures/search-analysis.json, which Rust writes.

// Words: tantivy's SimpleTokenizer (runs of `char::is_alphanumeric`),
// RemoveLongFilter::limit(40), LowerCaser, AsciiFoldingFilter.

const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const utf8Encoder = new TextEncoder();

/** The text's words, lower-cased and folded to ASCII, as `Analyzer::words`. */
export function words(text) {
  const out = [];
  for (const [token] of text.matchAll(WORD)) {
    // The limit is on the token's UTF-8 bytes as written, before lower-casing.
    if (utf8Encoder.encode(token).length >= 40) continue;
    // tantivy lower-cases char by char: Σ is always σ, never a final ς.
    const lower = token.replace(/Σ/g, "σ").toLowerCase();
    out.push(/[^\0-\x7f]/.test(lower) ? [...lower].map(fold).join("") : lower);
  }
  return out;
}

// AsciiFoldingFilter (Lucene's table), for the characters a lower-cased word
// can hold. Most of it is "drop the accents": a letter whose canonical
// decomposition is ASCII plus combining marks becomes that ASCII (é → e,
// ǖ → u). The rest is listed: the ASCII first, then the characters that
// fold to it. Lucene maps small capitals to capitals (ᴀ → A) and ǧ to G.
const FOLD = new Map();
for (const group of "0⁰⓪⓿ 1¹ 2² 3³ Aᴀ AEᴁ Bʙᴃ Cʗᴄ Dᴅᴆ Eᴇⱻ Fꜰꟻ Gǥǧɢʛ Hʜ Iɪᵻꟾ Jᴊ Kᴋ Lʟᴌ Mᴍꟽꟿ Nɴᴎ Oᴏᴐ OEɶ OUᴕ Pᴘ Rʀʁᴙᴚ Sꜱꞅ Tᴛ Uᴜᵾ Vᴠ Wᴡ Yʏ Zᴢ aɐəɚᶏᶕẚₐₔⱥ aaꜳ aeæǣǽᴂ aoꜵ auꜷ avꜹꜻ ayꜽ bƀƃɓᵬᶀ cƈȼɕↄꜿ dðđƌȡɖɗᵭᶁᶑꝺ dbȸ dzǆǳʣʥ eǝɇɘɛɜɝɞʚᴈᶒᶓᶔₑⱸ fƒᵮᶂẛꝼ ffﬀ ffiﬃ fflﬄ fiﬁ flﬂ gɠɡᵷᵹᶃꝿ hħɥɦʮʯⱨⱶ hvƕ iıɨᴉᵢᵼᶖⁱ ijĳ jȷɉɟʄʝⱼ kƙʞᶄⱪꝁꝃꝅ lŀłƚȴɫɬɭᶅⱡꝇꝉꞁ ljǉ llỻ lsʪ lzʫ mɯɰɱᵯᶆ nŉŋƞȵɲɳᵰᶇⁿ njǌ oøǿɔɵᴖᴗᶗₒⱺꝋꝍ oeœᴔ ooꝏ ouȣ pƥᵱᵽᶈꝑꝓꝕꟼ qĸɋʠꝗꝙ qpȹ rɍɼɽɾɿᵣᵲᵳᶉꝛꞃ sſȿʂᵴᶊẜẝ ssß stﬆ tŧƫƭȶʇʈᵵⱦ tcʨ thþᵺꝧ tsʦ tzꜩ uʉᵤᶙ ueᵫ vʋʌᵥᶌⱱⱴꝟ vyꝡ wƿʍⱳ xᶍₓ yƴɏʎỿ zƶȝȥɀʐʑᵶᶎⱬꝣ".split(" ")) {
  const ascii = group.match(/^[\x21-\x7e]+/)[0];
  for (const c of group.slice(ascii.length)) FOLD.set(c, ascii);
}
// Runs of numbered and letter forms: [first code point, how many, first
// number or letter, before, after] (① → 1, ⑴ → (1), ⒈ → 1., ⓐ → a, ａ → a).
for (const [at, n, first, before = "", after = ""] of [
  [0x2460, 20, 1], [0x2474, 20, 1, "(", ")"], [0x2488, 20, 1, "", "."], [0x24eb, 10, 11],
  [0x24f5, 10, 1], [0x2776, 10, 1], [0x2780, 10, 1], [0x278a, 10, 1], [0x2074, 6, 4],
  [0x2080, 10, 0], [0xff10, 10, 0], [0x24d0, 26, "a"], [0xff41, 26, "a"],
]) {
  for (let i = 0; i < n; i++) {
    const x = typeof first === "number" ? first + i : String.fromCharCode(first.charCodeAt(0) + i);
    FOLD.set(String.fromCodePoint(at + i), before + x + after);
  }
}

function fold(c) {
  if (c < "\x80" || FOLD.has(c)) return FOLD.get(c) ?? c;
  const bare = c.normalize("NFD").replace(/\p{M}/gu, "");
  return bare && bare !== c && /^[\0-\x7f]+$/.test(bare) ? bare : c;
}

// Stems: the Snowball algorithms as compiled into tantivy 0.27 (the frostem
// crate, Snowball 3.1), without the bare-s rule that `Analyzer::stem` adds.

/**
 * The Snowball stem of one word; `language` is "norwegian", "english" or
 * "arabic" (nb and nn both use "norwegian").
 */
export function snowballStem(language, word) {
  // Snowball counts and steps by characters. Characters outside the BMP are
  // never a vowel or part of an ending here, so while stemming each stands
  // in as one UTF-16 unit (a lone surrogate), and every index below is a
  // character index.
  const astral = [];
  const s = word.replace(/[\ud800-\udbff][\udc00-\udfff]/g, (pair) => (astral.push(pair), "\ud800"));
  if (!Object.prototype.hasOwnProperty.call(STEMMERS, language)) throw new RangeError(`no stemmer for ${language}`);
  const stem = STEMMERS[language](s);
  return astral.length ? stem.replace(/\ud800/g, () => astral.shift()) : stem;
}

/**
 * The longest of `endings` that `s` ends with, beginning no earlier than
 * `from` (Snowball's `among`, backwards); null if none.
 */
function among(s, endings, from = 0) {
  let hit = null;
  for (const e of endings) {
    if ((hit === null || e.length > hit.length) && s.length - e.length >= from && s.endsWith(e)) hit = e;
  }
  return hit;
}

const list = (words) => words.split(" ");

// --- Norwegian -------------------------------------------------------------

const NO_VC = /[aeiouyæåøêòóô][^aeiouyæåøêòóô]/;
const NO_MAIN = list("a e ede ande ende ane ene hetene erte en heten ar er heter s as es edes endes enes hetenes ens hetens ers ets et het ert ast");
const NO_ERS = list("ind kk nk amm omm kap skap pp lt ast øst v hav giv");
const NO_OTHER = list("leg eleg ig eig lig elig els lov elov slov hetslov");

function norwegian(s) {
  if (s.length < 3) return s;
  // R1 begins after an apostrophe, else after the first non-vowel that
  // follows a vowel, and at least three letters in.
  const quote = s.indexOf("'");
  const vc = NO_VC.exec(s);
  const p1 = Math.max(3, quote >= 0 ? quote + 1 : vc ? vc.index + 2 : s.length);

  // Endings are looked for inside R1 only; what precedes them may be outside.
  const main = among(s, NO_MAIN, p1);
  if (main !== null) {
    const stem = s.slice(0, -main.length);
    if (main === "erte" || main === "ert") s = stem + "er";
    else if (main === "ers") {
      // -ers goes, except after these (sukkers, tankers stay; lærers, skapers go)
      const kept = among(stem, NO_ERS);
      if (kept === null || kept === "skap" || kept === "hav" || kept === "giv") s = stem;
    } else if (main === "s") {
      // -s goes after these letters, after r but not er, and after k after a consonant
      if (/[bcdfghjlmnoptvyz]$|(^|[^e])r$|[^aeiouyæåøêòóô]k$/.test(stem)) s = stem;
    } else s = stem;
  }
  // -dt and -vt lose the t
  if (among(s, ["dt", "vt"], p1) !== null) s = s.slice(0, -1);
  const other = among(s, NO_OTHER, p1);
  if (other !== null) s = s.slice(0, -other.length);
  return s.endsWith("'") ? s.slice(0, -1) : s;
}

// --- English (Porter2) -----------------------------------------------------

const EN_EXCEPTIONS = new Map(Object.entries({
  skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
  sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes",
}));
// The region R1 of a word beginning so is the rest of the word (generate, communism).
const EN_R1_PREFIX = /^(gener|commun|arsen|past|univers|later|emerg|organ|inter)/;
const EN_VC = /[aeiouy][^aeiouy]/g;
// A short syllable at the end: consonant, vowel, consonant other than w, x, Y;
// or a word of vowel and consonant; or "past" (pasted, pasting).
const EN_SHORTV = /[^aeiouy][aeiouy][^aeiouywxY]$|^[aeiouy][^aeiouy]$|past$/;
const EN_STEP2 = {
  tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
  ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
  ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogist: "og",
  ogi: "og", fulli: "ful", lessli: "less", li: "",
};
const EN_STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
const [EN_STEP2_ENDINGS, EN_STEP3_ENDINGS] = [Object.keys(EN_STEP2), Object.keys(EN_STEP3)];
const EN_STEP4 = list("al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion");

/** The position just after the first non-vowel that follows a vowel at or after `from`. */
function afterVC(s, from) {
  EN_VC.lastIndex = from;
  const m = EN_VC.exec(s);
  return m ? m.index + 2 : s.length;
}

function english(s) {
  if (EN_EXCEPTIONS.has(s)) return EN_EXCEPTIONS.get(s);
  if (s.length < 3) return s;

  // A y at the start or after a vowel is a consonant: Y while stemming.
  if (s[0] === "'") s = s.slice(1);
  let yFound = s[0] === "y" || /[aeiouy]y/.test(s);
  if (s[0] === "y") s = "Y" + s.slice(1);
  s = s.replace(/([aeiouy])y/g, "$1Y");

  const prefix = EN_R1_PREFIX.exec(s);
  const p1 = prefix ? prefix[0].length : afterVC(s, 0);
  const p2 = p1 < s.length ? afterVC(s, p1) : s.length;

  // Step 1a: possessives, plurals
  const possessive = among(s, ["'", "'s", "'s'"]);
  if (possessive !== null) s = s.slice(0, -possessive.length);
  let e = among(s, list("sses ied ies ss us s"));
  let stem = e === null ? s : s.slice(0, -e.length);
  if (e === "sses") s = stem + "ss";
  else if (e === "ied" || e === "ies") s = stem + (stem.length >= 2 ? "i" : "ie");
  // -s goes when a vowel comes before the letter before it (gaps → gap, but gas stays)
  else if (e === "s" && /[aeiouy]/.test(stem.slice(0, -1))) s = stem;

  // Step 1b: -eed, -ed, -ing and their -ly forms
  e = among(s, list("ed eed ing edly eedly ingly"));
  stem = e === null ? s : s.slice(0, -e.length);
  if (e === "eed" || e === "eedly") {
    if (stem.length >= p1 && !/^(proc|exc|succ)$/.test(stem)) s = stem + "ee";
  } else if (e === "ing" && /^[^aeiouy]y$/.test(stem)) {
    s = stem[0] + "ie"; // dying → die
  } else if (e === "ing" && /^(inn|out|cann|herr|earr|even)$/.test(stem)) {
    // inning, outing, canning … stay
  } else if (e !== null && /[aeiouy]/.test(stem)) {
    s = stem;
    const end = among(s, list("bb dd ff gg mm nn pp rr tt at bl iz"));
    if (end === "at" || end === "bl" || end === "iz") s += "e"; // luxuriat → luxuriate
    else if (end !== null) {
      if (!(s.length === 3 && "aeo".includes(s[0]))) s = s.slice(0, -1); // hopp → hop, but add stays
    } else if (s.length === p1 && EN_SHORTV.test(s)) s += "e"; // hop → hope
  }

  // Step 1c: a final y after a consonant (not the first letter) is i
  if (s.length > 2 && /[^aeiouy][yY]$/.test(s)) s = s.slice(0, -1) + "i";

  // Steps 2 and 3: the longest ending is taken, and only if it is in R1
  e = among(s, EN_STEP2_ENDINGS);
  stem = e === null ? s : s.slice(0, -e.length);
  if (e !== null && stem.length >= p1) {
    if (e === "ogi" ? stem.endsWith("l") : e === "li" ? /[cdeghkmnrt]$/.test(stem) : true) s = stem + EN_STEP2[e];
  }
  e = among(s, EN_STEP3_ENDINGS);
  stem = e === null ? s : s.slice(0, -e.length);
  if (e !== null && stem.length >= p1 && (e !== "ative" || stem.length >= p2)) s = stem + EN_STEP3[e];

  // Step 4: endings in R2
  e = among(s, EN_STEP4);
  stem = e === null ? s : s.slice(0, -e.length);
  if (e !== null && stem.length >= p2 && (e !== "ion" || /[st]$/.test(stem))) s = stem;

  // Step 5: a final e in R2, or in R1 after no short syllable; ll in R2
  stem = s.slice(0, -1);
  if (s.endsWith("e") && (stem.length >= p2 || (stem.length >= p1 && !EN_SHORTV.test(stem)))) s = stem;
  else if (s.endsWith("l") && stem.length >= p2 && stem.endsWith("l")) s = stem;

  return yFound ? s.replace(/Y/g, "y") : s;
}

// --- Arabic ----------------------------------------------------------------

// Presentation forms U+FE80–U+FEF4 are the letters ء … غ, ف … ي in order,
// each in 1, 2 or 4 shapes; U+FEF5–U+FEFC are lam with alef (madda, hamza
// above, hamza below, bare), two shapes each.
const AR_SHAPES = [..."122224242444442222444444444444444224"].flatMap((n, i) =>
  Array(+n).fill(String.fromCharCode(i < 26 ? 0x621 + i : 0x641 + i - 26)));
const AR_LAM_ALEF = ["لآ", "لأ", "لإ", "لا"];

const AR_VERB1 = list("ك ه كم هم كن هن ني نا ها كمو كما هما");
const AR_VERB2A = list("ن ون ين ان تن ي ا تما نا تا ت");
const AR_NOUN1A = list("ك ه ي كم هم هن نا ها كما هما");

function arabic(s) {
  let noun = true;
  let verb = true;
  let defined = false;
  // A word with the article (counted before diacritics go) is a noun.
  const article = /^(ال|بال|كال|لل)/.exec(s);
  if (article && s.length >= article[0].length + 2) {
    verb = false;
    defined = true;
  }

  s = s
    .replace(/[\u0640\u064b-\u0652]/g, "") // tatweel and vowel marks
    .replace(/[\u0660-\u0669]/g, (d) => d.charCodeAt(0) - 0x660)
    .replace(/[\ufe80-\ufefc]/g, (c) => {
      const i = c.charCodeAt(0) - 0xfe80;
      return AR_SHAPES[i] ?? AR_LAM_ALEF[(i - AR_SHAPES.length) >> 1];
    });

  // Removes the longest of `endings` that `s` ends with, if the word is at
  // least that ending's length + `spare` letters long (no shorter ending is
  // tried when the longest is too long).
  const strip = (endings, spare = 3) => {
    const e = among(s, endings);
    if (e === null || s.length < e.length + (typeof spare === "function" ? spare(e) : spare)) return false;
    s = s.slice(0, -e.length);
    return true;
  };
  const verb2a = () => strip(AR_VERB2A, (e) => (/^[ويا]ن$/.test(e) ? 4 : 3));
  const noun2 = () => strip(["و", "ي", "ا"], 4) || strip(["ات"]) || strip(["ت"]);

  // Suffixes. A failed alternative can leave its first removal behind: the
  // order of these steps is the stemmer's.
  const verbSuffixes = () => {
    let pronouns = 0;
    while (strip(AR_VERB1)) pronouns++;
    if (pronouns) return verb2a() || strip(["و", "تمو"]) || true;
    return strip(["تم", "وا"]) || verb2a();
  };
  const nounSuffixes = () => {
    // ة, or (no article) a pronoun, or ن, each maybe with a plural ending
    strip(["ة"]) ||
      (!defined && strip(AR_NOUN1A) && (noun2() || true)) ||
      (strip(["ن"], 5) && noun2()) ||
      (!defined && strip(["و", "ي", "ا"], 4)) ||
      strip(["ات"]);
    return strip(["ي"], 2);
  };
  if (!(verb && verbSuffixes()) && !(noun && nounSuffixes()) && s.endsWith("ى")) s = s.slice(0, -1) + "ي";

  // Prefixes, read from a cursor that a replaced prefix moves past.
  let at = 0;
  const starts = (prefixes) => {
    let hit = null;
    for (const p of prefixes) if (s.startsWith(p, at) && (hit === null || p.length > hit.length)) hit = p;
    return hit;
  };
  const replace = (prefix, by) => {
    s = s.slice(0, at) + by + s.slice(at + prefix.length);
    at += by.length;
  };
  let p = starts(["أآ", "أأ", "أؤ", "أإ", "أا"]);
  if (p !== null && s.length >= 4) replace(p, p === "أؤ" ? "أ" : p[1]);
  p = starts(["ف", "و"]);
  if (p !== null && s.length >= 4 && s[at + 1] !== "ا") replace(p, "");
  p = starts(["ال", "بال", "كال", "لل"]);
  if (p !== null && s.length >= p.length + 3) replace(p, "");
  else {
    p = noun ? starts(["ب", "با", "بب", "كك"]) : null;
    if (p === "با") {
      // stays
    } else if (p !== null && s.length >= 4) replace(p, p[1] ?? "");
    else if (verb) {
      p = starts(["سي", "ست", "سن", "سأ"]);
      if (p !== null && s.length >= 5) replace(p, p[1]);
      p = starts(["تست", "نست", "يست"]);
      if (p !== null && s.length >= 5) replace(p, "است");
    }
  }

  // Hamza: a final one is bare, the others sit on their carrier's letter.
  return s.replace(/[آأؤإئ]$/, "ء").replace(/[آأإ]/g, "ا").replace(/ؤ/g, "و").replace(/ئ/g, "ي");
}

const STEMMERS = { norwegian, english, arabic };


/** A word's stem; Norwegian's bare-`s` stems are not taken (`kurs` stays `kurs`). */
export function stem(language, word) {
  const stemmed = snowballStem(LANGUAGE_STEMMERS[language], word);
  const norwegian = language === "nb" || language === "nn";
  if (norwegian && word.endsWith("s") && stemmed === word.slice(0, -1)) return word;
  return stemmed;
}

/** Compares as Rust compares strings (by UTF-8 bytes, which is by code point). */
export function compare(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xHigh = x >= 0xd800 && x < 0xe000;
    const yHigh = y >= 0xd800 && y < 0xe000;
    if (xHigh && y >= 0xe000) return 1;
    if (yHigh && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Levenshtein distance over code points, as strsim counts. */
function levenshtein(a, b) {
  const s = [...a];
  const t = [...b];
  let row = t.map((_, j) => j + 1);
  for (let i = 0; i < s.length; i++) {
    let diagonal = i;
    let left = i + 1;
    const next = [];
    for (let j = 0; j < t.length; j++) {
      const value = Math.min(row[j] + 1, left + 1, diagonal + (s[i] === t[j] ? 0 : 1));
      diagonal = row[j];
      left = value;
      next.push(value);
    }
    row = next;
  }
  return t.length === 0 ? s.length : row[t.length - 1];
}

/* ---------- the index files: as src/search/export/ writes them ---------- */

class Bytes {
  constructor(buffer) {
    this.bytes = new Uint8Array(buffer);
    this.at = 0;
  }
  byte() {
    if (this.at >= this.bytes.length) throw new Error("index file ends early");
    return this.bytes[this.at++];
  }
  varint() {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
    }
  }
  slice(length) {
    const s = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return s;
  }
}

const utf8 = new TextDecoder();

/** The body's place among the stem fields (export/mod.rs `BODY`). */
const BODY = 3;

/** A term shard: terms in order, each with its postings per stem field.
    Body postings leave out the length code: it is per page, in the meta file. */
function decodeShard(buffer, bodyLengths) {
  const r = new Bytes(buffer);
  const count = r.varint();
  const entries = [];
  let previous = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const shared = r.varint();
    const rest = r.slice(r.varint());
    const bytes = new Uint8Array(shared + rest.length);
    bytes.set(previous.subarray(0, shared));
    bytes.set(rest, shared);
    previous = bytes;
    const mask = r.byte();
    const fields = [];
    for (let slot = 0; slot < 4; slot++) {
      fields.push(mask & (1 << slot) ? decodePostings(r, slot === BODY ? bodyLengths : null) : null);
    }
    entries.push({ term: utf8.decode(bytes), fields });
  }
  return entries;
}

function decodePostings(r, lengths) {
  const count = r.varint();
  const docs = new Uint32Array(count);
  const tfs = new Uint32Array(count);
  const norms = new Uint8Array(count);
  let doc = 0;
  for (let i = 0; i < count; i++) {
    // The gap's low bit says whether a frequency above 1 follows.
    const gap = r.varint();
    doc += Math.floor(gap / 2);
    docs[i] = doc;
    tfs[i] = gap % 2 === 1 ? r.varint() + 2 : 1;
    norms[i] = lengths ? lengths[doc] : r.byte();
  }
  return { docs, tfs, norms };
}

function decodeFacets(buffer) {
  const r = new Bytes(buffer);
  const facets = new Map();
  for (let n = r.varint(); n > 0; n--) {
    const key = utf8.decode(r.slice(r.varint()));
    const docs = new Set();
    let doc = 0;
    for (let count = r.varint(); count > 0; count--) {
      doc += r.varint();
      docs.add(doc);
    }
    facets.set(key, docs);
  }
  return facets;
}

/** tantivy's field-length codes → lengths (fieldnorm/code.rs): exact up to
    40, then eight steps per doubling of the step. */
const FIELD_NORMS = (() => {
  const table = [];
  for (let i = 0; i <= 40; i++) table.push(i);
  let step = 2;
  while (table.length < 256) {
    for (let k = 0; k < 8 && table.length < 256; k++) table.push(table[table.length - 1] + step);
    step *= 2;
  }
  return table;
})();

/** One language's index, read file by file as queries need it. */
export class SearchIndex {
  /** `fetchBytes(url)` → ArrayBuffer; in a browser, `fetch`. */
  constructor(metaUrl, fetchBytes = defaultFetch) {
    this.metaUrl = metaUrl;
    this.fetchBytes = fetchBytes;
    this.files = new Map();
  }

  /** A file of `kind` (`t`, `r`, `f`) by its hash, or the meta file (null). */
  load(kind, hash, decode) {
    const name = kind === null ? null : `${kind}.${hash}.${kind === "t" || kind === "f" ? "bin" : "json"}`;
    if (!this.files.has(name)) {
      const url = name === null ? this.metaUrl : new URL(name, this.metaUrl).href;
      const promise = this.fetchBytes(url).then(decode);
      promise.catch(() => this.files.delete(name));
      this.files.set(name, promise);
    }
    return this.files.get(name);
  }

  meta() {
    return this.load(null, null, (buffer) => {
      const meta = JSON.parse(utf8.decode(buffer));
      meta.caches = meta.fields.map((field) => bm25Cache(field.tokens, meta.pages));
      return meta;
    });
  }

  /** The shards that may hold `term` or, with `wholeRange`, any term it begins. */
  async shardsFor(term, wholeRange) {
    const { shards, body_lengths: lengths } = await this.meta();
    if (shards.length === 0) return [];
    let lo = 0;
    let hi = shards.length - 1;
    let first = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compare(shards[mid][0], term) <= 0) {
        first = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const names = [shards[first][1]];
    for (let i = first + 1; wholeRange && i < shards.length && shards[i][0].startsWith(term); i++) {
      names.push(shards[i][1]);
    }
    return Promise.all(names.map((hash) => this.load("t", hash, (buffer) => decodeShard(buffer, lengths))));
  }

  /** The entry of `term`, or undefined. */
  async entry(term) {
    for (const shard of await this.shardsFor(term, false)) {
      const found = shard.find((e) => e.term === term);
      if (found) return found;
    }
    return undefined;
  }

  /** Every entry whose term starts with `prefix`. */
  async entriesStartingWith(prefix) {
    const shards = await this.shardsFor(prefix, true);
    return shards.flat().filter((e) => e.term.startsWith(prefix));
  }

  async facets() {
    const meta = await this.meta();
    return this.load("f", meta.facets, decodeFacets);
  }

  /** What the results `docs` (best first) show; `onPart(rows so far)` as
      each file arrives. The best result's file comes alone, and the others
      after it: on a slow link the first result does not share the line. */
  async rows(docs, onPart = () => {}) {
    const { results: chunks } = await this.meta();
    const out = new Map();
    const wanted = new Map();
    for (const doc of docs) {
      let i = chunks.length - 1;
      while (i > 0 && chunks[i][0] > doc) i--;
      if (!wanted.has(i)) wanted.set(i, []);
      wanted.get(i).push(doc);
    }
    const fetchFile = async ([i, list]) => {
      const rows = await this.load("r", chunks[i][1], (b) => JSON.parse(utf8.decode(b)));
      for (const doc of list) out.set(doc, rows[doc - chunks[i][0]]);
      onPart(out);
    };
    const [first, ...rest] = wanted;
    if (first) await fetchFile(first);
    await Promise.all(rest.map(fetchFile));
    return out;
  }
}

async function defaultFetch(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.arrayBuffer();
}

/* ---------- scoring: tantivy's BM25, in f32 ---------- */

function bm25Cache(tokens, pages) {
  const average = f32(f32(tokens) / f32(pages));
  return FIELD_NORMS.map((length) => f32(K1 * f32(f32(1 - B) + f32(f32(B * f32(length)) / average))));
}

function idf(docFreq, pages) {
  const x = f32(f32(f32(pages - docFreq) + 0.5) / f32(docFreq + 0.5));
  return f32(Math.log(f32(1 + x)));
}

/** Scores of one term's postings in one field: doc → score. */
function termScores(postings, weight, cache) {
  const scores = new Map();
  for (let i = 0; i < postings.docs.length; i++) {
    const tf = postings.tfs[i];
    const factor = f32(tf / f32(tf + cache[postings.norms[i]]));
    scores.set(postings.docs[i], f32(weight * factor));
  }
  return scores;
}

function termWeight(docFreq, pages, boost) {
  return f32(f32(idf(docFreq, pages) * f32(1 + K1)) * f32(boost));
}

function mostFrequent(entries, limit) {
  const frequency = (e) => e.fields.reduce((sum, p) => sum + (p ? p.docs.length : 0), 0);
  return entries
    .map((e) => [frequency(e), e])
    .sort((a, b) => b[0] - a[0] || compare(a[1].term, b[1].term))
    .slice(0, limit)
    .map(([, e]) => e);
}

/** The stems a word also matches: the ones it begins, or else its near misses. */
async function variants(index, rules, word, stemmed) {
  const letters = [...word].length;
  if (letters >= rules.min_prefix) {
    const expansions = (await index.entriesStartingWith(word)).filter((e) => e.term !== stemmed);
    if (expansions.length > 0) return mostFrequent(expansions, rules.max_expansions);
  }
  if (await index.entry(stemmed)) return [];
  // A word typed past its stem's end (`cleanin`, whose stem is `clean`).
  const chars = [...word];
  for (let end = chars.length - 1; end >= Math.max(rules.min_prefix, chars.length - rules.max_truncation); end--) {
    const found = await index.entry(chars.slice(0, end).join(""));
    if (found) return [found];
  }
  if (letters < rules.fuzzy_from) return [];
  const first = [...stemmed].slice(0, 2).join("");
  const near = (await index.entriesStartingWith(first)).filter((e) => levenshtein(stemmed, e.term) === 1);
  return mostFrequent(near, rules.max_near_misses);
}

/** One word's clause: doc → score, for the pages it matches. */
async function wordScores(index, meta, word) {
  const stemmed = stem(meta.language, word);
  const [own, others] = await Promise.all([index.entry(stemmed), variants(index, meta.rules, word, stemmed)]);
  // Should-clauses in query.rs's order: the stem per field, then per field
  // the best variant; a page's score is their sum, added in that order.
  const clauses = [];
  meta.fields.forEach((field, slot) => {
    const postings = own && own.fields[slot];
    if (postings) {
      const weight = termWeight(postings.docs.length, meta.pages, field.weight);
      clauses.push(termScores(postings, weight, meta.caches[slot]));
    }
  });
  meta.fields.forEach((field, slot) => {
    const inField = others.map((e) => e.fields[slot]);
    const most = Math.max(0, ...inField.map((p) => (p ? p.docs.length : 0)));
    if (others.length === 0 || most === 0) return;
    const shared = idf(most, meta.pages);
    const best = new Map();
    for (const postings of inField) {
      if (!postings) continue;
      const df = postings.docs.length;
      const popularity = f32(f32(df) / f32(most));
      const boost = f32(f32(f32(field.weight * meta.rules.variant_weight) * f32(shared / idf(df, meta.pages))) * popularity);
      const scores = termScores(postings, termWeight(df, meta.pages, boost), meta.caches[slot]);
      for (const [doc, score] of scores) {
        if (!(best.get(doc) >= score)) best.set(doc, score);
      }
    }
    clauses.push(best);
  });
  const total = new Map();
  for (const clause of clauses) {
    for (const [doc, score] of clause) total.set(doc, f32((total.get(doc) || 0) + score));
  }
  return { total, stems: [stemmed, ...others.map((e) => e.term)] };
}

/**
 * Every page that matches every word of `text`, best first:
 * `{ hits: [{doc, score}], stems, words }`.
 */
export async function query(index, text) {
  const meta = await index.meta();
  const asked = words(text);
  if (asked.length === 0 || meta.pages === 0) return { hits: [], stems: [], words: asked };
  const perWord = await Promise.all(asked.map((w) => wordScores(index, meta, w)));
  let scores = perWord[0].total;
  for (const next of perWord.slice(1)) {
    const both = new Map();
    for (const [doc, score] of scores) {
      if (next.total.has(doc)) both.set(doc, f32(score + next.total.get(doc)));
    }
    scores = both;
  }
  // Ties go to the page numbered first: pages are numbered A–Å by title,
  // then URL (src/search/mod.rs), as the command line breaks ties.
  const hits = [...scores].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  return { hits, stems: perWord.flatMap((w) => w.stems), words: asked };
}

/* ---------- what a reader sees ---------- */

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

/** The text around the first matched word, matched words marked. */
function excerptNode(text, language, stems, asked, rules) {
  const tokens = [...text.matchAll(WORD)];
  const stemSet = new Set(stems);
  const prefixes = asked.filter((w) => [...w].length >= rules.min_prefix);
  const matches = (token) => {
    const [word] = words(token);
    return word !== undefined && (stemSet.has(stem(language, word)) || prefixes.some((p) => word.startsWith(p)));
  };
  const first = tokens.findIndex((t) => matches(t[0]));
  if (first < 0) return null;
  const from = tokens[Math.max(0, first - 8)].index;
  const last = tokens[Math.min(tokens.length - 1, first + 24)];
  const to = last.index + last[0].length;
  const node = element("p", { class: "excerpt" });
  if (from > 0) node.append("… ");
  let at = from;
  for (const token of tokens) {
    if (token.index < from || token.index >= to || !matches(token[0])) continue;
    node.append(text.slice(at, token.index), element("mark", {}, token[0]));
    at = token.index + token[0].length;
  }
  node.append(text.slice(at, to));
  if (to < text.length) node.append(" …");
  return node;
}

/** Wires a search form (`data-search-index`) to its results panel. */
export function attach(form) {
  if (form.dataset.searchReady) return;
  form.dataset.searchReady = "yes";
  const input = form.querySelector("input[type=search]");
  const onSearchPage = form.hasAttribute("data-search-page");
  const panel = onSearchPage
    ? document.querySelector("main [data-search-panel]")
    : document.querySelector("body > [data-search-panel]");
  const index = new SearchIndex(new URL(form.dataset.searchIndex, location.href).href);
  const language = document.documentElement.lang;
  const state = { text: "", result: null, shown: RESULTS_PER_SCREEN, filters: new Map(), run: 0, view: 0 };

  const heading = element("h2", { id: "treff" });
  const status = element("p", { class: "search-status", role: "status", "aria-live": "polite" });
  const filters = element("div", { class: "search-filters" });
  const list = element("ol", { class: "search-results", "aria-labelledby": "treff" });
  const more = element("button", { type: "button", class: "search-more" });
  more.hidden = true;
  // Filters open beside the results on wide screens, folded above them on phones.
  const wide = window.matchMedia("(min-width: 60rem)");
  const filtersOpen = () => wide.matches || Boolean(filters.querySelector("input:checked"));
  panel.replaceChildren(heading, status, element("div", { class: "search-layout" }, filters, element("div", {}, list, more)));

  index.meta().then((meta) => {
    heading.textContent = meta.labels.ui.search_results;
    more.textContent = meta.labels.ui.search_more;
  }, () => {});

  async function run() {
    const text = input.value.trim();
    const run = ++state.run;
    if (text === "") {
      panel.hidden = !onSearchPage;
      status.textContent = "";
      list.replaceChildren();
      filters.replaceChildren();
      more.hidden = true;
      return;
    }
    panel.hidden = false;
    try {
      const meta = await index.meta();
      status.textContent = meta.labels.ui.search_loading;
      const result = await query(index, text);
      if (run !== state.run) return;
      Object.assign(state, { text, result, shown: RESULTS_PER_SCREEN });
      state.filters.clear();
      await show(meta);
      if (run === state.run) showFilters(meta);
    } catch {
      if (run !== state.run) return;
      // The words come from the page: when search fails, its index may not load.
      status.textContent = form.dataset.searchFailed;
    }
  }

  function filtered(except) {
    const { hits } = state.result;
    return hits.filter((hit) =>
      [...state.filters].every(([group, keys]) => group === except || keys.size === 0 || [...keys].some((k) => state.facets.get(k)?.has(hit.doc))),
    );
  }

  async function show(meta) {
    const ui = meta.labels.ui;
    // A newer query or filter choice wins over a slower earlier one.
    const view = ++state.view;
    const hits = state.facets ? filtered(null) : state.result.hits;
    const page = hits.slice(0, state.shown);
    status.textContent = hits.length === 0 ? fill(ui.search_none, { q: state.text }) + " " + ui.search_none_help : fill(ui.search_count, { n: hits.length, q: state.text });
    more.hidden = hits.length <= state.shown;
    // Results show as their files arrive, best first, never with a gap.
    let items = [];
    const showLoaded = (rows) => {
      if (view !== state.view) return;
      const ready = [];
      for (const hit of page) {
        if (!rows.has(hit.doc)) break;
        ready.push(items[ready.length] || resultItem(meta, hit.doc, rows.get(hit.doc)));
      }
      if (ready.length > items.length) {
        items = ready;
        list.replaceChildren(...items);
      }
    };
    if (page.length === 0) list.replaceChildren();
    showLoaded(await index.rows(page.map((h) => h.doc), showLoaded));
  }

  function resultItem(meta, doc, [url, title, kind, summary, , excerpt]) {
    const ui = meta.labels.ui;
    const href = new URL(url.slice(1), new URL("../../", index.metaUrl)).href;
    const item = element("li", { "data-doc": doc },
      element("a", { href }, element("bdi", {}, title)),
      " ",
      element("span", { class: "kind" }, ui[`kind_${kind}`] || kind));
    if (summary) item.append(element("p", { class: "summary" }, summary));
    const marked = excerptNode(excerpt || "", meta.language, state.result.stems, state.result.words, meta.rules);
    if (marked) item.append(marked);
    return item;
  }

  async function showFilters(meta) {
    state.facets = await index.facets();
    const ui = meta.labels.ui;
    const groups = [{ key: "kind", title: ui.search_kind, name: (k) => ui[`kind_${k}`] || k }];
    for (const taxonomy of meta.labels.taxonomies) {
      groups.push({ key: taxonomy.key, title: taxonomy.title, name: (k) => taxonomy.terms[k] || k });
    }
    const sets = groups.map((group) => {
      const counts = new Map();
      for (const hit of filtered(group.key)) {
        for (const [key, docs] of state.facets) {
          if (key.startsWith(`${group.key}/`) && docs.has(hit.doc)) counts.set(key, (counts.get(key) || 0) + 1);
        }
      }
      if (counts.size < 2 && !(state.filters.get(group.key)?.size)) return null;
      const chosen = state.filters.get(group.key) || new Set();
      const boxes = [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).map(([key, count]) => {
        const box = element("input", { type: "checkbox", value: key });
        box.checked = chosen.has(key);
        box.addEventListener("change", () => {
          const set = state.filters.get(group.key) || new Set();
          if (box.checked) set.add(key); else set.delete(key);
          state.filters.set(group.key, set);
          state.shown = RESULTS_PER_SCREEN;
          show(meta).then(() => showFilters(meta));
        });
        return element("label", {}, box, " ", element("bdi", {}, group.name(key.slice(group.key.length + 1))), ` (${count})`);
      });
      return element("fieldset", {}, element("legend", {}, group.title), ...boxes);
    }).filter(Boolean);
    const focused = filters.contains(document.activeElement) ? document.activeElement.value : null;
    const box = element("details", {}, element("summary", {}, ui.search_filters), ...sets);
    box.open = filtersOpen() || filters.querySelector("details")?.open === true;
    filters.replaceChildren(...(sets.length ? [box] : []));
    if (focused) filters.querySelector(`input[value="${CSS.escape(focused)}"]`)?.focus();
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Escape" && !onSearchPage) {
      input.value = "";
      run();
    }
  });
  more.addEventListener("click", () => {
    const from = state.shown;
    state.shown += RESULTS_PER_SCREEN;
    index.meta().then(show).then(() => list.querySelectorAll("a")[from]?.focus());
  });
  if (onSearchPage) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      history.replaceState(null, "", `?q=${encodeURIComponent(input.value)}`);
      run();
    });
    const asked = new URLSearchParams(location.search).get("q");
    if (asked) {
      input.value = asked;
      run();
    }
  }
  if (input.value.trim() !== "" && !onSearchPage) run();
}
