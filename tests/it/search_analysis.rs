//! The browser analyses a query with its own copy of `search::analysis`
//! (`themes/standard/static/search.js`), and must get the terms the index
//! holds. `tests/fixtures/search-analysis.json` holds what Rust gives, and
//! `tests/browser/search-analysis.test.mjs` checks the JavaScript against it:
//! every code point on its own, the words of the shipped content (up to
//! `CONTENT_WORDS` a language, spread over them), inflected forms made from
//! those words, and the edges (case, folding, the length limit, characters
//! outside the BMP).
//!
//! This test checks the committed fixture against Rust: every code point,
//! and every case's words and raw Snowball stems, must be what
//! `Analyzer` gives today. It does not look at `content/`, so editors can
//! change the content without touching the fixture. `UPDATE_FIXTURES=1`
//! writes the fixture anew from the content, after a change to the analysis
//! (then run the browser test too).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use kursportal::lang::Language;
use kursportal::search::analysis::Analyzer;
use serde::Deserialize;
use walkdir::WalkDir;

const FIXTURE: &str = "tests/fixtures/search-analysis.json";

/// How many of a language's content words the fixture takes at most.
const CONTENT_WORDS: usize = 1600;

/// How many mismatches a failure shows.
const SHOWN: usize = 10;

/// The fixture's languages, in its order, with the stemmer's name the
/// browser knows.
const LANGUAGES: [(Language, &str); 4] = [
    (Language::Nb, "norwegian"),
    (Language::Nn, "norwegian"),
    (Language::En, "english"),
    (Language::Ar, "arabic"),
];

#[test]
fn the_fixture_of_the_browser_analysis_is_what_rust_gives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(FIXTURE);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, fixture(root)).unwrap();
        return;
    }
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{FIXTURE}: {e}; run with UPDATE_FIXTURES=1 to write it"));
    let committed: Fixture = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{FIXTURE}: {e}; run with UPDATE_FIXTURES=1 to write it anew"));
    let mismatches = committed.mismatches();
    assert!(mismatches.is_empty(), "{}", report(&mismatches));
}

/// The committed fixture, as `fixture` writes it.
#[derive(Deserialize)]
struct Fixture {
    /// Runs of code points that alone make a word.
    alphanumeric: Vec<(u32, u32)>,
    /// Code points whose word is not the character itself.
    changed: Vec<(u32, String)>,
    languages: BTreeMap<String, LanguageCases>,
}

#[derive(Deserialize)]
struct LanguageCases {
    stemmer: String,
    /// `[text, words, Snowball stems]`.
    cases: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Fixture {
    /// What differs from what Rust gives today, each said in a line.
    fn mismatches(mut self) -> Vec<String> {
        let mut mismatches = self.code_point_mismatches();
        for (language, stemmer) in LANGUAGES {
            let code = language.code();
            let Some(cases) = self.languages.remove(code) else {
                mismatches.push(format!("{code}: no cases"));
                continue;
            };
            if cases.stemmer != stemmer {
                let found = &cases.stemmer;
                mismatches.push(format!("{code}: stemmer {found:?}, expected {stemmer:?}"));
            }
            mismatches.extend(case_mismatches(language, &cases.cases));
        }
        for code in self.languages.keys() {
            mismatches.push(format!("{code}: not a language"));
        }
        mismatches
    }

    /// Every code point whose word alone (or none) is not the fixture's.
    fn code_point_mismatches(&self) -> Vec<String> {
        let changed: HashMap<u32, &str> =
            self.changed.iter().map(|(c, w)| (*c, w.as_str())).collect();
        let mut analyzer = Analyzer::new(Language::Nb);
        let mut mismatches = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = self.is_alphanumeric(c as u32).then(|| {
                changed
                    .get(&(c as u32))
                    .map_or_else(|| c.to_string(), |w| w.to_string())
            });
            let actual = word_alone(&mut analyzer, c);
            if actual != expected {
                let (expected, actual) = (expected.as_slice(), actual.as_slice());
                mismatches.push(format!(
                    "U+{:04X} {c:?} alone: expected words {expected:?}, got {actual:?}",
                    c as u32
                ));
            }
        }
        mismatches
    }

