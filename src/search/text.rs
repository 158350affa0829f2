//! A page body's words without its markup, for the index.

/// The text of rendered HTML: tags dropped (a tag ends a word, and the end
/// of a paragraph, list item, heading or table cell ends a line), the few
/// entities the Markdown renderer writes turned back into characters.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_decoded(&mut out, &rest[..open]);
        let tag = &rest[open + 1..];
        // A tag never closed hides the rest.
        let Some(close) = tag.find('>') else {
            return out;
        };
        out.push(if ends_a_block(&tag[..close]) {
            '\n'
        } else {
            ' '
        });
        rest = &tag[close + 1..];
    }
    push_decoded(&mut out, rest);
    out
}

/// A closing tag of a block (`/p`, `/li`, `/h2` …) or a line break.
fn ends_a_block(tag: &str) -> bool {
    let end = tag
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/'))
        .unwrap_or(tag.len());
    matches!(
        &tag[..end],
        "/p" | "/li"
            | "/h1"
            | "/h2"
            | "/h3"
            | "/h4"
            | "/h5"
            | "/h6"
            | "/td"
            | "/th"
            | "/dt"
            | "/dd"
            | "/tr"
            | "/pre"
            | "/blockquote"
            | "/figcaption"
            | "/caption"
            | "br"
    )
}

/// The first `max_chars` characters of a text, with runs of white space
/// made one space and the cut made at a word's end.
fn opening(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if chars + len + 1 > max_chars && chars > 0 {
            break;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.extend(word.chars().take(max_chars));
        chars += len.min(max_chars);
    }
    out
}

/// The sentences of a text that say most about its page, at most
/// `max_chars` in all, in the page's order and joined by " … ": those with
/// the most distinct telling words (the page's title and heading words, and
/// the words its body repeats most), so an excerpt usually has the words a
/// reader searched for. `telling` gives where each telling word of the text
/// starts (a byte offset, in order) and the word's number. A text with none
/// gives its opening.
pub fn telling_sentences(
    text: &str,
    max_chars: usize,
    telling: impl Iterator<Item = (usize, u32)>,
) -> String {
    let pieces = pieces(text);
    // Each telling word with the piece it is in.
    let mut found: Vec<(usize, u32)> = Vec::new();
    let mut current = 0;
    for (start, word) in telling {
        while current < pieces.len() && pieces[current].1 <= start {
            current += 1;
        }
        if current < pieces.len() {
            found.push((current, word));
        }
    }
    found.sort_unstable();
    found.dedup();
    let mut ranked: Vec<(usize, usize)> = found
        .chunk_by(|a, b| a.0 == b.0)
        .map(|words| (words.len(), words[0].0))
        .filter(|&(_, i)| is_sentence(&text[pieces[i].0..pieces[i].1]))
        .collect();
    if ranked.is_empty() {
        return opening(text, max_chars);
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut length = 0;
    for (_, i) in ranked {
        let (start, end) = pieces[i];
        // Counted only as far as tells whether it fits.
        let room = max_chars.saturating_sub(length);
        let len = text[start..end].chars().take(room + 1).count();
        if chosen.is_empty() || length + len <= max_chars {
            chosen.push(i);
            length += len;
        }
    }
    chosen.sort_unstable();
    let parts: Vec<String> = chosen
        .iter()
        .map(|&i| opening(&text[pieces[i].0..pieces[i].1], max_chars))
        .collect();
    parts.join(" … ")
}

/// Where the pieces of a text start and end (byte offsets), one after the
/// other: it is cut at each line's end and after each `.`, `!` or `?` that
/// a space follows. A piece is a sentence when `is_sentence` says so.
fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // Every character that may end a piece is ASCII, so bytes will do.
    for (i, &byte) in bytes.iter().enumerate() {
        let ends = match byte {
            b'\n' => true,
            b'.' | b'!' | b'?' => text[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace),
            _ => false,
        };
        if ends {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    out.push((start, text.len()));
    out
}

/// A piece of at least `SHORTEST_SENTENCE` words: shorter ones (a heading
/// like "Mål") are no sentence for an excerpt.
fn is_sentence(piece: &str) -> bool {
    piece
        .split_whitespace()
        .nth(SHORTEST_SENTENCE - 1)
        .is_some()
}

const SHORTEST_SENTENCE: usize = 4;

/// The entities the Markdown renderer writes, and what they stand for.
const ENTITIES: [(&str, &str); 7] = [
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", "\""),
    ("&#39;", "'"),
    ("&#x27;", "'"),
    ("&nbsp;", " "),
    ("&amp;", "&"),
];

/// `text` (between tags) onto `out`, its entities turned into characters.
fn push_decoded(out: &mut String, mut text: &str) {
    while let Some(amp) = text.find('&') {
        out.push_str(&text[..amp]);
        let from_amp = &text[amp..];
        let (entity, character) = ENTITIES
            .iter()
            .find(|(entity, _)| from_amp.starts_with(entity))
            .copied()
            .unwrap_or(("&", "&"));
        out.push_str(character);
        text = &from_amp[entity.len()..];
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_end_words_and_entities_become_characters() {
        assert_eq!(
            plain_text("<h2 id=\"a\">Om</h2><p>Salg &amp; service</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["Om", "Salg", "&", "service"]
        );
    }

    /// Where the `telling` words are in `text`, numbered by their place in
    /// `telling`, as the search phase gives them.
    fn places(text: &str, telling: &[&str]) -> Vec<(usize, u32)> {
        let mut analyzer = crate::search::analysis::Analyzer::new(crate::lang::Language::Nb);
        let mut places = Vec::new();
        analyzer.each_word(text, |word, start| {
            if let Some(n) = telling.iter().position(|t| *t == word) {
                places.push((start, n as u32));
            }
        });
        places
    }

    #[test]
    fn the_sentences_with_the_pages_own_words_make_its_excerpt() {
        let text = "Velkommen til kurset i dag. Her lærer du om renhold på sykehus. \
                    Kurset varer åtte uker.\nRenhold krever gode metoder\nMål";
        // "Mål" on its own is too short to be a sentence of an excerpt.
        let telling = places(text, &["renhold", "metoder", "mal"]);
        assert_eq!(
            telling_sentences(text, 200, telling.into_iter()),
            "Her lærer du om renhold på sykehus. … Renhold krever gode metoder"
        );
        assert_eq!(
            telling_sentences(text, 28, std::iter::empty()),
            "Velkommen til kurset i dag."
        );
    }

    #[test]
    fn a_sentence_counts_each_telling_word_once() {
        let text = "Renhold, renhold og renhold hver dag. Renhold krever gode metoder.";
        let telling = places(text, &["renhold", "metoder"]);
        assert_eq!(
            telling_sentences(text, 40, telling.into_iter()),
            "Renhold krever gode metoder."
        );
    }

    #[test]
    fn block_ends_become_line_ends() {
        assert_eq!(
            plain_text("<h2>Mål</h2><ul><li>Én</li><li>To<br>tre</li></ul>"),
            " Mål\n  Én\n To\ntre\n "
        );
    }
}
