//! What search engines read beside a page (schema.org JSON-LD): a course is
//! a `Course`, a case an `Article`, a page below the home its
//! `BreadcrumbList`; and no text can break out of the script element.

use serde_json::Value;

use crate::support::{course, Site, COURSE_SECTION};

/// The JSON-LD graph of a built page, parsed.
fn graph(html: &str) -> Vec<Value> {
    let start = "<script type=\"application/ld+json\">";
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no JSON-LD in {html}"))
        + start.len();
    let end = at + html[at..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[at..end]).unwrap();
    assert_eq!(data["@context"], "https://schema.org");
    data["@graph"].as_array().unwrap().clone()
}

fn of_type<'a>(graph: &'a [Value], kind: &str) -> &'a Value {
    graph
        .iter()
        .find(|item| item["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {graph:#?}"))
}

#[test]
fn a_course_is_a_course_with_its_levels_length_and_goals() {
    let site = Site::new();
    let extra = "goals = [\"Bruke utstyr trygt\"]\nupdated = 2026-11-30\n";
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/renhold/index.md",
            &course("Renhold </script><script>alert(1)</script>", extra),
        )
        .build();
    let graph = graph(&site.read("kurs/renhold/index.html"));
    let course = of_type(&graph, "Course");
    assert_eq!(course["name"], "Renhold </script><script>alert(1)</script>");
    assert_eq!(course["description"], "Et kurs.");
    assert_eq!(course["url"], "https://example.org/portal/kurs/renhold/");
    assert_eq!(course["inLanguage"], "nb");
    assert_eq!(course["educationalLevel"], serde_json::json!(["A2"]));
    assert_eq!(course["timeRequired"], "P8W", "\"8 uker\" is eight weeks");
    assert_eq!(course["teaches"], serde_json::json!(["Bruke utstyr trygt"]));
    assert_eq!(course["dateModified"], "2026-11-30");
    assert_eq!(course["provider"]["@type"], "Organization");
    assert_eq!(course["provider"]["name"], "Testportal");
    let crumbs = of_type(&graph, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    let steps: Vec<(u64, &str, &str)> = (crumbs.iter())
        .map(|c| {
            (
                c["position"].as_u64().unwrap(),
                c["name"].as_str().unwrap(),
                c["item"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (1, "Forside", "https://example.org/portal/"),
            (2, "Kurs", "https://example.org/portal/kurs/"),
            (
                3,
                "Renhold </script><script>alert(1)</script>",
                "https://example.org/portal/kurs/renhold/"
            ),
        ]
    );
}

#[test]
fn nothing_in_the_data_ends_its_script_element() {
    let site = Site::new();
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file(
            "content/kurs/renhold/index.md",
            &course("Renhold </script><!-- & <b>", ""),
        )
        .build();
    let html = site.read("kurs/renhold/index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let script = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(
        script.contains("Renhold \\u003c/script\\u003e\\u003c!-- \\u0026 \\u003cb\\u003e"),
        "{script}"
    );
    assert_eq!(
        html.matches("<script type=\"application/ld+json\">")
            .count(),
        1
    );
}

#[test]
fn a_case_is_an_article_and_a_list_has_its_breadcrumbs() {
    let site = Site::new();
    site.file("content/erfaringer/_index.md", "+++\ntitle = \"Erfaringer\"\nchild_kind = \"case\"\n+++\n")
        .file(
            "content/erfaringer/lager/index.md",
            "+++\ntitle = \"Lager\"\nsummary = \"Et samarbeid.\"\nmunicipalities = [\"Inderøy\"]\npartner = \"Lagerkjeden\"\npartner_types = [\"Privat\"]\nperiod = \"Våren 2024\"\n+++\nTekst.\n",
        )
        .build();
    let graph_of_case = graph(&site.read("erfaringer/lager/index.html"));
    let article = of_type(&graph_of_case, "Article");
    assert_eq!(article["headline"], "Lager");
    assert_eq!(article["publisher"]["name"], "Testportal");
    assert!(graph_of_case.iter().all(|item| item["@type"] != "Course"));
    let term = graph(&site.read("kommune/inderoy/index.html"));
    let crumbs = &of_type(&term, "BreadcrumbList")["itemListElement"];
    assert_eq!(
        crumbs[2]["item"], "https://example.org/portal/kommune/inderoy/",
        "{crumbs:#}"
    );
    assert!(
        !site.read("index.html").contains("application/ld+json"),
        "the home page has no trail"
    );
}
