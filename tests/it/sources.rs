//! Content that states its sources: `[[sources]]` under "Kilder", and a
//! plan marked as the portal's suggestion (`plan = "suggestion"`) on the
//! course, its modules, its cards and in every language.

use insta::assert_snapshot;

use crate::support::{course, labelled_section, Site, COURSE_SECTION};

const SOURCES: &str = r#"
[[sources]]
title = "Fagverksted 2022 – Rustet for fremtiden"
publisher = "IMDi"
year = 2022
url = "https://example.org/fagverksted"

[[sources]]
title = "Arbeidsrettede kurs"
"#;

fn site_with_suggested_course() -> Site {
    let site = Site::new();
    with_course_section(&site)
    .file(
        "content/kurs/renhold/index.md",
        &course(
            "Renhold",
            &format!(
                "goals = [\"Et mål\"]\nplan = \"suggestion\"\nplan_note = \"Kommunene har ikke fastsatt lengde og nivå.\"\n{SOURCES}"
            ),
        ),
    )
    .file(
        "content/kurs/renhold/01-start.md",
        "+++\ntitle = \"Start\"\nduration = \"1 uke\"\n+++\nTekst.\n",
    );
    site
}

#[test]
fn sources_are_listed_under_kilder_with_publisher_year_and_link() {
    let site = site_with_suggested_course();
    site.build();
    let html = site.read("kurs/renhold/index.html");
    let sources = section(&html, "kilder");
    assert!(
        sources.contains("<h2 id=\"kilder\">Kilder</h2>"),
        "{sources}"
    );
    assert!(
        sources.contains(
            "<a href=\"https://example.org/fagverksted\"><cite>Fagverksted 2022 – Rustet for fremtiden</cite></a>. IMDi, 2022"
        ),
        "{sources}"
    );
    assert!(
        sources.contains("<cite>Arbeidsrettede kurs</cite></bdi>"),
        "a source without publisher, year or link is its title alone: {sources}"
    );
}

#[test]
fn a_page_without_sources_has_no_kilder_section() {
    let site = Site::new();
    site.file("content/om.md", "+++\ntitle = \"Om\"\n+++\nTekst.\n")
        .build();
    assert!(!site.read("om/index.html").contains("id=\"kilder\""));
}

#[test]
fn a_suggested_plan_is_said_on_the_course_its_modules_and_cards() {
    let site = site_with_suggested_course();
    site.build();
    let course = site.read("kurs/renhold/index.html");
    let plan = section(&course, "forslag");
    assert!(plan.contains("Forslag til gjennomføring"), "{plan}");
    assert!(
        plan.contains("Kommunene har ikke fastsatt lengde og nivå."),
        "{plan}"
    );
    assert!(
        course.contains("<dt>Varighet <span class=\"suggested\">(forslag)</span></dt>"),
        "the duration is marked: {course}"
    );
    assert!(
        course.contains("<dt>Norsknivå <span class=\"suggested\">(forslag)</span></dt>"),
        "the level is marked: {course}"
    );
    assert!(
        course.contains("<h2 id=\"mal-for-kurset\">Mål for kurset <span class=\"suggested\">(forslag)</span></h2>"),
        "the goals are marked: {course}"
    );
    assert!(
        !course.contains("<dt>Bransje <span class=\"suggested\">"),
        "a sector is not part of the plan"
    );

    let module = site.read("kurs/renhold/01-start/index.html");
    assert!(section(&module, "forslag").contains("Kommunene har ikke fastsatt"));
    assert!(module.contains("<dt>Varighet <span class=\"suggested\">(forslag)</span></dt>"));
    assert!(
        course.contains("(<bdi>1 uke (forslag)</bdi>)"),
        "the module list on the course marks module lengths: {course}"
    );

    let list = site.read("kurs/index.html");
    assert!(list.contains("8 uker (forslag)"), "{list}");
}

#[test]
fn a_course_whose_plan_comes_from_its_sources_shows_no_suggestion() {
    let site = Site::new();
    with_course_section(&site)
        .file(
            "content/kurs/renhold/index.md",
            &course("Renhold", "plan = \"sources\"\n"),
        )
        .build();
    let html = site.read("kurs/renhold/index.html");
    assert!(!html.contains("id=\"forslag\""));
    assert!(!html.contains("(forslag)"));
    assert!(html.contains("<dt>Varighet</dt>"));
}

