//! TOML front matter → typed [`Meta`] per content kind.
//!
//! Three steps, so every error can point at the line the editor sees:
//! split the `+++` block off the body, parse it as a plain TOML table (syntax
//! errors, and the `kind` we need before typing), then check its keys against
//! the fields of the page's kind and deserialize it into typed structs.
//! Line numbers are shifted by where the block starts in the file.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::toml_text::{key_line, toml_error_diagnostic};

use super::form_fields::FormField;
pub use super::kind::{Kind, SHARED_WITH_TRANSLATIONS};
pub use super::meta::{
    AttachmentMeta, Contact, FieldLink, KindMeta, Meta, Plan, PlanBasis, ResultFigure, SortBy,
    Source,
};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::lang::Language;
use crate::load::SourceFile;

/// The whole front matter as serde sees it; the kind's checks run before this.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: Option<String>,
    summary: Option<String>,
    updated: Option<DateField>,
    weight: Option<i64>,
    draft: Option<bool>,
    slug: Option<String>,
    #[allow(dead_code)] // read from the plain table before typing
    kind: Option<Kind>,
    language: Option<String>,
    template: Option<String>,
    #[serde(default)]
    attachments: Vec<AttachmentMeta>,
    #[serde(default)]
    sources: Vec<Spanned<RawSource>>,
    #[serde(default)]
    sectors: Vec<String>,
    #[serde(default)]
    municipalities: Vec<String>,
    #[serde(default)]
    partner_types: Vec<String>,
    #[serde(default)]
    target_groups: Vec<String>,
    #[serde(default)]
    levels: Vec<String>,
    duration: Option<String>,
    #[serde(default)]
    goals: Vec<String>,
    #[serde(default)]
    templates: Vec<String>,
    #[serde(default)]
    forms: Vec<String>,
    #[serde(default)]
    fields: Vec<FormField>,
    partner: Option<String>,
    period: Option<String>,
    #[serde(default)]
    results: Vec<ResultFigure>,
    #[serde(default)]
    contacts: Vec<Contact>,
    child_kind: Option<Kind>,
    sort_by: Option<SortBy>,
    plan: Option<PlanBasis>,
    plan_note: Option<String>,
}

/// A `[[sources]]` entry as written, with the spans its checks point at.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: Option<Spanned<String>>,
    publisher: Option<String>,
    year: Option<Spanned<i64>>,
    url: Option<Spanned<String>>,
}

/// A date written as a TOML date (`2022-10-18`) or, forgivingly, as the same in quotes.
#[derive(Debug, Clone, Copy)]
struct DateField(NaiveDate);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::Value::deserialize(deserializer)?;
        let date = match &value {
            toml::Value::Datetime(dt) => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        date.map(DateField).ok_or_else(|| {
            D::Error::custom(format!(
                "`{value}` is not a date; write dates as year-month-day, for example 2022-10-18"
            ))
        })
    }
}

/// The `+++` block of a file and where it and the body start.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits the front matter off a file's text.
pub fn split(source: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = &*source.text;
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::at(
            &source.display_path,
            text,
            1,
            1,
            "the file does not start with front matter",
        )
        .with_help(
            "begin the file with a line `+++`, then `title = \"…\"`, then another line `+++`",
        ));
    }
    if let Some((end, body_offset)) = block_end(text, first_line_end) {
        return Ok(Split {
            front_matter: &text[first_line_end..end],
            front_matter_offset: first_line_end,
            body: &text[body_offset..],
            body_offset,
        });
    }
    Err(Diagnostic::at(
        &source.display_path,
        text,
        1,
        1,
        "the front matter is never closed",
    )
    .with_width(3)
    .with_help("add a line with only `+++` after the last front-matter field"))
}

