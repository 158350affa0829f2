//! `[[taxonomies]]` in `site.toml`: which taxonomies the site uses, their
//! URL segment, title and label in each language, and the names of their
//! terms in other languages.
//!
//! A term is one thing in every language ("Renhold" is "Cleaning" in
//! English): pages are filed under its name in the default language, and
//! `[taxonomies.languages.en.terms]` gives the name shown in English.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::toml_text::{key_line_from, value_line};

use super::TAXONOMY_KEYS;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTaxonomy {
    key: String,
    slug: String,
    title: String,
    singular: String,
    #[serde(default)]
    languages: BTreeMap<String, RawTaxonomyNames>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomyNames {
    slug: String,
    title: String,
    singular: String,
    #[serde(default)]
    terms: BTreeMap<String, String>,
}

/// How a taxonomy is called in one language.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TaxonomyNames {
    /// The URL segment: `bransje`, `sector`.
    pub slug: String,
    /// Heading of the list of all terms: "Bransjer".
    pub title: String,
    /// Label beside one term: "Bransje".
    pub singular: String,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The front-matter key: `sectors`.
    pub key: String,
    names: BTreeMap<Language, TaxonomyNames>,
    term_names: BTreeMap<Language, BTreeMap<String, String>>,
}

impl Taxonomy {
    /// The names in `language`; every configured language has them (validated).
    pub fn names(&self, language: Language) -> &TaxonomyNames {
        self.names
            .get(&language)
            .or_else(|| self.names.values().next())
            .expect("a taxonomy has names")
    }

    /// The terms (by their default-language name) that have a name in `language`.
    pub fn translated_terms(&self, language: Language) -> impl Iterator<Item = &str> {
        self.term_names
            .get(&language)
            .into_iter()
            .flat_map(|names| names.keys().map(String::as_str))
    }

    /// A term's name in `language`, and whether it is translated.
    pub fn term_name<'a>(&'a self, language: Language, term: &'a str) -> (&'a str, bool) {
        match self
            .term_names
            .get(&language)
            .and_then(|names| names.get(term))
        {
            Some(name) => (name, true),
            None => (term, false),
        }
    }
}

pub(super) fn validate(
    raw: Vec<RawTaxonomy>,
    languages: &[Language],
    problems: &mut Vec<Diagnostic>,
    text: &str,
) -> Vec<Taxonomy> {
    let mut taxonomies: Vec<Taxonomy> = Vec::new();
    // Each entry's problems at its own lines: from its `key = "…"` on.
    let mut block = 1;
    for t in raw {
        block = value_line(text, "key", &t.key, block).unwrap_or(block);
        let at = At {
            text,
            block: entry_start(text, block),
        };
        if !TAXONOMY_KEYS.contains(&t.key.as_str()) {
            problems.push(
                at.key("key", format!("unknown taxonomy `{}`", t.key))
                    .with_help(format!("the taxonomies are: {}", TAXONOMY_KEYS.join(", "))),
            );
        } else if taxonomies.iter().any(|o| o.key == t.key) {
            problems.push(at.key("key", format!("the taxonomy `{}` is set up twice", t.key)));
        } else {
            taxonomies.push(names_per_language(t, languages, problems, &at));
        }
        block += 1;
    }
    taxonomies
}

/// The `[[taxonomies]]` line above line `line` (or `line` itself).
fn entry_start(text: &str, line: usize) -> usize {
    let lines: Vec<&str> = text.lines().take(line).collect();
    let header = lines.iter().rposition(|l| l.trim() == "[[taxonomies]]");
    header.map_or(line, |i| i + 1)
}

/// Where one `[[taxonomies]]` entry is in `site.toml`.
struct At<'a> {
    text: &'a str,
    /// Its first line.
    block: usize,
}

impl At<'_> {
    /// A problem at the line where the entry sets `key` (its first line
    /// if it sets none).
    fn key(&self, key: &str, message: String) -> Diagnostic {
        let line = key_line_from(self.text, key, self.block).unwrap_or(self.block);
        Diagnostic::at(super::CONFIG_FILE, self.text, line, 1, message)
    }
}

/// The taxonomy's names in every language of the site, each checked.
fn names_per_language(
    t: RawTaxonomy,
    languages: &[Language],
    problems: &mut Vec<Diagnostic>,
    at: &At,
) -> Taxonomy {
    let default = TaxonomyNames {
        slug: t.slug,
        title: t.title,
        singular: t.singular,
    };
    let mut names = BTreeMap::from([(languages[0], default)]);
    let mut term_names = BTreeMap::new();
    for (code, n) in t.languages {
        match Language::from_code(&code).filter(|l| languages.contains(l)) {
            Some(language) => {
                names.insert(language, TaxonomyNames { slug: n.slug, title: n.title, singular: n.singular });
                term_names.insert(language, n.terms);
            }
            None => problems.push(
                at.key(&format!("taxonomies.languages.{code}"), format!(
                    "the taxonomy `{}` has names in `{code}`, which is not one of the site's languages",
                    t.key
                ))
                .with_help(format!("the site's languages are: {}", Language::list(languages))),
            ),
        }
    }
    for language in languages.iter().filter(|l| !names.contains_key(l)) {
        let code = language.code();
        problems.push(
            at.key(
                "key",
                format!("the taxonomy `{}` has no names in `{code}`", t.key),
            )
            .with_help(format!(
                "add [taxonomies.languages.{code}] with slug, title and singular below it"
            )),
        );
    }
    for (language, n) in &names {
        if n.slug.is_empty() || n.slug.contains(['/', ' ', '?', '#']) {
            let message = format!(
                "the taxonomy slug `{}` ({}) must be one URL segment",
                n.slug,
                language.code()
            );
            problems.push(at.key("slug", message));
        }
    }
    Taxonomy {
        key: t.key,
        names,
        term_names,
    }
}
