//! A site in several languages: translations beside their originals,
//! per-language URLs, UI strings, dates and lists, fallbacks, the switcher,
//! and the translation report.

use insta::assert_snapshot;

use crate::support::{course, multilingual_toml, Site, COURSE_SECTION};

/// The fixture site with English and Arabic beside Bokmål.
fn multilingual() -> Site {
    let site = Site::new();
    site.file("site.toml", &multilingual_toml())
        .file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n")
        .file("content/_index.ar.md", "+++\ntitle = \"الرئيسية\"\n+++\nأهلاً.\n")
        .file("content/guide/_index.md", "+++\ntitle = \"Veiledning\"\n+++\n")
        .file("content/guide/_index.en.md", "+++\ntitle = \"Guidance\"\nslug = \"guidance\"\n+++\n")
        .file("content/guide/plan.md", "+++\ntitle = \"Planlegging\"\nupdated = 2022-10-18\nweight = 1\n+++\n## Første steg\n\nSe [kurs](kurs.md).\n")
        .file("content/guide/plan.en.md", "+++\ntitle = \"Planning\"\nslug = \"planning\"\nupdated = 2022-11-01\n+++\n## First step\n\nSee [course](kurs.md).\n")
        .file("content/guide/kurs.md", "+++\ntitle = \"Kursdager\"\nupdated = 2023-01-05\nweight = 2\n+++\nTekst.\n")
        .file("content/guide/kurs.ar.md", "+++\ntitle = \"أيام الدورة\"\nupdated = 2022-12-01\n+++\nنص.\n");
    site
}

#[test]
fn a_translated_slug_gives_a_translated_url_with_the_languages_ui() {
    let site = multilingual();
    site.build();
    let html = site.read("en/guidance/planning/index.html");
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"), "{html}");
    assert!(
        html.contains("Last updated <time datetime=\"2022-11-01\">1 November 2022</time>"),
        "{html}"
    );
    assert!(html.contains("Skip to main content"), "{html}");
    assert!(
        !html.contains("Hopp til hovedinnhold"),
        "no Norwegian UI strings in English: {html}"
    );
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"nb\" href=\"https://example.org/portal/guide/plan/\">"), "{html}");
    assert!(html.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/portal/en/guidance/planning/\">"), "{html}");
}

#[test]
fn links_in_a_translation_go_to_the_same_language_when_they_can() {
    let site = multilingual();
    site.build();
    // kurs.md has no English version: the English page links to the original.
    let en = site.read("en/guidance/planning/index.html");
    assert!(
        en.contains("<a href=\"../../../guide/kurs/\">course</a>"),
        "{en}"
    );
    // The Arabic home links nowhere yet, but the Arabic kurs page exists.
    assert!(site.exists("ar/guide/kurs/index.html"));
}

#[test]
fn arabic_pages_are_right_to_left() {
    let site = multilingual();
    site.build();
    let html = site.read("ar/guide/kurs/index.html");
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert!(html.contains("انتقل إلى المحتوى الرئيسي"), "{html}");
}

#[test]
fn lists_show_untranslated_pages_as_their_original_marked_with_its_language() {
    let site = multilingual();
    site.build();
    let section = site.read("en/guidance/index.html");
    assert!(
        section.contains("<a href=\"../../en/guidance/planning/\">Planning</a>"),
        "{section}"
    );
    assert!(
        section.contains("<h3 lang=\"nb\"><a href=\"../../guide/kurs/\">Kursdager</a></h3>"),
        "{section}"
    );
    assert!(
        section.contains("<span class=\"lang-note\">Norwegian Bokmål</span>"),
        "{section}"
    );
}

