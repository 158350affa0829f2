//! How text becomes search terms, the same for what is indexed and what is
//! asked, per language.
//!
//! Two kinds of term come out of a text:
//! - **words**: lower-cased and folded to ASCII (`opplæring` → `opplaering`,
//!   `karriereløp` → `karrierelop`), so a reader without æ, ø and å on the
//!   keyboard still finds them;
//! - **stems**: the word after the language's Snowball stemmer (tantivy's
//!   `Stemmer`), so `kursene` and `kurset` meet in `kurs`.
//!
//! The Norwegian stemmer over-stems (`kurs` → `kur`, but `kurset` → `kurs`):
//! a stem that only drops a final `s` is not taken (`Analyzer::stem`), and a
//! query word also matches every stem it begins (see `query`), which is what
//! as-you-type search needs anyway.
//!
//! Norwegian writes compounds as one word (`dagligvarebransjen`). A word
//! whose tail is a word of the site's own vocabulary also gets that tail's
//! stem (`bransj`), so `bransjen` finds it (`Vocabulary`).

use rayon::prelude::*;

use crate::fingerprint::{FnvMap, FnvSet};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language as StemLanguage, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer,
};

use crate::lang::Language;

/// Words this long or longer, in bytes, are noise (URLs, file names) and
/// are dropped.
const LONGEST_WORD: usize = 40;
/// The shortest tail of a compound that counts as a word of its own, and the
/// shortest head it may leave: short tails (`er`, `ing`) are endings, not words.
const SHORTEST_COMPOUND_PART: usize = 4;

/// A language's analysis: words and stems.
///
/// Words are what tantivy's `SimpleTokenizer`, `RemoveLongFilter`,
/// `LowerCaser` and `AsciiFoldingFilter` would make of the text, found in one
/// pass over it: a word is a run of alphanumeric characters, and one of
/// `LONGEST_WORD` bytes or more is dropped. An ASCII word is lower-cased in
/// place; only a word with other letters goes through tantivy's filters,
/// for their tables. (Through the whole chain, each word was copied four
/// times; the search phase spent more on that than on anything else.)
#[derive(Clone)]
pub struct Analyzer {
    /// Lower-cases and folds one non-ASCII word, as the filters do.
    folding: TextAnalyzer,
    stemmer: TextAnalyzer,
    /// The ASCII word being lower-cased.
    word: String,
    norwegian: bool,
}

impl Analyzer {
    pub fn new(language: Language) -> Analyzer {
        let folding = TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(stem_language(language)))
            .build();
        Analyzer {
            folding,
            stemmer,
            word: String::new(),
            norwegian: matches!(language, Language::Nb | Language::Nn),
        }
    }

    /// The text's words, lower-cased and folded, in order.
    pub fn words(&mut self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.each_word(text, |word, _| words.push(word.to_owned()));
        words
    }

    /// Calls `found` with each of the text's words, lower-cased and folded,
    /// and the byte offset it starts at.
    pub fn each_word(&mut self, text: &str, mut found: impl FnMut(&str, usize)) {
        for (start, end) in word_spans(text) {
            let word = &text[start..end];
            if word.len() >= LONGEST_WORD {
                continue;
            }
            if word.is_ascii() {
                self.word.clear();
                self.word.push_str(word);
                self.word.make_ascii_lowercase();
                found(&self.word, start);
            } else {
                let mut stream = self.folding.token_stream(word);
                if stream.advance() {
                    found(&stream.token().text, start);
                }
            }
        }
    }

    /// The stem of one word from `words`.
    ///
    /// The Norwegian stemmer takes the final `s` off a bare word after some
    /// consonants (`kurs` → `kur`, `prosess` → `proses`) while the word's
    /// inflections keep it (`kurset`, `kursene` → `kurs`): such a stem is
    /// not taken, so all three meet in `kurs`.
    pub fn stem(&mut self, word: &str) -> String {
        let stem = self.snowball_stem(word);
        let only_dropped_s = word.strip_suffix('s') == Some(stem.as_str());
        if self.norwegian && only_dropped_s {
            word.to_owned()
        } else {
            stem
        }
    }

    /// The language's Snowball stem of one word, without the rule of `stem`
    /// (the browser's copy of the stemmers is tested against this).
    pub fn snowball_stem(&mut self, word: &str) -> String {
        let mut stream = self.stemmer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            word.to_owned()
        }
    }
}

/// Where each run of alphanumeric characters starts and ends (byte
/// offsets): bytes are read as bytes while they are ASCII, and only other
/// characters are decoded.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    // Whether the character at `i` is alphanumeric, and where the next starts.
    let at = move |i: usize| -> (bool, usize) {
        let byte = bytes[i];
        if byte.is_ascii() {
            (byte.is_ascii_alphanumeric(), i + 1)
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            (c.is_alphanumeric(), i + c.len_utf8())
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if i >= bytes.len() {
                return None;
            }
            let (alphanumeric, next) = at(i);
            let here = i;
            i = next;
            if alphanumeric {
                break here;
            }
        };
        while i < bytes.len() {
            let (alphanumeric, next) = at(i);
            if !alphanumeric {
                break;
            }
            i = next;
        }
        Some((start, i))
    })
}

fn stem_language(language: Language) -> StemLanguage {
    match language {
        Language::Nb | Language::Nn => StemLanguage::Norwegian,
        Language::En => StemLanguage::English,
        Language::Ar => StemLanguage::Arabic,
    }
}

/// Every distinct word of a language's pages with its stem terms, worked
/// out once: the stem, and the stem of its tail when the word is a compound
/// whose tail the site also uses on its own. Terms are numbered.
pub struct Vocabulary {
    /// Every stem term, by its number.
    pub terms: Vec<String>,
    /// Each word's term numbers, in the order the words were given.
    terms_of_word: Vec<Vec<u32>>,
}

