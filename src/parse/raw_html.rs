//! Raw HTML written in Markdown.
//!
//! Editors use a few elements Markdown has no syntax for (`<details>`,
//! `<abbr>`, `<kbd>`, `<sub>`, a table with merged cells), but the portal is
//! written by many municipalities' editors and published as it is: a page
//! must never carry a script, a frame, a form that posts elsewhere or a
//! `javascript:` link from content. So by default every piece of raw HTML is
//! cleaned by ammonia against the allow-list below, and what it removes is
//! reported to the editor as a warning at its line. A site whose editors
//! are all trusted sets `raw_html = "trusted"` under `[markdown]`.
//!
//! The markup the Markdown renderer writes itself is never passed through
//! the cleaner: `markdown::render` swaps each raw piece for a stand-in,
//! renders, and [`put_back`] cleans the raw pieces in their order (so an
//! element opened on one line and closed on another is seen whole) with a
//! marker where each stretch of rendered markup was, then puts that markup
//! back at its marker.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use serde::Deserialize;

/// How raw HTML in Markdown is treated (`[markdown] raw_html` in site.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Cleaned against the allow-list; what is removed is a warning.
    #[default]
    Safe,
    /// Passed through as written.
    Trusted,
}

/// Elements editors may write: text-level semantics, tables, figures and
/// disclosure boxes. Not landmarks (`nav`, `header`…: the theme's), not
/// forms, frames, media, scripts or styles.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes any allowed element may have.
const GENERIC_ATTRIBUTES: &[&str] = &["lang", "dir", "title"];

/// Attributes of particular elements. No `id` (it could take one the
/// theme's script looks up), no `class` or `style` (content cannot restyle
/// the theme), no event handlers.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height", "loading"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("del", &["datetime"]),
    ("ins", &["datetime"]),
    ("details", &["open"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
];

/// The schemes a link or image address may have, besides addresses inside
/// the site (relative ones).
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Elements removed with everything inside them: their content is code,
/// not text.
const CONTENT_REMOVED: &[&str] = &["script", "style"];

/// Whether `address` may be written into a page: relative, or of one of
/// [`URL_SCHEMES`]. Decided as the cleaner decides (by the `url` crate), so
/// `JavaScript:`, `java&#9;script:` and their kin are all caught.
pub fn allowed_address(address: &str) -> bool {
    match url::Url::parse(address) {
        Ok(url) => URL_SCHEMES.contains(&url.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .add_tags(TAGS)
            .add_generic_attributes(GENERIC_ATTRIBUTES)
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .clean_content_tags(CONTENT_REMOVED.iter().copied().collect())
            .strip_comments(true)
            // Raw HTML left open (`<div title="` and a blank line) can take a
            // marker into an attribute's value; rendered markup put back
            // there would end the value and start attributes of its own.
            .attribute_filter(|_, _, value| {
                (!value.contains([MARK_OPEN, MARK_CLOSE])).then_some(value.into())
            });
        for (tag, attributes) in TAG_ATTRIBUTES {
            builder.add_tag_attributes(tag, *attributes);
        }
        builder
    })
}

fn tag_allows(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attributes)| *t == tag && attributes.contains(&attribute))
}

/// A piece of raw HTML in a body, as the parser gave it.
#[derive(Debug, Clone)]
pub struct RawPiece {
    pub html: String,
    /// Where it starts in the file's text.
    pub offset: usize,
}

/// The stand-in for raw piece `index` in rendered markup. Content files
/// never hold U+0000 (the loader refuses them), so it cannot be forged.
pub fn stand_in(index: usize) -> String {
    format!("\0{index}\0")
}

/// Where rendered markup was, in the text given to the cleaner:
/// noncharacters, which are taken out of the raw pieces first.
const MARK_OPEN: char = '\u{FDD0}';
const MARK_CLOSE: char = '\u{FDD1}';

