//! The render jobs: which HTML files exist, which template draws each, and
//! the context of a content page. Lists (home, taxonomies) are in `lists`,
//! the language switcher in `languages`.

use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::lang::Language;
use crate::model::urls::output_path;
use crate::model::{Page, SiteModel};
use crate::parse::KindMeta;

use super::base::{base_context, builder};
use super::context::{Builder, CaseContext, CourseContext, ModuleContext, PackLink, PageContext};
use super::files::size_label;
use super::forms::{blank_form_html, form_html, FormSettings};
use super::{error_chain, languages, lists, search_page, structured_data, Renderer};

/// One HTML file to render. A job is also what a preview keeps its page
/// by: a page by its place in the model, a list by its place in the
/// taxonomies (between models of one shape, the same place is the same page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Page(usize),
    Taxonomy {
        language: Language,
        taxonomy: usize,
    },
    Term {
        language: Language,
        taxonomy: usize,
        term: usize,
    },
    Search {
        language: Language,
        letter: search_page::LetterPage,
    },
    /// A language's "Nytt og endret".
    News {
        language: Language,
    },
    NotFound,
}

pub fn jobs(r: &Renderer) -> Vec<Job> {
    let model = r.model;
    let mut jobs: Vec<Job> = (0..model.pages.len()).map(Job::Page).collect();
    for view in &model.languages {
        for (t, taxonomy) in view.taxonomies.iter().enumerate() {
            jobs.push(Job::Taxonomy {
                language: view.language,
                taxonomy: t,
            });
            let terms = (0..taxonomy.terms.len()).map(|term| Job::Term {
                language: view.language,
                taxonomy: t,
                term,
            });
            jobs.extend(terms);
        }
    }
    for view in &model.languages {
        let pages = r.a_to_z[&view.language].pages();
        jobs.extend(pages.into_iter().map(|letter| Job::Search {
            language: view.language,
            letter,
        }));
    }
    jobs.extend((model.languages.iter()).map(|view| Job::News {
        language: view.language,
    }));
    jobs.push(Job::NotFound);
    jobs
}

