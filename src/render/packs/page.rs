//! A pack's page: what the page says (the same context its template gets,
//! `PageContext`), written as a plain document in Rust with the theme's
//! classes, around a header that lists the pack's pages and a footer that
//! leads to the page online.
//!
//! Written here rather than by the theme's templates because a pack is
//! made of nearly every course page a second time: drawn by Tera with the
//! whole header's context, packs tripled the time of a large build; this
//! costs a few string writes. The theme's stylesheet, one file in the pack,
//! styles it as the site is styled.

use std::fmt::Write as _;

use crate::parse::markdown::escape_html as esc;
use crate::parse::{Kind, KindMeta};

use super::super::base::builder;
use super::super::context::{Card, FileLink, PageContext};
use super::super::forms::blank_form_html;
use super::super::pages::page_context;
use super::super::{Renderer, Strings};
use super::links::{relative_path, rewrite, PackMap};
use super::{Member, Plan};

/// The pack's stylesheet, at the pack's root.
pub const STYLESHEET: &str = "style.css";

/// The page `member` of the pack, with the files of the site it links to.
/// The header's links are written as paths in the pack; what the page says
/// is drawn with the site's links, then made to work in the pack by
/// `links::rewrite` (a page of a pack lists every other, so rewriting the
/// header too cost more than the page's own links).
pub fn pack_page(
    r: &Renderer,
    plan: &Plan,
    member: &Member,
    map: &PackMap,
) -> (String, Vec<usize>) {
    crate::work::did(crate::work::Task::PackPage);
    let model = r.model;
    let page = model.page(member.page);
    let language = page.doc.lang;
    let b = builder(r, language, &page.url);
    let t = b.strings;
    let context = page_context(r, &b, member.page);
    let course = model.page(plan.course);
    let mut html = String::with_capacity(page.body_html.len() + 4096);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n<link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#hovedinnhold\">{}</a>\n",
        language.code(),
        b.settings.direction,
        esc(&context.title),
        esc(&t["pack_title"]),
        esc(&in_pack(&member.path, STYLESHEET)),
        esc(&t["skip_link"]),
    );
    let _ = write!(
        html,
        "<header class=\"site-header pack-header\">\n<div class=\"wrap header-row\"><p class=\"brand\">{}: {}</p></div>\n<nav class=\"main-nav\" aria-label=\"{}\">\n<ul class=\"wrap\">\n",
        esc(&t["pack_title"]),
        esc(&course.doc.meta.title),
        esc(&t["pack_contents"]),
    );
    for listed in &plan.members {
        let other = model.page(listed.page);
        let current = if listed.page == member.page {
            " aria-current=\"page\""
        } else {
            ""
        };
        let lang = b.foreign_lang(other);
        let title = esc(&other.doc.meta.title);
        link_item(
            &mut html,
            &in_pack(&member.path, &listed.path),
            lang.as_deref(),
            current,
            &title,
        );
        html.push('\n');
    }
    html.push_str("</ul>\n</nav>\n</header>\n<main id=\"hovedinnhold\" class=\"wrap\">\n");
    let mut said = article(&context, page.doc.kind, t);
    if let KindMeta::Form { fields } = &page.doc.meta.kind {
        said.push_str(&blank_form_html(fields, t));
    }
    said.push_str(&after_body(&context, page.doc.kind, t));
    let linked = rewrite(&said, &page.url, &member.path, map, &mut html);
    let _ = write!(
        html,
        "</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>{}</p>\n<p><a href=\"{}\">{}</a> · {}</p>\n</div>\n</footer>\n</body>\n</html>\n",
        esc(&t["pack_note"]),
        esc(&r.config.absolute_url(&page.url)),
        esc(&t["pack_online"]),
        esc(&b.settings.title),
    );
    (html, linked)
}

/// The address of `to` on the pack's page at `from`, both paths in the pack.
fn in_pack(from: &str, to: &str) -> String {
    crate::slug::encode_path(&relative_path(from, to))
}

fn lang_attribute(lang: Option<&str>) -> String {
    lang.map_or(String::new(), |l| format!(" lang=\"{}\"", esc(l)))
}

