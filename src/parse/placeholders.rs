//! The placeholders `kursportal new` writes into a new file ("FYLL UT: …"):
//! every one left in a file is an error, so a half-written page is never
//! published.

use super::front_matter::Split;
use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;

/// How a placeholder begins: what follows says what to write.
pub const PLACEHOLDER: &str = "FYLL UT:";

/// A problem for each placeholder left in the front matter's values or in
/// the body's lines.
pub fn check(source: &SourceFile, split: &Split, table: &toml::Table) -> Vec<Diagnostic> {
    let mut left = Vec::new();
    for (key, value) in table {
        collect(key, value, &mut left);
    }
    let mut problems: Vec<Diagnostic> = left
        .into_iter()
        .map(|(key, text)| {
            Diagnostic::at_quoted(
                &source.display_path,
                &source.text,
                &text,
                format!("`{key}` still holds the placeholder from `kursportal new`"),
            )
            .with_help(help(&text))
        })
        .collect();
    let mut offset = split.body_offset;
    // A fenced code block may show the placeholder (in a guide for editors).
    let mut fence: Option<&str> = None;
    for line in split.body.split_inclusive('\n') {
        let text = line.trim();
        let marker = ["```", "~~~"].into_iter().find(|m| text.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        if fence.is_none() && marker.is_none() && text.starts_with(PLACEHOLDER) {
            let at = offset + (line.len() - line.trim_start().len());
            problems.push(
                Diagnostic::at_offset(
                    &source.display_path,
                    &source.text,
                    at,
                    "the text still holds the placeholder from `kursportal new`",
                )
                .with_width(text.chars().count())
                .with_help(help(text)),
            );
        }
        offset += line.len();
    }
    problems
}

fn collect(key: &str, value: &toml::Value, left: &mut Vec<(String, String)>) {
    match value {
        toml::Value::String(text) if text.trim_start().starts_with(PLACEHOLDER) => {
            left.push((key.to_owned(), text.clone()));
        }
        toml::Value::Array(items) => items.iter().for_each(|item| collect(key, item, left)),
        toml::Value::Table(table) => table.values().for_each(|item| collect(key, item, left)),
        _ => {}
    }
}

fn help(placeholder: &str) -> String {
    let asked = placeholder.trim().trim_start_matches(PLACEHOLDER).trim();
    format!("write «{asked}» in its place")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;
    use std::path::PathBuf;

    fn problems(text: &str) -> Vec<Diagnostic> {
        let source = SourceFile {
            rel_path: "a.md".into(),
            key: "a.md".into(),
            lang: Language::Nb,
            display_path: PathBuf::from("content/a.md"),
            text: text.into(),
        };
        let split = super::super::front_matter::split(&source).unwrap();
        let table: toml::Table = toml::from_str(split.front_matter).unwrap();
        check(&source, &split, &table)
    }

    #[test]
    fn placeholders_left_are_found_in_fields_lists_and_text() {
        let found = problems("+++\ntitle = \"FYLL UT: tittel\"\nsectors = [\"FYLL UT: bransje\"]\n+++\nFYLL UT: teksten.\n");
        assert_eq!(found.len(), 3);
        assert_eq!(found[2].line, Some(5));
    }

    /// A placeholder in a table of the front matter, in an indented line,
    /// and after a code block (closed by its own fence, not by the other
    /// kind) is found, at its column.
    #[test]
    fn placeholders_in_tables_indented_and_after_code_blocks_are_found() {
        let text = "+++\ntitle = \"Veiledning\"\n[[attachments]]\ntitle = \"FYLL UT: vedlegg\"\n+++\n```\n~~~\nFYLL UT: vist\n```\n  FYLL UT: tekst\n";
        let found: Vec<_> = problems(text)
            .into_iter()
            .map(|d| (d.line, d.column, d.message, d.help.unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(4),
                    Some(10),
                    "`attachments` still holds the placeholder from `kursportal new`".to_owned(),
                    "write «vedlegg» in its place".to_owned()
                ),
                (
                    Some(10),
                    Some(3),
                    "the text still holds the placeholder from `kursportal new`".to_owned(),
                    "write «tekst» in its place".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_code_block_may_show_a_placeholder() {
        let text = "+++\ntitle = \"Veiledning\"\n+++\n```toml\ntitle = \"FYLL UT: tittel\"\n```\n~~~\nFYLL UT: x\n~~~\n";
        assert!(problems(text).is_empty());
    }
}