#[test]
fn the_switcher_goes_to_the_same_page_or_else_the_original() {
    let site = multilingual();
    site.build();
    let en = site.read("en/guidance/planning/index.html");
    assert!(
        en.contains("<a href=\"../../../guide/plan/\" lang=\"nb\" hreflang=\"nb\" dir=\"auto\">"),
        "{en}"
    );
    assert!(en.contains("<a href=\"./\" lang=\"en\" hreflang=\"en\" dir=\"auto\" aria-current=\"true\">English</a>"), "{en}");
    // No Arabic version of plan.md: from the English translation, go to the original…
    assert!(en.contains("<a href=\"../../../guide/plan/\" lang=\"ar\" hreflang=\"ar\" dir=\"auto\">العربية</a> <span class=\"lang-note\">(not translated)</span>"), "{en}");
    // …and from the original itself, to the Arabic home page.
    let nb = site.read("guide/plan/index.html");
    assert!(
        nb.contains("<a href=\"../../ar/\" lang=\"ar\" hreflang=\"ar\" dir=\"auto\">العربية</a>"),
        "{nb}"
    );
}

#[test]
fn the_sitemap_lists_alternates() {
    let site = multilingual();
    site.build();
    let sitemap = crate::support::unindented(&site.read("sitemap.xml"));
    assert!(sitemap.contains("<url><loc>https://example.org/portal/guide/plan/</loc><lastmod>2022-10-18</lastmod><xhtml:link rel=\"alternate\" hreflang=\"nb\" href=\"https://example.org/portal/guide/plan/\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/portal/en/guidance/planning/\"/></url>"), "{sitemap}");
}

#[test]
fn the_translation_report_lists_missing_and_older_translations() {
    let site = multilingual();
    let summary = kursportal::check(&site.options()).unwrap();
    let report = kursportal::model::translations::render(&summary.translations);
    assert_snapshot!(report);
}

#[test]
fn an_unknown_language_suffix_names_the_file() {
    let site = multilingual();
    site.file(
        "content/guide/plan.de.md",
        "+++\ntitle = \"Planung\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn a_translation_cannot_set_what_all_languages_share() {
    let site = multilingual();
    site.file(
        "content/guide/plan.en.md",
        "+++\ntitle = \"Planning\"\nweight = 3\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn every_language_needs_its_home_page() {
    let site = multilingual();
    std::fs::remove_file(site.root().join("content/_index.ar.md")).unwrap();
    assert_snapshot!(site.errors());
}

#[test]
fn a_missing_ui_string_names_key_and_language() {
    let site = multilingual();
    site.file("i18n/nb.toml", "ny_knapp = \"Ny knapp\"\n");
    let errors = site.errors();
    assert!(
        errors.contains("1 UI string is missing in `en`: ny_knapp"),
        "{errors}"
    );
    assert!(
        errors.contains("1 UI string is missing in `ar`: ny_knapp"),
        "{errors}"
    );
}

#[test]
fn each_language_gets_its_taxonomy_pages() {
    let site = multilingual();
    let toml = multilingual_toml().replacen(
        "singular = \"sector\"\n",
        "singular = \"sector\"\n\n[taxonomies.languages.en.terms]\nBygg = \"Construction\"\n",
        1,
    );
    site.file("site.toml", &toml)
        .file(
            "content/guide/tiltak.md",
            "+++\ntitle = \"Tiltak\"\nsectors = [\"Renhold\"]\n+++\n",
        )
        .file(
            "content/guide/arbeid.md",
            "+++\ntitle = \"Arbeid\"\nsectors = [\"Bygg\"]\n+++\n",
        )
        .build();
    assert!(site.exists("bransje/renhold/index.html"));
    let en = site.read("en/sector/renhold/index.html");
    assert!(en.contains("<html lang=\"en\""), "{en}");
    assert!(
        en.contains("<h1 lang=\"nb\">Renhold</h1>"),
        "an untranslated term keeps its language: {en}"
    );
    // The language switcher of a term's page leads to the same term.
    let nb = site.read("bransje/renhold/index.html");
    let switcher = crate::support::language_switcher(&nb);
    assert!(
        switcher.contains("href=\"../../en/sector/renhold/\""),
        "{switcher}"
    );
    // A term named in English is English on its page: its heading carries
    // no other language.
    let construction = crate::support::html_pages(&site.out().join("en/sector"))
        .into_iter()
        .map(|(_, html)| html)
        .find(|html| html.contains(">Construction</h1>"))
        .expect("the English page of the term Bygg");
    assert!(
        construction.contains("<h1>Construction</h1>"),
        "{construction}"
    );
    let current: Vec<_> = switcher.match_indices("aria-current").collect();
    assert_eq!(current.len(), 1, "{switcher}");
    assert!(
        switcher.contains("lang=\"nb\" hreflang=\"nb\" dir=\"auto\" aria-current=\"true\""),
        "{switcher}"
    );
}

#[test]
fn a_translated_module_of_an_untranslated_course_keeps_its_place() {
    let site = multilingual();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/a/index.md",
            &crate::support::course("Kurs A", ""),
        )
        .file(
            "content/kurs/a/m1.md",
            "+++\ntitle = \"Modul én\"\nweight = 1\n+++\n",
        )
        .file(
            "content/kurs/a/m2.md",
            "+++\ntitle = \"Modul to\"\nweight = 2\n+++\n",
        )
        .file(
            "content/kurs/a/m2.en.md",
            "+++\ntitle = \"Module two\"\n+++\n",
        )
        .build();
    let html = site.read("en/kurs/a/m2/index.html");
    assert!(html.contains("Module 2 of 2"), "{html}");
    assert!(
        html.contains("<span lang=\"nb\">Modul én</span>"),
        "the previous module is the original: {html}"
    );
    // The breadcrumbs climb in English: the English home, not the Norwegian one.
    assert!(
        html.contains("<li><a href=\"../../../../en/\">Home</a></li>"),
        "{html}"
    );
    // Its course has no English page: `/en/kurs/a/` sends a reader on to
    // the original, and so does `/en/kurs/` to its section (before, both
    // were folders without an index.html: a directory listing).
    let course = site.read("en/kurs/a/index.html");
    assert!(
        course.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../../kurs/a/\">"),
        "{course}"
    );
    assert!(
        course.contains("<a href=\"../../../kurs/a/\" lang=\"nb\">Kurs A</a> (not translated)"),
        "{course}"
    );
    assert!(site
        .read("en/kurs/index.html")
        .contains("url=../../kurs/\""));
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("/en/kurs/a/<"), "{sitemap}");
}

