//! Markdown body → HTML, table of contents and the links to resolve.
//!
//! Links to other content cannot be written as URLs yet: the model phase
//! decides URLs. So each internal link's address is replaced by a placeholder
//! (`link_placeholder()` and N, which indexes [`Rendered::links`]) that the
//! model swaps for the resolved, page-relative URL. External links are left
//! as written, when their scheme is one a page may link to. Raw HTML is
//! cleaned (see `raw_html`).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::OnceLock;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::diagnostic::LineIndex;
use crate::slug::slugify;

use super::highlight::highlight;
use super::raw_html::{self, RawHtml, RawPiece, Removal};

/// What a body is rendered with, besides its own text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyRules {
    /// Ids the theme's elements have, which no heading may take.
    pub reserved: HashSet<String>,
    pub raw_html: RawHtml,
}

/// Placeholders carry a number drawn when the program starts, so content
/// cannot write one: `kp-link:0` typed into a page is a link with an
/// unknown scheme, never another page's address.
fn placeholder_mark() -> &'static str {
    static MARK: OnceLock<String> = OnceLock::new();
    MARK.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        format!("kp{random:016x}")
    })
}

/// A rendered body in the pieces between the program's placeholder marks:
/// the same for the same content in every run, for what is named by a
/// hash of it (the search files' meta file).
pub fn between_placeholder_marks(html: &str) -> std::str::Split<'_, &'static str> {
    html.split(placeholder_mark())
}

/// How a link placeholder in a rendered body begins; its number follows.
pub fn link_placeholder() -> &'static str {
    static PREFIX: OnceLock<String> = OnceLock::new();
    PREFIX.get_or_init(|| format!("{}-link:", placeholder_mark()))
}

/// Stand-ins for the spoken names of task-list boxes (`- [x]`), filled in
/// with the language's UI strings at render time. A disabled checkbox, as
/// pulldown-cmark writes it, would be a form control without a label.
pub fn task_done() -> &'static str {
    static DONE: OnceLock<String> = OnceLock::new();
    DONE.get_or_init(|| format!("{}-task:done", placeholder_mark()))
}

pub fn task_open() -> &'static str {
    static OPEN: OnceLock<String> = OnceLock::new();
    OPEN.get_or_init(|| format!("{}-task:open", placeholder_mark()))
}

/// Stand-in for the spoken name of a table's scrolling box ("Tabell"): a
/// wide table scrolls sideways on a phone, and a box that scrolls must
/// take the keyboard's focus, and a region its name.
pub fn table_label() -> &'static str {
    static TABLE: OnceLock<String> = OnceLock::new();
    TABLE.get_or_init(|| format!("{}-table", placeholder_mark()))
}

/// An internal link found in the body, located for error messages.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// As written: `@/maler/timeplan/index.md#fyll-ut`, `02-hygiene.md`, `#mal`.
    pub dest: String,
    pub line: usize,
    pub column: usize,
    /// Set when the link is an image's address (`![…](bilde.jpg)`).
    pub image: Option<ImageUse>,
}

/// How an image in a body is to be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageUse {
    /// The body's first image, near its start: it may be on the first
    /// screen, so it loads with the page.
    FirstScreen,
    /// Any other image: the browser fetches it when it nears the screen.
    Later,
}

/// How far into a body (in bytes of Markdown) its first image may be
/// found and still count as being on the first screen: about a screenful
/// of text below the page's title.
const FIRST_SCREEN: usize = 600;

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub links: Vec<LinkRef>,
    pub heading_ids: HashSet<String>,
    /// Images without a description and headings without text: errors for
    /// the editor, because a screen reader would have nothing to say.
    pub unspoken: Vec<Unspoken>,
    /// Links and images whose address has a scheme a page may not link to
    /// (`javascript:`, `data:`): where, and the address.
    pub refused: Vec<(usize, usize, String)>,
    /// What cleaning took out of the raw HTML: warnings for the editor.
    pub removed: Vec<Removal>,
}

