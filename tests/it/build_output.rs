//! What a successful build writes: pages, lists, files, and the extras.

use crate::support::{course, labelled_section, Site, COURSE_SECTION};

#[test]
fn pages_get_pretty_urls_and_relative_links() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", "templates = [\"@/maler/timeplan/index.md\"]\n"))
        .file("content/maler/_index.md", "+++\ntitle = \"Maler\"\nchild_kind = \"template\"\n+++\n")
        .file("content/maler/timeplan/index.md", "+++\ntitle = \"Timeplan\"\nsummary = \"En mal.\"\n+++\nSe [kurset](@/kurs/renhold/index.md).\n")
        .build();
    let course_html = site.read("kurs/renhold/index.html");
    assert!(
        course_html.contains("href=\"../../maler/timeplan/\""),
        "{course_html}"
    );
    let template_html = site.read("maler/timeplan/index.html");
    assert!(
        template_html.contains("<a href=\"../../kurs/renhold/\">kurset</a>"),
        "{template_html}"
    );
    // The template lists the course that uses it.
    assert!(
        template_html.contains("<li><a href=\"../../kurs/renhold/\">Renhold</a></li>"),
        "{template_html}"
    );
}

#[test]
fn a_course_lists_its_modules_in_order_and_modules_link_onwards() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file(
            "content/kurs/renhold/b.md",
            "+++\ntitle = \"Andre modul\"\nweight = 2\n+++\nTekst.\n",
        )
        .file(
            "content/kurs/renhold/a.md",
            "+++\ntitle = \"Første modul\"\nweight = 1\nduration = \"2 dager\"\n+++\nTekst.\n",
        )
        .build();
    let course_html = site.read("kurs/renhold/index.html");
    let first = course_html.find("Første modul").unwrap();
    let second = course_html.find("Andre modul").unwrap();
    assert!(first < second, "modules are ordered by weight");
    let module = site.read("kurs/renhold/a/index.html");
    assert!(module.contains("Modul 1 av 2"), "{module}");
    assert!(
        module.contains("href=\"../../../kurs/renhold/b/\" rel=\"next\""),
        "{module}"
    );
    assert!(
        !module.contains("rel=\"prev\""),
        "the first module has no previous"
    );
    assert!(module.contains("<dd>2 dager</dd>"), "{module}");
}

#[test]
fn files_beside_a_page_are_copied_and_listed_with_type_and_size() {
    let site = Site::new();
    site.file("content/maler/_index.md", "+++\ntitle = \"Maler\"\nchild_kind = \"template\"\n+++\n")
        .file(
            "content/maler/timeplan/index.md",
            "+++\ntitle = \"Timeplan\"\nsummary = \"En mal.\"\n[[attachments]]\nfile = \"timeplan.odt\"\ntitle = \"Timeplan til utfylling\"\n+++\n",
        )
        .file("content/maler/timeplan/timeplan.odt", &"x".repeat(3 * 1024))
        .file("content/maler/timeplan/eksempel.pdf", "%PDF-1.4")
        .build();
    assert!(site.exists("maler/timeplan/timeplan.odt"));
    let html = site.read("maler/timeplan/index.html");
    assert!(html.contains("<a href=\"../../maler/timeplan/timeplan.odt\" download>Timeplan til utfylling</a> <span class=\"file-meta\"><bdi>(ODT, 3 KB)</bdi></span>"), "{html}");
    assert!(
        html.contains(
            ">eksempel.pdf</a> <span class=\"file-meta\"><bdi>(PDF, 8 byte)</bdi></span>"
        ),
        "{html}"
    );
}

#[test]
fn taxonomy_terms_get_list_pages() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .build();
    let term = site.read("bransje/renhold/index.html");
    assert!(
        term.contains("<a href=\"../../kurs/renhold/\">Renhold</a>"),
        "{term}"
    );
    let all = site.read("kommune/index.html");
    assert!(
        all.contains("<a href=\"../kommune/inderoy/\"><bdi>Inderøy</bdi></a>"),
        "{all}"
    );
    let course_html = site.read("kurs/renhold/index.html");
    assert!(
        course_html.contains(
            "<dt>Norsknivå</dt><dd><ul><li><a href=\"../../niva/a2/\"><bdi>A2</bdi></a></li></ul></dd>"
        ),
        "{course_html}"
    );
}