#[test]
fn a_case_marks_its_advice_as_a_suggestion() {
    let site = Site::new();
    site.file(
        "content/erfaringer/_index.md",
        "+++\ntitle = \"Erfaringer\"\nchild_kind = \"case\"\n+++\n",
    )
    .file(
        "content/erfaringer/sauda/index.md",
        "+++\ntitle = \"Sauda\"\nsummary = \"S.\"\nmunicipalities = [\"Sauda\"]\npartner = \"Coop\"\npartner_types = [\"Arbeidsgiver\"]\nperiod = \"Ikke oppgitt\"\nplan = \"suggestion\"\n+++\n## Råd til andre kommuner\n",
    )
    .build();
    let plan = section(&site.read("erfaringer/sauda/index.html"), "forslag");
    assert!(
        plan.contains("Rådene til andre kommuner på denne siden er Kursportalens egne forslag"),
        "{plan}"
    );
}

#[test]
fn translations_inherit_plan_and_sources_and_write_their_own_note() {
    let site = site_with_suggested_course();
    site.with_english_and_arabic()
        .file(
            "content/kurs/renhold/index.en.md",
            "+++\ntitle = \"Cleaning\"\nplan_note = \"The municipalities set no length or level.\"\n+++\nText.\n",
        )
        .build();
    let english = site.read("en/kurs/renhold/index.html");
    let plan = section(&english, "forslag");
    assert!(plan.contains("Suggested plan"), "{plan}");
    assert!(
        plan.contains("The municipalities set no length or level."),
        "{plan}"
    );
    let sources = section(&english, "kilder");
    assert!(
        sources.contains("<h2 id=\"kilder\">Sources</h2>"),
        "{sources}"
    );
    assert!(
        sources.contains("<bdi lang=\"nb\"><a href=\"https://example.org/fagverksted\">"),
        "inherited entries are read in the original's language: {sources}"
    );
    // The module is not translated: its English page (the original, shown
    // in the English list) still carries the course's suggestion.
    assert!(english.contains("1 uke (suggested)"), "{english}");
}

#[test]
fn a_source_without_a_title_is_an_error() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n\n[[sources]]\npublisher = \"IMDi\"\nyear = 2022\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn an_empty_source_title_a_bad_address_and_a_bad_year_are_errors() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n\n[[sources]]\ntitle = \" \"\nurl = \"www.imdi.no\"\nyear = 22\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn a_plan_note_without_a_suggested_plan_is_an_error() {
    let site = Site::new();
    with_course_section(&site).file(
        "content/kurs/renhold/index.md",
        &course("Renhold", "plan_note = \"Ingen lengde oppgitt.\"\n"),
    );
    assert_snapshot!(site.errors());
}

#[test]
fn plan_is_set_once_for_every_language() {
    let site = site_with_suggested_course();
    site.with_english_and_arabic().file(
        "content/kurs/renhold/index.en.md",
        "+++\ntitle = \"Cleaning\"\nplan = \"suggestion\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

/// Adds `content/kurs/_index.md`, the section whose pages are courses.
fn with_course_section(site: &Site) -> &Site {
    site.file("content/kurs/_index.md", COURSE_SECTION)
}

#[test]
fn a_translations_plan_note_needs_a_suggested_plan_in_the_original() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file(
            "content/kurs/renhold/index.en.md",
            "+++\ntitle = \"Cleaning\"\nplan_note = \"No length given.\"\n+++\n",
        );
    assert_snapshot!(site.errors());
}

/// The section labelled `id`, which the page must have.
fn section(html: &str, id: &str) -> String {
    labelled_section(html, id)
        .unwrap_or_else(|| panic!("no section labelled {id} in:\n{html}"))
        .to_owned()
}

/// A problem in a source written on one line is underlined where it is,
/// not to the end of the line.
#[test]
fn a_problem_in_an_inline_source_is_underlined_where_it_is() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nsources = [{ title = \" \", publisher = \"IMDi\" }]\n+++\n",
    );
    let errors = site.errors();
    let underline = "  |                      ^^^\n";
    assert!(errors.contains(underline), "{errors}");
}

/// A scheme alone is no address.
#[test]
fn a_source_address_of_a_scheme_alone_is_an_error() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n\n[[sources]]\ntitle = \"Veileder\"\nurl = \"https://\"\n+++\n",
    );
    let errors = site.errors();
    assert!(
        errors.contains("a source's `url` must be a web address"),
        "{errors}"
    );
}
