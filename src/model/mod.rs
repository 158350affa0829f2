//! Documents → [`SiteModel`]: the site as a web of pages, in every language.
//!
//! Groups each page with its translations, gives every version its URL and
//! place (section, course, children) in its language, files the assets
//! beside their pages, links courses to their templates and forms both ways,
//! gathers taxonomies per language, and resolves every internal link. Where
//! a page has no version in a language, that language's lists show the
//! original. The result is immutable: rendering only reads it.

mod attachments;
mod changes;
mod commit_dates;
mod course_links;
pub mod family;
pub mod images;
mod inherit;
mod links;
mod memo;
mod patch;
pub mod reads;
mod taxonomy;
pub mod translations;
pub mod urls;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::load::AssetFile;
use crate::parse::{Document, Kind};
use crate::Failure;

pub use changes::{content_changes, Changes};
use links::LinkTable;
pub use memo::{ModelMemo, Redone};
pub use taxonomy::{TaxonomyModel, Term, TermRef};
use urls::DirUrls;

#[derive(Debug, Clone)]
pub struct SiteModel {
    /// Every published version of every document, ordered by source path.
    pub pages: Vec<Page>,
    /// Each page with its translations.
    pub groups: Vec<Group>,
    /// Each group by its key, for look-ups by path (`group_at`): a page
    /// drawn asks for the notice's page, and a scan of every group for each
    /// page drawn made a large site quadratic.
    group_keys: Arc<HashMap<String, usize>>,
    pub assets: Vec<Asset>,
    /// Per language of the site (the default first): home page and taxonomies.
    pub languages: Vec<LanguageView>,
    /// The pictures some body shows that get smaller copies (`images`),
    /// by asset number.
    pub pictures_with_copies: Vec<usize>,
    /// What its links could lead to (`memo::link_environment`): bodies
    /// filled in one model are taken over by the next while it is the same.
    pub link_environment: u64,
}

/// A page in all the languages it is written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The source path without language suffix: `kurs/a/index.md`.
    pub key: String,
    /// The version in the default language, or else the first there is.
    pub original: usize,
    pub versions: BTreeMap<Language, usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LanguageView {
    pub language: Language,
    pub home: usize,
    pub taxonomies: Vec<TaxonomyModel>,
    /// The pages written in the language, A–Å (`SiteModel::a_to_z`), sorted
    /// once for the search index and the search pages both.
    pub a_to_z: Arc<[usize]>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    pub group: usize,
    /// Site-relative: `kurs/renhold-og-smittevern/`, `en/courses/…`; the home page is ``.
    pub url: String,
    /// The body with every internal link resolved relative to `url`
    /// (shared with a preview's `ModelMemo`).
    pub body_html: Arc<str>,
    /// The section this page is listed in; for a module, its course.
    pub parent: Option<usize>,
    /// Pages listed on this one (a section's pages, a course's modules), in
    /// this page's language where they have a version, else their originals.
    pub children: Vec<usize>,
    pub subsections: Vec<usize>,
    /// Files beside the page (materials, summaries, forms to print).
    pub attachments: Vec<Attachment>,
    /// For a course: the templates and forms it uses.
    pub templates: Vec<usize>,
    pub forms: Vec<usize>,
    /// For a template or form: the courses that use it.
    pub used_by: Vec<usize>,
    /// The terms this page is filed under, in its language's taxonomies.
    pub terms: Vec<TermRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub asset: usize,
    /// The editor's title from `[[attachments]]`; else the file name is shown.
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub rel_path: String,
    pub abs_path: PathBuf,
    /// Site-relative URL, which is also its path in the output.
    pub url: String,
    pub size: u64,
    /// For a picture (JPEG, PNG, WebP, GIF): its size, or why its header
    /// cannot be read (an error where a body shows it).
    pub picture: Option<Result<images::Picture, String>>,
}

impl SiteModel {
    /// A page, to read what it says. Read pages this way while a page is
    /// drawn: the read is noted (`reads`), so the page is drawn again when
    /// the page it read changes, and only then.
    pub fn page(&self, index: usize) -> &Page {
        reads::note(index);
        &self.pages[index]
    }

    /// The pages written in `language`, A–Å by title (the language's
    /// alphabetical order), then by URL: the search index numbers them so,
    /// and the search page lists them.
    pub fn pages_a_to_z(&self, language: Language) -> Vec<&Page> {
        let order = self.a_to_z(language);
        order.iter().map(|&i| &self.pages[i]).collect()
    }

    /// As `pages_a_to_z`, by index.
    pub fn a_to_z(&self, language: Language) -> &[usize] {
        &self.language(language).a_to_z
    }