#[test]
fn a_term_name_for_no_term_is_caught() {
    let site = multilingual();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    // The last [[taxonomies]] is partner_types; its English term names follow.
    site.file(
        "site.toml",
        &format!("{toml}\n[taxonomies.languages.en.terms]\n\"Arbeidsgivr\" = \"Employer\"\n"),
    )
    .file(
        "content/guide/tiltak.md",
        "+++\ntitle = \"Tiltak\"\npartner_types = [\"Arbeidsgiver\"]\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn a_page_written_in_another_language_counts_as_its_version_there() {
    let site = multilingual();
    site.file(
        "content/guide/report.md",
        "+++\ntitle = \"Annual report\"\nlanguage = \"en\"\n+++\nIn English.\n",
    )
    .build();
    let html = site.read("guide/report/index.html");
    assert!(html.contains("<article lang=\"en\">"), "{html}");
    assert!(
        html.contains("<a href=\"./\" lang=\"en\" hreflang=\"en\" dir=\"auto\">English</a>"),
        "the switcher stays: {html}"
    );
    let summary = kursportal::check(&site.options()).unwrap();
    let english = summary
        .translations
        .iter()
        .find(|r| r.code == "en")
        .unwrap();
    assert!(
        !english
            .missing
            .contains(&"content/guide/report.md".to_owned()),
        "{english:?}"
    );
}

#[test]
fn a_term_name_for_a_term_no_longer_used_is_fine() {
    let site = multilingual();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.file("site.toml", &format!("{toml}\n[taxonomies.languages.en.terms]\n\"Frivillig organisasjon\" = \"Volunteer organisation\"\n"));
    site.build();
}

#[test]
fn a_languages_feed_lists_only_its_own_pages() {
    let site = multilingual();
    site.build();
    let feed = site.read("en/atom.xml");
    assert!(feed.contains("<title>Planning</title>"), "{feed}");
    assert!(!feed.contains("Kursdager"), "{feed}");
    assert!(feed.contains("xml:lang=\"en\""), "{feed}");
}

#[test]
fn an_original_that_cannot_be_read_is_the_one_problem_reported() {
    let site = multilingual();
    site.file("content/_index.ar.md", "+++\ntitle = \"الرئيسية\"\n+++\n")
        .file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/renhold/index.md",
            "+++\ntitle = \"Renhold\n+++\nTekst.\n",
        )
        .file(
            "content/kurs/renhold/index.en.md",
            "+++\ntitle = \"Cleaning\"\n+++\nText.\n",
        )
        .file(
            "content/kurs/renhold/index.ar.md",
            "+++\ntitle = \"التنظيف\"\n+++\nنص.\n",
        )
        .file(
            "content/kurs/renhold/a.md",
            "+++\ntitle = \"Første modul\"\n+++\nTekst.\n",
        );
    let errors = site.errors();
    assert!(
        errors.contains("content/kurs/renhold/index.md:2"),
        "{errors}"
    );
    // Its translations are not taken for originals missing their fields,
    // nor its modules for courses.
    assert!(
        !errors.contains("index.en.md") && !errors.contains("index.ar.md"),
        "{errors}"
    );
    assert!(!errors.contains("a.md"), "{errors}");
    assert_eq!(errors.matches("error:").count(), 1, "{errors}");
}