/// `html`, rendered with a [`stand_in`] for each of `pieces`, with the
/// pieces put back: cleaned unless `mode` trusts them. `None` when the raw
/// HTML, cleaned, would not leave every stretch of rendered markup in text
/// once, but for what a script or style it closes holds (raw HTML left
/// open: an element whose content is removed, a quote, a comment); see
/// [`put_back_as_text`].
pub fn put_back(html: &str, pieces: &[RawPiece], mode: RawHtml) -> Option<String> {
    if pieces.is_empty() {
        return Some(html.to_owned());
    }
    // Stand-ins split the markup: even parts are rendered markup, odd
    // parts the number of a raw piece.
    let parts: Vec<&str> = html.split('\0').collect();
    let piece = |part: &str| {
        part.parse::<usize>()
            .ok()
            .and_then(|i| pieces.get(i))
            .map_or("", |p| p.html.as_str())
    };
    if mode == RawHtml::Trusted {
        let whole = parts.iter().enumerate();
        return Some(
            whole
                .map(|(i, part)| if i % 2 == 0 { *part } else { piece(part) })
                .collect(),
        );
    }
    let mut marked = String::with_capacity(html.len());
    let mut rendered = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            marked.extend(piece(part).chars().map(|c| match c {
                MARK_OPEN | MARK_CLOSE => char::REPLACEMENT_CHARACTER,
                c => c,
            }));
        } else if !part.is_empty() {
            marked.push(MARK_OPEN);
            marked.push_str(&rendered.len().to_string());
            marked.push(MARK_CLOSE);
            rendered.push(*part);
        }
    }
    let cleaned = cleaner().clean(&marked).to_string();
    let mut out = String::with_capacity(cleaned.len() + html.len());
    let mut put = vec![false; rendered.len()];
    let mut rest = cleaned.as_str();
    while let Some(open) = rest.find(MARK_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + MARK_OPEN.len_utf8()..];
        let close = after.find(MARK_CLOSE)?;
        let index: usize = after[..close].parse().ok()?;
        // Each stretch exactly once, or the raw HTML moved or swallowed it.
        if std::mem::replace(put.get_mut(index)?, true) {
            return None;
        }
        out.push_str(rendered[index]);
        rest = &after[close + MARK_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    // Markup inside a script or style the raw HTML closes goes with it; but
    // when the page's end is gone, something left open swallowed the rest.
    let removes_content = pieces.iter().any(|p| {
        let lower = p.html.to_ascii_lowercase();
        CONTENT_REMOVED
            .iter()
            .any(|tag| lower.contains(&format!("<{tag}")))
    });
    let whole = put.iter().all(|&p| p) || (removes_content && put.last() == Some(&true));
    whole.then_some(out)
}

/// `html` with each raw piece put back as text: shown, never acted on.
/// For raw HTML that `put_back` cannot clean without losing the page's
/// own text.
pub fn put_back_as_text(html: &str, pieces: &[RawPiece]) -> String {
    let parts = html.split('\0').enumerate();
    parts
        .map(|(i, part)| {
            if i % 2 == 0 {
                return part.to_owned();
            }
            let piece = part.parse::<usize>().ok().and_then(|i| pieces.get(i));
            piece.map_or_else(String::new, |p| {
                crate::parse::markdown::escape_html(&p.html)
            })
        })
        .collect()
}

/// The warning for raw HTML that could not be cleaned without losing the
/// page's own text: all of it is shown as text.
pub fn left_open(pieces: &[RawPiece]) -> Removal {
    Removal {
        finding: Finding::TakenOut,
        offset: pieces.first().map_or(0, |p| p.offset),
        lines_in: 0,
        what: "all of it, shown as text instead: it leaves an element, a quote or a comment open"
            .to_owned(),
    }
}

/// What is said of something in raw HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// The cleaner takes it out.
    TakenOut,
    /// An address kept as written: HTML's `src="bilde.png"` is not a link
    /// the build resolves (a Markdown link is), so on the published page
    /// it is read from the page's own address, where the file is not.
    NotResolved,
}

/// Something the cleaner takes out of a raw piece, or leaves unresolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub finding: Finding,
    /// Where in the file's text the piece that holds it starts.
    pub offset: usize,
    /// Lines into the piece (block HTML may span several).
    pub lines_in: usize,
    /// What, as the editor should read it: "the element `<script>` and its content".
    pub what: String,
}

/// What the cleaner will take out of `pieces`, read as one stream (an
/// element may open in one piece and close in a later one).
pub fn removals(pieces: &[RawPiece]) -> Vec<Removal> {
    let finder = Finder::default();
    let tokenizer = Tokenizer::new(finder, TokenizerOpts::default());
    let input = BufferQueue::default();
    let mut lines_before = 0;
    for (i, piece) in pieces.iter().enumerate() {
        tokenizer.sink.piece.set((i, lines_before));
        input.push_back(piece.html.as_str().into());
        let _ = tokenizer.feed(&input);
        lines_before += piece.html.matches('\n').count();
    }
    tokenizer.end();
    let found = tokenizer.sink.found.take();
    found
        .into_iter()
        .map(|(piece, line, finding, what)| Removal {
            finding,
            offset: pieces[piece].offset,
            lines_in: line,
            what,
        })
        .collect()
}

/// Collects what is not allowed, tag by tag, as the tokenizer reads.
#[derive(Default)]
struct Finder {
    /// The piece being read, and how many lines came before it.
    piece: Cell<(usize, usize)>,
    /// (piece, lines into it, finding, what).
    found: RefCell<Vec<(usize, usize, Finding, String)>>,
}

