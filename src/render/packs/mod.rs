//! Course packs: each course, in each language it is written in, as one ZIP
//! a municipality takes home and runs without the portal. A pack holds the
//! course page and its modules, the templates and forms the course uses
//! (each form as a blank sheet to print), every file they offer or show,
//! and a `LESMEG.txt` that lists it all with titles and sizes.
//!
//! A pack's pages say what the site's pages say (`page`), styled by the
//! theme's stylesheet, one file in the pack; every link of a page is made
//! to work in the pack (`links`). Packs are made before the site's pages,
//! whose course pages show each pack's size, and each is handed to the
//! output as soon as it is made (a large site's packs are never held all).
//!
//! A preview keeps each pack (`PackCache`) with the pages it read and its
//! files' sizes and dates: a pack is made again only when one of them
//! changed, and zipped again only when what it holds is not the same.

mod archive;
mod links;
mod page;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hasher as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::model::{reads, Changes};
use crate::parse::Kind;
use crate::write::Sink;
use crate::Failure;

use super::files::size_label;
use super::{lock, OutputFile, Renderer};
use archive::{Entry, EntryContent};
use links::PackMap;

/// A course's pack, made and handed to the output.
struct Pack {
    /// The course page, by index.
    course: usize,
    file: PackFile,
    /// Whether it was made now (not taken as it was).
    remade: bool,
}

/// Every pack, handed to the output: each course page's pack (for its
/// button, by the course page), and the packs made now.
#[derive(Default)]
pub struct Packs {
    pub files: BTreeMap<usize, PackFile>,
    pub remade: HashSet<usize>,
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

/// Every course's pack, each put into `sink` as soon as it is made.
pub fn make(
    r: &Renderer,
    cache: Option<&PackCache>,
    changed: Option<&Changes>,
    sink: &dyn Sink,
) -> Result<Packs, Failure> {
    let courses: Vec<usize> = (0..r.model.pages.len())
        .filter(|&i| r.model.pages[i].doc.kind == Kind::Course)
        .collect();
    let assets: HashMap<&str, usize> = (r.model.assets.iter().enumerate())
        .map(|(i, a)| (a.url.as_str(), i))
        .collect();
    let made: Vec<Result<Pack, Failure>> = courses
        .par_iter()
        .map(|&course| {
            let (pack, bytes) = pack_of(r, course, &assets, cache, changed)?;
            sink.put(OutputFile::shared(pack.file.path.clone(), bytes))?;
            Ok(pack)
        })
        .collect();
    let mut packs = Packs::default();
    for pack in made {
        let pack = pack?;
        if pack.remade {
            packs.remade.insert(pack.course);
        }
        packs.files.insert(pack.course, pack.file);
    }
    Ok(packs)
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
    let slug = crate::model::urls::last_part(&page.url);
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
/// its pages written again, and zipped again when they or its files differ.
fn pack_of(
    r: &Renderer,
    course: usize,
    assets: &HashMap<&str, usize>,
    cache: Option<&PackCache>,
    changed: Option<&Changes>,
) -> Result<(Pack, Arc<[u8]>), Failure> {
    let plan = plan(r, course);
    let kept = cache.and_then(|c| lock(&c.kept).get(&plan.zip_path).cloned());
    if let (Some(kept), Some(changed)) = (&kept, changed) {
        let read_changed = kept.read.iter().any(|p| changed.pages.contains(p));
        let files_same = kept.files.iter().all(|f| FileStamp::of(&f.path) == *f);
        if !read_changed && files_same {
            let pack = Pack {
                course,
                file: PackFile {
                    path: plan.zip_path,
                    size: kept.bytes.len() as u64,
                },
                remade: false,
            };
            return Ok((pack, Arc::clone(&kept.bytes)));
        }
    }
    let (entries, read) = reads::recording(|| entries(r, &plan, assets));
    let bytes: Arc<[u8]> = match cache {
        // A one-off build keeps nothing: no stamps, no fingerprint.
        None => archive::zip(&plan.folder, entries)
            .map_err(Failure::Internal)?
            .into(),
        Some(cache) => zipped_or_kept(cache, kept, &plan, entries, read)?,
    };
    let pack = Pack {
        course,
        file: PackFile {
            path: plan.zip_path,
            size: bytes.len() as u64,
        },
        remade: true,
    };
    Ok((pack, bytes))
}

/// The pack's ZIP: as kept when its pages and files are as before, else
/// made; kept for the next preview either way.
fn zipped_or_kept(
    cache: &PackCache,
    kept: Option<Arc<Kept>>,
    plan: &Plan,
    entries: Vec<Entry>,
    read: Vec<usize>,
) -> Result<Arc<[u8]>, Failure> {
    let files: Vec<FileStamp> = entries
        .iter()
        .filter_map(|e| match &e.content {
            EntryContent::File(path) => Some(FileStamp::of(path)),
            EntryContent::Text(_) => None,
        })
        .collect();
    let fingerprint = fingerprint(&entries, &files);
    let bytes: Arc<[u8]> = match kept.filter(|k| k.fingerprint == fingerprint) {
        Some(kept) => Arc::clone(&kept.bytes),
        None => {
            cache.zipped.fetch_add(1, Ordering::Relaxed);
            archive::zip(&plan.folder, entries)
                .map_err(Failure::Internal)?
                .into()
        }
    };
    let kept = Kept {
        read,
        files,
        fingerprint,
        bytes: Arc::clone(&bytes),
    };
    lock(&cache.kept).insert(plan.zip_path.clone(), Arc::new(kept));
    Ok(bytes)
}

fn fingerprint(entries: &[Entry], files: &[FileStamp]) -> u64 {
    let mut hash = crate::fingerprint::long_input_hasher();
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

/// The pack's pages, with their links made to work in the pack, the
/// stylesheet, the files they offer or link to, and the list of it all.
fn entries(r: &Renderer, plan: &Plan, assets: &HashMap<&str, usize>) -> Vec<Entry> {
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
    let mut listed_pages = Vec::new();
    // Each file once, with the title a page gives it.
    let mut files: BTreeMap<usize, Option<String>> = BTreeMap::new();
    for member in &plan.members {
        let (html, linked) = page::pack_page(r, plan, member, &map);
        let page = model.page(member.page);
        for attachment in &page.attachments {
            let title = files.entry(attachment.asset).or_default();
            if title.is_none() {
                title.clone_from(&attachment.title);
            }
        }
        for asset in linked {
            files.entry(asset).or_default();
        }
        let title = page.doc.meta.title.clone();
        listed_pages.push((member.path.clone(), title, html.len() as u64));
        entries.push(Entry {
            path: member.path.clone(),
            content: EntryContent::Text(html),
        });
    }
    entries.push(Entry {
        path: page::STYLESHEET.to_owned(),
        content: EntryContent::Text(r.stylesheet.to_string()),
    });
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
    let readme = readme(r, plan, &listed_pages, &listed_files);
    entries.push(readme);
    entries
}

/// `path`, or when a page of the pack has it, the same under `filer/`.
fn free_path(path: String, taken: &HashSet<String>) -> String {
    if taken.contains(&path) {
        format!("filer/{path}")
    } else {
        path
    }
}

/// A line of `LESMEG.txt`: path in the pack, title, size.
type Listed = (String, String, u64);

/// `LESMEG.txt`: what the pack is, how to open it, and what it holds.
fn readme(r: &Renderer, plan: &Plan, pages: &[Listed], files: &[Listed]) -> Entry {
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
    for (heading, list) in [(&t["pack_pages"], pages), (&t["pack_files"], files)] {
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
