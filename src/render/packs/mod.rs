//! Course packs: each course, in each language it is written in, as one ZIP
//! a municipality takes home and runs without the portal. A pack holds the
//! course page and its modules, the templates and forms the course uses
//! (each form as a blank sheet to print), every file they offer or show,
//! and a `LESMEG.txt` that lists it all with titles and sizes.
//!
//! A pack's pages are drawn with the theme's own templates, with `pack` in
//! the context: `base.html` then puts the stylesheet inside the page and
//! leaves out what needs the portal (scripts, search, menus). Every link of
//! a drawn page is then made to work in the pack (`links`). Packs are made
//! before the site's pages, whose course pages show each pack's size.
//!
//! A preview keeps each pack (`PackCache`) with the pages it read and its
//! files' sizes and dates: a pack is made again only when one of them
//! changed, and zipped again only when what it holds is not the same.

mod archive;
mod links;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::fingerprint::Fnv;
use crate::model::{reads, Changes};
use crate::parse::{Kind, KindMeta};
use crate::Failure;

use super::base::builder;
use super::context::NavItem;
use super::files::size_label;
use super::forms::blank_form_html;
use super::pages::{self, Job};
use super::Renderer;
use archive::{Entry, EntryContent};
use links::PackMap;

/// A course's pack, made.
pub struct Pack {
    /// The course page, by index.
    pub course: usize,
    /// Where the ZIP goes in the output: beside the course page.
    pub path: String,
    pub bytes: Arc<[u8]>,
    /// Whether it was made now (not taken as it was).
    pub remade: bool,
}

/// Where a course's pack is and how big it is, for its page's button.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub path: String,
    pub size: u64,
}

/// Packs made before (`serve`), by the ZIP's path; counts the ZIPs made.
#[derive(Default)]
pub struct PackCache {
    kept: Mutex<HashMap<String, Arc<Kept>>>,
    zipped: AtomicUsize,
}

impl PackCache {
    /// How many ZIPs were made (not taken as they were) so far.
    pub fn zipped(&self) -> usize {
        self.zipped.load(Ordering::Relaxed)
    }
}

struct Kept {
    /// The pages read to make it.
    read: Vec<usize>,
    files: Vec<FileStamp>,
    fingerprint: u64,
    bytes: Arc<[u8]>,
}

/// A file of the site as it was when a pack took it.
#[derive(PartialEq)]
struct FileStamp {
    path: std::path::PathBuf,
    size: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    fn of(path: &std::path::Path) -> FileStamp {
        let meta = std::fs::metadata(path).ok();
        FileStamp {
            path: path.to_owned(),
            size: meta.as_ref().map_or(0, |m| m.len()),
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }
}

/// Every course's pack, in page order.
pub fn make(
    r: &Renderer,
    cache: Option<&PackCache>,
    changed: Option<&Changes>,
) -> Result<Vec<Pack>, Failure> {
    let courses: Vec<usize> = (0..r.model.pages.len())
        .filter(|&i| r.model.pages[i].doc.kind == Kind::Course)
        .collect();
    if courses.is_empty() {
        return Ok(Vec::new());
    }
    let assets: HashMap<&str, usize> = (r.model.assets.iter().enumerate())
        .map(|(i, a)| (a.url.as_str(), i))
        .collect();
    let made: Vec<Result<Pack, Failure>> = courses
        .par_iter()
        .map(|&course| pack_of(r, course, &assets, cache, changed))
        .collect();
    made.into_iter().collect()
}

/// What a course's pack holds, before anything is drawn.
struct Plan<'a> {
    course: usize,
    /// The pack's folder, also the ZIP's name: `kurspakke-renhold`.
    folder: String,
    /// Where the ZIP goes in the output.
    zip_path: String,
    /// Pages in reading order: the course, its modules, templates, forms.
    members: Vec<Member>,
    /// The course's addresses in every language it is written in (an
    /// untranslated module sits under its original course's address).
    course_urls: Vec<&'a str>,
    /// Every language's home, the default's (`""`) last.
    home_urls: Vec<&'a str>,
}

struct Member {
    page: usize,
    /// Its path in the pack: `index.html`, `01-start.html`, `maler/plan.html`.
    path: String,
}

fn plan<'a>(r: &'a Renderer, course: usize) -> Plan<'a> {
    let model = r.model;
    let page = model.page(course);
    let strings = &r.strings[&page.doc.lang];
    let slug = page
        .url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("kurs");
    let name = strings.get("pack_name").map_or("kurspakke", String::as_str);
    let folder = format!("{name}-{slug}");
    let versions = model.groups[page.group].versions.values();
    let mut course_urls: Vec<&str> = std::iter::once(page.url.as_str())
        .chain(versions.map(|&v| model.pages[v].url.as_str()))
        .collect();
    course_urls.dedup();
    let mut home_urls: Vec<&str> = (model.languages.iter())
        .map(|view| model.pages[view.home].url.as_str())
        .collect();
    home_urls.sort_by_key(|url| std::cmp::Reverse(url.len()));
    let mut plan = Plan {
        course,
        zip_path: format!("{}{folder}.zip", page.url),
        folder,
        members: Vec::new(),
        course_urls,
        home_urls,
    };
    let in_order = std::iter::once(course)
        .chain(page.children.iter().copied())
        .chain(page.templates.iter().copied())
        .chain(page.forms.iter().copied());
    let mut taken = HashSet::new();
    for member in in_order {
        let path = plan.path_of(&model.page(member).url, true);
        if taken.insert(path.clone()) {
            plan.members.push(Member { page: member, path });
        }
    }
    plan
}

