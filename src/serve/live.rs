//! Live reload: open pages listen to a stream of events (Server-Sent
//! Events) and reload, swap their stylesheet, or show a failed rebuild's
//! problems over themselves. The script is added to pages only as the
//! preview server sends them; `build` output never has it.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::write::Files;

/// Where the preview server's own files live, apart from the site's.
pub const LIVE_PATH: &str = "/__kursportal/";
/// The script pages get: listens to the events and acts on them.
pub const LIVE_SCRIPT: &str = include_str!("live.js");

/// Past this many changed files, a change is told as "every page".
const MOST_PAGES: usize = 200;

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Event {
    /// These files of the site changed; a page among them reloads.
    Reload { paths: Vec<String> },
    /// The stylesheet changed: pages swap it without reloading, but for
    /// those that changed otherwise too (`reload`: a course page shows the
    /// size of its pack, which holds the stylesheet).
    Css {
        from: String,
        to: String,
        reload: Vec<String>,
    },
    /// The last rebuild failed; pages show why, over themselves.
    Error { title: String, text: String },
    /// All is well (sent to a page as it connects).
    Ok,
}

/// The open pages' event streams.
#[derive(Default)]
pub struct Broadcaster {
    streams: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Broadcaster {
    /// Takes over a request's connection as an event stream, and tells it
    /// first what `now` says (a page opened while the site is broken shows
    /// why at once; one drawn before the last rebuild reloads). `now` is
    /// asked while no event can be sent, so none falls between the two.
    pub fn connect(&self, mut stream: Box<dyn Write + Send>, now: impl FnOnce() -> Vec<Event>) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        let mut streams = self.lock();
        let told = stream.write_all(head.as_bytes()).is_ok()
            && now()
                .iter()
                .all(|event| send_to(&mut stream, &message(event)));
        if told {
            streams.push(stream);
        }
    }

    pub fn send(&self, event: &Event) {
        let message = message(event);
        self.lock().retain_mut(|stream| send_to(stream, &message));
    }