#[test]
fn dates_are_written_in_norwegian() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nupdated = 2022-10-18\n+++\nTekst.\n",
    )
    .build();
    let html = site.read("om/index.html");
    assert!(
        html.contains("Sist oppdatert <time datetime=\"2022-10-18\">18. oktober 2022</time>"),
        "{html}"
    );
}

/// A date in quotes, as editors often write one, is read as the date.
#[test]
fn a_date_in_quotes_is_a_date() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nupdated = \" 2022-10-18 \"\n+++\nTekst.\n",
    )
    .build();
    let html = site.read("om/index.html");
    assert!(html.contains("<time datetime=\"2022-10-18\">"), "{html}");
}

#[test]
fn forms_are_rendered_with_labels() {
    let site = Site::new();
    site.file(
        "content/skjema.md",
        "+++\ntitle = \"Påmelding\"\nkind = \"form\"\nsummary = \"Meld på.\"\n[[fields]]\nname = \"navn\"\nlabel = \"Navn\"\nrequired = true\n[[fields]]\nname = \"niva\"\nlabel = \"Nivå\"\ntype = \"radio\"\noptions = [\"A1\", \"A2\"]\n+++\n",
    )
    .build();
    let html = site.read("skjema/index.html");
    assert!(html.contains("<label for=\"felt-navn\">Navn<span class=\"required\" aria-hidden=\"true\"> *</span></label>"), "{html}");
    assert!(html.contains("<legend>Nivå</legend>"), "{html}");
    assert!(
        html.contains("data-local-only"),
        "no endpoint configured: {html}"
    );
}

#[test]
fn the_site_has_a_sitemap_robots_and_a_404_page() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nupdated = 2022-10-18\n+++\n",
    )
    .build();
    let sitemap = crate::support::unindented(&site.read("sitemap.xml"));
    assert!(
        sitemap.contains(
            "<url><loc>https://example.org/portal/om/</loc><lastmod>2022-10-18</lastmod></url>"
        ),
        "{sitemap}"
    );
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.org/portal/sitemap.xml"));
    let not_found = site.read("404.html");
    assert!(
        not_found.contains("href=\"/portal/om/\""),
        "404 links start at the base path: {not_found}"
    );
    assert!(
        not_found.contains("<h1>Vi fant ikke siden</h1>"),
        "{not_found}"
    );
    assert!(
        not_found.contains("<title>Vi fant ikke siden – "),
        "the tab says so too: {not_found}"
    );
}

#[test]
fn the_theme_is_accessible_by_default() {
    let site = Site::new();
    site.file("content/om.md", "+++\ntitle = \"Om\"\n+++\n")
        .build();
    let html = site.read("om/index.html");
    assert!(html.contains("<html lang=\"nb\" dir=\"ltr\">"), "{html}");
    assert!(
        html.contains("<a class=\"skip-link\" href=\"#hovedinnhold\">Hopp til hovedinnhold</a>"),
        "{html}"
    );
    assert!(html.contains("<main id=\"hovedinnhold\""), "{html}");
    assert!(html.contains("Fant du det du lette etter?"), "{html}");
    assert!(
        html.contains("mailto:redaksjon@example.org?subject="),
        "{html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("//fonts."),
        "no external requests: {html}"
    );
}

/// The theme's stylesheet and scripts are named by their content: a
/// reader's browser never uses an old style or script with a new page.
#[test]
fn theme_files_get_content_hashed_names() {
    let site = Site::new();
    site.build();
    let html = site.read("index.html");
    let first = |attribute: &str, ending: &str| {
        crate::support::attribute_values(&html, attribute)
            .into_iter()
            .find(|value| value.ends_with(ending))
            .unwrap_or_else(|| panic!("no {attribute} ending in {ending}: {html}"))
    };
    let files = [
        ("style", "css", first("href", ".css")),
        ("kursportal", "js", first("src", ".js")),
        ("search", "js", first("data-search-script", ".js")),
    ];
    for (name, extension, path) in files {
        let path = path.trim_start_matches("./");
        let hash = path
            .strip_prefix(&format!("{name}."))
            .and_then(|rest| rest.strip_suffix(&format!(".{extension}")))
            .unwrap_or_default();
        assert!(hash.len() >= 8, "{path}");
        assert!(site.exists(path), "{path}");
        assert!(!site.exists(&format!("{name}.{extension}")), "{path}");
    }
}

