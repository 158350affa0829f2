//! The portal this repository ships: it builds, every kind of page is there,
//! and every internal link and asset in it resolves.

use std::path::Path;

use kursportal::Options;

use crate::support::{broken_links, html_pages, labelled_section};

fn build_shipped_portal(out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = Options {
        root: root.to_path_buf(),
        output_dir: out.to_path_buf(),
        base_url: None,
        drafts: false,
        search: true,
        deny_warnings: false,
        preview: false,
    };
    if let Err(failure) = kursportal::build(&options, &|_, _| {}) {
        panic!(
            "the shipped portal does not build:\n{}",
            crate::support::describe(failure)
        );
    }
}

#[test]
fn the_shipped_portal_builds_and_every_link_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_shipped_portal(&out);
    let broken = broken_links(&out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    for page in [
        "kurs/renhold-og-smittevern/index.html",
        "kurs/salg-og-service-for-dagligvarebransjen/index.html",
        "kurs/matfag-og-matproduksjon/index.html",
        "erfaringer/levanger-arena-arbeid/index.html",
        "erfaringer/nav-sunnhordland-og-bremnes-seashore/index.html",
        "frivillighet/index.html",
        "om/index.html",
        "404.html",
        "sitemap.xml",
        "en/courses/cleaning-and-infection-control/index.html",
        "en/courses/sales-and-service-in-grocery-retail/index.html",
        "en/courses/food-trades-and-food-production/index.html",
        "en/about/index.html",
        "nn/kurs/reinhald-og-smittevern/index.html",
        "nn/om/index.html",
        "ar/kurs/renhold-og-smittevern/index.html",
        "ar/om/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    let pages = html_pages(&out);
    let count = |marker: &str| {
        pages
            .iter()
            .filter(|(_, html)| html.contains(marker))
            .count()
    };
    assert!(count("class=\"kp-form\"") >= 4, "at least four forms");
    assert!(
        count("<p class=\"eyebrow\">Mal</p>") >= 6,
        "at least six templates"
    );
    assert!(
        count("<p class=\"eyebrow\">Erfaring</p>") >= 8,
        "at least eight cases"
    );
    assert!(
        count("<p class=\"eyebrow\">Modul ") >= 12,
        "at least four modules per course"
    );
    for (page, html) in &pages {
        let rel = page
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.starts_with("en/") {
            for norwegian in [
                "Hopp til hovedinnhold",
                "Sist oppdatert",
                "Fant du det du lette etter?",
                "Tekststørrelse",
                "Moduler i kurset",
            ] {
                assert!(
                    !html.contains(norwegian),
                    "{rel} shows the Norwegian UI string \"{norwegian}\""
                );
            }
        }
        if rel.starts_with("ar/") {
            assert!(
                html.contains("<html lang=\"ar\" dir=\"rtl\">"),
                "{rel} is not right-to-left"
            );
        }
    }
    let bremnes = std::fs::read_to_string(
        out.join("erfaringer/nav-sunnhordland-og-bremnes-seashore/index.html"),
    )
    .unwrap();
    assert!(
        bremnes.contains("<article class=\"case\" lang=\"nn\">"),
        "the Nynorsk case is marked as Nynorsk"
    );
}

#[test]
fn every_course_has_materials_templates_and_forms() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_shipped_portal(&out);
    for course in [
        "renhold-og-smittevern",
        "salg-og-service-for-dagligvarebransjen",
        "matfag-og-matproduksjon",
    ] {
        let html =
            std::fs::read_to_string(out.join("kurs").join(course).join("index.html")).unwrap();
        for section in [
            "id=\"moduler\"",
            "id=\"kursmateriell\"",
            "id=\"maler\"",
            "id=\"skjema\"",
            "id=\"mal-for-kurset\"",
        ] {
            assert!(html.contains(section), "{course} lacks {section}");
        }
    }
}

