//! Taxonomies: sector, municipality, partner type, target group, level.
//!
//! Each term a page is filed under gets a list page; terms are matched by
//! their slug, so "Renhold" and "renhold" would be the same page: two
//! spellings of one term are an error, to keep the lists tidy.

use std::collections::BTreeMap;

use crate::config::{key_line, Config, Taxonomy};
use crate::diagnostic::Diagnostic;
use crate::parse::Document;
use crate::slug::{slugify, sort_key};

#[derive(Debug, Clone)]
pub struct TaxonomyModel {
    pub config: Taxonomy,
    /// Site-relative URL of the list of all terms: `sektor/`.
    pub url: String,
    /// Sorted the Norwegian way by name.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub url: String,
    /// Indices into `SiteModel::pages`, in the order pages were given.
    pub pages: Vec<usize>,
}

/// A page's place in a taxonomy: which taxonomy and which of its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRef {
    pub taxonomy: usize,
    pub term: usize,
}

/// Collects the terms of `pages` (index, document). Returns the taxonomies and,
/// per page index, the terms it is filed under.
pub fn collect(
    config: &Config,
    pages: &[(usize, &Document)],
    problems: &mut Vec<Diagnostic>,
) -> (Vec<TaxonomyModel>, BTreeMap<usize, Vec<TermRef>>) {
    // slug → (first spelling, pages), per taxonomy.
    let mut found: Vec<BTreeMap<String, (String, Vec<usize>)>> =
        vec![BTreeMap::new(); config.taxonomies.len()];
    for &(index, doc) in pages {
        for (key, names) in &doc.meta.taxonomies {
            let Some(t) = config.taxonomies.iter().position(|t| &t.key == key) else {
                problems.push(unconfigured(doc, key));
                continue;
            };
            for name in names {
                add_term(&mut found[t], doc, index, name, problems);
            }
        }
    }
    let mut memberships: BTreeMap<usize, Vec<TermRef>> = BTreeMap::new();
    let taxonomies = config
        .taxonomies
        .iter()
        .zip(found)
        .enumerate()
        .map(|(t, (tax, terms))| {
            let url = format!("{}/", tax.slug);
            let mut terms: Vec<Term> = terms
                .into_iter()
                .map(|(slug, (name, pages))| Term {
                    url: format!("{url}{slug}/"),
                    name,
                    pages,
                })
                .collect();
            terms.sort_by_key(|term| sort_key(&term.name));
            for (i, term) in terms.iter().enumerate() {
                for &page in &term.pages {
                    memberships.entry(page).or_default().push(TermRef {
                        taxonomy: t,
                        term: i,
                    });
                }
            }
            TaxonomyModel {
                config: tax.clone(),
                url,
                terms,
            }
        })
        .collect();
    (taxonomies, memberships)
}

fn add_term(
    terms: &mut BTreeMap<String, (String, Vec<usize>)>,
    doc: &Document,
    index: usize,
    name: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let slug = slugify(name);
    if slug.is_empty() {
        problems.push(at_term(
            doc,
            name,
            format!("the term \"{name}\" has no letters or digits"),
            "write a name such as \"Renhold\"",
        ));
        return;
    }
    let entry = terms
        .entry(slug)
        .or_insert_with(|| (name.to_owned(), Vec::new()));
    if entry.0 != name {
        problems.push(at_term(
            doc,
            name,
            format!(
                "\"{name}\" is spelled differently from \"{}\" used elsewhere",
                entry.0
            ),
            &format!(
                "write it \"{}\" everywhere, so both pages are listed together",
                entry.0
            ),
        ));
    }
    if !entry.1.contains(&index) {
        entry.1.push(index);
    }
}

fn at_term(doc: &Document, name: &str, message: String, help: &str) -> Diagnostic {
    let needle = format!("\"{name}\"");
    let offset = doc.text.find(&needle).unwrap_or(0);
    Diagnostic::at_offset(&doc.display_path, &doc.text, offset, message)
        .with_width(needle.chars().count())
        .with_help(help.to_owned())
}

fn unconfigured(doc: &Document, key: &str) -> Diagnostic {
    let line = key_line(&doc.text, key).unwrap_or(1);
    Diagnostic::at(
        &doc.display_path,
        &doc.text,
        line,
        1,
        format!("the taxonomy `{key}` is not set up in site.toml"),
    )
    .with_width(key.len())
    .with_help(format!(
        "add a [[taxonomies]] entry with key = \"{key}\" to site.toml, or remove the field"
    ))
}
