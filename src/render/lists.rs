//! Pages that list other pages: the home page of each language, taxonomy
//! and term lists, and the 404 page.

use serde::Serialize;
use tera::Context;

use crate::lang::Language;
use crate::model::SiteModel;
use crate::parse::{Kind, KindMeta};

use super::base::{base_context, builder};
use super::context::{Builder, Card, Crumb, PageContext, TermLink};
use super::languages::{self, LanguageLink};
use super::site_files::base_path;
use super::{Renderer, Strings};

#[derive(Serialize)]
pub struct HomeContext {
    courses: Vec<Card>,
    cases: Vec<Card>,
    cases_href: Option<String>,
    templates: Vec<Card>,
    forms: Vec<Card>,
    taxonomies: Vec<TaxonomyLinks>,
    /// The language's "Nytt og endret" page.
    news_href: String,
}

#[derive(Serialize)]
struct TaxonomyLinks {
    title: String,
    href: String,
    terms: Vec<TermLink>,
}

/// What a home page shows: the courses, the newest cases, all templates and
/// forms, and the ways in by taxonomy, each in the home page's language.
pub fn home_context(r: &Renderer, b: &Builder) -> HomeContext {
    let model = r.model;
    let of_kind = |kind| crate::model::pages_of_kind(model, kind, b.lang);
    let mut cases = of_kind(Kind::Case);
    cases.sort_by_key(|&i| std::cmp::Reverse(model.page(i).doc.meta.updated));
    cases.truncate(4);
    let cases_href = (0..model.groups.len())
        .find(|&g| {
            let original = &model.page(model.groups[g].original).doc.meta.kind;
            matches!(
                original,
                KindMeta::Section {
                    child_kind: Kind::Case,
                    ..
                }
            )
        })
        .map(|g| b.href(&model.page(model.view(g, b.lang)).url));
    HomeContext {
        courses: b.cards(&of_kind(Kind::Course)),
        cases: b.cards(&cases),
        cases_href,
        templates: b.cards(&of_kind(Kind::Template)),
        forms: b.cards(&of_kind(Kind::Form)),
        news_href: b.href(&news_url(model, b.lang, b.strings)),
        taxonomies: model
            .language(b.lang)
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| TaxonomyLinks {
                title: t.names.title.clone(),
                href: b.href(&t.url),
                terms: b.term_links(t),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct ListPage {
    title: String,
    /// Set when the title is a term shown in another language.
    title_lang: Option<String>,
    terms_list: Vec<TermLink>,
    children: Vec<Card>,
    taxonomy_title: String,
    taxonomy_href: String,
}

fn list_context(
    r: &Renderer,
    b: &Builder,
    title: &str,
    crumbs: Vec<Crumb>,
    others: Vec<LanguageLink>,
) -> Context {
    let mut context = base_context(r, b, title);
    context.insert("canonical", &r.config.absolute_url(b.from));
    if let Some(data) = super::structured_data::of_list(r, &crumbs) {
        context.insert("structured_data", &data);
    }
    context.insert("breadcrumbs", &crumbs);
    context.insert("alternates", &languages::list_alternates(&others));
    context.insert("languages", &others);
    context
}

pub fn taxonomy_job(r: &Renderer, language: Language, t: usize) -> (String, String, Context) {
    let taxonomy = &r.model.language(language).taxonomies[t];
    let b = builder(r, language, &taxonomy.url);
    let crumbs = vec![
        home_crumb(r, &b),
        crumb(&b, &taxonomy.names.title, &taxonomy.url),
    ];
    let others = languages::taxonomy_switcher(&b, t, None);
    let mut context = list_context(r, &b, &taxonomy.names.title, crumbs, others);
    let page = ListPage {
        title: taxonomy.names.title.clone(),
        title_lang: None,
        terms_list: b.term_links(taxonomy),
        children: Vec::new(),
        taxonomy_title: taxonomy.names.title.clone(),
        taxonomy_href: b.href(&taxonomy.url),
    };
    context.insert("page", &page);
    (taxonomy.url.clone(), "taxonomy.html".into(), context)
}

pub fn term_job(
    r: &Renderer,
    language: Language,
    t: usize,
    term: usize,
) -> (String, String, Context) {
    let taxonomy = &r.model.language(language).taxonomies[t];
    let term = &taxonomy.terms[term];
    let b = builder(r, language, &term.url);
    let title = format!("{}: {}", taxonomy.names.singular, term.name);
    let crumbs = vec![
        home_crumb(r, &b),
        crumb(&b, &taxonomy.names.title, &taxonomy.url),
        crumb(&b, &term.name, &term.url),
    ];
    let others = languages::taxonomy_switcher(&b, t, Some(term));
    let mut context = list_context(r, &b, &title, crumbs, others);
    let mut pages = term.pages.clone();
    pages.sort_by_cached_key(|&i| {
        (
            r.model.page(i).doc.kind,
            crate::collate::sort_key(language, &r.model.page(i).doc.meta.title),
        )
    });
    let page = ListPage {
        title: term.name.clone(),
        title_lang: (!term.translated && language != r.config.default_language())
            .then(|| r.config.default_language().code().to_owned()),
        terms_list: Vec::new(),
        children: b.cards(&pages),
        taxonomy_title: taxonomy.names.title.clone(),
        taxonomy_href: b.href(&taxonomy.url),
    };
    context.insert("page", &page);
    (term.url.clone(), "term.html".into(), context)
}

/// How many pages "Nytt og endret" lists: the newest, so the page stays
/// light on a site of thousands of pages.
const NEWS_LENGTH: usize = 100;

/// The kinds "Nytt og endret" lists: courses, materials and cases.
const NEWS_KINDS: [Kind; 4] = [Kind::Course, Kind::Template, Kind::Form, Kind::Case];

/// The "Nytt og endret" page's address in `language`: under its home, at
/// the theme's `news_slug`.
pub fn news_url(model: &SiteModel, language: Language, strings: &Strings) -> String {
    super::base::under_home(model, language, strings, "news_slug", "nytt")
}

#[derive(Serialize)]
struct NewsPage {
    title: String,
    /// Set when only the newest of more pages are listed: "De 100 sist
    /// endrede av 2 204 sider."
    newest_note: Option<String>,
    entries: Vec<NewsEntry>,
}

#[derive(Serialize)]
struct NewsEntry {
    date: String,
    date_iso: String,
    card: Card,
}

/// "Nytt og endret": the language's courses, templates, forms and cases
/// with a date (their own `updated`, else their file's last commit), the
/// newest first.
pub fn news_job(r: &Renderer, language: Language) -> (String, String, Context) {
    let model = r.model;
    let strings = &r.strings[&language];
    let url = news_url(model, language, strings);
    let b = builder(r, language, &url);
    let title = b.strings["news_title"].clone();
    let crumbs = vec![home_crumb(r, &b), crumb(&b, &title, &url)];
    let url_in = |language, strings: &Strings| news_url(r.model, language, strings);
    let others = languages::list_switcher(r, &b, url_in, true);
    let mut context = list_context(r, &b, &title, crumbs, others);
    let mut dated: Vec<(chrono::NaiveDate, usize)> = (0..model.pages.len())
        .filter(|&i| {
            let page = &model.pages[i];
            page.doc.lang == language && NEWS_KINDS.contains(&page.doc.kind)
        })
        .filter_map(|i| Some((model.page(i).doc.meta.updated?, i)))
        .collect();
    // The newest first; on one day, by address (the same order every build).
    dated.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| model.pages[a.1].url.cmp(&model.pages[b.1].url))
    });
    let newest_note = (dated.len() > NEWS_LENGTH).then(|| {
        (b.strings["news_newest"].replace("{n}", &NEWS_LENGTH.to_string()))
            .replace("{all}", &dated.len().to_string())
    });
    dated.truncate(NEWS_LENGTH);
    let entries = dated
        .into_iter()
        .map(|(date, i)| NewsEntry {
            date: b.settings.format_date(date),
            date_iso: date.to_string(),
            card: b.card(i),
        })
        .collect();
    let page = NewsPage {
        title,
        newest_note,
        entries,
    };
    context.insert("page", &page);
    (url, "news.html".into(), context)
}

fn home_crumb(r: &Renderer, b: &Builder) -> Crumb {
    let home = r.model.page(r.model.language(b.lang).home);
    crumb(b, &b.strings["home"], &home.url)
}

fn crumb(b: &Builder, title: &str, url: &str) -> Crumb {
    Crumb {
        title: title.to_owned(),
        href: b.href(url),
        lang: None,
        url: url.to_owned(),
    }
}

/// The 404 page is served at whatever address was asked for, so its links
/// start from the site's absolute root path instead of being relative.
pub fn not_found_job(r: &Renderer) -> (String, String, Context) {
    let root = base_path(&r.config.base_url);
    let mut b = builder(r, r.config.default_language(), "");
    b.absolute_root = Some(&root);
    let title = b.strings["not_found_title"].clone();
    let mut context = base_context(r, &b, &title);
    context.insert(
        "page",
        &PageContext {
            title,
            ..PageContext::default()
        },
    );
    (String::new(), "404.html".into(), context)
}
