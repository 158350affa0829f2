//! Files beside a page: the materials of a course, a template's documents,
//! a case's summaries.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::load::{file_name, parent_dir};
use crate::parse::Document;

use super::{Asset, Attachment};

/// Asset indices by the folder they are in, so each page finds its files
/// without scanning them all.
pub fn by_folder(assets: &[Asset]) -> HashMap<&str, Vec<usize>> {
    let mut folders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, asset) in assets.iter().enumerate() {
        folders
            .entry(parent_dir(&asset.rel_path))
            .or_default()
            .push(i);
    }
    folders
}

/// The files beside a bundle or section page, in the order of its
/// `[[attachments]]` and then by name; titles come from `[[attachments]]`.
///
/// A translation may give its own titles; without them it takes its
/// original's, and only the file that names an attachment is told when the
/// file is missing.
pub fn attachments_of(
    doc: &Document,
    original: &Document,
    assets: &[Asset],
    beside: &[usize],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Attachment> {
    if !(doc.is_bundle_index() || doc.is_section_index()) {
        return Vec::new();
    }
    let named_in = if doc.meta.attachments.is_empty() {
        original
    } else {
        doc
    };
    let mut listed = Vec::new();
    for meta in &named_in.meta.attachments {
        match beside
            .iter()
            .find(|&&i| file_name(&assets[i].rel_path) == meta.file)
        {
            Some(&asset) => listed.push(Attachment {
                asset,
                title: Some(meta.title.clone()),
            }),
            None if std::ptr::eq(named_in, doc) => {
                problems.push(missing_attachment(doc, &meta.file))
            }
            None => {}
        }
    }
    let named: HashSet<usize> = listed.iter().map(|a| a.asset).collect();
    listed.extend(
        beside
            .iter()
            .filter(|i| !named.contains(i))
            .map(|&asset| Attachment { asset, title: None }),
    );
    listed
}

fn missing_attachment(doc: &Document, file: &str) -> Diagnostic {
    let folder = doc
        .display_path
        .parent()
        .map(crate::diagnostic::display_path)
        .unwrap_or_default();
    Diagnostic::at_quoted(
        &doc.display_path,
        &doc.text,
        file,
        format!("the attachment `{file}` is not beside this page"),
    )
    .with_help(format!(
        "put {file} in the folder {folder}/ or correct the file name"
    ))
}
