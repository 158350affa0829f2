//! The small generated files beside the pages: sitemap.xml (with hreflang
//! alternates), an Atom feed per language, and robots.txt. The XML is
//! written by quick-xml, which escapes every text and attribute.

use std::borrow::Cow;
use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::lang::Language;
use crate::model::urls::relative_url;
use crate::model::SiteModel;
use crate::parse::markdown::escape_html;
use crate::theme::Strings;

use super::{Content, OutputFile};

/// Text as XML 1.0 allows it: each character it forbids (control
/// characters but tab and line breaks, U+FFFE, U+FFFF) made U+FFFD. No
/// escaping can carry one (`\u0007` in a title would make the whole feed
/// unreadable to a feed reader), so the writer's escaping is not enough.
fn xml_text(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
            .collect(),
    )
}

/// An XML document: the declaration, then what `body` writes.
fn xml_document(body: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    let declaration = BytesDecl::new("1.0", Some("UTF-8"), None);
    // Writing into memory cannot fail.
    let written = writer
        .write_event(Event::Decl(declaration))
        .and_then(|()| body(&mut writer));
    debug_assert!(written.is_ok());
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
}

/// `<name>text</name>`.
fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    let text = xml_text(text);
    writer
        .create_element(name)
        .write_text_content(BytesText::new(&text))?;
    Ok(())
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

pub const SITEMAP: &str = "sitemap.xml";