    fn is_alphanumeric(&self, c: u32) -> bool {
        let run = self.alphanumeric.partition_point(|&(_, end)| end < c);
        self.alphanumeric
            .get(run)
            .is_some_and(|&(start, _)| start <= c)
    }
}

/// The cases whose words or Snowball stems Rust no longer gives.
fn case_mismatches(
    language: Language,
    cases: &[(String, Vec<String>, Vec<String>)],
) -> Vec<String> {
    let mut analyzer = Analyzer::new(language);
    let mut mismatches = Vec::new();
    for (text, words, stems) in cases {
        let (actual_words, actual_stems) = analysis(&mut analyzer, text);
        if (&actual_words, &actual_stems) != (words, stems) {
            mismatches.push(format!(
                "{} {text:?}:\n    expected words {words:?}, stems {stems:?}\n    \
                 got      words {actual_words:?}, stems {actual_stems:?}",
                language.code()
            ));
        }
    }
    mismatches
}

/// The failure: how many differ, the first few, and what to do.
fn report(mismatches: &[String]) -> String {
    let mut message = format!(
        "{} cases of {FIXTURE} differ from what Rust's search analysis gives now; the first:\n",
        mismatches.len()
    );
    for mismatch in mismatches.iter().take(SHOWN) {
        let _ = writeln!(message, "  {mismatch}");
    }
    message.push_str(
        "If the Rust analysis changed on purpose, run with UPDATE_FIXTURES=1 to write the \
         fixture anew, then check the browser's copy with \
         `node --test tests/browser/search-analysis.test.mjs`.",
    );
    message
}

/// A text's words and the raw Snowball stem of each, as the fixture holds them.
fn analysis(analyzer: &mut Analyzer, text: &str) -> (Vec<String>, Vec<String>) {
    let words = analyzer.words(text);
    let stems = words.iter().map(|w| analyzer.snowball_stem(w)).collect();
    (words, stems)
}

/// The word a code point makes on its own, if it makes one.
fn word_alone(analyzer: &mut Analyzer, c: char) -> Option<String> {
    let mut words = analyzer.words(c.encode_utf8(&mut [0; 4]));
    assert!(words.len() <= 1, "{c:?} alone gave {words:?}");
    words.pop()
}

/// The fixture: which code points are word characters and what each gives
/// alone, then per language cases of `[text, words, Snowball stems]`.
fn fixture(root: &Path) -> String {
    let mut json = String::from("{\n");
    json.push_str(
        "\"about\": \"What src/search/analysis.rs gives, written by tests/it/search_analysis.rs \
         (UPDATE_FIXTURES=1 cargo test --test it search_analysis) and checked against \
         themes/standard/static/search.js by tests/browser/search-analysis.test.mjs\",\n",
    );
    code_points(&mut json);
    json.push_str("\"languages\": {\n");
    // Nynorsk's words that Bokmål has too are not repeated: same stemmer.
    let mut norwegian_words = BTreeSet::new();
    for (i, (language, stemmer)) in LANGUAGES.into_iter().enumerate() {
        let mut analyzer = Analyzer::new(language);
        let texts = texts(root, language, &mut analyzer, &mut norwegian_words);
        let (code, stemmer) = (quote(language.code()), quote(stemmer));
        let _ = writeln!(json, "{code}: {{\"stemmer\": {stemmer}, \"cases\": [");
        cases(&mut json, &mut analyzer, &texts);
        json.push_str(if i + 1 < LANGUAGES.len() {
            "]},\n"
        } else {
            "]}\n"
        });
    }
    json.push_str("}\n}\n");
    json
}

/// A language's texts: its content's words (12 to a text), forms made from
/// them (10 to a text), then the edges.
fn texts(
    root: &Path,
    language: Language,
    analyzer: &mut Analyzer,
    norwegian_words: &mut BTreeSet<String>,
) -> Vec<String> {
    let content = content_words(root, language, analyzer, norwegian_words);
    let content = spread(content, CONTENT_WORDS);
    let mut texts = chunks(&content, 12);
    texts.extend(chunks(&inflections(language, &content, analyzer), 10));
    texts.extend(EDGES.iter().map(|t| t.to_string()));
    texts
}

