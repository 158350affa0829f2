//! Taxonomies: sector, municipality, partner type, target group, level.
//!
//! Pages are filed under terms by their original's front matter, in the
//! default language's words. Each language gets its own list pages, with
//! the term names `site.toml` gives for it. Terms are matched by slug, so
//! "Renhold" and "renhold" would be one list: two spellings are an error.

use std::collections::BTreeMap;

use crate::collate::sort_key;
use crate::config::{Config, TaxonomyNames};
use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::parse::Document;
use crate::slug::slugify;
use crate::toml_text::key_line;

use super::SiteModel;

#[derive(Debug, Clone, PartialEq)]
pub struct TaxonomyModel {
    /// The front-matter key: `sectors`.
    pub key: String,
    pub names: TaxonomyNames,
    /// Site-relative URL of the list of all terms: `bransje/`, `en/sector/`.
    pub url: String,
    /// Sorted by name, the Norwegian way.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The name in the default language, which pages are filed under; the
    /// same term in every language.
    pub key: String,
    /// The name in this language, or the original name if it has none.
    pub name: String,
    /// False when `name` is the original's (shown with its language).
    pub translated: bool,
    pub url: String,
    /// The pages filed under it, each in this language where it has a version.
    pub pages: Vec<usize>,
}

/// A page's place in its language's taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRef {
    pub taxonomy: usize,
    pub term: usize,
}

/// Builds `language`'s taxonomies and files that language's pages in them.
/// Spelling problems are reported once, on the default language's pass.
pub fn collect(
    config: &Config,
    model: &mut SiteModel,
    language: Language,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TaxonomyModel> {
    let found = terms_in_use(config, model, language, problems);
    let prefix = &config.language(language).url_prefix;
    let mut taxonomies = Vec::new();
    for (t, (tax, terms)) in config.taxonomies.iter().zip(found).enumerate() {
        check_term_names(tax, language, &terms, problems);
        let names = tax.names(language).clone();
        let url = format!("{prefix}{}/", names.slug);
        let mut terms: Vec<Term> = terms
            .into_values()
            .map(|(original_name, pages)| {
                let (name, translated) = tax.term_name(language, &original_name);
                let url = format!("{url}{}/", slugify(name));
                Term {
                    url,
                    name: name.to_owned(),
                    translated,
                    pages,
                    key: original_name.clone(),
                }
            })
            .collect();
        terms.sort_by_cached_key(|term| sort_key(language, &term.name));
        for (i, term) in terms.iter().enumerate() {
            for &page in &term.pages {
                // A fallback original keeps the terms of its own language.
                if model.pages[page].doc.lang == language {
                    model.pages[page].terms.push(TermRef {
                        taxonomy: t,
                        term: i,
                    });
                }
            }
        }
        taxonomies.push(TaxonomyModel {
            key: tax.key.clone(),
            names,
            url,
            terms,
        });
    }
    taxonomies
}

/// Per configured taxonomy: slug of a term's original name → (that name,
/// the pages filed under it, each in `language` where it has a version).
/// Problems are reported once, on the default language's pass.
fn terms_in_use(
    config: &Config,
    model: &SiteModel,
    language: Language,
    problems: &mut Vec<Diagnostic>,
) -> Vec<BTreeMap<String, (String, Vec<usize>)>> {
    let report = language == config.default_language();
    let mut found = vec![BTreeMap::new(); config.taxonomies.len()];
    for g in 0..model.groups.len() {
        let original = &model.pages[model.groups[g].original].doc;
        if original.is_section_index() {
            continue;
        }
        let shown = model.view(g, language);
        for (key, names) in &original.meta.taxonomies {
            let Some(t) = config.taxonomies.iter().position(|t| &t.key == key) else {
                if report {
                    problems.push(unconfigured(original, key));
                }
                continue;
            };
            for name in names {
                add_term(
                    &mut found[t],
                    original,
                    shown,
                    name,
                    report.then_some(&mut *problems),
                );
            }
        }
    }
    found
}

/// A name in `site.toml` that looks like a misspelt term, and two terms
/// named alike in one language (they would share a page).
fn check_term_names(
    tax: &crate::config::Taxonomy,
    language: Language,
    terms: &BTreeMap<String, (String, Vec<usize>)>,
    problems: &mut Vec<Diagnostic>,
) {
    let used: Vec<&str> = terms.values().map(|(name, _)| name.as_str()).collect();
    // A name for a term no page uses is fine (the last page may have been
    // removed); it is a typo when a used term without a name is spelt
    // almost like it.
    let unnamed: Vec<&str> = used
        .iter()
        .copied()
        .filter(|t| !tax.term_name(language, t).1)
        .collect();
    for named in tax.translated_terms(language).filter(|n| !used.contains(n)) {
        if let Some(meant) = crate::diagnostic::did_you_mean(named, unnamed.iter().copied()) {
            problems.push(
                Diagnostic::in_file(crate::config::CONFIG_FILE, format!(
                    "[taxonomies.languages.{}.terms] names the term \"{named}\" of `{}`, which no page uses",
                    language.code(),
                    tax.key
                ))
                .with_help(format!("did you mean \"{meant}\"? Terms are named as the original pages write them")),
            );
        }
    }
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for original in &used {
        let (name, _) = tax.term_name(language, original);
        if let Some(other) = seen.insert(slugify(name), original) {
            problems.push(Diagnostic::in_file(crate::config::CONFIG_FILE, format!(
                "the terms \"{other}\" and \"{original}\" of `{}` are both called \"{name}\" in `{}`",
                tax.key,
                language.code()
            ))
            .with_help("give each term its own name in that language"));
        }
    }
}

fn add_term(
    terms: &mut BTreeMap<String, (String, Vec<usize>)>,
    original: &Document,
    shown: usize,
    name: &str,
    problems: Option<&mut Vec<Diagnostic>>,
) {
    let slug = slugify(name);
    if slug.is_empty() {
        if let Some(problems) = problems {
            problems.push(at_term(
                original,
                name,
                format!("the term \"{name}\" has no letters or digits"),
                "write a name such as \"Renhold\"",
            ));
        }
        return;
    }
    let entry = terms
        .entry(slug)
        .or_insert_with(|| (name.to_owned(), Vec::new()));
    if entry.0 != name {
        if let Some(problems) = problems {
            problems.push(at_term(
                original,
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
    }
    if !entry.1.contains(&shown) {
        entry.1.push(shown);
    }
}

fn at_term(doc: &Document, name: &str, message: String, help: &str) -> Diagnostic {
    Diagnostic::at_quoted(&doc.display_path, &doc.text, name, message).with_help(help.to_owned())
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
