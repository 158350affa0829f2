//! The typed front matter of a page: what every kind has (`Meta`) and what
//! only one kind has (`KindMeta`). `front_matter` fills them from TOML.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::lang::Language;

use super::form_fields::FormField;
use super::kind::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Title,
    Updated,
}

/// A link written in front matter (`templates = ["@/maler/x/index.md"]`),
/// with the line it is on for errors.
#[derive(Debug, Clone)]
pub struct FieldLink {
    pub dest: String,
    /// Byte offset of the link's text in the file.
    pub offset: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentMeta {
    pub file: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResultFigure {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub role: String,
    pub organisation: String,
}

/// The fields every kind shares, typed.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub summary: Option<String>,
    pub updated: Option<NaiveDate>,
    /// Order in lists; translations share their original's.
    pub weight: Option<i64>,
    pub draft: bool,
    pub slug: Option<String>,
    /// The language the text is written in, when it differs from the site's.
    pub language: Option<Language>,
    /// A template chosen by the page itself, with its line for errors.
    pub template: Option<(String, usize)>,
    pub attachments: Vec<AttachmentMeta>,
    /// Taxonomy key → the terms this page is filed under.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub kind: KindMeta,
}

/// The fields only one kind has.
#[derive(Debug, Clone)]
pub enum KindMeta {
    Section {
        child_kind: Kind,
        sort_by: SortBy,
    },
    Page,
    Course {
        duration: String,
        goals: Vec<String>,
        templates: Vec<FieldLink>,
        forms: Vec<FieldLink>,
    },
    Module {
        duration: Option<String>,
    },
    Template,
    Form {
        fields: Vec<FormField>,
    },
    Case {
        partner: String,
        period: String,
        results: Vec<ResultFigure>,
        contacts: Vec<Contact>,
    },
}
