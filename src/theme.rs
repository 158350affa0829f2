//! The theme: templates, static files and UI strings.
//!
//! The standard theme is compiled into the binary, so `kursportal` builds a
//! content tree that has no theme folder. Files override it by name, most
//! specific last, as mdBook's `Theme::new` does: embedded defaults, then
//! `themes/<theme>/…`, then the site's own `templates/` and `i18n/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::Failure;

pub const DEFAULT_THEME: &str = "standard";

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
];

const EMBEDDED_STATIC: &[(&str, &str)] = embedded!["static/style.css", "static/kursportal.js"];

const EMBEDDED_STRINGS: &[(&str, &str)] = embedded!["i18n/nb.toml"];

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
    /// UI strings of the site's language.
    pub strings: BTreeMap<String, String>,
}

/// Loads the theme named in `site.toml`, with the site's overrides on top.
pub fn load(root: &Path, name: &str, language: Language) -> Result<Theme, Failure> {
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
    let strings_file = format!("i18n/{}.toml", language.code());
    let mut problems = Vec::new();
    if let Some((file, text)) = EMBEDDED_STRINGS.iter().find(|(f, _)| *f == strings_file) {
        theme.merge_strings(&embedded_origin(file), text, &mut problems);
    }
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        theme.overlay(root, &theme_dir, &strings_file, &mut problems)?;
    } else if name != DEFAULT_THEME {
        return Err(Failure::Content(vec![Diagnostic::in_file(
            "site.toml",
            format!("the theme `{name}` does not exist: there is no folder themes/{name}"),
        )
        .with_help(format!(
            "create themes/{name}/templates, or set theme = \"{DEFAULT_THEME}\""
        ))]));
    }
    theme.overlay(root, root, &strings_file, &mut problems)?;
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
        strings_file: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> anyhow::Result<()> {
        for (rel, path) in files_under(&dir.join("templates"))? {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            self.add_template(&rel, relative_to(root, &path), text);
        }
        // A site's own static/ is copied as-is by the render phase; only a
        // theme's static files replace the built-in ones.
        if dir != root {
            for (rel, path) in files_under(&dir.join("static"))? {
                let bytes =
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                self.static_files.insert(rel, bytes);
            }
        }
        let strings = dir.join(strings_file);
        if strings.is_file() {
            let text = std::fs::read_to_string(&strings)
                .with_context(|| format!("reading {}", strings.display()))?;
            self.merge_strings(&relative_to(root, &strings), &text, problems);
        }
        Ok(())
    }

    fn merge_strings(&mut self, origin: &Path, text: &str, problems: &mut Vec<Diagnostic>) {
        match toml::from_str::<BTreeMap<String, String>>(text) {
            Ok(strings) => self.strings.extend(strings),
            Err(e) => problems.push(crate::parse::toml_error_diagnostic(origin, text, 0, &e)),
        }
    }
}

/// Files under `dir` (if it exists) as (path relative to `dir` with `/`, full path), sorted.
pub fn files_under(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !name.starts_with('.') && !name.ends_with('~') {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, entry.path().to_path_buf()));
        }
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
    fn the_built_in_theme_is_complete() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), DEFAULT_THEME, Language::Nb).unwrap();
        for name in [
            "base.html",
            "page.html",
            "course.html",
            "form.html",
            "404.html",
        ] {
            assert!(theme.templates.contains_key(name), "missing {name}");
        }
        assert_eq!(theme.strings["skip_link"], "Hopp til hovedinnhold");
        assert!(theme.static_files.contains_key("style.css"));
    }

    #[test]
    fn site_templates_override_the_theme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/page.html"), "mine").unwrap();
        let theme = load(dir.path(), DEFAULT_THEME, Language::Nb).unwrap();
        assert_eq!(theme.templates["page.html"].text, "mine");
        assert_eq!(
            theme.templates["page.html"].origin,
            Path::new("templates/page.html")
        );
    }
}