/// What a page's template is given of it, for a site's own templates too.
#[test]
fn a_page_template_gets_the_pages_summary_kind_language_and_contents() {
    let site = Site::new();
    site.file(
        "templates/page.html",
        "{{ page.kind }}|{{ page.summary }}|{{ page.language_name }}|{{ page.toc | length }}",
    )
    .file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nsummary = \"Kort om oss.\"\nlanguage = \"en\"\n+++\n## En\n\n## To\n\n## Tre\n",
    )
    .build();
    assert_eq!(site.read("om/index.html"), "page|Kort om oss.|engelsk|3");
}

#[test]
fn a_site_template_overrides_the_theme() {
    let site = Site::new();
    site.file("templates/page.html", "EGEN MAL {{ page.title }}")
        .file("content/om.md", "+++\ntitle = \"Om\"\n+++\n")
        .build();
    assert_eq!(site.read("om/index.html"), "EGEN MAL Om");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::new();
    site.file(
        "content/utkast.md",
        "+++\ntitle = \"Utkast\"\ndraft = true\n+++\n",
    )
    .build();
    assert!(!site.exists("utkast/index.html"));
    let mut options = site.options();
    options.drafts = true;
    kursportal::build(&options, &|_, _| {}).unwrap();
    assert!(site.exists("utkast/index.html"));
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\n```rust\nfn main() {}\n```\n",
    )
    .build();
    let html = site.read("om/index.html");
    assert!(
        html.contains("<pre class=\"code\"><code class=\"language-rust\"><span class=\"hl-"),
        "{html}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\nFørste versjon.\n",
    )
    .build();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\n[brutt](@/finnes-ikke.md)\n",
    );
    site.errors();
    assert!(site.read("om/index.html").contains("Første versjon."));
}

#[test]
fn the_same_input_gives_the_same_output() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/a/index.md", &course("A", ""))
        .file("content/kurs/b/index.md", &course("B", ""))
        .build();
    let first = (
        site.read("index.html"),
        site.read("bransje/renhold/index.html"),
        site.read("sitemap.xml"),
    );
    site.build();
    let second = (
        site.read("index.html"),
        site.read("bransje/renhold/index.html"),
        site.read("sitemap.xml"),
    );
    assert_eq!(first, second);
}

#[test]
fn task_list_boxes_are_named_in_the_sites_language() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\n- [x] Vasket\n- [ ] Tørket\n",
    )
    .build();
    let html = site.read("om/index.html");
    assert!(
        html.contains(
            "<span class=\"task-box\" role=\"img\" aria-label=\"Krysset av\">☑</span> Vasket"
        ),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"Ikke krysset av\">☐</span> Tørket"),
        "{html}"
    );
}

#[test]
fn file_names_with_spaces_get_working_links() {
    let site = Site::new();
    site.file("content/maler/_index.md", "+++\ntitle = \"Maler\"\nchild_kind = \"template\"\n+++\n")
        .file("content/maler/plan/index.md", "+++\ntitle = \"Plan\"\nsummary = \"En mal.\"\n+++\nSe [planen](Presentasjon%20Sauda.pdf).\n")
        .file("content/maler/plan/Presentasjon Sauda.pdf", "%PDF-1.4")
        .build();
    let html = site.read("maler/plan/index.html");
    assert!(
        html.contains("<a href=\"../../maler/plan/Presentasjon%20Sauda.pdf\">planen</a>"),
        "{html}"
    );
    assert!(html.contains("href=\"../../maler/plan/Presentasjon%20Sauda.pdf\" download>Presentasjon Sauda.pdf</a>"), "{html}");
    assert_eq!(
        crate::support::broken_links(&site.out()),
        Vec::<String>::new()
    );
}

#[test]
fn a_build_never_replaces_a_folder_it_did_not_write() {
    let site = Site::new();
    site.file("public/brev.odt", "viktig");
    let errors = site.errors();
    assert!(
        errors.contains("the output folder already holds files that kursportal did not write"),
        "{errors}"
    );
    assert_eq!(
        std::fs::read_to_string(site.out().join("brev.odt")).unwrap(),
        "viktig"
    );
}

