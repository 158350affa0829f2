//! Where each page stands: its parent (section or course), the pages listed
//! on it, and the templates, forms and courses it points to. Worked out once
//! per page group from source paths, then read in each page's language.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::collate::sort_key;
use crate::lang::Language;
use crate::load::parent_dir;
use crate::parse::front_matter::SortBy;
use crate::parse::{Document, Kind, KindMeta};

use super::{Page, SiteModel};

/// Fills every page's `parent`, `children`, `subsections`, `templates`,
/// `forms` and `used_by`. `uses` maps a course group to the template and
/// form groups it uses.
pub fn link(model: &mut SiteModel, uses: &BTreeMap<usize, (Vec<usize>, Vec<usize>)>) {
    let parents = parent_groups(model);
    let mut children_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (g, parent) in parents.iter().enumerate() {
        if let Some(parent) = parent {
            children_of.entry(*parent).or_default().push(g);
        }
    }
    let mut used_by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (&course, (templates, forms)) in uses {
        for &used in templates.iter().chain(forms) {
            used_by.entry(used).or_default().push(course);
        }
    }
    for index in 0..model.pages.len() {
        let (g, lang) = (model.pages[index].group, model.pages[index].doc.lang);
        let in_lang = |groups: &[usize]| {
            groups
                .iter()
                .map(|&c| model.view(c, lang))
                .collect::<Vec<_>>()
        };
        let members = in_lang(children_of.get(&g).map_or(&[][..], Vec::as_slice));
        let (mut subsections, mut children): (Vec<usize>, Vec<usize>) = members
            .into_iter()
            .partition(|&p| model.pages[p].doc.is_section_index());
        let sort_by = match model.pages[index].doc.meta.kind {
            KindMeta::Section { sort_by, .. } => sort_by,
            _ => SortBy::Weight,
        };
        sort_pages(&model.pages, &mut children, sort_by, lang);
        sort_pages(&model.pages, &mut subsections, SortBy::Weight, lang);
        let (templates, forms) = uses
            .get(&g)
            .map(|(t, f)| (in_lang(t), in_lang(f)))
            .unwrap_or_default();
        let mut users = in_lang(used_by.get(&g).map_or(&[][..], Vec::as_slice));
        sort_pages(&model.pages, &mut users, SortBy::Title, lang);
        let parent = parents[g].map(|p| model.view(p, lang));
        let page = &mut model.pages[index];
        page.parent = parent;
        page.children = children;
        page.subsections = subsections;
        page.templates = templates;
        page.forms = forms;
        page.used_by = users;
    }
}

/// Each group's parent group: a module's course, else the nearest section
/// above it. The home page has none.
fn parent_groups(model: &SiteModel) -> Vec<Option<usize>> {
    let original = |g: usize| -> &Document { &model.pages[model.groups[g].original].doc };
    let by_dir = |pred: fn(&Document) -> bool| -> HashMap<String, usize> {
        (0..model.groups.len())
            .filter(|&g| pred(original(g)))
            .map(|g| (original(g).dir().to_owned(), g))
            .collect()
    };
    let sections = by_dir(|d| d.is_section_index());
    let courses = by_dir(|d| d.is_bundle_index() && d.kind == Kind::Course);
    let nearest_section = |mut dir: &str| -> Option<usize> {
        loop {
            if let Some(&g) = sections.get(dir) {
                return Some(g);
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
    };
    (0..model.groups.len())
        .map(|g| {
            let doc = original(g);
            if doc.key == "_index.md" {
                return None;
            }
            if doc.kind == Kind::Module {
                if let Some(&course) = courses.get(doc.dir()) {
                    return Some(course);
                }
            }
            let start = if doc.is_section_index() || doc.is_bundle_index() {
                parent_dir(doc.dir())
            } else {
                doc.dir()
            };
            nearest_section(start)
        })
        .collect()
}

/// Folders of addresses above pages that are no page themselves, each
/// with the page a reader there should be sent to (the parent the
/// breadcrumbs show). A translation under a section or course that is not
/// translated (`/en/kurs/renhold/`), or a page in a folder with no
/// `_index.md`, would otherwise leave a directory listing for a reader
/// who shortens the address. Each comes with the language of the pages
/// in it.
pub fn folders_without_a_page(model: &SiteModel) -> Vec<(String, usize, Language)> {
    let mut addresses: HashSet<&str> = model.pages.iter().map(|p| p.url.as_str()).collect();
    for taxonomy in model.languages.iter().flat_map(|view| &view.taxonomies) {
        addresses.insert(&taxonomy.url);
        addresses.extend(taxonomy.terms.iter().map(|t| t.url.as_str()));
    }
    let mut found: BTreeMap<&str, (usize, Language)> = BTreeMap::new();
    for page in &model.pages {
        let lang = page.doc.lang;
        let (mut folder, mut above) = (folder_of(&page.url), page.parent);
        // Up the folders while none is a page: `/en/kurs/a/`, then `/en/kurs/`.
        while !folder.is_empty() && !addresses.contains(folder) && !found.contains_key(folder) {
            // Every page but a home page has a parent (a site always has a
            // home page, and it is the section above every other).
            let Some(target) = above else {
                break;
            };
            found.insert(folder, (target, lang));
            // The next folder up still lies under the same page (`/a/b/c/`
            // and `/a/b/` both under `/a/`), or else under that page's parent.
            let up = folder_of(folder);
            let still_under = up.starts_with(model.pages[target].url.as_str());
            above = if still_under {
                Some(target)
            } else {
                model.pages[target].parent
            };
            folder = up;
        }
    }
    let found = found.into_iter();
    found
        .map(|(folder, (target, lang))| (folder.to_owned(), target, lang))
        .collect()
}

/// `en/kurs/renhold/01-intro/` → `en/kurs/renhold/`; the home page's `` stays ``.
fn folder_of(url: &str) -> &str {
    let trimmed = url.trim_end_matches('/');
    trimmed.rfind('/').map_or("", |i| &url[..=i])
}

/// Orders a list of pages the way its section asks, titles in `language`'s
/// alphabetical order. Each page's key is made once (`sort_key` allocates).
pub fn sort_pages(pages: &[Page], list: &mut [usize], sort_by: SortBy, language: Language) {
    let title_key = |i: &usize| sort_key(language, &pages[*i].doc.meta.title);
    match sort_by {
        SortBy::Weight => {
            list.sort_by_cached_key(|i| (pages[*i].doc.meta.weight.unwrap_or(0), title_key(i)))
        }
        SortBy::Title => list.sort_by_cached_key(title_key),
        SortBy::Updated => list
            .sort_by_cached_key(|i| (std::cmp::Reverse(pages[*i].doc.meta.updated), title_key(i))),
    }
}
