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
    AsciiFoldingFilter, Language as StemLanguage, LowerCaser, RawTokenizer, RemoveLongFilter,
    SimpleTokenizer, Stemmer, TextAnalyzer,
};

use crate::lang::Language;

/// Words longer than this are noise (URLs, file names) and are dropped.
const LONGEST_WORD: usize = 40;
/// The shortest tail of a compound that counts as a word of its own, and the
/// shortest head it may leave: short tails (`er`, `ing`) are endings, not words.
const SHORTEST_COMPOUND_PART: usize = 4;

/// A field's words, in order, one space apart, with where each ends: two
/// allocations a field instead of one a word, and read word by word
/// without looking for the spaces again.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Words {
    text: String,
    ends: Vec<u32>,
}

impl Words {
    pub fn push(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
    }

    /// Every word of `other` after these.
    pub fn append(&mut self, other: &Words) {
        other.iter().for_each(|word| self.push(word));
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.ends.iter().scan(0, |start, &end| {
            let word = &self.text[*start..end as usize];
            *start = end as usize + 1;
            Some(word)
        })
    }
}

/// A language's analysis: words and stems.
#[derive(Clone)]
pub struct Analyzer {
    words: TextAnalyzer,
    stemmer: TextAnalyzer,
    norwegian: bool,
}

impl Analyzer {
    pub fn new(language: Language) -> Analyzer {
        let words = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(LONGEST_WORD))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let stemmer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(stem_language(language)))
            .build();
        Analyzer {
            words,
            stemmer,
            norwegian: matches!(language, Language::Nb | Language::Nn),
        }
    }

    /// The text's words, lower-cased and folded, in order.
    pub fn words(&mut self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.each_word(text, |word, _| words.push(word.to_owned()));
        words
    }

    /// The text's words, as one field's `Words`.
    pub fn field_words(&mut self, text: &str) -> Words {
        let mut words = Words::default();
        self.each_word(text, |word, _| words.push(word));
        words
    }

    /// The text's words, and where each starts in it (a byte offset).
    pub fn words_at(&mut self, text: &str) -> (Words, Vec<usize>) {
        let (mut words, mut starts) = (Words::default(), Vec::new());
        self.each_word(text, |word, start| {
            words.push(word);
            starts.push(start);
        });
        (words, starts)
    }

    fn each_word(&mut self, text: &str, mut found: impl FnMut(&str, usize)) {
        let mut stream = self.words.token_stream(text);
        while stream.advance() {
            found(&stream.token().text, stream.token().offset_from);
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
