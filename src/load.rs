//! `content/` → sources and assets.
//!
//! Walks the content tree once and sorts what it finds into Markdown sources
//! (read into memory) and every other file (an asset, copied later). Paths are
//! kept relative to `content/` with `/` separators, because that is how
//! editors write them in `@/…` links.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::Failure;

/// A Markdown file as the editor wrote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to `content/`: `kurs/renhold-og-smittevern/index.en.md`.
    pub rel_path: String,
    /// The path without the language suffix, shared by a page and its
    /// translations: `kurs/renhold-og-smittevern/index.md`.
    pub key: String,
    /// From the suffix (`index.en.md`), else the site's default language.
    pub lang: Language,
    /// The path shown in errors, relative to the site root.
    pub display_path: PathBuf,
    /// Shared with the parsed document, so a kept site holds it once.
    pub text: Arc<str>,
}

/// Any other file in the content tree: a PDF beside a course, an image.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetFile {
    pub rel_path: String,
    pub abs_path: PathBuf,
    pub size: u64,
    /// When it was last written: a picture saved over with another of the
    /// same byte count (turned by its orientation tag) is still a change.
    pub modified: Option<std::time::SystemTime>,
}

#[derive(Debug, Default, Clone)]
pub struct ContentTree {
    pub sources: Vec<SourceFile>,
    pub assets: Vec<AssetFile>,
}

/// Reads every file under `content_dir`. Hidden files (`.git`, `.DS_Store`)
/// and editor backups (`name~`) are skipped. `languages` are the site's, the
/// default first; a Markdown file's suffix must name one of them.
pub fn walk(content_dir: &Path, languages: &[Language]) -> Result<ContentTree, Failure> {
    if !content_dir.is_dir() {
        return Err(Failure::Content(vec![Diagnostic::in_file(
            "content",
            "the site has no content/ folder",
        )
        .with_help("create content/_index.md for the home page")]));
    }
    let mut tree = ContentTree::default();
    let outside = std::cell::RefCell::new(Vec::new());
    let site_root = content_dir.parent().unwrap_or(content_dir);
    let site_root = site_root
        .canonicalize()
        .unwrap_or_else(|_| site_root.to_path_buf());
    // Links are followed while they stay in the site; one that leads out
    // is refused (with what is behind it), never read or copied.
    let entries = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let shown = e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref());
            let leads_out = leads_out_of(e, &site_root);
            if shown && leads_out {
                outside.borrow_mut().push(e.path().to_path_buf());
            }
            shown && !leads_out
        });
    let mut problems = Vec::new();
    // Markdown files found, read after the walk on every core.
    let mut to_read: Vec<Unread> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if error.loop_ancestor().is_some() => {
                let path = error.path().unwrap_or(content_dir);
                let shown = Path::new("content").join(relative_slash_path(content_dir, path));
                problems.push(looping_link(shown));
                continue;
            }
            // A link to nothing cannot be followed.
            Err(error) if error.path().is_some_and(Path::is_symlink) => {
                let link = error.path().unwrap_or(content_dir).to_path_buf();
                outside.borrow_mut().push(link);
                continue;
            }
            Err(error) => {
                return Err(anyhow::Error::new(error)
                    .context(format!("reading {}", content_dir.display()))
                    .into())
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let abs_path = entry.path().to_path_buf();
        let rel_path = relative_slash_path(content_dir, &abs_path);
        let display_path = Path::new("content").join(&rel_path);
        if rel_path.ends_with(".md") {
            let (key, lang) = match language_of(&rel_path, languages) {
                Ok(found) => found,
                Err(message) => {
                    problems
                        .push(Diagnostic::in_file(&display_path, message.0).with_help(message.1));
                    continue;
                }
            };
            to_read.push(Unread {
                abs_path,
                rel_path,
                key,
                lang,
                display_path,
            });
        } else if rel_path.to_ascii_lowercase().ends_with(".md") {
            // `Om.MD` was copied out as a file to download, unread.
            let name = file_name(&rel_path);
            let fixed = format!("{}.md", &name[..name.len() - 3]);
            problems.push(
                Diagnostic::in_file(
                    &display_path,
                    "a Markdown file whose name ends in capitals is not read as a page",
                )
                .with_help(format!("rename it to `{fixed}`")),
            );
        } else {
            let metadata = entry
                .metadata()
                .with_context(|| format!("reading {}", abs_path.display()))?;
            tree.assets.push(AssetFile {
                rel_path,
                abs_path,
                size: metadata.len(),
                modified: metadata.modified().ok(),
            });
        }
    }
    let read: Vec<_> = to_read.into_par_iter().map(Unread::read).collect();
    for source in read {
        match source? {
            Ok(source) => tree.sources.push(source),
            Err(d) => problems.push(d),
        }
    }
    for link in outside.into_inner() {
        let shown = Path::new("content").join(relative_slash_path(content_dir, &link));
        problems.push(link_out_of_site(&link, shown, "content/"));
    }
    if problems.is_empty() {
        Ok(tree)
    } else {
        Err(Failure::Content(problems))
    }
}

