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

/// A template whose front matter failed is reported for that, and the
/// course listing it is not also told it links to something else.
#[test]
fn a_course_listing_a_broken_template_gets_one_error() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/a/index.md",
            &crate::support::course("A", "templates = [\"@/maler/plan/index.md\"]\n"),
        )
        .file(
            "content/maler/_index.md",
            "+++\ntitle = \"Maler\"\nchild_kind = \"template\"\n+++\n",
        )
        .file(
            "content/maler/plan/index.md",
            "+++\ntitle = \"Plan\"\nsumary = \"x\"\n+++\n",
        );
    let errors = site.errors();
    assert!(errors.contains("unknown field `sumary`"), "{errors}");
    assert!(errors.contains("needs the field `summary`"), "{errors}");
    assert!(!errors.contains("is not a template"), "{errors}");
    assert!(!errors.contains("content/kurs/a/index.md"), "{errors}");
}

/// A link to a heading of its own page stays within the page.
#[test]
fn a_link_to_a_heading_on_the_same_page_stays_on_it() {
    let site = Site::new();
    site.file(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\nSe [målet](#mal).\n\n## Mål\n\nTekst.\n",
    )
    .build();
    let html = site.read("om/index.html");
    assert!(html.contains("<a href=\"#mal\">målet</a>"), "{html}");
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

/// The page an `href` on the page at `from` (`guide/a/`) leads to: its
/// main heading, and whether the `#fragment` is on it.
fn follow(site: &Site, from: &str, href: &str) -> (String, bool) {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let mut parts: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    for step in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if step == ".." {
            parts.pop().expect("the link climbs out of the site");
        } else {
            parts.push(step);
        }
    }
    let file = if parts.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{}/index.html", parts.join("/"))
    };
    let html = site.read(&file);
    let h1 = &html[html.find("<h1").unwrap()..];
    let title = h1[h1.find('>').unwrap() + 1..h1.find("</h1>").unwrap()].to_owned();
    let found = fragment.is_empty() || html.contains(&format!("id=\"{fragment}\""));
    (title, found)
}

/// The link checks proved that a target exists, not that it is the page
/// meant: a link to the home page (`@/_index.md`, `../_index.md`) became
/// `./`, the page itself, and `@/_index.md#x` became `#x`. Each link's text
/// here is the title of the page it must lead to.
#[test]
fn every_way_of_writing_a_link_leads_to_the_page_meant() {
    let site = Site::new();
    site.file(
        "content/_index.md",
        "+++\ntitle = \"Forside\"\n+++\n## Velkommen\n",
    )
    .file("content/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\n")
    .file("content/guide/b.md", "+++\ntitle = \"B\"\n+++\n## Del to\n")
    .file("content/om.md", "+++\ntitle = \"Om\"\n+++\n")
    .file(
        "content/guide/a.md",
        "+++\ntitle = \"A\"\n+++\n## Her\n\n\
             [Forside](@/_index.md) [Forside](../_index.md) [Forside](@/_index.md#velkommen) \
             [Forside](@/) [Forside](..) \
             [Guide](@/guide/_index.md) [Guide](_index.md) [Guide](./) \
             [B](b.md) [B](@/guide/b.md#del-to) [B](./b.md) \
             [Om](../om.md) [Om](@/om.md) \
             [A](#her) [A](a.md) [A](@/guide/a.md#her)\n",
    )
    .build();
    let html = site.read("guide/a/index.html");
    let prose = &html[html.find("id=\"her\"").unwrap()..];
    let links: Vec<(String, String)> = prose
        .match_indices("<a href=\"")
        .map(|(i, m)| {
            let rest = &prose[i + m.len()..];
            let href = &rest[..rest.find('"').unwrap()];
            let text = &rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()];
            (href.to_owned(), text.to_owned())
        })
        .take(16)
        .collect();
    assert_eq!(links.len(), 16, "{prose}");
    for (href, meant) in &links {
        let (title, fragment_found) = follow(&site, "guide/a/", href);
        assert_eq!(&title, meant, "`{href}` leads to {title}, not {meant}");
        assert!(fragment_found, "`{href}`: no such id on {title}");
    }
    assert!(
        links.contains(&("../../#velkommen".to_owned(), "Forside".to_owned())),
        "{links:?}"
    );
}
