//! Where each file lands: site-relative URLs and links between pages.
//!
//! URLs are kept relative to the site root without a leading slash
//! (`kurs/renhold-og-smittevern/`, the home page is ``), and every link in
//! the output is written relative to the page it is on (`../../maler/x/`).
//! That way the same output works at a domain's root, in a subfolder, and
//! opened from disk, whatever `base_url` says.

use std::collections::HashMap;

use crate::config::Config;
use crate::lang::Language;
use crate::load::{file_name, parent_dir};
use crate::parse::Document;

/// Folder (relative to `content/`) and language → the URL it maps to,
/// honouring the `slug` of the folder's `_index.md` or `index.md` in that
/// language, and the language's prefix (`en/`).
pub struct DirUrls<'a> {
    slugs: HashMap<(&'a str, Language), &'a str>,
    original_slugs: HashMap<&'a str, &'a str>,
    prefixes: HashMap<Language, &'a str>,
    default: Language,
    cache: HashMap<(Language, String), String>,
}

impl<'a> DirUrls<'a> {
    pub fn new(documents: &'a [Document], config: &'a Config) -> Self {
        let indexes = || {
            documents
                .iter()
                .filter(|d| d.is_section_index() || d.is_bundle_index())
        };
        DirUrls {
            slugs: indexes()
                .filter_map(|d| Some(((d.dir(), d.lang), d.meta.slug.as_deref()?)))
                .collect(),
            original_slugs: indexes()
                .filter(|d| !d.is_translation)
                .filter_map(|d| Some((d.dir(), d.meta.slug.as_deref()?)))
                .collect(),
            prefixes: config
                .languages
                .iter()
                .map(|l| (l.language, l.url_prefix.as_str()))
                .collect(),
            default: config.default_language(),
            cache: HashMap::new(),
        }
    }

    pub fn dir_url(&mut self, lang: Language, dir: &str) -> String {
        if dir.is_empty() {
            return self
                .prefixes
                .get(&lang)
                .copied()
                .unwrap_or_default()
                .to_owned();
        }
        let cache_key = (lang, dir.to_owned());
        if let Some(url) = self.cache.get(&cache_key) {
            return url.clone();
        }
        let segment = self
            .slugs
            .get(&(dir, lang))
            .or_else(|| self.original_slugs.get(dir))
            .copied()
            .unwrap_or_else(|| file_name(dir));
        let url = format!("{}{}/", self.dir_url(lang, parent_dir(dir)), segment);
        self.cache.insert(cache_key, url.clone());
        url
    }

    /// The URL of a page: its folder's for `_index.md` and `index.md`,
    /// otherwise the folder's plus the slug or file stem.
    pub fn page_url(&mut self, doc: &Document) -> String {
        let dir_url = self.dir_url(doc.lang, doc.dir());
        if doc.is_section_index() || doc.is_bundle_index() {
            return dir_url;
        }
        let stem = file_name(&doc.key).trim_end_matches(".md");
        format!("{dir_url}{}/", doc.meta.slug.as_deref().unwrap_or(stem))
    }

    /// The URL of a file in the content tree: it keeps its name in its
    /// folder, under the default language's URLs; translations link to it.
    pub fn asset_url(&mut self, rel_path: &str) -> String {
        let default = self.default;
        format!(
            "{}{}",
            self.dir_url(default, parent_dir(rel_path)),
            file_name(rel_path)
        )
    }
}

/// The prefix that leads from a page at `from_url` back to the site root:
/// `kurs/a/` → `../../`, the home page → `./`.
pub fn root_prefix(from_url: &str) -> String {
    relative_url(from_url, "")
}

/// How many folders down from the root the page at `url` is.
fn depth(url: &str) -> usize {
    url.split('/').filter(|s| !s.is_empty()).count()
}

/// The last part of a site URL: `kurs/renhold/` → `renhold` (a page's own
/// name, for the files named after it); the home page's is empty.
pub fn last_part(url: &str) -> &str {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

/// `to_url` as written on a page at `from_url`, percent-encoded.
pub fn relative_url(from_url: &str, to_url: &str) -> String {
    if from_url == to_url {
        return "./".to_owned();
    }
    // Written into one string: every link of every page passes here.
    let depth = depth(from_url);
    let mut url = String::with_capacity(3 * depth + to_url.len() + 2);
    if depth == 0 && to_url.is_empty() {
        url.push_str("./");
    }
    for _ in 0..depth {
        url.push_str("../");
    }
    crate::slug::push_encoded_path(&mut url, to_url);
    url
}

/// The site URL a relative link on the page at `from_url` leads to (`None`
/// when it climbs above the site's root).
pub fn resolve(from_url: &str, link: &str) -> Option<String> {
    let ends_in_folder = link.is_empty()
        || link.ends_with('/')
        || link == "."
        || link == ".."
        || link.ends_with("/.")
        || link.ends_with("/..");
    let mut url = normalise(&format!("{from_url}/{link}"))?;
    if ends_in_folder && !url.is_empty() {
        url.push('/');
    }
    Some(url)
}

/// Resolves `a/./b/../c` to `a/c`; `None` if it climbs above the root.
pub fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The page's output file: `kurs/a/` → `kurs/a/index.html`.
pub fn output_path(url: &str) -> String {
    format!("{url}index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_page() {
        assert_eq!(
            resolve("kurs/a/", "../../maler/b/").as_deref(),
            Some("maler/b/")
        );
        assert_eq!(resolve("kurs/a/m/", "../").as_deref(), Some("kurs/a/"));
        assert_eq!(resolve("kurs/a/", "./").as_deref(), Some("kurs/a/"));
        assert_eq!(
            resolve("kurs/a/", "plan.pdf").as_deref(),
            Some("kurs/a/plan.pdf")
        );
        assert_eq!(resolve("", "kurs/").as_deref(), Some("kurs/"));
        assert_eq!(resolve("kurs/", "../").as_deref(), Some(""));
        assert_eq!(resolve("kurs/", "../../x/"), None);
    }

    #[test]
    fn relative_urls_climb_to_the_root() {
        assert_eq!(relative_url("kurs/a/", "maler/b/"), "../../maler/b/");
        assert_eq!(relative_url("", "maler/b/"), "maler/b/");
        assert_eq!(relative_url("kurs/", ""), "../");
        assert_eq!(relative_url("", ""), "./");
        assert_eq!(relative_url("kurs/a/", "kurs/a/"), "./");
        assert_eq!(
            relative_url("kurs/a/", "kurs/a/plan.pdf"),
            "../../kurs/a/plan.pdf"
        );
    }
}
