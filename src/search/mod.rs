//! The search phase: the finished site model → one tantivy index per
//! language, and the queries that run over it (`kursportal search`).
//!
//! Text is analysed here (`analysis`), not by tantivy's tokenizers: each
//! field gets our terms, a space apart, and tantivy only splits them, so the
//! terms in the index are exactly the ones this module decides on, and a
//! query is analysed by the same code. That is what lets another reader of
//! the index (the browser, through `export`) answer as the command line does.

pub mod analysis;
pub mod export;
mod query;
mod text;

use std::collections::BTreeMap;
use std::hash::Hasher as _;
use std::sync::Mutex;

use anyhow::{Context, Result};
use rayon::prelude::*;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::WhitespaceTokenizer;
use tantivy::{Index, IndexReader, TantivyDocument};

use crate::fingerprint::{Fnv, FnvMap, FnvSet};
use crate::lang::Language;
use crate::model::{LanguageView, Page, SiteModel, TaxonomyModel};

use analysis::{Analyzer, Words};
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

/// The fields that hold stems (compound tails included), in the order the
/// exported format numbers them, with their weight in a score: a title
/// match counts most.
pub const STEM_FIELDS: [(&str, f32); 4] = [
    ("title", 4.0),
    ("headings", 2.5),
    ("summary", 1.5),
    ("body", 1.0),
];

/// The index's fields.
#[derive(Clone, Copy)]
pub struct Fields {
    /// `STEM_FIELDS`, in that order.
    pub stems: [Field; 4],
    pub url: Field,
    pub kind: Field,
    /// `taxonomy/term` keys (`sectors/renhold`): what results are filtered by.
    pub facets: Field,
    pub title_text: Field,
    pub summary_text: Field,
    /// The page's most telling sentences, that excerpts are cut from.
    pub excerpt_text: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let indexed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let stems = STEM_FIELDS.map(|(name, _)| builder.add_text_field(name, indexed.clone()));
        let fields = Fields {
            stems,
            url: builder.add_text_field("url", STRING | STORED),
            kind: builder.add_text_field("kind", STRING | STORED),
            facets: builder.add_text_field("facets", STRING | STORED),
            title_text: builder.add_text_field("title_text", STORED),
            summary_text: builder.add_text_field("summary_text", STORED),
            excerpt_text: builder.add_text_field("excerpt_text", STORED),
        };
        (builder.build(), fields)
    }
}

/// How much of a page's text is kept for excerpts, in characters: its most
/// telling sentences (`text::telling_sentences`), light enough that the
/// excerpts of ten results load quickly on a phone.
const EXCERPT_TEXT_CHARS: usize = 360;
/// Pages analysed into stem terms at a time, in parallel, before they are
/// added to the index in order.
const BATCH: usize = 256;
/// The index writer's memory ceiling (see `index_language`).
const WRITER_BUDGET: usize = 2_000_000_000;
/// How many of the words a body uses most count as telling.
const REPEATED_WORDS: usize = 6;

/// What a search result shows of a page: its address, kind, terms and texts.
struct PageShown {
    url: String,
    kind: &'static str,
    facets: Vec<String>,
    title_text: String,
    summary_text: String,
    excerpt_text: String,
}

impl PageShown {
    /// What `page` shows; every word it uses goes into `site_words`.
    fn of(
        page: &Page,
        taxonomies: &[TaxonomyModel],
        analyzer: &mut Analyzer,
        site_words: &Mutex<FnvSet<String>>,
    ) -> PageShown {
        let meta = &page.doc.meta;
        let body_text = text::plain_text(&page.body_html);
        let (body, starts) = analyzer.words_at(&body_text);
        let [title, headings, summary] = head_words(page, analyzer);
        let own: FnvSet<&str> = [&title, &headings, &summary, &body]
            .into_iter()
            .flat_map(Words::iter)
            .collect();
        let mut known = site_words.lock().unwrap_or_else(|e| e.into_inner());
        for word in own {
            if !known.contains(word) {
                known.insert(word.to_owned());
            }
        }
        drop(known);
        let telling = telling_words(&title, &headings, &body);
        let excerpt_text =
            text::telling_sentences(&body_text, EXCERPT_TEXT_CHARS, (&body, &starts), &telling);
        let facets = page
            .terms
            .iter()
            .map(|t| {
                let taxonomy = &taxonomies[t.taxonomy];
                format!("{}/{}", taxonomy.key, taxonomy.terms[t.term].key)
            })
            .collect();
        PageShown {
            url: format!("/{}", page.url),
            kind: page.doc.kind.name(),
            facets,
            excerpt_text,
            title_text: meta.title.clone(),
            summary_text: meta.summary.clone().unwrap_or_default(),
        }
    }
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

/// A page's words in each stem field, `STEM_FIELDS` order.
fn field_words(page: &Page, analyzer: &mut Analyzer) -> [Words; 4] {
    let [title, headings, summary] = head_words(page, analyzer);
    let body = analyzer.field_words(&text::plain_text(&page.body_html));
    [title, headings, summary, body]
}

/// The words that say what a page is about, for its excerpt: its title and
/// heading words, and the `REPEATED_WORDS` longer words its body uses most.
fn telling_words<'a>(title: &'a Words, headings: &'a Words, body: &'a Words) -> FnvSet<&'a str> {
    let mut counts: FnvMap<&str, usize> = FnvMap::default();
    for word in body.iter().filter(|w| w.len() >= 5) {
        *counts.entry(word).or_default() += 1;
    }
    let mut repeated: Vec<(&str, usize)> = counts.into_iter().collect();
    repeated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let own = title.iter().chain(headings.iter()).filter(|w| w.len() >= 4);
    own.chain(repeated.into_iter().take(REPEATED_WORDS).map(|(w, _)| w))
        .collect()
}

