//! Errors editors meet, exactly as they are printed (snapshots in
//! `snapshots/`). Each names the file, line and column and says what to do.

use insta::assert_snapshot;

use crate::support::{course, Site, COURSE_SECTION};

#[test]
fn toml_syntax_error_points_at_the_line_in_the_file() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nsummary = \"Mangler slutt\n+++\nTekst.\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn unknown_field_gets_a_did_you_mean() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nsumary = \"Kort\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn a_field_of_another_kind_is_explained() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nduration = \"2 uker\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn missing_required_fields_are_named() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION).file(
        "content/kurs/renhold/index.md",
        "+++\ntitle = \"Renhold\"\nsummary = \"Kurs.\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn an_invalid_date_says_how_to_write_one() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nupdated = \"18.10.2022\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn two_files_claiming_one_url_are_both_named() {
    let site = Site::new();
    site.file("content/om.md", "+++\ntitle = \"Om\"\n+++\n")
        .file("content/om/index.md", "+++\ntitle = \"Om oss\"\n+++\n");
    assert_snapshot!(site.errors());
}

#[test]
fn a_missing_template_is_named_with_its_line() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\ntemplate = \"spesiell.html\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn front_matter_that_is_never_closed() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n\nTekst uten slutt på front matter.\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let site = Site::new();
    site.file("content/a.md", "+++\ntitle = \"A\"\nsumary = \"x\"\n+++\n")
        .file(
            "content/b.md",
            "+++\ntitle = \"B\"\nupdated = 2022-13-01\n+++\n",
        )
        .file("content/c.md", "+++\nsummary = \"uten tittel\"\n+++\n");
    let errors = site.errors();
    assert!(errors.contains("content/a.md:3:1"), "{errors}");
    assert!(errors.contains("content/b.md:3:"), "{errors}");
    assert!(errors.contains("content/c.md:1:1"), "{errors}");
    assert_eq!(errors.matches("error:").count(), 3, "{errors}");
}

#[test]
fn form_fields_need_names_and_options() {
    let site = Site::new();
    site.file(
        "content/skjema.md",
        "+++\ntitle = \"Skjema\"\nkind = \"form\"\nsummary = \"S.\"\n[[fields]]\nlabel = \"Navn\"\n[[fields]]\nname = \"valg\"\nlabel = \"Valg\"\ntype = \"radio\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn a_misspelt_field_inside_a_table_gets_a_did_you_mean() {
    let site = Site::new();
    site.file(
        "content/skjema.md",
        "+++\ntitle = \"Skjema\"\nkind = \"form\"\nsummary = \"S.\"\n[[fields]]\nname = \"navn\"\nlable = \"Navn\"\n+++\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn a_term_spelt_two_ways_is_an_error() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/a/index.md", &course("A", ""))
        .file(
            "content/kurs/b/index.md",
            &course("B", "").replace("\"Renhold\"", "\"renhold\""),
        );
    assert_snapshot!(site.errors());
}

#[test]
fn a_bad_base_url_in_site_toml() {
    let site = Site::new();
    site.file(
        "site.toml",
        &crate::support::SITE_TOML.replace("https://example.org/portal/", "example.org"),
    );
    assert_snapshot!(site.errors());
}

#[test]
fn an_image_without_a_description_is_an_error() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\nTekst.\n\n![](bilde.png)\n",
    )
    .file("content/bilde.png", "png");
    assert_snapshot!(site.errors());
}

#[test]
fn a_notice_linking_to_no_page_is_an_error() {
    let site = Site::new();
    site.file(
        "site.toml",
        &format!(
            "{}\n[notice]\ntext = \"Nytt\"\nlink = \"@/finnes-ikke.md\"\n",
            crate::support::SITE_TOML
        ),
    );
    assert_snapshot!(site.errors());
}

#[test]
fn a_file_not_saved_as_utf8_names_the_line() {
    let site = Site::new();
    let mut bytes = b"+++\ntitle = \"Om\"\n+++\nF\xf8rste linje i Latin-1.\n".to_vec();
    bytes.extend_from_slice(b"Mer.\n");
    std::fs::write(site.root().join("content/om.md"), bytes).unwrap();
    let errors = site.errors();
    assert!(errors.contains("--> content/om.md:4:2"), "{errors}");
    assert!(errors.contains("not saved as UTF-8"), "{errors}");
}

