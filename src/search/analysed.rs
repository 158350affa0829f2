//! A language's pages analysed once, for both readers of the index: what
//! each search result shows, and each page's stem terms counted per field.
//! A build cuts the browser's files straight from this
//! (`export::from_analysed`); `kursportal search` puts it in tantivy
//! (`index_language`). A test holds the two to the same terms, counts and
//! lengths.
//!
//! Two passes, so no page's words are analysed twice and none is held as
//! text: the first reads each page once, for what it shows and how often it
//! uses each word (words numbered language-wide, `Lexicon`); the second, once
//! every word is known (compound tails are words the site uses on their
//! own, `Vocabulary`), turns each page's word counts into stem-term counts.
//! In the first pass a page's words are numbered within the page first
//! (`page_words`), so a word is looked up language-wide once a page, not
//! once each time the page uses it.

use std::sync::Mutex;

use rayon::prelude::*;

use super::analysis::{Analyzer, Vocabulary};
use super::page_words::{PageWords, FIELDS, HEADINGS, SUMMARY, TITLE};
use super::text;
use crate::fingerprint::FnvMap;
use crate::lang::Language;
use crate::model::{Page, TaxonomyModel};

/// How much of a page's text is kept for excerpts, in characters: its most
/// telling sentences (`text::telling_sentences`), light enough that the
/// excerpts of ten results load quickly on a phone.
const EXCERPT_TEXT_CHARS: usize = 360;
/// How many of the words a body uses most count as telling.
const REPEATED_WORDS: usize = 6;

/// A language's pages, in document order, analysed.
pub struct Analysed {
    pub shown: Vec<PageShown>,
    /// Every stem term, by its number.
    pub terms: Vec<String>,
    /// Each page's terms, by page.
    pub counts: Vec<FieldCounts>,
}

/// A page's terms (or words) with how often each occurs, per stem field in
/// `STEM_FIELDS` order: `(number, count)`, numbers ascending.
pub type FieldCounts = [Vec<(u32, u32)>; FIELDS];

/// What a search result shows of a page: its address, kind, terms and texts.
pub struct PageShown {
    pub url: String,
    pub kind: &'static str,
    pub facets: Vec<String>,
    pub title_text: String,
    pub summary_text: String,
    pub excerpt_text: String,
}

/// Analyses `pages` (one language's, in document order).
pub fn analyse(language: Language, pages: &[&Page], taxonomies: &[TaxonomyModel]) -> Analysed {
    let lexicon = Mutex::new(Lexicon::default());
    let (shown, word_counts): (Vec<PageShown>, Vec<FieldCounts>) = pages
        .par_iter()
        .map_init(
            || Reader::new(language),
            |reader, page| read_page(page, taxonomies, reader, &lexicon),
        )
        .unzip();
    let lexicon = lexicon.into_inner().unwrap_or_else(|e| e.into_inner());
    let vocabulary = Vocabulary::new(&lexicon.words(), &Analyzer::new(language));
    drop(lexicon);
    let counts = word_counts
        .into_par_iter()
        .map(|words| words.map(|field| term_counts(&field, &vocabulary)))
        .collect();
    Analysed {
        shown,
        terms: vocabulary.terms,
        counts,
    }
}

/// What a thread keeps from page to page: the analysis, the room for one
/// page's words, and the numbers of the words it has met (the lexicon is
/// locked only for a word new to the thread).
struct Reader {
    analyzer: Analyzer,
    words: PageWords,
    known: FnvMap<WordKey, u32>,
    known_long: FnvMap<Box<str>, u32>,
}

impl Reader {
    fn new(language: Language) -> Reader {
        Reader {
            analyzer: Analyzer::new(language),
            words: PageWords::default(),
            known: FnvMap::default(),
            known_long: FnvMap::default(),
        }
    }

    /// The lexicon's number of the page's word numbered `n`.
    fn lexicon_number(&mut self, n: u32, lexicon: &Mutex<Lexicon>) -> u32 {
        let word = self.words.word(n);
        let number_anew = || {
            let mut lexicon = lexicon.lock().unwrap_or_else(|e| e.into_inner());
            lexicon.number(word)
        };
        match WordKey::of(word) {
            Some(key) => *self.known.entry(key).or_insert_with(number_anew),
            None => match self.known_long.get(word) {
                Some(&number) => number,
                None => *self
                    .known_long
                    .entry(word.into())
                    .or_insert_with(number_anew),
            },
        }
    }
}

/// A word of fewer than 16 bytes, held in the key itself: a thread's map of
/// known words has tens of thousands, and comparing with a word kept
/// elsewhere in memory cost a cache miss for each word of each page.
#[derive(Clone, Copy, PartialEq, Eq)]
struct WordKey(u128);

impl WordKey {
    fn of(word: &str) -> Option<WordKey> {
        let bytes = word.as_bytes();
        if bytes.len() >= 16 {
            return None;
        }
        let mut key = [0u8; 16];
        key[..bytes.len()].copy_from_slice(bytes);
        // The length in the last byte, so "a" and "a\0" differ.
        key[15] = bytes.len() as u8;
        Some(WordKey(u128::from_le_bytes(key)))
    }
}

impl std::hash::Hash for WordKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let (low, high) = (self.0 as u64, (self.0 >> 64) as u64);
        state.write_u64(low ^ high.rotate_left(29));
    }
}

/// Every word a language's pages use, numbered in the order they were met.
#[derive(Default)]
struct Lexicon {
    numbers: FnvMap<Box<str>, u32>,
}

