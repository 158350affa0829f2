//! Sources → [`Document`]s: front matter typed per kind, Markdown rendered.
//!
//! A page's kind depends on its neighbours (a section's `child_kind`, a course
//! bundle around a module), so all front matter is read as plain tables first,
//! kinds are decided from the tree, and then each file is typed and rendered
//! on its own thread.

mod form_fields;
pub mod front_matter;
mod highlight;
mod kind;
pub mod markdown;
mod meta;
pub mod placeholders;
pub mod raw_html;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use rayon::prelude::*;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::lang::Language;
use crate::load::{file_name, parent_dir, SourceFile};

use markdown::BodyRules;

pub use form_fields::{FieldType, FormField};
pub use front_matter::{Kind, KindMeta, Meta};
pub use markdown::{ImageUse, LinkRef, TocEntry};

/// One content file, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    pub rel_path: String,
    /// The path without the language suffix, shared with its translations.
    pub key: String,
    pub lang: Language,
    /// A version in another language of a page whose original is elsewhere.
    pub is_translation: bool,
    pub display_path: PathBuf,
    /// The file's text, kept for pointing at lines in later errors (shared:
    /// a preview keeps documents between reads, and clones are then cheap).
    pub text: Arc<str>,
    /// Where the body starts in `text`: what comes before is the front matter.
    pub body_offset: usize,
    pub kind: Kind,
    /// Shared, like the parts after the body, so a clone is cheap (a
    /// preview hands its kept documents to each new model).
    pub meta: Arc<Meta>,
    /// Rendered body; internal links are `kp-link:N` placeholders into `links`.
    pub body_html: Arc<str>,
    pub toc: Arc<[TocEntry]>,
    pub links: Arc<[LinkRef]>,
    pub heading_ids: Arc<HashSet<String>>,
    /// A fingerprint of `heading_ids` in any order, to tell quickly
    /// whether links into the page still lead where they did.
    pub heading_ids_print: u64,
    /// What the editor should know but the page may be published with:
    /// raw HTML that cleaning took out.
    pub warnings: Arc<[Diagnostic]>,
}

impl Document {
    /// `_index.md`: a section's own page.
    pub fn is_section_index(&self) -> bool {
        file_name(&self.key) == "_index.md"
    }

    /// `index.md`: a page bundle, whose folder holds its files.
    pub fn is_bundle_index(&self) -> bool {
        file_name(&self.key) == "index.md"
    }

    pub fn dir(&self) -> &str {
        parent_dir(&self.rel_path)
    }
}

/// What parsing found: the documents that parsed, the problems of the rest.
pub struct Parsed {
    pub documents: Vec<Document>,
    pub problems: Vec<Diagnostic>,
    /// Files that could not be parsed; links to them are not reported as
    /// broken, so an editor sees each real problem once.
    pub unparsed: Vec<String>,
}

/// Parsed documents kept between reads of a site (a preview server), so a
/// file whose text, kind and role are unchanged is not parsed again. Counts
/// the files it parsed, so tests can tell a re-parse of everything.
#[derive(Default)]
pub struct DocumentCache {
    documents: RwLock<HashMap<String, Document>>,
    /// Each file's front matter as a table, with the text it was read from.
    tables: RwLock<HashMap<String, TableRead>>,
    /// The rules the documents were parsed with (heading ids depend on
    /// the theme's reserved ids, bodies on how raw HTML is treated).
    rules: Mutex<BodyRules>,
    /// The last read, when every file of it parsed.
    last: Mutex<Option<LastRead>>,
    parsed: AtomicUsize,
    /// Front matters read as TOML (not taken from the cache) so far.
    tables_read: AtomicUsize,
    /// Files split into front matter and body so far: every file, unless
    /// a read takes the last one's documents (`read_again`).
    files_split: AtomicUsize,
}

/// A read in which every file parsed: its documents, one for one with its
/// sources (each holds its source's text).
struct LastRead {
    documents: Vec<Document>,
}

/// Up to this many changed files, a read takes the last read's documents
/// and parses only those files; more go the whole way, in parallel.
const FEW_CHANGES: usize = 32;

impl DocumentCache {
    /// How many files were parsed (not taken from the cache) so far.
    pub fn parsed(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }

    /// How many front matters were read as TOML (not taken from the cache)
    /// so far.
    pub fn tables_read(&self) -> usize {
        self.tables_read.load(Ordering::Relaxed)
    }

    /// How many files were split into front matter and body so far.
    pub fn files_split(&self) -> usize {
        self.files_split.load(Ordering::Relaxed)
    }

    fn get(&self, source: &SourceFile, kind: Kind, is_translation: bool) -> Option<Document> {
        let documents = self.documents.read().unwrap_or_else(|e| e.into_inner());
        documents
            .get(&source.rel_path)
            .filter(|d| {
                // The language and key come from the file's name and the
                // site's default language, which `site.toml` may change.
                same_text(&d.text, &source.text)
                    && d.kind == kind
                    && d.is_translation == is_translation
                    && d.lang == source.lang
                    && d.key == source.key
            })
            .cloned()
    }

    /// Forgets every document when the rules are not those they were
    /// parsed with.
    fn follow(&self, rules: &BodyRules) {
        let mut kept = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        if *kept != *rules {
            rules.clone_into(&mut kept);
            self.documents
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            *self.last.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }

    /// The front matter table read from `source`'s text before, if it was.
    fn table(&self, source: &SourceFile) -> Option<Arc<toml::Table>> {
        self.table_of(&source.rel_path, &source.text)
    }

    /// The front matter table read before from `text`, the text of the
    /// file at `rel_path`.
    fn table_of(&self, rel_path: &str, text: &Arc<str>) -> Option<Arc<toml::Table>> {
        let tables = self.tables.read().unwrap_or_else(|e| e.into_inner());
        let (read_from, table) = tables.get(rel_path)?;
        same_text(read_from, text).then(|| Arc::clone(table))
    }

    fn keep_tables(&self, read: &[Prepared]) {
        let tables = read.iter().map(|(source, _, table)| {
            let kept = (Arc::clone(&source.text), Arc::clone(table));
            (source.rel_path.clone(), kept)
        });
        *self.tables.write().unwrap_or_else(|e| e.into_inner()) = tables.collect();
    }

    /// Remembers a read whose files all parsed, for `read_again`.
    fn remember(&self, sources: &[SourceFile], documents: &[Document], all_parsed: bool) {
        let read = (all_parsed && documents.len() == sources.len()).then(|| LastRead {
            documents: documents.to_vec(),
        });
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = read;
    }

    /// The documents of `sources` when they are the last read's files with
    /// a few of them edited, and no edit changes a kind (`kind`,
    /// `child_kind`): the last read's documents with the edited files
    /// parsed again. `None` when that does not hold, or an edited file has
    /// a problem (the whole way reports it).
    fn read_again(&self, sources: &[SourceFile], rules: &BodyRules) -> Option<Parsed> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let read = last.as_mut()?;
        let same_files = read.documents.len() == sources.len()
            && (read.documents.iter().zip(sources))
                .all(|(d, s)| d.rel_path == s.rel_path && d.key == s.key && d.lang == s.lang);
        if !same_files {
            return None;
        }
        let edited: Vec<usize> = (0..sources.len())
            .filter(|&i| !same_text(&read.documents[i].text, &sources[i].text))
            .collect();
        if edited.len() > FEW_CHANGES {
            return None;
        }
        let mut parsed_again = Vec::with_capacity(edited.len());
        // Counted as it is done: a read that gives up here has done it.
        for i in edited {
            let source = &sources[i];
            self.files_split.fetch_add(1, Ordering::Relaxed);
            let split = front_matter::split(source).ok()?;
            self.tables_read.fetch_add(1, Ordering::Relaxed);
            let table = Arc::new(front_matter::parse_table(source, &split).ok()?);
            let before = self.table_of(&source.rel_path, &read.documents[i].text)?;
            let sets_kind =
                |t: &toml::Table| (t.get("kind").cloned(), t.get("child_kind").cloned());
            if sets_kind(&table) != sets_kind(&before) {
                return None;
            }
            let was = &read.documents[i];
            let prepared = (source, split, Arc::clone(&table));
            self.parsed.fetch_add(1, Ordering::Relaxed);
            let document = parse_one(&prepared, was.kind, was.is_translation, rules).ok()?;
            parsed_again.push((i, table, document));
        }
        let mut tables = self.tables.write().unwrap_or_else(|e| e.into_inner());
        let mut documents = self.documents.write().unwrap_or_else(|e| e.into_inner());
        for (i, table, document) in parsed_again {
            let source = &sources[i];
            tables.insert(source.rel_path.clone(), (Arc::clone(&source.text), table));
            documents.insert(source.rel_path.clone(), document.clone());
            read.documents[i] = document;
        }
        Some(Parsed {
            documents: read.documents.clone(),
            problems: Vec::new(),
            unparsed: Vec::new(),
        })
    }