/// The content's tokens the fixture wants: for Nynorsk only those with a
/// word Bokmål has not had (`norwegian_words`), for Arabic only Arabic ones.
fn content_words(
    root: &Path,
    language: Language,
    analyzer: &mut Analyzer,
    norwegian_words: &mut BTreeSet<String>,
) -> Vec<String> {
    let mut content = content_tokens(root, language, analyzer);
    match language {
        Language::Nb | Language::Nn => content.retain(|token| {
            let words = analyzer.words(token);
            words.is_empty() || words.into_iter().any(|w| norwegian_words.insert(w))
        }),
        // The Arabic files' Latin words (front matter, names) stem to
        // themselves; the other languages have them.
        Language::Ar => content.retain(|token| token.chars().any(is_arabic)),
        Language::En => {}
    }
    content
}

/// One line `[text, words, stems]` a text, comma-separated.
fn cases(json: &mut String, analyzer: &mut Analyzer, texts: &[String]) {
    for (i, text) in texts.iter().enumerate() {
        let (words, stems) = analysis(analyzer, text);
        let separator = if i + 1 < texts.len() { "," } else { "" };
        let _ = writeln!(
            json,
            "[{}, {}, {}]{separator}",
            quote(text),
            serde_json::to_string(&words).unwrap(),
            serde_json::to_string(&stems).unwrap()
        );
    }
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{6FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Every code point on its own: the runs of those that make a word, and
/// the word of each whose word is not the character itself (lower-casing,
/// folding).
fn code_points(json: &mut String) {
    let mut analyzer = Analyzer::new(Language::Nb);
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut changed: Vec<(u32, String)> = Vec::new();
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let Some(word) = word_alone(&mut analyzer, c) else {
            continue;
        };
        if word != c.to_string() {
            changed.push((c as u32, word));
        }
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == c as u32 => *end = c as u32,
            _ => runs.push((c as u32, c as u32)),
        }
    }
    let runs: Vec<String> = runs.iter().map(|(a, b)| format!("[{a},{b}]")).collect();
    let _ = writeln!(json, "\"alphanumeric\": [{}],", runs.join(","));
    json.push_str("\"changed\": [\n");
    for (i, row) in changed.chunks(16).enumerate() {
        let row: Vec<String> = row
            .iter()
            .map(|(c, word)| format!("[{c},{}]", quote(word)))
            .collect();
        let separator = if (i + 1) * 16 < changed.len() {
            ","
        } else {
            ""
        };
        let _ = writeln!(json, "{}{separator}", row.join(","));
    }
    json.push_str("],\n");
}

/// The distinct tokens of the language's content files as written (one
/// spelling per word), in the order of their words.
fn content_tokens(root: &Path, language: Language, analyzer: &mut Analyzer) -> Vec<String> {
    let mut by_word: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let files = WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| language_of(path) == Some(language));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for token in text.split(|c: char| !c.is_alphanumeric()) {
            if !token.is_empty() {
                let words = analyzer.words(token);
                let key = if words.is_empty() {
                    vec![String::new(), token.to_owned()]
                } else {
                    words
                };
                by_word.entry(key).or_insert_with(|| token.to_owned());
            }
        }
    }
    by_word.into_values().collect()
}

/// At most about `most` of `items`, spread evenly over them (the fixture
/// stays small enough to read and to review).
fn spread<T>(items: Vec<T>, most: usize) -> Vec<T> {
    let step = items.len().div_ceil(most).max(1);
    items.into_iter().step_by(step).collect()
}

/// `x.md` is Bokmål, `x.nn.md` Nynorsk, and so on.
fn language_of(path: &Path) -> Option<Language> {
    let name = path.file_name()?.to_str()?.strip_suffix(".md")?;
    match name.rsplit_once('.') {
        Some((_, code)) => Language::from_code(code),
        None => Some(Language::Nb),
    }
}

