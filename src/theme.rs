//! The theme: templates, static files and UI strings.
//!
//! The standard theme is compiled into the binary, so `kursportal` builds a
//! content tree that has no theme folder. Files override it by name, most
//! specific last, as mdBook's `Theme::new` does: embedded defaults, then
//! `themes/<theme>/…`, then the site's own `templates/` and `i18n/`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::Failure;

pub use crate::config::DEFAULT_THEME;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/standard/", $name)))),*]
    };
}

const EMBEDDED_TEMPLATES: &[(&str, &str)] = embedded![
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/section.html",
    "templates/page.html",
    "templates/course.html",
    "templates/module.html",
    "templates/template.html",
    "templates/form.html",
    "templates/case.html",
    "templates/taxonomy.html",
    "templates/term.html",
    "templates/404.html",
    "templates/search.html",
    "templates/news.html",
];

const EMBEDDED_STATIC: &[(&str, &str)] = embedded![
    "static/style.css",
    "static/kursportal.js",
    "static/search.js"
];

const EMBEDDED_STRINGS: &[(&str, &str)] = embedded![
    "i18n/nb.toml",
    "i18n/nn.toml",
    "i18n/en.toml",
    "i18n/ar.toml"
];

/// A template and where it came from, so errors in it can name the file.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub name: String,
    pub origin: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, TemplateSource>,
    /// Path under `static/` → bytes; copied to the output root.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// UI strings per language of the site.
    pub strings: BTreeMap<Language, Strings>,
}

/// Ids the render phase writes itself (a form's `<form id="skjema">`),
/// reserved beside the templates' own.
const RENDERER_IDS: [&str; 1] = ["skjema"];

impl Theme {
    /// The ids the theme gives its own elements: every literal `id="…"` in
    /// its templates (a macro's argument included), and the render phase's.
    /// Headings in content never take one, so ids on a page stay unique.
    pub fn reserved_ids(&self) -> HashSet<String> {
        let mut ids: HashSet<String> = RENDERER_IDS.iter().map(|id| id.to_string()).collect();
        for template in self.templates.values() {
            for (at, _) in template.text.match_indices("id=\"") {
                // `id="…"` itself, not `data-id="…"`.
                if !template.text[..at]
                    .ends_with(|c: char| c.is_whitespace() || c == '(' || c == ',')
                {
                    continue;
                }
                let rest = &template.text[at + 4..];
                let value = rest.split('"').next().unwrap_or_default();
                if !value.is_empty() && !value.contains(['{', '}', ' ']) {
                    ids.insert(value.to_owned());
                }
            }
        }
        ids
    }
}

/// UI strings of one language: key → text.
pub type Strings = BTreeMap<String, String>;

/// Loads the theme named in `site.toml`, with the site's overrides on top,
/// and the UI strings of each of `languages` (the default first).
pub fn load(root: &Path, name: &str, languages: &[Language]) -> Result<Theme, Failure> {
    let mut theme = Theme::default();
    let embedded_origin = |file: &str| PathBuf::from(format!("(built-in theme)/{file}"));
    for (file, text) in EMBEDDED_TEMPLATES {
        theme.add_template(
            file.trim_start_matches("templates/"),
            embedded_origin(file),
            text.to_string(),
        );
    }
    for (file, text) in EMBEDDED_STATIC {
        theme.static_files.insert(
            file.trim_start_matches("static/").to_owned(),
            text.as_bytes().to_vec(),
        );
    }
    let mut problems = Vec::new();
    for &language in languages {
        if let Some((file, text)) = EMBEDDED_STRINGS
            .iter()
            .find(|(f, _)| *f == strings_file(language))
        {
            theme.merge_strings(language, &embedded_origin(file), text, &mut problems);
        }
    }
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        theme.overlay(root, &theme_dir, languages, &mut problems)?;
    } else if name != DEFAULT_THEME {
        return Err(Failure::Content(vec![Diagnostic::in_file(
            "site.toml",
            format!("the theme `{name}` does not exist: there is no folder themes/{name}"),
        )
        .with_help(format!(
            "create themes/{name}/templates, or set theme = \"{DEFAULT_THEME}\""
        ))]));
    }
    theme.overlay(root, root, languages, &mut problems)?;
    problems.extend(missing_strings(&theme.strings, languages));
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(Failure::Content(problems))
    }
}

impl Theme {
    fn add_template(&mut self, name: &str, origin: PathBuf, text: String) {
        self.templates.insert(
            name.to_owned(),
            TemplateSource {
                name: name.to_owned(),
                origin,
                text,
            },
        );
    }

    /// Lays `dir`'s `templates/`, `static/` (theme only) and `i18n/` over what we have.
    fn overlay(
        &mut self,
        root: &Path,
        dir: &Path,
        languages: &[Language],
        problems: &mut Vec<Diagnostic>,
    ) -> anyhow::Result<()> {
        for (rel, path) in files_under(&dir.join("templates"), root, problems)? {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            self.add_template(&rel, relative_to(root, &path), text);
        }
        // A site's own static/ is copied as-is by the render phase; only a
        // theme's static files replace the built-in ones.
        if dir != root {
            for (rel, path) in files_under(&dir.join("static"), root, problems)? {
                let bytes =
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                self.static_files.insert(rel, bytes);
            }
        }
        for &language in languages {
            let strings = dir.join(strings_file(language));
            if strings.is_file() {
                let text = std::fs::read_to_string(&strings)
                    .with_context(|| format!("reading {}", strings.display()))?;
                self.merge_strings(language, &relative_to(root, &strings), &text, problems);
            }
        }
        Ok(())
    }