/// Something a screen reader could not read aloud, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unspoken {
    pub what: Silent,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Silent {
    ImageWithoutDescription,
    EmptyHeading,
}

/// Renders the body of `text`, which starts at byte `body_offset` (so link
/// positions are reported as lines of the whole file); headings never take
/// an id the rules reserve (the theme's own elements have them), so ids
/// stay unique.
pub fn render(text: &str, body_offset: usize, rules: &BodyRules) -> Rendered {
    crate::work::did(crate::work::Task::Parse);
    let body = &text[body_offset..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut state = State {
        reserved: Some(&rules.reserved),
        body_offset,
        ..State::default()
    };
    // Events stream into the writer as they are rewritten (a 50 MB page's
    // events, collected first, took hundreds of megabytes); only a
    // heading's or code block's are held until it ends.
    let mut parser = Parser::new_ext(body, options).into_offset_iter();
    let mut ready = VecDeque::new();
    let events = std::iter::from_fn(|| loop {
        if let Some(event) = ready.pop_front() {
            return Some(event);
        }
        let (event, range) = parser.next()?;
        let at = body_offset + range.start;
        let event = state.set_aside_raw_html(event, at);
        let event = state.rewrite_link(event, text, at);
        state.check_spoken_text(&event, text, at);
        state.push(event, &mut ready);
    });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events);
    let mut removed = match rules.raw_html {
        RawHtml::Safe => raw_html::removals(&state.raw),
        RawHtml::Trusted => Vec::new(),
    };
    let html = raw_html::put_back(&out, &state.raw, rules.raw_html).unwrap_or_else(|| {
        removed.push(raw_html::left_open(&state.raw));
        raw_html::put_back_as_text(&out, &state.raw)
    });
    Rendered {
        html,
        toc: state.toc,
        links: state.links,
        heading_ids: state.ids,
        unspoken: state.unspoken,
        refused: state.refused,
        removed,
    }
}

#[derive(Default)]
struct State<'a> {
    links: Vec<LinkRef>,
    toc: Vec<TocEntry>,
    /// The page's heading ids so far.
    ids: HashSet<String>,
    /// Ids the theme uses, which no heading may take (shared by every
    /// page, not copied into `ids`).
    reserved: Option<&'a HashSet<String>>,
    /// For each id given a number, the last number it took: the next
    /// heading of that name starts from there, not from 2 (a file with
    /// thousands of headings of one name would take quadratic time).
    last_number: HashMap<String, usize>,
    /// Events of the heading or code block being collected, with its opening tag.
    buffer: Option<(Tag<'a>, Vec<Event<'a>>)>,
    /// Inside `![…](…)`: where it starts and the description read so far.
    image: Option<(usize, String)>,
    /// How many images are open (`![a ![b](i.png) c](o.png)` nests them).
    images_open: usize,
    /// How many images the body had before this point.
    images_seen: usize,
    /// Where the body starts in the file's text.
    body_offset: usize,
    /// Inside a heading: where it starts and its text so far.
    heading: Option<(usize, String)>,
    unspoken: Vec<Unspoken>,
    refused: Vec<(usize, usize, String)>,
    /// Raw HTML, set aside to be cleaned once the body is rendered.
    raw: Vec<RawPiece>,
    /// The file's lines, made when the first place is asked for.
    lines: Option<LineIndex>,
}

