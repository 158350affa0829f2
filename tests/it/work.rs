//! The work a build does, counted (`build --timings` prints `Work: …`), for
//! a small site whose every page and list is known: a change that parses,
//! draws, writes or sorts something twice changes a count and fails here,
//! instead of only making large sites slower.

use crate::support::{course, unzip, Site, COURSE_SECTION};

/// The counts a build of `site` printed: parsed, rendered, page contexts,
/// pack pages, written, sort keys.
fn work_of(site: &Site) -> [u64; 6] {
    let stdout = site.says(&["build", "--timings"]);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Work: "))
        .unwrap_or_else(|| panic!("no Work line in:\n{stdout}"));
    let numbers: Vec<u64> = line
        .split(", ")
        .map(|part| part.split(' ').next().unwrap().parse().expect(part))
        .collect();
    numbers.try_into().expect("six counts")
}

/// Every file under `dir`, as paths from it.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let files = crate::support::files_under(dir).into_iter();
    files
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect()
}

fn fixture() -> Site {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file(
            "content/kurs/renhold/01-utstyr.md",
            "+++\ntitle = \"Utstyr\"\nweight = 1\n+++\nOm [kurset](index.md).\n",
        )
        .file(
            "content/kurs/renhold/02-metoder.md",
            "+++\ntitle = \"Metoder\"\nweight = 2\n+++\nTekst.\n",
        )
        .file("content/kurs/butikk/index.md", &course("Butikk", ""))
        .file(
            "content/om.md",
            "+++\ntitle = \"Om portalen\"\n+++\nTekst.\n",
        );
    site
}

#[test]
fn a_build_parses_draws_and_writes_each_thing_once() {
    let site = fixture();
    let [parsed, rendered, _, _, written, _] = work_of(&site);
    let out = site.out();
    let files = files_under(&out);
    let html = files.iter().filter(|f| f.ends_with(".html")).count() as u64;
    // Every Markdown file (the home page's too), each body parsed once.
    let sources = files_under(&site.root().join("content")).len() as u64;
    assert_eq!((sources, parsed), (7, 7));
    // Every HTML file is a template drawn once, and no page is drawn twice
    // (a course pack's pages are written without the templates).
    assert_eq!(rendered, html, "{files:#?}");
    // Every file is written once; the output's marker file is the staging's own.
    let marker = files
        .iter()
        .filter(|f| f.as_str() == ".kursportal-output")
        .count() as u64;
    assert_eq!(written + marker, files.len() as u64, "{files:#?}");
}

#[test]
fn a_page_says_what_it_says_once_for_the_site_and_once_for_each_pack() {
    let site = fixture();
    let [parsed, _, page_contexts, pack_pages, ..] = work_of(&site);
    let out = site.out();
    // Every page of every pack: the course and its modules.
    let packs: Vec<String> = files_under(&out)
        .into_iter()
        .filter(|f| f.ends_with(".zip"))
        .collect();
    let in_packs: u64 = (packs.iter())
        .map(|pack| {
            let entries = unzip(&out.join(pack)).0;
            entries
                .iter()
                .filter(|(name, _)| name.ends_with(".html"))
                .count() as u64
        })
        .sum();
    assert_eq!((packs.len(), in_packs), (2, 3 + 1), "{packs:?}");
    assert_eq!(pack_pages, in_packs);
    // Each content page's context is made once for its own page and once
    // for each pack that holds it, never again for its card in a list.
    assert_eq!(page_contexts, parsed + pack_pages);
}

#[test]
fn sort_keys_are_made_once_per_item_and_list() {
    let site = fixture();
    let [.., sort_keys] = work_of(&site);
    // One key per item of each list sorted; a list of one is not sorted.
    let a_to_z = 7; // every page, for the search index and the search page
    let families = 2 + 2; // the section's two courses, a course's two modules
    let term_pages = 4 * 2; // sector, municipality, level, target group: two courses each
    let home = 2; // the home page's list of courses
    assert_eq!(sort_keys, a_to_z + families + term_pages + home);
}
