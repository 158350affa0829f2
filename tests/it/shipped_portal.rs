//! The portal this repository ships: it builds, every kind of page is there,
//! and every internal link and asset in it resolves.

use std::path::Path;

use kursportal::Options;

use crate::support::{broken_links, html_pages};

fn build_shipped_portal(out: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = Options {
        root: root.to_path_buf(),
        output_dir: out.to_path_buf(),
        base_url: None,
        drafts: false,
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
        bremnes.contains("<article lang=\"nn\">"),
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