    fn keep(&self, documents: &[Document]) {
        let mut kept = self.documents.write().unwrap_or_else(|e| e.into_inner());
        *kept = documents
            .iter()
            .map(|d| (d.rel_path.clone(), d.clone()))
            .collect();
    }
}

/// Parses every source; all problems of all files are reported together.
/// `default` is the site's default language, whose version of a page is its
/// original; bodies are rendered by `rules`. With a
/// `cache`, unchanged files come from it, and it keeps this read's documents.
pub fn parse_all(
    sources: &[SourceFile],
    default: Language,
    rules: &BodyRules,
    cache: Option<&DocumentCache>,
) -> Parsed {
    if let Some(cache) = cache {
        cache.follow(rules);
        if let Some(parsed) = cache.read_again(sources, rules) {
            return parsed;
        }
    }
    let mut problems = Vec::new();
    let mut tables = Vec::new();
    // Every file's front matter, read on every core (in file order, as the
    // rest expects).
    let read: Vec<Result<Prepared, Diagnostic>> = sources
        .par_iter()
        .map(|source| {
            if let Some(cache) = cache {
                cache.files_split.fetch_add(1, Ordering::Relaxed);
            }
            let split = front_matter::split(source)?;
            let table = match cache.and_then(|c| c.table(source)) {
                Some(table) => table,
                None => {
                    if let Some(cache) = cache {
                        cache.tables_read.fetch_add(1, Ordering::Relaxed);
                    }
                    Arc::new(front_matter::parse_table(source, &split)?)
                }
            };
            Ok((source, split, table))
        })
        .collect();
    for one in read {
        match one {
            Ok(prepared) => tables.push(prepared),
            Err(d) => problems.push(d),
        }
    }
    // A translation of a page whose original could not be read waits for it,
    // and so does a file beside a bundle's unreadable `index.md` (its kind
    // comes from there), unreported: that file's problem is the one to fix.
    if let Some(cache) = cache {
        cache.keep_tables(&tables);
    }
    let orphaned = broken_originals(sources, &tables, default);
    tables.retain(|(source, ..)| !orphaned.contains(source.key.as_str()));
    // A translation beside no original (`om.en.md`, no `om.md`) was
    // published as a page of its own.
    let without_original = translations_without_original(&tables, default);
    problems.extend(
        without_original
            .iter()
            .map(|source| no_original(source, default)),
    );
    tables.retain(|(source, ..)| !without_original.iter().any(|s| s.key == source.key));
    let originals = originals(&tables, default);
    let kinds = decide_kinds(&originals);
    let results: Vec<Result<Document, Vec<Diagnostic>>> = tables
        .par_iter()
        .map(|parsed| {
            let source = parsed.0;
            let is_translation = !std::ptr::eq(originals[source.key.as_str()], parsed);
            let kind = match &kinds[source.key.as_str()] {
                Ok(kind) => *kind,
                // The original's file reports a bad kind, once.
                Err(_) if is_translation => return Err(Vec::new()),
                Err(problems) => return Err(problems.clone()),
            };
            if let Some(document) = cache.and_then(|c| c.get(source, kind, is_translation)) {
                return Ok(document);
            }
            if let Some(cache) = cache {
                cache.parsed.fetch_add(1, Ordering::Relaxed);
            }
            parse_one(parsed, kind, is_translation, rules)
        })
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => documents.push(doc),
            Err(mut ds) => problems.append(&mut ds),
        }
    }
    if let Some(cache) = cache {
        cache.keep(&documents);
        cache.remember(sources, &documents, problems.is_empty());
    }
    let parsed: HashSet<&str> = documents.iter().map(|d| d.rel_path.as_str()).collect();
    let unparsed = sources
        .iter()
        .map(|s| s.rel_path.clone())
        .filter(|p| !parsed.contains(p.as_str()))
        .collect();
    Parsed {
        documents,
        problems,
        unparsed,
    }
}

