//! `kursportal serve` as an editor meets it: the binary started on a free
//! port over a copy of a small site, files edited, and what the server then
//! sends (pages, events) read over plain TCP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::support::{course, Site, COURSE_SECTION};

/// How long a test waits for the server to act on a save.
const PATIENCE: Duration = Duration::from_secs(20);

struct Preview {
    child: Child,
    port: u16,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(site: &Site, port: u16) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting kursportal serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.starts_with("Preview at "));
    assert!(ready, "serve never said where the preview is");
    // Keep reading its output, so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Preview { child, port }
}

/// One GET over a fresh connection: status line and body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// The event stream, one `data:` line per message, read on its own thread.
fn events(port: u16) -> Receiver<String> {
    events_at(port, "/__kursportal/events")
}

/// The event stream asked for at `path` (with a page's build, say).
fn events_at(port: u16, path: &str) -> Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                if sender.send(data.to_owned()).is_err() {
                    break;
                }
            }
        }
    });
    receiver
}

/// Waits for an event of `kind` (`"reload"`, `"error"` …) and returns it.
fn wait_for(events: &Receiver<String>, kind: &str) -> String {
    let until = Instant::now() + PATIENCE;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(event) if event.contains(&format!("\"type\":\"{kind}\"")) => return event,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no {kind} event arrived");
}

fn course_site() -> Site {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file(
            "content/om.md",
            "+++\ntitle = \"Om portalen\"\n+++\nFørste tekst.\n",
        );
    site
}

#[test]
fn an_edit_changes_the_page_and_open_pages_hear_of_it() {
    let site = course_site();
    let preview = start(&site, free_port());
    let (status, page) = get(preview.port, "/om/");
    assert_eq!(status, 200);
    assert!(page.contains("Første tekst."), "{page}");
    assert!(
        page.contains("/__kursportal/live.js"),
        "the preview adds its script"
    );
    assert!(!site.exists("index.html"), "nothing is written to public/");
    let events = events(preview.port);
    // A page hears first that all is well (`wait_for` fails otherwise).
    wait_for(&events, "ok");

    site.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\"\n+++\nAndre tekst.\n",
    );
    let reload = wait_for(&events, "reload");
    assert!(
        reload.contains("om/index.html") || reload.contains("\"*\""),
        "{reload}"
    );
    let (_, page) = get(preview.port, "/om/");
    assert!(page.contains("Andre tekst."), "{page}");
    // The search files the page names follow shortly after it.
    let meta = page
        .split("data-search-index=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let meta = format!("/{}", meta.trim_start_matches("../"));
    let until = Instant::now() + PATIENCE;
    while get(preview.port, &meta).0 != 200 {
        assert!(Instant::now() < until, "{meta} never came");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn broken_front_matter_is_shown_and_the_last_good_site_stays() {
    let site = course_site();
    let preview = start(&site, free_port());
    let events = events(preview.port);
    wait_for(&events, "ok");

    site.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\nfeil\n+++\nØdelagt.\n",
    );
    let error = wait_for(&events, "error");
    assert!(
        error.contains("content/om.md:3"),
        "the file and line are named: {error}"
    );
    let (status, page) = get(preview.port, "/om/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Første tekst."),
        "the last good page is still served"
    );
    // A page opened now hears of the problem at once.
    assert!(wait_for(&self::events(preview.port), "error").contains("content/om.md"));

    site.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\"\n+++\nRettet.\n",
    );
    wait_for(&events, "ok");
    wait_for(&events, "reload");
    assert!(get(preview.port, "/om/").1.contains("Rettet."));
}

#[test]
fn only_files_of_the_site_are_served() {
    let site = course_site();
    site.file("secret.txt", "hemmelig");
    let preview = start(&site, free_port());
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/kurs/..%2f..%2fsite.toml",
        "/..%5csite.toml",
        "/kurs\\..\\..\\site.toml",
        "/om/%00",
        "/content/om.md",
        "/secret.txt",
        "/.kursportal-output",
    ] {
        let (status, body) = get(preview.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("hemmelig") && !body.contains("base_url"),
            "{path}: {body}"
        );
    }
    let (status, body) = get(preview.port, "/finnes-ikke/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's own 404 page: {body}");
}

