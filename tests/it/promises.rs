//! What README.md and docs/writing-content.md promise editors, each held
//! to: before these tests, a one-line bug in any of these passed every
//! test (a draft's translation published, `sort_by = "updated"` reversed,
//! `themes/` accepted as the output folder, colours despite `NO_COLOR`…).

use crate::support::{Site, COURSE_SECTION};

/// The titles of the cards listed on a page, in order.
fn listed_titles(html: &str) -> Vec<String> {
    html.match_indices("<li class=\"card\">")
        .map(|(i, _)| {
            let card = &html[i..];
            let link = &card[card.find("<a ").unwrap()..];
            let text = &link[link.find('>').unwrap() + 1..];
            text[..text.find('<').unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn a_drafts_translation_is_a_draft_too() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/om.md", "+++\ntitle = \"Om\"\ndraft = true\n+++\n")
        .file("content/om.en.md", "+++\ntitle = \"About\"\n+++\n")
        .build();
    assert!(!site.exists("om/index.html"));
    assert!(
        !site.exists("en/om/index.html"),
        "the translation of a draft was published"
    );
    let out = site.run(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.exists("om/index.html") && site.exists("en/om/index.html"));
}

#[test]
fn a_section_sorted_by_updated_lists_the_newest_first_and_undated_last() {
    let site = Site::new();
    site.file(
        "content/nytt/_index.md",
        "+++\ntitle = \"Nytt\"\nsort_by = \"updated\"\n+++\n",
    )
    .file(
        "content/nytt/eldst.md",
        "+++\ntitle = \"Eldst\"\nupdated = 2021-03-01\n+++\n",
    )
    .file(
        "content/nytt/nyest.md",
        "+++\ntitle = \"Nyest\"\nupdated = 2023-05-01\n+++\n",
    )
    .file("content/nytt/udatert.md", "+++\ntitle = \"Udatert\"\n+++\n")
    .file(
        "content/nytt/midt.md",
        "+++\ntitle = \"Midt\"\nupdated = 2022-01-01\n+++\n",
    )
    .build();
    let titles = listed_titles(&site.read("nytt/index.html"));
    assert_eq!(titles, ["Nyest", "Midt", "Eldst", "Udatert"]);
}

#[test]
fn pages_of_equal_weight_are_listed_by_title_and_sort_by_title_ignores_weight() {
    let site = Site::new();
    site.file("content/a/_index.md", "+++\ntitle = \"A\"\n+++\n")
        .file(
            "content/a/x.md",
            "+++\ntitle = \"Øving\"\nweight = 1\n+++\n",
        )
        .file(
            "content/a/y.md",
            "+++\ntitle = \"Arbeid\"\nweight = 1\n+++\n",
        )
        .file(
            "content/a/z.md",
            "+++\ntitle = \"Zebra\"\nweight = 0\n+++\n",
        )
        .file(
            "content/b/_index.md",
            "+++\ntitle = \"B\"\nsort_by = \"title\"\n+++\n",
        )
        .file(
            "content/b/x.md",
            "+++\ntitle = \"Øving\"\nweight = -5\n+++\n",
        )
        .file(
            "content/b/y.md",
            "+++\ntitle = \"Arbeid\"\nweight = 9\n+++\n",
        )
        .file("content/b/z.md", "+++\ntitle = \"Zebra\"\n+++\n")
        .build();
    // Weight first, then title, the Norwegian way (Ø after Z).
    assert_eq!(
        listed_titles(&site.read("a/index.html")),
        ["Zebra", "Arbeid", "Øving"]
    );
    assert_eq!(
        listed_titles(&site.read("b/index.html")),
        ["Arbeid", "Zebra", "Øving"]
    );
}

#[test]
fn themes_static_and_templates_are_refused_as_the_output_folder() {
    let site = Site::new();
    std::fs::create_dir_all(site.root().join("themes/tom")).unwrap();
    site.file("themes/egen/templates/page.html", "x")
        .file("static/logo.svg", "<svg/>")
        .file("templates/page.html", "{% extends \"base.html\" %}");
    for folder in [
        "themes",
        "static",
        "templates",
        "content",
        "themes/egen",
        "themes/tom",
    ] {
        let out = site.run(&["build", "--output-dir", folder]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{folder}: {stderr}");
        assert!(
            stderr.contains(&format!("--> {folder}")),
            "{folder}: {stderr}"
        );
        assert!(
            stderr.contains("the output folder would overwrite the site's own files"),
            "{folder}: {stderr}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join("static/logo.svg")).unwrap(),
        "<svg/>"
    );
    assert!(!site.root().join("themes/.kursportal-output").exists());
}

#[test]
fn a_form_with_two_fields_of_one_name_is_refused() {
    let site = Site::new();
    site.file("content/skjema/_index.md", "+++\ntitle = \"Skjema\"\nchild_kind = \"form\"\n+++\n")
        .file(
            "content/skjema/fravaer.md",
            "+++\ntitle = \"Fravær\"\nsummary = \"Meld fravær.\"\n\n[[fields]]\nname = \"dato\"\nlabel = \"Dato\"\ntype = \"date\"\n\n[[fields]]\nname = \"dato\"\nlabel = \"Dato igjen\"\n+++\n",
        );
    let errors = site.errors();
    assert!(errors.contains("content/skjema/fravaer.md:"), "{errors}");
    assert!(errors.contains("dato"), "{errors}");
}

/// Colours on a terminal, never with `NO_COLOR` (no-color.org), never in
/// a pipe. `script` gives the build a terminal.
#[cfg(unix)]
#[test]
fn colours_only_on_a_terminal_and_never_with_no_color() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nsumary = \"x\"\n+++\n",
    );
    let binary = env!("CARGO_BIN_EXE_kursportal");
    let on_terminal = |no_color: bool| {
        let mut command = std::process::Command::new("script");
        command
            .args(["-qec", &format!("{binary} check"), "/dev/null"])
            .current_dir(site.root())
            .env_remove("NO_COLOR");
        if no_color {
            command.env("NO_COLOR", "1");
        }
        let out = command.output().expect("script(1) runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = on_terminal(false);
    assert!(coloured.contains("unknown field"), "{coloured}");
    assert!(
        coloured.contains("\x1b[1;31merror"),
        "a terminal gets colours: {coloured:?}"
    );
    let plain = on_terminal(true);
    assert!(plain.contains("unknown field"), "{plain}");
    assert!(!plain.contains('\x1b'), "NO_COLOR: {plain:?}");
    let piped = site.run(&["check"]);
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\x1b'));
}

#[test]
fn each_language_has_its_date_format_direction_and_notice() {
    let site = Site::new();
    let toml = crate::support::multilingual_toml().replace(
        "[languages.en]\ntitle = \"Course portal\"",
        "[notice]\ntext = \"Kursene er oppdatert.\"\nlink = \"@/om.md\"\nlink_text = \"Les mer\"\n\n[languages.en]\ntitle = \"Course portal\"\ndate_format = \"%Y-%m-%d\"\n[languages.en.notice]\ntext = \"New courses.\"\nlink = \"@/om.md\"\nlink_text = \"Read more\"",
    );
    site.with_english_and_arabic()
        .file("site.toml", &toml)
        .file(
            "content/om.md",
            "+++\ntitle = \"Om\"\nupdated = 2022-10-18\n+++\n",
        )
        .file(
            "content/om.en.md",
            "+++\ntitle = \"About\"\nupdated = 2022-10-18\n+++\n",
        )
        .file(
            "content/om.ar.md",
            "+++\ntitle = \"حول\"\nupdated = 2022-10-18\n+++\n",
        )
        .file("content/hjelp.md", "+++\ntitle = \"Hjelp\"\n+++\n")
        .build();
    let nb = site.read("om/index.html");
    let en = site.read("en/om/index.html");
    let ar = site.read("ar/om/index.html");
    assert!(
        nb.contains("<time datetime=\"2022-10-18\">18. oktober 2022</time>"),
        "{nb}"
    );
    assert!(
        en.contains("<time datetime=\"2022-10-18\">2022-10-18</time>"),
        "{en}"
    );
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    assert!(nb.contains("<html lang=\"nb\" dir=\"ltr\">"), "{nb}");
    // Each language's own notice, its link to the page in that language.
    assert!(
        nb.contains("Kursene er oppdatert.") && !nb.contains("New courses."),
        "{nb}"
    );
    assert!(
        en.contains("New courses.") && !en.contains("Kursene er oppdatert."),
        "{en}"
    );
    assert!(en.contains("href=\"./\">Read more</a>"), "{en}");
    // From any other page too, to that page (not the help page beside it).
    let en_home = site.read("en/index.html");
    assert!(
        en_home.contains("href=\"../en/om/\">Read more</a>"),
        "{en_home}"
    );
    let nb_help = site.read("hjelp/index.html");
    assert!(nb_help.contains("href=\"../om/\">Les mer</a>"), "{nb_help}");
    // Arabic has no notice of its own, and the site's is in Bokmål: none.
    assert!(!ar.contains("Kursene er oppdatert."), "{ar}");
}

#[test]
fn a_page_can_ask_for_its_own_template() {
    let site = Site::new();
    site.file(
        "templates/kampanje.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><p class=\"kampanje\">Egen mal</p>{% endblock content %}",
    )
    .file("content/om.md", "+++\ntitle = \"Om\"\ntemplate = \"kampanje.html\"\n+++\n")
    .file("content/annen.md", "+++\ntitle = \"Annen\"\n+++\n")
    .build();
    assert!(site
        .read("om/index.html")
        .contains("<p class=\"kampanje\">Egen mal</p>"));
    assert!(!site.read("annen/index.html").contains("kampanje"));
}

#[test]
fn templates_forms_and_cases_need_their_required_fields() {
    let site = Site::new();
    site.file(
        "content/maler/_index.md",
        "+++\ntitle = \"Maler\"\nchild_kind = \"template\"\n+++\n",
    )
    .file("content/maler/plan.md", "+++\ntitle = \"Plan\"\n+++\n")
    .file(
        "content/skjema/_index.md",
        "+++\ntitle = \"Skjema\"\nchild_kind = \"form\"\n+++\n",
    )
    .file("content/skjema/meld.md", "+++\ntitle = \"Meld\"\n+++\n")
    .file(
        "content/erfaringer/_index.md",
        "+++\ntitle = \"Erfaringer\"\nchild_kind = \"case\"\n+++\n",
    )
    .file("content/erfaringer/a.md", "+++\ntitle = \"A\"\n+++\n");
    let errors = site.errors();
    for (file, needs) in [
        ("content/maler/plan.md", "a template needs"),
        ("content/skjema/meld.md", "a form needs"),
        ("content/erfaringer/a.md", "a case needs"),
    ] {
        let at = errors
            .find(&format!("--> {file}"))
            .unwrap_or_else(|| panic!("{file}: {errors}"));
        let before = &errors[..at];
        let message = &before[before.rfind("error: ").unwrap()..];
        assert!(message.contains(needs), "{file}: {message}");
    }
}

#[test]
fn a_translated_attachment_title_is_shown_in_its_language() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/a/index.md",
            &crate::support::course("Kurs", "[[attachments]]\nfile = \"plan.pdf\"\ntitle = \"Timeplan\"\n"),
        )
        .file(
            "content/kurs/a/index.en.md",
            "+++\ntitle = \"Course\"\nsummary = \"A course.\"\nduration = \"8 weeks\"\n[[attachments]]\nfile = \"plan.pdf\"\ntitle = \"Timetable\"\n+++\n",
        )
        .file("content/kurs/a/plan.pdf", "%PDF-1.4 plan")
        .build();
    let nb = site.read("kurs/a/index.html");
    let en = site.read("en/kurs/a/index.html");
    assert!(nb.contains("Timeplan") && !nb.contains("Timetable"), "{nb}");
    assert!(en.contains("Timetable"), "{en}");
}

#[test]
fn a_translation_as_new_as_its_original_is_not_reported_older() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file(
            "content/om.md",
            "+++\ntitle = \"Om\"\nupdated = 2022-10-18\n+++\n",
        )
        .file(
            "content/om.en.md",
            "+++\ntitle = \"About\"\nupdated = 2022-10-18\n+++\n",
        )
        .file(
            "content/hjelp.md",
            "+++\ntitle = \"Hjelp\"\nupdated = 2022-10-18\n+++\n",
        )
        .file(
            "content/hjelp.en.md",
            "+++\ntitle = \"Help\"\nupdated = 2022-10-17\n+++\n",
        );
    let summary = kursportal::check(&site.options()).unwrap();
    let english = summary
        .translations
        .iter()
        .find(|r| r.code == "en")
        .unwrap();
    let older: Vec<&str> = english
        .outdated
        .iter()
        .map(|o| o.translation.as_str())
        .collect();
    assert_eq!(older, ["content/hjelp.en.md"]);
}

/// Search engines take `hreflang` addresses only whole (absolute): the
/// lists (sections, taxonomies, home pages) as much as the pages.
#[test]
fn every_pages_hreflang_alternates_are_absolute() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file(
            "content/guide/_index.md",
            "+++\ntitle = \"Veiledning\"\n+++\n",
        )
        .file(
            "content/guide/_index.en.md",
            "+++\ntitle = \"Guidance\"\n+++\n",
        )
        .file(
            "content/guide/plan.md",
            "+++\ntitle = \"Plan\"\nsectors = [\"Renhold\"]\n+++\n",
        )
        .build();
    let mut checked = 0;
    for (path, html) in crate::support::html_pages(&site.out()) {
        for (i, _) in html.match_indices("<link rel=\"alternate\" hreflang=") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(
                tag.contains("href=\"https://example.org/portal/"),
                "{}: {tag}",
                path.display()
            );
            checked += 1;
        }
    }
    // The home pages, the section, and the sector lists have versions.
    assert!(checked >= 9, "{checked} alternates");
    let sector_list = site.read("bransje/index.html");
    assert!(
        sector_list.contains("hreflang=\"en\" href=\"https://example.org/portal/en/sector/\""),
        "{sector_list}"
    );
}