/// A front matter table and the text it was read from.
type TableRead = (Arc<str>, Arc<toml::Table>);

/// The sum of each id's own fingerprint: the same in any order.
fn fingerprint_of_ids(ids: &HashSet<String>) -> u64 {
    let one = |id: &String| crate::fingerprint::fnv1a(id.as_bytes());
    ids.iter().map(one).fold(0, u64::wrapping_add)
}

/// Two texts are the same: shared, or equal.
pub fn same_text(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// One file, its front matter split off and read as a table, parsed as a
/// page of `kind`.
fn parse_one(
    (source, split, table): &Prepared,
    kind: Kind,
    is_translation: bool,
    rules: &BodyRules,
) -> Result<Document, Vec<Diagnostic>> {
    let meta = front_matter::typed_meta(source, split, table, kind, is_translation)?;
    let rendered = markdown::render(&source.text, split.body_offset, rules);
    let mut problems = unspoken(source, &rendered.unspoken);
    problems.extend(refused_addresses(source, &rendered.refused));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Document {
        rel_path: source.rel_path.clone(),
        key: source.key.clone(),
        lang: source.lang,
        is_translation,
        display_path: source.display_path.clone(),
        text: Arc::clone(&source.text),
        body_offset: split.body_offset,
        kind,
        meta: meta.into(),
        body_html: rendered.html.into(),
        toc: rendered.toc.into(),
        links: rendered.links.into(),
        heading_ids_print: fingerprint_of_ids(&rendered.heading_ids),
        heading_ids: rendered.heading_ids.into(),
        warnings: removed_html(source, &rendered.removed).into(),
    })
}

type Prepared<'a> = (&'a SourceFile, front_matter::Split<'a>, Arc<toml::Table>);

/// The keys of pages whose original (the version `originals` would choose
/// among all the files) is among the files that could not be read, and of
/// the pages beside such a bundle `index.md`.
fn broken_originals<'a>(
    sources: &'a [SourceFile],
    read: &[Prepared],
    default: Language,
) -> HashSet<&'a str> {
    let rank = |lang: Language| (lang != default, lang);
    let mut best: HashMap<&str, &SourceFile> = HashMap::new();
    for source in sources {
        let entry = best.entry(source.key.as_str()).or_insert(source);
        if rank(source.lang) < rank(entry.lang) {
            *entry = source;
        }
    }
    let was_read: HashSet<&str> = read.iter().map(|p| p.0.rel_path.as_str()).collect();
    let broken: HashSet<&str> = best
        .into_iter()
        .filter(|(_, original)| !was_read.contains(original.rel_path.as_str()))
        .map(|(key, _)| key)
        .collect();
    let broken_bundles: HashSet<&str> = broken
        .iter()
        .filter(|key| file_name(key) == "index.md")
        .map(|key| parent_dir(key))
        .collect();
    let beside = sources
        .iter()
        .map(|s| s.key.as_str())
        .filter(|key| broken_bundles.contains(parent_dir(key)));
    broken.iter().copied().chain(beside).collect()
}

/// The files whose page has no version in the default language.
fn translations_without_original<'a>(
    read: &[Prepared<'a>],
    default: Language,
) -> Vec<&'a SourceFile> {
    let with_original: HashSet<&str> = read
        .iter()
        .filter(|p| p.0.lang == default)
        .map(|p| p.0.key.as_str())
        .collect();
    read.iter()
        .map(|p| p.0)
        .filter(|source| !with_original.contains(source.key.as_str()))
        .collect()
}

fn no_original(source: &SourceFile, default: Language) -> Diagnostic {
    let original = source.key.rsplit('/').next().unwrap_or(&source.key);
    Diagnostic::in_file(
        &source.display_path,
        format!(
            "this is a translation ({}) of `{original}`, which does not exist beside it",
            source.lang.code()
        ),
    )
    .with_help(format!(
        "write the page in {} first as `{original}`; a page in this language alone is `{original}` with language = \"{}\" in its front matter",
        default.code(),
        source.lang.code()
    ))
}

