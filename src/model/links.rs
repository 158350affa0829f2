//! Internal links: from the source path an editor wrote to the URL it means.
//!
//! Editors link to files (`@/maler/timeplan/index.md`, `02-hygiene.md`,
//! `plan.pdf`), never to URLs, so links survive a changed slug. Every link is
//! checked here; one that leads nowhere is an error naming file and line.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::parse::markdown::{escape_html, link_placeholder};
use crate::parse::{Document, Kind};

use super::urls::{normalise, relative_url};
use super::{images, Asset, Group};

/// What a link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Page(usize),
    Asset(usize),
    /// A file that failed to parse: its own problem is reported, the link is not.
    Unparsed,
}

/// Every path a link may name, with the URL behind it.
pub struct LinkTable<'a> {
    /// Source key (`om.md`) → the page in all its languages.
    pub versions: HashMap<&'a str, &'a Group>,
    /// Exact file (`om.en.md`) → page, for a link that wants one language.
    pub files: HashMap<&'a str, usize>,
    pub assets: HashMap<&'a str, usize>,
    pub page_urls: &'a [String],
    /// The assets, by number.
    pub asset_list: &'a [Asset],
    pub heading_ids: Vec<&'a HashSet<String>>,
    pub kinds: Vec<Kind>,
    /// Paths of drafts left out of this build, so a link to one says so.
    pub drafts: HashSet<&'a str>,
    /// Files that failed to parse (reported already).
    pub unparsed: HashSet<&'a str>,
}

/// A resolved link: where it goes and the `#fragment`, if any.
pub struct Resolved {
    pub target: Target,
    /// The target's URL; `None` for the page the link is on (`#mal`). The
    /// home page's URL is empty, so emptiness cannot mean "this page".
    pub url: Option<String>,
    pub fragment: Option<String>,
}

impl LinkTable<'_> {
    /// Resolves `dest`, written in the file `from` whose page is number `from_index`.
    /// A link to a page goes to its version in `from`'s language when there is one.
    pub fn resolve(
        &self,
        from: &Document,
        from_index: usize,
        dest: &str,
    ) -> Result<Resolved, (String, String)> {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_owned())),
            None => (dest, None),
        };
        let target = if path.is_empty() {
            Target::Page(from_index)
        } else {
            self.lookup(from, path)?
        };
        let url = match target {
            Target::Page(_) if path.is_empty() => None,
            Target::Page(page) => Some(self.page_urls[page].clone()),
            Target::Asset(asset) => Some(self.asset_list[asset].url.clone()),
            Target::Unparsed => None,
        };
        if let (Target::Page(page), Some(fragment)) = (target, &fragment) {
            self.check_fragment(dest, page, fragment)?;
        }
        Ok(Resolved {
            target,
            url,
            fragment,
        })
    }

    fn check_fragment(
        &self,
        dest: &str,
        page: usize,
        fragment: &str,
    ) -> Result<(), (String, String)> {
        // `#` alone is the top of the page, which always exists.
        if fragment.is_empty() {
            return Ok(());
        }
        let ids = self.heading_ids[page];
        if ids.contains(fragment) {
            return Ok(());
        }
        let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
        known.sort_unstable();
        let help = match did_you_mean(fragment, known.iter().copied()) {
            Some(better) => format!("did you mean `#{better}`?"),
            None if known.is_empty() => "that page has no headings to link to".to_owned(),
            None => format!("the headings there are: #{}", known.join(", #")),
        };
        Err((
            format!("the link `{dest}` names a heading `#{fragment}` that does not exist"),
            help,
        ))
    }

    fn lookup(&self, from: &Document, path: &str) -> Result<Target, (String, String)> {
        if path.starts_with('/') {
            return Err((
                format!("the link `{path}` starts at the web server's root, which breaks when the site is in a subfolder"),
                format!("link to the source file instead: `@{path}`, for example `@/om.md`"),
            ));
        }
        let joined = match path.strip_prefix("@/") {
            Some(rest) => percent_decode(rest),
            None => format!("{}/{}", from.dir(), percent_decode(path)),
        };
        let normal = normalise(&joined).ok_or_else(|| {
            (
                format!("the link `{path}` climbs out of the content folder"),
                "check the number of `../`".to_owned(),
            )
        })?;
        for candidate in [
            normal.clone(),
            format!("{normal}/_index.md"),
            format!("{normal}/index.md"),
        ] {
            let candidate = candidate.trim_start_matches('/');
            if let Some(group) = self.versions.get(candidate) {
                return Ok(Target::Page(
                    *group.versions.get(&from.lang).unwrap_or(&group.original),
                ));
            }
            if let Some(&page) = self.files.get(candidate) {
                return Ok(Target::Page(page));
            }
            if let Some(&asset) = self.assets.get(candidate) {
                return Ok(Target::Asset(asset));
            }
            if self.unparsed.contains(candidate) {
                return Ok(Target::Unparsed);
            }
        }
        if self.drafts.contains(normal.as_str()) {
            return Err((
                format!("the link `{path}` goes to a draft, which is not published"),
                "publish that page (remove `draft = true`) or remove the link".to_owned(),
            ));
        }
        let known = self.versions.keys().chain(self.assets.keys()).copied();
        let help = match did_you_mean(&normal, known) {
            Some(better) => format!("did you mean `@/{better}`?"),
            None => "link to a file in content/, such as `@/kurs/renhold-og-smittevern/index.md`"
                .to_owned(),
        };
        Err((
            format!("the link `{path}` goes nowhere: there is no content/{normal}"),
            help,
        ))
    }
}

