//! What editors should translate next: per language, the pages that have no
//! version in it, and the translations older than their original (the
//! original's `updated` is newer than the translation's).

use crate::config::Config;
use crate::diagnostic::display_path;

use super::SiteModel;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    pub code: &'static str,
    pub name: String,
    pub translated: usize,
    pub total: usize,
    /// Source files with no version in this language.
    pub missing: Vec<String>,
    pub outdated: Vec<Outdated>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outdated {
    pub translation: String,
    pub translated: String,
    pub original: String,
    pub original_updated: String,
}

/// One report per language other than the default.
pub fn report(config: &Config, model: &SiteModel) -> Vec<LanguageReport> {
    config
        .languages
        .iter()
        .skip(1)
        .map(|settings| {
            let mut report = LanguageReport {
                code: settings.code(),
                name: settings.name.clone(),
                translated: 0,
                total: model.groups.len(),
                missing: Vec::new(),
                outdated: Vec::new(),
            };
            for (g, group) in model.groups.iter().enumerate() {
                let original = &model.pages[group.original].doc;
                match model.version_in(g, settings.language) {
                    None => report.missing.push(display_path(&original.display_path)),
                    Some(version) => {
                        report.translated += 1;
                        let translation = &model.pages[version].doc;
                        if version == group.original {
                            continue;
                        }
                        if let Some(original_updated) = original.meta.updated {
                            let stale = translation
                                .meta
                                .updated
                                .is_none_or(|t| t < original_updated);
                            if stale {
                                report.outdated.push(Outdated {
                                    translation: display_path(&translation.display_path),
                                    translated: translation
                                        .meta
                                        .updated
                                        .map_or_else(|| "no date".into(), |d| d.to_string()),
                                    original: display_path(&original.display_path),
                                    original_updated: original_updated.to_string(),
                                });
                            }
                        }
                    }
                }
            }
            report
        })
        .collect()
}

/// The report as editors read it in the terminal.
pub fn render(reports: &[LanguageReport]) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!(
            "{} ({}): {} of {} pages translated\n",
            r.name, r.code, r.translated, r.total
        ));
        if !r.outdated.is_empty() {
            out.push_str(&format!(
                "  older than the original ({}):\n",
                r.outdated.len()
            ));
            for o in &r.outdated {
                out.push_str(&format!(
                    "    {} ({}): {} was updated {}\n",
                    o.translation, o.translated, o.original, o.original_updated
                ));
            }
        }
        if !r.missing.is_empty() {
            out.push_str(&format!("  missing ({}):\n", r.missing.len()));
            for m in &r.missing {
                out.push_str(&format!("    {m}\n"));
            }
        }
    }
    out
}
