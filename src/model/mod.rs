//! Documents → [`SiteModel`]: the site as a web of pages.
//!
//! Gives every page its URL and place (section, course, children), files the
//! assets beside their pages, links courses to their templates and forms both
//! ways, gathers taxonomies, and resolves every internal link. The result is
//! immutable: rendering only reads it, from many threads at once.

mod links;
mod taxonomy;
pub mod urls;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::{file_name, parent_dir, AssetFile};
use crate::parse::front_matter::{FieldLink, SortBy};
use crate::parse::{Document, Kind, KindMeta};
use crate::slug::sort_key;
use crate::Failure;

use links::{LinkTable, Target};
pub use taxonomy::{TaxonomyModel, Term, TermRef};
use urls::DirUrls;

#[derive(Debug)]
pub struct SiteModel {
    /// Every published document, ordered by source path.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub taxonomies: Vec<TaxonomyModel>,
    /// The page of `content/_index.md`.
    pub home: usize,
}

#[derive(Debug)]
pub struct Page {
    pub doc: Document,
    /// Site-relative: `kurs/renhold-og-smittevern/`; the home page is ``.
    pub url: String,
    /// The body with every internal link resolved relative to `url`.
    pub body_html: String,
    /// The section this page is listed in; for a module, its course.
    pub parent: Option<usize>,
    /// Pages listed on this one: a section's pages, a course's modules.
    pub children: Vec<usize>,
    pub subsections: Vec<usize>,
    /// Files beside the page (materials, presentations), as assets.
    pub attachments: Vec<usize>,
    /// For a course: the templates and forms it uses.
    pub templates: Vec<usize>,
    pub forms: Vec<usize>,
    /// For a template or form: the courses that use it.
    pub used_by: Vec<usize>,
    pub terms: Vec<TermRef>,
}

#[derive(Debug, Clone)]
pub struct Asset {
    pub rel_path: String,
    pub abs_path: PathBuf,
    /// Site-relative URL, which is also its path in the output.
    pub url: String,
    pub size: u64,
    /// The editor's title from `[[attachments]]`, else none (the file name is shown).
    pub title: Option<String>,
}

impl SiteModel {
    pub fn page(&self, index: usize) -> &Page {
        &self.pages[index]
    }
}

/// Builds the model; all link, URL and taxonomy problems are reported together.
pub fn build(
    config: &Config,
    documents: Vec<Document>,
    files: Vec<AssetFile>,
) -> Result<SiteModel, Failure> {
    let mut problems = Vec::new();
    let (mut documents, drafts): (Vec<Document>, Vec<Document>) = documents
        .into_iter()
        .partition(|d| config.drafts || !d.meta.draft);
    documents.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let Some(home) = documents.iter().position(|d| d.rel_path == "_index.md") else {
        return Err(Failure::Content(vec![Diagnostic::in_file(
            "content/_index.md",
            "the site has no home page",
        )
        .with_help(
            "create content/_index.md with `+++`, `title = \"…\"`, `+++`",
        )]));
    };
    let mut dir_urls = DirUrls::new(&documents);
    let page_urls: Vec<String> = documents.iter().map(|d| dir_urls.page_url(d)).collect();
    check_unique_urls(&documents, &page_urls, &mut problems);
    let mut assets: Vec<Asset> = files
        .into_iter()
        .map(|f| Asset {
            url: dir_urls.asset_url(&f.rel_path),
            rel_path: f.rel_path,
            abs_path: f.abs_path,
            size: f.size,
            title: None,
        })
        .collect();
    let mut attachments: Vec<Vec<usize>> = documents
        .iter()
        .map(|d| attachments_of(d, &mut assets, &mut problems))
        .collect();
    let table = link_table(&documents, &page_urls, &assets, &drafts);
    let structure = Structure::new(&documents);
    let mut pages: Vec<Page> = Vec::with_capacity(documents.len());
    for (index, doc) in documents.iter().enumerate() {
        let url = page_urls[index].clone();
        let body_html = links::fill_body_links(&table, doc, index, &url, &mut problems);
        let (templates, forms) = course_links(&table, doc, index, &mut problems);
        pages.push(Page {
            parent: structure.parent_of(doc),
            url,
            body_html,
            children: Vec::new(),
            subsections: Vec::new(),
            attachments: std::mem::take(&mut attachments[index]),
            templates,
            forms,
            used_by: Vec::new(),
            terms: Vec::new(),
            doc: doc.clone(),
        });
    }
    link_family(&mut pages);
    let listed: Vec<(usize, &Document)> = documents
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.is_section_index())
        .collect();
    let (taxonomies, memberships) = taxonomy::collect(config, &listed, &mut problems);
    for (index, terms) in memberships {
        pages[index].terms = terms;
    }
    if !problems.is_empty() {
        return Err(Failure::Content(problems));
    }
    Ok(SiteModel {
        pages,
        assets,
        taxonomies,
        home,
    })
}