/// Where the front matter that starts at `from` ends, and where the body
/// starts (after the closing `+++` line).
fn block_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// Parses the block as plain TOML: catches syntax errors and gives the
/// `kind` and `child_kind` needed to decide the page's kind.
pub fn parse_table(source: &SourceFile, split: &Split) -> Result<toml::Table, Diagnostic> {
    toml::from_str::<toml::Table>(split.front_matter).map_err(|e| {
        toml_error_diagnostic(
            &source.display_path,
            &source.text,
            split.front_matter_offset,
            &e,
        )
    })
}

/// Checks the table's keys against the kind and types the values.
pub fn typed_meta(
    source: &SourceFile,
    split: &Split,
    table: &toml::Table,
    kind: Kind,
    translation: bool,
) -> Result<Meta, Vec<Diagnostic>> {
    let mut problems = check_keys(source, split, table, kind, translation);
    problems.extend(super::placeholders::check(source, split, table));
    if !problems.is_empty() {
        return Err(problems);
    }
    let raw: RawMeta = toml::from_str(split.front_matter).map_err(|e| {
        vec![toml_error_diagnostic(
            &source.display_path,
            &source.text,
            split.front_matter_offset,
            &e,
        )]
    })?;
    let meta = into_meta(source, split, raw, kind, &mut problems);
    if problems.is_empty() {
        Ok(meta)
    } else {
        Err(problems)
    }
}

/// Unknown fields (with a "did you mean") and missing required ones.
fn check_keys(
    source: &SourceFile,
    split: &Split,
    table: &toml::Table,
    kind: Kind,
    translation: bool,
) -> Vec<Diagnostic> {
    let allowed = if translation {
        kind.translation_fields()
    } else {
        kind.fields()
    };
    let mut problems: Vec<Diagnostic> = table
        .keys()
        .filter(|key| !allowed.contains(&key.as_str()))
        .map(|key| not_allowed(source, split, key, kind, translation, &allowed))
        .collect();
    let required: &[&str] = if translation {
        &["title"]
    } else {
        kind.required_fields()
    };
    problems.extend(missing_fields(source, table, kind, required));
    problems
}

/// A key the page may not set: shared with the original (in a translation),
/// belonging to another kind, or unknown (with a "did you mean").
fn not_allowed(
    source: &SourceFile,
    split: &Split,
    key: &str,
    kind: Kind,
    translation: bool,
    allowed: &[&str],
) -> Diagnostic {
    let width = key.chars().count();
    if translation && kind.fields().contains(&key) {
        return at_key(
            source,
            split,
            key,
            format!("a translation cannot set `{key}`"),
        )
        .with_width(width)
        .with_help(format!(
            "`{key}` is shared by every language: set it in content/{} and remove it here",
            source.key
        ));
    }
    let d = at_key(
        source,
        split,
        key,
        format!("unknown field `{key}` for a {}", kind.name()),
    )
    .with_width(width);
    let owners: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| k.fields().contains(&key))
        .map(|k| k.name())
        .collect();
    if let Some(better) = did_you_mean(key, allowed.iter().copied()) {
        d.with_help(format!("did you mean `{better}`?"))
    } else if !owners.is_empty() {
        d.with_help(format!(
            "`{key}` belongs to a {}; set `kind` if this page is one, or remove the field",
            owners.join(" or a ")
        ))
    } else {
        d.with_help(format!(
            "the fields of a {} are: {}",
            kind.name(),
            allowed.join(", ")
        ))
    }
}

