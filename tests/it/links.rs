//! Internal links are written as paths to source files and checked at build.

use insta::assert_snapshot;

use crate::support::{Site, COURSE_SECTION};

#[test]
fn a_link_to_nothing_names_file_and_line() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\nFørste linje.\n\nSe [timeplanen](@/maler/timeplan.md).\n",
    );
    assert_snapshot!(site.errors());
}

#[test]
fn relative_links_and_links_to_files_resolve() {
    let site = Site::new();
    site.file("content/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\n")
        .file("content/guide/a.md", "+++\ntitle = \"A\"\n+++\n[B](b.md), [plan](plan.pdf), [opp](../om.md), [del](b.md#del-to)\n")
        .file("content/guide/b.md", "+++\ntitle = \"B\"\n+++\n## Del to\n")
        .file("content/guide/plan.pdf", "%PDF")
        .file("content/om.md", "+++\ntitle = \"Om\"\n+++\n")
        .build();
    let html = site.read("guide/a/index.html");
    assert!(html.contains("<a href=\"../../guide/b/\">B</a>"), "{html}");
    assert!(
        html.contains("<a href=\"../../guide/plan.pdf\">plan</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"../../om/\">opp</a>"), "{html}");
    assert!(
        html.contains("<a href=\"../../guide/b/#del-to\">del</a>"),
        "{html}"
    );
}

#[test]
fn a_link_to_a_missing_heading_is_an_error() {
    let site = Site::new();
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n[B](b.md#ingen)\n")
        .file("content/b.md", "+++\ntitle = \"B\"\n+++\n## Del to\n");
    assert_snapshot!(site.errors());
}

#[test]
fn a_site_absolute_link_is_refused_because_it_breaks_in_subfolders() {
    let site = Site::new();
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n[om](/om/)\n");
    assert_snapshot!(site.errors());
}

#[test]
fn a_course_can_only_list_templates_as_templates() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/a/index.md",
            &crate::support::course("A", "templates = [\"@/om.md\"]\n"),
        )
        .file("content/om.md", "+++\ntitle = \"Om\"\n+++\n");
    assert_snapshot!(site.errors());
}

#[test]
fn external_links_are_left_alone() {
    let site = Site::new();
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n[IMDi](https://www.imdi.no/) og [e-post](mailto:post@example.org)\n")
        .build();
    let html = site.read("a/index.html");
    assert!(
        html.contains("<a href=\"https://www.imdi.no/\">IMDi</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"mailto:post@example.org\">e-post</a>"),
        "{html}"
    );
}
