//! The preview's rebuilds (`serve::Preview`) against fresh full builds: after
//! each edit of a sequence (body, title, taxonomy term, slug, new file,
//! deleted file, renamed file, translation added, template changed) the
//! preview serves exactly, file for file, what a full build with the same
//! options gives; and it parses and draws only what the edit touched, so a
//! fall-back to rebuilding everything fails.

use std::path::PathBuf;

use kursportal::model::Redone;
use kursportal::serve::{Preview, Rebuilt};
use kursportal::site::Site as KeptSite;
use kursportal::write::{Files, Memory};

use crate::support::{course, describe, multilingual_toml, Site, COURSE_SECTION};

fn fixture() -> Site {
    let site = Site::new();
    site.file("site.toml", &multilingual_toml())
        .file(
            "content/_index.en.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
        )
        .file(
            "content/_index.ar.md",
            "+++\ntitle = \"الرئيسية\"\n+++\nأهلاً.\n",
        )
        .file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file(
            "content/kurs/renhold/01-start.md",
            "+++\ntitle = \"Oppstart\"\nweight = 1\n+++\nFørste uke.\n",
        )
        .file(
            "content/kurs/renhold/02-metoder.md",
            "+++\ntitle = \"Metoder\"\nweight = 2\n+++\nSe [oppstarten](01-start.md).\n",
        )
        .file("content/kurs/butikk/index.md", &course("Butikk", ""))
        .file(
            "content/kurs/butikk/01-kasse.md",
            "+++\ntitle = \"Kassa\"\n+++\nOm kassa.\n",
        )
        .file(
            "content/om.md",
            "+++\ntitle = \"Om portalen\"\n+++\nLes om [renhold](@/kurs/renhold/index.md).\n",
        );
    site
}

/// Writes `text` to `path` in the site and returns the path, as the watcher gives it.
fn save(site: &Site, path: &str, text: &str) -> PathBuf {
    site.file(path, text);
    PathBuf::from(path)
}

fn remove(site: &Site, path: &str) -> PathBuf {
    std::fs::remove_file(site.root().join(path)).unwrap();
    PathBuf::from(path)
}

/// What a fresh full build with the preview's options gives.
fn full_build(preview: &Preview) -> Files {
    let site =
        KeptSite::load(preview.options(), None).unwrap_or_else(|f| panic!("{}", describe(f)));
    let memory = Memory::default();
    site.render(&memory, &|_, _| {})
        .unwrap_or_else(|f| panic!("{}", describe(f)));
    memory.files.into_inner().unwrap()
}

/// Rebuilds after `changed` and checks the served site against a full build.
fn step(preview: &mut Preview, what: &str, changed: &[PathBuf]) -> Rebuilt {
    let rebuilt = preview
        .rebuild(changed)
        .unwrap_or_else(|problems| panic!("{what}: {problems}"));
    let served = preview.files();
    let fresh = full_build(preview);
    let only_served: Vec<_> = served.keys().filter(|k| !fresh.contains_key(*k)).collect();
    let only_fresh: Vec<_> = fresh.keys().filter(|k| !served.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_fresh.is_empty(),
        "{what}: served only {only_served:?}; built only {only_fresh:?}"
    );
    for (path, bytes) in &fresh {
        assert!(
            served[path] == *bytes,
            "{what}: {path} differs from a full build"
        );
    }
    rebuilt
}