impl ContentTree {
    /// Brings the tree up to date after `changed` (paths from the site's
    /// root) without walking it again: files it holds are read again, and
    /// paths that came and went (an editor's temporary files) are passed
    /// over. Returns false when that is not enough (a file or folder came
    /// or went, a file cannot be read as it is): walk the tree again then,
    /// which also reports what is wrong.
    pub fn refresh<'a>(
        &mut self,
        site_root: &Path,
        mut changed: impl Iterator<Item = &'a PathBuf>,
    ) -> bool {
        changed.all(|path| self.refresh_one(site_root, path))
    }

    fn refresh_one(&mut self, site_root: &Path, changed: &Path) -> bool {
        let Ok(inside) = changed.strip_prefix("content") else {
            return false;
        };
        let rel_path = relative_slash_path(Path::new(""), inside);
        if rel_path.split('/').any(is_ignored) {
            return true;
        }
        let abs_path = site_root.join(changed);
        let metadata = std::fs::symlink_metadata(&abs_path);
        let is_file = metadata.as_ref().is_ok_and(std::fs::Metadata::is_file);
        if let Some(source) = self.sources.iter_mut().find(|s| s.rel_path == rel_path) {
            return match read_markdown(&abs_path, &source.display_path) {
                Ok(Ok(text)) if is_file => {
                    source.text = text.into();
                    true
                }
                _ => false,
            };
        }
        if let Some(asset) = self.assets.iter_mut().find(|a| a.rel_path == rel_path) {
            return match &metadata {
                Ok(metadata) if is_file => {
                    asset.size = metadata.len();
                    asset.modified = metadata.modified().ok();
                    true
                }
                _ => false,
            };
        }
        // Not in the tree: fine if it is gone and held nothing of it.
        let folder = format!("{rel_path}/");
        let held = self.sources.iter().map(|s| &s.rel_path);
        let held_inside = held
            .chain(self.assets.iter().map(|a| &a.rel_path))
            .any(|p| p.starts_with(&folder));
        metadata.is_err() && !held_inside
    }
}

/// `om.en.md` → (`om.md`, English); `om.md` → (`om.md`, the default language).
/// A suffix of two or three lower-case letters is a language code and must be
/// one of the site's languages.
fn language_of(
    rel_path: &str,
    languages: &[Language],
) -> Result<(String, Language), (String, String)> {
    let stem = rel_path.trim_end_matches(".md");
    misnamed_translation(stem, languages)?;
    let Some((base, suffix)) = stem.rsplit_once('.').filter(|(base, suffix)| {
        !base.ends_with('/')
            && (2..=3).contains(&suffix.len())
            && suffix.chars().all(|c| c.is_ascii_lowercase())
    }) else {
        return Ok((rel_path.to_owned(), languages[0]));
    };
    let codes = Language::list(languages);
    match Language::from_code(suffix) {
        Some(lang) if languages.contains(&lang) => Ok((format!("{base}.md"), lang)),
        Some(_) => Err((
            format!("the file name says it is in `{suffix}`, which is not one of the site's languages"),
            format!("add [languages.{suffix}] to site.toml, or rename the file; the site's languages are: {codes}"),
        )),
        None => Err((
            format!("unknown language `{suffix}` in the file name"),
            format!("a translation is named like `index.en.md`; the site's languages are: {codes}"),
        )),
    }
}