    /// The version of `group` shown in `language`: its own, else the original.
    pub fn view(&self, group: usize, language: Language) -> usize {
        let group = &self.groups[group];
        group
            .versions
            .get(&language)
            .copied()
            .unwrap_or(group.original)
    }
    /// The page's version in `language`, if it has one.
    pub fn translation(&self, page: usize, language: Language) -> Option<usize> {
        self.version_in(self.pages[page].group, language)
    }

    /// The group's version in `language`: its translation, or the original
    /// itself when its text is written in that language (`language = "nn"`).
    pub fn version_in(&self, group: usize, language: Language) -> Option<usize> {
        let group = &self.groups[group];
        let original_text = self.page(group.original).doc.meta.language;
        group
            .versions
            .get(&language)
            .copied()
            .or((original_text == Some(language)).then_some(group.original))
    }
    pub fn original_of(&self, page: usize) -> usize {
        self.groups[self.pages[page].group].original
    }

    /// The page group a path names (`kurs/_index.md`, `kurs/`), if any.
    pub fn group_at(&self, path: &str) -> Option<usize> {
        candidate_keys(path)
            .iter()
            .filter_map(|key| self.group_keys.get(key).copied())
            .min()
    }

    pub fn language(&self, language: Language) -> &LanguageView {
        self.languages
            .iter()
            .find(|l| l.language == language)
            .unwrap_or(&self.languages[0])
    }
}

/// Builds the model; all link, URL and taxonomy problems are reported together.
/// `unparsed` are the files that failed to parse (their problems are
/// reported by `parse`); links to them are not reported again. With
/// `memo`, bodies filled and metadata inherited before are taken over, and
/// new ones kept.
pub fn build(
    config: &Config,
    documents: Vec<Document>,
    files: Vec<AssetFile>,
    unparsed: &[String],
    memo: Option<&ModelMemo>,
) -> Result<SiteModel, Failure> {
    let mut problems = Vec::new();
    let (mut documents, drafts) = published(config, documents);
    documents.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let kept_dates = memo.map(|m| &m.commit_dates);
    commit_dates::fill_missing(&config.content_dir(), &mut documents, kept_dates);
    let (groups, group_of) = group_versions(&mut documents, config.default_language(), memo);
    inherit::check_plan_notes(&documents, &mut problems);
    let homes = homes(config, &groups).map_err(|missing| {
        // A home page that failed to parse is reported already.
        let missing = missing
            .into_iter()
            .filter(|d| !unparsed.iter().any(|u| d.path.ends_with(u)))
            .collect();
        Failure::Content(missing)
    })?;
    let mut dir_urls = DirUrls::new(&documents, config);
    let page_urls: Vec<String> = documents.iter().map(|d| dir_urls.page_url(d)).collect();
    check_unique_urls(&documents, &page_urls, &mut problems);
    let asset_urls: Vec<String> = files
        .iter()
        .map(|f| dir_urls.asset_url(&f.rel_path))
        .collect();
    let assets: Vec<Asset> = files
        .into_par_iter()
        .zip(asset_urls)
        .map(|(f, url)| Asset {
            picture: images::read(&f.rel_path, &f.abs_path),
            url,
            rel_path: f.rel_path,
            abs_path: f.abs_path,
            size: f.size,
        })
        .collect();
    // The bodies as parsed are taken out of the documents while their links
    // are filled in: a one-off build (no memo) lets go of each as soon as
    // its filled body exists, instead of holding both versions of every
    // body at once; a preview keeps them (the memo and the next edit read
    // them) and they go back into the documents below.
    let unfilled: Vec<Arc<str>> = documents
        .iter_mut()
        .map(|d| std::mem::take(&mut d.body_html))
        .collect();
    let mut table = link_table(documents.iter(), &groups, &page_urls, &assets, &drafts);
    table.unparsed = unparsed.iter().map(String::as_str).collect();
    let link_environment =
        memo::link_environment(&documents, &groups, &page_urls, &assets, &drafts, unparsed);
    let filled: Vec<Filled> = unfilled
        .into_par_iter()
        .enumerate()
        .map(|(i, unfilled)| {
            let doc = &documents[i];
            let place = memo::Place {
                page_url: &page_urls[i],
                environment: link_environment,
            };
            let kept = memo.and_then(|m| m.get_at(&doc.rel_path, &unfilled, &place));
            if let Some(body) = kept {
                return (body, Some(unfilled), Vec::new());
            }
            let mut broken = Vec::new();
            let hrefs = links::body_hrefs(&table, doc, i, &page_urls[i], &mut broken);
            let body: Arc<str> = memo
                .and_then(|m| m.get(&doc.rel_path, &unfilled, &hrefs))
                .unwrap_or_else(|| links::fill_placeholders(&unfilled, &hrefs).into());
            if let Some(memo) = memo.filter(|_| broken.is_empty()) {
                memo.keep(&doc.rel_path, &unfilled, &place, hrefs, &body);
            }
            (body, memo.map(|_| unfilled), broken)
        })
        .collect();
    let mut bodies = Vec::with_capacity(filled.len());
    let mut parsed_bodies = Vec::with_capacity(filled.len());
    for (body, parsed, mut broken) in filled {
        bodies.push(body);
        parsed_bodies.push(parsed);
        problems.append(&mut broken);
    }
    let folders = attachments::by_folder(&assets);
    let attachments: Vec<Vec<Attachment>> = (0..documents.len())
        .map(|i| {
            let original = &documents[groups[group_of[i]].original];
            let beside = folders
                .get(documents[i].dir())
                .map_or(&[][..], Vec::as_slice);
            attachments::attachments_of(&documents[i], original, &assets, beside, &mut problems)
        })
        .collect();
    let uses = course_links::course_uses(&table, &documents, &groups, &mut problems);
    let pictures_with_copies = images::shown(&table, documents.iter(), &assets);
    drop(table);
    for (doc, parsed) in documents.iter_mut().zip(parsed_bodies) {
        doc.body_html = parsed.unwrap_or_default();
    }
    let pages = pages(documents, page_urls, bodies, attachments, &group_of);
    check_notice_links(config, &groups, &mut problems);
    let group_keys = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.key.clone(), i))
        .collect::<HashMap<_, _>>()
        .into();
    let mut model = SiteModel {
        pages,
        groups,
        group_keys,
        assets,
        languages: Vec::new(),
        pictures_with_copies,
        link_environment,
    };
    family::link(&mut model, &uses);
    for (language, home) in homes {
        let taxonomies = taxonomy::collect(config, &mut model, language, &mut problems);
        model.languages.push(LanguageView {
            language,
            home,
            taxonomies,
            a_to_z: a_to_z(&model.pages, language),
        });
    }
    if !problems.is_empty() {
        return Err(Failure::Content(problems));
    }
    Ok(model)
}

