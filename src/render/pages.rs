//! The render jobs: which pages exist, which template draws each, and the
//! context each template gets. Also the small generated files: sitemap,
//! robots.txt.

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::urls::{output_path, root_prefix};
use crate::model::{Page, SiteModel};
use crate::parse::{Kind, KindMeta};

use super::context::{
    Builder, Card, CaseContext, CourseContext, ModuleContext, PageContext, TermLink,
};
use super::forms::{form_html, FormSettings};
use super::{error_chain, Content, OutputFile, Renderer};

/// One HTML file to render.
pub enum Job {
    Page(usize),
    Taxonomy(usize),
    Term { taxonomy: usize, term: usize },
    NotFound,
}

pub fn jobs(model: &SiteModel) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..model.pages.len()).map(Job::Page).collect();
    for (t, taxonomy) in model.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        jobs.extend((0..taxonomy.terms.len()).map(|term| Job::Term { taxonomy: t, term }));
    }
    jobs.push(Job::NotFound);
    jobs
}

/// The template a page is drawn with: its own `template`, else its kind's.
pub fn template_for(model: &SiteModel, index: usize) -> String {
    let page = model.page(index);
    if let Some((name, _)) = &page.doc.meta.template {
        return name.clone();
    }
    if index == model.home {
        return "index.html".into();
    }
    format!("{}.html", page.doc.kind.name())
}