/// Indexes every published page version of every language in memory, one
/// language after the other: the pages of one language are analysed in
/// parallel already, and two languages at once would hold both languages'
/// words and index writers at the same time.
pub fn index_site(model: &SiteModel) -> Result<SiteIndex> {
    let languages = model
        .languages
        .iter()
        .map(|view| Ok((view.language, index_view(model, view)?)))
        .collect::<Result<_>>()?;
    Ok(SiteIndex {
        languages,
        default: default_language(model),
    })
}

/// The index one query needs: only the language it asks for (the site's
/// default when it names none), so `kursportal search` indexes no more.
pub fn index_for_query(model: &SiteModel, language: Option<Language>) -> Result<SiteIndex> {
    let default = default_language(model);
    let wanted = language.unwrap_or(default);
    let view = model
        .languages
        .iter()
        .find(|v| v.language == wanted)
        .ok_or_else(|| {
            query::no_such_language(wanted, model.languages.iter().map(|v| v.language))
        })?;
    Ok(SiteIndex {
        languages: BTreeMap::from([(wanted, index_view(model, view)?)]),
        default,
    })
}

fn default_language(model: &SiteModel) -> Language {
    model.languages.first().map_or(Language::Nb, |v| v.language)
}

fn index_view(model: &SiteModel, view: &LanguageView) -> Result<LanguageIndex> {
    index_language(
        view.language,
        &model.pages_a_to_z(view.language),
        &view.taxonomies,
    )
    .with_context(|| format!("indexing the {} pages", view.language.code()))
}

/// What the search files will be called and carry, worked out from the
/// model before the index is built, so pages can point to the files while
/// the index is built beside them.
pub struct SearchPlan {
    /// The words each language's search page shows, carried in its meta file.
    pub labels: BTreeMap<Language, serde_json::Value>,
    /// Each language's meta file, which pages point the search script to.
    pub meta_paths: BTreeMap<Language, String>,
    /// The hash each meta file is named by.
    meta_hashes: BTreeMap<Language, String>,
}

/// The name the meta files get in a preview (`Options::preview`).
pub const PREVIEW_META: &str = "preview";

impl SearchPlan {
    /// The plan for `model`; `fixed_names` gives every meta file the name
    /// `PREVIEW_META` instead of a fingerprint.
    pub fn new(
        model: &SiteModel,
        labels: impl Fn(Language) -> serde_json::Value,
        fixed_names: bool,
    ) -> SearchPlan {
        let mut plan = SearchPlan {
            labels: BTreeMap::new(),
            meta_paths: BTreeMap::new(),
            meta_hashes: BTreeMap::new(),
        };
        for view in &model.languages {
            let labels = labels(view.language);
            let hash = if fixed_names {
                PREVIEW_META.to_owned()
            } else {
                index_fingerprint(model, view, &labels)
            };
            let path = export::meta_path(view.language.code(), &hash);
            plan.meta_paths.insert(view.language, path);
            plan.meta_hashes.insert(view.language, hash);
            plan.labels.insert(view.language, labels);
        }
        plan
    }

    /// A fingerprint of everything the index is made from, per language: the
    /// meta files' names when they are not fixed (a preview asks for it to
    /// tell whether its search files must be made again).
    pub fn fingerprints(&self, model: &SiteModel) -> BTreeMap<Language, String> {
        model
            .languages
            .iter()
            .map(|view| {
                let print = index_fingerprint(model, view, &self.labels[&view.language]);
                (view.language, print)
            })
            .collect()
    }
}

/// A hash of everything a language's index is made from (what `PageWords`
/// reads of each page, the labels, the format and this program's version):
/// the same inputs give the same files, so the meta file may be named by it
/// and cached for ever like the files named by their own bytes.
fn index_fingerprint(model: &SiteModel, view: &LanguageView, labels: &serde_json::Value) -> String {
    let mut hash = Fnv::default();
    // Each part with its length first, so no two inputs run together alike.
    let mut put = |bytes: &[u8]| {
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(bytes);
    };
    put(env!("CARGO_PKG_VERSION").as_bytes());
    put(&export::FORMAT.to_le_bytes());
    put(labels.to_string().as_bytes());
    for page in model.pages.iter().filter(|p| p.doc.lang == view.language) {
        let meta = &page.doc.meta;
        put(page.url.as_bytes());
        put(page.doc.kind.name().as_bytes());
        put(meta.title.as_bytes());
        put(meta.summary.as_deref().unwrap_or_default().as_bytes());
        put(page.body_html.as_bytes());
        for entry in page.doc.toc.iter() {
            put(entry.title.as_bytes());
        }
        for term in &page.terms {
            let taxonomy = &view.taxonomies[term.taxonomy];
            put(taxonomy.key.as_bytes());
            put(taxonomy.terms[term.term].key.as_bytes());
        }
    }
    format!("{:012x}", hash.finish() >> 16)
}