#[test]
fn every_rebuild_serves_what_a_full_build_gives_and_no_more_is_done() {
    let site = fixture();
    let mut preview = Preview::new(site.options());
    let first = step(&mut preview, "first build", &[]);
    assert_eq!(first.parsed, 10, "every file is parsed once");
    assert_eq!(first.packs_zipped, 2, "a pack for each course");
    assert!(
        first.drawn >= first.pages,
        "every page is drawn ({} of {})",
        first.drawn,
        first.pages
    );

    let body = step(
        &mut preview,
        "body edit",
        &[save(
            &site,
            "content/kurs/renhold/01-start.md",
            "+++\ntitle = \"Oppstart\"\nweight = 1\n+++\nFørste uke, nå med mer.\n",
        )],
    );
    assert_eq!(body.parsed, 1, "only the edited file is parsed");
    assert!(
        body.bodies_only,
        "a body edit puts the body into the site as it was"
    );
    assert_eq!(
        body.drawn, 1,
        "a body edit draws its own page, not the site"
    );
    assert_eq!(
        body.redone,
        Redone::default(),
        "the model is not made again"
    );
    assert_eq!(body.files_split, 1, "the other files are taken as read");
    assert_eq!(
        body.packs_zipped, 1,
        "the pack of the module's course, not the other"
    );
    assert!(
        body.considered < first.considered / 4,
        "only the pages that read it are looked at ({} of {})",
        body.considered,
        first.considered
    );
    let two = [
        save(&site, "content/kurs/renhold/02-metoder.md", "+++\ntitle = \"Metoder\"\nweight = 2\n+++\nSe [oppstarten](01-start.md) og [butikken](@/kurs/butikk/index.md).\n\n## Nytt avsnitt\n"),
        save(&site, "content/kurs/renhold/index.md", &format!("{}\nMer om kurset.\n", course("Renhold", ""))),
    ];
    let both = step(&mut preview, "two bodies in one save", &two);
    assert_eq!((both.parsed, both.drawn), (2, 2));
    assert_eq!(both.files_split, 2);

    let title = step(
        &mut preview,
        "title edit",
        &[save(
            &site,
            "content/kurs/renhold/01-start.md",
            "+++\ntitle = \"Første uke\"\nweight = 1\n+++\nFørste uke, nå med mer.\n",
        )],
    );
    assert_eq!(title.parsed, 1);
    assert!(!title.bodies_only, "a title shows beyond its own page");
    // Every other body, at the same place among the same pages, is taken
    // over with its links as they were.
    let only_its_own = Redone {
        linked: 1,
        filled: 1,
        inherited: 0,
    };
    assert_eq!(title.redone, only_its_own, "links of the edited page only");
    assert!(
        title.drawn < first.drawn / 2,
        "a title shows on a few pages ({} of {} drawn)",
        title.drawn,
        first.drawn
    );

    step(
        &mut preview,
        "date",
        &[save(
            &site,
            "content/kurs/renhold/01-start.md",
            "+++\ntitle = \"Første uke\"\nweight = 1\nupdated = 2026-11-30\n+++\nFørste uke, nå med mer.\n",
        )],
    );
    let made_a_page = save(
        &site,
        "content/kurs/renhold/01-start.md",
        "+++\ntitle = \"Første uke\"\nkind = \"page\"\nupdated = 2026-11-30\n+++\nFørste uke, nå med mer.\n",
    );
    step(&mut preview, "a module made a page", &[made_a_page]);
    let module_again = save(
        &site,
        "content/kurs/renhold/01-start.md",
        "+++\ntitle = \"Første uke\"\nweight = 1\nupdated = 2026-11-30\n+++\nFørste uke, nå med mer.\n",
    );
    step(&mut preview, "and a module again", &[module_again]);
    step(
        &mut preview,
        "taxonomy term",
        &[save(
            &site,
            "content/kurs/butikk/index.md",
            &course("Butikk", "").replace("[\"Renhold\"]", "[\"Varehandel\"]"),
        )],
    );
    let slug = step(&mut preview, "slug", &[save(&site, "content/om.md", "+++\ntitle = \"Om portalen\"\nslug = \"om-oss\"\n+++\nLes om [renhold](@/kurs/renhold/index.md).\n")]);
    assert_eq!(
        slug.packs_zipped, 0,
        "no pack holds the page or links to it"
    );
    let added = step(
        &mut preview,
        "new file",
        &[save(
            &site,
            "content/kurs/renhold/03-utstyr.md",
            "+++\ntitle = \"Utstyr\"\nweight = 3\n+++\nMopp og bøtte.\n",
        )],
    );
    assert!(
        added.drawn < first.drawn / 2,
        "a new page shows on a few pages ({} of {} drawn)",
        added.drawn,
        first.drawn
    );
    // A new page is somewhere a link may lead: every body's links are
    // resolved again, but only the new one is written, the others' links
    // being where they were.
    assert_eq!(added.redone.filled, 1, "{:?}", added.redone);
    assert_eq!(
        added.front_matters_read, 1,
        "the other files' are as read before"
    );
    assert!(added.redone.linked > 5, "{:?}", added.redone);
    step(
        &mut preview,
        "deleted file",
        &[remove(&site, "content/kurs/butikk/01-kasse.md")],
    );
    // The deleted page is forgotten: a later edit looks at few pages again.
    let after_deletion = step(
        &mut preview,
        "a body edit after a deletion",
        &[save(
            &site,
            "content/kurs/renhold/01-start.md",
            "+++\ntitle = \"Første uke\"\nweight = 1\nupdated = 2026-11-30\n+++\nFørste uke, nå med enda mer.\n",
        )],
    );
    assert!(
        after_deletion.considered < first.considered / 4,
        "{} of {} looked at",
        after_deletion.considered,
        first.considered
    );
    let renamed = [
        remove(&site, "content/kurs/renhold/02-metoder.md"),
        save(
            &site,
            "content/kurs/renhold/02-arbeidsmetoder.md",
            "+++\ntitle = \"Metoder\"\nweight = 2\n+++\nSe [oppstarten](01-start.md).\n",
        ),
    ];
    let renamed = step(&mut preview, "renamed file", &renamed);
    // As many files as before, but not the same ones: every file is looked
    // at again (their documents are not the last read's, one for one).
    assert_eq!(renamed.files_split, 10, "{}", renamed.files_split);
    // A file given another name and nothing else: its text is as before,
    // and its old document (with the old address) must not be taken over.
    let utstyr = "+++\ntitle = \"Utstyr\"\nweight = 3\n+++\nMopp og bøtte.\n";
    let only_renamed = [
        remove(&site, "content/kurs/renhold/03-utstyr.md"),
        save(&site, "content/kurs/renhold/03-verktoy.md", utstyr),
    ];
    step(&mut preview, "renamed, text as it was", &only_renamed);
    step(&mut preview, "translation added", &[save(&site, "content/om.en.md", "+++\ntitle = \"About\"\nslug = \"about\"\n+++\nRead about [cleaning](@/kurs/renhold/index.md).\n")]);
    step(
        &mut preview,
        "course translated",
        &[save(
            &site,
            "content/kurs/butikk/index.en.md",
            "+++\ntitle = \"Shop\"\nsummary = \"A course.\"\n+++\nText.\n",
        )],
    );
    let inherited = step(
        &mut preview,
        "a field the translation takes from its original",
        &[save(
            &site,
            "content/kurs/butikk/index.md",
            &course("Butikk", "").replace("8 uker", "6 uker"),
        )],
    );
    assert_eq!(inherited.parsed, 1);
    assert!(inherited.drawn >= 2, "both versions of the course show it");
    let course_and_translation = Redone {
        inherited: 1,
        ..only_its_own
    };
    assert_eq!(inherited.redone, course_and_translation);
    step(
        &mut preview,
        "file beside a course",
        &[save(
            &site,
            "content/kurs/renhold/sjekkliste.pdf",
            "%PDF-1.4 kort",
        )],
    );
    step(
        &mut preview,
        "that file replaced by a longer one",
        &[save(
            &site,
            "content/kurs/renhold/sjekkliste.pdf",
            &"%PDF-1.4 lang ".repeat(200),
        )],
    );
    step(
        &mut preview,
        "a file in static/",
        &[save(
            &site,
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )],
    );
    step(
        &mut preview,
        "and gone again",
        &[remove(&site, "static/logo.svg")],
    );
    let passing = step(
        &mut preview,
        "an editor's temporary files, come and gone",
        &[
            PathBuf::from("content/kurs/renhold/4913"),
            PathBuf::from("content/kurs/renhold/.01-start.md.swp"),
        ],
    );
    assert_eq!((passing.parsed, passing.drawn), (0, 0), "nothing to do");
    let template = step(&mut preview, "template changed", &[save(&site, "templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><p>Egen mal.</p>{% endblock content %}")]);
    assert_eq!(template.parsed, 0, "a template change parses nothing again");
    assert!(String::from_utf8_lossy(&preview.files()["om-oss/index.html"]).contains("Egen mal."));
}

