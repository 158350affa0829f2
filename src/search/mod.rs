//! The search phase: the finished site model → each language's pages
//! analysed (`analysed`), then cut into the browser's files (`export`) for
//! a build, or put in a tantivy index for the queries of `kursportal
//! search` (`query`).
//!
//! Text is analysed here (`analysis`), not by tantivy's tokenizers: each
//! field gets our terms, a space apart, and tantivy only splits them, so the
//! terms in the index are exactly the ones this module decides on, and a
//! query is analysed by the same code. That is what lets another reader of
//! the index (the browser, through `export`) answer as the command line does.

mod analysed;
pub mod analysis;
pub mod export;
mod page_words;
mod query;
mod text;

use std::collections::BTreeMap;
use std::hash::Hasher;

use anyhow::{Context, Result};
use rayon::prelude::*;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::WhitespaceTokenizer;
use tantivy::{Index, IndexReader, TantivyDocument};

use crate::lang::Language;
use crate::model::{LanguageView, Page, SiteModel};

use analysed::Analysed;
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

/// The index writer's memory ceiling (see `index_language`).
const WRITER_BUDGET: usize = 2_000_000_000;

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
    index_language(view.language, analyse_view(model, view))
        .with_context(|| format!("indexing the {} pages", view.language.code()))
}

/// A language's pages analysed, in document order: A–Å by title, then URL
/// (`pages_a_to_z`), so pages about one thing ("Renhold", "Renhold og
/// smittevern") sit side by side and the results of a query tend to share
/// the browser's files.
fn analyse_view(model: &SiteModel, view: &LanguageView) -> Analysed {
    let pages = model.pages_a_to_z(view.language);
    analysed::analyse(view.language, &pages, &view.taxonomies)
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

/// A hash of everything a language's index is made from (what `analysed`
/// reads of each page, the labels, the format and this program's version):
/// the same inputs give the same files, so the meta file may be named by it
/// and cached for ever like the files named by their own bytes. Each page
/// is hashed on its own, in parallel: a build waits for this before it
/// draws a page.
fn index_fingerprint(model: &SiteModel, view: &LanguageView, labels: &serde_json::Value) -> String {
    let page_hashes: Vec<u64> = model
        .pages
        .par_iter()
        .filter(|p| p.doc.lang == view.language)
        .map(|page| page_fingerprint(page, view))
        .collect();
    let mut hash = crate::fingerprint::long_input_hasher();
    put(&mut hash, env!("CARGO_PKG_VERSION").as_bytes());
    put(&mut hash, &export::FORMAT.to_le_bytes());
    put(&mut hash, labels.to_string().as_bytes());
    for page_hash in page_hashes {
        hash.write(&page_hash.to_le_bytes());
    }
    format!("{:012x}", hash.finish() >> 16)
}

/// A hash of what the index reads of one page.
fn page_fingerprint(page: &Page, view: &LanguageView) -> u64 {
    let mut hash = crate::fingerprint::long_input_hasher();
    let meta = &page.doc.meta;
    put(&mut hash, page.url.as_bytes());
    put(&mut hash, page.doc.kind.name().as_bytes());
    put(&mut hash, meta.title.as_bytes());
    put(
        &mut hash,
        meta.summary.as_deref().unwrap_or_default().as_bytes(),
    );
    // Not the placeholders' marks, which are drawn anew in each run.
    for piece in crate::parse::markdown::between_placeholder_marks(&page.body_html) {
        put(&mut hash, piece.as_bytes());
    }
    for entry in page.doc.toc.iter() {
        put(&mut hash, entry.title.as_bytes());
    }
    for term in &page.terms {
        let taxonomy = &view.taxonomies[term.taxonomy];
        put(&mut hash, taxonomy.key.as_bytes());
        put(&mut hash, taxonomy.terms[term.term].key.as_bytes());
    }
    hash.finish()
}

/// `bytes` into `hash`, its length first, so no two inputs run together
/// alike.
fn put(hash: &mut impl Hasher, bytes: &[u8]) {
    hash.write(&(bytes.len() as u64).to_le_bytes());
    hash.write(bytes);
}

/// The search files of every language for a build, cut straight from the
/// analysed pages (a build needs no tantivy index; only `kursportal search`
/// asks one). The files of one language are cut (one thread's work) while
/// the next language is analysed (all threads'); each language is let go of
/// once cut, and with `one_off` (nothing else of the program will run on),
/// its memory is given back to the system (`heap`).
pub fn site_files(
    model: &SiteModel,
    plan: &SearchPlan,
    one_off: bool,
) -> Result<Vec<(String, Vec<u8>)>> {
    let cut = |language: Language, analysed: Analysed| -> Result<Vec<(String, Vec<u8>)>> {
        let data = export::from_analysed(language, analysed);
        let files = export_data(language, &data, plan);
        drop(data);
        if one_off {
            crate::heap::give_back_freed();
        }
        files
    };
    let mut files = Vec::new();
    let mut analysed: Option<(Language, Analysed)> = None;
    for view in &model.languages {
        let before = analysed.take();
        let (cut_before, next) = rayon::join(
            || before.map(|(language, pages)| cut(language, pages)),
            || analyse_view(model, view),
        );
        files.extend(cut_before.transpose()?.unwrap_or_default());
        analysed = Some((view.language, next));
    }
    if let Some((language, pages)) = analysed {
        files.extend(cut(language, pages)?);
    }
    Ok(files)
}

/// The browser's files made through a tantivy index, as `kursportal
/// search` reads it: a build's files (`site_files`) must be these, byte
/// for byte.
pub fn site_files_through_tantivy(
    model: &SiteModel,
    plan: &SearchPlan,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for view in &model.languages {
        let data = export::from_tantivy(&index_view(model, view)?)?;
        files.extend(export_data(view.language, &data, plan)?);
    }
    Ok(files)
}

fn export_data(
    language: Language,
    data: &export::IndexData,
    plan: &SearchPlan,
) -> Result<Vec<(String, Vec<u8>)>> {
    let labels = plan.labels[&language].clone();
    let hash = &plan.meta_hashes[&language];
    Ok(export::write(data, labels, hash)?.files)
}

fn index_language(language: Language, analysed: Analysed) -> Result<LanguageIndex> {
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
    let terms = &analysed.terms;
    for (page, counts) in analysed.shown.iter().zip(&analysed.counts) {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.url, &page.url);
        doc.add_text(fields.kind, page.kind);
        for facet in &page.facets {
            doc.add_text(fields.facets, facet);
        }
        doc.add_text(fields.title_text, &page.title_text);
        doc.add_text(fields.summary_text, &page.summary_text);
        doc.add_text(fields.excerpt_text, &page.excerpt_text);
        for (field, counts) in fields.stems.iter().zip(counts) {
            doc.add_text(*field, terms_text(counts, terms));
        }
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

/// A field's terms as text, each as often as it occurs, a space apart (the
/// index keeps no positions, so their order is of no account).
fn terms_text(counts: &[(u32, u32)], terms: &[String]) -> String {
    let mut out = String::new();
    for &(term, count) in counts {
        for _ in 0..count {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&terms[term as usize]);
        }
    }
    out
}

/// The stem fields hold text that is already our terms, one space apart,
/// so tantivy only splits it. (tantivy's pre-tokenized values go through
/// JSON inside the document, which cost more than the whole analysis.)
const TERMS_TOKENIZER: &str = "kursportal-terms";
