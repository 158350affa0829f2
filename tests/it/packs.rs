//! Course packs: each course page offers its course as one ZIP, to take
//! home and run offline. These unpack it and read it as an adviser would:
//! what is in it, the list that says so, links that stay inside, forms to
//! print, and the same bytes from the same content.

use crate::support::{course, pack_broken_links, unzip, Site, ZipEntries, COURSE_SECTION};

const PACK: &str = "kurs/renhold/kurspakke-renhold.zip";
const FOLDER: &str = "kurspakke-renhold/";

/// A course with two modules, a file, a picture in a module, a template
/// with its document, and a form.
fn fixture() -> Site {
    let site = Site::new();
    let extra = "templates = [\"@/maler/plan/index.md\"]\nforms = [\"@/skjema/pamelding/index.md\"]\n[[attachments]]\nfile = \"ordliste.csv\"\ntitle = \"Ordliste for renhold\"\n";
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", extra))
        .file("content/kurs/renhold/ordliste.csv", "ord;forklaring\nmopp;et redskap\n")
        .picture("content/kurs/renhold/bilder/mopp.png", 640, 400)
        .file(
            "content/kurs/renhold/01-utstyr.md",
            "+++\ntitle = \"Utstyr\"\nweight = 1\n+++\n## Mopper\n\n![En mopp](bilder/mopp.png)\n\nSe [malen](@/maler/plan/index.md#bruk), [neste modul](02-metoder.md), [om portalen](@/om.md) og [IMDi](https://www.imdi.no/).\n",
        )
        .file(
            "content/kurs/renhold/02-metoder.md",
            "+++\ntitle = \"Metoder\"\nweight = 2\n+++\nTilbake til [kurset](index.md).\n",
        )
        .file("content/maler/_index.md", "+++\ntitle = \"Maler\"\nchild_kind = \"template\"\n+++\n")
        .file("content/maler/plan/index.md", "+++\ntitle = \"Ukeplan\"\nsummary = \"En mal.\"\n+++\n## Bruk\n\nFyll inn.\n")
        .file("content/maler/plan/ukeplan.docx", "docx bytes")
        .file("content/skjema/_index.md", "+++\ntitle = \"Skjema\"\nchild_kind = \"form\"\n+++\n")
        .file(
            "content/skjema/pamelding/index.md",
            "+++\ntitle = \"Påmelding\"\nsummary = \"Meld på.\"\n[[fields]]\nname = \"navn\"\nlabel = \"Navn\"\nrequired = true\n[[fields]]\nname = \"niva\"\nlabel = \"Nivå\"\ntype = \"radio\"\noptions = [\"A1\", \"A2\"]\n[[fields]]\nname = \"behov\"\nlabel = \"Behov\"\ntype = \"textarea\"\nrows = 3\n+++\nFylles ut sammen med deltakeren.\n",
        )
        .file("content/om.md", "+++\ntitle = \"Om portalen\"\n+++\nTekst.\n");
    site
}

fn pack_of(site: &Site) -> ZipEntries {
    unzip(&site.out().join(PACK))
}

#[test]
fn a_pack_holds_the_course_its_modules_templates_forms_and_files() {
    let site = fixture();
    site.build();
    let pack = pack_of(&site);
    let expected = [
        "01-utstyr.html",
        "02-metoder.html",
        "LESMEG.txt",
        "bilder/mopp.png",
        "index.html",
        "maler/plan.html",
        "maler/plan/ukeplan.docx",
        "ordliste.csv",
        "skjema/pamelding.html",
        "style.css",
    ]
    .map(|name| format!("{FOLDER}{name}"));
    assert_eq!(
        pack.names(),
        expected,
        "every entry, in path order, under one folder"
    );
    assert_eq!(
        pack.get(&format!("{FOLDER}ordliste.csv")).unwrap(),
        b"ord;forklaring\nmopp;et redskap\n",
        "files go in as they are"
    );
    let course = pack.text(&format!("{FOLDER}index.html"));
    assert!(course.contains("<h1>Renhold</h1>"), "{course}");
    // The theme's stylesheet is in the pack, and nothing needs the portal.
    assert!(
        course.contains("<link rel=\"stylesheet\" href=\"style.css\">"),
        "{course}"
    );
    let css = pack.text(&format!("{FOLDER}style.css"));
    assert!(css.contains(".blank-line"), "the theme's own: {css}");
    for online_only in ["<script", "class=\"site-search\"", "data-search-index"] {
        assert!(!course.contains(online_only), "{online_only}: {course}");
    }
    assert!(
        !course.contains("Last ned kurspakke"),
        "no pack inside the pack"
    );
}