#[test]
fn each_language_has_an_atom_feed_of_what_changed() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nsummary = \"Kort.\"\nupdated = 2022-10-18\n+++\n",
    )
    .file(
        "content/ny.md",
        "+++\ntitle = \"Nyhet\"\nupdated = 2023-01-05\n+++\n",
    )
    .file("content/udatert.md", "+++\ntitle = \"Uten dato\"\n+++\n")
    .build();
    let feed = crate::support::unindented(&site.read("atom.xml"));
    assert!(
        feed.contains("<updated>2023-01-05T00:00:00Z</updated><entry><title>Nyhet</title>"),
        "newest first: {feed}"
    );
    assert!(
        feed.contains("<id>https://example.org/portal/om/</id>"),
        "{feed}"
    );
    assert!(feed.contains("<summary>Kort.</summary>"), "{feed}");
    assert!(
        !feed.contains("Uten dato"),
        "pages without a date are not news: {feed}"
    );
    let html = site.read("om/index.html");
    assert!(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Testportal\" href=\"../atom.xml\">"), "{html}");
}

/// A control character in a title (written `\u0007` in the front matter)
/// made the feed invalid XML, which feed readers refuse whole.
#[test]
fn a_control_character_in_a_title_never_makes_the_feed_invalid() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Ren\\u0007hold\"\nsummary = \"Kort\\u000b.\"\nupdated = 2022-10-18\n+++\n",
    )
    .build();
    // (The sitemap holds no titles or summaries.)
    let feed = site.read("atom.xml");
    let forbidden = feed
        .chars()
        .find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFF}');
    assert_eq!(forbidden, None, "{feed}");
    assert!(feed.contains("<title>Ren\u{FFFD}hold</title>"), "{feed}");
    assert!(feed.contains("<summary>Kort\u{FFFD}.</summary>"), "{feed}");
}

/// A folder of addresses that is no page itself (no `_index.md` in
/// `content/a/b/` and `content/a/b/c/`) gets a page that sends a reader on
/// to the page above it, the one the breadcrumbs show, never a directory
/// listing; and none is written where the search pages are.
#[test]
fn folders_without_a_page_send_the_reader_to_the_page_above() {
    let site = Site::new();
    site.file("content/a/_index.md", "+++\ntitle = \"A\"\n+++\n")
        .file("content/a/b/c/d.md", "+++\ntitle = \"D\"\n+++\n")
        .file(
            "content/sok/hjelp.md",
            "+++\ntitle = \"Hjelp til søk\"\n+++\n",
        )
        .build();
    assert!(site.read("a/b/c/index.html").contains("url=../../../a/\""));
    assert!(
        site.read("a/b/index.html").contains("url=../../a/\""),
        "sent to /a/, not home"
    );
    let search = site.read("sok/index.html");
    assert!(!search.contains("http-equiv=\"refresh\""), "{search}");
    assert!(site.exists("sok/hjelp/index.html"));
}

/// A folder with no section above it at all (no `_index.md` anywhere)
/// sends a reader to the home page.
#[test]
fn a_folder_with_no_section_above_sends_the_reader_home() {
    let site = Site::new();
    site.file("content/x/y.md", "+++\ntitle = \"Y\"\n+++\n")
        .build();
    let folder = site.read("x/index.html");
    assert!(folder.contains("url=../\""), "to the home page: {folder}");
}

/// The longest name a file system holds, 255 bytes, is still a name; one
/// more is refused (`bad_input.rs`).
#[test]
fn a_slug_of_exactly_255_bytes_is_written() {
    let slug = "a".repeat(255);
    let site = Site::new();
    site.file(
        "content/om.md",
        &format!("+++\ntitle = \"Om\"\nslug = \"{slug}\"\n+++\n"),
    )
    .build();
    assert!(site.exists(&format!("{slug}/index.html")));
}

