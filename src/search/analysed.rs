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

use std::sync::Mutex;

use rayon::prelude::*;

use super::analysis::{Analyzer, Vocabulary, Words};
use super::text;
use crate::fingerprint::{FnvMap, FnvSet};
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
pub type FieldCounts = [Vec<(u32, u32)>; 4];

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
            || (Analyzer::new(language), FnvMap::default()),
            |(analyzer, known), page| {
                let lexicon = (&mut *known, &lexicon);
                read_page(page, taxonomies, analyzer, lexicon)
            },
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

/// The numbers of the words a thread has met, and the lexicon that numbers
/// them: the lexicon is locked only for a word new to the thread.
type Numbering<'a> = (&'a mut FnvMap<Box<str>, u32>, &'a Mutex<Lexicon>);

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
    analyzer: &mut Analyzer,
    lexicon: Numbering,
) -> (PageShown, FieldCounts) {
    let body_text = text::plain_text(&page.body_html);
    let (body, starts) = analyzer.words_at(&body_text);
    let [title, headings, summary] = head_words(page, analyzer);
    let telling = telling_words(&title, &headings, &body);
    let excerpt_text =
        text::telling_sentences(&body_text, EXCERPT_TEXT_CHARS, (&body, &starts), &telling);
    let shown = PageShown {
        url: format!("/{}", page.url),
        kind: page.doc.kind.name(),
        facets: facets(page, taxonomies),
        excerpt_text,
        title_text: page.doc.meta.title.clone(),
        summary_text: page.doc.meta.summary.clone().unwrap_or_default(),
    };
    let counts = word_counts([&title, &headings, &summary, &body], lexicon);
    (shown, counts)
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

/// How often each word is in each field, by the words' numbers.
fn word_counts(fields: [&Words; 4], (known, lexicon): Numbering) -> FieldCounts {
    fields.map(|words| {
        let mut numbers: Vec<u32> = words
            .iter()
            .map(|word| match known.get(word) {
                Some(&number) => number,
                None => {
                    let number = lexicon
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .number(word);
                    known.insert(word.into(), number);
                    number
                }
            })
            .collect();
        numbers.sort_unstable();
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for number in numbers {
            match counts.last_mut() {
                Some((last, count)) if *last == number => *count += 1,
                _ => counts.push((number, 1)),
            }
        }
        counts
    })
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

/// The words of a page's title, headings and summary.
fn head_words(page: &Page, analyzer: &mut Analyzer) -> [Words; 3] {
    let mut headings = Words::default();
    for entry in page.doc.toc.iter() {
        headings.append(&analyzer.field_words(&entry.title));
    }
    let meta = &page.doc.meta;
    let summary = meta.summary.as_deref().unwrap_or_default();
    [
        analyzer.field_words(&meta.title),
        headings,
        analyzer.field_words(summary),
    ]
}

/// The words that say what a page is about, for its excerpt: its title and
/// heading words, and the `REPEATED_WORDS` longer words its body uses most.
fn telling_words<'a>(title: &'a Words, headings: &'a Words, body: &'a Words) -> FnvSet<&'a str> {
    let mut counts: FnvMap<&str, usize> = FnvMap::default();
    for word in body.iter().filter(|w| w.len() >= 5) {
        *counts.entry(word).or_default() += 1;
    }
    let mut repeated: Vec<(&str, usize)> = counts.into_iter().collect();
    let most_first =
        |a: &(&str, usize), b: &(&str, usize)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    // Only which are the first few counts (they go into a set), not their order.
    if repeated.len() > REPEATED_WORDS {
        repeated.select_nth_unstable_by(REPEATED_WORDS, most_first);
    }
    let own = title.iter().chain(headings.iter()).filter(|w| w.len() >= 4);
    own.chain(repeated.into_iter().take(REPEATED_WORDS).map(|(w, _)| w))
        .collect()
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