/// Every template a page asks for must exist; say so before rendering.
pub fn check_templates(r: &Renderer) -> Result<(), Vec<Diagnostic>> {
    let known: Vec<&str> = r.tera.get_template_names().collect();
    let mut problems = Vec::new();
    for index in 0..r.model.pages.len() {
        let name = template_for(r.model, index);
        if known.contains(&name.as_str()) {
            continue;
        }
        let doc = &r.model.page(index).doc;
        let d = match &doc.meta.template {
            Some((_, line)) => Diagnostic::at(
                &doc.display_path,
                &doc.text,
                *line,
                1,
                format!("the template `{name}` does not exist"),
            ),
            None => Diagnostic::in_file(
                &doc.display_path,
                format!(
                    "the theme has no template `{name}` for a {}",
                    doc.kind.name()
                ),
            ),
        };
        let mut names: Vec<&str> = known
            .iter()
            .copied()
            .filter(|n| *n != "macros.html" && *n != "base.html")
            .collect();
        names.sort_unstable();
        problems.push(d.with_help(format!(
            "put {name} in templates/ or themes/{}/templates/; the templates are: {}",
            r.config.theme,
            names.join(", ")
        )));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

pub fn render_job(r: &Renderer, job: &Job) -> Result<OutputFile, Diagnostic> {
    let (url, template, context) = match job {
        Job::Page(index) => page_job(r, *index),
        Job::Taxonomy(t) => taxonomy_job(r, *t),
        Job::Term { taxonomy, term } => term_job(r, *taxonomy, *term),
        Job::NotFound => not_found_job(r),
    };
    let html = r.tera.render(&template, &context).map_err(|e| {
        Diagnostic::in_file(
            format!("templates/{template}"),
            format!("rendering /{url} failed: {}", error_chain(&e)),
        )
    })?;
    let path = if matches!(job, Job::NotFound) {
        "404.html".to_owned()
    } else {
        output_path(&url)
    };
    Ok(OutputFile {
        path,
        content: Content::Bytes(html.into_bytes()),
    })
}

fn builder<'a>(r: &'a Renderer, from: &'a str) -> Builder<'a> {
    Builder {
        config: r.config,
        model: r.model,
        strings: r.strings,
        from,
        absolute_root: None,
    }
}

/// The context every template gets; `page` and friends are added per job.
fn base_context(r: &Renderer, b: &Builder, title: &str) -> Context {
    let mut context = Context::new();
    context.insert("lang", r.config.language.code());
    context.insert("dir", r.config.language.dir());
    context.insert(
        "root",
        &b.absolute_root
            .map_or_else(|| root_prefix(b.from), str::to_owned),
    );
    context.insert("t", r.strings);
    context.insert("site", &b.site(title));
    context.insert("assets", &r.assets);
    context
}

fn page_job(r: &Renderer, index: usize) -> (String, String, Context) {
    let page = r.model.page(index);
    let b = builder(r, &page.url);
    let mut context = base_context(r, &b, &page.doc.meta.title);
    context.insert("canonical", &format!("{}{}", r.config.base_url, page.url));
    if index != r.model.home {
        context.insert("breadcrumbs", &b.breadcrumbs(index));
    }
    context.insert("page", &page_context(r, &b, index));
    if index == r.model.home {
        context.insert("home", &home_context(r, &b));
    }
    (page.url.clone(), template_for(r.model, index), context)
}

fn page_context(r: &Renderer, b: &Builder, index: usize) -> PageContext {
    let page = r.model.page(index);
    let meta = &page.doc.meta;
    let language = meta.language.filter(|l| *l != r.config.language);
    let mut context = PageContext {
        title: meta.title.clone(),
        summary: meta.summary.clone(),
        kind: Some(page.doc.kind),
        updated: meta.updated.map(|d| r.config.language.format_date(d)),
        updated_iso: meta.updated.map(|d| d.to_string()),
        language: language.map(|l| l.code().to_owned()),
        language_name: language.and_then(|l| r.strings.get(&format!("lang_{}", l.code())).cloned()),
        body: spoken_task_boxes(&page.body_html, r.strings),
        toc: page.doc.toc.clone(),
        attachments: page
            .attachments
            .iter()
            .map(|&a| b.file_link(&r.model.assets[a]))
            .collect(),
        children: b.cards(&page.children),
        subsections: b.cards(&page.subsections),
        terms: b.term_groups(page),
        templates: b.cards(&page.templates),
        forms: b.cards(&page.forms),
        used_by: b.cards(&page.used_by),
        ..PageContext::default()
    };
    match &meta.kind {
        KindMeta::Course {
            duration, goals, ..
        } => {
            context.course = Some(CourseContext {
                duration: duration.clone(),
                goals: goals.clone(),
            });
        }
        KindMeta::Module { duration } => {
            context.module = module_context(r, b, page, duration.clone())
        }
        KindMeta::Case {
            partner,
            period,
            results,
            contacts,
        } => {
            context.case = Some(CaseContext {
                partner: partner.clone(),
                period: period.clone(),
                results: results.clone(),
                contacts: contacts.clone(),
            });
        }
        KindMeta::Form { fields } => {
            let slug = page
                .url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("skjema");
            let settings = FormSettings {
                slug,
                endpoint: r.config.forms_endpoint.as_deref(),
            };
            context.form_html = Some(form_html(fields, &settings, r.strings));
        }
        _ => {}
    }
    context
}

/// Names the task-list boxes in the page's language.
fn spoken_task_boxes(body: &str, strings: &super::Strings) -> String {
    use crate::parse::markdown::{TASK_DONE, TASK_OPEN};
    if !body.contains(TASK_DONE) && !body.contains(TASK_OPEN) {
        return body.to_owned();
    }
    body.replace(TASK_DONE, &strings["task_done"])
        .replace(TASK_OPEN, &strings["task_open"])
}

/// A module's place in its course: number, neighbours, the course itself.
fn module_context(
    r: &Renderer,
    b: &Builder,
    page: &Page,
    duration: Option<String>,
) -> Option<ModuleContext> {
    let course_index = page.parent?;
    let siblings = &r.model.page(course_index).children;
    let position = siblings
        .iter()
        .position(|&i| std::ptr::eq(r.model.page(i), page))?;
    Some(ModuleContext {
        number: position + 1,
        total: siblings.len(),
        duration,
        course: b.card(course_index),
        previous: position.checked_sub(1).map(|p| b.card(siblings[p])),
        next: siblings.get(position + 1).map(|&n| b.card(n)),
    })
}

#[derive(Serialize)]
struct HomeContext {
    courses: Vec<Card>,
    cases: Vec<Card>,
    cases_href: Option<String>,
    templates: Vec<Card>,
    forms: Vec<Card>,
    taxonomies: Vec<TaxonomyLinks>,
}

#[derive(Serialize)]
struct TaxonomyLinks {
    title: String,
    href: String,
    terms: Vec<TermLink>,
}

/// What the home page shows: the courses, the newest cases, all templates
/// and forms, and the ways in by taxonomy.
fn home_context(r: &Renderer, b: &Builder) -> HomeContext {
    let model = r.model;
    let mut cases = crate::model::pages_of_kind(model, Kind::Case);
    cases.sort_by_key(|&i| std::cmp::Reverse(model.page(i).doc.meta.updated));
    cases.truncate(4);
    let cases_href = model
        .pages
        .iter()
        .find(|p| {
            matches!(
                p.doc.meta.kind,
                KindMeta::Section {
                    child_kind: Kind::Case,
                    ..
                }
            )
        })
        .map(|p| b.href(&p.url));
    HomeContext {
        courses: b.cards(&crate::model::pages_of_kind(model, Kind::Course)),
        cases: b.cards(&cases),
        cases_href,
        templates: b.cards(&crate::model::pages_of_kind(model, Kind::Template)),
        forms: b.cards(&crate::model::pages_of_kind(model, Kind::Form)),
        taxonomies: model
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| TaxonomyLinks {
                title: t.config.title.clone(),
                href: b.href(&t.url),
                terms: b.term_links(t),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct ListPage {
    title: String,
    summary: Option<String>,
    terms_list: Vec<TermLink>,
    children: Vec<Card>,
    taxonomy_title: String,
    taxonomy_href: String,
}

fn taxonomy_job(r: &Renderer, t: usize) -> (String, String, Context) {
    let taxonomy = &r.model.taxonomies[t];
    let b = builder(r, &taxonomy.url);
    let mut context = base_context(r, &b, &taxonomy.config.title);
    context.insert(
        "canonical",
        &format!("{}{}", r.config.base_url, taxonomy.url),
    );
    context.insert(
        "breadcrumbs",
        &[
            crumb(&b, r.strings["home"].clone(), ""),
            crumb(&b, taxonomy.config.title.clone(), &taxonomy.url),
        ],
    );
    let page = ListPage {
        title: taxonomy.config.title.clone(),
        summary: None,
        terms_list: b.term_links(taxonomy),
        children: Vec::new(),
        taxonomy_title: taxonomy.config.title.clone(),
        taxonomy_href: b.href(&taxonomy.url),
    };
    context.insert("page", &page);
    (taxonomy.url.clone(), "taxonomy.html".into(), context)
}

fn term_job(r: &Renderer, t: usize, term: usize) -> (String, String, Context) {
    let taxonomy = &r.model.taxonomies[t];
    let term = &taxonomy.terms[term];
    let b = builder(r, &term.url);
    let title = format!("{}: {}", taxonomy.config.singular, term.name);
    let mut context = base_context(r, &b, &title);
    context.insert("canonical", &format!("{}{}", r.config.base_url, term.url));
    context.insert(
        "breadcrumbs",
        &[
            crumb(&b, r.strings["home"].clone(), ""),
            crumb(&b, taxonomy.config.title.clone(), &taxonomy.url),
            crumb(&b, term.name.clone(), &term.url),
        ],
    );
    let mut pages = term.pages.clone();
    pages.sort_by_key(|&i| {
        (
            r.model.page(i).doc.kind,
            crate::slug::sort_key(&r.model.page(i).doc.meta.title),
        )
    });
    let page = ListPage {
        title: term.name.clone(),
        summary: None,
        terms_list: Vec::new(),
        children: b.cards(&pages),
        taxonomy_title: taxonomy.config.title.clone(),
        taxonomy_href: b.href(&taxonomy.url),
    };
    context.insert("page", &page);
    (term.url.clone(), "term.html".into(), context)
}

fn crumb(b: &Builder, title: String, url: &str) -> super::context::Crumb {
    super::context::Crumb {
        title,
        href: b.href(url),
    }
}

/// The 404 page is served at whatever address was asked for, so its links
/// start from the site's absolute root path instead of being relative.
fn not_found_job(r: &Renderer) -> (String, String, Context) {
    let root = base_path(&r.config.base_url);
    let mut b = builder(r, "");
    b.absolute_root = Some(&root);
    let title = r.strings["not_found_title"].clone();
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

/// `https://example.org/kursportal/` → `/kursportal/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or_else(|| "/".to_owned(), |i| after_scheme[i..].to_owned())
}

pub fn sitemap(config: &Config, model: &SiteModel) -> OutputFile {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut entries: Vec<(String, Option<String>)> = model
        .pages
        .iter()
        .map(|p| (p.url.clone(), p.doc.meta.updated.map(|d| d.to_string())))
        .collect();
    for taxonomy in &model.taxonomies {
        entries.push((taxonomy.url.clone(), None));
        entries.extend(taxonomy.terms.iter().map(|t| (t.url.clone(), None)));
    }
    entries.sort();
    for (url, lastmod) in entries {
        xml.push_str(&format!(
            "<url><loc>{}</loc>",
            crate::parse::markdown::escape_html(&format!("{}{url}", config.base_url))
        ));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        content: Content::Bytes(xml.into_bytes()),
    }
}

pub fn robots(config: &Config) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.base_url
    );
    OutputFile {
        path: "robots.txt".into(),
        content: Content::Bytes(text.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_of_the_base_url() {
        assert_eq!(base_path("https://example.org/kursportal/"), "/kursportal/");
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