/// A translation beside no original was published as a page of its own;
/// it is refused, and the help's way to a page in one language works.
#[test]
fn a_translation_without_its_original_is_refused_with_the_way_to_a_one_language_page() {
    let site = Site::new();
    site.with_english_and_arabic().file(
        "content/bare.en.md",
        "+++\ntitle = \"Only in English\"\n+++\nText.\n",
    );
    let text = site.errors();
    assert!(text.contains("content/bare.en.md"), "{text}");
    assert!(
        text.contains("a translation (en) of `bare.md`, which does not exist"),
        "{text}"
    );
    std::fs::remove_file(site.root().join("content/bare.en.md")).unwrap();
    site.file(
        "content/bare.md",
        "+++\ntitle = \"Only in English\"\nlanguage = \"en\"\n+++\nText.\n",
    )
    .build();
    // The article is marked English (the switcher has `lang="en"` anyway).
    assert!(site
        .read("bare/index.html")
        .contains("<article lang=\"en\">"));
}

/// Every taxonomy without names in a language was reported at the first
/// taxonomy's `key =` line; each is now reported at its own.
#[test]
fn a_taxonomy_without_names_in_a_language_is_pinned_on_its_own_entry() {
    let toml = crate::support::SITE_TOML.replace(
        "[feedback]",
        "[languages.en]\ntitle = \"Course portal\"\n\n[feedback]",
    );
    let site = Site::new();
    site.file("site.toml", &toml)
        .file("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\n");
    let text = site.errors();
    let lines: Vec<&str> = toml.lines().collect();
    let mut pinned = Vec::new();
    for block in text.split("the taxonomy `").skip(1) {
        let key = block.split('`').next().unwrap();
        let at = block.split("site.toml:").nth(1).expect("a line");
        let line: usize = at.split(':').next().unwrap().parse().unwrap();
        assert_eq!(lines[line - 1].trim(), format!("key = \"{key}\""), "{text}");
        pinned.push(line);
    }
    // Every taxonomy of SITE_TOML, each at a line of its own.
    assert_eq!(pinned.len(), 5, "{text}");
    let distinct: std::collections::BTreeSet<_> = pinned.iter().collect();
    assert_eq!(distinct.len(), pinned.len(), "{text}");
}

