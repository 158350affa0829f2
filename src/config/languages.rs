//! `[languages.<code>]` in `site.toml`: which languages the site is written
//! in, and for each its name, the site's title, notice and date format.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::lang::Language;

use super::{Notice, RawNotice};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
    date_format: Option<String>,
    direction: Option<String>,
    notice: Option<RawNotice>,
}

/// One language of the site, with everything that differs per language.
#[derive(Debug, Clone)]
pub struct LanguageSettings {
    pub language: Language,
    /// The language's name in itself: "Norsk bokmål", "English", "العربية".
    pub name: String,
    pub title: String,
    pub description: String,
    pub notice: Option<Notice>,
    /// A chrono pattern: "%-d. %B %Y" gives "18. oktober 2022".
    pub date_format: String,
    /// `ltr` or `rtl`, for `<html dir>`.
    pub direction: &'static str,
    /// Where its pages live: `` for the default language, `en/` for English.
    pub url_prefix: String,
}

impl LanguageSettings {
    pub fn code(&self) -> &'static str {
        self.language.code()
    }

    /// The date as this language writes it. The pattern was checked when the
    /// settings were read, so the fallback to ISO form is never seen.
    pub fn format_date(&self, date: NaiveDate) -> String {
        format_date(&self.date_format, self.language, date).unwrap_or_else(|_| date.to_string())
    }
}

fn format_date(
    pattern: &str,
    language: Language,
    date: NaiveDate,
) -> Result<String, std::fmt::Error> {
    use std::fmt::Write as _;
    let mut out = String::new();
    write!(out, "{}", date.format_localized(pattern, language.locale()))?;
    Ok(out)
}

/// A pattern must format a date (chrono fails on unknown or time fields)
/// and must not pad days with a space.
fn check_date_format(pattern: &str, language: Language) -> Result<(), &'static str> {
    if pattern.contains("%e") {
        return Err("pads days with a space");
    }
    let sample = NaiveDate::from_ymd_opt(2022, 10, 18).expect("a valid date");
    format_date(pattern, language, sample)
        .map(|_| ())
        .map_err(|_| "cannot write a date")
}

/// The site-wide title, description and notice belong to the default language.
pub(super) struct Defaults {
    pub language: Language,
    pub title: String,
    pub description: String,
    pub notice: Option<Notice>,
}

/// Validates the `[languages]` table; the default language always comes first.
pub(super) fn validate(
    raw: BTreeMap<String, RawLanguage>,
    defaults: Defaults,
    problems: &mut Vec<Diagnostic>,
    at_key: &dyn Fn(&str, String) -> Diagnostic,
) -> Vec<LanguageSettings> {
    let mut found: BTreeMap<Language, RawLanguage> = BTreeMap::new();
    for (code, settings) in raw {
        match Language::from_code(&code) {
            Some(language) => {
                found.insert(language, settings);
            }
            None => problems.push(
                at_key(
                    &format!("languages.{code}"),
                    format!("unknown language `{code}`"),
                )
                .with_help(format!(
                    "the languages kursportal knows are: {}",
                    Language::codes().join(", ")
                )),
            ),
        }
    }
    let default_raw = found.remove(&defaults.language).unwrap_or_default();
    let mut languages = vec![settings_for(
        defaults.language,
        default_raw,
        Some(&defaults),
        problems,
        at_key,
    )];
    for (language, raw) in found {
        languages.push(settings_for(language, raw, None, problems, at_key));
    }
    languages
}

fn settings_for(
    language: Language,
    raw: RawLanguage,
    defaults: Option<&Defaults>,
    problems: &mut Vec<Diagnostic>,
    at_key: &dyn Fn(&str, String) -> Diagnostic,
) -> LanguageSettings {
    let date_format = raw
        .date_format
        .unwrap_or_else(|| language.date_format().to_owned());
    if let Err(why) = check_date_format(&date_format, language) {
        problems.push(
            at_key(
                "date_format",
                format!("the date format `{date_format}` {why}"),
            )
            .with_help("write it with %-d (day), %B (month name) and %Y (year): \"%-d. %B %Y\""),
        );
    }
    let direction = match raw.direction.as_deref() {
        None => language.dir(),
        Some("ltr") => "ltr",
        Some("rtl") => "rtl",
        Some(other) => {
            problems.push(
                at_key(
                    "direction",
                    format!("the direction `{other}` is neither \"ltr\" nor \"rtl\""),
                )
                .with_help(
                    "write direction = \"rtl\" for a right-to-left language, or leave it out",
                ),
            );
            language.dir()
        }
    };
    let title = raw.title.or_else(|| defaults.map(|d| d.title.clone()));
    let Some(title) = title else {
        problems.push(
            at_key(
                &format!("languages.{}", language.code()),
                format!("the language `{}` has no `title`", language.code()),
            )
            .with_help(
                "give the site's title in that language, for example title = \"Course portal\"",
            ),
        );
        return empty(language, date_format, direction);
    };
    LanguageSettings {
        language,
        name: raw
            .name
            .unwrap_or_else(|| language.native_name().to_owned()),
        title,
        description: raw
            .description
            .or_else(|| defaults.map(|d| d.description.clone()))
            .unwrap_or_default(),
        notice: raw
            .notice
            .map(Notice::from)
            .or_else(|| defaults.and_then(|d| d.notice.clone())),
        date_format,
        direction,
        url_prefix: if defaults.is_some() {
            String::new()
        } else {
            format!("{}/", language.code())
        },
    }
}

fn empty(language: Language, date_format: String, direction: &'static str) -> LanguageSettings {
    LanguageSettings {
        language,
        name: String::new(),
        title: String::new(),
        description: String::new(),
        notice: None,
        date_format,
        direction,
        url_prefix: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_checked_before_use() {
        assert!(check_date_format("%-d. %B %Y", Language::Nb).is_ok());
        assert_eq!(
            check_date_format("%e. %B", Language::Nb),
            Err("pads days with a space")
        );
        assert_eq!(
            check_date_format("%H:%M", Language::Nb),
            Err("cannot write a date")
        );
        assert_eq!(
            check_date_format("%Q", Language::Nb),
            Err("cannot write a date")
        );
    }
}
