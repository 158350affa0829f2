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
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::anyhow;

use crate::diagnostic::{self, Diagnostic};
use crate::parse::DocumentCache;
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
    /// The last site that built, path → bytes.
    files: Arc<BTreeMap<String, Vec<u8>>>,
    /// The last rebuild's problems, while they last.
    problem: Option<Event>,
}

impl Shared {
    fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.read().files.get(path).cloned()
    }

    fn has_file(&self, path: &str) -> bool {
        self.read().files.contains_key(path)
    }

    /// What a page that connects now is told first.
    fn current_event(&self) -> Event {
        self.read().problem.clone().unwrap_or(Event::Ok)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
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
    let cache = DocumentCache::default();
    rebuild(&options, &cache, &shared);
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
        rebuild(&options, &cache, &shared);
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
/// last good site stays and pages show the problems.
fn rebuild(options: &Options, cache: &DocumentCache, shared: &Shared) {
    let started = Instant::now();
    let built = Site::load(options, Some(cache)).and_then(|site| {
        let memory = Memory::default();
        site.render(&memory, &|_, _| {})?;
        let files = memory.files.into_inner().unwrap_or_else(|e| e.into_inner());
        Ok((site.model.pages.len(), files))
    });
    let mut served = shared.served.write().unwrap_or_else(|e| e.into_inner());
    match built {
        Ok((pages, files)) => {
            let files = Arc::new(files);
            let old = std::mem::replace(&mut served.files, Arc::clone(&files));
            let was_broken = served.problem.take().is_some();
            drop(served);
            if was_broken {
                shared.live.send(&Event::Ok);
            }
            if let Some(event) = live::change(&old, &files) {
                shared.live.send(&event);
            }
            println!(
                "Built {pages} pages in {} ms",
                started.elapsed().as_millis()
            );
        }
        Err(failure) => {
            let (text, shown) = problems_text(failure);
            eprintln!("{shown}");
            let event = Event::Error {
                title: "Siden kunne ikke bygges på nytt".into(),
                text,
            };
            served.problem = Some(event.clone());
            drop(served);
            shared.live.send(&event);
        }
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