impl Vocabulary {
    /// The vocabulary of `words` (every word of a language's pages, each
    /// once), made in parallel with copies of `analyzer`: a large site has a
    /// hundred thousand words, each stemmed with its compound tails.
    pub fn new(words: &[&str], analyzer: &Analyzer) -> Vocabulary {
        let stems: Vec<String> = words
            .par_iter()
            .map_init(|| analyzer.clone(), |a, &w| a.stem(w))
            .collect();
        let known: FnvSet<&str> = stems.iter().map(String::as_str).collect();
        let tails: Vec<Option<String>> = words
            .par_iter()
            .map_init(|| analyzer.clone(), |a, &w| tail_stem(w, a, &known))
            .collect();
        drop(known);
        let mut numbers: FnvMap<String, u32> = FnvMap::default();
        let mut number = |term: String| {
            let next = numbers.len() as u32;
            *numbers.entry(term).or_insert(next)
        };
        let terms_of_word = stems
            .into_iter()
            .zip(tails)
            .map(|(stem, tail)| {
                let mut terms = vec![number(stem)];
                terms.extend(tail.map(&mut number));
                terms
            })
            .collect();
        let mut terms = vec![String::new(); numbers.len()];
        for (term, number) in numbers {
            terms[number as usize] = term;
        }
        Vocabulary {
            terms,
            terms_of_word,
        }
    }

    /// The term numbers of the word given `n`th to `Vocabulary::new`.
    pub fn terms_of(&self, n: u32) -> &[u32] {
        &self.terms_of_word[n as usize]
    }
}

/// The stem of the longest tail of `word` that is itself a word of the site
/// (`dagligvarebransjen` → `bransj`), if there is one.
fn tail_stem(word: &str, analyzer: &mut Analyzer, known: &FnvSet<&str>) -> Option<String> {
    let boundaries = word
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i >= SHORTEST_COMPOUND_PART);
    for start in boundaries {
        let tail = &word[start..];
        if tail.chars().count() < SHORTEST_COMPOUND_PART {
            break;
        }
        let stem = analyzer.stem(tail);
        if stem.chars().count() >= SHORTEST_COMPOUND_PART && known.contains(stem.as_str()) {
            return Some(stem);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(language: Language, text: &str) -> Vec<String> {
        let mut analyzer = Analyzer::new(language);
        analyzer
            .words(text)
            .iter()
            .map(|w| analyzer.stem(w))
            .collect()
    }

    #[test]
    fn norwegian_words_are_folded_and_stemmed_together() {
        let mut nb = Analyzer::new(Language::Nb);
        assert_eq!(
            nb.words("Opplæring i Karriereløp"),
            ["opplaering", "i", "karrierelop"]
        );
        // Snowball alone gives `kur`, `kurs`, `kurs`: see `Analyzer::stem`.
        assert_eq!(
            stems(Language::Nb, "kurs kurset kursene"),
            ["kurs", "kurs", "kurs"]
        );
        assert_eq!(stems(Language::Nn, "kursa"), ["kurs"]);
        assert_eq!(
            stems(Language::Nb, "bransje bransjen"),
            ["bransj", "bransj"]
        );
    }

    /// The words and offsets of tantivy's own chain of filters, which
    /// `Analyzer::each_word` does in one pass.
    fn through_tantivy(text: &str) -> Vec<(String, usize)> {
        use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};
        let mut chain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_WORD))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let mut stream = chain.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            words.push((stream.token().text.clone(), stream.token().offset_from));
        }
        words
    }

    #[test]
    fn words_are_what_tantivys_filters_make_of_the_text() {
        let long_ascii = "a".repeat(LONGEST_WORD);
        let long_folded = format!("{}ø", "a".repeat(LONGEST_WORD - 2));
        let every_character: String = (0..0x3400u32)
            .chain(0x1F300..0x1F400)
            .filter_map(char::from_u32)
            .collect();
        let texts = [
            "Opplæring i Karriereløp, 2026-kurs: «ØKONOMI» og HMS/IA!",
            "İstanbul ΣΑΣ straße Ǆemal e\u{301}cole ﬁne Ⅻ ½ ١٢٣",
            "الدورةُ — التدريب، والعمل؟ قـــــراءة",
            "word\u{a0}word\u{200d}word emoji🎉here tab\tline\nend",
            &long_ascii,
            &long_ascii[1..],
            &long_folded,
            &long_folded[1..],
            &every_character,
            "",
            "...",
        ];
        let mut analyzer = Analyzer::new(Language::Nb);
        for text in texts {
            let mut ours = Vec::new();
            analyzer.each_word(text, |word, start| ours.push((word.to_owned(), start)));
            assert_eq!(ours, through_tantivy(text), "in {text:?}");
        }
    }

    #[test]
    fn the_arabic_article_does_not_stop_a_match() {
        let with_article = stems(Language::Ar, "الدورة");
        let without = stems(Language::Ar, "دورة");
        assert_eq!(with_article, without);
    }

    #[test]
    fn a_compound_gets_the_stem_of_its_tail_when_the_site_uses_that_word() {
        let nb = Analyzer::new(Language::Nb);
        let vocabulary = Vocabulary::new(&["dagligvarebransjen", "bransje", "renhold"], &nb);
        let terms = |n| -> Vec<&str> {
            let numbers = vocabulary.terms_of(n).iter();
            numbers
                .map(|&t| vocabulary.terms[t as usize].as_str())
                .collect()
        };
        assert_eq!(terms(0), ["dagligvarebransj", "bransj"]);
        assert_eq!(terms(2), ["renhold"]);
    }
}