    /// A comment line, which pages ignore: finds closed tabs, and keeps
    /// proxies from closing an idle stream.
    pub fn keep_alive(&self) {
        self.lock()
            .retain_mut(|stream| send_to(stream, ": still here\n\n"));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Box<dyn Write + Send>>> {
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn message(event: &Event) -> String {
    let json = serde_json::to_string(event).unwrap_or_else(|_| "{\"type\":\"ok\"}".into());
    format!("data: {json}\n\n")
}

fn send_to(stream: &mut Box<dyn Write + Send>, message: &str) -> bool {
    stream
        .write_all(message.as_bytes())
        .and_then(|()| stream.flush())
        .is_ok()
}

/// A page with the live-reload script before its `</body>`, told which
/// rebuild drew the page (`build`), so it can tell when it missed one.
pub fn with_script(mut html: Vec<u8>, build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}live.js\" data-build=\"{build}\" defer></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

/// What open pages should hear after a rebuild that went from `old` to
/// `new`; `None` when nothing changed.
pub fn change(old: &Files, new: &Files) -> Option<Event> {
    let mut changed = changed_paths(old, new);
    // A ZIP (a course pack) is a download: no open page shows it, and a
    // pack's page that shows its size changes with it. Packs hold the
    // stylesheet, so they change with it, and would turn a swap into a reload.
    changed.retain(|path| !path.ends_with(".zip"));
    if changed.is_empty() {
        return None;
    }
    if let Some(css) = stylesheet_swap(old, new, &changed) {
        return Some(css);
    }
    let mut paths: Vec<String> = changed.into_iter().cloned().collect();
    // A script or picture may be on any page: every page reloads. So do
    // they when most pages changed (a new search index is named on each),
    // which keeps the message short.
    let others = paths
        .iter()
        .any(|p| !p.ends_with(".html") && !p.starts_with(crate::search::export::INDEX_DIR));
    if others || paths.len() > MOST_PAGES {
        paths = vec!["*".into()];
    }
    Some(Event::Reload { paths })
}

/// The paths whose files differ (came, went or changed), walking both
/// sites in path order at once. Files a rebuild took over share their
/// bytes, and compare without reading them (`Arc`'s own `==` reads them).
fn changed_paths<'a>(old: &'a Files, new: &'a Files) -> Vec<&'a String> {
    let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
    let mut changed = Vec::new();
    loop {
        let next = match (old.peek(), new.peek()) {
            (None, None) => return changed,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
        };
        match next {
            std::cmp::Ordering::Less => changed.extend(old.next().map(|(path, _)| path)),
            std::cmp::Ordering::Greater => changed.extend(new.next().map(|(path, _)| path)),
            std::cmp::Ordering::Equal => {
                if let (Some((path, a)), Some((_, b))) = (old.next(), new.next()) {
                    if !Arc::ptr_eq(a, b) && a != b {
                        changed.push(path);
                    }
                }
            }
        }
    }
}

/// A change of the stylesheet: its old name went, a new one came, and no
/// other file but pages changed; the pages that changed beyond naming it
/// reload.
fn stylesheet_swap(old: &Files, new: &Files, changed: &[&String]) -> Option<Event> {
    let (pages, others): (Vec<&str>, Vec<&str>) = changed
        .iter()
        .map(|p| p.as_str())
        .partition(|p| p.ends_with(".html"));
    let gone: Vec<&str> = others
        .iter()
        .copied()
        .filter(|p| !new.contains_key(*p))
        .collect();
    let came: Vec<&str> = others
        .iter()
        .copied()
        .filter(|p| !old.contains_key(*p))
        .collect();
    let ([from], [to]) = (gone.as_slice(), came.as_slice()) else {
        return None;
    };
    if others.len() != 2 || !from.ends_with(".css") || !to.ends_with(".css") {
        return None;
    }
    let renamed = |page: &&str| match (old.get(*page), new.get(*page)) {
        (Some(before), Some(after)) => {
            String::from_utf8_lossy(before).replace(from, to).as_bytes() == &**after
        }
        _ => false,
    };
    // When most pages changed, the stylesheet is not all that did: the
    // pages are compared only until that is plain.
    let reload: Vec<String> = (pages.iter())
        .filter(|page| !renamed(page))
        .take(MOST_PAGES + 1)
        .map(|page| (*page).to_owned())
        .collect();
    (reload.len() <= MOST_PAGES).then(|| Event::Css {
        from: (*from).to_owned(),
        to: (*to).to_owned(),
        reload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Files {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().into()))
            .collect()
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = with_script(b"<html><body><p>x</p></body></html>".to_vec(), 7);
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.ends_with("<script src=\"/__kursportal/live.js\" data-build=\"7\" defer></script></body></html>"),
            "{html}"
        );
    }

    #[test]
    fn an_edited_page_reloads_and_nothing_else_is_said() {
        let old = site(&[("a/index.html", "A"), ("b/index.html", "B")]);
        let new = site(&[("a/index.html", "A2"), ("b/index.html", "B")]);
        assert_eq!(
            change(&old, &new),
            Some(Event::Reload {
                paths: vec!["a/index.html".into()]
            })
        );
        assert_eq!(change(&old, &old), None);
    }

    #[test]
    fn pages_that_came_and_went_are_named_in_path_order() {
        let old = site(&[
            ("a/index.html", "A"),
            ("c/index.html", "C"),
            ("d/index.html", "D"),
        ]);
        let new = site(&[
            ("b/index.html", "B"),
            ("c/index.html", "C"),
            ("e/index.html", "E"),
        ]);
        let paths = [
            "a/index.html",
            "b/index.html",
            "d/index.html",
            "e/index.html",
        ];
        assert_eq!(
            change(&old, &new),
            Some(Event::Reload {
                paths: paths.map(String::from).to_vec()
            })
        );
    }

    #[test]
    fn a_stylesheet_change_alone_swaps_it() {
        let old = site(&[
            ("index.html", "<link href=\"style.1.css\">"),
            ("style.1.css", "a"),
        ]);
        let new = site(&[
            ("index.html", "<link href=\"style.2.css\">"),
            ("style.2.css", "b"),
        ]);
        let swap = Event::Css {
            from: "style.1.css".into(),
            to: "style.2.css".into(),
            reload: Vec::new(),
        };
        assert_eq!(change(&old, &new), Some(swap.clone()));
        // A course pack holds the stylesheet, and changes with it: still a swap.
        let with_pack = |css: &str, pack: &str| {
            site(&[
                ("index.html", &format!("<link href=\"{css}\">")),
                (css, "x"),
                ("kurs/a/kurspakke-a.zip", pack),
            ])
        };
        let (old_pack, new_pack) = (with_pack("style.1.css", "1"), with_pack("style.2.css", "2"));
        assert_eq!(change(&old_pack, &new_pack), Some(swap));
        // With a page's text changed too, that page reloads; the others swap.
        let two_pages = |css: &str, text: &str| {
            site(&[
                ("index.html", &format!("<link href=\"{css}\"> {text}")),
                ("om/index.html", &format!("<link href=\"{css}\">")),
                (css, "x"),
            ])
        };
        let (before, after) = (two_pages("style.1.css", ""), two_pages("style.2.css", "ny"));
        let Some(Event::Css { reload, .. }) = change(&before, &after) else {
            panic!("a swap: {:?}", change(&before, &after));
        };
        assert_eq!(reload, ["index.html"]);
    }

    #[test]
    fn a_changed_picture_reloads_every_page() {
        let old = site(&[("index.html", "x"), ("logo.png", "1")]);
        let new = site(&[("index.html", "x"), ("logo.png", "2")]);
        assert_eq!(
            change(&old, &new),
            Some(Event::Reload {
                paths: vec!["*".into()]
            })
        );
    }
}
