//! "Nytt og endret": each language's courses, materials and cases by date,
//! the newest first, linked from the home page; a page without `updated`
//! takes its file's last commit date when the site is a git repository.

use std::process::Command;

use crate::support::{course, Site, COURSE_SECTION};

fn dated(title: &str, date: &str) -> String {
    course(title, &format!("updated = {date}\n"))
}

fn fixture() -> Site {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/eldst/index.md", &dated("Eldst", "2025-01-10"))
        .file("content/kurs/nyest/index.md", &dated("Nyest", "2026-11-30"))
        .file("content/kurs/udatert/index.md", &course("Udatert", ""))
        .file(
            "content/om.md",
            "+++\ntitle = \"Om\"\nupdated = 2026-12-01\n+++\nEn side, ikke et kurs.\n",
        );
    site
}

/// The titles on the news page, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<h2><a href=\"")
        .skip(1)
        .map(|part| {
            let title = &part[part.find("\">").unwrap() + 2..];
            title[..title.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn the_newest_come_first_and_only_courses_materials_and_cases() {
    let site = fixture();
    site.build();
    let html = site.read("nytt-og-endret/index.html");
    assert_eq!(listed(&html), ["Nyest", "Eldst"], "{html}");
    assert!(
        html.contains("<time datetime=\"2026-11-30\">30. november 2026</time> · Kurs"),
        "{html}"
    );
    let home = site.read("index.html");
    assert!(
        home.contains("<a href=\"nytt-og-endret/\">Se hva som er nytt og endret</a>"),
        "{home}"
    );
}

#[test]
fn without_a_date_a_page_takes_its_last_commit_date() {
    let site = fixture();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=Redaksjonen",
                "-c",
                "user.email=redaksjon@example.org",
            ])
            .args(args)
            .current_dir(site.root())
            .env("GIT_COMMITTER_DATE", "2026-06-15T12:00:00+02:00")
            .env("GIT_AUTHOR_DATE", "2026-06-15T12:00:00+02:00")
            .status()
            .expect("git");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Kurs"]);
    site.build();
    let html = site.read("nytt-og-endret/index.html");
    assert_eq!(listed(&html), ["Nyest", "Udatert", "Eldst"], "{html}");
    assert!(html.contains("<time datetime=\"2026-06-15\">"), "{html}");
    // The page shows the same date itself.
    let page = site.read("kurs/udatert/index.html");
    assert!(
        page.contains("<time datetime=\"2026-06-15\">15. juni 2026</time>"),
        "{page}"
    );
}