impl Plan<'_> {
    /// A site URL's path in the pack: under the course's folder as it is
    /// there, else as it is under its language's home; a page as one file.
    fn path_of(&self, url: &str, is_page: bool) -> String {
        let prefixes = self.course_urls.iter().chain(&self.home_urls);
        let path = (prefixes.filter_map(|prefix| url.strip_prefix(prefix)))
            .next()
            .unwrap_or(url);
        match (is_page, path.trim_end_matches('/')) {
            (true, "") => "index.html".to_owned(),
            (true, page) => format!("{page}.html"),
            (false, _) => path.to_owned(),
        }
    }
}

/// A course's pack: as kept, when nothing it was made from changed; else
/// its pages drawn again, and zipped again when they or its files differ.
fn pack_of(
    r: &Renderer,
    course: usize,
    assets: &HashMap<&str, usize>,
    cache: Option<&PackCache>,
    changed: Option<&Changes>,
) -> Result<Pack, Failure> {
    let plan = plan(r, course);
    let kept = cache.and_then(|c| lock(&c.kept).get(&plan.zip_path).cloned());
    if let (Some(kept), Some(changed)) = (&kept, changed) {
        let read_changed = kept.read.iter().any(|p| changed.pages.contains(p));
        let files_same = kept.files.iter().all(|f| FileStamp::of(&f.path) == *f);
        if !read_changed && files_same {
            return Ok(Pack {
                course,
                path: plan.zip_path,
                bytes: Arc::clone(&kept.bytes),
                remade: false,
            });
        }
    }
    let (entries, read) = reads::recording(|| entries(r, &plan, assets));
    let entries = entries.map_err(|d| Failure::Content(vec![d]))?;
    let files: Vec<FileStamp> = entries
        .iter()
        .filter_map(|e| match &e.content {
            EntryContent::File(path) => Some(FileStamp::of(path)),
            EntryContent::Text(_) => None,
        })
        .collect();
    let fingerprint = fingerprint(&entries, &files);
    let same = kept.filter(|k| k.fingerprint == fingerprint);
    let bytes: Arc<[u8]> = match same {
        Some(kept) => Arc::clone(&kept.bytes),
        None => {
            if let Some(cache) = cache {
                cache.zipped.fetch_add(1, Ordering::Relaxed);
            }
            archive::zip(&plan.folder, entries)
                .map_err(Failure::Internal)?
                .into()
        }
    };
    if let Some(cache) = cache {
        let kept = Kept {
            read,
            files,
            fingerprint,
            bytes: Arc::clone(&bytes),
        };
        lock(&cache.kept).insert(plan.zip_path.clone(), Arc::new(kept));
    }
    Ok(Pack {
        course,
        path: plan.zip_path,
        bytes,
        remade: true,
    })
}

fn fingerprint(entries: &[Entry], files: &[FileStamp]) -> u64 {
    let mut hash = Fnv::default();
    for entry in entries {
        hash.write(entry.path.as_bytes());
        hash.write_u8(0);
        if let EntryContent::Text(text) = &entry.content {
            hash.write(text.as_bytes());
        }
    }
    for file in files {
        hash.write(file.path.as_os_str().as_encoded_bytes());
        hash.write_u64(file.size);
        let since = file
            .modified
            .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok());
        hash.write_u128(since.map_or(0, |d| d.as_nanos()));
    }
    hash.finish()
}

/// The pack's pages, drawn and with their links made to work in the pack,
/// the files they offer or link to, and the list of it all.
fn entries(
    r: &Renderer,
    plan: &Plan,
    assets: &HashMap<&str, usize>,
) -> Result<Vec<Entry>, Diagnostic> {
    let model = r.model;
    let asset_path = |asset: usize| plan.path_of(&model.assets[asset].url, false);
    let map = PackMap {
        pages: (plan.members.iter())
            .map(|m| (model.pages[m.page].url.as_str(), m.path.clone()))
            .collect(),
        assets,
        asset_path: &asset_path,
        base_url: &r.config.base_url,
    };
    let mut entries = Vec::new();
    // Each file once, with the title a page gives it.
    let mut files: BTreeMap<usize, Option<String>> = BTreeMap::new();
    for member in &plan.members {
        let html = draw(r, plan, member)?;
        let page = model.page(member.page);
        let (html, linked) = links::rewrite(&html, &page.url, &member.path, &map);
        for attachment in &page.attachments {
            let title = files.entry(attachment.asset).or_default();
            if title.is_none() {
                title.clone_from(&attachment.title);
            }
        }
        for asset in linked {
            files.entry(asset).or_default();
        }
        entries.push(Entry {
            path: member.path.clone(),
            content: EntryContent::Text(html),
        });
    }
    let taken: HashSet<String> = entries.iter().map(|e| e.path.clone()).collect();
    let mut listed_files = Vec::new();
    for (&asset, title) in &files {
        let file = &model.assets[asset];
        let path = free_path(asset_path(asset), &taken);
        let name = crate::load::file_name(&file.rel_path);
        listed_files.push((
            path.clone(),
            title.clone().unwrap_or_else(|| name.to_owned()),
            file.size,
        ));
        entries.push(Entry {
            path,
            content: EntryContent::File(file.abs_path.clone()),
        });
    }
    let readme = readme(r, plan, &entries, &listed_files);
    entries.push(readme);
    Ok(entries)
}

