//! The preview server's HTTP: requests read with `httparse`, a thread per
//! connection, answers from the site in memory: a path becomes a key of the
//! built files, or nothing. Nothing on disk is ever
//! read, so no request can reach beyond the site; paths that try (`..`, an
//! encoded or backslash variant, NUL) are refused before the look-up.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;

use super::live::{self, LIVE_PATH, LIVE_SCRIPT};
use super::preview::Shared;

/// What a request asked for, once its path is read.
#[derive(Debug, PartialEq, Eq)]
pub enum Wanted {
    /// A file of the site, by its path in the output (`kurs/a/index.html`).
    File(String),
    /// A folder asked for without its final `/`: sent on to `path/`.
    Folder(String),
    Events,
    LiveScript,
    /// A path no file of the site can have.
    Refused,
}

/// Reads a request's path: decoded, checked segment by segment.
pub fn wanted(url: &str) -> Wanted {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    match path {
        p if p == format!("{LIVE_PATH}events") => return Wanted::Events,
        p if p == format!("{LIVE_PATH}live.js") => return Wanted::LiveScript,
        _ => {}
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Wanted::Refused;
    };
    let Some(rest) = decoded.strip_prefix('/') else {
        return Wanted::Refused;
    };
    let unsafe_segment = |s: &str| s == ".." || s == "." || s.starts_with('.');
    // An empty segment (`//x`, `/kurs//a/`) names no file of the site; the
    // fuzzer found `//%%` read as the absolute-looking `/%%`.
    let empty_segment = rest.starts_with('/') || rest.contains("//");
    if empty_segment || rest.contains(['\\', '\0']) || rest.split('/').any(unsafe_segment) {
        return Wanted::Refused;
    }
    if rest.is_empty() || rest.ends_with('/') {
        Wanted::File(format!("{rest}index.html"))
    } else {
        Wanted::File(rest.to_owned())
    }
}

/// Answers requests on `listener` until the process ends: a thread per
/// connection, so an open event stream never keeps another reader waiting.
pub fn serve_forever(listener: TcpListener, shared: Arc<Shared>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file handles, say: wait for some to close.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MOST_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            continue; // dropped: closed at once
        }
        let (shared, open) = (Arc::clone(&shared), Arc::clone(&open));
        std::thread::spawn(move || {
            connection(stream, &shared);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// At most this many connections are answered at once (event streams,
/// handed to the broadcaster, do not count).
const MOST_CONNECTIONS: usize = 512;
/// How long a reader may take to send a request's head, and to take an answer.
const SLOW: Duration = Duration::from_secs(10);
/// How long an open page's event stream may refuse a message before it is
/// dropped: a stalled tab must not hold up the others.
const STALLED: Duration = Duration::from_secs(2);

/// How long an idle connection is kept open for its next request.
const IDLE: Duration = Duration::from_secs(30);
/// The most a request's head (request line and headers) may take.
const LONGEST_HEAD: usize = 16 * 1024;

/// A connection's requests, one after another, until it closes or turns
/// into an event stream.
fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(SLOW));
    let mut buffer = Vec::new();
    loop {
        let Some((head_length, request)) = read_head(&mut stream, &mut buffer) else {
            return;
        };
        buffer.drain(..head_length);
        let answered = match request {
            Ok(request) => answer(shared, &mut stream, &request),
            Err(status) => respond(&mut stream, plain(status), false).map(|()| false),
        };
        // An event stream now belongs to the broadcaster; an error ends it.
        if !matches!(answered, Ok(true)) {
            return;
        }
    }
}

/// What a request asks: its method, path and whether the connection stays open.
struct Asked {
    method: String,
    path: String,
    keep_alive: bool,
}

/// Reads one request head into `buffer`; `None` when the connection ends.
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(usize, Result<Asked, u16>)> {
    let mut started = None;
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(buffer) {
            Ok(httparse::Status::Complete(length)) => return Some((length, Ok(asked(&request)?))),
            Ok(httparse::Status::Partial) if buffer.len() < LONGEST_HEAD => {}
            Ok(httparse::Status::Partial) => return Some((buffer.len(), Err(431))),
            Err(_) => return Some((buffer.len(), Err(400))),
        }
        let mut chunk = [0; 4096];
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
        // Idle time before a request is free; a head sent byte by byte is not.
        if started.get_or_insert_with(Instant::now).elapsed() > SLOW {
            return None;
        }
    }
}

fn asked(request: &httparse::Request) -> Option<Asked> {
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    // A request with a body is not one a browser sends a static site: the
    // connection is closed after the answer rather than read past the body.
    let has_body = header("content-length").is_some_and(|l| l.trim() != "0")
        || header("transfer-encoding").is_some();
    let closing = header("connection").is_some_and(|c| c.split(',').any(|t| t.trim() == "close"));
    let keep_alive = request.version == Some(1) && !closing && !has_body;
    Some(Asked {
        method: request.method?.to_owned(),
        path: request.path?.to_owned(),
        keep_alive,
    })
}

