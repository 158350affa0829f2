//! The plain, serialisable structs templates see (documented in README.md).
//!
//! Everything a template prints is prepared here: URLs already relative to the
//! page, dates already written out in the page's language, file sizes as
//! "826 KB". Templates stay simple and a theme author never computes a path.

use serde::Serialize;

use crate::config::{Config, Feedback, LanguageSettings};
use crate::lang::Language;
use crate::model::urls::relative_url;
use crate::model::{Attachment, Page, SiteModel, TaxonomyModel, Term};
use crate::parse::front_matter::Source;
use crate::parse::{Kind, KindMeta, TocEntry};

use super::files::{size_label, type_label};
use super::Strings;

/// The taxonomy whose terms belong to a course's plan: a suggested plan's
/// levels are the portal's suggestion too.
pub(super) const PLAN_TAXONOMY: &str = "levels";

#[derive(Serialize)]
pub struct SiteContext {
    pub title: String,
    pub description: String,
    /// The home page of this language.
    pub home_href: String,
    /// This language's Atom feed of changed pages.
    pub feed_href: String,
    pub notice: Option<NoticeContext>,
    /// "Fant du det du lette etter?" link, with the page named in the subject.
    pub feedback_href: Option<String>,
    pub nav: Vec<NavItem>,
}

#[derive(Serialize)]
pub struct NoticeContext {
    pub text: String,
    pub href: Option<String>,
    pub link_text: Option<String>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub href: String,
    pub current: bool,
    /// Set when the item is shown in another language (not translated).
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub href: String,
    pub lang: Option<String>,
    /// Its site URL, for what needs the absolute address (structured
    /// data); templates get `href`.
    #[serde(skip)]
    pub url: String,
}

/// A page as one line or card in a list.
#[derive(Serialize)]
pub struct Card {
    pub title: String,
    pub href: String,
    pub summary: Option<String>,
    pub kind_label: String,
    /// A short fact after the kind: a course's duration, a case's period.
    pub facts: Option<String>,
    /// The language of the card's text when it is not the page's (a page
    /// not translated yet), so it is read in the right language…
    pub lang: Option<String>,
    /// …and the name of that language, to show beside it.
    pub lang_name: Option<String>,
}

#[derive(Serialize)]
pub struct FileLink {
    pub title: String,
    pub href: String,
    pub type_label: String,
    pub size_label: String,
}

#[derive(Serialize)]
pub struct TermGroup {
    pub label: String,
    pub terms: Vec<TermLink>,
    /// Set when the terms are part of a suggested plan (a course's levels),
    /// so the theme marks them as the portal's suggestion.
    pub suggested: bool,
}

/// The notice that a page's plan (a course's length, level and schedule, a
/// case's advice) is the portal's suggestion, not what its sources state.
#[derive(Serialize)]
pub struct PlanContext {
    /// What the suggestion covers, in the page's language.
    pub text: String,
    /// The editor's words on what the sources leave open.
    pub note: Option<String>,
    /// The note's language, when it is shown on a page in another one.
    pub note_lang: Option<String>,
}

/// One entry under "Kilder".
#[derive(Serialize)]
pub struct SourceContext {
    pub title: String,
    pub publisher: Option<String>,
    pub year: Option<i64>,
    pub href: Option<String>,
    /// The entry's language, when it is not the page's (inherited from an original).
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct TermLink {
    pub name: String,
    pub href: String,
    pub count: usize,
    /// Set when the term has no name in this language and shows the original.
    pub lang: Option<String>,
}

/// The page being rendered. Kind-specific parts are set only for that kind.
#[derive(Serialize, Default)]
pub struct PageContext {
    pub title: String,
    pub summary: Option<String>,
    pub kind: Option<Kind>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    /// Code of the text's language when it differs from the page's (a
    /// Nynorsk text filed as Bokmål, say).
    pub language: Option<String>,
    pub language_name: Option<String>,
    pub body: String,
    pub toc: Vec<TocEntry>,
    pub attachments: Vec<FileLink>,
    pub children: Vec<Card>,
    pub subsections: Vec<Card>,
    pub terms: Vec<TermGroup>,
    pub templates: Vec<Card>,
    pub forms: Vec<Card>,
    pub used_by: Vec<Card>,
    pub course: Option<CourseContext>,
    pub module: Option<ModuleContext>,
    pub case: Option<CaseContext>,
    pub form_html: Option<String>,
    /// Set when the page's plan, or its course's, is the portal's suggestion.
    pub plan: Option<PlanContext>,
    pub sources: Vec<SourceContext>,
    /// For a course: its pack to download.
    pub pack: Option<PackLink>,
}

/// "Last ned kurspakke (ZIP, 1,2 MB)".
#[derive(Serialize)]
pub struct PackLink {
    pub href: String,
    pub size_label: String,
}

#[derive(Serialize)]
pub struct CourseContext {
    pub duration: String,
    pub goals: Vec<String>,
}

#[derive(Serialize)]
pub struct ModuleContext {
    pub number: usize,
    pub total: usize,
    pub duration: Option<String>,
    pub course: Card,
    pub previous: Option<Card>,
    pub next: Option<Card>,
}

#[derive(Serialize)]
pub struct CaseContext {
    pub partner: String,
    pub period: String,
    pub results: Vec<crate::parse::front_matter::ResultFigure>,
    pub contacts: Vec<crate::parse::front_matter::Contact>,
}

/// Builds contexts for pages at one URL, in one language; every href is
/// relative to that URL.
pub struct Builder<'a> {
    pub config: &'a Config,
    pub model: &'a SiteModel,
    /// The language of the page being rendered, and its settings and strings.
    pub lang: Language,
    pub settings: &'a LanguageSettings,
    pub strings: &'a Strings,
    /// Site-relative URL of the page being rendered.
    pub from: &'a str,
    /// For pages served at any address (404): the site's absolute root path.
    pub absolute_root: Option<&'a str>,
}