/// Two builds of the same content, in two runs of the program, write the
/// same files with the same bytes: names made from hashes (the search
/// files' meta file among them) must not take in what a run draws at
/// random (the placeholders' marks, here in a table's and a task list's
/// labels and a link).
#[test]
fn two_runs_build_the_same_bytes() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file(
            "content/om.md",
            "+++\ntitle = \"Om\"\n+++\n| Ord | Forklaring |\n|---|---|\n| a | b |\n\n- [x] Gjort\n\nSe [kurset](@/kurs.md).\n",
        )
        .file("content/kurs.md", "+++\ntitle = \"Kurs\"\n+++\nTekst.\n");
    let run = || {
        let output = site.run(&["build"]);
        assert!(output.status.success(), "{output:?}");
        crate::support::files_under(&site.out())
            .into_iter()
            .map(|path| (path.clone(), std::fs::read(&path).unwrap()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (first, second) = (run(), run());
    let names = |files: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        files.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(names(&first), names(&second));
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{} differs", path.display());
    }
    assert!(
        first.keys().any(|p| p.to_string_lossy().contains("/meta.")),
        "the search files are built"
    );
}

/// A section's own sections are listed on it as cards, and the home
/// page's under "Mer i denne delen".
#[test]
fn sections_list_their_own_sections() {
    let site = Site::new();
    site.file(
        "content/ressurser/_index.md",
        "+++\ntitle = \"Ressurser\"\n+++\n",
    )
    .file(
        "content/ressurser/maler/_index.md",
        "+++\ntitle = \"Maler\"\nsummary = \"Maler å fylle ut.\"\n+++\n",
    )
    .build();
    let home = site.read("index.html");
    let more = labelled_section(&home, "h-mer").expect("the home page's sections");
    assert!(more.contains("href=\"ressurser/\""), "{more}");
    let section = site.read("ressurser/index.html");
    let after_heading = section
        .split_once("Mer i denne delen</h2>")
        .expect("the section's own sections")
        .1;
    assert!(
        after_heading.contains("href=\"../ressurser/maler/\""),
        "{section}"
    );
    assert!(after_heading.contains("Maler å fylle ut."), "{section}");
}

/// `[forms.endpoints]` sends one form (in every language) to its own
/// address; the others stay on the reader's machine.
#[test]
fn a_form_named_in_site_toml_is_sent_to_its_own_address() {
    let site = Site::new();
    let form = |title: &str| {
        format!("+++\ntitle = \"{title}\"\nsummary = \"S.\"\n[[fields]]\nname = \"navn\"\nlabel = \"Navn\"\n+++\n")
    };
    site.with_english_and_arabic();
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.file(
        "site.toml",
        &format!(
            "{toml}\n[forms.endpoints]\npamelding = \"https://skjema.example.org/pamelding\"\n"
        ),
    )
    .file(
        "content/skjema/_index.md",
        "+++\ntitle = \"Skjema\"\nchild_kind = \"form\"\n+++\n",
    )
    .file("content/skjema/pamelding.md", &form("Påmelding"))
    .file(
        "content/skjema/pamelding.en.md",
        "+++\ntitle = \"Sign-up\"\nslug = \"sign-up\"\n+++\n",
    )
    .file("content/skjema/evaluering.md", &form("Evaluering"))
    .build();
    let sent = "method=\"post\" action=\"https://skjema.example.org/pamelding\"";
    assert!(site.read("skjema/pamelding/index.html").contains(sent));
    assert!(
        site.read("en/skjema/sign-up/index.html").contains(sent),
        "the translation goes to the same place"
    );
    let other = site.read("skjema/evaluering/index.html");
    assert!(
        other.contains("data-local-only") && !other.contains("method=\"post\""),
        "{other}"
    );
}

#[test]
fn an_endpoint_for_a_form_the_site_lacks_is_an_error_at_its_line() {
    let site = Site::new();
    site.file("site.toml", &format!("{}\n[forms.endpoints]\npaamelding = \"https://skjema.example.org/p\"\n", crate::support::SITE_TOML))
        .file("content/skjema/_index.md", "+++\ntitle = \"Skjema\"\nchild_kind = \"form\"\n+++\n")
        .file("content/skjema/pamelding.md", "+++\ntitle = \"Påmelding\"\nsummary = \"S.\"\n[[fields]]\nname = \"navn\"\nlabel = \"Navn\"\n+++\n");
    let errors = site.errors();
    assert!(
        errors.contains(
            "error: [forms.endpoints] names `paamelding`, but the site has no form by that name"
        ),
        "{errors}"
    );
    assert!(errors.contains("--> site.toml:38:1"), "{errors}");
    assert!(errors.contains("the forms are: pamelding"), "{errors}");
    site.file(
        "site.toml",
        &format!(
            "{}\n[forms.endpoints]\npamelding = \"javascript:alert(1)\"\n",
            crate::support::SITE_TOML
        ),
    );
    let errors = site.errors();
    assert!(
        errors.contains("the forms' endpoint `javascript:alert(1)` is not a web address"),
        "{errors}"
    );
    assert!(errors.contains("--> site.toml:38:1"), "{errors}");
}