/// One address in the sitemap.
struct SitemapEntry {
    url: String,
    updated: Option<String>,
    /// Each language version, as (language code, absolute address).
    versions: Vec<(&'static str, String)>,
}

/// Every page and list, with its last update and its other languages.
pub fn sitemap(config: &Config, model: &SiteModel) -> Vec<u8> {
    let mut entries: Vec<SitemapEntry> = Vec::new();
    for page in &model.pages {
        let versions = &model.groups[page.group].versions;
        let versions = if versions.len() > 1 {
            let absolute = |&v| config.absolute_url(&model.page(v).url);
            versions
                .iter()
                .map(|(lang, v)| (lang.code(), absolute(v)))
                .collect()
        } else {
            Vec::new()
        };
        entries.push(SitemapEntry {
            url: page.url.clone(),
            updated: page.doc.meta.updated.map(|d| d.to_string()),
            versions,
        });
    }
    for view in &model.languages {
        for taxonomy in &view.taxonomies {
            let urls = std::iter::once(&taxonomy.url).chain(taxonomy.terms.iter().map(|t| &t.url));
            entries.extend(urls.map(|url| SitemapEntry {
                url: url.clone(),
                updated: None,
                versions: Vec::new(),
            }));
        }
    }
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    xml_document(|w| {
        let set = w.create_element("urlset").with_attributes([
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ]);
        set.write_inner_content(|w| {
            for entry in &entries {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &config.absolute_url(&entry.url))?;
                    if let Some(date) = &entry.updated {
                        text_element(w, "lastmod", date)?;
                    }
                    for (code, href) in &entry.versions {
                        let href = xml_text(href);
                        let attributes =
                            [("rel", "alternate"), ("hreflang", code), ("href", &href)];
                        w.create_element("xhtml:link")
                            .with_attributes(attributes)
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })
}

/// How many changed pages a language's feed lists.
const FEED_ENTRIES: usize = 30;

/// The feed's file name beside each language's home page.
pub const FEED_FILE: &str = "atom.xml";

/// An Atom feed per language of what changed: the pages written in that
/// language with an `updated` date, newest first.
pub fn feeds(config: &Config, model: &SiteModel) -> Vec<OutputFile> {
    config
        .languages
        .iter()
        .map(|settings| {
            let mut pages: Vec<_> = model
                .pages
                .iter()
                .filter(|p| p.doc.lang == settings.language && !p.doc.is_section_index())
                .filter_map(|p| Some((p.doc.meta.updated?, p)))
                .collect();
            pages.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.url.cmp(&b.1.url)));
            pages.truncate(FEED_ENTRIES);
            let path = format!("{}{FEED_FILE}", settings.url_prefix);
            let home = config.absolute_url(&settings.url_prefix);
            let own = config.absolute_url(&path);
            let newest = pages
                .first()
                .map_or_else(|| "1970-01-01".to_owned(), |(d, _)| d.to_string());
            let xml = xml_document(|w| {
                let feed = w.create_element("feed").with_attributes([
                    ("xmlns", "http://www.w3.org/2005/Atom"),
                    ("xml:lang", settings.code()),
                ]);
                feed.write_inner_content(|w| {
                    text_element(w, "title", &settings.title)?;
                    text_element(w, "id", &home)?;
                    w.create_element("link")
                        .with_attribute(("href", &*xml_text(&home)))
                        .write_empty()?;
                    let own = xml_text(&own);
                    w.create_element("link")
                        .with_attributes([("rel", "self"), ("href", &own)])
                        .write_empty()?;
                    text_element(w, "updated", &format!("{newest}T00:00:00Z"))?;
                    for (date, page) in &pages {
                        let url = config.absolute_url(&page.url);
                        w.create_element("entry").write_inner_content(|w| {
                            text_element(w, "title", &page.doc.meta.title)?;
                            text_element(w, "id", &url)?;
                            w.create_element("link")
                                .with_attribute(("href", &*xml_text(&url)))
                                .write_empty()?;
                            text_element(w, "updated", &format!("{date}T00:00:00Z"))?;
                            w.create_element("author").write_inner_content(|w| {
                                text_element(w, "name", &settings.title)
                            })?;
                            if let Some(summary) = &page.doc.meta.summary {
                                text_element(w, "summary", summary)?;
                            }
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
                Ok(())
            });
            OutputFile {
                path,
                content: Content::Bytes(xml),
            }
        })
        .collect()
}

/// A small page for each folder of an address that is no page itself
/// (`/en/kurs/renhold/` above a module translated before its course): it
/// sends the reader on to the page above, the one the breadcrumbs show,
/// at once, with a link for a browser that does not follow.
pub fn folder_pages(
    config: &Config,
    model: &SiteModel,
    strings: &BTreeMap<Language, Strings>,
) -> Vec<OutputFile> {
    crate::model::family::folders_without_a_page(model)
        .into_iter()
        .map(|(folder, target, language)| {
            let page = model.page(target);
            let href = escape_html(&relative_url(&folder, &page.url));
            let canonical = escape_html(&config.absolute_url(&page.url));
            let title = escape_html(&page.doc.meta.title);
            let settings = config.language(language);
            let note = strings
                .get(&language)
                .and_then(|s| s.get("not_translated"))
                .filter(|_| page.doc.lang != language)
                .map_or_else(String::new, |n| format!(" ({})", escape_html(n)));
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<title>{title}</title>\n</head>\n<body>\n<main>\n<p><a href=\"{href}\" lang=\"{page_lang}\">{title}</a>{note}</p>\n</main>\n</body>\n</html>\n",
                code = settings.code(),
                dir = settings.direction,
                page_lang = page.doc.lang.code(),
            );
            OutputFile {
                path: format!("{folder}index.html"),
                content: Content::Bytes(html.into_bytes()),
            }
        })
        .collect()
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
    fn xml_text_never_holds_what_xml_forbids() {
        assert_eq!(xml_text("Renhold & <hygiene>"), "Renhold & <hygiene>");
        assert_eq!(
            xml_text("Ren\u{7}hold\u{FFFF}\tx"),
            "Ren\u{FFFD}hold\u{FFFD}\tx"
        );
    }

    #[test]
    fn text_in_an_element_is_escaped() {
        let xml = xml_document(|w| text_element(w, "title", "Renhold & <hygiene>\u{7}"));
        let xml = String::from_utf8(xml).unwrap();
        assert!(
            xml.ends_with("<title>Renhold &amp; &lt;hygiene&gt;\u{FFFD}</title>\n"),
            "{xml}"
        );
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{xml}"
        );
    }

    #[test]
    fn base_path_is_the_path_of_the_base_url() {
        assert_eq!(base_path("https://example.org/kursportal/"), "/kursportal/");
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