impl Builder<'_> {
    pub fn href(&self, to_url: &str) -> String {
        match self.absolute_root {
            Some(root) => format!("{root}{}", crate::slug::encode_path(to_url)),
            None => relative_url(self.from, to_url),
        }
    }

    pub fn site(&self, page_title: &str) -> SiteContext {
        let home = self.model.page(self.model.language(self.lang).home);
        let nav = home
            .subsections
            .iter()
            .chain(&home.children)
            .map(|&i| {
                let page = self.model.page(i);
                NavItem {
                    title: page.doc.meta.title.clone(),
                    href: self.href(&page.url),
                    current: !page.url.is_empty() && self.from.starts_with(&page.url),
                    lang: self.foreign_lang(page),
                }
            })
            .collect();
        SiteContext {
            title: self.settings.title.clone(),
            description: self.settings.description.clone(),
            home_href: self.href(&home.url),
            feed_href: self.href(&format!(
                "{}{}",
                self.settings.url_prefix,
                super::site_files::FEED_FILE
            )),
            notice: self.settings.notice.as_ref().map(|n| NoticeContext {
                text: n.text.clone(),
                href: n.link.as_deref().map(|link| self.notice_href(link)),
                link_text: n.link_text.clone(),
            }),
            feedback_href: self
                .config
                .feedback
                .as_ref()
                .map(|f| feedback_href(f, &self.strings["feedback_subject"], page_title)),
            nav,
        }
    }

    /// The notice may link to a page (`@/om.md`, shown in this language when
    /// it has a version in it) or anywhere else.
    fn notice_href(&self, link: &str) -> String {
        let Some(path) = link.strip_prefix("@/") else {
            return link.to_owned();
        };
        match self.model.group_at(path) {
            Some(group) => self.href(&self.model.page(self.model.view(group, self.lang)).url),
            None => link.to_owned(),
        }
    }

    pub fn breadcrumbs(&self, index: usize) -> Vec<Crumb> {
        // Each step up is read in this page's language: an untranslated
        // section above an English page still leads to the English home.
        let mut chain = vec![index];
        let mut current = index;
        while let Some(parent) = self.model.page(current).parent {
            let parent = self.model.view(self.model.page(parent).group, self.lang);
            if chain.contains(&parent) {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
            .iter()
            .rev()
            .map(|&i| {
                let page = self.model.page(i);
                let is_home = page.doc.key == "_index.md";
                let title = if is_home {
                    self.strings["home"].clone()
                } else {
                    page.doc.meta.title.clone()
                };
                Crumb {
                    title,
                    href: self.href(&page.url),
                    lang: self.foreign_lang(page).filter(|_| !is_home),
                    url: page.url.clone(),
                }
            })
            .collect()
    }

    /// The language code to mark on `page`'s text when it is not this page's:
    /// a fallback original, or a text written in another language.
    pub fn foreign_lang(&self, page: &Page) -> Option<String> {
        let text_lang = page.doc.meta.language.unwrap_or(page.doc.lang);
        (text_lang != self.lang).then(|| text_lang.code().to_owned())
    }

    /// The page whose suggested plan covers `page`: a course or case whose
    /// `plan` is a suggestion, or a module's course (read in this language).
    pub fn plan_holder<'p>(&'p self, page: &'p Page) -> Option<&'p Page> {
        let holder = match page.doc.kind {
            Kind::Module => {
                let course = self.model.page(page.parent?);
                self.model.page(self.model.view(course.group, self.lang))
            }
            _ => page,
        };
        let plan = holder.doc.meta.kind.plan()?;
        plan.is_suggestion().then_some(holder)
    }

    pub fn plan(&self, page: &Page) -> Option<PlanContext> {
        let holder = self.plan_holder(page)?;
        let text_key = match holder.doc.kind {
            Kind::Case => "plan_case",
            _ => "plan_course",
        };
        let note = holder.doc.meta.kind.plan().and_then(|p| p.note.clone());
        Some(PlanContext {
            text: self.strings[text_key].clone(),
            note_lang: note.as_ref().and_then(|_| self.foreign_lang(holder)),
            note,
        })
    }

    pub fn sources(&self, sources: &[Source]) -> Vec<SourceContext> {
        sources
            .iter()
            .map(|s| SourceContext {
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                year: s.year,
                href: s.url.clone(),
                lang: s
                    .language
                    .filter(|l| *l != self.lang)
                    .map(|l| l.code().to_owned()),
            })
            .collect()
    }

    /// "8 uker (forslag)": a fact of a suggested plan says so wherever it is shown.
    fn plan_fact(&self, page: &Page, fact: &str) -> String {
        match self.plan_holder(page) {
            Some(_) => format!("{fact} ({})", self.strings["suggestion_mark"]),
            None => fact.to_owned(),
        }
    }

    pub fn card(&self, index: usize) -> Card {
        let page = self.model.page(index);
        let facts = match &page.doc.meta.kind {
            KindMeta::Course { duration, .. } => Some(self.plan_fact(page, duration)),
            KindMeta::Module { duration } => duration.as_deref().map(|d| self.plan_fact(page, d)),
            KindMeta::Case {
                partner, period, ..
            } => Some(format!("{partner}, {period}")),
            _ => None,
        };
        let lang = self.foreign_lang(page);
        Card {
            title: page.doc.meta.title.clone(),
            href: self.href(&page.url),
            summary: page.doc.meta.summary.clone(),
            kind_label: self.kind_label(page.doc.kind),
            facts,
            lang_name: lang
                .as_ref()
                .and_then(|code| self.strings.get(&format!("lang_{code}")).cloned()),
            lang,
        }
    }

    pub fn cards(&self, list: &[usize]) -> Vec<Card> {
        list.iter().map(|&i| self.card(i)).collect()
    }

    pub fn kind_label(&self, kind: Kind) -> String {
        self.strings
            .get(&format!("kind_{}", kind.name()))
            .cloned()
            .unwrap_or_default()
    }

    pub fn file_link(&self, attachment: &Attachment) -> FileLink {
        let asset = &self.model.assets[attachment.asset];
        let name = crate::load::file_name(&asset.rel_path);
        FileLink {
            title: attachment.title.clone().unwrap_or_else(|| name.to_owned()),
            href: self.href(&asset.url),
            type_label: type_label(name),
            size_label: size_label(asset.size, self.lang),
        }
    }

    /// Every term of a taxonomy, as links with their page counts.
    pub fn term_links(&self, taxonomy: &TaxonomyModel) -> Vec<TermLink> {
        taxonomy
            .terms
            .iter()
            .map(|term| self.term_link(term))
            .collect()
    }

    fn term_link(&self, term: &Term) -> TermLink {
        TermLink {
            name: term.name.clone(),
            href: self.href(&term.url),
            count: term.pages.len(),
            lang: (!term.translated)
                .then(|| self.config.default_language().code().to_owned())
                .filter(|c| c != self.lang.code()),
        }
    }

    /// The terms `page` is filed under, grouped by taxonomy, in this language.
    pub fn term_groups(&self, page: &Page) -> Vec<TermGroup> {
        let taxonomies = &self.model.language(self.lang).taxonomies;
        let plan_suggested = page.doc.kind == Kind::Course && self.plan_holder(page).is_some();
        let mut groups: Vec<(usize, TermGroup)> = Vec::new();
        for r in &page.terms {
            let taxonomy = &taxonomies[r.taxonomy];
            let link = self.term_link(&taxonomy.terms[r.term]);
            match groups.iter_mut().find(|(t, _)| *t == r.taxonomy) {
                Some((_, group)) => group.terms.push(link),
                None => groups.push((
                    r.taxonomy,
                    TermGroup {
                        label: taxonomy.names.singular.clone(),
                        terms: vec![link],
                        suggested: plan_suggested && taxonomy.key == PLAN_TAXONOMY,
                    },
                )),
            }
        }
        groups.into_iter().map(|(_, group)| group).collect()
    }
}

fn feedback_href(feedback: &Feedback, subject: &str, page_title: &str) -> String {
    match feedback {
        Feedback::Email(address) => {
            format!(
                "mailto:{address}?subject={}",
                crate::slug::encode_component(&format!("{subject}: {page_title}"))
            )
        }
        Feedback::Url(url) => url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_subjects_are_encoded() {
        let href = feedback_href(
            &Feedback::Email("post@kommune.no".into()),
            "Tilbakemelding",
            "Renhold & smittevern",
        );
        assert_eq!(
            href,
            "mailto:post@kommune.no?subject=Tilbakemelding%3A%20Renhold%20%26%20smittevern"
        );
    }
}
