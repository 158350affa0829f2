//! The search page of each language (`/sok/`, `/en/search/` …) and what the
//! search script shows in that language.
//!
//! Without JavaScript the page is a way in of its own: every page of the
//! language from A to Å, grouped by first letter. On a large site each
//! letter gets its own page (`/sok/a/`), so no page grows heavy.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::json;
use tera::Context;

use crate::collate;
use crate::lang::Language;
use crate::model::{Page, SiteModel};

use super::base::{base_context, builder, search_url};
use super::context::Builder;
use super::languages;
use super::{Renderer, Strings};

/// Up to this many pages, the A–Å list is on the search page itself.
const PAGES_ON_ONE_LIST: usize = 400;

/// Words the search script shows: UI strings, kind names, taxonomy names.
pub fn labels(model: &SiteModel, language: Language, strings: &Strings) -> serde_json::Value {
    let ui: serde_json::Map<String, serde_json::Value> = strings
        .iter()
        .filter(|(key, _)| key.starts_with("search_") || key.starts_with("kind_"))
        .map(|(key, value)| (key.clone(), json!(value)))
        .collect();
    let taxonomies: Vec<serde_json::Value> = model
        .language(language)
        .taxonomies
        .iter()
        .map(|t| {
            let terms: serde_json::Map<String, serde_json::Value> = t
                .terms
                .iter()
                .map(|term| (term.key.clone(), json!(term.name)))
                .collect();
            json!({"key": t.key, "title": t.names.title, "terms": terms})
        })
        .collect();
    json!({"ui": ui, "taxonomies": taxonomies})
}

/// The pages of one first letter.
#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    /// The id of its heading, and the address part of its own page.
    slug: String,
    href: String,
    pages: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    title: String,
    href: String,
    kind_label: String,
}

/// Which A–Å page a search-page job draws: the whole list (or, on a large
/// site, only the letters), or one letter's pages.
pub type LetterPage = Option<usize>;

/// A language's pages from A to Å, worked out once for all its search pages
/// (and kept by a preview while no title in the language changes).
pub struct AToZ {
    /// Each first letter, its address part and its pages, in title order.
    letters: Vec<(String, String, Vec<usize>)>,
    /// Each letter has a page of its own (a large site).
    split: bool,
}

impl AToZ {
    /// The language's pages by first letter, in its alphabetical order (Æ,
    /// Ø, Å last in Bokmål and Nynorsk). A letter with a mark that the
    /// language does not count as a letter of its own (Å, É in English) is
    /// listed with its base letter, under the plainest form.
    pub fn of(model: &SiteModel, language: Language) -> AToZ {
        let pages = model.a_to_z(language);
        let split = pages.len() > PAGES_ON_ONE_LIST;
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for &page in pages {
            let letter = first_letter(&model.pages[page].doc.meta.title, language);
            match groups.last_mut() {
                Some((label, list)) if collate::same_letter(language, label, &letter) => {
                    list.push(page);
                    if collate::compare(language, &letter, label).is_lt() {
                        *label = letter;
                    }
                }
                _ => groups.push((letter, vec![page])),
            }
        }
        let mut taken = Vec::new();
        let letters = groups
            .into_iter()
            .map(|(letter, pages)| {
                let slug = letter_slug(&letter, &taken);
                taken.push(slug.clone());
                (letter, slug, pages)
            })
            .collect();
        AToZ { letters, split }
    }

    /// The letter `page` is listed under.
    fn letter_of(&self, page: usize) -> Option<usize> {
        (self.letters.iter()).position(|(_, _, pages)| pages.contains(&page))
    }

    /// The search pages of the language: one, or one and one per letter.
    pub fn pages(&self) -> Vec<LetterPage> {
        let letters = if self.split { self.letters.len() } else { 0 };
        std::iter::once(None)
            .chain((0..letters).map(Some))
            .collect()
    }
}

/// The search pages that show something else after the pages `retitled`
/// changed their titles, the language's list going from `before` to `now`;
/// `None` for all of them. A letter's own page shows its pages; every
/// search page shows the letters.
pub fn pages_to_redraw(
    before: &AToZ,
    now: &AToZ,
    retitled: &[usize],
) -> Option<HashSet<LetterPage>> {
    let letters = |list: &AToZ| -> Vec<(String, String)> {
        let letters = list.letters.iter();
        letters
            .map(|(letter, slug, _)| (letter.clone(), slug.clone()))
            .collect()
    };
    if retitled.is_empty() {
        return Some(HashSet::new());
    }
    if !now.split || !before.split || letters(before) != letters(now) {
        return None;
    }
    let mut pages = HashSet::new();
    for &page in retitled {
        for list in [before, now] {
            pages.extend(list.letter_of(page).map(Some));
        }
    }
    Some(pages)
}

