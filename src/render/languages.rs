//! The language switcher and `hreflang` alternates.
//!
//! The switcher goes to the same page in the other language. Where the page
//! has no version in that language, it goes to the page's original (the one
//! that language's lists show instead); on the original itself, to that
//! language's home page.

use serde::Serialize;

use crate::model::Term;

use super::context::Builder;
use super::Renderer;

#[derive(Serialize)]
pub struct LanguageLink {
    pub code: &'static str,
    /// The language's name in itself: "English", "العربية".
    pub name: String,
    pub href: String,
    /// The absolute address, for `hreflang` alternates.
    pub absolute: String,
    pub current: bool,
    /// False when the page has no version in this language.
    pub translated: bool,
}

#[derive(Serialize)]
pub struct Alternate {
    pub code: &'static str,
    pub href: String,
}

pub fn switcher(b: &Builder, page: usize) -> Vec<LanguageLink> {
    let model = b.model;
    let original = model.original_of(page);
    b.config
        .languages
        .iter()
        .map(|settings| {
            let version = model.translation(page, settings.language);
            let target = version.unwrap_or(if page == original {
                model.language(settings.language).home
            } else {
                original
            });
            link(
                b,
                settings,
                &model.page(target).url,
                settings.language == b.lang,
                version.is_some(),
            )
        })
        .collect()
}

/// The same taxonomy (or term) in every language; every language has them.
pub fn taxonomy_switcher(b: &Builder, taxonomy: usize, term: Option<&Term>) -> Vec<LanguageLink> {
    b.config
        .languages
        .iter()
        .map(|settings| {
            let other = &b.model.language(settings.language).taxonomies[taxonomy];
            let url = match term {
                Some(term) => other
                    .terms
                    .iter()
                    .find(|t| t.key == term.key)
                    .map_or(&other.url, |t| &t.url),
                None => &other.url,
            };
            link(b, settings, url, settings.language == b.lang, true)
        })
        .collect()
}

pub(super) fn link(
    b: &Builder,
    settings: &crate::config::LanguageSettings,
    url: &str,
    current: bool,
    translated: bool,
) -> LanguageLink {
    LanguageLink {
        code: settings.code(),
        name: settings.name.clone(),
        href: b.href(url),
        absolute: b.config.absolute_url(url),
        current,
        translated,
    }
}

/// `<link rel="alternate" hreflang>` for every version of the page.
pub fn alternates(r: &Renderer, page: usize) -> Vec<Alternate> {
    let group = &r.model.groups[r.model.page(page).group];
    group
        .versions
        .iter()
        .map(|(lang, &version)| Alternate {
            code: lang.code(),
            href: r.config.absolute_url(&r.model.page(version).url),
        })
        .collect()
}

/// A list page in each language (every language has one), `url_in`
/// giving its address there; the page's own language is the current one
/// when `here` (a letter page of the search is not its language's list).
pub fn list_switcher(
    r: &Renderer,
    b: &Builder,
    url_in: impl Fn(crate::lang::Language, &super::Strings) -> String,
    here: bool,
) -> Vec<LanguageLink> {
    (r.config.languages.iter())
        .map(|settings| {
            let url = url_in(settings.language, &r.strings[&settings.language]);
            link(b, settings, &url, here && settings.language == b.lang, true)
        })
        .collect()
}

pub fn list_alternates(links: &[LanguageLink]) -> Vec<Alternate> {
    links
        .iter()
        .map(|l| Alternate {
            code: l.code,
            href: l.absolute.clone(),
        })
        .collect()
}
