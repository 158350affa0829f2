//! Answers the preview server's requests from the site in memory: a path
//! becomes a key of the built files, or nothing. Nothing on disk is ever
//! read, so no request can reach beyond the site; paths that try (`..`, an
//! encoded or backslash variant, NUL) are refused before the look-up.

use std::io::Cursor;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Request, Response, StatusCode};

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
    if rest.contains(['\\', '\0']) || rest.split('/').any(unsafe_segment) {
        return Wanted::Refused;
    }
    if rest.is_empty() || rest.ends_with('/') {
        Wanted::File(format!("{rest}index.html"))
    } else {
        Wanted::File(rest.to_owned())
    }
}

/// Answers one request. Returns once the answer is sent, or, for the event
/// stream, once the connection is handed to the live-reload broadcaster.
pub fn answer(shared: &Shared, request: Request) {
    let wanted = match wanted(request.url()) {
        Wanted::File(path)
            if !shared.has_file(&path) && shared.has_file(&format!("{path}/index.html")) =>
        {
            Wanted::Folder(path)
        }
        other => other,
    };
    let response = match wanted {
        Wanted::Events => {
            shared.live.connect(request, &shared.current_event());
            return;
        }
        Wanted::LiveScript => bytes(
            200,
            "text/javascript; charset=utf-8",
            LIVE_SCRIPT.as_bytes().to_vec(),
        ),
        Wanted::Folder(path) => {
            let location =
                Header::from_bytes("Location", format!("/{path}/")).expect("an ASCII header");
            bytes(301, "text/plain; charset=utf-8", b"Moved".to_vec()).with_header(location)
        }
        Wanted::File(path) => match shared.file(&path) {
            Some(body) => page_or_file(&path, body, 200),
            None => not_found(shared),
        },
        Wanted::Refused => not_found(shared),
    };
    // A reader who closed the tab meanwhile is no error of ours.
    let _ = request.respond(response);
}

fn not_found(shared: &Shared) -> Response<Cursor<Vec<u8>>> {
    let body = shared
        .file("404.html")
        .unwrap_or_else(|| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
    page_or_file("404.html", body, 404)
}

/// A file as it is, but for pages, which get the live-reload script.
fn page_or_file(path: &str, body: Vec<u8>, status: u16) -> Response<Cursor<Vec<u8>>> {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        live::with_script(body)
    } else {
        body
    };
    bytes(status, kind, body)
}

fn bytes(status: u16, kind: &str, body: Vec<u8>) -> Response<Cursor<Vec<u8>>> {
    let headers = [
        Header::from_bytes("Content-Type", kind).expect("an ASCII header"),
        // The preview changes under the reader: never keep an old copy.
        Header::from_bytes("Cache-Control", "no-store").expect("an ASCII header"),
    ];
    let length = body.len();
    Response::new(
        StatusCode(status),
        headers.to_vec(),
        Cursor::new(body),
        Some(length),
        None,
    )
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
