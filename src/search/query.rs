//! A query over one language's index, with tantivy's BM25 scoring.
//!
//! Every word of the query must match (AND). A word matches:
//! - its **stem** in the title (weight 4), headings (2.5), summary (1.5) or
//!   body (1), compound tails included (`STEM_FIELDS`);
//! - from `MIN_PREFIX` letters, the **stems it begins** (`renh` → `renhold`,
//!   `dagligv` → `dagligvarebransj`), the `MAX_EXPANSIONS` most frequent, at
//!   `VARIANT_WEIGHT` of a stem's weight and weighed by how common each is
//!   (`variants_in_field`), a page scored by its best one per field;
//! - only when it matches nothing in those two ways: a stem it **begins
//!   with**, one to `MAX_TRUNCATION` letters shorter (`cleanin` → `clean`, a
//!   word typed past its stem), the longest such, at least `MIN_PREFIX` long;
//! - only when that fails too and it has `FUZZY_FROM` letters or more, the
//!   stems **one edit away** from its stem that start with the same two
//!   letters (`smitevern` → `smittevern`), the `MAX_NEAR_MISSES` most
//!   frequent, weighed as beginnings are.
//!
//! "Most frequent" is by the number of pages a stem is in, summed over the
//! fields, ties by the stem itself. Every choice depends on the index alone,
//! never on how it is stored, so the browser's reader (`export`) answers the
//! same. Results are ordered by score; ties go to the page that comes first
//! from A to Å by title (then by URL), the order pages are numbered in.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query as TantivyQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::analysis::Analyzer;
use super::{Fields, LanguageIndex, SiteIndex, STEM_FIELDS};
use crate::lang::Language;
use crate::parse::Kind;

/// A word this long or longer also matches the stems it begins.
pub const MIN_PREFIX: usize = 3;
/// At most this many stems are matched for a word's beginning.
pub const MAX_EXPANSIONS: usize = 30;
/// A word that matches nothing may be a stem and up to this many letters of
/// an ending being typed (`cleanin` → `clean`).
pub const MAX_TRUNCATION: usize = 3;
/// Words this long or longer that match nothing try stems one edit away.
pub const FUZZY_FROM: usize = 5;
/// At most this many near misses are matched for one word.
pub const MAX_NEAR_MISSES: usize = 20;
/// A stem reached from a word's beginning or a near miss counts this much
/// of the word's own stem, so `kurs` ranks a page about "kurs" above one
/// that only says "kursdeltaker".
pub const VARIANT_WEIGHT: f32 = 0.5;

/// What to look for.
pub struct Query<'a> {
    pub text: &'a str,
    /// The site's default language when not given.
    pub language: Option<Language>,
    pub kind: Option<Kind>,
    pub limit: usize,
}

/// One page found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// Site-relative, from the site's root: `/kurs/renhold-og-smittevern/`.
    pub url: String,
    pub title: String,
    pub kind: String,
    pub summary: String,
    pub score: f32,
}

pub fn search(site: &SiteIndex, query: &Query) -> Result<Vec<Hit>> {
    let language = query.language.unwrap_or(site.default);
    let index = site
        .languages
        .get(&language)
        .ok_or_else(|| no_such_language(language, site.languages.keys().copied()))?;
    let searcher = index.reader.searcher();
    let mut analyzer = Analyzer::new(index.language);
    let words = analyzer.words(query.text);
    if words.is_empty() || searcher.num_docs() == 0 {
        return Ok(Vec::new());
    }
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = words
        .iter()
        .map(|word| {
            Ok((
                Occur::Must,
                word_query(index, &searcher, &mut analyzer, word)?,
            ))
        })
        .collect::<Result<_>>()?;
    if let Some(kind) = query.kind {
        // A filter: it keeps pages of the kind and adds nothing to their score.
        let term = Term::from_field_text(index.fields.kind, kind.name());
        let filter = ConstScoreQuery::new(term_query(term), 0.0);
        clauses.push((Occur::Must, Box::new(filter)));
    }
    let found = searcher.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(searcher.num_docs() as usize).order_by_score(),
    )?;
    // Ties go to the page first in the index's order (A–Å by title, then
    // URL; see `index_language`), the order the browser's reader also knows.
    let mut found = found;
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.truncate(query.limit);
    found
        .into_iter()
        .map(|(score, address)| {
            let doc: TantivyDocument = searcher.doc(address)?;
            Ok(hit(&doc, &index.fields, score))
        })
        .collect()
}

/// The error for a language the site does not have, naming those it has.
pub fn no_such_language(
    language: Language,
    known: impl Iterator<Item = Language>,
) -> anyhow::Error {
    let codes: Vec<&str> = known.map(|l| l.code()).collect();
    anyhow!(
        "the site has no language `{}`; its languages are: {}",
        language.code(),
        codes.join(", ")
    )
}

