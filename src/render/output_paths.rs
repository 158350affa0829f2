//! The shape of the output, checked before anything is written: a path
//! the file system cannot hold would otherwise surface as a raw I/O error
//! halfway through a build (`File name too long`, `Is a directory`).

use std::collections::BTreeSet;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::urls::output_path;
use crate::model::SiteModel;
use crate::toml_text::key_line;
use crate::Failure;

/// The most bytes one file or folder name may have on the usual file
/// systems (ext4, APFS, NTFS: 255).
pub const LONGEST_NAME: usize = 255;

/// Every path the build will write that is known before drawing: pages,
/// lists, files beside pages, the pictures' smaller copies, and `static/`.
pub fn planned(model: &SiteModel, site_static: &[String]) -> Vec<String> {
    let mut paths: Vec<String> = model.pages.iter().map(|p| output_path(&p.url)).collect();
    paths.extend(model.assets.iter().map(|a| a.url.clone()));
    let pictures = model.pictures_with_copies.iter().map(|&i| &model.assets[i]);
    let copies = pictures.flat_map(crate::model::images::smaller_copies);
    paths.extend(copies.map(|copy| copy.url));
    for taxonomy in model.languages.iter().flat_map(|view| &view.taxonomies) {
        paths.push(output_path(&taxonomy.url));
        paths.extend(taxonomy.terms.iter().map(|t| output_path(&t.url)));
    }
    paths.extend(site_static.iter().cloned());
    paths
}

/// Names too long for a file system, and a file where a folder must be
/// (`static/kurs` beside the page `content/kurs/_index.md`): each named
/// with what writes it (`origins`).
pub fn check(
    config: &Config,
    model: &SiteModel,
    paths: &[String],
    origins: &dyn Fn(&str) -> Vec<String>,
) -> Result<(), Failure> {
    let mut problems = Vec::new();
    for path in paths {
        if let Some(name) = path.split('/').find(|name| name.len() > LONGEST_NAME) {
            problems.push(too_long(config, model, path, name, origins));
        }
    }
    let all: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
    for path in &all {
        let folder = format!("{path}/");
        let Some(inside) = all.range(folder.as_str()..).next() else {
            continue;
        };
        if inside.starts_with(&folder) {
            problems.push(file_where_a_folder_goes(path, inside, origins));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Content(problems))
    }
}

fn too_long(
    config: &Config,
    model: &SiteModel,
    path: &str,
    name: &str,
    origins: &dyn Fn(&str) -> Vec<String>,
) -> Diagnostic {
    let shown: String = name.chars().take(30).collect();
    let message = format!(
        "a part of an address the build writes, `{shown}…`, is {} bytes long, more than the {LONGEST_NAME} a file name may have",
        name.len()
    );
    let help = "shorten the file's name, its `slug` or the term's name";
    // A page's own `slug` is where to shorten it, when it has one.
    let page = model.pages.iter().find(|p| output_path(&p.url) == path);
    if let Some(page) = page {
        let text = &page.doc.text;
        if let Some(line) = key_line(text, "slug") {
            return Diagnostic::at(&page.doc.display_path, text, line, 1, message).with_help(help);
        }
        return Diagnostic::in_file(&page.doc.display_path, message).with_help(help);
    }
    // A term's list: where the first page filed under it names it.
    let terms = model
        .languages
        .iter()
        .flat_map(|v| &v.taxonomies)
        .flat_map(|t| &t.terms);
    let term = terms
        .filter(|t| output_path(&t.url) == path)
        .find(|t| !t.pages.is_empty());
    if let Some(term) = term {
        let doc = &model.pages[term.pages[0]].doc;
        let at = crate::diagnostic::quoted_offset(&doc.text, &term.key);
        return Diagnostic::at_offset(&doc.display_path, &doc.text, at, message).with_help(help);
    }
    let origin = origins(path).into_iter().next();
    let origin = origin.unwrap_or_else(|| config.content_dir().display().to_string());
    Diagnostic::in_file(origin, message).with_help(help)
}

fn file_where_a_folder_goes(
    file: &str,
    inside: &str,
    origins: &dyn Fn(&str) -> Vec<String>,
) -> Diagnostic {
    let writer = origins(file)
        .into_iter()
        .next()
        .unwrap_or_else(|| file.to_owned());
    let needs = origins(inside)
        .into_iter()
        .next()
        .unwrap_or_else(|| inside.to_owned());
    Diagnostic::in_file(
        &writer,
        format!("{writer} would be written as the file /{file}, where {needs} needs a folder (/{inside})"),
    )
    .with_help("rename one of them (a file in static/ or content/, a page's file or its `slug`)")
}
