//! `kursportal new KIND PATH`: a new content file with every field its kind
//! requires, each holding a placeholder ("FYLL UT: …") that the build
//! rejects until the editor writes the real text, so nothing half-written
//! is published. The file goes where its kind lives (a course in the
//! section that lists courses, a module beside its course), and an existing
//! file is never overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::diagnostic::Diagnostic;
use crate::parse::placeholders::PLACEHOLDER;
use crate::parse::Kind;
use crate::slug::slugify;
use crate::Failure;

/// The kinds `new` writes (a section is a folder's `_index.md`, written by hand).
pub const KINDS: [Kind; 6] = [
    Kind::Course,
    Kind::Module,
    Kind::Case,
    Kind::Form,
    Kind::Template,
    Kind::Page,
];

/// Writes the new file; returns its path from the site's root.
pub fn create(
    root: &Path,
    kind: Kind,
    path: &str,
    title: Option<&str>,
) -> Result<PathBuf, Failure> {
    let content = root.join("content");
    let rel = place(&content, kind, path)?;
    let file = Path::new("content").join(&rel);
    let folder = Path::new(&rel).parent().unwrap_or(Path::new(""));
    // Said only when the folder would not give the kind: a module's comes
    // from its course beside it, the others' from the nearest section.
    let given_by_folder = section_child_kind(&content, folder).unwrap_or(Kind::Page);
    let explicit_kind = (kind != Kind::Module && kind != given_by_folder).then_some(kind);
    let text = skeleton(kind, title, explicit_kind);
    let target = root.join(&file);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    // `create_new`: never over a file there, even one made a moment ago.
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut out| std::io::Write::write_all(&mut out, text.as_bytes()));
    match written {
        Ok(()) => Ok(file),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let exists = Diagnostic::in_file(&file, format!("{} exists already", file.display()))
                .with_help(
                "`kursportal new` never overwrites a file; choose another name, or open that file",
            );
            Err(Failure::Content(vec![exists]))
        }
        Err(e) => Err(Failure::Internal(
            anyhow::Error::from(e).context(format!("writing {}", target.display())),
        )),
    }
}

/// The file's path under `content/` for `path` as the editor gave it: a
/// bare name goes into the section that lists that kind; a bundle kind
/// gets a folder with `index.md`, a module or page a file of its own.
fn place(content: &Path, kind: Kind, path: &str) -> Result<String, Failure> {
    let trimmed = path
        .trim()
        .trim_start_matches("./")
        .trim_start_matches("content/")
        .trim_end_matches('/')
        .trim_end_matches("/index.md")
        .trim_end_matches(".md");
    let mut parts: Vec<String> = trimmed
        .split('/')
        .filter(|p| !p.is_empty())
        .map(slugify)
        .collect();
    if parts.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return Err(Failure::Content(vec![Diagnostic::in_file(
            "content",
            format!("`{path}` is not a name for a page"),
        )
        .with_help(
            "give a name from letters, digits and hyphens, such as kurs/renhold-og-smittevern",
        )]));
    }
    if parts.len() == 1 && kind != Kind::Page && kind != Kind::Module {
        let section = section_for(content, kind)?;
        parts.insert(0, section);
    }
    let rel = parts.join("/");
    match kind {
        Kind::Module => {
            let course = Path::new(&rel).parent().unwrap_or(Path::new(""));
            if !content.join(course).join("index.md").is_file() {
                let shown = Path::new("content").join(course).join("index.md");
                return Err(Failure::Content(vec![Diagnostic::in_file(
                    "content",
                    format!(
                        "a module lives beside its course's index.md, and {} does not exist",
                        shown.display()
                    ),
                )
                .with_help(
                    "give the course's folder first, such as kurs/renhold-og-smittevern/04-utstyr",
                )]));
            }
            Ok(format!("{rel}.md"))
        }
        Kind::Page => Ok(format!("{rel}.md")),
        _ => Ok(format!("{rel}/index.md")),
    }
}

/// The top-level section whose pages are of `kind` (`child_kind`).
fn section_for(content: &Path, kind: Kind) -> Result<String, Failure> {
    let mut found: Vec<String> = fs::read_dir(content)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter(|e| section_child_kind(content, Path::new(&e.file_name())) == Some(kind))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Failure::Content(vec![Diagnostic::in_file(
            "content",
            format!(
                "no single section lists each {} (`child_kind = \"{}\"`)",
                kind.name(),
                kind.name()
            ),
        )
        .with_help(format!(
            "give the folder too, such as {}/new-name",
            found.first().map_or("kurs", String::as_str)
        ))])),
    }
}

/// The `child_kind` of the nearest section at or above `folder`, as the
/// build decides kinds: the nearest `_index.md` counts, with or without one.
fn section_child_kind(content: &Path, folder: &Path) -> Option<Kind> {
    let mut at = Some(folder);
    while let Some(dir) = at {
        if let Ok(text) = fs::read_to_string(content.join(dir).join("_index.md")) {
            let front = text.split("+++").nth(1).unwrap_or_default();
            let table = toml::from_str::<toml::Table>(front).unwrap_or_default();
            return table
                .get("child_kind")
                .and_then(|v| v.as_str())
                .and_then(Kind::from_name);
        }
        at = dir.parent();
    }
    None
}