fn check_unique_urls(documents: &[Document], urls: &[String], problems: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (index, url) in urls.iter().enumerate() {
        if let Some(&first) = seen.get(url.as_str()) {
            let doc = &documents[index];
            problems.push(
                Diagnostic::in_file(
                    &doc.display_path,
                    format!(
                        "this file and {} both want the address /{url}",
                        crate::diagnostic::display_path(&documents[first].display_path)
                    ),
                )
                .with_help("rename one of them, or give one a different `slug`"),
            );
        } else {
            seen.insert(url, index);
        }
    }
}

fn link_table<'a>(
    documents: &'a [Document],
    urls: &[String],
    assets: &'a [Asset],
    drafts: &'a [Document],
) -> LinkTable<'a> {
    let mut by_path = HashMap::new();
    for (i, doc) in documents.iter().enumerate() {
        by_path.insert(doc.rel_path.as_str(), (Target::Page(i), urls[i].clone()));
    }
    for (i, asset) in assets.iter().enumerate() {
        by_path.insert(
            asset.rel_path.as_str(),
            (Target::Asset(i), asset.url.clone()),
        );
    }
    LinkTable {
        by_path,
        heading_ids: documents.iter().map(|d| &d.heading_ids).collect(),
        kinds: documents.iter().map(|d| d.kind).collect(),
        drafts: drafts.iter().map(|d| d.rel_path.as_str()).collect(),
    }
}

/// Where sections and course bundles are, to find each page's parent.
struct Structure {
    sections: HashMap<String, usize>,
    courses: HashMap<String, usize>,
}

impl Structure {
    fn new(documents: &[Document]) -> Self {
        let by_kind = |pred: fn(&Document) -> bool| {
            documents
                .iter()
                .enumerate()
                .filter(|(_, d)| pred(d))
                .map(|(i, d)| (d.dir().to_owned(), i))
                .collect()
        };
        Structure {
            sections: by_kind(|d| d.is_section_index()),
            courses: by_kind(|d| d.is_bundle_index() && d.kind == Kind::Course),
        }
    }

    fn parent_of(&self, doc: &Document) -> Option<usize> {
        let dir = doc.dir();
        if doc.rel_path == "_index.md" {
            return None;
        }
        if doc.kind == Kind::Module {
            if let Some(&course) = self.courses.get(dir) {
                return Some(course);
            }
        }
        let start = if doc.is_section_index() || doc.is_bundle_index() {
            parent_dir(dir)
        } else {
            dir
        };
        self.nearest_section(start)
    }