/// One diagnostic naming every required field that is absent or empty.
fn missing_fields(
    source: &SourceFile,
    table: &toml::Table,
    kind: Kind,
    required: &[&str],
) -> Option<Diagnostic> {
    let present = |field: &str| {
        table.get(field).is_some_and(|v| match v {
            toml::Value::Array(items) => !items.is_empty(),
            toml::Value::String(s) => !s.trim().is_empty(),
            _ => true,
        })
    };
    let missing: Vec<&str> = required.iter().copied().filter(|f| !present(f)).collect();
    let quoted = |suffix: &str| {
        missing
            .iter()
            .map(|f| format!("`{f}{suffix}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let noun = match missing.len() {
        0 => return None,
        1 => "field",
        _ => "fields",
    };
    let message = format!("a {} needs the {noun} {}", kind.name(), quoted(""));
    Some(
        Diagnostic::at(&source.display_path, &source.text, 1, 1, message)
            .with_width(3)
            .with_help(format!(
                "add {} between the `+++` lines; docs/writing-content.md shows each kind's fields",
                quoted(" = …")
            )),
    )
}

fn into_meta(
    source: &SourceFile,
    split: &Split,
    mut raw: RawMeta,
    kind: Kind,
    problems: &mut Vec<Diagnostic>,
) -> Meta {
    let language = checked_language(source, split, raw.language.as_deref(), problems);
    check_slug(source, split, raw.slug.as_deref(), problems);
    let template = raw
        .template
        .take()
        .map(|name| (name, key_line_in(source, split, "template")));
    let taxonomies = take_taxonomies(&mut raw);
    let sources = checked_sources(source, split, std::mem::take(&mut raw.sources), problems);
    let kind_meta = kind_meta(source, kind, &mut raw, problems);
    Meta {
        title: raw.title.unwrap_or_default(),
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        updated: raw.updated.map(|d| d.0),
        weight: raw.weight,
        draft: raw.draft.unwrap_or(false),
        slug: raw.slug,
        language,
        template,
        attachments: raw.attachments,
        sources,
        taxonomies,
        kind: kind_meta,
    }
}

fn checked_language(
    source: &SourceFile,
    split: &Split,
    code: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Language> {
    let code = code?;
    let language = Language::from_code(code);
    if language.is_none() {
        problems.push(
            at_key(
                source,
                split,
                "language",
                format!("unknown language `{code}`"),
            )
            .with_help(format!("use one of: {}", Language::codes().join(", "))),
        );
    }
    language
}

fn check_slug(
    source: &SourceFile,
    split: &Split,
    slug: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(slug) = slug else { return };
    if slug.is_empty() || slug.contains(['/', '\\', ' ', '?', '#']) || slug == "." || slug == ".." {
        problems.push(
            at_key(
                source,
                split,
                "slug",
                format!("`{slug}` cannot be a URL segment"),
            )
            .with_help("use lower-case letters, digits and hyphens: \"renhold-og-smittevern\""),
        );
    }
}

/// Taxonomy key → terms, for the taxonomies the page names.
fn take_taxonomies(raw: &mut RawMeta) -> BTreeMap<String, Vec<String>> {
    [
        ("sectors", std::mem::take(&mut raw.sectors)),
        ("municipalities", std::mem::take(&mut raw.municipalities)),
        ("partner_types", std::mem::take(&mut raw.partner_types)),
        ("target_groups", std::mem::take(&mut raw.target_groups)),
        ("levels", std::mem::take(&mut raw.levels)),
    ]
    .into_iter()
    .filter(|(_, terms)| !terms.is_empty())
    .map(|(key, terms)| (key.to_owned(), terms))
    .collect()
}

/// The fields only `kind` has, taken out of `raw`.
fn kind_meta(
    source: &SourceFile,
    kind: Kind,
    raw: &mut RawMeta,
    problems: &mut Vec<Diagnostic>,
) -> KindMeta {
    use std::mem::take;
    match kind {
        Kind::Section => KindMeta::Section {
            child_kind: raw.child_kind.unwrap_or(Kind::Page),
            sort_by: raw.sort_by.unwrap_or_default(),
        },
        Kind::Page => KindMeta::Page,
        Kind::Course => KindMeta::Course {
            duration: raw.duration.take().unwrap_or_default(),
            goals: take(&mut raw.goals),
            templates: field_links(source, take(&mut raw.templates)),
            forms: field_links(source, take(&mut raw.forms)),
            plan: take_plan(raw),
        },
        Kind::Module => KindMeta::Module {
            duration: raw.duration.take(),
        },
        Kind::Template => KindMeta::Template,
        Kind::Form => {
            super::form_fields::check(source, &raw.fields, problems);
            KindMeta::Form {
                fields: take(&mut raw.fields),
            }
        }
        Kind::Case => KindMeta::Case {
            partner: raw.partner.take().unwrap_or_default(),
            period: raw.period.take().unwrap_or_default(),
            results: take(&mut raw.results),
            contacts: take(&mut raw.contacts),
            plan: take_plan(raw),
        },
    }
}

fn take_plan(raw: &mut RawMeta) -> Plan {
    Plan {
        basis: raw.plan.unwrap_or_default(),
        note: raw.plan_note.take().filter(|n| !n.trim().is_empty()),
    }
}

/// Each `[[sources]]` entry needs a title; an address must be one a browser
/// can open from any host (`http` or `https`), and a year a real one.
fn checked_sources(
    source: &SourceFile,
    split: &Split,
    raw: Vec<Spanned<RawSource>>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Source> {
    let mut problem = |span: std::ops::Range<usize>, message: &str, help: &str| {
        let offset = split.front_matter_offset;
        problems.push(
            Diagnostic::at_span(
                &source.display_path,
                &source.text,
                offset + span.start..offset + span.end,
                message,
            )
            .with_help(help),
        );
    };
    let mut sources = Vec::new();
    for entry in raw {
        let entry_span = entry.span();
        let entry = entry.into_inner();
        match &entry.title {
            None => problem(entry_span, "a source needs a `title`", TITLE_HELP),
            Some(t) if t.get_ref().trim().is_empty() => {
                problem(t.span(), "a source's `title` is empty", TITLE_HELP)
            }
            Some(_) => {}
        }
        if let Some(url) = entry.url.as_ref().filter(|u| !is_web_address(u.get_ref())) {
            problem(
                url.span(),
                "a source's `url` must be a web address",
                "write the whole address, starting with https:// (or http://), or leave `url` out",
            );
        }
        if let Some(year) = entry
            .year
            .as_ref()
            .filter(|y| !(1000..=9999).contains(y.get_ref()))
        {
            problem(
                year.span(),
                "a source's `year` must be a year of four digits",
                "write the year the source was published or last updated, for example year = 2022",
            );
        }
        sources.push(Source {
            title: entry
                .title
                .map_or_else(String::new, |t| t.into_inner().trim().to_owned()),
            publisher: entry.publisher.filter(|p| !p.trim().is_empty()),
            year: entry.year.map(Spanned::into_inner),
            url: entry.url.map(Spanned::into_inner),
            language: None,
        });
    }
    sources
}

const TITLE_HELP: &str = "write the document's title as its publisher gives it, for example title = \"Fagverksted 2022 – Rustet for fremtiden\"";

fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://"]
        .iter()
        .any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme))
        && !url.contains(char::is_whitespace)
}

fn field_links(source: &SourceFile, dests: Vec<String>) -> Vec<FieldLink> {
    dests
        .into_iter()
        .map(|dest| {
            let offset = crate::diagnostic::quoted_offset(&source.text, &dest);
            FieldLink { dest, offset }
        })
        .collect()
}

fn key_line_in(source: &SourceFile, split: &Split, key: &str) -> usize {
    let fm_first_line = source.text[..split.front_matter_offset]
        .matches('\n')
        .count()
        + 1;
    key_line(split.front_matter, key).map_or(1, |l| l + fm_first_line - 1)
}

/// A diagnostic on the line where `key` is set in the front matter.
pub fn at_key(source: &SourceFile, split: &Split, key: &str, message: String) -> Diagnostic {
    let line = key_line_in(source, split, key);
    let column = source.text.lines().nth(line - 1).map_or(1, |l| {
        l.chars()
            .take_while(|c| c.is_whitespace() || *c == '[')
            .count()
            + 1
    });
    Diagnostic::at(&source.display_path, &source.text, line, column, message)
}