/// Every link of every page in the pack leads to a file in the pack, to
/// a place on the page, or out to an address with a scheme (the portal
/// online, other sites): nothing is left relative to where the pack is not.
#[test]
fn links_in_a_pack_lead_to_its_own_files_or_online() {
    let site = fixture();
    site.build();
    let pack = pack_of(&site);
    let broken = pack_broken_links(&pack);
    assert!(broken.is_empty(), "{broken:#?}");
    let module = pack.text(&format!("{FOLDER}01-utstyr.html"));
    for expected in [
        // Sized, and without the smaller copies the pack does not hold.
        "<img src=\"bilder/mopp.png\" width=\"640\" height=\"400\" alt=\"En mopp\"",
        "href=\"maler/plan.html#bruk\"",
        "href=\"02-metoder.html\"",
        "href=\"https://example.org/portal/om/\"",
        "href=\"https://www.imdi.no/\"",
        // The module's own address online, in its footer.
        "href=\"https://example.org/portal/kurs/renhold/01-utstyr/\"",
    ] {
        assert!(module.contains(expected), "{expected}\n{module}");
    }
    assert!(!module.contains("srcset"), "{module}");
    let template = pack.text(&format!("{FOLDER}maler/plan.html"));
    assert!(
        template.contains("href=\"plan/ukeplan.docx\""),
        "{template}"
    );
    assert!(
        template.contains("href=\"../index.html\""),
        "the course it is used in: {template}"
    );
}

/// A form in the pack is the blank sheet to print: a line for each
/// answer, a box for each choice, no controls that need the portal.
#[test]
fn a_form_in_a_pack_is_a_blank_sheet_to_print() {
    let site = fixture();
    site.build();
    let form = pack_of(&site).text(&format!("{FOLDER}skjema/pamelding.html"));
    assert!(
        form.contains("<div class=\"kp-form blank-form\">"),
        "{form}"
    );
    assert!(
        form.contains("<p class=\"blank-label\">Navn<span class=\"required\"> *</span></p>"),
        "{form}"
    );
    assert!(
        form.contains("<span class=\"blank-box\" aria-hidden=\"true\"></span> A2</li>"),
        "{form}"
    );
    assert_eq!(
        form.matches("<div class=\"blank-line\"></div>").count(),
        1 + 3,
        "{form}"
    );
    for control in ["<input", "<textarea", "<button", "<form"] {
        assert!(!form.contains(control), "{control}: {form}");
    }
    // The site's own form page is still the one to fill on screen.
    assert!(site
        .read("skjema/pamelding/index.html")
        .contains("<input type=\"text\" id=\"felt-navn\""));
}

/// `LESMEG.txt` says what the pack is, how to open it, and lists every
/// page and file with its title and size.
#[test]
fn the_readme_lists_every_page_and_file_with_title_and_size() {
    let site = fixture();
    site.build();
    let pack = pack_of(&site);
    let readme = pack.text(&format!("{FOLDER}LESMEG.txt"));
    assert!(
        readme.starts_with(
            "Kurspakke: Renhold\r\nTestportal\r\nhttps://example.org/portal/kurs/renhold/\r\n"
        ),
        "{readme}"
    );
    assert!(
        readme.contains("åpne index.html i en nettleser"),
        "{readme}"
    );
    let course_size = pack.get(&format!("{FOLDER}index.html")).unwrap().len();
    let course_kb = format!("Renhold ({} KB)", (course_size as f64 / 1024.0).round());
    let picture_size = pack.get(&format!("{FOLDER}bilder/mopp.png")).unwrap().len();
    let picture = format!("mopp.png ({} KB)", (picture_size as f64 / 1024.0).round());
    for (path, says) in [
        ("index.html", course_kb.as_str()),
        ("ordliste.csv", "Ordliste for renhold (31 byte)"),
        ("bilder/mopp.png", picture.as_str()),
        ("maler/plan/ukeplan.docx", "ukeplan.docx (10 byte)"),
    ] {
        assert_eq!(listed(&readme, path), Some(says), "{path}\n{readme}");
    }
    for page in [
        "01-utstyr.html",
        "02-metoder.html",
        "maler/plan.html",
        "skjema/pamelding.html",
    ] {
        assert!(listed(&readme, page).is_some(), "{page}\n{readme}");
    }
}

