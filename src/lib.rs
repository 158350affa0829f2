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
//!           ─▶ render ─▶ OutputFile, one by one, into a write::Sink
//!              search ─▶ SiteIndex (tantivy) ─▶ the browser's files,
//!                        built beside render (`kursportal search` queries it)
//!           ─▶ write  ─▶ public/ (swapped in whole), or memory
//! ```
//!
//! `site::Site` owns what the phases up to the model make, with the theme's
//! compiled templates, so a site can be kept and rendered again.

// Diagnostics travel in `Err` and are larger than clippy likes; they are the
// cold path (a build with problems stops anyway), so boxing them would only
// add noise to every phase.
#![allow(clippy::result_large_err)]

pub mod collate;
pub mod config;
pub mod diagnostic;
pub mod fingerprint;
#[doc(hidden)]
pub mod fuzzing;
pub mod heap;
pub mod lang;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod toml_text;
pub mod work;
pub mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostic::Diagnostic;
use site::Site;

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
    /// Warnings are errors: nothing is written while there are any.
    pub deny_warnings: bool,
    /// Build the search index (`build --no-search` leaves it out).
    pub search: bool,
    /// Built for the preview server: each language's search meta file has a
    /// fixed name (`meta.preview.json`), so a content edit leaves the pages
    /// that do not show it as they were (and they need not be drawn again).
    pub preview: bool,
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
    /// What the editor should know, though the site was written.
    pub warnings: Vec<Diagnostic>,
    /// What the build did, counted (`build --timings`).
    pub work: work::Work,
    /// Pictures in bodies with smaller copies, and the copies made.
    pub pictures: render::images::PictureReport,
}

/// Validates everything a build would, writing nothing.
pub fn check(options: &Options) -> Result<Summary, Failure> {
    let started = (Instant::now(), work::Work::so_far());
    let site = Site::load(options, None)?;
    refuse_warnings(&site, options)?;
    let rendered = site.render(&write::Discard, &|_, _| {})?;
    Ok(summary(&site, rendered, 0, started))
}

/// Builds the site into `options.output_dir`, replacing what was there only on success.
pub fn build(
    options: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, Failure> {
    let started = (Instant::now(), work::Work::so_far());
    write::guard_output(&options.root, &options.output_dir)
        .map_err(|d| Failure::Content(vec![d]))?;
    // The output folder first: its lock, and a previous site a killed build
    // left aside back in place, whatever becomes of this build.
    let staging = write::Staging::new(&options.output_dir)?;
    let site = Site::load(options, None)?;
    refuse_warnings(&site, options)?;
    let rendered = site.render(&staging, progress)?;
    let swapping = Instant::now();
    let bytes = staging.finish()?;
    let mut summary = summary(&site, rendered, bytes, started);
    summary.phases.push(("swap in", swapping.elapsed()));
    Ok(summary)
}

/// With `--deny-warnings`, the site's warnings stop the build as errors.
fn refuse_warnings(site: &Site, options: &Options) -> Result<(), Failure> {
    let warnings = site.warnings();
    if !options.deny_warnings || warnings.is_empty() {
        return Ok(());
    }
    let errors = warnings.into_iter().map(|w| {
        let help = match &w.help {
            Some(help) => format!("{help} (a warning, made an error by --deny-warnings)"),
            None => "a warning, made an error by --deny-warnings".to_owned(),
        };
        w.as_error().with_help(help)
    });
    Err(Failure::Content(errors.collect()))
}

/// `started`: when the build began, and the work done before it.
fn summary(
    site: &Site,
    rendered: site::Rendered,
    bytes: u64,
    started: (Instant, work::Work),
) -> Summary {
    let mut phases = site.phases.clone();
    phases.extend(rendered.phases);
    Summary {
        pages: site.model.pages.len(),
        files: rendered.files,
        bytes,
        elapsed: started.0.elapsed(),
        translations: model::translations::report(&site.config, &site.model),
        phases,
        warnings: site.warnings(),
        work: work::Work::so_far().since(started.1),
        pictures: rendered.pictures,
    }
}

/// Answers a query over the site's content as it is now: the phases up to
/// the model, then the search phase's index, in memory (never a stale
/// answer from an old build).
pub fn search(options: &Options, query: &search::Query) -> Result<Vec<search::Hit>, Failure> {
    let (_, model) = site::site_model(options, None)?;
    let index = search::index_for_query(&model, query.language)?;
    Ok(search::search(&index, query)?)
}