/// Answers one request. `Ok(true)`: the connection may carry another.
fn answer(shared: &Shared, stream: &mut TcpStream, request: &Asked) -> std::io::Result<bool> {
    let head_only = request.method == "HEAD";
    let events = matches!(wanted(&request.path), Wanted::Events);
    if request.method != "GET" && (!head_only || events) {
        let refused = Answer {
            allow: Some(if events { "GET" } else { "GET, HEAD" }),
            ..plain(405)
        };
        respond(stream, refused, head_only)?;
        return Ok(false);
    }
    let wanted = match wanted(&request.path) {
        Wanted::File(path)
            if !shared.has_file(&path) && shared.has_file(&format!("{path}/index.html")) =>
        {
            Wanted::Folder(path)
        }
        other => other,
    };
    let answer = match wanted {
        Wanted::Events => {
            let events = stream.try_clone()?;
            events.set_write_timeout(Some(STALLED))?;
            let seen = query_value(&request.path, "build").and_then(|b| b.parse().ok());
            shared
                .live
                .connect(Box::new(events), || shared.events_for(seen));
            return Ok(false);
        }
        Wanted::LiveScript => Answer::new(
            200,
            "text/javascript; charset=utf-8",
            LIVE_SCRIPT.as_bytes().to_vec(),
        ),
        Wanted::Folder(path) => {
            let query = request
                .path
                .split_once('?')
                .map_or(String::new(), |(_, q)| format!("?{q}"));
            Answer {
                location: Some(format!("/{}/{query}", crate::slug::encode_path(&path))),
                ..plain(301)
            }
        }
        Wanted::File(path) => match shared.file_of_build(&path) {
            Some((body, build)) => page_or_file(&path, body, 200, build),
            None => not_found(shared),
        },
        Wanted::Refused => not_found(shared),
    };
    respond(stream, answer, head_only)?;
    Ok(request.keep_alive)
}

/// The value of `name` in a request path's query (`?build=3`).
fn query_value<'a>(path: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = path.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// A response, before it is written.
struct Answer {
    status: u16,
    kind: &'static str,
    body: Vec<u8>,
    location: Option<String>,
    allow: Option<&'static str>,
}

impl Answer {
    fn new(status: u16, kind: &'static str, body: Vec<u8>) -> Answer {
        Answer {
            status,
            kind,
            body,
            location: None,
            allow: None,
        }
    }
}

fn plain(status: u16) -> Answer {
    Answer::new(
        status,
        "text/plain; charset=utf-8",
        reason(status).as_bytes().to_vec(),
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Request Header Fields Too Large",
    }
}

fn respond(stream: &mut TcpStream, answer: Answer, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n",
        answer.status,
        reason(answer.status),
        answer.kind,
        answer.body.len()
    );
    if let Some(location) = &answer.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if let Some(allow) = answer.allow {
        head.push_str(&format!("Allow: {allow}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&answer.body)?;
    }
    stream.flush()
}

fn not_found(shared: &Shared) -> Answer {
    let (body, build) = shared
        .file_of_build("404.html")
        .unwrap_or_else(|| (b"<!doctype html><title>404</title><h1>404</h1>".to_vec(), 0));
    page_or_file("404.html", body, 404, build)
}

/// A file as it is, but for pages, which get the live-reload script.
fn page_or_file(path: &str, body: Vec<u8>, status: u16, build: u64) -> Answer {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        live::with_script(body, build)
    } else {
        body
    };
    Answer::new(status, kind, body)
}

/// The content type of a file of the site, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Wanted {
        Wanted::File(path.to_owned())
    }

    #[test]
    fn paths_become_files_of_the_site() {
        assert_eq!(wanted("/"), file("index.html"));
        assert_eq!(
            wanted("/kurs/renhold/?q=1"),
            file("kurs/renhold/index.html")
        );
        assert_eq!(wanted("/style.abc.css"), file("style.abc.css"));
        assert_eq!(wanted("/s%C3%B8k/"), file("søk/index.html"));
        assert_eq!(wanted("/__kursportal/events"), Wanted::Events);
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        for url in [
            "/../etc/passwd",
            "/kurs/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5c..%5cwindows",
            "/kurs\\..\\site.toml",
            "/a%00.html",
            "/.git/config",
            "/%ff",
            "relative",
            // Found by the serve_path fuzz target.
            "//%%",
            "//etc/passwd",
            "/kurs//a/",
            "/%2F%2Fetc",
        ] {
            assert_eq!(wanted(url), Wanted::Refused, "{url}");
        }
    }

    #[test]
    fn types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("search.1.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("t.abc.bin"), "application/octet-stream");
        assert_eq!(content_type("x.PDF"), "application/pdf");
    }
}
