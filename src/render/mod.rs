//! [`SiteModel`] + theme → output files.
//!
//! Each page, taxonomy list and term list is one job rendered by Tera on the
//! rayon pool; the model is read-only, so jobs share it without locks. Beside
//! the HTML come the sitemap, robots.txt, the 404 page, the theme's static
//! files under content-hashed names, and the content tree's own files.

mod base;
mod context;
mod cycles;
mod files;
mod forms;
pub mod images;
mod languages;
mod lists;
mod output_paths;
mod packs;
mod pages;
pub mod search_page;
mod site_files;
mod structured_data;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::model::{reads, Changes, SiteModel};
use crate::theme::Theme;
use crate::write::Sink;
use crate::Failure;

pub use crate::theme::Strings;

/// One file of the finished site, at `path` relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub content: Content,
}

#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Bytes kept elsewhere too (a preview's drawn pages).
    Shared(Arc<[u8]>),
    /// A file copied as it is, from this path.
    Copy(PathBuf),
}

impl OutputFile {
    pub fn bytes(path: String, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            path,
            content: Content::Bytes(bytes),
        }
    }

    pub fn shared(path: String, bytes: Arc<[u8]>) -> OutputFile {
        OutputFile {
            path,
            content: Content::Shared(bytes),
        }
    }
}

/// Names of the theme's stylesheet and scripts in the output, with hashes.
#[derive(Debug, Clone, Serialize)]
pub struct AssetNames {
    pub css: String,
    pub js: String,
    /// The search script, loaded when a reader first uses the search field.
    pub search_js: String,
}

/// The theme made ready to draw pages: its templates compiled once, its
/// static files under their output names. Kept between builds by `Site`.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    assets: AssetNames,
    static_files: Vec<OutputFile>,
    /// The theme's stylesheet, which each course pack holds.
    stylesheet: Arc<str>,
}

impl Templates {
    pub fn compile(theme: &Theme) -> Result<Templates, Failure> {
        // Before Tera sees them: it follows a loop until the stack overflows.
        let loops = cycles::check(&theme.templates);
        if !loops.is_empty() {
            return Err(Failure::Content(loops));
        }
        let tera = compile_templates(theme)?;
        let (assets, static_files) = theme_static_files(theme);
        let stylesheet = theme
            .static_files
            .iter()
            .find(|(path, _)| path.as_str() == "style.css")
            .map_or_else(String::new, |(_, bytes)| {
                String::from_utf8_lossy(bytes).into_owned()
            });
        Ok(Templates {
            tera,
            assets,
            static_files,
            stylesheet: stylesheet.into(),
        })
    }
}

/// Everything the render jobs share.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub model: &'a SiteModel,
    pub tera: &'a Tera,
    pub strings: &'a BTreeMap<Language, Strings>,
    pub assets: AssetNames,
    /// Each language's search index (its meta file), from the output root.
    pub search_index: &'a BTreeMap<Language, String>,
    /// Each language's pages from A to Å, for its search pages.
    pub a_to_z: BTreeMap<Language, Arc<search_page::AToZ>>,
    /// With a preview's changes: each language's search pages that show
    /// something else than before (`None`: all of them).
    pub search_redraw: BTreeMap<Language, Option<HashSet<search_page::LetterPage>>>,
    pub stylesheet: Arc<str>,
    /// Each course page's pack (made before the pages are drawn).
    pub packs: BTreeMap<usize, packs::PackFile>,
    /// The course pages whose pack was made again (a preview draws them again).
    pub remade_packs: HashSet<usize>,
}

/// What the render phase reads.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub model: &'a SiteModel,
    pub strings: &'a BTreeMap<Language, Strings>,
    pub templates: &'a Templates,
    pub search_index: &'a BTreeMap<Language, String>,
    /// Pages drawn before with the same templates (`serve`), if kept.
    pub drawn_before: Option<&'a RenderCache>,
    /// With `drawn_before`: the model has the shape of the one those pages
    /// were drawn from (`model::content_changes`), and only these pages
    /// (by index) say something else. A page that read none of them is
    /// taken as it was, without even making its context.
    pub changed_pages: Option<&'a Changes>,
}

