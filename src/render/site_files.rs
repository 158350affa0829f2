//! The small generated files beside the pages: sitemap.xml (with hreflang
//! alternates) and robots.txt.

use crate::config::Config;
use crate::model::SiteModel;
use crate::parse::markdown::escape_html;

use super::{Content, OutputFile};

/// Text for XML: escaped as for HTML, with each character XML 1.0 does
/// not allow (control characters but tab and line breaks, U+FFFE, U+FFFF)
/// made U+FFFD: one of them (`\u0007` in a title) would make the whole
/// feed unreadable to a feed reader.
fn xml_text(text: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return escape_html(text);
    }
    let readable: String = text
        .chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect();
    escape_html(&readable)
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

/// Every page and list, with its last update and its other languages.
pub fn sitemap(config: &Config, model: &SiteModel) -> Vec<u8> {
    let absolute = |url: &str| xml_text(&config.absolute_url(url));
    let mut entries: Vec<(String, String)> = Vec::new();
    for page in &model.pages {
        let mut xml = format!("<url><loc>{}</loc>", absolute(&page.url));
        if let Some(date) = page.doc.meta.updated {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        let versions = &model.groups[page.group].versions;
        if versions.len() > 1 {
            for (lang, &version) in versions {
                let href = absolute(&model.page(version).url);
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>",
                    lang.code()
                ));
            }
        }
        xml.push_str("</url>\n");
        entries.push((page.url.clone(), xml));
    }
    for view in &model.languages {
        for taxonomy in &view.taxonomies {
            let urls = std::iter::once(&taxonomy.url).chain(taxonomy.terms.iter().map(|t| &t.url));
            entries.extend(urls.map(|url| {
                (
                    url.clone(),
                    format!("<url><loc>{}</loc></url>\n", absolute(url)),
                )
            }));
        }
    }
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    xml.extend(entries.into_iter().map(|(_, entry)| entry));
    xml.push_str("</urlset>\n");
    xml.into_bytes()
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
            let home = config.absolute_url(&settings.url_prefix);
            let newest = pages.first().map_or_else(|| "1970-01-01".to_owned(), |(d, _)| d.to_string());
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{newest}T00:00:00Z</updated>\n",
                settings.code(),
                xml_text(&settings.title),
                xml_text(&home),
                xml_text(&home),
                xml_text(&config.absolute_url(&format!("{}{FEED_FILE}", settings.url_prefix))),
            );
            for (date, page) in pages {
                let url = xml_text(&config.absolute_url(&page.url));
                xml.push_str(&format!(
                    "<entry>\n<title>{}</title>\n<id>{url}</id>\n<link href=\"{url}\"/>\n<updated>{date}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
                    xml_text(&page.doc.meta.title),
                    xml_text(&settings.title),
                ));
                if let Some(summary) = &page.doc.meta.summary {
                    xml.push_str(&format!("<summary>{}</summary>\n", xml_text(summary)));
                }
                xml.push_str("</entry>\n");
            }
            xml.push_str("</feed>\n");
            let path = format!("{}{FEED_FILE}", settings.url_prefix);
            OutputFile { path, content: Content::Bytes(xml.into_bytes()) }
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
    fn xml_text_is_escaped_and_never_holds_what_xml_forbids() {
        assert_eq!(
            xml_text("Renhold & <hygiene>"),
            "Renhold &amp; &lt;hygiene&gt;"
        );
        assert_eq!(
            xml_text("Ren\u{7}hold\u{FFFF}\tx"),
            "Ren\u{FFFD}hold\u{FFFD}\tx"
        );
    }

    #[test]
    fn base_path_is_the_path_of_the_base_url() {
        assert_eq!(base_path("https://example.org/kursportal/"), "/kursportal/");
        assert_eq!(base_path("https://example.org/"), "/");
    }
}
