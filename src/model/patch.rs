//! A model with some pages' bodies written again. When an editor changes
//! only the text under a page's front matter, nothing but that page shows
//! the difference (no other page shows a body), so a preview takes the
//! model as it was and puts the new bodies in, instead of building it
//! again.

use std::sync::Arc;

use crate::parse::Document;

use super::memo::Place;
use super::{images, link_table, links, Changes, ModelMemo, SiteModel};

impl SiteModel {
    /// This model with `edited` (documents of its files whose front matter
    /// is as before: only their bodies differ) in place of their pages'
    /// documents, and what changed. `None` when an edit could show
    /// elsewhere or be wrong: a heading came or went (links from other
    /// pages may lead to it), or a link leads nowhere (a full build says
    /// where).
    pub fn with_edited_bodies(
        &self,
        edited: Vec<Document>,
        bodies: &ModelMemo,
    ) -> Option<(SiteModel, Changes)> {
        let mut model = self.clone();
        let mut changes = Changes::default();
        let urls: Vec<String> = self.pages.iter().map(|p| p.url.clone()).collect();
        let docs = self.pages.iter().map(|p| &p.doc);
        let table = link_table(docs, &self.groups, &urls, &self.assets, &[]);
        let mut pictures_differ = false;
        for mut document in edited {
            // Pages are in the order of their files; a draft has none.
            let found = self
                .pages
                .binary_search_by(|p| p.doc.rel_path.as_str().cmp(&document.rel_path));
            let Ok(index) = found else { continue };
            let page = &self.pages[index];
            if page.doc.heading_ids_print != document.heading_ids_print {
                return None;
            }
            let mut broken = Vec::new();
            let hrefs = links::body_hrefs(&table, &document, index, &page.url, &mut broken);
            if !broken.is_empty() {
                return None;
            }
            // The links lead where they did: the environment is as before.
            let place = Place {
                page_url: &page.url,
                environment: self.link_environment,
            };
            let body: Arc<str> = links::fill_placeholders(&document.body_html, &hrefs).into();
            bodies.keep(
                &document.rel_path,
                &document.body_html,
                &place,
                hrefs,
                &body,
            );
            pictures_differ |= pictures_shown(&page.doc).ne(pictures_shown(&document));
            // The front matter is as before, and so is what a translation
            // took from its original.
            document.meta = Arc::clone(&page.doc.meta);
            model.pages[index].doc = document;
            model.pages[index].body_html = body;
            changes.pages.insert(index);
        }
        // An edited body may show a picture no body showed before.
        if pictures_differ {
            let docs = model.pages.iter().map(|p| &p.doc);
            model.pictures_with_copies = images::shown(&table, docs, &model.assets);
        }
        Some((model, changes))
    }
}

/// The addresses of the pictures a body shows, in order.
fn pictures_shown(doc: &Document) -> impl Iterator<Item = &str> {
    let pictures = doc.links.iter().filter(|link| link.image.is_some());
    pictures.map(|link| link.dest.as_str())
}