/// Pages drawn by earlier renders with the same templates: a fingerprint
/// of the context their template saw, what it gave, and the pages the
/// context was made from. A template sees nothing but its context, so a
/// page whose context is the same is the same page and is not drawn again.
/// Content pages are kept by address, lists by their place
/// (`pages::Job`). Counts what it drew.
#[derive(Default)]
pub struct RenderCache {
    pages: RwLock<HashMap<String, Arc<Drawn>>>,
    lists: RwLock<HashMap<pages::Job, Arc<Drawn>>>,
    /// Each language's A–Å list.
    a_to_z: Mutex<BTreeMap<Language, Arc<search_page::AToZ>>>,
    sitemap: Mutex<Option<Arc<[u8]>>>,
    packs: packs::PackCache,
    drawn: AtomicUsize,
    /// Jobs looked at (drawn, or found as drawn before), so far.
    considered: AtomicUsize,
}

/// One page as drawn before.
struct Drawn {
    /// The job that drew it, in the model it was drawn from.
    job: pages::Job,
    path: String,
    fingerprint: u64,
    bytes: Arc<[u8]>,
    /// The pages (by index) its context read.
    read: Arc<[usize]>,
}

impl RenderCache {
    /// How many pages were drawn (not taken from the cache) so far.
    pub fn drawn(&self) -> usize {
        self.drawn.load(Ordering::Relaxed)
    }

    /// How many course packs were zipped (not taken as they were) so far.
    pub fn packs_zipped(&self) -> usize {
        self.packs.zipped()
    }

    /// How many jobs were looked at so far: a preview's change looks at the
    /// pages that may show it, not at every page (`affected_jobs`).
    pub fn considered(&self) -> usize {
        self.considered.load(Ordering::Relaxed)
    }

    fn get(&self, model: &SiteModel, job: &pages::Job) -> Option<Arc<Drawn>> {
        match job {
            pages::Job::Page(index) => read(&self.pages).get(&model.pages[*index].url).cloned(),
            list => read(&self.lists).get(list).cloned(),
        }
    }

    fn keep(&self, model: &SiteModel, job: pages::Job, drawn: Drawn) {
        let drawn = Arc::new(drawn);
        match job {
            pages::Job::Page(index) => {
                let url = model.pages[index].url.clone();
                write(&self.pages).insert(url, drawn);
            }
            list => {
                write(&self.lists).insert(list, drawn);
            }
        }
    }

    /// Every page as last drawn, by output path.
    pub fn files(&self) -> crate::write::Files {
        let (pages, lists) = (read(&self.pages), read(&self.lists));
        let drawn = pages.values().chain(lists.values());
        drawn
            .map(|d| (d.path.clone(), Arc::clone(&d.bytes)))
            .collect()
    }

    /// The jobs of `jobs` whose pages may differ after `changed`, when
    /// they are the jobs drawn last (the model has the shape of the one
    /// drawn last, and every language's search pages are known:
    /// `Renderer::search_redraw`); `None` when they may not be.
    fn affected_jobs(
        &self,
        r: &Renderer,
        jobs: &[pages::Job],
        changed: &Changes,
    ) -> Option<Vec<pages::Job>> {
        let mut languages = r.model.languages.iter();
        if !languages.all(|view| matches!(r.search_redraw.get(&view.language), Some(Some(_)))) {
            return None;
        }
        let (pages, lists) = (read(&self.pages), read(&self.lists));
        let page_jobs = jobs
            .iter()
            .filter(|j| matches!(j, pages::Job::Page(_)))
            .count();
        if pages.len() != page_jobs || lists.len() != jobs.len() - page_jobs {
            return None;
        }
        let drawn = pages.values().chain(lists.values());
        let affected = drawn.filter(|d| reads_changed(r, &d.job, &d.read, changed));
        Some(affected.map(|d| d.job).collect())
    }

