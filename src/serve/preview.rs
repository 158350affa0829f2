//! The preview's site: read and rendered again after each change into
//! memory, taking over from the read before what did not change (parsed
//! files, drawn pages, the compiled theme, the search files), and what the
//! server's threads answer from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use super::live::{self, Broadcaster, Event};
use crate::diagnostic::{self, Diagnostic};
use crate::lang::Language;
use crate::model::{self, ModelMemo};
use crate::parse::DocumentCache;
use crate::render::{self, RenderCache};
use crate::search::SearchPlan;
use crate::site::{Kept, Site};
use crate::write::{Files, Memory};
use crate::{Failure, Options};

/// The preview as requests see it, shared by the server's threads.
#[derive(Default)]
pub struct Shared {
    served: RwLock<Served>,
    pub live: Broadcaster,
    /// The rebuild that published the pages served now, and the one whose
    /// search files are served (the search worker catches up).
    pages_from: AtomicU64,
    search_from_rebuild: Mutex<u64>,
    search_caught_up: Condvar,
    /// Someone waits for the search files: the worker need not wait for quiet.
    search_wanted: AtomicBool,
}

#[derive(Default)]
struct Served {
    /// The last site that built, path → bytes, but for its search files.
    pages: Arc<Files>,
    /// How many times pages were published: the build a page was drawn in.
    build: u64,
    /// The search files, made after the pages (a reload need not wait for
    /// them), and what they were made from.
    search: Files,
    search_from: BTreeMap<Language, String>,
    /// The search files before those: a page that did not reload may still
    /// ask for them (its meta file, read earlier, names them).
    search_before: Files,
    /// The last rebuild's problems, while they last.
    problem: Option<Event>,
}

impl Shared {
    /// A file with the build it comes from (pages name it, to catch up).
    pub fn file_of_build(&self, path: &str) -> Option<(Vec<u8>, u64)> {
        let served = self.read();
        let found = served.pages.get(path).or_else(|| served.search.get(path));
        let found = found.or_else(|| served.search_before.get(path));
        found.map(|bytes| (bytes.to_vec(), served.build))
    }

    /// What a page drawn in build `seen` is told as it connects: the
    /// problems, if the last rebuild failed, and to reload, if a newer
    /// build came meanwhile.
    pub fn events_for(&self, seen: Option<u64>) -> Vec<Event> {
        let served = self.read();
        let mut events = vec![served.problem.clone().unwrap_or(Event::Ok)];
        if seen.is_some_and(|seen| seen != served.build) {
            events.push(Event::Reload {
                paths: vec!["*".into()],
            });
        }
        events
    }

    pub fn has_file(&self, path: &str) -> bool {
        let served = self.read();
        served.pages.contains_key(path) || served.search.contains_key(path)
    }

