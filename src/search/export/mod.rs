//! The search index as the browser reads it, defined once: tantivy's terms,
//! document frequencies, field norms and postings for the stem fields, cut
//! into files so that a query loads only what its words need.
//! `themes/standard/static/search.js` reads these bytes; `read` reads them
//! back in Rust, so a round-trip test holds the two ends together.
//!
//! A language's files, under `sok-indeks/<lang>/`, each named with a hash of
//! its content (cacheable forever; [`FileKind::name`]), but for the meta
//! file, named by a hash of what the index is made from (as deterministic,
//! and known before the index is built):
//! - `meta.<hash>.json` ([`Meta`]): the page count, each field's weight and
//!   token count (BM25's average length), the query rules, and which file
//!   holds what: the first term of each term shard, the first page of each
//!   result file;
//! - `t.<hash>.bin`: term shards, terms in byte order, each with its
//!   postings per field (`encode_terms`); a query word needs the shard with
//!   its stem and those with the stems it begins;
//! - `r.<hash>.json`: what a result shows (URL, title, kind, summary,
//!   facets, and the page's most telling sentences, that its excerpt is cut
//!   from), pages in document order (A–Å by title);
//! - `f.<hash>.bin`: the pages of each kind and taxonomy term, for the
//!   filters' counts.
//!
//! Why binary shards: a posting is three small numbers, and JSON would spend
//! three times the bytes on them. Why shards by size and not one per term:
//! static hosts limit file counts, and one request should bring a word's
//! stem and the stems it begins together.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings as _;
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocSet, SegmentReader, TantivyDocument, TERMINATED};

mod binary;

pub use binary::read;
use binary::{encode_facets, encode_terms};

use super::analysed::Analysed;
use super::query;
use super::{LanguageIndex, STEM_FIELDS};
use crate::fingerprint::fnv1a;
use crate::lang::Language;

/// Raised when the format changes, so a reader can tell.
pub const FORMAT: u32 = 2;
/// The body's place in `STEM_FIELDS`.
const BODY: usize = 3;
/// The folder under the output root that holds every language's index.
pub const INDEX_DIR: &str = "sok-indeks";
/// A term shard is closed once it holds this many bytes, where the next
/// term begins differently in its first `SHARED_BEGINNING` letters.
const SHARD_BYTES: usize = 16 * 1024;
const SHARED_BEGINNING: usize = 4;
/// A result file is closed once it holds this many bytes (about 40 pages,
/// 8 KB compressed): ten results come in a few files.
const RESULT_BYTES: usize = 24 * 1024;

/// One page in a term's postings: the page's document number, how often
/// the term is in the field there, and tantivy's code for the field's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub tf: u32,
    pub norm: u8,
}

/// One stem and its postings in each stem field (`STEM_FIELDS` order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermEntry {
    pub term: String,
    pub fields: [Vec<Posting>; 4],
}

/// What a result shows: URL (from the site's root), title, kind, summary,
/// facet keys, and the sentences its excerpt is cut from. A JSON array, to
/// keep the files light. The excerpt's text travels with the rest because
/// a result is drawn with its excerpt: one file per run of pages is one
/// request fewer per result than two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow(
    pub String,
    pub String,
    pub String,
    pub String,
    pub Vec<String>,
    pub String,
);

/// A stem field as the browser scores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldMeta {
    pub name: String,
    pub weight: f32,
    /// All the field's tokens; divided by `pages`, BM25's average length.
    pub tokens: u64,
}

/// The query rules of `query`, so the browser follows the same numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    pub min_prefix: usize,
    pub max_expansions: usize,
    pub max_truncation: usize,
    pub fuzzy_from: usize,
    pub max_near_misses: usize,
    pub variant_weight: f32,
}

impl Rules {
    fn of_query() -> Rules {
        Rules {
            min_prefix: query::MIN_PREFIX,
            max_expansions: query::MAX_EXPANSIONS,
            max_truncation: query::MAX_TRUNCATION,
            fuzzy_from: query::FUZZY_FROM,
            max_near_misses: query::MAX_NEAR_MISSES,
            variant_weight: query::VARIANT_WEIGHT,
        }
    }
}

/// The kinds of file, and their names: `t.<hash>.bin` and so on.
#[derive(Clone, Copy)]
pub enum FileKind {
    Meta,
    Terms,
    Results,
    Facets,
}

impl FileKind {
    pub fn name(self, hash: &str) -> String {
        let (kind, ext) = match self {
            FileKind::Meta => ("meta", "json"),
            FileKind::Terms => ("t", "bin"),
            FileKind::Results => ("r", "json"),
            FileKind::Facets => ("f", "bin"),
        };
        format!("{kind}.{hash}.{ext}")
    }
}