/// Each page's original, by key: its version in the default language, or
/// else in the first language that has one. Kinds and shared fields come
/// from the original.
fn originals<'a>(
    parsed: &'a [Prepared<'a>],
    default: Language,
) -> HashMap<&'a str, &'a Prepared<'a>> {
    let rank = |lang: Language| (lang != default, lang);
    let mut originals: HashMap<&str, &Prepared> = HashMap::new();
    for p in parsed {
        let entry = originals.entry(p.0.key.as_str()).or_insert(p);
        if rank(p.0.lang) < rank(entry.0.lang) {
            *entry = p;
        }
    }
    originals
}

/// Decides each page's kind, from its original: `_index.md` is a section; an
/// explicit `kind` wins; a Markdown file beside a course's `index.md` is a
/// module; otherwise the nearest section's `child_kind`, or `page`.
fn decide_kinds<'a>(
    by_path: &HashMap<&'a str, &'a Prepared<'a>>,
) -> HashMap<&'a str, Result<Kind, Vec<Diagnostic>>> {
    let explicit = |p: &Prepared, key: &str| -> Result<Option<Kind>, Diagnostic> {
        match p.2.get(key) {
            None => Ok(None),
            Some(toml::Value::String(name)) => Kind::from_name(name)
                .map(Some)
                .ok_or_else(|| unknown_kind(p, key, name)),
            Some(_) => {
                Err(
                    front_matter::at_key(p.0, &p.1, key, format!("`{key}` must be text in quotes"))
                        .with_help(format!(
                            "for example {key} = \"course\"; the kinds are: {}",
                            Kind::ALL.map(Kind::name).join(", ")
                        )),
                )
            }
        }
    };
    let child_kind_of = |dir: &str| -> Kind {
        let mut dir = dir;
        loop {
            let index = join(dir, "_index.md");
            if let Some(p) = by_path.get(index.as_str()) {
                return explicit(p, "child_kind")
                    .ok()
                    .flatten()
                    .unwrap_or(Kind::Page);
            }
            if dir.is_empty() {
                return Kind::Page;
            }
            dir = parent_dir(dir);
        }
    };
    let bundle_kind = |dir: &str| -> Option<Kind> {
        let p = by_path.get(join(dir, "index.md").as_str())?;
        Some(
            explicit(p, "kind")
                .ok()
                .flatten()
                .unwrap_or_else(|| child_kind_of(parent_dir(dir))),
        )
    };
    by_path
        .iter()
        .map(|(&path, p)| {
            let dir = parent_dir(path);
            let name = file_name(path);
            let kind = match explicit(p, "kind") {
                Err(d) => Err(vec![d]),
                Ok(_) if name == "_index.md" => Ok(Kind::Section),
                Ok(Some(kind)) => Ok(kind),
                Ok(None) if name == "index.md" => Ok(bundle_kind(dir).unwrap_or(Kind::Page)),
                Ok(None) if bundle_kind(dir) == Some(Kind::Course) => Ok(Kind::Module),
                Ok(None) => Ok(child_kind_of(dir)),
            };
            (path, kind)
        })
        .collect()
}

fn unspoken(source: &SourceFile, found: &[markdown::Unspoken]) -> Vec<Diagnostic> {
    found
        .iter()
        .map(|u| {
            let (message, help) = match u.what {
                markdown::Silent::ImageWithoutDescription => (
                    "this image has no description",
                    "say what the image shows between the brackets: ![Deltakere vasker et kjøkken](bilde.jpg); screen readers read it aloud",
                ),
                markdown::Silent::EmptyHeading => {
                    ("this heading has no text", "write the heading's words after the #, or remove the line")
                }
            };
            Diagnostic::at(&source.display_path, &source.text, u.line, u.column, message).with_width(3).with_help(help)
        })
        .collect()
}

/// Links and images to an address a page may not link to.
fn refused_addresses(source: &SourceFile, found: &[(usize, usize, String)]) -> Vec<Diagnostic> {
    let schemes = "https://, http://, mailto: or tel:";
    found
        .iter()
        .map(|(line, column, address)| {
            let scheme = address.split(':').next().unwrap_or(address);
            Diagnostic::at(
                &source.display_path,
                &source.text,
                *line,
                *column,
                format!("a page may not link to a `{scheme}:` address"),
            )
            .with_width(address.chars().count().min(40))
            .with_help(format!(
                "link to a page or file of the site, or to an address that starts with {schemes}"
            ))
        })
        .collect()
}