/// A translation named as an editor might (`index.EN.md`, `index-en.md`)
/// was published as one more page in the default language, and the
/// language version went missing: said so, with the name to use.
fn misnamed_translation(stem: &str, languages: &[Language]) -> Result<(), (String, String)> {
    let site_language = |code: &str| {
        Language::from_code(&code.to_ascii_lowercase()).filter(|l| languages.contains(l))
    };
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        let capitals = suffix.chars().any(|c| c.is_ascii_uppercase());
        let language = Language::from_code(&suffix.to_ascii_lowercase());
        if capitals && !base.ends_with('/') && language.is_some() {
            let name = format!("{}.{}.md", file_name(base), suffix.to_ascii_lowercase());
            return Err((
                format!("the language in the file name, `{suffix}`, is in capitals"),
                format!("rename the file to `{name}`: a translation's language is written in small letters"),
            ));
        }
    }
    let name = file_name(stem);
    if let Some((head, code)) = name.rsplit_once(['-', '_']) {
        let index = head == "index" || head == "_index";
        if index && site_language(code).is_some_and(|l| l != languages[0]) {
            let code = code.to_ascii_lowercase();
            return Err((
                format!(
                    "`{name}.md` looks like a translation, but the language does not follow a dot"
                ),
                format!("rename the file to `{head}.{code}.md`"),
            ));
        }
    }
    Ok(())
}

/// A symbolic link whose target is not inside the site (`site_root`,
/// resolved), is hidden there (`.env`, `.git/`, a build's staging folder),
/// or leads nowhere: never read, never copied.
pub fn leads_out_of(entry: &walkdir::DirEntry, site_root: &Path) -> bool {
    let inside = |target: PathBuf| {
        target.strip_prefix(site_root).is_ok_and(|rel| {
            !rel.components()
                .any(|part| part.as_os_str().to_string_lossy().starts_with('.'))
        })
    };
    entry.path_is_symlink() && !entry.path().canonicalize().is_ok_and(inside)
}

/// The problem of a link that leads out of the site, shown as `shown`,
/// in `folder` (`content/`, `static/`).
pub fn link_out_of_site(link: &Path, shown: PathBuf, folder: &str) -> Diagnostic {
    let target = std::fs::read_link(link).unwrap_or_default();
    if link.canonicalize().is_err() {
        return Diagnostic::in_file(
            shown,
            format!(
                "this is a link to {}, which does not exist",
                target.display()
            ),
        )
        .with_help(format!(
            "remove the link, or put the file itself in {folder}"
        ));
    }
    Diagnostic::in_file(
        shown,
        format!(
            "this is a link to {}, outside the site or hidden in it, which is not published",
            target.display()
        ),
    )
    .with_help(format!(
        "copy the file or folder into {folder} instead, so the site holds what it publishes"
    ))
}

/// The problem of a link to a folder it is in: followed, it never ends.
pub fn looping_link(shown: PathBuf) -> Diagnostic {
    Diagnostic::in_file(
        shown,
        "this link leads back to a folder it is in, which would never end",
    )
    .with_help("remove the link, or make it point to a folder beside it")
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~')
}

/// A Markdown file the walk found, to be read.
struct Unread {
    abs_path: PathBuf,
    rel_path: String,
    key: String,
    lang: Language,
    display_path: PathBuf,
}