impl TokenSink for Finder {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        let (piece, lines_before) = self.piece.get();
        let lines_in = (line_number as usize).saturating_sub(1 + lines_before);
        let mut found = self.found.borrow_mut();
        let mut say = |finding: Finding, what: String| found.push((piece, lines_in, finding, what));
        if !TAGS.contains(&name) {
            let content = if CONTENT_REMOVED.contains(&name) {
                " and its content"
            } else {
                ""
            };
            say(
                Finding::TakenOut,
                format!("the element `<{name}>`{content}"),
            );
        } else {
            for attribute in &tag.attrs {
                let attribute_name: &str = &attribute.name.local;
                if !tag_allows(name, attribute_name) {
                    say(
                        Finding::TakenOut,
                        format!("the attribute `{attribute_name}` of `<{name}>`"),
                    );
                } else if matches!(attribute_name, "href" | "src")
                    && !allowed_address(&attribute.value)
                {
                    say(
                        Finding::TakenOut,
                        format!(
                            "the address `{}` of `<{name}>`",
                            shortened(&attribute.value)
                        ),
                    );
                } else if matches!(attribute_name, "href" | "src")
                    && is_unresolved(&attribute.value)
                {
                    say(Finding::NotResolved, shortened(&attribute.value));
                }
            }
        }
        // Read the inside of these as a browser does: as text, not tags.
        let raw = match name {
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(RawKind::Rawtext)
            }
            "textarea" | "title" => Some(RawKind::Rcdata),
            _ => None,
        };
        raw.map_or(TokenSinkResult::Continue, TokenSinkResult::RawData)
    }
}

/// Whether an address in raw HTML means a file of the site, written as a
/// Markdown link would be (`bilde.png`, `../plan.pdf`, `/om/`), which HTML
/// does not resolve. A fragment (`#mal`) is on the page itself, and a full
/// address (`https:`, `//host`) goes where it says.
fn is_unresolved(address: &str) -> bool {
    let address = address.trim();
    !address.is_empty()
        && !address.starts_with(['#', '?'])
        && !address.starts_with("//")
        && matches!(
            url::Url::parse(address),
            Err(url::ParseError::RelativeUrlWithoutBase)
        )
}