/// From the kind's label to the body: what the page is, its facts, the
/// portal's suggestion, its contents.
fn article(page: &PageContext, kind: Kind, t: &Strings) -> String {
    let mut html = String::new();
    let suggested = match page.plan {
        Some(_) => format!(
            " <span class=\"suggested\">({})</span>",
            esc(&t["suggestion_mark"])
        ),
        None => String::new(),
    };
    match (&page.module, kind) {
        (Some(module), _) => {
            let _ = writeln!(
                html,
                "<p class=\"eyebrow\">{} {} {} {} · <a href=\"{}\"{}>{}</a></p>",
                esc(&t["module"]),
                module.number,
                esc(&t["of"]),
                module.total,
                esc(&module.course.href),
                lang_attribute(module.course.lang.as_deref()),
                esc(&module.course.title),
            );
        }
        (None, Kind::Template) => {
            let _ = writeln!(
                html,
                "<p class=\"eyebrow\">{}</p>",
                esc(&t["kind_template"])
            );
        }
        (None, Kind::Form) => {
            let _ = writeln!(html, "<p class=\"eyebrow\">{}</p>", esc(&t["kind_form"]));
        }
        _ => {}
    }
    let _ = writeln!(html, "<h1>{}</h1>", esc(&page.title));
    if let (Some(date), Some(iso)) = (&page.updated, &page.updated_iso) {
        let _ = writeln!(
            html,
            "<p class=\"updated\">{} <time datetime=\"{}\">{}</time></p>",
            esc(&t["updated"]),
            esc(iso),
            esc(date),
        );
    }
    if let Some(summary) = &page.summary {
        let _ = writeln!(html, "<p class=\"lead\">{}</p>", esc(summary));
    }
    facts(&mut html, page, t, &suggested);
    if let Some(plan) = &page.plan {
        open_section(&mut html, "plan-note", "forslag", &esc(&t["plan_label"]));
        let _ = writeln!(html, "<p>{}</p>", esc(&plan.text));
        if let Some(note) = &plan.note {
            let _ = writeln!(
                html,
                "<p{}>{}</p>",
                lang_attribute(plan.note_lang.as_deref()),
                esc(note)
            );
        }
        html.push_str("</section>\n");
    }
    if let Some(course) = page.course.as_ref().filter(|c| !c.goals.is_empty()) {
        let heading = format!("{}{suggested}", esc(&t["goals"]));
        open_section(&mut html, "", "mal-for-kurset", &heading);
        html.push_str("<ul class=\"goals\">");
        for goal in &course.goals {
            let _ = write!(html, "<li>{}</li>", esc(goal));
        }
        html.push_str("</ul>\n</section>\n");
    }
    if page.toc.len() > 2 {
        let _ = write!(
            html,
            "<nav class=\"toc\" aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">{}</h2>\n<ul>",
            esc(&t["toc"]),
        );
        for entry in &page.toc {
            let _ = write!(
                html,
                "<li class=\"toc-{}\"><a href=\"#{}\">{}</a></li>",
                entry.level,
                esc(&entry.id),
                esc(&entry.title),
            );
        }
        html.push_str("</ul>\n</nav>\n");
    }
    let _ = writeln!(html, "<div class=\"prose\">{}</div>", page.body);
    html
}

/// A course's length and terms, a module's length.
fn facts(html: &mut String, page: &PageContext, t: &Strings, suggested: &str) {
    let duration = match (&page.course, &page.module) {
        (Some(course), _) => Some(course.duration.as_str()),
        (None, Some(module)) => module.duration.as_deref(),
        _ => None,
    };
    let Some(duration) = duration else {
        return;
    };
    let _ = write!(
        html,
        "<dl class=\"facts\">\n<div><dt>{}{suggested}</dt><dd>{}</dd></div>\n",
        esc(&t["duration"]),
        esc(duration),
    );
    if page.course.is_some() {
        for group in &page.terms {
            let mark = if group.suggested { suggested } else { "" };
            let _ = write!(html, "<div><dt>{}{mark}</dt><dd><ul>", esc(&group.label));
            for term in &group.terms {
                let name = format!("<bdi>{}</bdi>", esc(&term.name));
                link_item(html, &term.href, term.lang.as_deref(), "", &name);
            }
            html.push_str("</ul></dd></div>\n");
        }
    }
    html.push_str("</dl>\n");
}