/// At most this many warnings about raw HTML per file: a pasted page full
/// of scripts needs one look, not a thousand lines.
const MOST_REMOVALS_SHOWN: usize = 10;

/// Warnings for what cleaning took out of a file's raw HTML, one per line,
/// and for addresses in it that the build does not resolve.
fn removed_html(source: &SourceFile, removals: &[raw_html::Removal]) -> Vec<Diagnostic> {
    let (unresolved, taken_out): (Vec<_>, Vec<_>) = removals
        .iter()
        .partition(|r| r.finding == raw_html::Finding::NotResolved);
    let lines = crate::diagnostic::LineIndex::new(&source.text);
    let mut warnings = taken_out_of_html(source, &lines, &taken_out);
    warnings.extend(unresolved_in_html(source, &lines, &unresolved));
    warnings
}

/// Where a finding in raw HTML is: its piece's place, and lines into it.
fn place_in_html(
    source: &SourceFile,
    lines: &crate::diagnostic::LineIndex,
    removal: &raw_html::Removal,
) -> (usize, usize) {
    let (line, column) = lines.line_column(&source.text, removal.offset);
    match removal.lines_in {
        0 => (line, column),
        more => (line + more, 1),
    }
}

/// An address written in HTML is kept as written, which on a page in its
/// own folder (`kurs/a/side/`) leads away from the file beside the page,
/// and nothing checks that it leads anywhere.
fn unresolved_in_html(
    source: &SourceFile,
    lines: &crate::diagnostic::LineIndex,
    found: &[&raw_html::Removal],
) -> Vec<Diagnostic> {
    let warnings = found.iter().take(MOST_REMOVALS_SHOWN).map(|found| {
        let (line, column) = place_in_html(source, lines, found);
        let address = &found.what;
        let message = format!("`{address}` is written in HTML, so the build cannot check it, and on most pages the published page will not find it");
        let help = format!("write it in Markdown instead, and the build checks it and makes it work on every page: `![description]({address})` for a picture, `[text]({address})` for a link (Markdown works inside `<figure>` with a blank line before and after it)");
        Diagnostic::at(&source.display_path, &source.text, line, column, message)
            .with_help(help)
            .as_warning()
    });
    warnings.collect()
}

/// Warnings for what cleaning took out of a file's raw HTML, one per line.
fn taken_out_of_html(
    source: &SourceFile,
    lines: &crate::diagnostic::LineIndex,
    removals: &[&raw_html::Removal],
) -> Vec<Diagnostic> {
    let mut by_line: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    for removal in removals {
        let (line, column) = place_in_html(source, lines, removal);
        match by_line.last_mut() {
            Some((l, _, what)) if *l == line => what.push(&removal.what),
            _ => by_line.push((line, column, vec![&removal.what])),
        }
    }
    let help = "write it in Markdown, or, if everyone who edits the site is trusted, set `raw_html = \"trusted\"` under `[markdown]` in site.toml";
    let mut warnings: Vec<Diagnostic> = by_line
        .iter()
        .take(MOST_REMOVALS_SHOWN)
        .map(|(line, column, what)| {
            let message = format!("raw HTML taken out of the page: {}", what.join(", "));
            Diagnostic::at(&source.display_path, &source.text, *line, *column, message)
                .with_help(help)
                .as_warning()
        })
        .collect();
    if by_line.len() > MOST_REMOVALS_SHOWN {
        let more = by_line.len() - MOST_REMOVALS_SHOWN;
        warnings.push(
            Diagnostic::in_file(
                &source.display_path,
                format!("raw HTML was taken out of {more} more lines"),
            )
            .with_help(help)
            .as_warning(),
        );
    }
    warnings
}

fn unknown_kind(p: &Prepared, key: &str, name: &str) -> Diagnostic {
    let kinds = Kind::ALL.map(Kind::name);
    let mut d = front_matter::at_key(p.0, &p.1, key, format!("unknown kind `{name}` in `{key}`"));
    d = match did_you_mean(name, kinds) {
        Some(better) => d.with_help(format!("did you mean `{better}`?")),
        None => d.with_help(format!("the kinds are: {}", kinds.join(", "))),
    };
    d
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}