/// Words made from the content's with the endings (and for Arabic, the
/// prefixes) its stemmer knows, and from short words, where the regions the
/// stemmer works in begin.
fn inflections(language: Language, content: &[String], analyzer: &mut Analyzer) -> Vec<String> {
    let bases: Vec<String> = content
        .iter()
        .flat_map(|token| analyzer.words(token))
        .filter(|word| word.chars().count() >= 3)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // `count` bases for the `i`th ending, spread over the content's words.
    let pick = |i: usize, count: usize| -> Vec<&str> {
        (0..count)
            .map(|j| bases[(i * 37 + j * 101) % bases.len()].as_str())
            .collect()
    };
    // "" (no ending, or no prefix) and the listed ones.
    let list = |words: &'static str| -> Vec<&'static str> {
        std::iter::once("")
            .chain(words.split_whitespace())
            .collect()
    };
    let mut words = Vec::new();
    match language {
        Language::Nb | Language::Nn => {
            for (i, ending) in list(NORWEGIAN_ENDINGS).into_iter().enumerate() {
                words.extend(pick(i, 4).into_iter().map(|b| format!("{b}{ending}")));
                if language == Language::Nb {
                    words.extend(list(SHORT_NORWEGIAN).iter().map(|b| format!("{b}{ending}")));
                }
            }
        }
        Language::En => {
            for (i, ending) in list(ENGLISH_ENDINGS).into_iter().enumerate() {
                words.extend(pick(i, 4).into_iter().map(|b| format!("{b}{ending}")));
                words.extend(list(SHORT_ENGLISH).iter().map(|b| format!("{b}{ending}")));
            }
            words.extend(ENGLISH_WORDS.split_whitespace().map(String::from));
        }
        Language::Ar => {
            // Each prefix with a few bases and suffixes; each suffix on a
            // few of the content's words.
            let (bases, suffixes) = (list(ARABIC_BASES), list(ARABIC_SUFFIXES));
            for (i, prefix) in list(ARABIC_PREFIXES).into_iter().enumerate() {
                for j in 0..8 {
                    let base = bases[1 + (i * 5 + j * 3) % (bases.len() - 1)];
                    let suffix = suffixes[(i * 7 + j * 3) % suffixes.len()];
                    words.push(format!("{prefix}{base}{suffix}"));
                }
            }
            for (i, suffix) in suffixes.into_iter().enumerate() {
                words.extend(pick(i, 3).into_iter().map(|b| format!("{b}{suffix}")));
            }
        }
    }
    words
}

/// Tokens joined into texts of `n`, with the separators people write.
fn chunks(tokens: &[String], n: usize) -> Vec<String> {
    const SEPARATORS: [&str; 12] = [
        " ", ", ", ". ", " – ", "/", " (", ") ", "\n", "'", "’", " «", "» ",
    ];
    tokens
        .chunks(n)
        .map(|chunk| {
            let mut text = String::new();
            for (i, token) in chunk.iter().enumerate() {
                if i > 0 {
                    text.push_str(SEPARATORS[(i + token.len()) % SEPARATORS.len()]);
                }
                text.push_str(token);
            }
            text
        })
        .collect()
}

/// Every ending of the Norwegian stemmer, and the exceptions it knows.
const NORWEGIAN_ENDINGS: &str =
    "a e ede ande ende ane ene hetene erte en heten ar er heter s as es \
    edes endes enes hetenes ens hetens ers ets et het ert ast leg eleg ig eig lig elig els lov \
    elov slov hetslov dt vt elige ingen ingene ighet ighetene lse kkers skapers kapers havers \
    givers inders ommers østers lters rs ks eks bs ts ss ys øs";

/// Short words, where R1 (at least three letters in) decides.
const SHORT_NORWEGIAN: &str = "a ta bo øy kurs st";

/// Every ending of the English stemmer (Porter2), and some more.
const ENGLISH_ENDINGS: &str = "s sses ied ies ss us ed eed ing edly eedly ingly y ying yed ly ily \
    tional enci anci abli entli izer ization ational ation ator alism aliti alli fulness ousli \
    ousness iveness iviti biliti bli ogist ogi logi fulli lessli li cli alize icate iciti ical \
    ful ness ative al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion \
    sion tion e l ll ements izations ically fulnesses bb at bl iz hop past";

/// Short words, where the regions and the short-syllable rule decide.
const SHORT_ENGLISH: &str = "a y ab ow hop";