/// `path`, or when a page of the pack has it, the same under `filer/`.
fn free_path(path: String, taken: &HashSet<String>) -> String {
    if taken.contains(&path) {
        format!("filer/{path}")
    } else {
        path
    }
}

/// What `base.html` shows around a pack's page instead of the portal's
/// header and footer.
#[derive(Serialize)]
struct PackChrome<'a> {
    /// The theme's stylesheet, put inside the page.
    css: &'a str,
    /// "Kurspakke: Renhold og smittevern".
    title: String,
    /// The pack's pages, to go between them.
    nav: Vec<NavItem>,
    /// This page on the portal.
    online_href: String,
    /// That the pack was taken from the portal, and where links lead.
    note: String,
}

/// One of the pack's pages, drawn by its own template with `pack` set; a
/// form as a blank sheet to print.
fn draw(r: &Renderer, plan: &Plan, member: &Member) -> Result<String, Diagnostic> {
    let model = r.model;
    let page = model.page(member.page);
    let (_, template, mut context) = pages::job_context(r, &Job::Page(member.page));
    let b = builder(r, page.doc.lang, &page.url);
    let course = model.page(plan.course);
    let nav = (plan.members.iter())
        .map(|m| {
            let listed = model.page(m.page);
            NavItem {
                title: listed.doc.meta.title.clone(),
                href: b.href(&listed.url),
                current: m.page == member.page,
                lang: b.foreign_lang(listed),
            }
        })
        .collect();
    let chrome = PackChrome {
        css: &r.stylesheet,
        title: format!("{}: {}", b.strings["pack_title"], course.doc.meta.title),
        nav,
        online_href: r.config.absolute_url(&page.url),
        note: b.strings["pack_note"].clone(),
    };
    context.insert("pack", &chrome);
    if let KindMeta::Form { fields } = &page.doc.meta.kind {
        if let Some(mut shown) = context.remove("page") {
            shown["form_html"] = blank_form_html(fields, b.strings).into();
            context.insert("page", &shown);
        }
    }
    let bytes = pages::draw(r, &member.path, &template, &context)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `LESMEG.txt`: what the pack is, how to open it, and what it holds.
fn readme(r: &Renderer, plan: &Plan, entries: &[Entry], files: &[(String, String, u64)]) -> Entry {
    let model = r.model;
    let course = model.page(plan.course);
    let language = course.doc.lang;
    let t = &r.strings[&language];
    let site = &r.config.language(language).title;
    let mut text = format!(
        "{}: {}\r\n{site}\r\n{}\r\n\r\n{}\r\n",
        t["pack_title"],
        course.doc.meta.title,
        r.config.absolute_url(&course.url),
        t["pack_readme_open"],
    );
    let size_of = |path: &str| {
        entries
            .iter()
            .find(|e| e.path == path)
            .map_or(0, |e| match &e.content {
                EntryContent::Text(text) => text.len() as u64,
                EntryContent::File(_) => 0,
            })
    };
    let pages: Vec<(String, String, u64)> = (plan.members.iter())
        .map(|m| {
            let title = model.page(m.page).doc.meta.title.clone();
            (m.path.clone(), title, size_of(&m.path))
        })
        .collect();
    for (heading, list) in [(&t["pack_pages"], &pages[..]), (&t["pack_files"], files)] {
        if list.is_empty() {
            continue;
        }
        text.push_str(&format!("\r\n{heading}\r\n"));
        let width = list
            .iter()
            .map(|(p, ..)| p.chars().count())
            .max()
            .unwrap_or(0);
        for (path, title, size) in list {
            let pad = " ".repeat(width - path.chars().count());
            let size = size_label(*size, language);
            text.push_str(&format!("  {path}{pad}  {title} ({size})\r\n"));
        }
    }
    Entry {
        path: t["pack_readme"].clone(),
        content: EntryContent::Text(text),
    }
}

/// Each course page's pack, for its button.
pub fn pack_files(packs: &[Pack]) -> HashMap<usize, PackFile> {
    packs
        .iter()
        .map(|p| {
            let file = PackFile {
                path: p.path.clone(),
                size: p.bytes.len() as u64,
            };
            (p.course, file)
        })
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
