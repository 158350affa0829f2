//! The search phase: the finished site model → one tantivy index per
//! language, and the queries that run over it (`kursportal search`).
//!
//! Text is analysed here, not by tantivy's tokenizer manager: each field is
//! added as pre-tokenized text (`analysis`), so the terms in the index are
//! exactly the ones this module decides on, and a query is analysed by the
//! same code. That is what lets another reader of the index (the browser)
//! answer as the command line does.

mod analysis;
mod query;
mod text;

use std::collections::{BTreeMap, HashSet};

use anyhow::{Context, Result};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexReader, TantivyDocument};

use crate::lang::Language;
use crate::model::{Page, SiteModel};

use analysis::Analyzer;
pub use query::{search, Hit, Query};

/// Every language's index.
pub struct SiteIndex {
    pub languages: BTreeMap<Language, LanguageIndex>,
    /// The site's default language, asked when a query names none.
    pub default: Language,
}

/// One language's pages in a tantivy index, read through one segment.
pub struct LanguageIndex {
    pub language: Language,
    pub fields: Fields,
    pub reader: IndexReader,
}

/// The index's fields. Text fields hold stems (and compound tails);
/// `*_words` hold the folded words that prefixes and typos are matched to.
#[derive(Clone, Copy)]
pub struct Fields {
    pub url: Field,
    pub title: Field,
    pub headings: Field,
    pub summary: Field,
    pub body: Field,
    pub title_words: Field,
    pub words: Field,
    /// Every beginning of every word (`re`, `ren`, `renh` … `renhold`), so a
    /// word being typed is one term with its own frequency.
    pub title_prefixes: Field,
    pub prefixes: Field,
    pub kind: Field,
    pub title_text: Field,
    pub summary_text: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let indexed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqs),
        );
        let mut text = |name: &str| builder.add_text_field(name, indexed.clone());
        let (title, headings, summary, body) = (
            text("title"),
            text("headings"),
            text("summary"),
            text("body"),
        );
        let (title_words, words) = (text("title_words"), text("words"));
        let (title_prefixes, prefixes) = (text("title_prefixes"), text("prefixes"));
        let fields = Fields {
            url: builder.add_text_field("url", STRING | STORED),
            title,
            headings,
            summary,
            body,
            title_words,
            words,
            title_prefixes,
            prefixes,
            kind: builder.add_text_field("kind", STRING | STORED),
            title_text: builder.add_text_field("title_text", STORED),
            summary_text: builder.add_text_field("summary_text", STORED),
        };
        (builder.build(), fields)
    }
}

/// A page as the index sees it: what is shown of it, and its words per
/// field, analysed once.
struct PageWords {
    url: String,
    kind: &'static str,
    title_text: String,
    summary_text: String,
    title: Vec<String>,
    headings: Vec<String>,
    summary: Vec<String>,
    body: Vec<String>,
}

impl PageWords {
    fn of(page: &Page, analyzer: &mut Analyzer) -> PageWords {
        let meta = &page.doc.meta;
        let summary_text = meta.summary.clone().unwrap_or_default();
        let headings: Vec<String> = page
            .doc
            .toc
            .iter()
            .flat_map(|entry| analyzer.words(&entry.title))
            .collect();
        PageWords {
            url: format!("/{}", page.url),
            kind: page.doc.kind.name(),
            title: analyzer.words(&meta.title),
            headings,
            summary: analyzer.words(&summary_text),
            body: analyzer.words(&text::plain_text(&page.body_html)),
            title_text: meta.title.clone(),
            summary_text,
        }
    }

    /// The words outside the title, which prefixes and near misses match.
    fn other_words(&self) -> Vec<String> {
        [&self.headings, &self.summary, &self.body]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }
}

/// Indexes every published page version of every language in memory.
pub fn index_site(model: &SiteModel) -> Result<SiteIndex> {
    let languages = model
        .languages
        .iter()
        .map(|view| {
            let pages = model.pages.iter().filter(|p| p.doc.lang == view.language);
            let index = index_language(view.language, pages)
                .with_context(|| format!("indexing the {} pages", view.language.code()))?;
            Ok((view.language, index))
        })
        .collect::<Result<_>>()?;
    let default = model.languages.first().map_or(Language::Nb, |v| v.language);
    Ok(SiteIndex { languages, default })
}