/// The template a page is drawn with: its own `template`, else its kind's.
pub fn template_for(model: &SiteModel, index: usize) -> String {
    let page = model.page(index);
    if let Some((name, _)) = &page.doc.meta.template {
        return name.clone();
    }
    if page.doc.key == "_index.md" {
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
        // A translation uses its original's template; the original reports it.
        if known.contains(&name.as_str()) || r.model.page(index).doc.is_translation {
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

/// What a job draws: its output path, template and the context the
/// template sees (all it sees: the same context gives the same page).
pub fn job_context(r: &Renderer, job: &Job) -> (String, String, Context) {
    let (url, template, context) = match job {
        Job::Page(index) => page_job(r, *index),
        Job::Taxonomy { language, taxonomy } => lists::taxonomy_job(r, *language, *taxonomy),
        Job::Term {
            language,
            taxonomy,
            term,
        } => lists::term_job(r, *language, *taxonomy, *term),
        Job::Search { language, letter } => search_page::search_job(r, *language, *letter),
        Job::News { language } => lists::news_job(r, *language),
        Job::NotFound => lists::not_found_job(r),
    };
    let path = if matches!(job, Job::NotFound) {
        "404.html".to_owned()
    } else {
        output_path(&url)
    };
    (path, template, context)
}

/// Draws `template` with `context`, for the page at output `path`.
pub fn draw(
    r: &Renderer,
    path: &str,
    template: &str,
    context: &Context,
) -> Result<Vec<u8>, Diagnostic> {
    crate::work::did(crate::work::Task::Render);
    // Room for a whole page from the start: Tera's own buffer starts at
    // 2 KB and is copied to a larger one again and again.
    let mut html = Vec::with_capacity(PAGE_ROOM);
    r.tera
        .render_to(template, context, &mut html)
        .map_err(|e| {
            Diagnostic::in_file(
                format!("templates/{template}"),
                format!("rendering /{path} failed: {}", error_chain(&e)),
            )
        })?;
    Ok(html)
}

/// What a drawn page is given to start with: a module page with a body of
/// 10 KB of Markdown is about 21 KB.
const PAGE_ROOM: usize = 32 * 1024;

fn page_job(r: &Renderer, index: usize) -> (String, String, Context) {
    let page = r.model.page(index);
    let b = builder(r, page.doc.lang, &page.url);
    let mut context = base_context(r, &b, &page.doc.meta.title);
    context.insert("canonical", &r.config.absolute_url(&page.url));
    context.insert("languages", &languages::switcher(&b, index));
    context.insert("alternates", &languages::alternates(r, index));
    let is_home = page.doc.key == "_index.md";
    let crumbs = if is_home {
        Vec::new()
    } else {
        b.breadcrumbs(index)
    };
    if let Some(data) = structured_data::of_page(r, &b, index, &crumbs) {
        context.insert("structured_data", &data);
    }
    if !is_home {
        context.insert("breadcrumbs", &crumbs);
    }
    let page_context = PageContext {
        form_html: form_on_screen(r, &b, index),
        ..page_context(r, &b, index)
    };
    context.insert("page", &page_context);
    if is_home {
        context.insert("home", &lists::home_context(r, &b));
    }
    (page.url.clone(), template_for(r.model, index), context)
}

pub fn page_context(r: &Renderer, b: &Builder, index: usize) -> PageContext {
    crate::work::did(crate::work::Task::PageContext);
    let page = r.model.page(index);
    let meta = &page.doc.meta;
    let language = meta.language.filter(|l| *l != page.doc.lang);
    let mut context = PageContext {
        title: meta.title.clone(),
        summary: meta.summary.clone(),
        kind: Some(page.doc.kind),
        updated: meta.updated.map(|d| b.settings.format_date(d)),
        updated_iso: meta.updated.map(|d| d.to_string()),
        language: language.map(|l| l.code().to_owned()),
        language_name: language.and_then(|l| b.strings.get(&format!("lang_{}", l.code())).cloned()),
        body: spoken_names(&page.body_html, b.strings),
        toc: page.doc.toc.to_vec(),
        attachments: page.attachments.iter().map(|a| b.file_link(a)).collect(),
        children: b.cards(&page.children),
        subsections: b.cards(&page.subsections),
        terms: b.term_groups(page),
        templates: b.cards(&page.templates),
        forms: b.cards(&page.forms),
        used_by: b.cards(&page.used_by),
        plan: b.plan(page),
        sources: b.sources(&meta.sources),
        pack: r.packs.get(&index).map(|pack| PackLink {
            href: b.href(&pack.path),
            size_label: size_label(pack.size, b.lang),
        }),
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
            ..
        } => {
            context.case = Some(CaseContext {
                partner: partner.clone(),
                period: period.clone(),
                results: results.clone(),
                contacts: contacts.clone(),
            });
        }
        _ => {}
    }
    context
}

/// A form page's form, to fill on screen, with its blank sheet to print.
/// A pack's page draws only the sheet, so `page_context` leaves this out.
fn form_on_screen(r: &Renderer, b: &Builder, index: usize) -> Option<String> {
    let page = r.model.page(index);
    let KindMeta::Form { fields } = &page.doc.meta.kind else {
        return None;
    };
    let settings = FormSettings {
        slug: form_name(page),
        endpoint: form_endpoint(r, index),
    };
    // The blank sheet is there to print ("Skriv ut blankt skjema"), not to
    // see: the script shows it on paper only.
    let blank = blank_form_html(fields, b.strings);
    let form = form_html(fields, &settings, b.strings);
    Some(format!(
        "{form}<div class=\"blank-sheet\" data-blank-sheet hidden>\n{blank}</div>\n"
    ))
}

/// A form's name: the last part of its address (`pamelding`).
pub fn form_name(page: &Page) -> &str {
    crate::model::urls::last_part(&page.url)
}

/// Where a form is sent: its own address in `[forms.endpoints]`, by its
/// original's name (every language's version goes to the same place), else
/// `[forms] endpoint`; none, and it is saved and printed only.
fn form_endpoint<'r>(r: &'r Renderer, index: usize) -> Option<&'r str> {
    let original = r.model.page(r.model.original_of(index));
    let own = r.config.form_endpoints.get(form_name(original));
    own.or(r.config.forms_endpoint.as_ref()).map(String::as_str)
}