#[test]
fn a_body_edit_that_breaks_a_link_elsewhere_is_reported_as_a_full_build_would() {
    let site = fixture();
    let mut preview = Preview::new(site.options());
    let start = "content/kurs/renhold/01-start.md";
    let with_heading =
        "+++\ntitle = \"Oppstart\"\nweight = 1\n+++\nFørste uke.\n\n## Utstyr\n\nMopp.\n";
    save(&site, start, with_heading);
    save(
        &site,
        "content/kurs/renhold/02-metoder.md",
        "+++\ntitle = \"Metoder\"\nweight = 2\n+++\nSe [utstyret](01-start.md#utstyr).\n",
    );
    step(&mut preview, "first build", &[]);
    let without = save(
        &site,
        start,
        "+++\ntitle = \"Oppstart\"\nweight = 1\n+++\nFørste uke.\n",
    );
    let problems = preview
        .rebuild(&[without])
        .err()
        .expect("the heading another page links to is gone");
    assert!(
        problems.contains("content/kurs/renhold/02-metoder.md:5") && problems.contains("#utstyr"),
        "{problems}"
    );
    step(
        &mut preview,
        "heading back",
        &[save(&site, start, with_heading)],
    );
    let edited = step(
        &mut preview,
        "another body edit",
        &[save(
            &site,
            start,
            &with_heading.replace("Mopp.", "Mopp og bøtte."),
        )],
    );
    assert!(edited.bodies_only);
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_the_fix_catches_up() {
    let site = fixture();
    let mut preview = Preview::new(site.options());
    step(&mut preview, "first build", &[]);
    let before = preview.files();
    let broken = save(
        &site,
        "content/om.md",
        "+++\ntitle = \"Om portalen\n+++\nTekst.\n",
    );
    let problems = preview
        .rebuild(&[broken])
        .err()
        .expect("broken front matter fails");
    assert!(problems.contains("content/om.md:2"), "{problems}");
    assert!(
        preview.files() == before,
        "the last good site is still served"
    );
    let meanwhile = save(
        &site,
        "content/kurs/renhold/01-start.md",
        "+++\ntitle = \"Oppstart\"\nweight = 1\n+++\nSkrevet mens om.md var i stykker.\n",
    );
    assert!(
        preview.rebuild(&[meanwhile]).is_err(),
        "om.md is still broken"
    );
    step(
        &mut preview,
        "fixed",
        &[save(
            &site,
            "content/om.md",
            "+++\ntitle = \"Om portalen\"\n+++\nRettet.\n",
        )],
    );
    let files = preview.files();
    assert!(String::from_utf8_lossy(&files["om/index.html"]).contains("Rettet."));
    let start = String::from_utf8_lossy(&files["kurs/renhold/01-start/index.html"]);
    assert!(
        start.contains("Skrevet mens"),
        "an edit saved while the site was broken is not lost"
    );
}

/// A site large enough that each letter of the A–Å list has a search page
/// of its own: a retitled page changes its letter's page and no other,
/// unless the letters themselves change. (The pages are ordered by weight,
/// so a title leaves the section's order as it was.)
#[test]
fn a_title_changes_the_search_pages_of_its_letters_only() {
    let site = Site::new();
    site.file("content/sider/_index.md", "+++\ntitle = \"Sider\"\n+++\n");
    let letters = ["Alfa", "Bravo", "Charlie", "Delta"];
    for n in 0..420 {
        let title = format!("{} {n:03}", letters[n % letters.len()]);
        site.file(
            &format!("content/sider/side-{n:03}.md"),
            &format!("+++\ntitle = \"{title}\"\nweight = {n}\n+++\nTekst.\n"),
        );
    }
    let mut preview = Preview::new(site.options());
    step(&mut preview, "first build", &[]);
    let page = "content/sider/side-001.md";
    let same_letter = step(
        &mut preview,
        "a title within its letter",
        &[save(
            &site,
            page,
            "+++\ntitle = \"Bravo nytt\"\nweight = 1\n+++\nTekst.\n",
        )],
    );
    assert_eq!(
        same_letter.drawn, 3,
        "the page, its section's list and its letter's search page"
    );
    assert!(
        same_letter.considered < 10,
        "a new place in the A–Å order is no reason to look at every page ({})",
        same_letter.considered
    );
    let other_letter = step(
        &mut preview,
        "a title moved to another letter",
        &[save(
            &site,
            page,
            "+++\ntitle = \"Delta nytt\"\nweight = 1\n+++\nTekst.\n",
        )],
    );
    assert_eq!(
        other_letter.drawn, 4,
        "the page, its section's list and the B and D search pages"
    );
    assert!(other_letter.considered < 10, "{}", other_letter.considered);
    step(
        &mut preview,
        "a title that brings a new letter",
        &[save(
            &site,
            page,
            "+++\ntitle = \"Echo\"\nweight = 1\n+++\nTekst.\n",
        )],
    );
}

/// What changed between two models of a site (`model::content_changes`),
/// which a preview reads to draw again only what changed.
#[test]
fn content_changes_name_the_pages_that_say_something_else() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file(
            "content/kurs/renhold/index.en.md",
            "+++\ntitle = \"Cleaning\"\n+++\nText.\n",
        )
        .file("content/om.md", "+++\ntitle = \"Om\"\n+++\nTekst.\n");
    let model = || {
        kursportal::site::site_model(&site.options(), None)
            .expect("model")
            .1
    };
    let index_of = |model: &kursportal::model::SiteModel, path: &str| {
        model
            .pages
            .iter()
            .position(|p| p.doc.rel_path == path)
            .unwrap()
    };
    let before = model();

    let same = kursportal::model::content_changes(&before, &model()).expect("same shape");
    assert!(
        same.pages.is_empty() && same.retitled.is_empty(),
        "{same:?}"
    );

    site.file(
        "content/om.md",
        "+++\ntitle = \"Om portalen\"\n+++\nTekst.\n",
    );
    let retitled = kursportal::model::content_changes(&before, &model()).expect("same shape");
    let om = index_of(&before, "om.md");
    assert_eq!(retitled.pages, [om].into());
    assert_eq!(retitled.retitled, [om].into());
    assert!(retitled.redated.is_empty());

    // A translation shows what it inherits from its original: both changed.
    site.file("content/om.md", "+++\ntitle = \"Om\"\n+++\nTekst.\n")
        .file(
            "content/kurs/renhold/index.md",
            &course("Renhold", "").replace("Et kurs.", "Et nytt kurs."),
        );
    let inherited = kursportal::model::content_changes(&before, &model()).expect("same shape");
    let nb = index_of(&before, "kurs/renhold/index.md");
    let en = index_of(&before, "kurs/renhold/index.en.md");
    assert_eq!(inherited.pages, [nb, en].into());

    site.file("content/ny.md", "+++\ntitle = \"Ny\"\n+++\nTekst.\n");
    assert!(
        kursportal::model::content_changes(&before, &model()).is_none(),
        "a page came"
    );
}

