//! What search engines read beside the page: schema.org in JSON-LD. A
//! course page is a `Course`, a case an `Article`, and every page below the
//! home page has its `BreadcrumbList`. Built as JSON by serde_json, then
//! made safe inside `<script>`: `<`, `>` and `&` are written as `\u003c`,
//! `\u003e` and `\u0026`, so no text in it can end the element.

use serde_json::{json, Map, Value};

use crate::model::Page;
use crate::parse::KindMeta;

use super::context::{Builder, Crumb};
use super::Renderer;

/// The JSON-LD of a content page, if search engines have something to read.
pub fn of_page(r: &Renderer, b: &Builder, index: usize, crumbs: &[Crumb]) -> Option<String> {
    let page = r.model.page(index);
    let mut graph = Vec::new();
    match &page.doc.meta.kind {
        KindMeta::Course {
            duration, goals, ..
        } => graph.push(course(r, b, page, duration, goals)),
        KindMeta::Case { .. } => graph.push(Value::Object(common(r, b, page, Schema::Article))),
        _ => {}
    }
    graph.extend(breadcrumb_list(r, crumbs));
    script_text(graph)
}

/// The JSON-LD of a list (a taxonomy, a term): its breadcrumbs.
pub fn of_list(r: &Renderer, crumbs: &[Crumb]) -> Option<String> {
    script_text(breadcrumb_list(r, crumbs).into_iter().collect())
}

fn script_text(graph: Vec<Value>) -> Option<String> {
    if graph.is_empty() {
        return None;
    }
    let data = json!({ "@context": "https://schema.org", "@graph": graph });
    Some(script_safe(&data.to_string()))
}

/// JSON that cannot end a `<script>` element or open a comment in it.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Who publishes the page: the portal, at its home in the page's language.
fn publisher(r: &Renderer, b: &Builder) -> Value {
    let home = r.model.page(r.model.language(b.lang).home);
    json!({
        "@type": "Organization",
        "name": b.settings.title,
        "url": r.config.absolute_url(&home.url),
    })
}

/// The schema.org types a page is described as, with the names their
/// properties take: an `Article` has a `headline` and a `publisher`, a
/// `Course` a `name` and a `provider`.
#[derive(Clone, Copy)]
enum Schema {
    Article,
    Course,
}

impl Schema {
    fn keys(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Schema::Article => ("Article", "headline", "publisher"),
            Schema::Course => ("Course", "name", "provider"),
        }
    }
}

/// What every kind of page says of itself: name, text, address, language, date.
fn common(r: &Renderer, b: &Builder, page: &Page, schema: Schema) -> Map<String, Value> {
    let (kind, name_key, publisher_key) = schema.keys();
    let meta = &page.doc.meta;
    let mut item = Map::new();
    item.insert("@type".into(), kind.into());
    item.insert(name_key.into(), meta.title.clone().into());
    if let Some(summary) = &meta.summary {
        item.insert("description".into(), summary.clone().into());
    }
    item.insert("url".into(), r.config.absolute_url(&page.url).into());
    let text_language = meta.language.unwrap_or(page.doc.lang);
    item.insert("inLanguage".into(), text_language.code().into());
    if let Some(date) = meta.updated {
        item.insert("dateModified".into(), date.to_string().into());
    }
    item.insert(publisher_key.into(), publisher(r, b));
    item
}

fn course(r: &Renderer, b: &Builder, page: &Page, duration: &str, goals: &[String]) -> Value {
    let mut item = common(r, b, page, Schema::Course);
    let levels = terms_of(r, b, page, super::context::PLAN_TAXONOMY);
    if !levels.is_empty() {
        item.insert("educationalLevel".into(), levels.into());
    }
    if let Some(iso) = iso_duration(duration) {
        item.insert("timeRequired".into(), iso.into());
    }
    if !goals.is_empty() {
        item.insert("teaches".into(), goals.into());
    }
    Value::Object(item)
}

/// The names, in the page's language, of the page's terms in one taxonomy.
fn terms_of(r: &Renderer, b: &Builder, page: &Page, taxonomy: &str) -> Vec<String> {
    let taxonomies = &r.model.language(b.lang).taxonomies;
    let names = page.terms.iter().filter_map(|t| {
        let model = taxonomies.get(t.taxonomy)?;
        (model.key == taxonomy).then(|| model.terms.get(t.term).map(|term| term.name.clone()))?
    });
    names.collect()
}

/// A duration as editors write it ("8 uker", "4 weeks", "3 dager") in
/// ISO 8601 (`P8W`); `None` for anything else ("8 uker, 4 dager i uka"
/// says how often, not how long, and is left out rather than guessed).
fn iso_duration(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let count: u32 = words.next()?.parse().ok()?;
    let unit = words.next()?.trim_end_matches(['.', ',']).to_lowercase();
    if words.next().is_some() || count == 0 {
        return None;
    }
    let designator = match unit.as_str() {
        "uke" | "uker" | "veke" | "veker" | "week" | "weeks" => "W",
        "dag" | "dager" | "dagar" | "day" | "days" => "D",
        "måned" | "måneder" | "månad" | "månader" | "month" | "months" => "M",
        "time" | "timer" | "timar" | "hour" | "hours" => return Some(format!("PT{count}H")),
        _ => return None,
    };
    Some(format!("P{count}{designator}"))
}

/// The breadcrumbs as schema.org reads them: each step's name and address.
fn breadcrumb_list(r: &Renderer, crumbs: &[Crumb]) -> Option<Value> {
    if crumbs.len() < 2 {
        return None;
    }
    let items: Vec<Value> = (crumbs.iter().enumerate())
        .map(|(i, crumb)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": crumb.title,
                "item": r.config.absolute_url(&crumb.url),
            })
        })
        .collect();
    Some(json!({ "@type": "BreadcrumbList", "itemListElement": items }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_length_is_a_duration_and_a_schedule_is_left_out() {
        assert_eq!(iso_duration("8 uker").as_deref(), Some("P8W"));
        assert_eq!(iso_duration("4 weeks").as_deref(), Some("P4W"));
        assert_eq!(iso_duration("3 dagar").as_deref(), Some("P3D"));
        assert_eq!(iso_duration("2 månader").as_deref(), Some("P2M"));
        assert_eq!(iso_duration("6 timer").as_deref(), Some("PT6H"));
        assert_eq!(iso_duration("8 uker, 4 dager i uka"), None);
        assert_eq!(iso_duration("ca. 8 uker"), None);
        assert_eq!(iso_duration("0 uker"), None);
    }

    #[test]
    fn nothing_in_the_data_can_end_its_script_element() {
        let json = json!({ "name": "</script><script>alert(1)</script> & <!--" }).to_string();
        let safe = script_safe(&json);
        assert!(
            !safe.contains('<') && !safe.contains('>') && !safe.contains('&'),
            "{safe}"
        );
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
    }
}