/// Issue 12: every course page, in every language it is written in,
/// offers its pack, and every link of every page in it leads to a file in
/// the pack or online: the pack works on a computer with no network.
#[test]
fn every_course_page_offers_a_pack_that_works_offline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_shipped_portal(&out);
    let mut packs = 0;
    for (page, html) in html_pages(&out) {
        if !html.contains("<article class=\"course\"") {
            continue;
        }
        let marker = "<p class=\"pack-download\"><a href=\"";
        let at = html
            .find(marker)
            .unwrap_or_else(|| panic!("{} has no pack", page.display()));
        let href = &html[at + marker.len()..];
        let href = &href[..href.find('"').unwrap()];
        let zip = page.parent().unwrap().join(href);
        let pack = crate::support::unzip(&zip);
        let folder = zip.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            pack.get(&format!("{folder}/index.html")).is_some(),
            "{}",
            zip.display()
        );
        let readme = ["LESMEG.txt", "README.txt"]
            .iter()
            .find(|r| pack.get(&format!("{folder}/{r}")).is_some());
        assert!(readme.is_some(), "{}: {:?}", zip.display(), pack.names());
        let broken = crate::support::pack_broken_links(&pack);
        assert!(broken.is_empty(), "{}: {broken:#?}", zip.display());
        packs += 1;
    }
    // Three courses in Bokmål and English, one in Nynorsk and one in Arabic.
    assert_eq!(packs, 8);
}

/// Issue 7: an adviser must tell what the sources report from what the
/// portal suggests. Every course and case page, in every language, lists its
/// sources; every version of a course whose original says
/// `plan = "suggestion"` shows the suggestion notice, and no other does.
#[test]
fn every_course_and_case_names_its_sources_and_suggested_plans_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_shipped_portal(&out);
    let pages = html_pages(&out);
    let mut courses_and_cases = 0;
    for (page, html) in &pages {
        if !(html.contains("<article class=\"course\"") || html.contains("<article class=\"case\""))
        {
            continue;
        }
        courses_and_cases += 1;
        let rel = page.strip_prefix(&out).unwrap().display();
        let sources =
            labelled_section(html, "kilder").unwrap_or_else(|| panic!("{rel} names no sources"));
        assert!(
            sources.contains("<li><bdi"),
            "{rel} has an empty source list"
        );
    }
    assert!(
        courses_and_cases >= 3 * 2 + 8 * 2,
        "found {courses_and_cases} course and case pages"
    );

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/kurs");
    let mut suggested = 0;
    for course in std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()) {
        let Ok(original) = std::fs::read_to_string(course.join("index.md")) else {
            continue;
        };
        let is_suggestion =
            front_matter(&original).get("plan").and_then(|v| v.as_str()) == Some("suggestion");
        suggested += usize::from(is_suggestion);
        for version in std::fs::read_dir(&course)
            .unwrap()
            .map(|e| e.unwrap().path())
        {
            let name = version.file_name().unwrap().to_string_lossy().into_owned();
            if !(name.starts_with("index.") && name.ends_with(".md")) {
                continue;
            }
            let title = front_matter(&std::fs::read_to_string(&version).unwrap())["title"]
                .as_str()
                .unwrap()
                .to_owned();
            let heading = format!("<h1>{}</h1>", escape(&title));
            let (page, html) = pages
                .iter()
                .find(|(_, html)| {
                    html.contains("<article class=\"course\"") && html.contains(&heading)
                })
                .unwrap_or_else(|| panic!("no course page titled {title}"));
            let rel = page.strip_prefix(&out).unwrap().display();
            assert_eq!(
                labelled_section(html, "forslag").is_some(),
                is_suggestion,
                "{rel}: the suggestion notice should be shown: {is_suggestion}"
            );
        }
    }
    assert!(
        suggested >= 3,
        "the three Innherred courses present their length and level as the portal's suggestion"
    );
}

fn front_matter(text: &str) -> toml::Table {
    let block = text.split("+++").nth(1).expect("front matter");
    block.parse().expect("valid front matter")
}

/// Text as Tera's autoescape writes it.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2F;")
}
