//! A pack page's links, made to work inside the pack: a link to a page or
//! file in the pack leads to it there (relative, so the unpacked folder can
//! sit anywhere), any other link of the site leads to the site online, and
//! links elsewhere stay as they are.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;

use crate::model::urls::resolve;

/// What a site address is in a pack.
pub struct PackMap<'a> {
    /// Pages in the pack: site URL → path in the pack.
    pub pages: HashMap<&'a str, String>,
    /// Every file of the site: its URL → asset number, with its path in the
    /// pack (a file is taken into the pack when a pack page links to it).
    pub assets: &'a HashMap<&'a str, usize>,
    pub asset_path: &'a dyn Fn(usize) -> String,
    /// The site's address online (`base_url`), for links that leave the pack.
    pub base_url: &'a str,
}

/// `html` as drawn for the page at site URL `from_url`, which is
/// `from_path` in the pack, with every `href` and `src` rewritten, written
/// at the end of `out`; gives the files it links to.
pub fn rewrite(
    html: &str,
    from_url: &str,
    from_path: &str,
    map: &PackMap,
    out: &mut String,
) -> Vec<usize> {
    out.reserve(html.len());
    let mut files = Vec::new();
    let mut rest = html;
    // Only attributes inside tags are links: text may show `href="…"` (a
    // `"` in text is written as it is), and it stays as written.
    while let Some((open, close)) = next_tag(rest) {
        out.push_str(&rest[..open]);
        let whole = without_smaller_copies(&rest[open..close]);
        let mut tag: &str = &whole;
        while let Some((start, end)) = next_link(tag) {
            out.push_str(&tag[..start]);
            let value = &tag[start..end];
            match rewritten(value, from_url, from_path, map, &mut files) {
                Some(new) => out.push_str(&new),
                None => out.push_str(value),
            }
            tag = &tag[end..];
        }
        out.push_str(tag);
        rest = &rest[close..];
    }
    out.push_str(rest);
    files.sort_unstable();
    files.dedup();
    files
}

/// Where the next tag (`<a …>`, `<img …>`) starts and ends in `html`. Our
/// pages write every `<` in text and every `>` in an attribute escaped.
fn next_tag(html: &str) -> Option<(usize, usize)> {
    let open = html.find('<')?;
    let close = open + html[open..].find('>')? + 1;
    Some((open, close))
}

/// A tag without a picture's `srcset` and `sizes`: the pack holds each
/// picture, not its smaller copies, and a reader offline has it already.
/// Only `<img>` tags are touched, and in them only these attributes, which
/// the build writes (cleaned raw HTML has none).
fn without_smaller_copies(tag: &str) -> std::borrow::Cow<'_, str> {
    if !tag.starts_with("<img ") {
        return tag.into();
    }
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some((start, name_length)) = [" srcset=\"", " sizes=\""]
        .iter()
        .filter_map(|name| rest.find(name).map(|at| (at, name.len())))
        .min()
    {
        let value = &rest[start + name_length..];
        let Some(value_end) = value.find('"') else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &value[value_end + 1..];
    }
    out.push_str(rest);
    out.into()
}

/// Where the next `href="…"` or `src="…"` value is in `tag`. Our pages
/// quote every attribute with `"` and escape a `"` inside one, so a `="`
/// after such a name in a tag is always an attribute's start.
fn next_link(tag: &str) -> Option<(usize, usize)> {
    let bytes = tag.as_bytes();
    // Each `=` is looked at, not searched for as `="`: a tag is short, and
    // a two-byte pattern's searcher costs more to set up than it saves.
    let equals_signs = (bytes.iter().enumerate()).filter(|&(_, &b)| b == b'=');
    for (equals, _) in equals_signs {
        if bytes.get(equals + 1) != Some(&b'"') {
            continue;
        }
        let start = equals + 2;
        let before = &tag[..equals];
        let is_link = [" href", " src", "\nhref", "\nsrc"]
            .iter()
            .any(|name| before.ends_with(name));
        if is_link {
            let end = start + tag[start..].find('"')?;
            return Some((start, end));
        }
    }
    None
}

/// The value for a link in the pack, or `None` to keep it as it is.
fn rewritten(
    value: &str,
    from_url: &str,
    from_path: &str,
    map: &PackMap,
    files: &mut Vec<usize>,
) -> Option<String> {
    if value.is_empty() || value.starts_with('#') || value.starts_with('/') || has_scheme(value) {
        return None;
    }
    let href: std::borrow::Cow<str> = if value.contains('&') {
        value.replace("&amp;", "&").into()
    } else {
        value.into()
    };
    let (address, fragment) = match href.find(['#', '?']) {
        Some(at) => href.split_at(at),
        None => (&*href, ""),
    };
    let decoded = percent_decode_str(address).decode_utf8().ok()?;
    let target = resolve(from_url, &decoded)?;
    let to_path = if let Some(path) = map.pages.get(target.as_str()) {
        path.clone()
    } else if let Some(&asset) = map.assets.get(target.as_str()) {
        files.push(asset);
        (map.asset_path)(asset)
    } else {
        return Some(attribute_value(map.base_url, &target, fragment));
    };
    let relative = relative_path(from_path, &to_path);
    Some(attribute_value("", &relative, fragment))
}