fn index_language<'a>(
    language: Language,
    pages: impl Iterator<Item = &'a Page>,
) -> Result<LanguageIndex> {
    let (schema, fields) = Fields::schema();
    let index = Index::create_in_ram(schema);
    // One thread and one commit give one segment, so document ids follow
    // the order pages are added in and every reader sees the same index.
    let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
    let mut analyzer = Analyzer::new(language);
    let pages: Vec<PageWords> = pages.map(|p| PageWords::of(p, &mut analyzer)).collect();
    let vocabulary = analysis::Vocabulary::new(distinct_words(&pages), &mut analyzer);
    let stems = |words: &[String]| -> Vec<String> {
        words
            .iter()
            .flat_map(|w| vocabulary.stem_terms(w))
            .cloned()
            .collect()
    };
    for page in pages {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.url, &page.url);
        doc.add_text(fields.kind, page.kind);
        doc.add_text(fields.title_text, &page.title_text);
        doc.add_text(fields.summary_text, &page.summary_text);
        doc.add_pre_tokenized_text(fields.title, pre_tokenized(stems(&page.title)));
        doc.add_pre_tokenized_text(fields.headings, pre_tokenized(stems(&page.headings)));
        doc.add_pre_tokenized_text(fields.summary, pre_tokenized(stems(&page.summary)));
        doc.add_pre_tokenized_text(fields.body, pre_tokenized(stems(&page.body)));
        let other_words = page.other_words();
        doc.add_pre_tokenized_text(fields.title_prefixes, pre_tokenized(prefixes(&page.title)));
        doc.add_pre_tokenized_text(fields.prefixes, pre_tokenized(prefixes(&other_words)));
        doc.add_pre_tokenized_text(fields.title_words, pre_tokenized(page.title));
        doc.add_pre_tokenized_text(fields.words, pre_tokenized(other_words));
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let reader = index.reader()?;
    Ok(LanguageIndex {
        language,
        fields,
        reader,
    })
}

/// Every word the language's pages use, once.
fn distinct_words(pages: &[PageWords]) -> HashSet<String> {
    pages
        .iter()
        .flat_map(|p| [&p.title, &p.headings, &p.summary, &p.body])
        .flatten()
        .cloned()
        .collect()
}

/// Every beginning of every word, from two letters up to `analysis::prefix`'s length.
///
/// Each distinct word of a text counts once: a prefix's frequency in a page
/// is how many different words begin with it there. That keeps the field a
/// fraction of the body's size, and a page that repeats one word does not
/// win every prefix of it.
fn prefixes(words: &[String]) -> Vec<String> {
    let distinct: std::collections::BTreeSet<&String> = words.iter().collect();
    let mut out = Vec::new();
    for word in distinct {
        let longest = analysis::prefix(word).len();
        let ends = word.char_indices().map(|(i, c)| i + c.len_utf8()).skip(1);
        out.extend(
            ends.take_while(|&end| end <= longest)
                .map(|end| word[..end].to_owned()),
        );
    }
    out
}

/// Terms as tantivy's tokens. Offsets and the text are not used (nothing
/// is highlighted from the index, and these fields are not stored).
fn pre_tokenized(terms: Vec<String>) -> PreTokenizedString {
    let tokens = terms
        .into_iter()
        .enumerate()
        .map(|(position, text)| Token {
            offset_from: 0,
            offset_to: 0,
            position,
            text,
            position_length: 1,
        })
        .collect();
    PreTokenizedString {
        text: String::new(),
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_beginning_of_a_word_from_two_letters_is_a_prefix() {
        let words = ["renhold".to_owned(), "ø".to_owned()];
        assert_eq!(
            prefixes(&words),
            ["re", "ren", "renh", "renho", "renhol", "renhold"]
        );
        let long = "a".repeat(30);
        assert_eq!(prefixes(&[long]).last().map(|p| p.len()), Some(20));
    }
}