#[test]
fn front_matter_and_link_problems_are_reported_in_one_run() {
    let site = Site::new();
    site.file("content/a.md", "+++\ntitle = \"A\"\nsumary = \"x\"\n+++\n")
        .file(
            "content/b.md",
            "+++\ntitle = \"B\"\n+++\n[til A](a.md) og [borte](c.md)\n",
        );
    let errors = site.errors();
    assert!(errors.contains("unknown field `sumary`"), "{errors}");
    assert!(errors.contains("the link `c.md` goes nowhere"), "{errors}");
    // a.md failed to parse: the link to it is not reported as broken as well.
    assert!(!errors.contains("the link `a.md`"), "{errors}");
    assert_eq!(errors.matches("error:").count(), 2, "{errors}");
}

/// Translations named as an editor might (`index.EN.md`, `index-en.md`),
/// and a Markdown file ending in `.MD`, were published as more pages in
/// Bokmål or as files to download, and the English version went missing.
#[test]
fn misnamed_translations_and_markdown_files_are_named_with_the_name_to_use() {
    for (file, help) in [
        ("content/om.EN.md", "rename the file to `om.en.md`"),
        (
            "content/kurs/index-en.md",
            "rename the file to `index.en.md`",
        ),
        ("content/Om.MD", "rename it to `Om.md`"),
    ] {
        let site = Site::new();
        site.with_english_and_arabic()
            .file(file, "+++\ntitle = \"About\"\n+++\nText.\n");
        let text = site.errors();
        assert!(text.contains(file), "{file}: {text}");
        assert!(text.contains(help), "{file}: {text}");
    }
}

/// A symbolic link in content/ was skipped without a word. It is followed
/// while it stays inside the site; one that leads out, or back into a
/// folder it is in, is refused with a message.
#[cfg(unix)]
#[test]
fn links_in_content_are_followed_inside_the_site_and_refused_outside() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("hemmelig.md"),
        "+++\ntitle = \"Hemmelig\"\n+++\nUtenfra.\n",
    )
    .unwrap();
    let site = Site::new();
    site.file("delt/maler/_index.md", "+++\ntitle = \"Maler\"\n+++\n")
        .file("delt/maler/plan.md", "+++\ntitle = \"Plan\"\n+++\nDelt.\n");
    symlink(
        site.root().join("delt/maler"),
        site.root().join("content/maler"),
    )
    .unwrap();
    site.build();
    assert!(
        site.read("maler/plan/index.html").contains("Delt."),
        "a link inside the site is followed"
    );

    symlink(
        outside.path().join("hemmelig.md"),
        site.root().join("content/hemmelig.md"),
    )
    .unwrap();
    std::fs::create_dir_all(site.root().join("content/ring")).unwrap();
    symlink(
        site.root().join("content/ring"),
        site.root().join("content/ring/tilbake"),
    )
    .unwrap();
    let text = site.errors();
    assert!(text.contains("content/hemmelig.md"), "{text}");
    assert!(text.contains("outside the site"), "{text}");
    assert!(text.contains("content/ring/tilbake"), "{text}");
    assert!(text.contains("leads back to a folder it is in"), "{text}");
    assert!(!text.contains("Utenfra"), "{text}");
}

/// An attachment is named in the original's front matter, which its
/// translations share: a missing file is reported once, at the original.
#[test]
fn a_missing_attachment_is_reported_once_for_all_versions() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/renhold/index.md",
            &course(
                "Renhold",
                "[[attachments]]\nfile = \"borte.pdf\"\ntitle = \"Borte\"\n",
            ),
        )
        .file(
            "content/kurs/renhold/index.en.md",
            "+++\ntitle = \"Cleaning\"\n+++\nText.\n",
        );
    let errors = site.errors();
    assert_eq!(
        errors
            .matches("the attachment `borte.pdf` is not beside this page")
            .count(),
        1,
        "{errors}"
    );
    assert!(
        errors.contains("content/kurs/renhold/index.md:"),
        "{errors}"
    );
}

