//! What a preview's model builds take over from the last: translations'
//! metadata with their originals' filled in, and page bodies with their
//! links written in. A translation whose own and original metadata are as
//! before inherits as before. For bodies: a body whose text and link addresses are as before is the same
//! body, and is taken over instead of written again (a large site's bodies
//! are hundreds of megabytes). While nothing a link can lead to has
//! changed (`link_environment`), an unchanged body at an unchanged address
//! is taken over without resolving its links again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use crate::fingerprint::Fnv;
use crate::lang::Language;
use crate::parse::{Document, Meta};

use super::links::Filling;
use super::{Asset, Group};

/// Filled bodies and inherited metadata by source file.
#[derive(Default)]
pub struct ModelMemo {
    kept: RwLock<HashMap<String, Filled>>,
    inherited: RwLock<HashMap<String, Inherited>>,
    /// Look-ups that found nothing to take over: work done again.
    missed: [AtomicUsize; 3],
    /// The pages' last commit dates, read once per commit.
    pub(super) commit_dates: super::commit_dates::Kept,
}

/// What a preview's model builds did again because the memo had nothing
/// to take over, counted since the memo was made: a change that makes an
/// edit redo the whole site's links fails a test on these, not only a
/// large site's preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Redone {
    /// Bodies whose links were resolved.
    pub linked: usize,
    /// Bodies whose links were written in.
    pub filled: usize,
    /// Translations that inherited from their originals.
    pub inherited: usize,
}

impl Redone {
    /// The work done since `before`.
    pub fn since(self, before: Redone) -> Redone {
        Redone {
            linked: self.linked - before.linked,
            filled: self.filled - before.filled,
            inherited: self.inherited - before.inherited,
        }
    }
}

const LINKED: usize = 0;
const FILLED: usize = 1;
const INHERITED: usize = 2;

struct Filled {
    /// The body as parsed, with `kp-link:N` placeholders.
    source: Arc<str>,
    /// The page's address and the link environment it was filled in.
    page_url: String,
    environment: u64,
    /// The address each placeholder became.
    hrefs: Vec<Filling>,
    body: Arc<str>,
}

/// A translation's metadata as written, its original's and the original's
/// language: what inheriting starts from.
pub type InheritFrom<'a> = (&'a Arc<Meta>, &'a Arc<Meta>, Language);

struct Inherited {
    own: Arc<Meta>,
    original: Arc<Meta>,
    language: Language,
    result: Arc<Meta>,
}

/// Where a body's links were resolved: the page's address, and what its
/// links could lead to (`link_environment`).
pub struct Place<'a> {
    pub page_url: &'a str,
    pub environment: u64,
}

impl ModelMemo {
    /// What was done again so far.
    pub fn redone(&self) -> Redone {
        let count = |i: usize| self.missed[i].load(Ordering::Relaxed);
        Redone {
            linked: count(LINKED),
            filled: count(FILLED),
            inherited: count(INHERITED),
        }
    }

    /// `found`, counting a miss as work of kind `redone`.
    fn counted<T>(&self, found: Option<T>, redone: usize) -> Option<T> {
        if found.is_none() {
            self.missed[redone].fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// What the translation at `rel_path` inherited before from the same
    /// metadata, if it did.
    pub fn inherited(
        &self,
        rel_path: &str,
        (own, original, language): InheritFrom,
    ) -> Option<Arc<Meta>> {
        let kept = self.inherited.read().unwrap_or_else(|e| e.into_inner());
        let found = kept
            .get(rel_path)
            .filter(|k| {
                Arc::ptr_eq(&k.own, own)
                    && Arc::ptr_eq(&k.original, original)
                    && k.language == language
            })
            .map(|k| Arc::clone(&k.result));
        self.counted(found, INHERITED)
    }

    pub fn keep_inherited(
        &self,
        rel_path: &str,
        (own, original, language): InheritFrom,
        result: &Arc<Meta>,
    ) {
        let inherited = Inherited {
            own: Arc::clone(own),
            original: Arc::clone(original),
            language,
            result: Arc::clone(result),
        };
        let mut kept = self.inherited.write().unwrap_or_else(|e| e.into_inner());
        kept.insert(rel_path.to_owned(), inherited);
    }

    /// The body of `rel_path` filled before from the same `source` at the
    /// same place, links and all, if it was.
    pub fn get_at(&self, rel_path: &str, source: &Arc<str>, place: &Place) -> Option<Arc<str>> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        let found = kept
            .get(rel_path)
            .filter(|f| {
                Arc::ptr_eq(&f.source, source)
                    && f.environment == place.environment
                    && f.page_url == place.page_url
            })
            .map(|f| Arc::clone(&f.body));
        self.counted(found, LINKED)
    }

    /// The body of `rel_path` filled before from the same `source` with the
    /// same `hrefs`, if it was.
    pub fn get(&self, rel_path: &str, source: &Arc<str>, hrefs: &[Filling]) -> Option<Arc<str>> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        let found = kept
            .get(rel_path)
            .filter(|f| Arc::ptr_eq(&f.source, source) && f.hrefs == hrefs)
            .map(|f| Arc::clone(&f.body));
        self.counted(found, FILLED)
    }

    /// Keeps a body filled from `source` at `place` whose links all led
    /// somewhere.
    pub fn keep(
        &self,
        rel_path: &str,
        source: &Arc<str>,
        place: &Place,
        hrefs: Vec<Filling>,
        body: &Arc<str>,
    ) {
        let filled = Filled {
            source: Arc::clone(source),
            page_url: place.page_url.to_owned(),
            environment: place.environment,
            hrefs,
            body: Arc::clone(body),
        };
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        kept.insert(rel_path.to_owned(), filled);
    }
}

/// A fingerprint of everything a link can resolve against: the files and
/// pages there are, with their addresses, languages, kinds and heading ids,
/// the page groups, the other files, the drafts and the files that failed
/// to parse (what `links::LinkTable` is made of).
pub fn link_environment(
    documents: &[Document],
    groups: &[Group],
    page_urls: &[String],
    assets: &[Asset],
    drafts: &[Document],
    unparsed: &[String],
) -> u64 {
    let mut hash = Fnv::default();
    for (document, url) in documents.iter().zip(page_urls) {
        let place = (
            &document.rel_path,
            &document.key,
            document.lang,
            document.kind,
            url,
        );
        (place, document.heading_ids_print).hash(&mut hash);
    }
    for group in groups {
        (&group.key, group.original, &group.versions).hash(&mut hash);
    }
    for asset in assets {
        (&asset.rel_path, &asset.url, &asset.picture).hash(&mut hash);
    }
    for draft in drafts {
        draft.rel_path.hash(&mut hash);
    }
    unparsed.hash(&mut hash);
    hash.finish()
}
