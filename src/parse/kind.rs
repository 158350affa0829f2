//! The kinds of content and the front-matter fields each accepts.

use serde::{Deserialize, Serialize};

use crate::config::TAXONOMY_KEYS;

/// Fields that belong to a page whatever its language: set on the original,
/// inherited by its translations (with the taxonomies).
pub const SHARED_WITH_TRANSLATIONS: [&str; 10] = [
    "kind",
    "weight",
    "draft",
    "child_kind",
    "sort_by",
    "templates",
    "forms",
    "language",
    "template",
    "plan",
];

/// What a content file is; decides its fields, template and place in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Section,
    Page,
    Course,
    Module,
    Template,
    Form,
    Case,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Section,
        Kind::Page,
        Kind::Course,
        Kind::Module,
        Kind::Template,
        Kind::Form,
        Kind::Case,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Section => "section",
            Kind::Page => "page",
            Kind::Course => "course",
            Kind::Module => "module",
            Kind::Template => "template",
            Kind::Form => "form",
            Kind::Case => "case",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The front-matter fields this kind accepts.
    pub fn fields(self) -> Vec<&'static str> {
        const COMMON: [&str; 11] = [
            "title",
            "summary",
            "updated",
            "weight",
            "draft",
            "slug",
            "kind",
            "language",
            "template",
            "attachments",
            "sources",
        ];
        let own: &[&str] = match self {
            Kind::Section => &["child_kind", "sort_by"],
            Kind::Page | Kind::Template => &[],
            Kind::Course => &[
                "duration",
                "goals",
                "templates",
                "forms",
                "plan",
                "plan_note",
            ],
            Kind::Module => &["duration"],
            Kind::Form => &["fields"],
            Kind::Case => &[
                "partner",
                "period",
                "results",
                "contacts",
                "plan",
                "plan_note",
            ],
        };
        let taxonomies: &[&str] = match self {
            Kind::Section | Kind::Module => &[],
            _ => &TAXONOMY_KEYS,
        };
        COMMON
            .iter()
            .chain(own)
            .chain(taxonomies)
            .copied()
            .collect()
    }

    /// The fields a translation may set; the rest it shares with its original.
    pub fn translation_fields(self) -> Vec<&'static str> {
        self.fields()
            .into_iter()
            .filter(|f| !SHARED_WITH_TRANSLATIONS.contains(f) && !TAXONOMY_KEYS.contains(f))
            .collect()
    }

    /// The fields a page of this kind cannot do without.
    pub fn required_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Section | Kind::Page | Kind::Module => &["title"],
            Kind::Course => &[
                "title",
                "summary",
                "duration",
                "levels",
                "target_groups",
                "sectors",
                "municipalities",
            ],
            Kind::Template => &["title", "summary"],
            Kind::Form => &["title", "summary", "fields"],
            Kind::Case => &[
                "title",
                "summary",
                "municipalities",
                "partner",
                "partner_types",
                "period",
            ],
        }
    }
}