/// How raw HTML is treated is a rule of every body: a preview whose
/// `site.toml` comes to trust its editors parses the bodies again, and
/// serves what a full build gives.
#[test]
fn trusting_raw_html_parses_the_bodies_again() {
    let site = fixture();
    site.file(
        "content/kart.md",
        "+++\ntitle = \"Kart\"\n+++\n<div class=\"kart\"><script src=\"kart.js\"></script></div>\n",
    );
    let mut preview = Preview::new(site.options());
    step(&mut preview, "first build", &[]);
    let trusting = format!(
        "{}\n[markdown]\nraw_html = \"trusted\"\n",
        multilingual_toml()
    );
    let rebuilt = step(
        &mut preview,
        "raw HTML trusted",
        &[save(&site, "site.toml", &trusting)],
    );
    assert!(rebuilt.parsed >= 11, "every body again: {}", rebuilt.parsed);
    let served = preview.files();
    let page = String::from_utf8_lossy(&served["kart/index.html"]);
    assert!(page.contains("<script src=\"kart.js\">"), "{page}");
}

/// Up to 32 edited files, a read takes the last read's documents and reads
/// only those files again; more go the whole way (`parse::FEW_CHANGES`).
#[test]
fn a_few_edits_are_read_alone_and_many_the_whole_way() {
    let site = Site::new();
    let page = |n: usize, text: &str| format!("+++\ntitle = \"Side {n}\"\n+++\n{text}\n");
    for n in 0..40 {
        site.file(&format!("content/side-{n}.md"), &page(n, "Tekst."));
    }
    let mut preview = Preview::new(site.options());
    step(&mut preview, "first build", &[]);
    let edit = |count: usize, text: &str| -> Vec<PathBuf> {
        let edit_one = |n| save(&site, &format!("content/side-{n}.md"), &page(n, text));
        (0..count).map(edit_one).collect()
    };
    let few = step(&mut preview, "32 bodies", &edit(32, "Ny tekst."));
    assert_eq!((few.parsed, few.files_split), (32, 32));
    let many = step(&mut preview, "33 bodies", &edit(33, "Enda en tekst."));
    let files = crate::support::files_under(&site.root().join("content")).len();
    assert_eq!((many.parsed, many.files_split), (33, files));
}