/// What a body's placeholder becomes: the address, and after it, for a
/// picture, the attributes of its `<img>` (`images::attributes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filling {
    pub url: String,
    pub after: String,
}

/// Resolves a document's body links into page-relative URLs, in the order
/// of its `kp-link:N` placeholders (`fill_placeholders` writes them in);
/// each link that leads nowhere, and each picture that cannot be read,
/// becomes a diagnostic.
pub fn body_hrefs(
    table: &LinkTable,
    doc: &Document,
    index: usize,
    page_url: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Filling> {
    let problem = |link: &crate::parse::LinkRef, message: String, help: String| {
        Diagnostic::at(
            &doc.display_path,
            &doc.text,
            link.line,
            link.column,
            message,
        )
        .with_width(link.dest.chars().count())
        .with_help(help)
    };
    doc.links
        .iter()
        .map(|link| match table.resolve(doc, index, &link.dest) {
            Ok(resolved) => {
                let url = href(page_url, &resolved);
                let after = match (link.image, resolved.target) {
                    (Some(use_), Target::Asset(asset)) => {
                        let asset = &table.asset_list[asset];
                        if let Some(Err(why)) = &asset.picture {
                            let (message, help) = images::unreadable(&link.dest, why);
                            problems.push(problem(link, message, help));
                        }
                        images::attributes(asset, page_url, use_)
                    }
                    _ => String::new(),
                };
                Filling { url, after }
            }
            Err((message, help)) => {
                problems.push(problem(link, message, help));
                Filling {
                    url: String::from("#"),
                    after: String::new(),
                }
            }
        })
        .collect()
}

/// The `href` for a resolved link written on the page at `page_url`.
pub fn href(page_url: &str, resolved: &Resolved) -> String {
    let base = match (&resolved.url, &resolved.fragment) {
        (None, Some(_)) => String::new(),
        (None, None) => "./".to_owned(),
        (Some(url), _) => relative_url(page_url, url),
    };
    match &resolved.fragment {
        Some(fragment) => format!("{base}#{fragment}"),
        None => base,
    }
}

/// Replaces each `"kp-link:N"` in `html` with `"fillings[N].url"` and the
/// attributes that follow it.
pub fn fill_placeholders(html: &str, fillings: &[Filling]) -> String {
    let marker = format!("\"{}", link_placeholder());
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(&marker) {
        out.push_str(&rest[..start + 1]);
        let after = &rest[start + marker.len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let filling = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| fillings.get(n));
        let Some(filling) = filling else {
            out.push_str(&rest[start + 1..start + marker.len() + digits]);
            rest = &after[digits..];
            continue;
        };
        out.push_str(&escape_html(&filling.url));
        rest = &after[digits..];
        // A picture's attributes go after the quote that ends its address.
        if let Some(unquoted) = rest.strip_prefix('"').filter(|_| !filling.after.is_empty()) {
            out.push('"');
            out.push_str(&filling.after);
            rest = unquoted;
        }
    }
    out.push_str(rest);
    out
}

/// Editors sometimes write spaces in file names as `%20`; a `%` that
/// decodes to no text is left as written.
fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_or_else(|_| path.to_owned(), |decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_follows_dots() {
        assert_eq!(
            normalise("kurs/a/../b/./index.md").as_deref(),
            Some("kurs/b/index.md")
        );
        assert_eq!(normalise("/om.md").as_deref(), Some("om.md"));
        assert_eq!(normalise("../x"), None);
    }

    #[test]
    fn placeholders_are_replaced_exactly() {
        let p = link_placeholder();
        let html = format!(r#"<a href="{p}1">a</a><a href="{p}10">b</a>"#);
        let mut urls: Vec<Filling> = (0..11)
            .map(|i| Filling {
                url: format!("u{i}/"),
                after: String::new(),
            })
            .collect();
        assert_eq!(
            fill_placeholders(&html, &urls),
            r#"<a href="u1/">a</a><a href="u10/">b</a>"#
        );
        // A number with no address is left as it was written.
        let unknown = format!(r#"<a href="{p}99">c</a> "{p}x"#);
        assert_eq!(fill_placeholders(&unknown, &urls), unknown);
        // A picture's attributes follow its address.
        urls[2].after = r#" width="4" loading="lazy""#.into();
        let image = format!(r#"<img src="{p}2" alt="A" />"#);
        assert_eq!(
            fill_placeholders(&image, &urls),
            r#"<img src="u2/" width="4" loading="lazy" alt="A" />"#
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("min%20plan.pdf"), "min plan.pdf");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