/// A long address cut to what a message can show.
fn shortened(text: &str) -> String {
    const MOST: usize = 40;
    if text.chars().count() <= MOST {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MOST).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(html: &[&str]) -> Vec<RawPiece> {
        html.iter()
            .enumerate()
            .map(|(i, h)| RawPiece {
                html: (*h).to_owned(),
                offset: i * 100,
            })
            .collect()
    }

    /// What `removals` says it takes out of `raw`.
    /// What cleaning takes out of `raw`.
    fn removed(raw: &[&str]) -> Vec<String> {
        let found = removals(&pieces(raw)).into_iter();
        let taken = found.filter(|r| r.finding == Finding::TakenOut);
        taken.map(|r| r.what).collect()
    }

    /// Rendered markup around each raw piece, as `markdown::render` leaves it.
    fn rendered_around(between: &[&str]) -> String {
        let mut html = between[0].to_owned();
        for (i, rest) in between[1..].iter().enumerate() {
            html.push_str(&stand_in(i));
            html.push_str(rest);
        }
        html
    }

    #[test]
    fn allowed_markup_is_kept_and_rendered_markup_put_back() {
        let raw = ["<details><summary>Mer</summary>", "</details>"];
        let html = rendered_around(&["<p>Før</p>", "<p><strong>Inni</strong></p>", "<p>Etter</p>"]);
        let out = put_back(&html, &pieces(&raw), RawHtml::Safe).unwrap();
        assert_eq!(
            out,
            "<p>Før</p><details><summary>Mer</summary><p><strong>Inni</strong></p></details><p>Etter</p>"
        );
    }

    #[test]
    fn scripts_handlers_and_bad_schemes_are_removed() {
        let raw = [
            "<script>alert(1)</script>",
            "<img src=\"a.png\" alt=\"A\" onerror=\"alert(2)\">",
            "<a href=\"JavaScript:alert(3)\">lenke</a>",
            "<iframe src=\"https://example.com\"></iframe>",
            "<a href=\"data:text/html,x\">d</a>",
        ];
        let html = rendered_around(&["", "", "", "", "", ""]);
        let out = put_back(&html, &pieces(&raw), RawHtml::Safe).unwrap();
        for gone in [
            "script",
            "alert",
            "onerror",
            "iframe",
            "javascript",
            "JavaScript",
            "data:",
        ] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert!(out.contains("<img src=\"a.png\" alt=\"A\">"), "{out}");
        let found = removed(&raw);
        assert_eq!(
            found,
            [
                "the element `<script>` and its content",
                "the attribute `onerror` of `<img>`",
                "the address `JavaScript:alert(3)` of `<a>`",
                "the element `<iframe>`",
                "the address `data:text/html,x` of `<a>`",
            ]
        );
    }

    #[test]
    fn trusted_html_is_passed_through() {
        let raw = ["<script>alert(1)</script>"];
        let html = rendered_around(&["<p>a</p>", "<p>b</p>"]);
        let out = put_back(&html, &pieces(&raw), RawHtml::Trusted).unwrap();
        assert_eq!(out, "<p>a</p><script>alert(1)</script><p>b</p>");
    }

    #[test]
    fn markers_cannot_be_written_in_content() {
        let raw = ["<span>\u{FDD0}0\u{FDD1}</span>"];
        let html = rendered_around(&["<p>hemmelig</p>", ""]);
        let out = put_back(&html, &pieces(&raw), RawHtml::Safe).unwrap();
        assert_eq!(out.matches("hemmelig").count(), 1, "{out}");
    }

    /// Found in review: an HTML block left open in a quoted value took the
    /// rendered link after it into the value, and the link's own quote
    /// ended it, so `onfocus=` became an attribute of the `<div>`.
    #[test]
    fn rendered_markup_never_lands_in_an_attribute() {
        let raw = ["<div title=\"\n", "<p class=\"x\">\n"];
        let link = "<p><a href=\"//x/autofocus/onfocus=alert(1)//\">x</a></p>\n";
        let html = rendered_around(&["", link, ""]);
        assert_eq!(put_back(&html, &pieces(&raw), RawHtml::Safe), None);
        let shown = put_back_as_text(&html, &pieces(&raw));
        assert_eq!(
            shown,
            format!("&lt;div title=&quot;\n{link}&lt;p class=&quot;x&quot;&gt;\n")
        );
    }

    #[test]
    fn an_unclosed_script_does_not_swallow_the_page() {
        let raw = ["<script>"];
        let html = rendered_around(&["<p>Trykk ", " her</p><p>Resten av siden.</p>"]);
        assert_eq!(put_back(&html, &pieces(&raw), RawHtml::Safe), None);
        assert!(put_back_as_text(&html, &pieces(&raw)).contains("Resten av siden."));
    }

    /// From cargo mutants: what a script, a style or a text area holds is
    /// text, as a browser reads it, not more tags to report.
    #[test]
    fn the_inside_of_a_script_style_or_text_area_is_not_read_as_tags() {
        let raw = [
            "<script>var a = \"<b onclick=x>\";</script>",
            "<style>p::after { content: \"<i onmouseover=y>\" }</style>",
            "<xmp><u onfocus=z></xmp>",
            "<textarea><s onblur=w></textarea>",
        ];
        let found = removed(&raw);
        assert_eq!(
            found,
            [
                "the element `<script>` and its content",
                "the element `<style>` and its content",
                "the element `<xmp>`",
                "the element `<textarea>`",
            ]
        );
    }

    #[test]
    fn an_element_split_over_lines_is_read_whole() {
        let raw = ["<img src=\"a.png\"\n", "onload=\"x()\">\n"];
        assert_eq!(removed(&raw), ["the attribute `onload` of `<img>`"]);
    }

    #[test]
    fn addresses_are_judged_as_the_cleaner_judges_them() {
        for good in [
            "https://imdi.no",
            "mailto:post@a.no",
            "tel:+4712345678",
            "../a.pdf",
            "#mal",
            "a.png",
        ] {
            assert!(allowed_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:x",
            "java\tscript:x",
            "data:image/png,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!allowed_address(bad), "{bad}");
        }
    }

    #[test]
    fn a_file_named_in_html_is_found_unresolved_and_nothing_else_is() {
        let raw = [
            "<img src=\"bilde.png\" alt=\"B\"> <a href=\"../plan.pdf\">plan</a> <a href=\"/om/\">om</a>",
            "<a href=\"#mal\">mål</a> <a href=\"?side=2\">2</a> <a href=\"https://imdi.no/\">IMDi</a> <a href=\"//imdi.no/\">IMDi</a> <a href=\"mailto:a@b.no\">e-post</a> <a href=\" \">tom</a>",
        ];
        let found = removals(&pieces(&raw));
        let unresolved: Vec<&str> = found
            .iter()
            .filter(|r| r.finding == Finding::NotResolved)
            .map(|r| r.what.as_str())
            .collect();
        assert_eq!(unresolved, ["bilde.png", "../plan.pdf", "/om/"]);
        assert!(found.iter().all(|r| r.finding == Finding::NotResolved));
    }
}
