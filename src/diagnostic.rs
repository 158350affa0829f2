//! Content errors as data.
//!
//! Editors are not programmers, so every problem in their files becomes a
//! [`Diagnostic`] that names the file, the line and column as the editor sees
//! them, what is wrong and, where we can tell, what to do. Phases collect them
//! across all files instead of stopping at the first, and `main` prints them
//! the way `rustc` and `just` do: location, source line, a caret under the spot.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One problem in the content, config or theme, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root, as the editor knows it.
    pub path: PathBuf,
    /// 1-based line in that file, when the problem has one spot.
    pub line: Option<usize>,
    /// 1-based column (in characters) on that line.
    pub column: Option<usize>,
    /// How many characters the caret should underline (at least 1).
    pub width: usize,
    /// The text of `line`, shown under the location.
    pub source_line: Option<String>,
    pub message: String,
    pub help: Option<String>,
    pub severity: Severity,
}

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The site is not written.
    #[default]
    Error,
    /// The site is written; the editor is told (`--deny-warnings` makes it an error).
    Warning,
}

impl Diagnostic {
    /// A problem with the file as a whole.
    pub fn in_file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            width: 1,
            source_line: None,
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    /// A problem at `line:column` of `text`, the whole file's text.
    pub fn at(
        path: impl Into<PathBuf>,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        Diagnostic {
            line: Some(line),
            column: Some(column.max(1)),
            source_line,
            ..Diagnostic::in_file(path, message)
        }
    }

    /// A problem at a byte offset of `text`, the whole file's text.
    pub fn at_offset(
        path: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        Diagnostic::at(path, text, line, column, message)
    }

    /// A problem at a byte range of `text`: the caret spans the range's
    /// first line (at most 40 characters, so a long value stays readable).
    pub fn at_span(
        path: impl Into<PathBuf>,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        let width = text
            .get(start..end)
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
        Diagnostic::at_offset(path, text, start, message).with_width(width.clamp(1, 40))
    }

    /// A problem with a value written in quotes (`"Renhold"`) in `text`:
    /// the caret goes under its first occurrence, or the file's start.
    pub fn at_quoted(
        path: impl Into<PathBuf>,
        text: &str,
        value: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::at_offset(path, text, quoted_offset(text, value), message)
            .with_width(value.chars().count())
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn as_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    /// `path:line:col`, or just the path when there is no spot.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match (self.line, self.column) {
            (Some(line), Some(col)) => format!("{path}:{line}:{col}"),
            (Some(line), None) => format!("{path}:{line}"),
            _ => path,
        }
    }

    /// The multi-line report shown to the editor; `color` adds ANSI colours.
    pub fn render(&self, color: bool) -> String {
        let (red, blue, bold, reset) = if color {
            let mark = match self.severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
            };
            (mark, "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{red}{label}{reset}{bold}: {}{reset}\n", self.message);
        let _ = writeln!(out, "  {blue}-->{reset} {}", self.location());
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let gutter = " ".repeat(line.to_string().len());
            let (text, col) = window(text, self.column.unwrap_or(1));
            let pad = " ".repeat(col - 1);
            let caret = "^".repeat(self.width);
            let _ = writeln!(out, "{gutter} {blue}|{reset}");
            let _ = writeln!(out, "{blue}{line} |{reset} {text}");
            let _ = writeln!(out, "{gutter} {blue}|{reset} {pad}{red}{caret}{reset}");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  {blue}= help:{reset} {help}");
        }
        out
    }
}

/// Problems as the terminal shows them: sorted, each with its source line
/// and help, then how many there are, followed by `after` ("nothing was
/// written."). The preview's dialog shows the same text.
pub fn report(problems: &mut [Diagnostic], color: bool, after: &str) -> String {
    sort(problems);
    let mut out = String::new();
    for problem in problems.iter() {
        out.push_str(problem.render(color).trim_end_matches('\n'));
        out.push('\n');
    }
    let s = if problems.len() == 1 { "" } else { "s" };
    let _ = write!(out, "{} problem{s} found; {after}", problems.len());
    out
}

/// Warnings as the terminal shows them, sorted, before a build's summary.
pub fn report_warnings(warnings: &mut [Diagnostic], color: bool) -> String {
    sort(warnings);
    warnings
        .iter()
        .map(|w| w.render(color))
        .collect::<Vec<_>>()
        .join("")
}