    fn read(&self) -> RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Served> {
        self.served.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The search files served now are those of `rebuild` (or a later one).
    fn search_made(&self, rebuild: u64) {
        let mut made = self
            .search_from_rebuild
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *made = (*made).max(rebuild);
        self.search_caught_up.notify_all();
    }
}

/// What one rebuild did.
pub struct Rebuilt {
    pub pages: usize,
    /// Files parsed and pages drawn by this rebuild (the rest were kept).
    pub parsed: usize,
    pub drawn: usize,
    /// Pages looked at by this rebuild: drawn, or found as drawn before.
    pub considered: usize,
    /// Course packs zipped by this rebuild (the rest were kept as they were).
    pub packs_zipped: usize,
    /// Files split into front matter and body, and front matters read as
    /// TOML, by this rebuild's parse phase (`DocumentCache`; telling
    /// whether only bodies changed splits the changed files too).
    pub files_split: usize,
    pub front_matters_read: usize,
    /// Links resolved and written in, and translations inherited, again
    /// by the model (when the site was read again, not only its bodies).
    pub redone: crate::model::Redone,
    /// Only bodies changed, and the site was taken as it was with the new
    /// bodies put in, not read again.
    pub bodies_only: bool,
    pub took: Duration,
    /// How long each part took, in order (`serve --timings`).
    pub phases: Vec<(&'static str, Duration)>,
    /// What the editor should know, though the site is served.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}

/// A site read, with the plan of its search files and its pages drawn.
type Drawn = (Site, Option<SearchPlan>, Files);

/// A site kept for the preview.
pub struct Preview {
    options: Options,
    documents: DocumentCache,
    memo: ModelMemo,
    drawn: RenderCache,
    /// The last good site: its compiled theme, its content files as read,
    /// its model to tell what changed.
    site: Option<Arc<Site>>,
    /// Changes since the last good site that it has not read (those of
    /// failed rebuilds).
    unread: Vec<PathBuf>,
    pub shared: Arc<Shared>,
    /// The search worker's queue: (rebuild, site, plan).
    search_jobs: Sender<SearchJob>,
}

/// A site whose search files the worker is to make: the rebuild it came
/// from, the site, and the plan its pages follow.
type SearchJob = (u64, Arc<Site>, SearchPlan);

impl Preview {
    pub fn new(options: Options) -> Preview {
        let shared = Arc::new(Shared::default());
        let (search_jobs, jobs) = channel();
        let worker = Arc::clone(&shared);
        std::thread::spawn(move || search_worker(&worker, &jobs));
        Preview {
            search_jobs,
            options: Options {
                preview: true,
                ..options
            },
            documents: DocumentCache::default(),
            memo: ModelMemo::default(),
            drawn: RenderCache::default(),
            site: None,
            unread: Vec::new(),
            shared,
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Reads and renders the site again after `changed` (paths from the
    /// site's root; none for the first build) and tells open pages. On
    /// failure the last good site stays, pages show the problems, and the
    /// error is the problems as the terminal shows them. The search files
    /// come last: pages name them before they exist, and a reader types later.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, String> {
        let started = Instant::now();
        let previous = self.site.take();
        let theme = previous.as_ref().filter(|_| !changes_theme(changed));
        let theme_kept = theme.is_some();
        if !theme_kept {
            // Pages drawn with other templates are no guide.
            self.drawn = RenderCache::default();
        }
        let (parsed, drawn) = (self.documents.parsed(), self.drawn.drawn());
        let considered = self.drawn.considered();
        let packs_zipped = self.drawn.packs_zipped();
        let redone = self.memo.redone();
        let tables_read = self.documents.tables_read();
        let files_split = self.documents.files_split();
        let tree = theme.and_then(|site| {
            let mut tree = site.tree.clone();
            let unread = self.unread.iter().chain(changed);
            tree.refresh(&self.options.root, unread).then_some(tree)
        });
        // Pages drawn by a render that then failed are in the cache: they
        // are no guide to what changed since the last good site.
        let mut drawing = false;
        let mut bodies_only = false;
        let edited = match (theme, tree) {
            (Some(site), Some(tree)) => site
                .with_edited_bodies(tree, &self.documents, &self.memo)
                .map_err(Some),
            (_, tree) => Err(tree),
        };
        let built = match edited {
            Ok((site, changes)) => {
                drawing = true;
                bodies_only = true;
                self.draw(site, Some(&changes))
            }
            Err(tree) => {
                let kept = Kept {
                    documents: Some(&self.documents),
                    memo: Some(&self.memo),
                    tree,
                    theme: theme.map(|site| site.theme()),
                };
                Site::reload(&self.options, kept).and_then(|site| {
                    let before = theme.map(|site| &site.model);
                    let changes = before.and_then(|b| model::content_changes(b, &site.model));
                    drawing = true;
                    self.draw(site, changes.as_ref())
                })
            }
        };
        match built {
            Ok((site, plan, pages)) => {
                let mut phases = site.phases.clone();
                phases.push((
                    "render",
                    started.elapsed() - phases.iter().map(|p| p.1).sum::<Duration>(),
                ));
                let publishing = Instant::now();
                publish_pages(&self.shared, pages);
                phases.push(("publish", publishing.elapsed()));
                let rebuilt = Rebuilt {
                    phases,
                    pages: site.model.pages.len(),
                    parsed: self.documents.parsed() - parsed,
                    drawn: self.drawn.drawn().saturating_sub(drawn),
                    considered: self.drawn.considered().saturating_sub(considered),
                    packs_zipped: self.drawn.packs_zipped().saturating_sub(packs_zipped),
                    redone: self.memo.redone().since(redone),
                    front_matters_read: self.documents.tables_read() - tables_read,
                    files_split: self.documents.files_split() - files_split,
                    bodies_only,
                    took: started.elapsed(),
                    warnings: site.warnings(),
                };
                let site = Arc::new(site);
                let rebuild = self.shared.pages_from.fetch_add(1, Ordering::SeqCst) + 1;
                if let Some(plan) = plan {
                    let _ = self.search_jobs.send((rebuild, Arc::clone(&site), plan));
                } else {
                    self.shared.search_made(rebuild);
                }
                self.site = Some(site);
                self.unread.clear();
                Ok(rebuilt)
            }
            Err(failure) => {
                if drawing {
                    self.drawn = RenderCache::default();
                } else if theme_kept {
                    self.site = previous;
                    self.unread.extend_from_slice(changed);
                }
                let (text, shown) = problems_text(failure);
                let event = Event::Error {
                    title: "Siden kunne ikke bygges på nytt".into(),
                    text,
                };
                self.shared.write().problem = Some(event.clone());
                self.shared.live.send(&event);
                Err(shown)
            }
        }
    }

    /// Draws `site`'s pages into memory; with `changed`, the pages whose
    /// content differs from the last site's, which has the same shape.
    fn draw(&self, site: Site, changed: Option<&model::Changes>) -> Result<Drawn, Failure> {
        let plan = site.search_plan();
        let memory = Memory::default();
        let written = site.render_pages(
            plan.as_ref(),
            &memory,
            &|_, _| {},
            Some(&self.drawn),
            changed,
        )?;
        let mut pages = memory.files.into_inner().unwrap_or_else(|e| e.into_inner());
        if written.only_changes {
            // The other pages are as drawn before, and paths as they were.
            let mut all = self.drawn.files();
            all.append(&mut pages);
            pages = all;
        } else {
            render::check_unique_paths(&written.paths, &|path| site.origins_of(path))?;
        }
        Ok((site, plan, pages))
    }

    /// The site as it is served now: its pages and its search files, once
    /// the search worker has caught up with the last rebuild.
    pub fn files(&self) -> Files {
        let last = self.shared.pages_from.load(Ordering::SeqCst);
        self.shared.search_wanted.store(true, Ordering::SeqCst);
        let mut made = self
            .shared
            .search_from_rebuild
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        while *made < last {
            made = self
                .shared
                .search_caught_up
                .wait(made)
                .unwrap_or_else(|e| e.into_inner());
        }
        drop(made);
        self.shared.search_wanted.store(false, Ordering::SeqCst);
        let served = self.shared.read();
        let mut files = (*served.pages).clone();
        files.extend(served.search.iter().map(|(p, b)| (p.clone(), b.clone())));
        files
    }
}

/// A change to what the theme is made of: its templates and words, or the
/// settings that name it.
fn changes_theme(changed: &[PathBuf]) -> bool {
    let theme_parts = ["themes", "templates", "i18n", "site.toml"].map(Path::new);
    changed
        .iter()
        .any(|path| theme_parts.iter().any(|part| path.starts_with(part)))
}

fn publish_pages(shared: &Shared, pages: Files) {
    let pages = Arc::new(pages);
    let mut served = shared.write();
    let old = std::mem::replace(&mut served.pages, Arc::clone(&pages));
    served.build += 1;
    let was_broken = served.problem.take().is_some();
    drop(served);
    if was_broken {
        shared.live.send(&Event::Ok);
    }
    if let Some(event) = live::change(&old, &pages) {
        shared.live.send(&event);
    }
}

/// How long the worker waits for saves to stop before it makes the search
/// files: indexing a large site takes both cores for seconds, and the next
/// rebuild (what the editor waits for) should not share them.
const SEARCH_QUIET: Duration = Duration::from_secs(1);

/// Makes the search files of the latest site it is given, on its own
/// thread, once saves have paused, so a rebuild never waits for the index:
/// jobs that a newer one overtook are skipped.
fn search_worker(shared: &Shared, jobs: &Receiver<SearchJob>) {
    // A pool of its own, one thread: the index's parallel work then never
    // queues ahead of a rebuild's on the shared pool.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    while let Ok(mut job) = jobs.recv() {
        let mut last_job = Instant::now();
        while last_job.elapsed() < SEARCH_QUIET && !shared.search_wanted.load(Ordering::SeqCst) {
            match jobs.recv_timeout(Duration::from_millis(50)) {
                Ok(newer) => {
                    job = newer;
                    last_job = Instant::now();
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (rebuild, site, plan) = job;
        match &pool {
            Some(pool) => pool.install(|| publish_search(shared, &site, &plan)),
            None => publish_search(shared, &site, &plan),
        }
        shared.search_made(rebuild);
    }
}

/// Makes the search files again, unless what they are made from is as
/// before.
fn publish_search(shared: &Shared, site: &Site, plan: &SearchPlan) {
    let from = plan.fingerprints(&site.model);
    if shared.read().search_from == from {
        return;
    }
    match site.search_files(plan) {
        Ok(files) => {
            let mut served = shared.write();
            let files = files.into_iter().map(|(path, bytes)| (path, bytes.into()));
            let before = std::mem::replace(&mut served.search, files.collect());
            served.search_before = before;
            served.search_from = from;
        }
        Err(error) => eprintln!("error: the search files could not be made: {error:#}"),
    }
}

/// A failed build's problems as the terminal shows them: plain (for the
/// page) and coloured when the terminal takes colour.
fn problems_text(failure: Failure) -> (String, String) {
    let mut problems = match failure {
        Failure::Content(problems) => problems,
        Failure::Internal(error) => vec![Diagnostic::in_file("site", format!("{error:#}"))],
    };
    let after = "the preview shows the last version that built.";
    let plain = diagnostic::report(&mut problems, false, after);
    let shown = diagnostic::report(&mut problems, diagnostic::color_on_stderr(), after);
    (plain, shown)
}
