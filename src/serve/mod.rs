//! `kursportal serve`: the live preview. Builds the site into memory (never
//! over `public/`), serves it over HTTP, watches the site's sources, and
//! after each change reads the site again (re-parsing only the files whose
//! text changed), renders it, and tells open pages what changed. A failed
//! rebuild keeps the last good site served and shows its problems in every
//! open page until they are fixed.

mod http;
mod live;
mod watch;

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::anyhow;

use crate::diagnostic::{self, Diagnostic};
use crate::lang::Language;
use crate::parse::DocumentCache;
use crate::render;
use crate::search::SearchPlan;
use crate::site::Site;
use crate::write::Memory;
use crate::{Failure, Options};

use live::{Broadcaster, Event};

/// How many requests are answered at once (an event stream holds none).
const WORKERS: usize = 8;
/// How often open event streams hear from the server when nothing changes.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What `serve` is asked to do.
pub struct ServeOptions {
    pub options: Options,
    pub bind: IpAddr,
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
}

/// The preview as requests see it, shared by the server's threads.
#[derive(Default)]
pub struct Shared {
    served: RwLock<Served>,
    live: Broadcaster,
}

#[derive(Default)]
struct Served {
    /// The last site that built, path → bytes, but for its search files.
    files: Arc<BTreeMap<String, Vec<u8>>>,
    /// The search files, made after the pages (a reload need not wait for
    /// them), and the meta files they were made for.
    search: BTreeMap<String, Vec<u8>>,
    search_for: BTreeMap<Language, String>,
    /// The last rebuild's problems, while they last.
    problem: Option<Event>,
}

/// What a rebuild may take over from the one before: parsed documents, and
/// the last good site (for its compiled theme).
#[derive(Default)]
struct Kept {
    documents: DocumentCache,
    site: Option<Site>,
}

impl Shared {
    fn file(&self, path: &str) -> Option<Vec<u8>> {
        let served = self.read();
        served
            .files
            .get(path)
            .or_else(|| served.search.get(path))
            .cloned()
    }

    fn has_file(&self, path: &str) -> bool {
        let served = self.read();
        served.files.contains_key(path) || served.search.contains_key(path)
    }

    /// What a page that connects now is told first.
    fn current_event(&self) -> Event {
        self.read().problem.clone().unwrap_or(Event::Ok)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        self.served.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Serves the site until the process is stopped (Ctrl-C).
pub fn run(serve: ServeOptions) -> Result<(), Failure> {
    let address = SocketAddr::new(serve.bind, serve.port);
    let server = Arc::new(bind(address)?);
    let url = format!("http://{address}/");
    let options = Options {
        base_url: Some(url.clone()),
        ..serve.options
    };
    let shared = Arc::new(Shared::default());
    let mut kept = Kept::default();
    rebuild(&options, &mut kept, &[], &shared);
    for _ in 0..WORKERS {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                http::answer(&shared, request);
            }
        });
    }
    let changes = watch::Changes::watch(&options.root)?;
    ctrlc::set_handler(|| {
        eprintln!("\nThe preview has stopped.");
        std::process::exit(0);
    })
    .map_err(|e| anyhow!("listening for Ctrl-C: {e}"))?;
    if !serve.bind.is_loopback() {
        eprintln!("warning: the preview is served to the network at {url}: anyone who can reach this machine can read it, drafts included");
    }
    println!("Preview at {url} (watching content/, themes/, static/, templates/ and site.toml; Ctrl-C stops)");
    if serve.open {
        open_in_browser(&url);
    }
    loop {
        let changed = changes.next(KEEP_ALIVE);
        if changed.is_empty() {
            shared.live.keep_alive();
            continue;
        }
        let names: Vec<String> = changed
            .iter()
            .map(|p| diagnostic::display_path(p))
            .collect();
        println!("Changed: {}", names.join(", "));
        rebuild(&options, &mut kept, &changed, &shared);
    }
}

fn bind(address: SocketAddr) -> Result<tiny_http::Server, Failure> {
    tiny_http::Server::http(address).map_err(|error| {
        let in_use = error
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
        let d = if in_use {
            Diagnostic::in_file("serve", format!("port {} is already in use on {}", address.port(), address.ip()))
                .with_help("another program (perhaps another `kursportal serve`) uses it; stop that, or choose another port with --port")
        } else {
            Diagnostic::in_file("serve", format!("cannot serve on {address}: {error}"))
                .with_help("choose another address with --bind or another port with --port")
        };
        Failure::Content(vec![d])
    })
}

/// Reads and renders the site again and tells open pages; on failure, the
/// last good site stays and pages show the problems. The search files come
/// last: pages name them before they exist, and a reader types later.
fn rebuild(options: &Options, kept: &mut Kept, changed: &[PathBuf], shared: &Shared) {
    let started = Instant::now();
    let theme = kept
        .site
        .take()
        .filter(|_| !changes_theme(changed))
        .map(Site::into_theme);
    let built = Site::load_with_theme(options, Some(&kept.documents), theme).and_then(|site| {
        let plan = site.search_plan();
        let memory = Memory::default();
        let paths = site.render_pages(plan.as_ref(), &memory, &|_, _| {})?;
        render::check_unique_paths(&paths)?;
        let files = memory.files.into_inner().unwrap_or_else(|e| e.into_inner());
        Ok((site, plan, files))
    });
    match built {
        Ok((site, plan, files)) => {
            publish_pages(shared, files);
            println!(
                "Built {} pages in {} ms",
                site.model.pages.len(),
                started.elapsed().as_millis()
            );
            if let Some(plan) = plan {
                publish_search(shared, &site, &plan);
            }
            kept.site = Some(site);
        }
        Err(failure) => {
            let (text, shown) = problems_text(failure);
            eprintln!("{shown}");
            let event = Event::Error {
                title: "Siden kunne ikke bygges på nytt".into(),
                text,
            };
            shared.write().problem = Some(event.clone());
            shared.live.send(&event);
        }
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

fn publish_pages(shared: &Shared, files: BTreeMap<String, Vec<u8>>) {
    let files = Arc::new(files);
    let mut served = shared.write();
    let old = std::mem::replace(&mut served.files, Arc::clone(&files));
    let was_broken = served.problem.take().is_some();
    drop(served);
    if was_broken {
        shared.live.send(&Event::Ok);
    }
    if let Some(event) = live::change(&old, &files) {
        shared.live.send(&event);
    }
}

/// Makes the search files the pages name, unless the ones served already
/// are those (nothing they are made from changed).
fn publish_search(shared: &Shared, site: &Site, plan: &SearchPlan) {
    if shared.read().search_for == plan.meta_paths {
        return;
    }
    match site.search_files(plan) {
        Ok(files) => {
            let mut served = shared.write();
            served.search = files.into_iter().collect();
            served.search_for = plan.meta_paths.clone();
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
    diagnostic::sort(&mut problems);
    let s = if problems.len() == 1 { "" } else { "s" };
    let last = format!(
        "{} problem{s} found; the preview shows the last version that built.",
        problems.len()
    );
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = |color: bool| {
        let mut lines: Vec<String> = problems.iter().map(|p| p.render(color)).collect();
        lines.push(last.clone());
        lines.join("\n")
    };
    (text(false), text(color))
}

fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Could not open a browser; open {url} yourself.");
    }
}