/// After the body: a course's modules, files, templates and forms; what
/// uses a template or form; the sources; a module's way on.
fn after_body(page: &PageContext, kind: Kind, t: &Strings) -> String {
    let mut html = String::new();
    if kind == Kind::Course && !page.children.is_empty() {
        open_section(&mut html, "", "moduler", &esc(&t["modules"]));
        html.push_str("<ol class=\"modules\">\n");
        for module in &page.children {
            let _ = write!(
                html,
                "<li{}><a href=\"{}\">{}</a>",
                lang_attribute(module.lang.as_deref()),
                esc(&module.href),
                esc(&module.title),
            );
            if let Some(facts) = &module.facts {
                let _ = write!(
                    html,
                    " <span class=\"file-meta\">(<bdi>{}</bdi>)</span>",
                    esc(facts)
                );
            }
            if let Some(summary) = &module.summary {
                let _ = write!(html, "<p>{}</p>", esc(summary));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
    }
    let files_heading = match kind {
        Kind::Course => ("materials", "kursmateriell"),
        Kind::Template => ("template_files", "last-ned"),
        _ => ("attachments", "filer"),
    };
    files(
        &mut html,
        &page.attachments,
        &t[files_heading.0],
        files_heading.1,
    );
    if kind == Kind::Course {
        cards(&mut html, &page.templates, &t["course_templates"], "maler");
        cards(&mut html, &page.forms, &t["course_forms"], "skjema");
    }
    if matches!(kind, Kind::Template | Kind::Form) && !page.used_by.is_empty() {
        open_section(&mut html, "no-print", "brukes-i", &esc(&t["used_by"]));
        html.push_str("<ul class=\"plain-list\">");
        for course in &page.used_by {
            let title = esc(&course.title);
            link_item(&mut html, &course.href, course.lang.as_deref(), "", &title);
        }
        html.push_str("</ul>\n</section>\n");
    }
    sources(&mut html, page, t);
    if let Some(module) = &page.module {
        let _ = write!(
            html,
            "<nav class=\"pager\" aria-label=\"{}\">\n<ul>\n",
            esc(&t["modules"])
        );
        if let Some(previous) = &module.previous {
            pager_link(&mut html, "prev", &t["previous"], previous);
        }
        let _ = writeln!(
            html,
            "<li class=\"pager-up\"><a href=\"{}\">{}</a></li>",
            esc(&module.course.href),
            esc(&t["back_to_course"]),
        );
        if let Some(next) = &module.next {
            pager_link(&mut html, "next", &t["next"], next);
        }
        html.push_str("</ul>\n</nav>\n");
    }
    html
}

/// `<section>` with its heading (`heading` is HTML), named by it.
fn open_section(html: &mut String, class: &str, id: &str, heading: &str) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = write!(
        html,
        "<section{class} aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{heading}</h2>\n"
    );
}

/// `<li><a href="…" lang="…"{extra}>{inner}</a></li>`: `inner` is HTML,
/// `extra` more attributes (`aria-current`).
fn link_item(html: &mut String, href: &str, lang: Option<&str>, extra: &str, inner: &str) {
    let _ = write!(
        html,
        "<li><a href=\"{}\"{}{extra}>{inner}</a></li>",
        esc(href),
        lang_attribute(lang),
    );
}

fn pager_link(html: &mut String, rel: &str, label: &str, card: &Card) {
    let _ = writeln!(
        html,
        "<li class=\"pager-{rel}\"><a href=\"{}\" rel=\"{rel}\"><span class=\"pager-label\">{}</span> <span{}>{}</span></a></li>",
        esc(&card.href),
        esc(label),
        lang_attribute(card.lang.as_deref()),
        esc(&card.title),
    );
}

fn files(html: &mut String, list: &[FileLink], heading: &str, id: &str) {
    if list.is_empty() {
        return;
    }
    open_section(html, "files", id, &esc(heading));
    html.push_str("<ul>\n");
    for file in list {
        let _ = writeln!(
            html,
            "<li><a href=\"{}\" download>{}</a> <span class=\"file-meta\"><bdi>({}, {})</bdi></span></li>",
            esc(&file.href),
            esc(&file.title),
            esc(&file.type_label),
            esc(&file.size_label),
        );
    }
    html.push_str("</ul>\n</section>\n");
}

fn cards(html: &mut String, list: &[Card], heading: &str, id: &str) {
    if list.is_empty() {
        return;
    }
    open_section(html, "", id, &esc(heading));
    html.push_str("<ul class=\"cards\">\n");
    for card in list {
        let lang = lang_attribute(card.lang.as_deref());
        let _ = write!(
            html,
            "<li class=\"card\">\n<h3{lang}><a href=\"{}\">{}</a></h3>\n<p class=\"card-kind\">{}</p>\n",
            esc(&card.href),
            esc(&card.title),
            esc(&card.kind_label),
        );
        if let Some(summary) = &card.summary {
            let _ = writeln!(html, "<p{lang}>{}</p>", esc(summary));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n</section>\n");
}

fn sources(html: &mut String, page: &PageContext, t: &Strings) {
    if page.sources.is_empty() {
        return;
    }
    open_section(html, "sources", "kilder", &esc(&t["sources"]));
    html.push_str("<ul>\n");
    for source in &page.sources {
        let title = format!("<cite>{}</cite>", esc(&source.title));
        let title = match &source.href {
            Some(href) => format!("<a href=\"{}\">{title}</a>", esc(href)),
            None => title,
        };
        let _ = write!(
            html,
            "<li><bdi{}>{title}",
            lang_attribute(source.lang.as_deref())
        );
        if let Some(publisher) = &source.publisher {
            let _ = write!(html, ". {}", esc(publisher));
        }
        if let Some(year) = source.year {
            let _ = write!(html, ", {year}");
        }
        html.push_str("</bdi></li>\n");
    }
    html.push_str("</ul>\n</section>\n");
}