/// The letter a title is listed under: its first letter or digit, upper-case.
/// In Bokmål and Nynorsk, `Aa` at the start is the old spelling of `Å`
/// (Aasen, Aall) and is listed, as it is sorted, with Å.
fn first_letter(title: &str, language: Language) -> String {
    let mut chars = title.chars().skip_while(|c| !c.is_alphanumeric());
    let Some(first) = chars.next() else {
        return "#".to_owned();
    };
    let norwegian = matches!(language, Language::Nb | Language::Nn);
    let is_a = |c: char| c.eq_ignore_ascii_case(&'a');
    if norwegian && is_a(first) && chars.next().is_some_and(is_a) {
        return "Å".to_owned();
    }
    first.to_uppercase().collect()
}

/// A letter as an id and address part: `a`, `ae`, `oe`, `aa`, Arabic kept.
fn letter_slug(letter: &str, taken: &[String]) -> String {
    let lower = letter.to_lowercase();
    let base = match lower.as_str() {
        "æ" => "ae".to_owned(),
        "ø" => "oe".to_owned(),
        "å" => "aa".to_owned(),
        "#" => "0".to_owned(),
        other => crate::slug::slugify(other),
    };
    let mut slug = base.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

#[derive(Serialize)]
struct SearchPage {
    title: String,
    /// Set on a letter's own page.
    letter: Option<String>,
    groups: Vec<LetterGroup>,
    /// True when the letters link to pages of their own.
    split: bool,
    search_href: String,
}

pub fn search_job(
    r: &Renderer,
    language: Language,
    letter: LetterPage,
) -> (String, String, Context) {
    let strings = &r.strings[&language];
    let base = search_url(r.model, language, strings);
    let a_to_z = &r.a_to_z[&language];
    let split = a_to_z.split;
    let url = match letter {
        Some(n) => format!("{base}{}/", a_to_z.letters[n].1),
        None => base.clone(),
    };
    let b = builder(r, language, &url);
    let title = match letter {
        Some(n) => format!("{} – {}", strings["search_title"], a_to_z.letters[n].0),
        None => strings["search_title"].clone(),
    };
    let show_pages = |n: usize| !split || letter == Some(n);
    let groups = a_to_z
        .letters
        .iter()
        .enumerate()
        .map(|(n, (letter, slug, pages))| LetterGroup {
            letter: letter.clone(),
            slug: slug.clone(),
            href: if split {
                b.href(&format!("{base}{slug}/"))
            } else {
                format!("#bokstav-{slug}")
            },
            pages: if show_pages(n) {
                pages
                    .iter()
                    .map(|&p| entry(&b, &r.model.pages[p]))
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let mut context = base_context(r, &b, &title);
    context.insert("canonical", &r.config.absolute_url(&url));
    // The search page has its own field; the header's would be a second one.
    context.insert("is_search_page", &letter.is_none());
    // A letter page's other languages are their whole search pages, as
    // letters differ between languages.
    let url_in = |language, strings: &Strings| search_url(r.model, language, strings);
    let others = languages::list_switcher(r, &b, url_in, letter.is_none());
    context.insert("alternates", &languages::list_alternates(&others));
    context.insert("languages", &others);
    context.insert(
        "page",
        &SearchPage {
            title,
            letter: letter.map(|n| a_to_z.letters[n].0.clone()),
            groups,
            split,
            search_href: b.href(&base),
        },
    );
    (url, "search.html".into(), context)
}

fn entry(b: &Builder, page: &Page) -> Entry {
    Entry {
        title: page.doc.meta.title.clone(),
        href: b.href(&page.url),
        kind_label: b.kind_label(page.doc.kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_letter_slug_gets_the_next_free_number() {
        // A title without letters or digits is listed under "#", whose
        // address part is the digit 0's.
        assert_eq!(letter_slug("#", &[]), "0");
        assert_eq!(letter_slug("#", &["0".to_owned()]), "0-2");
        let taken = ["0".to_owned(), "0-2".to_owned()];
        assert_eq!(letter_slug("#", &taken), "0-3");
    }

    #[test]
    fn norwegian_letters_get_their_own_addresses() {
        let mut taken = Vec::new();
        for letter in ["A", "Å", "Æ", "Ø", "Ä"] {
            let slug = letter_slug(letter, &taken);
            taken.push(slug);
        }
        assert_eq!(taken, ["a", "aa", "ae", "oe", "a-2"]);
        assert_eq!(first_letter("«Mitt» karriereløp", Language::Nb), "M");
        assert_eq!(first_letter("åpen dag", Language::Nb), "Å");
        assert_eq!(first_letter("Aasen", Language::Nn), "Å");
        assert_eq!(first_letter("Aasen", Language::En), "A");
    }
}