impl Unread {
    fn read(self) -> anyhow::Result<Result<SourceFile, Diagnostic>> {
        let text = read_markdown(&self.abs_path, &self.display_path)?;
        Ok(text.map(|text| SourceFile {
            rel_path: self.rel_path,
            key: self.key,
            lang: self.lang,
            display_path: self.display_path,
            text: text.into(),
        }))
    }
}

fn read_markdown(
    abs_path: &Path,
    display_path: &Path,
) -> anyhow::Result<Result<String, Diagnostic>> {
    let bytes =
        std::fs::read(abs_path).with_context(|| format!("reading {}", abs_path.display()))?;
    Ok(match String::from_utf8(bytes) {
        // A NUL is no letter: the file is binary, or saved as UTF-16 (which
        // puts one beside every letter of a plain text).
        Ok(text) if text.contains('\0') => {
            let at = text.find('\0').unwrap_or(0);
            Err(Diagnostic::at_offset(display_path, &text, at, "the file holds a NUL character, so it is not plain UTF-8 text")
                .with_help("open it in your editor and save it with the encoding UTF-8 (not UTF-16 or «Unicode»); a file that is not text belongs beside the page as an attachment, not as a .md file"))
        }
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text)),
        Err(e) => {
            // Show the line with the first bad character, up to that spot.
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            Err(Diagnostic::at_offset(display_path, good, good.len(), "the file is not saved as UTF-8 text")
                .with_help("open it in your editor and save it with the encoding UTF-8 (letters like æ, ø and å are the usual cause)"))
        }
    })
}

/// `path` relative to `base`, with `/` between its parts on every platform.
pub fn relative_slash_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folder part of a content-relative path: `kurs/a/index.md` → `kurs/a`.
pub fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The file-name part of a content-relative path.
pub fn file_name(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or(rel_path, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_on_slashes() {
        assert_eq!(parent_dir("kurs/a/index.md"), "kurs/a");
        assert_eq!(parent_dir("om.md"), "");
        assert_eq!(file_name("kurs/a/index.md"), "index.md");
        assert_eq!(file_name("om.md"), "om.md");
    }

    #[test]
    fn language_suffixes_name_translations() {
        let site = [Language::Nb, Language::En];
        assert_eq!(
            language_of("om.md", &site).unwrap(),
            ("om.md".into(), Language::Nb)
        );
        assert_eq!(
            language_of("kurs/a/index.en.md", &site).unwrap(),
            ("kurs/a/index.md".into(), Language::En)
        );
        assert_eq!(
            language_of("plan.v2.md", &site).unwrap(),
            ("plan.v2.md".into(), Language::Nb)
        );
        assert!(language_of("om.ar.md", &site)
            .unwrap_err()
            .0
            .contains("not one of the site's languages"));
        assert!(language_of("om.de.md", &site)
            .unwrap_err()
            .0
            .contains("unknown language `de`"));
    }

    #[test]
    fn translations_named_as_editors_might_are_caught() {
        let site = [Language::Nb, Language::En];
        let help = |path: &str| language_of(path, &site).unwrap_err().1;
        assert!(help("kurs/a/index.EN.md").contains("`index.en.md`"));
        assert!(help("om.En.md").contains("`om.en.md`"));
        assert!(help("kurs/a/index-en.md").contains("`index.en.md`"));
        assert!(help("kurs/_index_en.md").contains("`_index.en.md`"));
        // Names that only look alike are pages.
        for page in [
            "steg-en.md",
            "index-nb.md",
            "index-de.md",
            "plan.V2.md",
            "index.DE.md",
        ] {
            assert!(language_of(page, &site).is_ok(), "{page}");
        }
    }

    #[test]
    fn hidden_and_backup_files_are_ignored() {
        assert!(is_ignored(".DS_Store"));
        assert!(is_ignored("index.md~"));
        assert!(!is_ignored("index.md"));
    }
}