impl<'a> State<'a> {
    /// Swaps a piece of raw HTML for its stand-in. Inside an image's
    /// description it stays: pulldown-cmark writes it there as text.
    fn set_aside_raw_html(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        match &event {
            Event::Start(Tag::Image { .. }) => self.images_open += 1,
            Event::End(TagEnd::Image) => self.images_open = self.images_open.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) if self.images_open == 0 => {
                self.raw.push(RawPiece {
                    html: html.into_string(),
                    offset,
                });
                Event::Html(raw_html::stand_in(self.raw.len() - 1).into())
            }
            other => other,
        }
    }

    /// Swaps an internal link's or image's address for a placeholder, and
    /// notes an external one whose scheme a page may not link to.
    fn rewrite_link(&mut self, mut event: Event<'a>, text: &str, offset: usize) -> Event<'a> {
        // An image inside another's description is written as text, never
        // drawn: it needs no size or copies.
        let image = match &event {
            Event::Start(Tag::Image { .. }) if self.images_open == 1 => {
                Some(self.image_use(offset))
            }
            _ => None,
        };
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
            if is_internal(dest_url) {
                *dest_url = self.placeholder(dest_url, image, text, offset);
            } else if !dest_url.starts_with("//") && !raw_html::allowed_address(dest_url) {
                let at = self.address_offset(dest_url, text, offset);
                let (line, column) = self.place(text, at);
                self.refused.push((line, column, dest_url.to_string()));
            }
        }
        event
    }

    /// Whether the image starting at `offset` may be on the first screen;
    /// counts it.
    fn image_use(&mut self, offset: usize) -> ImageUse {
        self.images_seen += 1;
        if self.images_seen == 1 && offset - self.body_offset < FIRST_SCREEN {
            ImageUse::FirstScreen
        } else {
            ImageUse::Later
        }
    }

    /// The line and column of `offset` in `text`, the file's text.
    fn place(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(text));
        lines.line_column(text, offset)
    }

    /// Where `dest` is written, from the event's range, which starts at `[`.
    fn address_offset(&self, dest: &str, text: &str, offset: usize) -> usize {
        let spot = text[offset..]
            .find(dest)
            .filter(|d| !text[offset..offset + d].contains('\n'));
        offset + spot.unwrap_or(0)
    }

    fn placeholder(
        &mut self,
        dest: &str,
        image: Option<ImageUse>,
        text: &str,
        offset: usize,
    ) -> CowStr<'a> {
        let at = self.address_offset(dest, text, offset);
        let (line, column) = self.place(text, at);
        self.links.push(LinkRef {
            dest: dest.to_owned(),
            line,
            column,
            image,
        });
        format!("{}{}", link_placeholder(), self.links.len() - 1).into()
    }

    /// Follows images and headings to find those with nothing to read aloud.
    fn check_spoken_text(&mut self, event: &Event, text: &str, offset: usize) {
        let silent = match event {
            Event::Start(Tag::Image { .. }) => {
                self.image = Some((offset, String::new()));
                None
            }
            Event::Start(Tag::Heading { .. }) => {
                self.heading = Some((offset, String::new()));
                None
            }
            Event::Text(t) | Event::Code(t) => {
                for (_, spoken) in [&mut self.image, &mut self.heading].into_iter().flatten() {
                    spoken.push_str(t);
                }
                None
            }
            Event::End(TagEnd::Image) => self
                .image
                .take()
                .filter(|(_, alt)| alt.trim().is_empty())
                .map(|(start, _)| (start, Silent::ImageWithoutDescription)),
            Event::End(TagEnd::Heading(_)) => self
                .heading
                .take()
                .filter(|(_, words)| words.trim().is_empty())
                .map(|(start, _)| (start, Silent::EmptyHeading)),
            _ => None,
        };
        if let Some((start, what)) = silent {
            let (line, column) = self.place(text, start);
            self.unspoken.push(Unspoken { what, line, column });
        }
    }

    /// Passes events through, collecting headings and code blocks to rewrite whole.
    fn push(&mut self, event: Event<'a>, out: &mut VecDeque<Event<'a>>) {
        match event {
            Event::Start(tag @ (Tag::Heading { .. } | Tag::CodeBlock(_))) => {
                self.buffer = Some((tag, Vec::new()));
            }
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                if let Some((tag, inner)) = self.buffer.take() {
                    out.push_back(Event::Html(self.finish_block(tag, inner).into()));
                }
            }
            Event::TaskListMarker(done) => {
                let (label, symbol) = if done {
                    (task_done(), '☑')
                } else {
                    (task_open(), '☐')
                };
                let html = format!(
                    "<span class=\"task-box\" role=\"img\" aria-label=\"{label}\">{symbol}</span> "
                );
                match &mut self.buffer {
                    Some((_, inner)) => inner.push(Event::Html(html.into())),
                    None => out.push_back(Event::Html(html.into())),
                }
            }
            Event::Start(Tag::Table(_)) => {
                let label = table_label();
                let scroll = format!("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{label}\">");
                out.push_back(Event::Html(scroll.into()));
                out.push_back(event);
            }
            Event::End(TagEnd::Table) => {
                out.push_back(event);
                out.push_back(Event::Html("</div>".into()));
            }
            other => match &mut self.buffer {
                Some((_, inner)) => inner.push(other),
                None => out.push_back(other),
            },
        }
    }

    fn finish_block(&mut self, tag: Tag<'a>, inner: Vec<Event<'a>>) -> String {
        match tag {
            Tag::Heading { level, id, .. } => self.heading(level, id.map(|i| i.to_string()), inner),
            Tag::CodeBlock(kind) => code_block(kind, &inner),
            _ => String::new(),
        }
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<String>,
        inner: Vec<Event<'a>>,
    ) -> String {
        let title = plain_text(&inner);
        let id = self.unique_id(id.unwrap_or_else(|| slugify(&title)));
        let level = level as u8;
        if (2..=3).contains(&level) {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title,
            });
        }
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, inner.into_iter());
        format!(
            "<h{level} id=\"{}\">{inner_html}</h{level}>\n",
            escape_html(&id)
        )
    }

    /// Ids must be unique on the page: a second "Mål" heading gets `mal-2`.
    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "del".to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = self.last_number.get(&base).copied().unwrap_or(1);
        let reserved = |id: &String| self.reserved.is_some_and(|r| r.contains(id));
        while reserved(&id) || !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        if n > 1 {
            self.last_number.insert(base, n);
        }
        id
    }
}

