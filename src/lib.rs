//! kursportal: a static site generator for the shared course-material portal
//! of Norwegian municipalities.
//!
//! The build is a chain of phases, each a module, each from one type to the
//! next (see ARCHITECTURE.md):
//!
//! ```text
//! site.toml ─▶ config ─▶ Config
//! content/  ─▶ load   ─▶ ContentTree { sources, assets }
//!           ─▶ parse  ─▶ Vec<Document>
//!           ─▶ model  ─▶ SiteModel
//!           ─▶ search ─▶ SiteIndex (tantivy, one per language; `kursportal search`)
//!                     ─▶ SearchFiles (the index as the browser reads it)
//!           ─▶ render ─▶ Vec<OutputFile> (pages point to the search files)
//!           ─▶ write  ─▶ public/ (swapped in whole)
//! ```

// Diagnostics travel in `Err` and are larger than clippy likes; they are the
// cold path (a build with problems stops anyway), so boxing them would only
// add noise to every phase.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod diagnostic;
pub mod fingerprint;
pub mod lang;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod search;
pub mod slug;
pub mod theme;
pub mod write;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diagnostic::Diagnostic;
use render::OutputFile;

/// Why a build did not finish.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content, config or theme that the editor can fix.
    Content(Vec<Diagnostic>),
    /// Something went wrong around the content: a disk, a permission.
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Internal(e)
    }
}

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub output_dir: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// What a finished build did, for the summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Per language other than the default: what is translated and what not.
    pub translations: Vec<model::translations::LanguageReport>,
    /// How long each phase took, in the order they ran (`build --timings`).
    pub phases: Vec<(&'static str, Duration)>,
}

/// Times phases one after another.
struct Stopwatch {
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
            phases: Vec::new(),
        }
    }

    /// Ends the phase called `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }
}

/// The phases up to the site model: what `check` validates besides templates.
pub fn site_model(options: &Options) -> Result<(config::Config, model::SiteModel), Failure> {
    let overrides = config::Overrides {
        base_url: options.base_url.clone(),
        drafts: options.drafts,
    };
    let config = config::load(&options.root, &overrides)?;
    let tree = load::walk(&config.content_dir(), &config.language_list())?;
    // Model problems (broken links, clashing URLs) are reported together
    // with the parse problems of other files, so one run shows them all.
    let parsed = parse::parse_all(&tree.sources, config.default_language());
    let mut problems = parsed.problems;
    match model::build(&config, parsed.documents, tree.assets, &parsed.unparsed) {
        Ok(site) if problems.is_empty() => Ok((config, site)),
        Ok(_) => Err(Failure::Content(problems)),
        Err(Failure::Content(mut more)) => {
            problems.append(&mut more);
            Err(Failure::Content(problems))
        }
        Err(other) => Err(other),
    }
}

/// Runs every phase up to the output files, writing nothing.
/// `progress(done, total)` is called as pages render.
fn generate(
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Vec<OutputFile>, Summary), Failure> {
    let started = Instant::now();
    let mut watch = Stopwatch::start();
    let (config, site) = site_model(options)?;
    watch.lap("load, parse, model");
    let theme = theme::load(&config.root, &config.theme, &config.language_list())?;
    watch.lap("theme");
    let index = search::index_site(&site)?;
    watch.lap("search index");
    let search = search::export_site(&index, |language| {
        render::search_page::labels(&site, language, &theme.strings[&language])
    })?;
    watch.lap("search export");
    let total = site.pages.len();
    let done = AtomicUsize::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
    let mut files = render::render(&config, &site, &theme, &search.meta_paths, &tick)?;
    files.extend(search.files.into_iter().map(|(path, bytes)| OutputFile {
        path,
        content: render::Content::Bytes(bytes),
    }));
    watch.lap("render");
    let summary = Summary {
        pages: total,
        files: files.len(),
        bytes: 0,
        elapsed: started.elapsed(),
        translations: model::translations::report(&config, &site),
        phases: watch.phases,
    };
    Ok((files, summary))
}

/// Validates everything a build would, writing nothing.
pub fn check(options: &Options) -> Result<Summary, Failure> {
    generate(options, &|_, _| {}).map(|(_, summary)| summary)
}

/// Builds the site into `options.output_dir`, replacing what was there only on success.
pub fn build(
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, Failure> {
    let started = Instant::now();
    write::guard_output(&options.root, &options.output_dir)
        .map_err(|d| Failure::Content(vec![d]))?;
    let (files, mut summary) = generate(options, progress)?;
    let writing = Instant::now();
    summary.bytes = write::write_site(&options.output_dir, &files)?;
    summary.phases.push(("write", writing.elapsed()));
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Answers a query over the site's content as it is now: the phases up to
/// the model, then the search phase's index, in memory (never a stale
/// answer from an old build).
pub fn search(options: &Options, query: &search::Query) -> Result<Vec<search::Hit>, Failure> {
    let (_, site) = site_model(options)?;
    let index = search::index_for_query(&site, query.language)?;
    Ok(search::search(&index, query)?)
}