/// The English stemmer's exceptions, its special beginnings, y, doubles.
const ENGLISH_WORDS: &str = "skis skies sky skys idly gently ugly early only singly news howe \
    atlas cosmos bias andes dying lying tying vying eying inning outing canning herring earring \
    evening innings proceed exceed succeed proceeding exceedingly agreed feed generate generous \
    general communism community arsenic arsenal past paste pasted pasting universe university \
    later lateral emerge emergency organ organic organize interest internal say saying says boy \
    boyish yes yell syzygy ayy yyy yaya cry cried cries ties pies happy happily hopping hoping \
    filing failing add added eggs ebb odd hopped fizzed luxuriated tanned bed shed shred ied ies \
    us gas gaps kiwis this is a by";

const ARABIC_PREFIXES: &str = "ال وال بال كال فال لل ب ك ف و فا وا با بب كك س ست سي سن سأ يست تست \
    نست أأ أا أإ أآ أؤ الـ";

const ARABIC_SUFFIXES: &str = "ة ات ون ين ان ها هم هن كم كن كما هما نا ني ي ية ك ه تم وا و تمو \
    كمو ن تن ا تما تا ت ى أ ئ ؤ إ آ هاكم تهم اتها يين";

/// Arabic words to build on, with hamza forms, vowel marks, a tatweel,
/// Eastern Arabic digits and presentation forms.
const ARABIC_BASES: &str = "درس كتب مدرس علم عمل سأل قرأ مؤمن بئر إسلام آمن دَرَسَ كـتـب ﻛﺘﺐ ﻻعب \
    ٣٤ ع من تدريب مستشفى نظافة ولد";

/// Texts at the edges: case (final sigma, dotted I, ß), folding, the
/// 40-byte limit, characters outside the BMP, separators.
const EDGES: &[&str] = &[
    "ÆRLIGHET Øystein Åsane KARRIERELØP Opplæring",
    "ΟΔΟΣ ΣΑΣ ΣΊΣΥΦΟΣ Σ σς",
    "İstanbul ISTANBUL ıi İ",
    "STRASSE Straße ẞ ß",
    "ǅemal ǄEMAL ǆ ǈ Ǉ",
    "ﬁle ﬂow ﬀ ﬃ ﬆ",
    "ＦＵＬＬ ｗｉｄｔｈ １２３",
    "①②⑳ ⑴⒇ ⒈⒛ ⓐⓩ ⒶⓏ ⓫⓴ ⓵⓾ ❶❿ ➀➉ ➊➓",
    "x² H₂O 10³ ⁴⁹ ₀₉ ⁿ ª º",
    "٣٤٥ ۱۲۳ ०१",
    "ЁЖИК Ёлка",
    "ᏣᎳᎩ ꮳꮃꭹ",
    "ႠႡ ⴀ Ა ა",
    "𝐀𝐁𝐂 𝔄𝔅 𐐀𐐨 𐐀𐐨s 𐐀𐐨ers 𐐀ing 𐐀𐐨ة",
    "ᴀᴁʙ ꜳ ǧ Ǧ ʏes saʏ SAʏING ꝩ",
    "don't COVID-19 e-post snake_case v2.0.1 nr.12 3,14 50%",
    "الْعَرَبِيَّة ـــ ﷲ ﻻ ﻷ ﻹ ﻵ ﺍﻟﻜﺘﺎﺏ",
    "ñandú Ñandú çedilla Çedilla ŒUVRE œuvre ÐÞ ðþ",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "ææææææææææææææææææææa ææææææææææææææææææææ æææææææææææææææææææææ",
    "İİİİİİİİİİİİİİİİİİİa İİİİİİİİİİİİİİİİİİİİ",
    "ẞẞẞẞẞẞẞẞẞẞẞẞẞ ẞẞẞẞẞẞẞẞẞẞẞẞẞa",
    "𝐀𝐀𝐀𝐀𝐀𝐀𝐀𝐀𝐀abc 𝐀𝐀𝐀𝐀𝐀𝐀𝐀𝐀𝐀𝐀",
    "ﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃ ﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃﬃa",
    "بببببببببببببببببببa بببببببببببببببببببب",
    "Dagligvarebransjen KURSENE Kursets kurs prosess HETSLOV",
    "",
    "   ,.;:!?",
];