fn code_block(kind: CodeBlockKind, inner: &[Event]) -> String {
    let code = plain_text(inner);
    let language = match &kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
        CodeBlockKind::Indented => "",
    };
    let body = highlight(&code, language).unwrap_or_else(|| escape_html(&code));
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_html(language))
    };
    format!("<pre class=\"code\"><code{class}>{body}</code></pre>\n")
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Runs of plain text are copied whole: every character to escape is
    // ASCII, so the text may be cut at each (Tera escapes every value a
    // template prints through here).
    let mut plain_from = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain_from..i]);
        out.push_str(escaped);
        plain_from = i + 1;
    }
    out.push_str(&text[plain_from..]);
    out
}

/// Internal links are everything without a scheme: `@/…`, relative paths,
/// `#anchors`, and site-absolute `/…` paths (which the model rejects,
/// because they break when the site is hosted in a subfolder).
pub fn is_internal(dest: &str) -> bool {
    !(dest.starts_with("//") || has_scheme(dest) || dest.is_empty())
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diagnostic::line_column;

    /// Renders with no ids reserved and raw HTML cleaned.
    fn render(text: &str, body_offset: usize) -> Rendered {
        super::render(text, body_offset, &BodyRules::default())
    }

    #[test]
    fn escaping_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"Bø & <b>"kurs"</b> 'å' – نص"#),
            "Bø &amp; &lt;b&gt;&quot;kurs&quot;&lt;/b&gt; &#39;å&#39; – نص"
        );
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("æøå"), "æøå");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn headings_get_ids_and_a_toc() {
        let r = render("## Mål for dagen\n\ntekst\n\n### Mål for dagen\n", 0);
        assert!(
            r.html
                .contains("<h2 id=\"mal-for-dagen\">Mål for dagen</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"mal-for-dagen-2\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn many_headings_of_one_name_are_numbered_in_turn() {
        let body = "## Mål\n\n## Mål 2\n\n".to_owned() + &"## Mål\n\n".repeat(20_000);
        let r = render(&body, 0);
        assert_eq!(r.heading_ids.len(), 20_002);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        // "Mål 2" took `mal-2` first, so the second "Mål" is `mal-3`.
        assert_eq!(ids[..4], ["mal", "mal-2", "mal-3", "mal-4"]);
        assert_eq!(ids.last(), Some(&"mal-20002"));
    }

    /// Each name remembers the last number it took, so the next heading of
    /// that name starts there (a count from 2 each time was quadratic).
    #[test]
    fn a_heading_name_remembers_its_last_number() {
        let mut state = State::default();
        let ids: Vec<String> = (0..3).map(|_| state.unique_id("mal".to_owned())).collect();
        assert_eq!(ids, ["mal", "mal-2", "mal-3"]);
        assert_eq!(state.last_number.get("mal"), Some(&3));
    }

    #[test]
    fn a_heading_over_two_lines_is_one_title() {
        let r = render("Mål\nfor dagen\n---------\n", 0);
        assert_eq!(r.toc.len(), 1);
        assert_eq!(
            (r.toc[0].id.as_str(), r.toc[0].title.as_str()),
            ("mal-for-dagen", "Mål for dagen")
        );
    }

    #[test]
    fn html_escaping_covers_every_special_character() {
        assert_eq!(
            escape_html("Tom & Jerry's <b> \"sitat\""),
            "Tom &amp; Jerry&#39;s &lt;b&gt; &quot;sitat&quot;"
        );
    }

    #[test]
    fn headings_never_take_the_themes_ids() {
        let rules = BodyRules {
            reserved: HashSet::from(["mal-for-kurset".to_owned()]),
            ..BodyRules::default()
        };
        let r = super::render("## Mål for kurset\n", 0, &rules);
        assert!(
            r.html.contains("<h2 id=\"mal-for-kurset-2\">"),
            "{}",
            r.html
        );
        assert!(r.heading_ids.contains("mal-for-kurset-2"));
        assert!(!r.heading_ids.contains("mal-for-kurset"));
    }

    #[test]
    fn internal_links_become_placeholders_with_their_line() {
        let text = "+++\n+++\nSe [timeplanen](@/maler/timeplan/index.md) og [IMDi](https://www.imdi.no).\n";
        let r = render(text, 8);
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].dest, "@/maler/timeplan/index.md");
        assert_eq!((r.links[0].line, r.links[0].column), (3, 17));
        let placeholder = format!("href=\"{}0\"", link_placeholder());
        assert!(r.html.contains(&placeholder), "{}", r.html);
        assert!(
            r.html.contains("href=\"https://www.imdi.no\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_without_a_description_are_found() {
        let r = render("Tekst\n\n![](a.png) og ![Et bilde av en mopp](b.png)\n", 0);
        let found: Vec<_> = r
            .unspoken
            .iter()
            .map(|u| (u.what, u.line, u.column))
            .collect();
        assert_eq!(found, vec![(Silent::ImageWithoutDescription, 3, 1)]);
    }

    #[test]
    fn headings_without_text_are_found() {
        let r = render("## {#tom}\n\n## Tekst\n", 0);
        let found: Vec<_> = r.unspoken.iter().map(|u| (u.what, u.line)).collect();
        assert_eq!(found, vec![(Silent::EmptyHeading, 1)]);
    }

    #[test]
    fn task_lists_have_no_unlabelled_checkboxes() {
        let r = render("- [x] ferdig\n- [ ] igjen\n", 0);
        assert!(!r.html.contains("<input"), "{}", r.html);
        assert!(
            r.html
                .contains(&format!("aria-label=\"{}\">☑</span> ferdig", task_done())),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(&format!("aria-label=\"{}\">☐</span> igjen", task_open())),
            "{}",
            r.html
        );
    }

    #[test]
    fn schemes_are_external() {
        assert!(!is_internal("mailto:post@example.no"));
        assert!(!is_internal("https://example.no"));
        assert!(is_internal("@/om.md"));
        assert!(is_internal("../index.md"));
        assert!(is_internal("#mal"));
        // Only letters, digits and `+-.` make a scheme, and a letter first.
        assert!(is_internal("../kurs/del:1.md"));
        assert!(is_internal("1:2.md"));
        assert!(!is_internal("svn+ssh:x"));
    }

    #[test]
    fn tables_scroll_and_code_is_escaped() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n<b>\n```\n", 0);
        assert!(
            r.html.contains(&format!("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table>", table_label())),
            "{}",
            r.html
        );
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_cleaned_around_rendered_markdown() {
        let text = "<details>\n<summary>Mer</summary>\n\nLes **dette**.\n\n</details>\n\nTrykk <kbd>Ctrl</kbd> <script>alert(1)</script>.\n";
        let r = render(text, 0);
        assert!(r.html.contains("<details>\n<summary>Mer</summary>\n\n<p>Les <strong>dette</strong>.</p>\n</details>"), "{}", r.html);
        assert!(r.html.contains("<kbd>Ctrl</kbd>"), "{}", r.html);
        assert!(!r.html.contains("alert"), "{}", r.html);
        let removed: Vec<_> = r
            .removed
            .iter()
            .map(|x| (line_column(text, x.offset).0 + x.lines_in, x.what.as_str()))
            .collect();
        assert_eq!(removed, [(8, "the element `<script>` and its content")]);
    }

    /// docs/writing-content.md promises these to editors.
    #[test]
    fn footnotes_strikethrough_task_lists_and_heading_ids_work() {
        let r = render(
            "Se note[^1] og ~~gammelt~~.\n\n- [x] ferdig\n\n## Mål {#egen}\n\n[^1]: Kilde.\n",
            0,
        );
        assert!(r.html.contains("<del>gammelt</del>"), "{}", r.html);
        assert!(
            r.html
                .contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<div class=\"footnote-definition\" id=\"1\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("☑</span> ferdig"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"egen\">Mål</h2>"), "{}", r.html);
    }

    /// Raw HTML after an image is cleaned as any other: the image's end
    /// closes what counted as its description.
    #[test]
    fn raw_html_after_an_image_is_cleaned() {
        let r = render("![Et bilde](a.png) <script>alert(1)</script>\n", 0);
        assert!(!r.html.contains("alert"), "{}", r.html);
        assert_eq!(r.removed.len(), 1);
    }

    /// Every stand-in begins with the mark drawn when the program started,
    /// which no content can know: a fixed word would let a page forge one.
    #[test]
    fn every_placeholder_begins_with_the_drawn_mark() {
        let mark = placeholder_mark();
        let drawn = mark.strip_prefix("kp").unwrap_or_default();
        assert!(
            drawn.len() == 16 && drawn.bytes().all(|b| b.is_ascii_hexdigit()),
            "{mark}"
        );
        for placeholder in [link_placeholder(), task_done(), task_open(), table_label()] {
            assert!(placeholder.starts_with(mark), "{placeholder}");
        }
    }

    #[test]
    fn raw_html_in_an_image_description_stays_text() {
        let r = render("![Et bilde <b>fet</b>](a.png)\n", 0);
        assert!(
            r.html.contains("alt=\"Et bilde &lt;b&gt;fet&lt;/b&gt;\""),
            "{}",
            r.html
        );
        assert!(r.removed.is_empty());
    }

    #[test]
    fn addresses_with_a_refused_scheme_are_found() {
        let text = "[a](javascript:alert(1)) [b](JaVaScRiPt:x)\n\n![c](data:image/png;base64,AAAA) [d](kp-link:0) [e](https://imdi.no) [f](mailto:a@b.no)\n";
        let r = render(text, 0);
        let refused: Vec<_> = r
            .refused
            .iter()
            .map(|(l, c, d)| (*l, *c, d.as_str()))
            .collect();
        assert_eq!(
            refused,
            [
                (1, 5, "javascript:alert(1)"),
                (1, 30, "JaVaScRiPt:x"),
                (3, 6, "data:image/png;base64,AAAA"),
                (3, 38, "kp-link:0"),
            ]
        );
        assert!(r.links.is_empty());
    }
}
