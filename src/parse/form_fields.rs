//! The `[[fields]]` of a form, and the rules that make them a usable form:
//! every field has a label, names are unique and safe as HTML ids, choices
//! have options. The render phase turns them into accessible HTML.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    #[default]
    Text,
    Textarea,
    Email,
    Tel,
    Date,
    Number,
    Select,
    Radio,
    Checkbox,
    Checkboxes,
    Heading,
}

impl FieldType {
    fn needs_options(self) -> bool {
        matches!(
            self,
            FieldType::Select | FieldType::Radio | FieldType::Checkboxes
        )
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    #[serde(default)]
    pub name: String,
    pub label: String,
    #[serde(default, rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub required: bool,
    pub help: Option<String>,
    #[serde(default)]
    pub options: Vec<String>,
    pub rows: Option<u32>,
}

/// Adds a diagnostic for each field that would make a broken form.
pub fn check(source: &SourceFile, fields: &[FormField], problems: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for field in fields {
        let mut problem = |message: String, help: &str| {
            problems.push(
                Diagnostic::at_quoted(&source.display_path, &source.text, &field.label, message)
                    .with_help(help.to_owned()),
            );
        };
        if field.kind == FieldType::Heading {
            continue;
        }
        if !is_valid_name(&field.name) {
            problem(
                format!("the form field \"{}\" needs a `name` of a-z, 0-9, - and _", field.label),
                "add for example `name = \"telefon\"`; it names the value when the form is saved or sent",
            );
        } else if !seen.insert(field.name.as_str()) {
            problem(
                format!("two form fields are named `{}`", field.name),
                "give each field its own `name`",
            );
        }
        if field.kind.needs_options() && field.options.is_empty() {
            problem(
                format!(
                    "the form field `{}` is a choice but has no `options`",
                    field.name
                ),
                "add `options = [\"Ja\", \"Nei\"]`",
            );
        }
    }
}

fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_ascii_words() {
        assert!(is_valid_name("fodselsdato"));
        assert!(is_valid_name("kurs_2"));
        assert!(!is_valid_name("fødselsdato"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("Navn"));
    }
}