/// A picture an editor shows in a body while the preview runs is served
/// with its smaller copies, and a picture saved over it with the new ones.
#[test]
fn a_picture_shown_in_the_preview_comes_with_its_copies() {
    let site = fixture();
    site.picture("content/kurs/renhold/vogn.jpg", 1000, 600);
    let mut preview = Preview::new(site.options());
    step(&mut preview, "first build", &[]);
    assert!(!preview.files().contains_key("kurs/renhold/vogn.480w.jpg"));
    let shown = step(
        &mut preview,
        "a picture shown",
        &[save(
            &site,
            "content/kurs/renhold/01-start.md",
            "+++\ntitle = \"Oppstart\"\nweight = 1\n+++\nFørste uke.\n\n![En renholdsvogn](vogn.jpg)\n",
        )],
    );
    assert!(shown.bodies_only, "still a body edit");
    let files = preview.files();
    for copy in ["kurs/renhold/vogn.480w.jpg", "kurs/renhold/vogn.960w.jpg"] {
        assert!(files.contains_key(copy), "{copy}");
    }
    site.picture("content/kurs/renhold/vogn.jpg", 800, 400);
    step(
        &mut preview,
        "the picture saved over",
        &[PathBuf::from("content/kurs/renhold/vogn.jpg")],
    );
    let files = preview.files();
    let page = String::from_utf8_lossy(&files["kurs/renhold/01-start/index.html"]).into_owned();
    assert!(page.contains(" width=\"800\" height=\"400\""), "{page}");
    assert!(
        !files.contains_key("kurs/renhold/vogn.960w.jpg"),
        "no copy wider than the picture"
    );
    let copy = image::load_from_memory(&files["kurs/renhold/vogn.480w.jpg"]).unwrap();
    assert_eq!(
        (copy.width(), copy.height()),
        (480, 240),
        "the copy is the new picture's"
    );
}
