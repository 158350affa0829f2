//! Translations share what is not language: a translation's front matter
//! holds its own words (title, summary, slug, goals, figures' labels…);
//! what it leaves out, and what every language shares (weight, draft,
//! taxonomies, templates and forms), comes from its original, so editors
//! set it once. Attachment titles are read in `attachments`.

use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::parse::front_matter::{KindMeta, Meta, Plan, Source};
use crate::parse::Document;
use crate::toml_text::key_line;

/// Fills what `translation` leaves out from `original`.
pub fn inherit(translation: &mut Meta, original: &Meta, original_language: Language) {
    translation.summary = translation
        .summary
        .take()
        .or_else(|| original.summary.clone());
    translation.weight = original.weight;
    translation.draft = original.draft;
    translation.slug = translation.slug.take().or_else(|| original.slug.clone());
    // `language` says what the original's text is written in; a translation's
    // text is in its own file's language, so it is not inherited.
    translation.template = original.template.clone();
    translation.taxonomies = original.taxonomies.clone();
    if translation.sources.is_empty() {
        // The original's entries are written in the original's language.
        let written_in = original.language.unwrap_or(original_language);
        translation.sources = original
            .sources
            .iter()
            .map(|s| Source {
                language: s.language.or(Some(written_in)),
                ..s.clone()
            })
            .collect();
    }
    inherit_kind(&mut translation.kind, &original.kind);
}

fn inherit_kind(translation: &mut KindMeta, original: &KindMeta) {
    match (translation, original) {
        (
            KindMeta::Section {
                child_kind,
                sort_by,
            },
            KindMeta::Section {
                child_kind: c,
                sort_by: s,
            },
        ) => {
            *child_kind = *c;
            *sort_by = *s;
        }
        (
            KindMeta::Course {
                duration,
                goals,
                templates,
                forms,
                plan,
            },
            KindMeta::Course {
                duration: d,
                goals: g,
                templates: t,
                forms: f,
                plan: p,
            },
        ) => {
            fill(duration, d);
            fill_list(goals, g);
            *templates = t.clone();
            *forms = f.clone();
            inherit_plan(plan, p);
        }
        (KindMeta::Module { duration }, KindMeta::Module { duration: d }) => {
            *duration = duration.take().or_else(|| d.clone());
        }
        (KindMeta::Form { fields }, KindMeta::Form { fields: f }) => fill_list(fields, f),
        (
            KindMeta::Case {
                partner,
                period,
                results,
                contacts,
                plan,
            },
            KindMeta::Case {
                partner: p,
                period: pe,
                results: r,
                contacts: c,
                plan: pl,
            },
        ) => {
            fill(partner, p);
            fill(period, pe);
            fill_list(results, r);
            fill_list(contacts, c);
            inherit_plan(plan, pl);
        }
        _ => {}
    }
}

/// Whose plan it is holds in every language; the note is each language's
/// own words, so an untranslated note is not shown in another language.
fn inherit_plan(plan: &mut Plan, original: &Plan) {
    plan.basis = original.basis;
}

fn fill(value: &mut String, from: &str) {
    if value.trim().is_empty() {
        *value = from.to_owned();
    }
}

fn fill_list<T: Clone>(list: &mut Vec<T>, from: &[T]) {
    if list.is_empty() {
        *list = from.to_vec();
    }
}

/// `plan_note` explains a suggested plan; on a page whose plan is not one
/// (a translation takes its `plan` from its original) it would never be
/// shown, so say so. Checked after inheriting, so both cases are one rule.
pub fn check_plan_notes(documents: &[Document], problems: &mut Vec<Diagnostic>) {
    for doc in documents {
        let Some(plan) = doc.meta.kind.plan() else {
            continue;
        };
        if plan.note.is_none() || plan.is_suggestion() {
            continue;
        }
        let line = key_line(&doc.text, "plan_note").unwrap_or(1);
        let help = if doc.is_translation {
            format!(
                "add `plan = \"suggestion\"` to content/{} if its plan is the portal's suggestion, or remove `plan_note` here",
                doc.key
            )
        } else {
            "add `plan = \"suggestion\"` if the length, level and schedule are the portal's suggestion, or remove `plan_note`".to_owned()
        };
        problems.push(
            Diagnostic::at(
                &doc.display_path,
                &doc.text,
                line,
                1,
                "`plan_note` is only shown with `plan = \"suggestion\"`",
            )
            .with_width("plan_note".len())
            .with_help(help),
        );
    }
}