    /// Forgets the pages of jobs not in the last render (deleted pages).
    fn keep_only(&self, model: &SiteModel, jobs: &[pages::Job]) {
        let urls: HashSet<&str> = model.pages.iter().map(|p| p.url.as_str()).collect();
        write(&self.pages).retain(|url, _| urls.contains(url.as_str()));
        let lists: HashSet<&pages::Job> = jobs.iter().collect();
        write(&self.lists).retain(|job, _| lists.contains(job));
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

/// A fingerprint of a template's name and context, hashed from the
/// context's debug form (a `BTreeMap` of JSON values: the same order every
/// time) as it is written, without building the text.
fn fingerprint(template: &str, context: &tera::Context) -> u64 {
    use std::fmt::Write as _;
    use std::hash::Hasher as _;
    struct Hashing(crate::fingerprint::Fnv);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut hashing = Hashing(crate::fingerprint::Fnv::default());
    let _ = write!(hashing, "{template}\0{context:?}");
    hashing.0.finish()
}

/// One job's page: as drawn before when it read no changed page or its
/// context is as before, else drawn.
fn page_of(
    r: &Renderer,
    job: &pages::Job,
    cache: Option<&RenderCache>,
    changed: Option<&Changes>,
) -> Result<OutputFile, Diagnostic> {
    let Some(cache) = cache else {
        let (path, template, context) = pages::job_context(r, job);
        let bytes = pages::draw(r, &path, &template, &context)?;
        return Ok(OutputFile::bytes(path, bytes));
    };
    let before = cache.get(r.model, job);
    if let (Some(kept), Some(changed)) = (&before, changed) {
        if !reads_changed(r, job, &kept.read, changed) {
            return Ok(OutputFile::shared(
                kept.path.clone(),
                Arc::clone(&kept.bytes),
            ));
        }
    }
    let ((path, template, context), read) = reads::recording(|| pages::job_context(r, job));
    let fingerprint = fingerprint(&template, &context);
    let kept = before.filter(|k| k.fingerprint == fingerprint && k.path == path);
    let bytes = match kept {
        // Drawn from the same context: the same page.
        Some(kept) => Arc::clone(&kept.bytes),
        None => {
            cache.drawn.fetch_add(1, Ordering::Relaxed);
            pages::draw(r, &path, &template, &context)?.into()
        }
    };
    let drawn = Drawn {
        job: *job,
        path: path.clone(),
        fingerprint,
        bytes: Arc::clone(&bytes),
        read: read.into(),
    };
    cache.keep(r.model, *job, drawn);
    Ok(OutputFile::shared(path, bytes))
}

/// Each language's A–Å list, as before when no title in it changed, and
/// with `changed`, which of its search pages show something else now
/// (`None`: all of them).
type AToZLists = (
    BTreeMap<Language, Arc<search_page::AToZ>>,
    BTreeMap<Language, Option<HashSet<search_page::LetterPage>>>,
);

fn a_to_z_lists(
    model: &SiteModel,
    cache: Option<&RenderCache>,
    changed: Option<&Changes>,
) -> AToZLists {
    let (mut lists, mut redraw) = (BTreeMap::new(), BTreeMap::new());
    for view in &model.languages {
        let language = view.language;
        let before = cache.and_then(|cache| lock(&cache.a_to_z).get(&language).cloned());
        let retitled: Option<Vec<usize>> = changed.map(|c| {
            let pages = c.retitled.iter().copied();
            pages
                .filter(|&i| model.pages[i].doc.lang == language)
                .collect()
        });
        let list = match (&before, &retitled) {
            (Some(before), Some(retitled)) if retitled.is_empty() => Arc::clone(before),
            _ => Arc::new(search_page::AToZ::of(model, language)),
        };
        if let (Some(before), Some(retitled)) = (&before, &retitled) {
            redraw.insert(
                language,
                search_page::pages_to_redraw(before, &list, retitled),
            );
        }
        if let Some(cache) = cache {
            lock(&cache.a_to_z).insert(language, Arc::clone(&list));
        }
        lists.insert(language, list);
    }
    (lists, redraw)
}

/// The sitemap, as before when no date changed: it lists the pages'
/// addresses, languages and dates.
fn sitemap(
    config: &Config,
    model: &SiteModel,
    cache: Option<&RenderCache>,
    changed: Option<&Changes>,
) -> OutputFile {
    let path = site_files::SITEMAP.to_owned();
    let kept = cache
        .filter(|_| changed.is_some_and(|c| c.redated.is_empty()))
        .and_then(|cache| lock(&cache.sitemap).clone());
    if let Some(bytes) = kept {
        return OutputFile::shared(path, bytes);
    }
    let bytes: Arc<[u8]> = site_files::sitemap(config, model).into();
    if let Some(cache) = cache {
        *lock(&cache.sitemap) = Some(Arc::clone(&bytes));
    }
    OutputFile::shared(path, bytes)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether a job drawn before, which read the pages `read`, may show
/// something else now. A search page lists the titles of every page of its
/// language, read beforehand (`AToZ`).
fn reads_changed(r: &Renderer, job: &pages::Job, read: &[usize], changed: &Changes) -> bool {
    let list_changed = match job {
        pages::Job::Search { language, letter } => match r.search_redraw.get(language) {
            Some(Some(pages)) => pages.contains(letter),
            _ => true,
        },
        pages::Job::Page(page) => r.remade_packs.contains(page),
        _ => false,
    };
    list_changed || read.iter().any(|p| changed.pages.contains(p))
}

/// Renders the whole site into `sink`, each file as soon as it is drawn (the
/// site's HTML is never held whole). `progress(done, total)` is called as
/// each page (content page or list) is rendered. Returns the paths written, for the clash check.
/// With a preview's cache and changes, only the pages that may differ are
/// written (`Written::only_changes`).
pub fn render(
    inputs: &Inputs,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Written, Failure> {
    let Inputs {
        config,
        model,
        strings,
        templates,
        search_index,
        drawn_before,
        changed_pages,
    } = *inputs;
    let (a_to_z, search_redraw) = a_to_z_lists(model, drawn_before, changed_pages);
    let mut renderer = Renderer {
        config,
        model,
        tera: &templates.tera,
        strings,
        assets: templates.assets.clone(),
        search_index,
        a_to_z,
        search_redraw,
        stylesheet: Arc::clone(&templates.stylesheet),
        packs: BTreeMap::new(),
        remade_packs: HashSet::new(),
    };
    pages::check_templates(&renderer).map_err(Failure::Content)?;
    let unknown_forms = pages::check_form_endpoints(&renderer);
    if !unknown_forms.is_empty() {
        return Err(Failure::Content(unknown_forms));
    }
    let packs_started = std::time::Instant::now();
    let packs = packs::make(
        &renderer,
        drawn_before.map(|c| &c.packs),
        changed_pages,
        sink,
    )?;
    let packs_took = packs_started.elapsed();
    renderer.packs = packs.files;
    renderer.remade_packs = packs.remade;
    let jobs = pages::jobs(&renderer);
    let affected = drawn_before
        .zip(changed_pages)
        .and_then(|(cache, changed)| cache.affected_jobs(&renderer, &jobs, changed));
    let to_render = affected.as_deref().unwrap_or(&jobs);
    if let Some(cache) = drawn_before {
        cache
            .considered
            .fetch_add(to_render.len(), Ordering::Relaxed);
    }
    let done = AtomicUsize::new(0);
    let results: Vec<Result<String, Failure>> = to_render
        .par_iter()
        .map(|job| {
            let out = page_of(&renderer, job, drawn_before, changed_pages)
                .map_err(|d| Failure::Content(vec![d]));
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, to_render.len());
            let file = out?;
            let path = file.path.clone();
            sink.put(file)?;
            Ok(path)
        })
        .collect();
    let mut problems = Vec::new();
    // The packs' paths, in page order.
    let mut paths: Vec<String> = (renderer.packs.values())
        .map(|pack| pack.path.clone())
        .collect();
    paths.reserve(results.len());
    for result in results {
        match result {
            Ok(path) => paths.push(path),
            Err(Failure::Content(mut ds)) => problems.append(&mut ds),
            Err(internal) => return Err(internal),
        }
    }
    if let (Some(cache), None) = (drawn_before, &affected) {
        cache.keep_only(model, &jobs);
    }
    let mut others = templates.static_files.clone();
    others.push(sitemap(config, model, drawn_before, changed_pages));
    others.push(site_files::robots(config));
    others.extend(site_files::feeds(config, model));

    others.extend(model.assets.iter().map(|a| OutputFile {
        path: a.url.clone(),
        content: Content::Copy(a.abs_path.clone()),
    }));
    let treat = if sink.keeps_files() {
        images::Copies::Publish
    } else {
        images::Copies::Check
    };
    let (copies, pictures) =
        images::copy_files(model, &config.root, treat).map_err(Failure::Content)?;
    others.extend(copies);
    others.extend(site_static_files(config)?);
    // A folder page goes only where nothing else is written: not in a
    // language's search pages, not over a file in static/.
    let searches: Vec<String> = model
        .languages
        .iter()
        .map(|view| base::search_url(model, view.language, &strings[&view.language]))
        .collect();
    let taken: HashSet<&str> = others.iter().map(|f| f.path.as_str()).collect();
    let free = |f: &OutputFile| {
        !taken.contains(f.path.as_str()) && !searches.iter().any(|s| f.path.starts_with(s.as_str()))
    };
    let folders: Vec<OutputFile> = site_files::folder_pages(config, model, strings)
        .into_iter()
        .filter(free)
        .collect();
    others.extend(folders);
    for file in others {
        paths.push(file.path.clone());
        sink.put(file)?;
    }
    if problems.is_empty() {
        Ok(Written {
            paths,
            only_changes: affected.is_some(),
            pictures,
            packs_took,
        })
    } else {
        Err(Failure::Content(problems))
    }
}

/// What a render wrote.
pub struct Written {
    pub paths: Vec<String>,
    /// Only the pages that may differ from the last render's were written
    /// (a preview's changes, and the same pages as before), with every
    /// file beside the pages: the caller keeps the other pages.
    pub only_changes: bool,
    /// The pictures' smaller copies: how many, and how many were made.
    pub pictures: images::PictureReport,
    /// How long the course packs took, made before the pages (which link
    /// to them with their size).
    pub packs_took: std::time::Duration,
}

fn compile_templates(theme: &Theme) -> Result<Tera, Failure> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which bloats every URL for no safety gain
    // inside quoted attributes; ours escapes what HTML needs: & < > " '.
    tera.set_escape_fn(crate::parse::markdown::escape_html);
    let sources = theme
        .templates
        .values()
        .map(|t| (t.name.as_str(), t.text.as_str()));
    tera.add_raw_templates(sources).map_err(|e| {
        let message = error_chain(&e);
        let template = theme
            .templates
            .values()
            .find(|t| message.contains(&format!("'{}'", t.name)));
        let problem = match (template, syntax_error_at(&message)) {
            (Some(t), Some((line, column, expected))) => Diagnostic::at(
                &t.origin,
                &t.text,
                line,
                column,
                format!("the template cannot be read here: {expected}"),
            ),
            (template, _) => Diagnostic::in_file(
                template.map_or_else(|| PathBuf::from("templates"), |t| t.origin.clone()),
                format!("the template has an error: {message}"),
            ),
        };
        let help = "see https://keats.github.io/tera/docs/ for the template syntax";
        Failure::Content(vec![problem.with_help(help)])
    })?;
    Ok(tera)
}

/// Where Tera's parser stopped (`--> 2:34`), and what it expected there
/// (`= expected …`), from its error text.
fn syntax_error_at(message: &str) -> Option<(usize, usize, String)> {
    let at = &message[message.find("--> ")? + 4..];
    let spot = at.split_whitespace().next()?;
    let (line, column) = spot.split_once(':')?;
    let expected = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("the syntax is wrong");
    Some((
        line.parse().ok()?,
        column.parse().ok()?,
        expected.to_owned(),
    ))
}

/// Tera's errors nest; the useful part is often the innermost.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts.join(": ")
}

/// The theme's files; CSS and JS get content-hashed names.
fn theme_static_files(theme: &Theme) -> (AssetNames, Vec<OutputFile>) {
    let mut names = AssetNames {
        css: "style.css".into(),
        js: "kursportal.js".into(),
        search_js: "search.js".into(),
    };
    let mut outputs = Vec::new();
    for (path, bytes) in &theme.static_files {
        // Only the files templates know by name get hashed names; a theme's
        // other files keep theirs, so its templates can link to them.
        let named = match path.as_str() {
            "style.css" => Some(&mut names.css),
            "kursportal.js" => Some(&mut names.js),
            "search.js" => Some(&mut names.search_js),
            _ => None,
        };
        let out_path = match named {
            Some(name) => {
                *name = crate::fingerprint::hashed_name(path, bytes);
                name.clone()
            }
            None => path.clone(),
        };
        outputs.push(OutputFile {
            path: out_path,
            content: Content::Bytes(bytes.clone()),
        });
    }
    (names, outputs)
}

/// The site's own `static/` folder (logos, favicon), copied to the output root.
fn site_static_files(config: &Config) -> Result<Vec<OutputFile>, Failure> {
    let mut problems = Vec::new();
    let files =
        crate::theme::files_under(&config.root.join("static"), &config.root, &mut problems)?;
    if !problems.is_empty() {
        return Err(Failure::Content(problems));
    }
    Ok(files
        .into_iter()
        .map(|(rel, path)| OutputFile {
            path: rel,
            content: Content::Copy(path),
        })
        .collect())
}

/// The output's paths known before drawing, checked for names a file
/// system cannot hold and a file where a folder must be; each problem
/// names what writes there (`origins`).
pub fn check_planned_paths(
    config: &Config,
    model: &SiteModel,
    templates: &Templates,
    origins: &dyn Fn(&str) -> Vec<String>,
) -> Result<(), Failure> {
    let mut fixed: Vec<String> = site_static_files(config)?
        .into_iter()
        .map(|f| f.path)
        .collect();
    fixed.extend(templates.static_files.iter().map(|f| f.path.clone()));
    let paths = output_paths::planned(model, &fixed);
    output_paths::check(config, model, &paths, origins)
}

/// Two files written to one path: the site would lose one of them. Each
/// clash names what writes there (`origins`, asked only on a clash).
pub fn check_unique_paths(
    paths: &[String],
    origins: &dyn Fn(&str) -> Vec<String>,
) -> Result<(), Failure> {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for path in paths {
        if !seen.insert(path.as_str()) {
            let found = origins(path);
            let file = found.first().map_or("content", |origin| origin.as_str());
            let message = match found.as_slice() {
                [first @ .., last] if !first.is_empty() => {
                    let all = if first.len() == 1 { "both" } else { "all" };
                    let first = first.join(", ");
                    format!("{first} and {last} would {all} be written to /{path}")
                }
                _ => format!("two things would be written to /{path}"),
            };
            problems.push(Diagnostic::in_file(file, message).with_help(
                "rename one of them (a page's file or its `slug`, a file in static/, a taxonomy term, a file named like a course's pack, or like a picture's smaller copy: names ending in `.480w.jpg` or `.960w.jpg` are the build's own)",
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Content(problems))
    }
}

/// What writes to `path`, each as an editor knows it: a page's source
/// file, a file in `content/` or `static/`, a list, the theme's file, or a
/// file the build makes itself.
pub fn origins_of(
    config: &Config,
    model: &SiteModel,
    templates: &Templates,
    path: &str,
) -> Vec<String> {
    use crate::model::urls::output_path;
    let mut found: Vec<String> = Vec::new();
    let pages = model.pages.iter().filter(|p| output_path(&p.url) == path);
    found.extend(pages.map(|p| p.doc.display_path.display().to_string()));
    let assets = model.assets.iter().filter(|a| a.url == path);
    found.extend(assets.map(|a| format!("content/{}", a.rel_path)));
    for asset in model.pictures_with_copies.iter().map(|&i| &model.assets[i]) {
        if crate::model::images::smaller_copies(asset)
            .iter()
            .any(|copy| copy.url == path)
        {
            found.push(format!("a smaller copy of content/{}", asset.rel_path));
        }
    }
    for taxonomy in model.languages.iter().flat_map(|view| &view.taxonomies) {
        if output_path(&taxonomy.url) == path {
            found.push(format!("the list of {}", taxonomy.names.title));
        }
        let terms = taxonomy
            .terms
            .iter()
            .filter(|t| output_path(&t.url) == path);
        found.extend(terms.map(|t| format!("the list of pages filed under {}", t.name)));
    }
    // A course's pack: `<course>/<pack name>-<slug>.zip`, beside its page.
    let packs = model.pages.iter().filter(|p| {
        let slug = crate::model::urls::last_part(&p.url);
        let name = path.strip_prefix(p.url.as_str()).unwrap_or("");
        p.doc.kind == crate::parse::Kind::Course
            && !name.contains('/')
            && name.ends_with(&format!("-{slug}.zip"))
    });
    found.extend(packs.map(|p| format!("the course pack of {}", p.doc.display_path.display())));
    let folders = crate::model::family::folders_without_a_page(model);
    if let Some((folder, ..)) = folders
        .iter()
        .find(|(f, ..)| format!("{f}index.html") == path)
    {
        found.push(format!("the page that sends readers on from /{folder}"));
    }
    if templates.static_files.iter().any(|f| f.path == path) {
        found.push(format!("the theme's static/{path}"));
    }
    if config.root.join("static").join(path).is_file() {
        found.push(format!("static/{path}"));
    }
    let made = [
        "sitemap.xml",
        "robots.txt",
        "404.html",
        site_files::FEED_FILE,
    ];
    if made
        .iter()
        .any(|name| path == *name || path.ends_with(&format!("/{name}")))
    {
        found.push(format!("the {path} the build writes"));
    }
    found
}