#[test]
fn a_port_in_use_is_said_plainly() {
    let site = course_site();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

#[test]
fn many_open_pages_all_hear_of_an_edit_while_pages_are_served() {
    let site = course_site();
    let preview = start(&site, free_port());
    let streams: Vec<Receiver<String>> = (0..30).map(|_| events(preview.port)).collect();
    for stream in &streams {
        wait_for(stream, "ok");
    }
    // Pages are answered while every stream stays open.
    let readers: Vec<_> = (0..16)
        .map(|_| {
            let port = preview.port;
            std::thread::spawn(move || get(port, "/kurs/renhold/").0)
        })
        .collect();
    for reader in readers {
        assert_eq!(reader.join().unwrap(), 200);
    }
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\"\n+++\nFor alle faner.\n",
    );
    for stream in &streams {
        wait_for(stream, "reload");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_preview_cleanly() {
    let site = course_site();
    let mut preview = start(&site, free_port());
    let pid = preview.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let until = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = preview.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < until, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "a stop asked for is no failure");
    assert!(!site.exists("index.html"), "nothing was written to public/");
}

/// Runs `serve` with `args` on `site` and returns the first line of its
/// error output that starts with `prefix`, or "" when none came within
/// `PATIENCE` (read on a thread, so a missing line never hangs the test).
fn first_line_on_stderr(site: &Site, args: &[&str], prefix: &'static str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .arg("serve")
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (found, line) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let lines = BufReader::new(stderr).lines().map_while(Result::ok);
        if let Some(line) = lines.into_iter().find(|l| l.starts_with(prefix)) {
            let _ = found.send(line);
        }
    });
    let line = line.recv_timeout(PATIENCE).unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    line
}

#[test]
fn serving_to_the_network_is_said_plainly() {
    let site = course_site();
    let port = free_port().to_string();
    let warned = first_line_on_stderr(&site, &["--bind", "0.0.0.0", "--port", &port], "warning:");
    assert!(
        warned.contains("anyone who can reach this machine"),
        "{warned}"
    );
}

#[test]
fn raw_html_taken_out_is_a_warning_in_the_preview_too() {
    let site = course_site();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\nHei.\n\n<iframe src=\"https://example.com\"></iframe>\n",
    );
    let port = free_port().to_string();
    let warned = first_line_on_stderr(&site, &["--port", &port], "warning:");
    assert_eq!(
        warned,
        "warning: raw HTML taken out of the page: the element `<iframe>`"
    );
}

/// Sends `raw` on one connection and reads until the server closes it.
fn exchange(port: u16, raw: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(raw).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn http_as_browsers_and_odd_clients_speak_it() {
    let site = course_site();
    let preview = start(&site, free_port());
    // Two requests on one kept-alive connection, the last asking to close.
    let two = exchange(
        preview.port,
        b"GET /om/ HTTP/1.1\r\nHost: x\r\n\r\nGET /kurs/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(two.matches("HTTP/1.1 200 OK").count(), 2, "{two}");
    let head = exchange(
        preview.port,
        b"HEAD /om/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(
        head.starts_with("HTTP/1.1 200 OK") && head.ends_with("\r\n\r\n"),
        "a head has no body: {head}"
    );
    let post = exchange(
        preview.port,
        b"POST /om/ HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
    );
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    let huge = format!(
        "GET /om/ HTTP/1.1\r\nX-Long: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert!(exchange(preview.port, huge.as_bytes()).starts_with("HTTP/1.1 431"));
    assert!(exchange(preview.port, b"\x00\x01 nonsense\r\n\r\n").starts_with("HTTP/1.1 400"));
    // The server is still there.
    assert_eq!(get(preview.port, "/om/").0, 200);
}

#[test]
fn a_page_that_starts_listening_after_a_rebuild_is_told_to_reload() {
    let site = course_site();
    let preview = start(&site, free_port());
    let (_, page) = get(preview.port, "/om/");
    let build = page
        .split("data-build=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\"\n+++\nEndret før siden lyttet.\n",
    );
    let until = Instant::now() + PATIENCE;
    while !get(preview.port, "/om/")
        .1
        .contains("Endret før siden lyttet.")
    {
        assert!(Instant::now() < until, "the edit never showed");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The page drawn before the edit connects only now: it missed the event.
    let late = events_at(preview.port, &format!("/__kursportal/events?build={build}"));
    assert!(wait_for(&late, "reload").contains("\"*\""));
}
