//! A query over one language's index, with tantivy's BM25 scoring.
//!
//! Every word of the query must match (AND). A word matches:
//! - its **stem** in the title (weight 4), headings (2.5), summary (1.5) or
//!   body (1), compound tails included;
//! - every **word it begins** (`renh` → `renhold`, `kurs` → `kursene`), up
//!   to `MAX_EXPANSIONS` of them, most frequent first, in the title (4) or
//!   elsewhere (1);
//! - in a word of `FUZZY_FROM` letters or more, every word **one edit away**
//!   that starts with the same letter (`smitevern` → `smittevern`).
//!
//! Results are ordered by score, then by URL, so ties always fall the same way.

use std::collections::BTreeSet;

use anyhow::{anyhow, Result};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::analysis::Analyzer;
use super::{Fields, LanguageIndex, SiteIndex};
use crate::lang::Language;
use crate::parse::Kind;

/// At most this many words are matched for one prefix.
pub const MAX_EXPANSIONS: usize = 50;
/// Words this long or longer also match words one edit away.
pub const FUZZY_FROM: usize = 5;

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
    let index = site.languages.get(&language).ok_or_else(|| {
        anyhow!(
            "the site has no language `{}`; its languages are: {}",
            language.code(),
            site.languages
                .keys()
                .map(|l| l.code())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
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
        let term = Term::from_field_text(index.fields.kind, kind.name());
        clauses.push((Occur::Must, term_query(term)));
    }
    let found = searcher.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(searcher.num_docs() as usize).order_by_score(),
    )?;
    let mut hits = found
        .into_iter()
        .map(|(score, address)| {
            let doc: TantivyDocument = searcher.doc(address)?;
            Ok(hit(&doc, &index.fields, score))
        })
        .collect::<Result<Vec<Hit>>>()?;
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.url.cmp(&b.url)));
    hits.truncate(query.limit);
    Ok(hits)
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
    let mut should: Vec<(Occur, Box<dyn TantivyQuery>)> = [
        (fields.title, 4.0),
        (fields.headings, 2.5),
        (fields.summary, 1.5),
        (fields.body, 1.0),
    ]
    .into_iter()
    .map(|(field, boost)| {
        (
            Occur::Should,
            boosted(Term::from_field_text(field, &stem), boost),
        )
    })
    .collect();
    for matched in matched_words(searcher, fields, word)? {
        should.push((
            Occur::Should,
            boosted(Term::from_field_text(fields.title_words, &matched), 4.0),
        ));
        should.push((
            Occur::Should,
            term_query(Term::from_field_text(fields.words, &matched)),
        ));
    }
    Ok(Box::new(BooleanQuery::new(should)))
}

/// The indexed words `word` begins, and those one edit away.
fn matched_words(searcher: &Searcher, fields: &Fields, word: &str) -> Result<BTreeSet<String>> {
    let mut by_frequency: Vec<(u32, String)> = Vec::new();
    let first_letter: String = word.chars().take(1).collect();
    let fuzzy = word.chars().count() >= FUZZY_FROM;
    for field in [fields.title_words, fields.words] {
        let from = if fuzzy { &first_letter } else { word };
        for (doc_freq, term) in terms_starting_with(searcher, field, from)? {
            let is_match =
                term.starts_with(word) || (fuzzy && strsim::levenshtein(word, &term) <= 1);
            if is_match {
                by_frequency.push((doc_freq, term));
            }
        }
    }
    // The same word from both fields counts once, at its higher frequency.
    by_frequency.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut chosen = BTreeSet::new();
    for (_, term) in by_frequency {
        if chosen.len() == MAX_EXPANSIONS {
            break;
        }
        chosen.insert(term);
    }
    Ok(chosen)
}

/// Every term of `field` that starts with `prefix`, with its document frequency.
fn terms_starting_with(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
) -> Result<Vec<(u32, String)>> {
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
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
            out.push((stream.value().doc_freq, term.to_owned()));
        }
    }
    Ok(out)
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