/// What the readme says of `path`: the rest of its line.
fn listed<'a>(readme: &'a str, path: &str) -> Option<&'a str> {
    let line = readme.lines().find(|l| {
        l.strip_prefix("  ")
            .and_then(|l| l.strip_prefix(path))
            .is_some_and(|rest| rest.starts_with("  "))
    })?;
    Some(line[2 + path.len()..].trim())
}

/// The course page's button names the pack's real size, as the page's
/// language writes it, and leads to it.
#[test]
fn the_course_page_offers_its_pack_with_its_real_size() {
    let site = fixture();
    site.build();
    let html = site.read("kurs/renhold/index.html");
    let size = std::fs::metadata(site.out().join(PACK)).unwrap().len();
    let label = format!("{} KB", (size as f64 / 1024.0).round());
    let button = format!("<a href=\"../../kurs/renhold/kurspakke-renhold.zip\" download>Last ned kurspakke <span class=\"file-meta\">(ZIP, {label})</span></a>");
    assert!(html.contains(&button), "{button}\n{html}");
    let module = site.read("kurs/renhold/01-utstyr/index.html");
    assert!(
        !module.contains(".zip"),
        "only the course page offers the pack"
    );
}

#[test]
fn two_builds_give_the_same_bytes() {
    let site = fixture();
    site.build();
    let first = std::fs::read(site.out().join(PACK)).unwrap();
    // Files touched, nothing changed: the same pack, byte for byte.
    site.file(
        "content/kurs/renhold/ordliste.csv",
        "ord;forklaring\nmopp;et redskap\n",
    );
    site.build();
    assert_eq!(std::fs::read(site.out().join(PACK)).unwrap(), first);
}

/// A translated course has its own pack in its language: its pages, its
/// list named as English readers expect, its file name in English.
#[test]
fn a_translated_course_has_a_pack_in_its_language() {
    let site = fixture();
    site.with_english_and_arabic().file(
        "content/kurs/renhold/index.en.md",
        "+++\ntitle = \"Cleaning\"\nsummary = \"A course.\"\n+++\nText.\n",
    );
    site.build();
    let pack = unzip(&site.out().join("en/kurs/renhold/course-pack-renhold.zip"));
    let readme = pack.text("course-pack-renhold/README.txt");
    assert!(
        readme.starts_with("Course pack: Cleaning\r\nCourse portal\r\n"),
        "{readme}"
    );
    let course = pack.text("course-pack-renhold/index.html");
    assert!(course.contains("<html lang=\"en\""), "{course}");
    // Modules not translated yet come in their original, marked so.
    assert!(
        pack.names().contains(&"course-pack-renhold/01-utstyr.html"),
        "{:?}",
        pack.names()
    );
    assert!(course.contains("lang=\"nb\""), "{course}");
    assert!(site.exists(PACK), "the Bokmål pack is still there");
}

/// A file of the course named as its pack would be lost under it: the
/// build stops and names both.
#[test]
fn a_file_named_like_the_pack_stops_the_build_and_names_both() {
    let site = fixture();
    site.file("content/kurs/renhold/kurspakke-renhold.zip", "an old pack");
    let said = site.fails(&["build"]);
    assert!(
        said.contains("error: content/kurs/renhold/kurspakke-renhold.zip and the course pack of content/kurs/renhold/index.md would both be written to /kurs/renhold/kurspakke-renhold.zip"),
        "{said}"
    );
    assert!(!site.out().exists(), "nothing is written");
}