/// The A–Å list follows each language's alphabet: in Bokmål Æ, Ø and Å are
/// letters of their own after Z, with the old spelling `Aa` under Å; in
/// English Å and Ø are listed with A and O, under one heading each.
#[test]
fn the_a_to_z_list_has_the_letters_of_each_language() {
    let site = Site::new();
    site.with_english_and_arabic();
    for (name, title) in [
        ("alesund", "Ålesund"),
        ("arendal", "Arendal"),
        ("aasen", "Aasen"),
        ("oksnes", "Øksnes"),
        ("bodo", "Bodø"),
        ("oslo", "Oslo"),
    ] {
        let page = format!("+++\ntitle = \"{title}\"\n+++\nTekst.\n");
        site.file(&format!("content/{name}.md"), &page)
            .file(&format!("content/{name}.en.md"), &page);
    }
    site.build();
    let headings = |html: &str| -> Vec<String> {
        html.split("<h3 id=\"bokstav-")
            .skip(1)
            .map(|rest| rest[rest.find('>').unwrap() + 1..rest.find("</h3>").unwrap()].to_owned())
            .collect()
    };
    let nb = site.read("sok/index.html");
    // "Forside" is the home page; Aasen is read as Åsen, after Ålesund.
    assert_eq!(headings(&nb), ["A", "B", "F", "O", "Ø", "Å"], "{nb}");
    let under_aa = &nb[nb.find("bokstav-aa").unwrap()..];
    let order = ["Ålesund", "Aasen"].map(|t| under_aa.find(&format!(">{t}<")).unwrap());
    assert!(order[0] < order[1], "{under_aa}");

    let en = site.read("en/search/index.html");
    assert_eq!(headings(&en), ["A", "B", "H", "O"], "{en}");
}

/// What a translation leaves out comes from its original, kind by kind: a
/// section's order, a course's goals, a module's length, a form's fields,
/// a case's partner, period and figures.
#[test]
fn a_translation_takes_what_it_leaves_out_from_its_original() {
    let site = Site::new();
    let en = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\nText.\n");
    site.with_english_and_arabic()
        .file(
            "content/kurs/_index.md",
            "+++\ntitle = \"Kurs\"\nchild_kind = \"course\"\nsort_by = \"title\"\n+++\n",
        )
        .file("content/kurs/_index.en.md", &en("Courses"))
        .file(
            "content/kurs/bakeri/index.md",
            &crate::support::course("Bakeri", "weight = 1\ngoals = [\"Lage brød\"]\n"),
        )
        .file("content/kurs/bakeri/index.en.md", &en("Zeta baking"))
        .file(
            "content/kurs/bakeri/01-start.md",
            "+++\ntitle = \"Start\"\nduration = \"2 dager\"\n+++\nTekst.\n",
        )
        .file("content/kurs/bakeri/01-start.en.md", &en("Getting started"))
        .file(
            "content/kurs/arbeid/index.md",
            &crate::support::course("Arbeid", "weight = 2\n"),
        )
        .file("content/kurs/arbeid/index.en.md", &en("Alpha work"))
        .file(
            "content/skjema/_index.md",
            "+++\ntitle = \"Skjema\"\nchild_kind = \"form\"\n+++\n",
        )
        .file(
            "content/skjema/paamelding.md",
            "+++\ntitle = \"Påmelding\"\nsummary = \"Meld på.\"\n[[fields]]\nname = \"navn\"\nlabel = \"Navn\"\n+++\n",
        )
        .file("content/skjema/paamelding.en.md", &en("Sign-up"))
        .file(
            "content/erfaringer/_index.md",
            "+++\ntitle = \"Erfaringer\"\nchild_kind = \"case\"\n+++\n",
        )
        .file(
            "content/erfaringer/lager/index.md",
            "+++\ntitle = \"Lager\"\nsummary = \"Et samarbeid.\"\nmunicipalities = [\"Inderøy\"]\npartner = \"Lagerkjeden\"\npartner_types = [\"Privat\"]\nperiod = \"Våren 2024\"\n[[results]]\nlabel = \"I jobb\"\nvalue = \"7 av 10\"\n+++\nTekst.\n",
        )
        .file("content/erfaringer/lager/index.en.md", &en("Warehouse"))
        .build();
    let courses = site.read("en/kurs/index.html");
    let (alpha, zeta) = (courses.find("Alpha work"), courses.find("Zeta baking"));
    assert!(
        alpha.is_some() && alpha < zeta,
        "sorted by title: {courses}"
    );
    let course = site.read("en/kurs/bakeri/index.html");
    assert!(course.contains("Lage brød"), "{course}");
    let module = site.read("en/kurs/bakeri/01-start/index.html");
    assert!(module.contains("2 dager"), "{module}");
    let form = site.read("en/skjema/paamelding/index.html");
    assert!(form.contains("name=\"navn\""), "{form}");
    let case = site.read("en/erfaringer/lager/index.html");
    for inherited in ["Lagerkjeden", "Våren 2024", "7 av 10"] {
        assert!(case.contains(inherited), "{inherited}: {case}");
    }
}