/// The new file's text: the required fields, each a placeholder (or the
/// given title), and a body that says what to write.
fn skeleton(kind: Kind, title: Option<&str>, explicit_kind: Option<Kind>) -> String {
    let quoted = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let ask = |what: &str| quoted(&format!("{PLACEHOLDER} {what}"));
    let list = |what: &str| format!("[{}]", ask(what));
    let mut lines = vec!["+++".to_owned()];
    let title_line = match title {
        Some(title) => quoted(title.trim()),
        None => ask(title_asked(kind)),
    };
    lines.push(format!("title = {title_line}"));
    if let Some(kind) = explicit_kind {
        lines.push(format!("kind = {}", quoted(kind.name())));
    }
    let fields: &[(&str, String)] = &match kind {
        Kind::Course => vec![
            (
                "summary",
                ask("én eller to setninger om hva kurset er og hvem det er for"),
            ),
            (
                "duration",
                ask("lengden, for eksempel 8 uker, 4 dager i uka"),
            ),
            ("levels", list("norsknivå, for eksempel A2")),
            (
                "target_groups",
                list("målgruppe, for eksempel Deltakere i introduksjonsprogrammet"),
            ),
            ("sectors", list("bransje, for eksempel Renhold")),
            (
                "municipalities",
                list("kommunen som har laget eller bruker kurset"),
            ),
        ],
        Kind::Case => vec![
            (
                "summary",
                ask("én eller to setninger om samarbeidet og hva det ga"),
            ),
            ("municipalities", list("kommunen")),
            (
                "partner",
                ask("samarbeidspartneren, for eksempel en bedrift eller et lag"),
            ),
            (
                "partner_types",
                list("type partner, for eksempel Arbeidsgiver"),
            ),
            ("period", ask("når, for eksempel 2021–2022")),
        ],
        Kind::Template | Kind::Form => {
            vec![(
                "summary",
                ask("én setning om hva malen eller skjemaet brukes til"),
            )]
        }
        Kind::Module | Kind::Page | Kind::Section => vec![],
    };
    lines.extend(fields.iter().map(|(key, value)| format!("{key} = {value}")));
    if kind == Kind::Form {
        lines.push(String::new());
        lines.push("[[fields]]".to_owned());
        lines.push("name = \"svar_1\"".to_owned());
        lines.push(format!(
            "label = {}",
            ask("det første spørsmålet i skjemaet")
        ));
        lines.push("type = \"text\"".to_owned());
    }
    lines.push("+++".to_owned());
    lines.push(body(kind));
    lines.join("\n")
}

fn title_asked(kind: Kind) -> &'static str {
    match kind {
        Kind::Course => "kursets navn",
        Kind::Module => "modulens navn",
        Kind::Case => "hva erfaringen heter",
        Kind::Form => "skjemaets navn",
        Kind::Template => "malens navn",
        Kind::Page | Kind::Section => "sidens tittel",
    }
}

fn body(kind: Kind) -> String {
    let (heading, asked) = match kind {
        Kind::Course => (
            "## Om kurset",
            "hva kurset handler om, hvem det er for, og hva deltakerne lærer",
        ),
        Kind::Module => (
            "## Dette gjør vi",
            "hva deltakerne gjør og lærer i denne modulen",
        ),
        Kind::Case => (
            "## Slik gjorde vi det",
            "hva dere gjorde, hvem som var med, og hva dere lærte",
        ),
        Kind::Form => (
            "## Slik bruker du skjemaet",
            "når skjemaet fylles ut, og av hvem",
        ),
        Kind::Template => (
            "## Slik bruker du malen",
            "når malen brukes, og hvordan den fylles ut",
        ),
        Kind::Page | Kind::Section => ("", "sidens tekst"),
    };
    let text = format!("{PLACEHOLDER} {asked}.\n");
    if heading.is_empty() {
        text
    } else {
        format!("{heading}\n\n{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_required_field_is_asked_for() {
        for kind in KINDS {
            let text = skeleton(kind, None, None);
            let front = text.split("+++").nth(1).unwrap();
            let table: toml::Table =
                toml::from_str(front).unwrap_or_else(|e| panic!("{kind:?}: {e}\n{text}"));
            for field in kind.required_fields() {
                assert!(
                    table.contains_key(*field),
                    "{kind:?} lacks {field}:\n{text}"
                );
            }
            assert!(text.contains(PLACEHOLDER), "{kind:?}");
        }
    }

    #[test]
    fn a_given_title_is_written_as_toml() {
        let text = skeleton(Kind::Page, Some("Om \"oss\" & «dere»"), Some(Kind::Page));
        let table: toml::Table = toml::from_str(text.split("+++").nth(1).unwrap()).unwrap();
        assert_eq!(
            table["title"].as_str(),
            Some("Om \"oss\" & «dere»"),
            "{text}"
        );
        assert_eq!(table["kind"].as_str(), Some("page"), "{text}");
    }
}
