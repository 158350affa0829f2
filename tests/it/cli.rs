//! The command as a user runs it: exit codes, messages, summary.

use std::process::Command;

use crate::support::{Site, COURSE_SECTION};

fn kursportal(site: &Site, args: &[&str]) -> std::process::Output {
    site.run(args)
}

#[test]
fn build_prints_a_summary_and_exits_zero() {
    let site = Site::new();
    let out = kursportal(&site, &["build"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("Built 1 content page into "), "{stdout}");
    assert!(stdout.contains(": no problems"), "{stdout}");
    assert!(site.exists("index.html"));
}

#[test]
fn check_on_a_broken_link_exits_one_and_names_file_and_line() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\n\n[lenke](@/borte.md)\n",
    );
    let out = kursportal(&site, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> content/om.md:5:9"), "{stderr}");
    assert!(
        stderr.contains("1 problem found; nothing was written."),
        "{stderr}"
    );
    assert!(!site.exists("index.html"), "check writes nothing");
}

#[test]
fn build_refuses_to_write_into_the_content_folder() {
    let site = Site::new();
    let out = kursportal(&site, &["build", "--output-dir", "content"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would overwrite the site's own files"));
    assert!(site.root().join("content/_index.md").exists());
}

#[test]
fn a_missing_site_toml_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read the site settings"), "{stderr}");
}

#[test]
fn base_url_can_be_overridden_for_a_subfolder() {
    let site = Site::new();
    let out = kursportal(&site, &["build", "--base-url", "https://kommune.no/kurs"]);
    assert!(out.status.success());
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://kommune.no/kurs/</loc>"));
    assert!(site.read("404.html").contains("href=\"/kurs/\""));
}

#[test]
fn new_writes_a_file_the_build_refuses_until_every_placeholder_is_filled() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION);
    let made = kursportal(&site, &["new", "course", "renhold", "--title", "Renhold"]);
    let said = String::from_utf8_lossy(&made.stdout);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(
        said.contains("content/kurs/renhold/index.md"),
        "the file to open is named: {said}"
    );
    let module = kursportal(&site, &["new", "module", "kurs/renhold/01-start"]);
    assert!(
        module.status.success(),
        "{}",
        String::from_utf8_lossy(&module.stderr)
    );

    let check = kursportal(&site, &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(
        check.status.code(),
        Some(1),
        "a half-written course is not published: {stderr}"
    );
    assert!(
        stderr.contains("`summary` still holds the placeholder"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/kurs/renhold/01-start.md:2:"),
        "{stderr}"
    );
    assert!(!stderr.contains("`title` still holds the placeholder from `kursportal new`\n  --> content/kurs/renhold/index.md"), "the given title is the title: {stderr}");

    for file in [
        "content/kurs/renhold/index.md",
        "content/kurs/renhold/01-start.md",
    ] {
        let path = site.root().join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("FYLL UT: ", "");
        std::fs::write(path, text).unwrap();
    }
    let check = kursportal(&site, &["check"]);
    assert!(
        check.status.success(),
        "filled in, it builds: {}",
        String::from_utf8_lossy(&check.stderr)
    );

    let again = kursportal(&site, &["new", "course", "renhold"]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr.contains("exists already"), "{stderr}");
    let kept = std::fs::read_to_string(site.root().join("content/kurs/renhold/index.md")).unwrap();
    assert!(!kept.contains("FYLL UT"), "the filled file is untouched");
}

/// A template that includes itself, or a macro that calls itself, made the
/// process overflow its stack (exit 134, no file named). Now the loop is
/// named, the exit is 1, and the site built before stays as it was.
#[test]
fn templates_that_never_end_are_named_and_the_last_site_stays() {
    let site = Site::new();
    let built = kursportal(&site, &["build"]);
    assert!(built.status.success());
    let before = site.read("index.html");
    for (name, text, loop_words) in [
        (
            "templates/index.html",
            "{% extends \"base.html\" %}{% block content %}{% include \"index.html\" %}{% endblock content %}",
            "index.html → index.html",
        ),
        (
            "templates/macros.html",
            "{% macro card(page) %}{{ self::card(page=page) }}{% endmacro card %}",
            "the macro `card` in macros.html → the macro `card` in macros.html",
        ),
    ] {
        site.file(name, text);
        for command in ["check", "build"] {
            let out = kursportal(&site, &[command]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{command}: {stderr}");
            assert!(stderr.contains(&format!("--> {name}:1:")), "{stderr}");
            assert!(stderr.contains(&format!("this never ends: {loop_words}")), "{stderr}");
        }
        assert_eq!(site.read("index.html"), before, "the site built before is untouched");
        std::fs::remove_file(site.root().join(name)).unwrap();
    }
}

/// A wrong `--base-url` was reported at `site.toml:4:1`, a line the user
/// never wrote it on; and a `?` or `#` in it broke every address.
#[test]
fn a_wrong_base_url_is_pinned_where_it_was_given() {
    let site = Site::new();
    let out = kursportal(&site, &["build", "--base-url", "kurs.kommune.no"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> --base-url"), "{stderr}");
    assert!(stderr.contains("given on the command line"), "{stderr}");
    assert!(!stderr.contains("site.toml"), "{stderr}");
    site.file(
        "site.toml",
        &crate::support::SITE_TOML.replace(
            "base_url = \"https://example.org/portal/\"",
            "base_url = \"https://example.org/portal/?utm=1\"",
        ),
    );
    let out = kursportal(&site, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> site.toml:"), "{stderr}");
    assert!(stderr.contains("holds `?`"), "{stderr}");
}

/// `check --translations` printed, above its own list, the hint to run
/// `check --translations`.
#[test]
fn the_translation_list_does_not_tell_you_to_ask_for_itself() {
    let site = Site::new();
    site.with_english_and_arabic()
        .file("content/om.md", "+++\ntitle = \"Om\"\n+++\nTekst.\n");
    let hint = "kursportal check --translations lists what is missing";
    let plain = kursportal(&site, &["check"]);
    let stdout = String::from_utf8_lossy(&plain.stdout);
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    assert!(stdout.contains(hint), "{stdout}");
    let listed = kursportal(&site, &["check", "--translations"]);
    let stdout = String::from_utf8_lossy(&listed.stdout);
    assert!(stdout.contains("Translated: "), "{stdout}");
    assert!(!stdout.contains(hint), "{stdout}");
}

/// `theme = ""` built with `themes/` itself as the theme, and a theme path
/// that climbs out of the site read files from outside it.
#[test]
fn a_theme_is_named_by_a_folder_name_only() {
    let site = Site::new();
    assert!(kursportal(&site, &["build"]).status.success());
    let before = site.read("index.html");
    for theme in ["", "../utenfor", "/etc"] {
        let toml = format!("theme = \"{theme}\"\n{}", crate::support::SITE_TOML);
        site.file("site.toml", &toml);
        let out = kursportal(&site, &["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{theme}: {stderr}");
        assert!(stderr.contains("--> site.toml:1:1"), "{stderr}");
        assert!(stderr.contains("`theme"), "{stderr}");
        assert_eq!(site.read("index.html"), before);
    }
}

/// A clash said `two things would be written to /robots.txt --> content`,
/// naming neither: now both are named.
#[test]
fn a_clash_of_two_outputs_names_both() {
    let site = Site::new();
    site.file("static/robots.txt", "User-agent: *\n")
        .file("content/sitemap.xml", "<urlset/>")
        .file("static/skjema.pdf", "%PDF-1.4")
        .file("content/skjema.pdf", "%PDF-1.4")
        // A folder without a page gets one; it clashes with nothing.
        .file("content/a/b/c.md", "+++\ntitle = \"C\"\n+++\n");
    let out = kursportal(&site, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("static/robots.txt and the robots.txt the build writes would both be written to /robots.txt"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/sitemap.xml and the sitemap.xml the build writes would both be written to /sitemap.xml"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/skjema.pdf and static/skjema.pdf would both be written to /skjema.pdf"
        ),
        "{stderr}"
    );
}
