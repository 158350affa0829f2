//! Code blocks → HTML with CSS classes, by syntect.
//!
//! Classes (not inline colours) so the theme's stylesheet decides the colours,
//! including in high-contrast mode and print. The syntax set loads once and
//! is shared by all threads; the regex engine is syntect's pure-Rust one.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The highlighted HTML of `code` (inside `<code>`), or `None` when the
/// language is unknown or empty, in which case the caller escapes it plainly.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    if language.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_languages_are_left_to_the_caller() {
        assert!(highlight("x", "no-such-language").is_none());
        assert!(highlight("x", "").is_none());
    }
}