/// The file a language's search starts from. The files it names are beside
/// it, named by `FileKind::name` from the hashes it gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub format: u32,
    pub language: String,
    pub pages: u32,
    pub fields: Vec<FieldMeta>,
    pub rules: Rules,
    /// `[first term, hash]` per term shard.
    pub shards: Vec<(String, String)>,
    /// `[first page, hash]` per result file.
    pub results: Vec<(u32, String)>,
    /// The facet file's hash.
    pub facets: String,
    /// Each page's body length code: body postings leave it out, as it is
    /// the same for every term of a page.
    pub body_lengths: Vec<u8>,
    /// Words the search page shows (kinds, taxonomy and term names), as the
    /// render phase gives them; not read by the format.
    pub labels: serde_json::Value,
}

/// Everything a language's index says, before it is cut into files.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexData {
    pub language: String,
    pub fields: Vec<FieldMeta>,
    pub terms: Vec<TermEntry>,
    pub results: Vec<ResultRow>,
    /// `kind/course`, `sectors/renhold` … → the pages with it, ascending.
    pub facets: BTreeMap<String, Vec<u32>>,
}

/// A language's index as files, paths from the output root.
pub struct ExportedIndex {
    pub files: Vec<(String, Vec<u8>)>,
    /// The meta file, which pages point the search script to.
    pub meta_path: String,
}

/// Reads what the browser needs out of tantivy's index (one segment).
pub fn from_tantivy(index: &LanguageIndex) -> Result<IndexData> {
    let searcher = index.reader.searcher();
    let segment = match searcher.segment_readers() {
        [one] => one,
        [] => return Ok(empty(index)),
        more => bail!("the index has {} segments; one was expected", more.len()),
    };
    let fields = &index.fields;
    let mut terms: BTreeMap<String, [Vec<Posting>; 4]> = BTreeMap::new();
    let mut field_meta = Vec::new();
    for (slot, (&field, (name, weight))) in fields.stems.iter().zip(STEM_FIELDS).enumerate() {
        let inverted = segment.inverted_index(field)?;
        field_meta.push(FieldMeta {
            name: name.to_owned(),
            weight,
            tokens: inverted.total_num_tokens(),
        });
        for (term, postings) in field_postings(segment, field)? {
            terms.entry(term).or_default()[slot] = postings;
        }
    }
    let mut results = Vec::new();
    let store = segment.get_store_reader(1)?;
    for doc in 0..segment.max_doc() {
        let stored: TantivyDocument = store.get(doc)?;
        let text = |field: Field| first_text(&stored, field);
        let facets = stored
            .get_all(fields.facets)
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        results.push(ResultRow(
            text(fields.url),
            text(fields.title_text),
            text(fields.kind),
            text(fields.summary_text),
            facets,
            text(fields.excerpt_text),
        ));
    }
    let mut facets = BTreeMap::new();
    for (field, prefix) in [(fields.kind, "kind/"), (fields.facets, "")] {
        for (key, postings) in field_postings(segment, field)? {
            let docs = postings.iter().map(|p| p.doc).collect();
            facets.insert(format!("{prefix}{key}"), docs);
        }
    }
    Ok(IndexData {
        language: index.language.code().to_owned(),
        fields: field_meta,
        terms: terms
            .into_iter()
            .map(|(term, fields)| TermEntry { term, fields })
            .collect(),
        results,
        facets,
    })
}

/// What the browser needs, straight from the analysed pages: the terms and
/// counts tantivy would hold (`from_tantivy` reads the same out of it), in
/// the same order, with the same length codes.
pub fn from_analysed(language: Language, analysed: Analysed) -> IndexData {
    let Analysed {
        shown,
        terms,
        counts,
    } = analysed;
    let mut postings: Vec<[Vec<Posting>; 4]> = vec![Default::default(); terms.len()];
    let mut tokens = [0u64; 4];
    for (doc, page) in counts.into_iter().enumerate() {
        for (slot, field) in page.iter().enumerate() {
            let length: u32 = field.iter().map(|&(_, count)| count).sum();
            tokens[slot] += u64::from(length);
            let norm = FieldNormReader::fieldnorm_to_id(length);
            for &(term, tf) in field {
                let doc = doc as u32;
                postings[term as usize][slot].push(Posting { doc, tf, norm });
            }
        }
    }
    let mut entries: Vec<TermEntry> = terms
        .into_iter()
        .zip(postings)
        .filter(|(_, fields)| fields.iter().any(|f| !f.is_empty()))
        .map(|(term, fields)| TermEntry { term, fields })
        .collect();
    entries.sort_unstable_by(|a, b| a.term.cmp(&b.term));
    let mut facets: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut results = Vec::with_capacity(shown.len());
    for (doc, page) in shown.into_iter().enumerate() {
        let kind = format!("kind/{}", page.kind);
        for key in std::iter::once(kind).chain(page.facets.iter().cloned()) {
            let docs = facets.entry(key).or_default();
            if docs.last() != Some(&(doc as u32)) {
                docs.push(doc as u32);
            }
        }
        results.push(ResultRow(
            page.url,
            page.title_text,
            page.kind.to_owned(),
            page.summary_text,
            page.facets,
            page.excerpt_text,
        ));
    }
    IndexData {
        language: language.code().to_owned(),
        fields: field_meta(tokens),
        terms: entries,
        results,
        facets,
    }
}

