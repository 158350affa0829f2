//! `kursportal serve`: the live preview. Builds the site into memory (never
//! over `public/`), serves it over HTTP, watches the site's sources, and
//! after each change reads the site again (re-parsing only the files whose
//! text changed), renders it, and tells open pages what changed. A failed
//! rebuild keeps the last good site served and shows its problems in every
//! open page until they are fixed.

pub mod http;
mod live;
mod preview;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use anyhow::anyhow;

use crate::diagnostic;
use crate::{Failure, Options};

pub use preview::{Preview, Rebuilt};

/// How often open event streams hear from the server when nothing changes.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What `serve` is asked to do.
pub struct ServeOptions {
    pub options: Options,
    pub bind: IpAddr,
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Print how long each part of a rebuild took.
    pub timings: bool,
}

/// Serves the site until the process is stopped (Ctrl-C).
pub fn run(serve: ServeOptions) -> Result<(), Failure> {
    let address = SocketAddr::new(serve.bind, serve.port);
    let listener = bind(address)?;
    let url = format!("http://{address}/");
    let options = Options {
        base_url: Some(url.clone()),
        ..serve.options
    };
    let mut preview = Preview::new(options);
    // Watching starts first: a save during the first build is not lost.
    let mut changes = watch::Changes::watch(&preview.options().root)?;
    let report = |rebuilt| report(rebuilt, serve.timings);
    report(preview.rebuild(&[]));
    let shared = Arc::clone(&preview.shared);
    let answering = Arc::clone(&shared);
    std::thread::spawn(move || http::serve_forever(listener, answering));
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
        report(preview.rebuild(&changed));
    }
}

fn report(rebuilt: Result<Rebuilt, String>, timings: bool) {
    match rebuilt {
        Ok(mut r) => {
            if !r.warnings.is_empty() {
                let color = crate::diagnostic::color_on_stderr();
                eprint!(
                    "{}",
                    crate::diagnostic::report_warnings(&mut r.warnings, color)
                );
            }
            println!(
                "Built {} pages in {} ms ({} files parsed, {} pages drawn)",
                r.pages,
                r.took.as_millis(),
                r.parsed,
                r.drawn
            );
            if timings {
                let parts: Vec<String> = r
                    .phases
                    .iter()
                    .map(|(name, took)| format!("{name} {} ms", took.as_millis()))
                    .collect();
                println!("  {}", parts.join(", "));
            }
        }
        Err(problems) => eprintln!("{problems}"),
    }
}

/// The address to serve on. Not a problem in the site, so no file is named:
/// the message says what to do.
fn bind(address: SocketAddr) -> Result<TcpListener, Failure> {
    TcpListener::bind(address).map_err(|error| {
        let (port, ip) = (address.port(), address.ip());
        Failure::Internal(if error.kind() == std::io::ErrorKind::AddrInUse {
            anyhow!("port {port} is already in use on {ip}: another program (perhaps another `kursportal serve`) uses it; stop that, or choose another port with --port")
        } else {
            anyhow!("cannot serve on {address} ({error}): choose another address with --bind or another port with --port")
        })
    })
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
