//! What changed between two models of a site, for a preview that draws
//! again only what changed. Two models have the same *shape* when every
//! page has the same place (path, address, kind, language, parent,
//! children, terms, files, templates and forms), the groups, files and
//! taxonomies are the same, and so every list is in the same order. Between
//! models of one shape, a page's content can only differ where its text,
//! or its original's (which it inherits from), differs.

use std::collections::HashSet;

use super::{Page, SiteModel};
use crate::parse::same_text;

/// What differs between two models of one shape.
#[derive(Debug, Default)]
pub struct Changes {
    /// The pages whose content differs, by index (the same in both).
    pub pages: HashSet<usize>,
    /// Those of them whose title differs (what lists of all pages show)…
    pub retitled: HashSet<usize>,
    /// …and whose date differs (what the sitemap shows).
    pub redated: HashSet<usize>,
}

/// The pages whose content differs from `before`'s; `None` when the models
/// differ in shape, and anything may differ.
pub fn content_changes(before: &SiteModel, now: &SiteModel) -> Option<Changes> {
    let same_shape = before.groups == now.groups
        && before.assets == now.assets
        && same_languages(before, now)
        && before.pages.len() == now.pages.len()
        && before
            .pages
            .iter()
            .zip(&now.pages)
            .all(|(a, b)| same_place(a, b));
    if !same_shape {
        return None;
    }
    let text_changed: Vec<bool> = before
        .pages
        .iter()
        .zip(&now.pages)
        .map(|(a, b)| !same_text(&a.doc.text, &b.doc.text))
        .collect();
    let pages: HashSet<usize> = (0..now.pages.len())
        .filter(|&i| {
            let original = now.groups[now.pages[i].group].original;
            text_changed[i] || text_changed[original]
        })
        .collect();
    let differ = |differs: fn(&Page, &Page) -> bool| -> HashSet<usize> {
        let changed = pages.iter().copied();
        changed
            .filter(|&i| differs(&before.pages[i], &now.pages[i]))
            .collect()
    };
    Some(Changes {
        retitled: differ(|a, b| a.doc.meta.title != b.doc.meta.title),
        redated: differ(|a, b| a.doc.meta.updated != b.doc.meta.updated),
        pages,
    })
}

/// The same page in the same place, whatever it says.
/// The same languages with the same home pages and taxonomies. Their A–Å
/// order may differ: a new title moves a page in it, and what shows that
/// order (the search pages) is redrawn from `retitled`.
fn same_languages(before: &SiteModel, now: &SiteModel) -> bool {
    before.languages.len() == now.languages.len()
        && before.languages.iter().zip(&now.languages).all(|(a, b)| {
            a.language == b.language && a.home == b.home && a.taxonomies == b.taxonomies
        })
}

fn same_place(a: &Page, b: &Page) -> bool {
    a.doc.rel_path == b.doc.rel_path
        && a.doc.key == b.doc.key
        && a.doc.lang == b.doc.lang
        && a.doc.kind == b.doc.kind
        && a.doc.is_translation == b.doc.is_translation
        && a.group == b.group
        && a.url == b.url
        && a.parent == b.parent
        && a.children == b.children
        && a.subsections == b.subsections
        && a.attachments == b.attachments
        && a.templates == b.templates
        && a.forms == b.forms
        && a.used_by == b.used_by
        && a.terms == b.terms
}