/// Writes every language's index in the browser's format (`export`), under
/// the names and with the labels of `plan`. Paths from the output root.
pub fn export_site(index: &SiteIndex, plan: &SearchPlan) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for language_index in index.languages.values() {
        files.extend(export_language(language_index, plan)?);
    }
    Ok(files)
}

/// The search files of every language for a build: each language indexed,
/// exported and let go of before the next (a build keeps no index; only
/// `kursportal search` asks one).
pub fn site_files(model: &SiteModel, plan: &SearchPlan) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for view in &model.languages {
        files.extend(export_language(&index_view(model, view)?, plan)?);
    }
    Ok(files)
}

fn export_language(index: &LanguageIndex, plan: &SearchPlan) -> Result<Vec<(String, Vec<u8>)>> {
    let data = export::from_tantivy(index)?;
    let labels = plan.labels[&index.language].clone();
    let hash = &plan.meta_hashes[&index.language];
    Ok(export::write(&data, labels, hash)?.files)
}

fn index_language(
    language: Language,
    pages: &[&Page],
    taxonomies: &[TaxonomyModel],
) -> Result<LanguageIndex> {
    let (schema, fields) = Fields::schema();
    let index = Index::create_in_ram(schema);
    index
        .tokenizers()
        .register(TERMS_TOKENIZER, WhitespaceTokenizer::default());
    // One thread and one commit give one segment, so document ids follow
    // the order pages are added in and every reader sees the same index.
    // The budget is only a ceiling (tantivy's arena grows as the words
    // need it): set high, the writer never flushes a second segment early,
    // however large the site.
    let mut writer = index.writer_with_num_threads(1, WRITER_BUDGET)?;
    let analyzer = Analyzer::new(language);
    // Two passes, so that no language holds every page's words at once.
    // The first finds what each page shows and every word of the site (the
    // vocabulary splits compounds into words the site knows); the second
    // analyses the pages again, a batch at a time, into stem terms.
    let site_words = Mutex::new(FnvSet::default());
    let shown: Vec<PageShown> = pages
        .par_iter()
        .map_init(
            || Analyzer::new(language),
            |analyzer, page| PageShown::of(page, taxonomies, analyzer, &site_words),
        )
        .collect();
    let site_words = site_words.into_inner().unwrap_or_else(|e| e.into_inner());
    let vocabulary =
        analysis::Vocabulary::new(site_words.iter().map(String::as_str).collect(), &analyzer);
    drop(site_words);
    // Documents in A–Å order of their titles, then URLs (`pages_a_to_z`):
    // pages about one thing ("Renhold", "Renhold og smittevern") sit side by
    // side, so the results of a query tend to share the browser's files.
    for (batch, shown) in pages.chunks(BATCH).zip(shown.chunks(BATCH)) {
        let stems: Vec<[String; 4]> = batch
            .par_iter()
            .map_init(
                || Analyzer::new(language),
                |analyzer, page| {
                    field_words(page, analyzer).map(|words| {
                        let stems = words.iter().flat_map(|w| vocabulary.stem_terms(w));
                        join_terms(stems, words.byte_len() + words.byte_len() / 4)
                    })
                },
            )
            .collect();
        for (page, stems) in shown.iter().zip(stems) {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.url, &page.url);
            doc.add_text(fields.kind, page.kind);
            for facet in &page.facets {
                doc.add_text(fields.facets, facet);
            }
            doc.add_text(fields.title_text, &page.title_text);
            doc.add_text(fields.summary_text, &page.summary_text);
            doc.add_text(fields.excerpt_text, &page.excerpt_text);
            for (field, stems) in fields.stems.iter().zip(stems) {
                doc.add_text(*field, stems);
            }
            writer.add_document(doc)?;
        }
    }
    writer.commit()?;
    let reader = index.reader()?;
    Ok(LanguageIndex {
        language,
        fields,
        reader,
    })
}

/// `terms`, a space apart; `capacity` is about how long that will be.
fn join_terms<'a>(terms: impl Iterator<Item = &'a String>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    for term in terms {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(term);
    }
    out
}

/// The stem fields hold text that is already our terms, one space apart,
/// so tantivy only splits it. (tantivy's pre-tokenized values go through
/// JSON inside the document, which cost more than the whole analysis.)
const TERMS_TOKENIZER: &str = "kursportal-terms";