/// A body with its links filled in, the body as parsed when a preview keeps
/// it, and the links that lead nowhere.
type Filled = (Arc<str>, Option<Arc<str>>, Vec<Diagnostic>);

/// The pages written in `language`, A–Å by title, then by URL.
fn a_to_z(pages: &[Page], language: Language) -> Arc<[usize]> {
    let mut order: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].doc.lang == language)
        .collect();
    order.sort_by_cached_key(|&i| {
        let page = &pages[i];
        let title = crate::collate::sort_key(language, &page.doc.meta.title);
        (title, page.url.as_str())
    });
    order.into()
}

/// The pages, before their family (parents, children) is known.
fn pages(
    documents: Vec<Document>,
    urls: Vec<String>,
    bodies: Vec<Arc<str>>,
    attachments: Vec<Vec<Attachment>>,
    group_of: &[usize],
) -> Vec<Page> {
    documents
        .into_iter()
        .zip(urls)
        .zip(bodies)
        .zip(attachments)
        .enumerate()
        .map(|(index, (((doc, url), body_html), attachments))| Page {
            doc,
            group: group_of[index],
            url,
            body_html,
            parent: None,
            children: Vec::new(),
            subsections: Vec::new(),
            attachments,
            templates: Vec::new(),
            forms: Vec::new(),
            used_by: Vec::new(),
            terms: Vec::new(),
        })
        .collect()
}

/// Leaves out drafts (unless asked for). A translation of a draft is a draft.
fn published(config: &Config, documents: Vec<Document>) -> (Vec<Document>, Vec<Document>) {
    let draft_keys: HashSet<String> = documents
        .iter()
        .filter(|d| !d.is_translation && d.meta.draft)
        .map(|d| d.key.clone())
        .collect();
    documents
        .into_iter()
        .partition(|d| config.drafts || !draft_keys.contains(&d.key))
}

