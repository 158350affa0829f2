//! A site kept between builds (`kursportal::site::Site`): rendered into
//! memory it gives what `build` writes, and read again it parses only the
//! files that changed.

use std::collections::BTreeMap;
use std::path::Path;

use kursportal::parse::DocumentCache;
use kursportal::write::Memory;

use crate::support::{course, describe, Site, COURSE_SECTION};

fn small_site() -> Site {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file(
            "content/kurs/renhold/a.md",
            "+++\ntitle = \"Første modul\"\n+++\nOm renhold.\n",
        )
        .file(
            "content/om.md",
            "+++\ntitle = \"Om portalen\"\n+++\nTekst.\n",
        );
    site
}

fn folder_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in crate::support::files_under(dir) {
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel != kursportal::write::MARKER {
            files.insert(rel, std::fs::read(&entry).unwrap());
        }
    }
    files
}

fn load(site: &Site, cache: Option<&DocumentCache>) -> kursportal::site::Site {
    kursportal::site::Site::load(&site.options(), cache)
        .unwrap_or_else(|failure| panic!("{}", describe(failure)))
}

#[test]
fn a_site_rendered_into_memory_is_what_build_writes() {
    let site = small_site();
    site.build();
    let memory = Memory::default();
    load(&site, None)
        .render(&memory, &|_, _| {})
        .unwrap_or_else(|failure| panic!("{}", describe(failure)));
    let in_memory = memory.files.into_inner().unwrap();
    let on_disk = folder_files(&site.out());
    assert_eq!(
        in_memory.keys().collect::<Vec<_>>(),
        on_disk.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &on_disk {
        assert!(*in_memory[path] == **bytes, "{path} differs");
    }
    assert!(in_memory
        .keys()
        .any(|p| p.starts_with("sok-indeks/nb/meta.")));
}

#[test]
fn read_again_only_changed_files_are_parsed() {
    let site = small_site();
    let cache = DocumentCache::default();
    load(&site, Some(&cache));
    let first = cache.parsed();
    assert_eq!(first, 5, "every file is parsed the first time");
    load(&site, Some(&cache));
    assert_eq!(cache.parsed(), first, "nothing changed, nothing is parsed");
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\"\n+++\nNy tekst.\n",
    );
    let again = load(&site, Some(&cache));
    assert_eq!(cache.parsed(), first + 1, "only the edited file is parsed");
    let page = again
        .model
        .pages
        .iter()
        .find(|p| p.doc.rel_path == "om.md")
        .unwrap();
    assert!(page.body_html.contains("Ny tekst."), "{}", page.body_html);
}

#[test]
fn a_build_without_search_leaves_the_index_out_and_the_form_plain() {
    let site = small_site();
    let options = kursportal::Options {
        search: false,
        ..site.options()
    };
    kursportal::build(&options, &|_, _| {})
        .unwrap_or_else(|failure| panic!("{}", describe(failure)));
    assert!(!site.exists("sok-indeks"));
    let home = site.read("index.html");
    assert!(home.contains("<form class=\"site-search\""), "{home}");
    assert!(!home.contains("data-search-index"), "{home}");
    // The search page still lists every page from A to Å.
    assert!(site.read("sok/index.html").contains("Om portalen"));
}

/// The progress a build reports counts every page it renders, lists too,
/// and ends at its total ("Rendering pages: 275/122" was printed before).
#[test]
fn progress_counts_every_rendered_page_and_ends_at_its_total() {
    let site = small_site();
    let kept = load(&site, None);
    let seen = std::sync::Mutex::new(Vec::new());
    let memory = Memory::default();
    kept.render(&memory, &|done, total| {
        seen.lock().unwrap().push((done, total))
    })
    .unwrap_or_else(|failure| panic!("{}", describe(failure)));
    let seen = seen.into_inner().unwrap();
    let html = memory
        .files
        .lock()
        .unwrap()
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(seen.iter().all(|&(_, total)| total == html), "{seen:?}");
    let mut done: Vec<usize> = seen.iter().map(|&(done, _)| done).collect();
    done.sort_unstable();
    let each_once: Vec<usize> = (1..=html).collect();
    assert_eq!(done, each_once, "one tick per page drawn, counted in turn");
}
