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

/// A document a page retells: named under "Kilder" at the end of the page,
/// so a reader can tell what the page takes from whom.
#[derive(Debug, Clone)]
pub struct Source {
    pub title: String,
    pub publisher: Option<String>,
    pub year: Option<i64>,
    /// An `http(s)` address, checked when the front matter is read.
    pub url: Option<String>,
    /// The language the entry is written in, when a translation inherits it
    /// from its original (so it is read in that language).
    pub language: Option<Language>,
}

/// Who stands behind a course's length, level and schedule (or a case's
/// advice): what the sources report, or the portal's own suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanBasis {
    #[default]
    Sources,
    Suggestion,
}

/// A course's or case's `plan` and `plan_note`.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub basis: PlanBasis,
    /// What the sources leave open, in the page's language.
    pub note: Option<String>,
}

impl Plan {
    pub fn is_suggestion(&self) -> bool {
        self.basis == PlanBasis::Suggestion
    }
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
    pub sources: Vec<Source>,
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
        plan: Plan,
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
        plan: Plan,
    },
}

impl KindMeta {
    /// The plan of a course or case; `None` for kinds that have none.
    pub fn plan(&self) -> Option<&Plan> {
        match self {
            KindMeta::Course { plan, .. } | KindMeta::Case { plan, .. } => Some(plan),
            _ => None,
        }
    }
}