/// The stem fields with their weights and token counts.
fn field_meta(tokens: [u64; 4]) -> Vec<FieldMeta> {
    STEM_FIELDS
        .iter()
        .zip(tokens)
        .map(|(&(name, weight), tokens)| FieldMeta {
            name: name.to_owned(),
            weight,
            tokens,
        })
        .collect()
}

fn empty(index: &LanguageIndex) -> IndexData {
    IndexData {
        language: index.language.code().to_owned(),
        fields: field_meta([0; 4]),
        terms: Vec::new(),
        results: Vec::new(),
        facets: BTreeMap::new(),
    }
}

fn first_text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Every term of a field with its postings, in the term dictionary's order.
fn field_postings(segment: &SegmentReader, field: Field) -> Result<Vec<(String, Vec<Posting>)>> {
    let inverted = segment.inverted_index(field)?;
    let norms = segment.get_fieldnorms_reader(field)?;
    let mut stream = inverted.terms().stream()?;
    let mut out = Vec::new();
    while stream.advance() {
        let term = std::str::from_utf8(stream.key())
            .context("a term in the index is not UTF-8")?
            .to_owned();
        let mut postings =
            inverted.read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
        let mut list = Vec::new();
        while postings.doc() != TERMINATED {
            let doc = postings.doc();
            list.push(Posting {
                doc,
                tf: postings.term_freq(),
                norm: norms.fieldnorm_id(doc),
            });
            postings.advance();
        }
        out.push((term, list));
    }
    Ok(out)
}

/// The meta file of `language` under the name `hash`, from the output root.
pub fn meta_path(language: &str, hash: &str) -> String {
    format!("{INDEX_DIR}/{language}/{}", FileKind::Meta.name(hash))
}

/// Cuts a language's index into its files. The meta file is named by
/// `meta_hash`, a fingerprint of what the index is made from, known before
/// the index is (so pages can point to it while the index is still being
/// built); the others by a hash of their bytes.
pub fn write(
    data: &IndexData,
    labels: serde_json::Value,
    meta_hash: &str,
) -> Result<ExportedIndex> {
    let folder = format!("{INDEX_DIR}/{}", data.language);
    let mut files = Vec::new();
    // A file is `<kind>.<hash>.<ext>`; the meta file names it by its hash.
    let mut named = |kind: FileKind, bytes: Vec<u8>| {
        // Twelve hex digits: hundreds of files per language must not share one.
        let hash = format!("{:012x}", fnv1a(&bytes) >> 16);
        files.push((format!("{folder}/{}", kind.name(&hash)), bytes));
        hash
    };
    let shards = cut(&data.terms, SHARD_BYTES, begin_differently, |entries| {
        let mut bytes = Vec::new();
        encode_terms(entries, &mut bytes);
        bytes
    })
    .into_iter()
    .map(|(first, bytes)| {
        (
            data.terms[first].term.clone(),
            named(FileKind::Terms, bytes),
        )
    })
    .collect();
    let results = cut(&data.results, RESULT_BYTES, anywhere, json)
        .into_iter()
        .map(|(first, bytes)| (first as u32, named(FileKind::Results, bytes)))
        .collect();
    let facets = named(FileKind::Facets, encode_facets(&data.facets));
    let mut body_lengths = vec![0; data.results.len()];
    for posting in data.terms.iter().flat_map(|t| &t.fields[BODY]) {
        if let Some(length) = body_lengths.get_mut(posting.doc as usize) {
            *length = posting.norm;
        }
    }
    let meta = Meta {
        format: FORMAT,
        language: data.language.clone(),
        pages: data.results.len() as u32,
        fields: data.fields.clone(),
        rules: Rules::of_query(),
        shards,
        results,
        facets,
        body_lengths,
        labels,
    };
    let meta_path = meta_path(&data.language, meta_hash);
    files.push((meta_path.clone(), serde_json::to_vec(&meta)?));
    Ok(ExportedIndex { files, meta_path })
}

fn json<T: Serialize>(items: &[T]) -> Vec<u8> {
    serde_json::to_vec(items).unwrap_or_default()
}