/// Whether what goes to standard error may be coloured: a terminal, and no
/// `NO_COLOR` (no-color.org).
pub fn color_on_stderr() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Long lines (a Markdown paragraph is one line) are cut to a window around
/// the column, so the caret stays on screen. Returns the text and the column
/// within it.
fn window(text: &str, column: usize) -> (String, usize) {
    const BEFORE: usize = 40;
    const WIDTH: usize = 100;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= WIDTH {
        return (text.to_owned(), column);
    }
    let start = column.saturating_sub(1).saturating_sub(BEFORE);
    let end = (start + WIDTH).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, column)
}

/// The byte offset of `value` where it is first written in quotes in `text`
/// (the spot after the opening quote), or 0 when it is not found.
pub fn quoted_offset(text: &str, value: &str) -> usize {
    text.find(&format!("\"{value}\"")).map_or(0, |i| i + 1)
}

/// Paths are shown with `/` on every platform, as editors write them in links.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// 1-based line and character column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Where each line of a text starts, for finding many offsets' lines in
/// one text: `line_column` counts from the start each time, which over a
/// file with a link in every paragraph (100,000 of them in 50 MB) would
/// take hours.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        LineIndex {
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    /// As [`line_column`], for `text`, the text this index was made of.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Sorts diagnostics by file and position so reports read top to bottom
/// and are the same on every run, whatever order threads finished in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo: the "did you mean" of unknown fields and names.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        // On equal scores the alphabetically first wins, so the hint is the same on every run.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `problems`, each at a line whose text it lacks given that text from its
/// file under `root`: a build lets go of the bodies' text once they are
/// parsed (`site::model_of`), and reads a line again only for a problem.
pub fn with_source_lines(mut problems: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    let mut files: HashMap<PathBuf, Option<String>> = HashMap::new();
    for problem in &mut problems {
        let (Some(line), None) = (problem.line, &problem.source_line) else {
            continue;
        };
        let text = files
            .entry(problem.path.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(&problem.path)).ok());
        problem.source_line = text
            .as_deref()
            .and_then(|t| t.lines().nth(line.saturating_sub(1)))
            .map(str::to_owned);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_index_finds_what_line_column_finds() {
        let text = "første\nøre = 1\n\nslutt";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_column(text, offset),
                line_column(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "første\nøre = 1";
        assert_eq!(line_column(text, 0), (1, 1));
        let offset = text.find('=').unwrap();
        assert_eq!(line_column(text, offset), (2, 5));
    }

    #[test]
    fn render_puts_caret_under_the_column() {
        let text = "title = \"x\"\nsumary = \"y\"\n";
        let d = Diagnostic::at("content/a.md", text, 2, 1, "unknown field `sumary`")
            .with_width(6)
            .with_help("did you mean `summary`?");
        let shown = d.render(false);
        assert!(shown.contains("--> content/a.md:2:1"), "{shown}");
        assert!(shown.contains("2 | sumary = \"y\""), "{shown}");
        assert!(shown.contains("  | ^^^^^^\n"), "{shown}");
        assert!(shown.contains("= help: did you mean `summary`?"), "{shown}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}[lenke](@/borte.md){}", "a".repeat(150), "b".repeat(150));
        let d = Diagnostic::at("c.md", &line, 1, 159, "x").with_width(10);
        let shown = d.render(false);
        let text_line = shown.lines().find(|l| l.starts_with("1 |")).unwrap();
        let caret_line = shown.lines().find(|l| l.contains('^')).unwrap();
        assert!(
            text_line.starts_with("1 | …") && text_line.ends_with('…'),
            "{shown}"
        );
        let caret_at = caret_line.chars().position(|c| c == '^').unwrap();
        let under: String = text_line.chars().skip(caret_at).take(10).collect();
        assert_eq!(under, "@/borte.md", "{shown}");
    }

    #[test]
    fn did_you_mean_finds_typos_but_not_strangers() {
        let fields = ["title", "summary", "updated"];
        assert_eq!(did_you_mean("sumary", fields), Some("summary"));
        assert_eq!(did_you_mean("updatet", fields), Some("updated"));
        assert_eq!(did_you_mean("colour", fields), None);
    }
}
