//! Where things are in TOML text (`site.toml`, front matter, a theme's
//! words): the line a key is set on, and a TOML error as a diagnostic at its
//! place. Used by config, parse, model and theme alike, so it sits below them.

use std::path::Path;

use crate::diagnostic::{did_you_mean, Diagnostic};

/// The first line where `key = …` is set, for locating errors in TOML we
/// have already parsed into plain values.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let header = line.trim_start_matches('[').trim_end_matches(']');
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
                || (line.starts_with('[') && header == key)
        })
        .map(|i| i + 1)
}

/// The first line from line `from` (1-based) on where `key = …` is set or
/// `[key]` opens a table: in a list of tables (`[[taxonomies]]`), the key
/// of one entry rather than the first entry's.
pub fn key_line_from(text: &str, key: &str, from: usize) -> Option<usize> {
    let skipped = from.saturating_sub(1);
    let rest: String = text.lines().skip(skipped).collect::<Vec<_>>().join("\n");
    key_line(&rest, key).map(|line| line + skipped)
}

/// The first line from line `from` on where `key` is set to the text
/// `value` (`key = "sectors"`).
pub fn value_line(text: &str, key: &str, value: &str, from: usize) -> Option<usize> {
    let quoted = [format!("\"{value}\""), format!("'{value}'")];
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, line)| {
            let Some((name, set)) = line.split_once('=') else {
                return false;
            };
            name.trim() == key && quoted.iter().any(|q| set.trim() == q.as_str())
        })
        .map(|(i, _)| i + 1)
}

/// A TOML error as a diagnostic at its place in the file. `offset` is where
/// the TOML starts in `text`. Unknown-field errors get a "did you mean".
pub fn toml_error_diagnostic(
    path: impl AsRef<Path>,
    text: &str,
    offset: usize,
    error: &toml::de::Error,
) -> Diagnostic {
    let message = plain_toml_message(error.message().trim());
    let span = error.span().unwrap_or(0..0);
    let mut d = Diagnostic::at_span(
        path.as_ref(),
        text,
        offset + span.start..offset + span.end,
        message.clone(),
    );
    if let Some(help) = unknown_field_help(&message) {
        d = d.with_help(help);
    } else if message.starts_with("invalid date") || message.starts_with("invalid time") {
        d = d.with_help("write dates as year-month-day, for example 2022-10-18");
    } else if message.starts_with("unknown variant") {
        d = d.with_help("write one of the values the message names, in quotes");
    } else if message.contains("missing field") {
        d = d
            .with_help("add the missing field; see docs/writing-content.md for each kind's fields");
    } else if error.span().is_some() && !message.contains("write dates") {
        d = d.with_help(
            "check the quotes, brackets and `=` on this line; text values go in \"double quotes\"",
        );
    }
    d
}

/// A few of serde's and toml's messages, said the way an editor would.
fn plain_toml_message(message: &str) -> String {
    if message.starts_with("invalid type: ") && message.ends_with("expected a string") {
        return "this value must be text in quotes".to_owned();
    }
    if let Some(rest) = message.strip_prefix("invalid type: string ") {
        let whole = [
            "expected i64",
            "expected u32",
            "expected u64",
            "expected usize",
        ];
        if whole.iter().any(|w| rest.ends_with(w)) {
            return "this value must be a whole number, written without quotes".to_owned();
        }
    }
    match message {
        "wanted string or table" => "this value must be text in quotes".to_owned(),
        "wanted exactly 1 element, more than 1 element"
        | "wanted exactly 1 element, found 0 elements" => {
            "this value must be text in quotes, not a list".to_owned()
        }
        other => other.to_owned(),
    }
}

/// serde says "unknown field `lable`, expected one of `name`, `label`…";
/// turn that into "did you mean `label`?".
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    Some(match did_you_mean(field, candidates.iter().copied()) {
        Some(better) => format!("did you mean `{better}`?"),
        None => format!("the fields here are: {}", candidates.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_not_among_the_choices_is_told_to_pick_one() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "lowercase")]
        enum Choice {
            Safe,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Settings {
            #[allow(dead_code)]
            raw_html: Choice,
        }
        let text = "raw_html = \"yes\"\n";
        let error = toml::from_str::<Settings>(text).unwrap_err();
        let d = toml_error_diagnostic("site.toml", text, 0, &error);
        assert_eq!((d.line, d.column), (Some(1), Some(12)));
        assert_eq!(
            d.help.as_deref(),
            Some("write one of the values the message names, in quotes")
        );
    }

    #[test]
    fn key_line_finds_keys_and_tables() {
        let text = "title = \"x\"\n\n[feedback]\nemail = \"a@b\"\n";
        assert_eq!(key_line(text, "title"), Some(1));
        assert_eq!(key_line(text, "feedback"), Some(3));
        assert_eq!(key_line(text, "email"), Some(4));
        assert_eq!(key_line(text, "missing"), None);
    }

    #[test]
    fn unknown_field_messages_get_a_suggestion() {
        let help =
            unknown_field_help("unknown field `lable`, expected one of `name`, `label`, `type`");
        assert_eq!(help.as_deref(), Some("did you mean `label`?"));
        assert_eq!(unknown_field_help("invalid type"), None);
    }
}
