//! A query over one language's index, with tantivy's BM25 scoring.
//!
//! Every word of the query must match (AND). A word matches:
//! - its **stem** in the title (weight 4), headings (2.5), summary (1.5) or
//!   body (1), compound tails included;
//! - as the **beginning of a word** (`renh` → `renhold`, `kurs` → `kursene`):
//!   every beginning of every word is indexed (`prefixes`), so this is one
//!   term, in the title (4) or elsewhere (1);
//! - in a word of `FUZZY_FROM` letters or more, the words **one edit away**
//!   that start with the same two letters (`smitevern` → `smittevern`), at most
//!   `MAX_NEAR_MISSES`, a page scored by its best one per field.
//!
//! Results are ordered by score, then by URL, so ties always fall the same way.

use std::collections::BTreeSet;

use anyhow::{anyhow, Result};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query as TantivyQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::analysis::{self, Analyzer};
use super::{Fields, LanguageIndex, SiteIndex};
use crate::lang::Language;
use crate::parse::Kind;

/// At most this many near misses are matched for one word.
pub const MAX_NEAR_MISSES: usize = 20;
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
        // A filter: it keeps pages of the kind and adds nothing to their score.
        let term = Term::from_field_text(index.fields.kind, kind.name());
        let filter = ConstScoreQuery::new(term_query(term), 0.0);
        clauses.push((Occur::Must, Box::new(filter)));
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
    if word.chars().count() >= 2 {
        let prefix = analysis::prefix(word);
        for (field, boost) in [(fields.title_prefixes, 4.0), (fields.prefixes, 1.0)] {
            should.push((
                Occur::Should,
                boosted(Term::from_field_text(field, prefix), boost),
            ));
        }
    }
    // A page counts its best near miss, not the sum of all of them.
    let near = near_misses(searcher, fields, word)?;
    for (field, boost) in [(fields.title_words, 4.0), (fields.words, 1.0)] {
        let best_of: Vec<Box<dyn TantivyQuery>> = near
            .iter()
            .map(|w| boosted(Term::from_field_text(field, w), boost))
            .collect();
        if !best_of.is_empty() {
            should.push((Occur::Should, Box::new(DisjunctionMaxQuery::new(best_of))));
        }
    }
    Ok(Box::new(BooleanQuery::new(should)))
}

/// The indexed words one edit away from `word` and starting with its first
/// two letters (so a reader of the index needs only the terms that begin
/// like the word), for words of `FUZZY_FROM` letters or more; the most frequent
/// `MAX_NEAR_MISSES`.
fn near_misses(searcher: &Searcher, fields: &Fields, word: &str) -> Result<BTreeSet<String>> {
    if word.chars().count() < FUZZY_FROM {
        return Ok(BTreeSet::new());
    }
    let first_letters: String = word.chars().take(2).collect();
    let mut by_frequency: Vec<(u32, String)> = Vec::new();
    for field in [fields.title_words, fields.words] {
        for (doc_freq, term) in terms_starting_with(searcher, field, &first_letters)? {
            if term != word && strsim::levenshtein(word, &term) == 1 {
                by_frequency.push((doc_freq, term));
            }
        }
    }
    // The same word from both fields counts once, at its higher frequency.
    by_frequency.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut chosen = BTreeSet::new();
    for (_, term) in by_frequency {
        if chosen.len() == MAX_NEAR_MISSES {
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