impl Lexicon {
    fn number(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.numbers.get(word) {
            return number;
        }
        let number = self.numbers.len() as u32;
        self.numbers.insert(word.into(), number);
        number
    }

    /// The words, by number.
    fn words(&self) -> Vec<&str> {
        let mut words = vec![""; self.numbers.len()];
        for (word, &number) in &self.numbers {
            words[number as usize] = word;
        }
        words
    }
}

/// One reading of a page: what it shows, and how often it uses each word in
/// each field (the words numbered in `lexicon`).
fn read_page(
    page: &Page,
    taxonomies: &[TaxonomyModel],
    reader: &mut Reader,
    lexicon: &Mutex<Lexicon>,
) -> (PageShown, FieldCounts) {
    let body_text = text::plain_text(&page.body_html);
    read_words(page, &body_text, reader);
    let telling = telling_words(&reader.words);
    let telling_places = reader
        .words
        .body()
        .iter()
        .filter(|(n, _)| telling[*n as usize]);
    let excerpt_text = text::telling_sentences(
        &body_text,
        EXCERPT_TEXT_CHARS,
        telling_places.map(|&(n, start)| (start as usize, n)),
    );
    let shown = PageShown {
        url: format!("/{}", page.url),
        kind: page.doc.kind.name(),
        facets: facets(page, taxonomies),
        excerpt_text,
        title_text: page.doc.meta.title.clone(),
        summary_text: page.doc.meta.summary.clone().unwrap_or_default(),
    };
    (shown, word_counts(reader, lexicon))
}

/// The words of a page's body, title, headings and summary, into
/// `reader.words`.
fn read_words(page: &Page, body_text: &str, reader: &mut Reader) {
    let Reader {
        analyzer, words, ..
    } = reader;
    words.clear();
    analyzer.each_word(body_text, |word, start| words.add_to_body(word, start));
    let meta = &page.doc.meta;
    analyzer.each_word(&meta.title, |word, _| words.add(TITLE, word));
    for entry in page.doc.toc.iter() {
        analyzer.each_word(&entry.title, |word, _| words.add(HEADINGS, word));
    }
    let summary = meta.summary.as_deref().unwrap_or_default();
    analyzer.each_word(summary, |word, _| words.add(SUMMARY, word));
}

/// A page's `taxonomy/term` keys (`sectors/renhold`).
fn facets(page: &Page, taxonomies: &[TaxonomyModel]) -> Vec<String> {
    page.terms
        .iter()
        .map(|t| {
            let taxonomy = &taxonomies[t.taxonomy];
            format!("{}/{}", taxonomy.key, taxonomy.terms[t.term].key)
        })
        .collect()
}

/// How often the page's words are in each field, by the lexicon's numbers.
fn word_counts(reader: &mut Reader, lexicon: &Mutex<Lexicon>) -> FieldCounts {
    let mut fields: FieldCounts = Default::default();
    for n in 0..reader.words.len() as u32 {
        let number = reader.lexicon_number(n, lexicon);
        let counts = reader.words.counts(n);
        for (field, &count) in fields.iter_mut().zip(&counts) {
            if count > 0 {
                field.push((number, count));
            }
        }
    }
    for field in &mut fields {
        field.sort_unstable();
    }
    fields
}

/// A field's word counts as stem-term counts: each word counts for each of
/// its terms, and words with one stem (`kurset`, `kursene`) add up.
fn term_counts(words: &[(u32, u32)], vocabulary: &Vocabulary) -> Vec<(u32, u32)> {
    let mut terms: Vec<(u32, u32)> = words
        .iter()
        .flat_map(|&(word, count)| {
            let terms = vocabulary.terms_of(word);
            terms.iter().map(move |&term| (term, count))
        })
        .collect();
    terms.sort_unstable_by_key(|&(term, _)| term);
    terms.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
    terms
}

/// The words that say what a page is about, for its excerpt, by the page's
/// numbers: its title and heading words, and the `REPEATED_WORDS` longer
/// words its body uses most.
fn telling_words(words: &PageWords) -> Vec<bool> {
    let mut telling = vec![false; words.len()];
    let mut repeated: Vec<(u32, u32)> = Vec::new();
    for n in 0..words.len() as u32 {
        let [title, headings, _, body] = words.counts(n);
        let length = words.word(n).len();
        telling[n as usize] = (title > 0 || headings > 0) && length >= 4;
        if body > 0 && length >= 5 {
            repeated.push((n, body));
        }
    }
    let most_first = |a: &(u32, u32), b: &(u32, u32)| {
        let by_word = || words.word(a.0).cmp(words.word(b.0));
        b.1.cmp(&a.1).then_with(by_word)
    };
    // Only which are the first few counts, not their order.
    if repeated.len() > REPEATED_WORDS {
        repeated.select_nth_unstable_by(REPEATED_WORDS, most_first);
    }
    for &(n, _) in repeated.iter().take(REPEATED_WORDS) {
        telling[n as usize] = true;
    }
    telling
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_one_stem_add_up_and_a_compound_counts_for_its_tail() {
        let nb = Analyzer::new(Language::Nb);
        let words = ["kurset", "kursene", "dagligvarebransjen", "bransje"];
        let vocabulary = Vocabulary::new(&words, &nb);
        let number = |term: &str| vocabulary.terms.iter().position(|t| t == term).unwrap() as u32;
        let counts = term_counts(&[(0, 2), (1, 3), (2, 1), (3, 4)], &vocabulary);
        let mut expected = vec![
            (number("kurs"), 5),
            (number("dagligvarebransj"), 1),
            (number("bransj"), 5),
        ];
        expected.sort_unstable();
        assert_eq!(counts, expected);
    }
}