    fn merge_strings(
        &mut self,
        language: Language,
        origin: &Path,
        text: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        match toml::from_str::<Strings>(text) {
            Ok(strings) => self.strings.entry(language).or_default().extend(strings),
            Err(e) => problems.push(crate::toml_text::toml_error_diagnostic(origin, text, 0, &e)),
        }
    }
}

fn strings_file(language: Language) -> String {
    format!("i18n/{}.toml", language.code())
}

/// Every language needs every UI string the default language has: a page
/// in English must not fall back to Norwegian words.
fn missing_strings(
    strings: &BTreeMap<Language, Strings>,
    languages: &[Language],
) -> Vec<Diagnostic> {
    let empty = Strings::new();
    let reference = strings.get(&languages[0]).unwrap_or(&empty);
    let mut problems = Vec::new();
    for &language in languages {
        let have = strings.get(&language).unwrap_or(&empty);
        let missing: Vec<&str> = reference
            .keys()
            .filter(|k| !have.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let file = strings_file(language);
            problems.push(
                Diagnostic::in_file(
                    &file,
                    format!(
                        "{} UI string{} missing in `{}`: {}",
                        missing.len(),
                        if missing.len() == 1 { " is" } else { "s are" },
                        language.code(),
                        missing.join(", ")
                    ),
                )
                .with_help(format!(
                    "add them to {file} in the site (or the theme), for example {} = \"…\"",
                    missing[0]
                )),
            );
        }
    }
    problems
}

/// Files under `dir` (if it exists) as (path relative to `dir` with `/`,
/// full path), sorted. Symbolic links are followed while they stay inside
/// the site (`root`); one that leads out, or nowhere, is a problem, as in
/// content/, and nothing behind it is read.
pub fn files_under(
    dir: &Path,
    root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> anyhow::Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let site_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let outside = std::cell::RefCell::new(Vec::new());
    let entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let leads_out = crate::load::leads_out_of(e, &site_root);
            if leads_out {
                outside.borrow_mut().push(e.path().to_path_buf());
            }
            !leads_out
        });
    let mut files = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if error.loop_ancestor().is_some() => {
                let path = error.path().unwrap_or(dir);
                problems.push(crate::load::looping_link(relative_to(root, path)));
                continue;
            }
            // A link to nothing cannot be followed.
            Err(error) if error.path().is_some_and(Path::is_symlink) => {
                let link = error.path().unwrap_or(dir).to_path_buf();
                outside.borrow_mut().push(link);
                continue;
            }
            Err(error) => return Err(error).with_context(|| format!("reading {}", dir.display())),
        };
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !name.starts_with('.') && !name.ends_with('~') {
            let rel = crate::load::relative_slash_path(dir, entry.path());
            files.push((rel, entry.path().to_path_buf()));
        }
    }
    let folder = format!("{}/", relative_to(root, dir).display());
    for link in outside.into_inner() {
        problems.push(crate::load::link_out_of_site(
            &link,
            relative_to(root, &link),
            &folder,
        ));
    }
    Ok(files)
}

fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_the_templates_use_are_reserved() {
        let dir = tempfile::tempdir().unwrap();
        let ids = load(dir.path(), DEFAULT_THEME, &[Language::Nb])
            .unwrap()
            .reserved_ids();
        for id in [
            "hovedinnhold",
            "toppmeny",
            "sokefelt",
            "kursmateriell",
            "mal-for-kurset",
            "skjema",
        ] {
            assert!(ids.contains(id), "{id} is not reserved: {ids:?}");
        }
        assert!(!ids.iter().any(|id| id.contains('{')), "{ids:?}");
    }

    #[test]
    fn the_built_in_theme_is_complete() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), DEFAULT_THEME, &Language::ALL).unwrap();
        for name in [
            "base.html",
            "page.html",
            "course.html",
            "form.html",
            "404.html",
        ] {
            assert!(theme.templates.contains_key(name), "missing {name}");
        }
        assert_eq!(
            theme.strings[&Language::Nb]["skip_link"],
            "Hopp til hovedinnhold"
        );
        assert_eq!(
            theme.strings[&Language::En]["skip_link"],
            "Skip to main content"
        );
        assert!(theme.static_files.contains_key("style.css"));
    }

    #[test]
    fn a_missing_ui_string_is_named_with_its_language() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/nb.toml"), "ny_tekst = \"Ny\"").unwrap();
        let Err(Failure::Content(problems)) =
            load(dir.path(), DEFAULT_THEME, &[Language::Nb, Language::En])
        else {
            panic!("a string only in nb must be an error");
        };
        assert_eq!(
            problems[0].message,
            "1 UI string is missing in `en`: ny_tekst"
        );
    }

    #[test]
    fn site_templates_override_the_theme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/page.html"), "mine").unwrap();
        let theme = load(dir.path(), DEFAULT_THEME, &[Language::Nb]).unwrap();
        assert_eq!(theme.templates["page.html"].text, "mine");
        assert_eq!(
            theme.templates["page.html"].origin,
            Path::new("templates/page.html")
        );
    }
}