/// Splits `items` into runs whose encoding reaches `target` bytes (the last
/// may be smaller; one item larger than `target` is a run of its own), and
/// gives each run's first index with its bytes. A run past `target` ends
/// only where `may_end(last, next)` allows, or once it reaches twice `target`.
fn cut<T>(
    items: &[T],
    target: usize,
    may_end: impl Fn(&T, &T) -> bool,
    encode: impl Fn(&[T]) -> Vec<u8>,
) -> Vec<(usize, Vec<u8>)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, item) in items.iter().enumerate() {
        size += encode(std::slice::from_ref(item)).len();
        let end = match items.get(i + 1) {
            None => true,
            Some(next) => size >= 2 * target || (size >= target && may_end(item, next)),
        };
        if end {
            runs.push((start, encode(&items[start..=i])));
            start = i + 1;
            size = 0;
        }
    }
    runs
}

/// Terms that begin alike stay in one shard where they can: a word being
/// typed (`renh`) needs every stem it begins, and those then come in one file.
fn begin_differently(a: &TermEntry, b: &TermEntry) -> bool {
    let beginning = |t: &TermEntry| t.term.chars().take(SHARED_BEGINNING).collect::<String>();
    beginning(a) != beginning(b)
}

fn anywhere<T>(_: &T, _: &T) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(doc: u32, tf: u32, norm: u8) -> Posting {
        Posting { doc, tf, norm }
    }

    fn sample() -> IndexData {
        let terms = ["kur", "kurs", "kursdeltak", "ål", "دور"]
            .iter()
            .enumerate()
            .map(|(i, term)| {
                let mut fields: [Vec<Posting>; 4] = Default::default();
                fields[i % 4] = vec![posting(0, 1, 3), posting(200, 300, 255)];
                fields[3].push(posting(7 + i as u32, 2, 40));
                fields[3].sort_by_key(|p| p.doc);
                TermEntry {
                    term: term.to_string(),
                    fields,
                }
            })
            .collect();
        IndexData {
            language: "nb".to_owned(),
            fields: STEM_FIELDS
                .iter()
                .map(|&(name, weight)| FieldMeta {
                    name: name.to_owned(),
                    weight,
                    tokens: 12_345,
                })
                .collect(),
            terms,
            results: (0..300)
                .map(|n| {
                    ResultRow(
                        format!("/kurs/k{n}/"),
                        format!("Kurs «{n}» <b>"),
                        "course".to_owned(),
                        "Et kurs.".repeat(n % 7),
                        vec!["sectors/renhold".to_owned()],
                        "ord ".repeat(n),
                    )
                })
                .collect(),
            facets: BTreeMap::from([
                ("kind/course".to_owned(), vec![0, 1, 299]),
                ("sectors/renhold".to_owned(), vec![5]),
            ]),
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let data = sample();
        let exported = write(&data, serde_json::json!({"kind": {"course": "Kurs"}}), "m").unwrap();
        let files: BTreeMap<String, Vec<u8>> = exported.files.into_iter().collect();
        let (meta, back) = read(&files, &exported.meta_path).unwrap();
        assert_eq!(back, data);
        assert!(meta.results.len() > 1, "300 results make several files");
        assert_eq!(meta.pages, 300);
        assert_eq!(meta.labels["kind"]["course"], "Kurs");
    }

    #[test]
    fn file_names_carry_a_hash_of_their_content() {
        let data = sample();
        let one = write(&data, serde_json::Value::Null, "m").unwrap();
        let mut changed = data.clone();
        changed.results[0].5 = "annen tekst".to_owned();
        let two = write(&changed, serde_json::Value::Null, "m").unwrap();
        let names = |e: &ExportedIndex| e.files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        let (a, b) = (names(&one), names(&two));
        assert!(a.iter().all(|p| p.starts_with("sok-indeks/nb/")));
        let differ: Vec<_> = a.iter().filter(|p| !b.contains(p)).collect();
        // The first result file changes; the meta file keeps the name it is given.
        assert_eq!(differ.len(), 1, "{differ:?}");
        assert!(differ[0].contains("/r."), "{differ:?}");
        assert_eq!(one.meta_path, "sok-indeks/nb/meta.m.json");
        assert_eq!(one.meta_path, two.meta_path);
    }

    #[test]
    fn runs_are_cut_at_the_target_size() {
        let items: Vec<u8> = vec![0; 10];
        let runs = cut(&items, 3, anywhere, |s| s.to_vec());
        let firsts: Vec<usize> = runs.iter().map(|r| r.0).collect();
        assert_eq!(firsts, [0, 3, 6, 9]);
        assert!(cut(&[] as &[u8], 3, anywhere, |s| s.to_vec()).is_empty());
        // Past the target, a run ends only where allowed, or at twice the target.
        let words = [1u8, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3];
        let runs = cut(&words, 3, |a, b| a != b, |s| s.to_vec());
        let firsts: Vec<usize> = runs.iter().map(|r| r.0).collect();
        assert_eq!(firsts, [0, 4, 10]);
    }
}