/// Every `[forms.endpoints]` entry must name a form of the site: an address
/// set for a form that is not there would send nothing, and say nothing.
pub fn check_form_endpoints(r: &Renderer) -> Vec<Diagnostic> {
    if r.config.form_endpoints.is_empty() {
        return Vec::new();
    }
    let mut forms: Vec<&str> = (0..r.model.groups.len())
        .map(|g| r.model.page(r.model.groups[g].original))
        .filter(|page| matches!(page.doc.meta.kind, KindMeta::Form { .. }))
        .map(form_name)
        .collect();
    let unknown: Vec<&String> = (r.config.form_endpoints.keys())
        .filter(|name| !forms.contains(&name.as_str()))
        .collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    // site.toml is read again only to point at the line.
    let config_file = r.config.root.join(crate::config::CONFIG_FILE);
    let text = std::fs::read_to_string(&config_file).unwrap_or_default();
    // A name is looked for under `[forms.endpoints]`: `title = …` above it
    // is not the form called `title`.
    let table = crate::toml_text::key_line(&text, "forms.endpoints").unwrap_or(1);
    forms.sort_unstable();
    unknown
        .into_iter()
        .map(|name| {
            let line = crate::toml_text::key_line_from(&text, name, table).unwrap_or(table);
            let guess = crate::diagnostic::did_you_mean(name, forms.iter().copied())
                .map(|better| format!("did you mean `{better}`? "))
                .unwrap_or_default();
            Diagnostic::at(
                crate::config::CONFIG_FILE,
                &text,
                line,
                1,
                format!("[forms.endpoints] names `{name}`, but the site has no form by that name"),
            )
            .with_help(format!(
                "{guess}use the last part of a form's address; the forms are: {}",
                forms.join(", ")
            ))
        })
        .collect()
}

/// Names the task-list boxes and the tables' scrolling boxes in the
/// page's language.
fn spoken_names(body: &str, strings: &super::Strings) -> String {
    use crate::parse::markdown::{table_label, task_done, task_open};
    let names = [
        (task_done(), "task_done"),
        (task_open(), "task_open"),
        (table_label(), "table"),
    ];
    let mut body = body.to_owned();
    for (stand_in, key) in names {
        if body.contains(stand_in) {
            body = body.replace(stand_in, &strings[key]);
        }
    }
    body
}

/// A module's place in its course: number, neighbours, the course itself.
fn module_context(
    r: &Renderer,
    b: &Builder,
    page: &Page,
    duration: Option<String>,
) -> Option<ModuleContext> {
    let course_index = page.parent?;
    // The course may be shown in another language (not translated yet): read
    // its modules in this page's language, and find this one by its group.
    let siblings: Vec<usize> = r
        .model
        .page(course_index)
        .children
        .iter()
        .map(|&i| r.model.view(r.model.page(i).group, b.lang))
        .collect();
    let position = siblings
        .iter()
        .position(|&i| r.model.page(i).group == page.group)?;
    Some(ModuleContext {
        number: position + 1,
        total: siblings.len(),
        duration,
        course: b.card(course_index),
        previous: position.checked_sub(1).map(|p| b.card(siblings[p])),
        next: siblings.get(position + 1).map(|&n| b.card(n)),
    })
}