/// What the theme draws around a page from the model: the menu marks the
/// section the reader is in and no other, the breadcrumbs name the home
/// page in the page's language and mark an original shown in a
/// translation's trail, a case's card says who and when, and a term with
/// no name in the page's language is marked with its own.
#[test]
fn menus_trails_cards_and_terms_say_where_the_reader_is() {
    let site = multilingual();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file("content/kurs/renhold/01-start.md", "+++\ntitle = \"Oppstart\"\n+++\nTekst.\n")
        .file("content/kurs/renhold/01-start.en.md", "+++\ntitle = \"Getting started\"\n+++\nText.\n")
        .file("content/erfaringer/_index.md", "+++\ntitle = \"Erfaringer\"\nchild_kind = \"case\"\n+++\n")
        .file(
            "content/erfaringer/lager/index.md",
            "+++\ntitle = \"Lager\"\nsummary = \"Et samarbeid.\"\nmunicipalities = [\"Inderøy\"]\npartner = \"Lagerkjeden\"\npartner_types = [\"Privat\"]\nperiod = \"Våren 2024\"\n+++\nTekst.\n",
        )
        .build();
    let module = site.read("kurs/renhold/01-start/index.html");
    let menu = between(&module, "<nav class=\"main-nav\"", "</nav>");
    let current: Vec<&str> = menu
        .match_indices("aria-current=\"page\"")
        .map(|(i, _)| &menu[..i])
        .collect();
    assert_eq!(current.len(), 1, "{menu}");
    assert!(
        current[0].ends_with("<a href=\"../../../kurs/\" "),
        "{menu}"
    );
    let trail = between(&module, "<nav class=\"breadcrumbs", "</nav>");
    let crumbs: Vec<String> = trail
        .split("</a>")
        .filter_map(|piece| piece.rsplit_once('>').map(|(_, title)| title.to_owned()))
        .filter(|t| !t.trim().is_empty())
        .collect();
    assert_eq!(
        crumbs,
        ["Forside", "Kurs", "Renhold", "Oppstart"],
        "{trail}"
    );

    let english = site.read("en/kurs/renhold/01-start/index.html");
    let trail = between(&english, "<nav class=\"breadcrumbs", "</nav>");
    assert!(
        trail.contains("<li><a href=\"../../../../en/\">Home</a>"),
        "{trail}"
    );
    assert!(
        trail.contains("<li lang=\"nb\"><a href=\"../../../../kurs/renhold/\">Renhold</a>"),
        "{trail}"
    );

    let cases = site.read("erfaringer/index.html");
    assert!(
        cases.contains("Erfaring · <bdi>Lagerkjeden, Våren 2024</bdi>"),
        "{cases}"
    );
    assert!(site
        .read("en/index.html")
        .contains("<bdi lang=\"nb\">Renhold</bdi>"));
    assert!(site.read("index.html").contains("<bdi>Renhold</bdi>"));
}

/// The text of `html` from `start` to the first `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = html[from..].find(end).map_or(html.len(), |i| from + i);
    &html[from..to]
}