/// What one query word matches, as one clause.
fn word_query(
    index: &LanguageIndex,
    searcher: &Searcher,
    analyzer: &mut Analyzer,
    word: &str,
) -> Result<Box<dyn TantivyQuery>> {
    let fields = &index.fields;
    let stem = analyzer.stem(word);
    let weighted = || fields.stems.iter().zip(STEM_FIELDS.map(|(_, w)| w));
    let mut should: Vec<(Occur, Box<dyn TantivyQuery>)> = weighted()
        .map(|(&field, weight)| {
            let term = Term::from_field_text(field, &stem);
            (Occur::Should, boosted(term, weight))
        })
        .collect();
    let variants = variants(searcher, fields, word, &stem)?;
    if !variants.is_empty() {
        let pages = searcher.num_docs();
        for (&field, weight) in weighted() {
            if let Some(best) = variants_in_field(searcher, field, weight, pages, &variants)? {
                should.push((Occur::Should, best));
            }
        }
    }
    Ok(Box::new(BooleanQuery::new(should)))
}

/// A word's variants in one field, or `None` when none is in it.
///
/// A page counts its best variant, not the sum of all of them. A variant
/// weighs by how common it is: every one gets the inverse document
/// frequency of the field's most common variant, times its share of that
/// variant's pages. So a rare word that only begins like the query
/// (`renholdsfaget` for `renh`) does not outweigh the common one the reader
/// is typing (`renhold`), as it would with its own, higher idf.
fn variants_in_field(
    searcher: &Searcher,
    field: Field,
    weight: f32,
    pages: u64,
    variants: &[String],
) -> Result<Option<Box<dyn TantivyQuery>>> {
    let terms: Vec<Term> = variants
        .iter()
        .map(|v| Term::from_field_text(field, v))
        .collect();
    let frequencies = terms
        .iter()
        .map(|t| searcher.doc_freq(t))
        .collect::<tantivy::Result<Vec<u64>>>()?;
    let most = frequencies.iter().copied().max().unwrap_or(0);
    if most == 0 {
        return Ok(None);
    }
    let shared = idf(most, pages);
    let best_of = terms
        .into_iter()
        .zip(frequencies)
        .map(|(term, df)| {
            let popularity = df as f32 / most as f32;
            let boost = weight * VARIANT_WEIGHT * (shared / idf(df, pages)) * popularity;
            boosted(term, boost)
        })
        .collect();
    Ok(Some(Box::new(DisjunctionMaxQuery::new(best_of))))
}

/// BM25's inverse document frequency, computed as tantivy does (in `f32`).
fn idf(doc_freq: u64, pages: u64) -> f32 {
    let x = ((pages - doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// The stems a word also matches: the ones it begins, or else its near misses.
fn variants(searcher: &Searcher, fields: &Fields, word: &str, stem: &str) -> Result<Vec<String>> {
    let letters = word.chars().count();
    let mut expansions = Vec::new();
    if letters >= MIN_PREFIX {
        expansions = stems_starting_with(searcher, fields, word)?;
        expansions.retain(|(_, term)| term != stem);
    }
    if !expansions.is_empty() {
        return Ok(most_frequent(expansions, MAX_EXPANSIONS));
    }
    let is_stem = |term: &str| -> Result<bool> {
        for &field in &fields.stems {
            if searcher.doc_freq(&Term::from_field_text(field, term))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    };
    if is_stem(stem)? {
        return Ok(Vec::new());
    }
    // A word typed past its stem's end (`cleanin`, whose stem is `clean`).
    let ends = word
        .char_indices()
        .map(|(i, _)| i)
        .skip(MIN_PREFIX)
        .collect::<Vec<_>>();
    for &end in ends.iter().rev().take(MAX_TRUNCATION) {
        if is_stem(&word[..end])? {
            return Ok(vec![word[..end].to_owned()]);
        }
    }
    if letters < FUZZY_FROM {
        return Ok(Vec::new());
    }
    let first_letters: String = stem.chars().take(2).collect();
    let mut near = stems_starting_with(searcher, fields, &first_letters)?;
    near.retain(|(_, term)| strsim::levenshtein(stem, term) == 1);
    Ok(most_frequent(near, MAX_NEAR_MISSES))
}

/// The `limit` stems in the most pages (ties by the stem).
fn most_frequent(mut stems: Vec<(u32, String)>, limit: usize) -> Vec<String> {
    stems.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    stems.into_iter().take(limit).map(|(_, s)| s).collect()
}

/// Every stem that starts with `prefix`, with the number of pages it is in
/// summed over the stem fields.
fn stems_starting_with(
    searcher: &Searcher,
    fields: &Fields,
    prefix: &str,
) -> Result<Vec<(u32, String)>> {
    let mut frequency: BTreeMap<String, u32> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        for field in fields.stems {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if !term.starts_with(prefix) {
                    break;
                }
                *frequency.entry(term.to_owned()).or_default() += stream.value().doc_freq;
            }
        }
    }
    Ok(frequency.into_iter().map(|(term, df)| (df, term)).collect())
}

fn term_query(term: Term) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(term: Term, boost: f32) -> Box<dyn TantivyQuery> {
    Box::new(BoostQuery::new(term_query(term), boost))
}

fn hit(doc: &TantivyDocument, fields: &Fields, score: f32) -> Hit {
    let text = |field: Field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Hit {
        url: text(fields.url),
        title: text(fields.title_text),
        kind: text(fields.kind),
        summary: text(fields.summary_text),
        score,
    }
}