/// Groups versions by key and lets translations inherit from their originals.
/// Also returns, per document, the index of its group.
/// With a `memo`, a translation whose metadata and whose original's are as
/// before takes what it inherited before.
fn group_versions(
    documents: &mut [Document],
    default: Language,
    memo: Option<&ModelMemo>,
) -> (Vec<Group>, Vec<usize>) {
    let mut by_key: BTreeMap<String, BTreeMap<Language, usize>> = BTreeMap::new();
    for (i, doc) in documents.iter().enumerate() {
        by_key
            .entry(doc.key.clone())
            .or_default()
            .insert(doc.lang, i);
    }
    let groups: Vec<Group> = by_key
        .into_iter()
        .map(|(key, versions)| {
            let original = versions
                .iter()
                .find(|(_, &i)| !documents[i].is_translation)
                .or_else(|| versions.get_key_value(&default))
                .map_or_else(
                    || *versions.values().next().expect("a group has a version"),
                    |(_, &i)| i,
                );
            Group {
                key,
                original,
                versions,
            }
        })
        .collect();
    for group in &groups {
        let original = documents[group.original].meta.clone();
        let original_language = documents[group.original].lang;
        for &version in group.versions.values().filter(|&&v| v != group.original) {
            let translation = &mut documents[version];
            let from = (&translation.meta, &original, original_language);
            if let Some(inherited) = memo.and_then(|m| m.inherited(&translation.rel_path, from)) {
                translation.meta = inherited;
                continue;
            }
            let own = Arc::clone(&translation.meta);
            inherit::inherit(
                Arc::make_mut(&mut translation.meta),
                &original,
                original_language,
            );
            if let Some(memo) = memo {
                let from = (&own, &original, original_language);
                memo.keep_inherited(&translation.rel_path, from, &translation.meta);
            }
        }
    }
    let mut group_of = vec![0; documents.len()];
    for (g, group) in groups.iter().enumerate() {
        for &version in group.versions.values() {
            group_of[version] = g;
        }
    }
    (groups, group_of)
}

/// Every language of the site needs its home page (`_index.md`, `_index.en.md`…).
fn homes(config: &Config, groups: &[Group]) -> Result<Vec<(Language, usize)>, Vec<Diagnostic>> {
    let home_group = groups.iter().find(|g| g.key == "_index.md");
    let mut homes = Vec::new();
    let mut problems = Vec::new();
    for settings in &config.languages {
        match home_group.and_then(|g| g.versions.get(&settings.language)) {
            Some(&home) => homes.push((settings.language, home)),
            None => {
                let file = if settings.language == config.default_language() {
                    "content/_index.md".to_owned()
                } else {
                    format!("content/_index.{}.md", settings.code())
                };
                problems.push(
                    Diagnostic::in_file(
                        &file,
                        format!(
                            "the site has no home page in `{}` ({})",
                            settings.code(),
                            settings.name
                        ),
                    )
                    .with_help(format!("create {file} with `+++`, `title = \"…\"`, `+++`")),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(homes)
    } else {
        Err(problems)
    }
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
    documents: impl Iterator<Item = &'a Document> + Clone,
    groups: &'a [Group],
    urls: &'a [String],
    assets: &'a [Asset],
    drafts: &'a [Document],
) -> LinkTable<'a> {
    LinkTable {
        versions: groups.iter().map(|g| (g.key.as_str(), g)).collect(),
        files: documents
            .clone()
            .enumerate()
            .map(|(i, d)| (d.rel_path.as_str(), i))
            .collect(),
        assets: assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.rel_path.as_str(), i))
            .collect(),
        page_urls: urls,
        asset_list: assets,
        heading_ids: documents.clone().map(|d| &*d.heading_ids).collect(),
        kinds: documents.map(|d| d.kind).collect(),
        drafts: drafts.iter().map(|d| d.rel_path.as_str()).collect(),
        unparsed: HashSet::new(),
    }
}

/// The group a link path names: a source file, or a folder with an
/// `_index.md` or `index.md`.
fn group_named(groups: &[Group], path: &str) -> Option<usize> {
    let candidates = candidate_keys(path);
    groups.iter().position(|g| candidates.contains(&g.key))
}

/// The keys a path from the content folder may name: a file, or a folder
/// by its section's or bundle's index.
fn candidate_keys(path: &str) -> [String; 3] {
    let path = path.trim_end_matches('/');
    [
        path.to_owned(),
        format!("{path}/_index.md"),
        format!("{path}/index.md"),
    ]
}

/// A notice that links to a page (`link = "@/kurs/_index.md"`) must name one.
fn check_notice_links(config: &Config, groups: &[Group], problems: &mut Vec<Diagnostic>) {
    for settings in &config.languages {
        let Some(path) = settings
            .notice
            .as_ref()
            .and_then(|n| n.link.as_deref()?.strip_prefix("@/"))
        else {
            continue;
        };
        if group_named(groups, path).is_none() {
            problems.push(
                Diagnostic::in_file(crate::config::CONFIG_FILE, format!(
                    "the notice for `{}` links to `@/{path}`, which is not a page in content/",
                    settings.code()
                ))
                .with_help("link to a Markdown file, such as \"@/kurs/_index.md\", or to a full web address"),
            );
        }
    }
}

/// The groups of `kind`, each in `language` (or its original), in list order.
pub fn pages_of_kind(model: &SiteModel, kind: Kind, language: Language) -> Vec<usize> {
    let mut list: Vec<usize> = (0..model.groups.len())
        .filter(|&g| model.pages[model.groups[g].original].doc.kind == kind)
        .map(|g| model.view(g, language))
        .collect();
    family::sort_pages(
        &model.pages,
        &mut list,
        crate::parse::front_matter::SortBy::Weight,
        language,
    );
    list
}