/// A translation whose original is missing is reported, and the other
/// files are still read: their problems are reported in the same run.
#[test]
fn a_translation_without_original_does_not_hide_other_problems() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/om.en.md", "+++\ntitle = \"About\"\n+++\n")
        .file(
            "content/annet.md",
            "+++\ntitle = \"Annet\"\nsumary = \"x\"\n+++\n",
        );
    let errors = site.errors();
    assert!(errors.contains("content/om.en.md"), "{errors}");
    assert!(errors.contains("unknown field `sumary`"), "{errors}");
}

/// A kind that does not exist is reported once, at the original, not again
/// at each translation that takes its kind from there.
#[test]
fn an_unknown_kind_is_reported_once_for_all_versions() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file(
            "content/om.md",
            "+++\ntitle = \"Om\"\nkind = \"kurs\"\n+++\n",
        )
        .file("content/om.en.md", "+++\ntitle = \"About\"\n+++\n");
    let errors = site.errors();
    assert_eq!(errors.matches("error:").count(), 1, "{errors}");
    assert!(errors.contains("content/om.md"), "{errors}");
}

/// A slug must be one part of an address: each of these is refused with
/// the reason, at the file's `slug` line.
#[test]
fn a_slug_that_is_no_url_segment_is_refused() {
    for slug in ["", "a/b", "a\\\\b", "to ord", "spor?", "del#2", ".", ".."] {
        let site = Site::new();
        site.file(
            "content/om.md",
            &format!("+++\ntitle = \"Om\"\nslug = \"{slug}\"\n+++\n"),
        );
        let errors = site.errors();
        let shown = slug.replace("\\\\", "\\");
        assert!(
            errors.contains(&format!("`{shown}` cannot be a URL segment")),
            "{slug}: {errors}"
        );
        assert!(errors.contains("--> content/om.md:3:"), "{slug}: {errors}");
    }
}

/// A required field that is there but empty (`levels = []`, a summary of
/// spaces) is as missing as one left out.
#[test]
fn an_empty_required_field_is_missing() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION).file(
        "content/kurs/a/index.md",
        &course("A", "")
            .replace("levels = [\"A2\"]", "levels = []")
            .replace("summary = \"Et kurs.\"", "summary = \"   \""),
    );
    let errors = site.errors();
    assert!(errors.contains("`summary`"), "{errors}");
    assert!(errors.contains("`levels`"), "{errors}");
}

/// A misspelt field in a translation gets a "did you mean", not the
/// message for a field the translation takes from its original.
#[test]
fn a_misspelt_field_in_a_translation_gets_a_did_you_mean() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/om.md", "+++\ntitle = \"Om\"\n+++\n")
        .file(
            "content/om.en.md",
            "+++\ntitle = \"About\"\nsumary = \"x\"\n+++\n",
        );
    let errors = site.errors();
    assert!(errors.contains("did you mean `summary`?"), "{errors}");
    assert!(!errors.contains("a translation cannot set"), "{errors}");
}

/// A problem with a field points at the field's own line and column, also
/// when it is indented and several lines into the front matter.
#[test]
fn a_field_problem_points_at_the_field_where_it_is() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\nweight = 1\n  slug = \"to ord\"\n+++\n",
    );
    let errors = site.errors();
    assert!(errors.contains("--> content/om.md:4:3"), "{errors}");
}

/// Sections and modules are not listed under taxonomy terms: a term set
/// on one is refused, not silently ignored.
#[test]
fn a_taxonomy_on_a_module_or_section_is_refused() {
    let site = Site::new();
    site.file(
        "content/kurs/_index.md",
        "+++\ntitle = \"Kurs\"\nchild_kind = \"course\"\nsectors = [\"Renhold\"]\n+++\n",
    )
    .file("content/kurs/a/index.md", &course("A", ""))
    .file(
        "content/kurs/a/01-start.md",
        "+++\ntitle = \"Start\"\nsectors = [\"Renhold\"]\n+++\n",
    );
    let errors = site.errors();
    assert!(
        errors.contains("--> content/kurs/_index.md:4:1"),
        "{errors}"
    );
    assert!(
        errors.contains("--> content/kurs/a/01-start.md:3:1"),
        "{errors}"
    );
}