    fn nearest_section(&self, mut dir: &str) -> Option<usize> {
        loop {
            if let Some(&index) = self.sections.get(dir) {
                return Some(index);
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
    }
}

/// Fills `children`, `subsections` and `used_by` from each page's `parent`,
/// `templates` and `forms`, then sorts the lists.
fn link_family(pages: &mut [Page]) {
    for index in 0..pages.len() {
        if let Some(parent) = pages[index].parent {
            if pages[index].doc.is_section_index() {
                pages[parent].subsections.push(index);
            } else {
                pages[parent].children.push(index);
            }
        }
        let uses: Vec<usize> = pages[index]
            .templates
            .iter()
            .chain(&pages[index].forms)
            .copied()
            .collect();
        for used in uses {
            pages[used].used_by.push(index);
        }
    }
    for index in 0..pages.len() {
        let sort_by = match pages[index].doc.meta.kind {
            KindMeta::Section { sort_by, .. } => sort_by,
            _ => SortBy::Weight,
        };
        let mut children = std::mem::take(&mut pages[index].children);
        let mut subsections = std::mem::take(&mut pages[index].subsections);
        sort_pages(pages, &mut children, sort_by);
        sort_pages(pages, &mut subsections, SortBy::Weight);
        pages[index].children = children;
        pages[index].subsections = subsections;
    }
}

fn sort_pages(pages: &[Page], list: &mut [usize], sort_by: SortBy) {
    let title_key = |i: &usize| sort_key(&pages[*i].doc.meta.title);
    match sort_by {
        SortBy::Weight => list.sort_by_key(|i| (pages[*i].doc.meta.weight, title_key(i))),
        SortBy::Title => list.sort_by_key(title_key),
        SortBy::Updated => {
            list.sort_by_key(|i| (std::cmp::Reverse(pages[*i].doc.meta.updated), title_key(i)))
        }
    }
}

/// The files beside a bundle or section page, in the order of its
/// `[[attachments]]` and then by name; titles come from `[[attachments]]`.
fn attachments_of(
    doc: &Document,
    assets: &mut [Asset],
    problems: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    if !(doc.is_bundle_index() || doc.is_section_index()) {
        return Vec::new();
    }
    let beside: Vec<usize> = (0..assets.len())
        .filter(|&i| parent_dir(&assets[i].rel_path) == doc.dir())
        .collect();
    let mut listed = Vec::new();
    for meta in &doc.meta.attachments {
        match beside
            .iter()
            .find(|&&i| file_name(&assets[i].rel_path) == meta.file)
        {
            Some(&i) => {
                assets[i].title = Some(meta.title.clone());
                listed.push(i);
            }
            None => problems.push(missing_attachment(doc, &meta.file)),
        }
    }
    let named: HashSet<usize> = listed.iter().copied().collect();
    listed.extend(beside.into_iter().filter(|i| !named.contains(i)));
    listed
}

fn missing_attachment(doc: &Document, file: &str) -> Diagnostic {
    let needle = format!("\"{file}\"");
    let offset = doc.text.find(&needle).unwrap_or(0);
    Diagnostic::at_offset(
        &doc.display_path,
        &doc.text,
        offset,
        format!("the attachment `{file}` is not beside this page"),
    )
    .with_width(needle.chars().count())
    .with_help(format!(
        "put {file} in the folder {}/ or correct the file name",
        doc.display_path
            .parent()
            .map(crate::diagnostic::display_path)
            .unwrap_or_default()
    ))
}

/// Resolves a course's `templates` and `forms`, checking they are of that kind.
fn course_links(
    table: &LinkTable,
    doc: &Document,
    index: usize,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<usize>, Vec<usize>) {
    let KindMeta::Course {
        templates, forms, ..
    } = &doc.meta.kind
    else {
        return (Vec::new(), Vec::new());
    };
    let mut resolve_all = |links: &[FieldLink], expected: Kind| -> Vec<usize> {
        let mut found = Vec::new();
        for link in links {
            let result = table
                .resolve(doc, index, &link.dest)
                .and_then(|r| match r.target {
                    Target::Page(p) if table.kinds.get(p) == Some(&expected) => Ok(p),
                    _ => Err((
                        format!("`{}` is not a {}", link.dest, expected.name()),
                        format!("link to the index.md of a {}", expected.name()),
                    )),
                });
            match result {
                Ok(p) => found.push(p),
                Err((message, help)) => problems.push(
                    Diagnostic::at_offset(&doc.display_path, &doc.text, link.offset, message)
                        .with_width(link.dest.chars().count())
                        .with_help(help),
                ),
            }
        }
        found
    };
    (
        resolve_all(templates, Kind::Template),
        resolve_all(forms, Kind::Form),
    )
}

/// Lists of pages grouped by kind, for home and overview pages.
pub fn pages_of_kind(model: &SiteModel, kind: Kind) -> Vec<usize> {
    let mut list: Vec<usize> = (0..model.pages.len())
        .filter(|&i| model.pages[i].doc.kind == kind)
        .collect();
    sort_pages(&model.pages, &mut list, SortBy::Weight);
    list
}