/// `start`, `path` percent-encoded and `fragment`, as an attribute's value.
fn attribute_value(start: &str, path: &str, fragment: &str) -> String {
    let mut link = String::with_capacity(start.len() + path.len() + fragment.len() + 8);
    link.push_str(start);
    crate::slug::push_encoded_path(&mut link, path);
    link.push_str(fragment);
    if link.contains('&') {
        link = link.replace('&', "&amp;");
    }
    link
}

/// Whether `href` starts with a scheme (`https:`, `mailto:`).
fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The path from the file `from` to the file `to`, both in the pack.
pub fn relative_path(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let shared = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut path = "../".repeat(from_dirs.len() - shared);
    path.push_str(&to_parts[shared..].join("/"));
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_the_pack_climb_only_as_far_as_they_must() {
        assert_eq!(relative_path("index.html", "01-a.html"), "01-a.html");
        assert_eq!(relative_path("maler/b.html", "index.html"), "../index.html");
        assert_eq!(
            relative_path("maler/b.html", "maler/b/fil.docx"),
            "b/fil.docx"
        );
        assert_eq!(
            relative_path("maler/b.html", "skjema/c.html"),
            "../skjema/c.html"
        );
        assert_eq!(relative_path("index.html", "index.html"), "index.html");
    }

    /// `html` with `without_smaller_copies` applied to each tag, as
    /// `rewrite` applies it.
    fn each_tag_without_copies(html: &str) -> String {
        let (mut out, mut rest) = (String::new(), html);
        while let Some((open, close)) = next_tag(rest) {
            out.push_str(&rest[..open]);
            out.push_str(&without_smaller_copies(&rest[open..close]));
            rest = &rest[close..];
        }
        out + rest
    }

    #[test]
    fn pictures_in_the_pack_are_shown_whole() {
        let html = r#"<img src="a.jpg" width="9" srcset="a.480w.jpg 480w, a.jpg 900w" sizes="100vw" loading="lazy" alt="A"> <p>Write sizes="100vw" or <code>&lt;img srcset="x"&gt;</code>, srcset="open</p><p>kept</p>"#;
        assert_eq!(
            each_tag_without_copies(html),
            r#"<img src="a.jpg" width="9" loading="lazy" alt="A"> <p>Write sizes="100vw" or <code>&lt;img srcset="x"&gt;</code>, srcset="open</p><p>kept</p>"#
        );
    }

    #[test]
    fn links_in_the_pack_stay_in_it_and_the_rest_go_online() {
        let assets: HashMap<&str, usize> = [("kurs/a/plan.pdf", 0), ("bilder/x y.png", 1)].into();
        let path = |asset: usize| ["plan.pdf", "bilder/x y.png"][asset].to_owned();
        let map = PackMap {
            pages: [
                ("kurs/a/", "index.html".to_owned()),
                ("kurs/a/m/", "m.html".to_owned()),
                ("maler/b/", "maler/b.html".to_owned()),
            ]
            .into(),
            assets: &assets,
            asset_path: &path,
            base_url: "https://kurs.example.no/",
        };
        let html = concat!(
            "<a href=\"../\">kurs</a> <a href=\"../../../maler/b/#del-2\">mal</a> ",
            "<img src=\"../../../bilder/x%20y.png\" alt=\"\"> <a href=\"../plan.pdf\">plan</a> ",
            "<a href=\"../../../om/?a=1&amp;b=2\">om</a> <a href=\"#topp\">topp</a> ",
            "<a href=\"https://imdi.no/\">IMDi</a> <p>href=\"../\" er tekst</p>",
            "<p>Skriv <code>&lt;a href=\"../plan.pdf\"&gt;</code> eller src=\"../\" slik.</p>"
        );
        let mut out = String::new();
        let files = rewrite(html, "kurs/a/m/", "m.html", &map, &mut out);
        assert_eq!(
            out,
            concat!(
                "<a href=\"index.html\">kurs</a> <a href=\"maler/b.html#del-2\">mal</a> ",
                "<img src=\"bilder/x%20y.png\" alt=\"\"> <a href=\"plan.pdf\">plan</a> ",
                "<a href=\"https://kurs.example.no/om/?a=1&amp;b=2\">om</a> <a href=\"#topp\">topp</a> ",
                "<a href=\"https://imdi.no/\">IMDi</a> <p>href=\"../\" er tekst</p>",
                // Text that shows an attribute is text, not a link.
                "<p>Skriv <code>&lt;a href=\"../plan.pdf\"&gt;</code> eller src=\"../\" slik.</p>"
            )
        );
        assert_eq!(files, vec![0, 1]);
    }
}
