//! A page body's words without its markup, for the index.

/// The text of rendered HTML: tags dropped (a tag ends a word, and the end
/// of a paragraph, list item, heading or table cell ends a line), the few
/// entities the Markdown renderer writes turned back into characters.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                out.push(if ends_a_block(name) { '\n' } else { ' ' });
                tag = None;
            }
            (Some(name), _) => {
                if name.len() < 12 {
                    name.push(c);
                }
            }
            (None, _) => out.push(c),
        }
    }
    decode_entities(&out)
}

/// A closing tag of a block (`/p`, `/li`, `/h2` …) or a line break.
fn ends_a_block(tag: &str) -> bool {
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
        .collect();
    matches!(
        name.as_str(),
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
pub fn opening(text: &str, max_chars: usize) -> String {
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
/// the most of `telling` words (the page's title and heading words, and the
/// words its body repeats most), so an excerpt usually has the words a
/// reader searched for. A text with none of them gives its opening.
pub fn telling_sentences(
    text: &str,
    max_chars: usize,
    telling: &std::collections::HashSet<&str>,
    words: &mut impl FnMut(&str) -> Vec<String>,
) -> String {
    let sentences = sentences(text);
    let mut ranked: Vec<(usize, usize)> = sentences
        .iter()
        .enumerate()
        .map(|(i, sentence)| {
            let mut found: Vec<String> = words(sentence)
                .into_iter()
                .filter(|w| telling.contains(w.as_str()))
                .collect();
            found.sort();
            found.dedup();
            (found.len(), i)
        })
        .filter(|&(score, _)| score > 0)
        .collect();
    if ranked.is_empty() {
        return opening(text, max_chars);
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut length = 0;
    for (_, i) in ranked {
        let len = sentences[i].chars().count();
        if chosen.is_empty() || length + len <= max_chars {
            chosen.push(i);
            length += len;
        }
    }
    chosen.sort_unstable();
    let parts: Vec<String> = chosen
        .iter()
        .map(|&i| opening(sentences[i], max_chars))
        .collect();
    parts.join(" … ")
}

/// A text cut at each line's end and after each `.`, `!` or `?` that a
/// space follows; pieces of fewer than `SHORTEST_SENTENCE` words (a heading
/// like "Mål") are left out.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = c == '\n'
            || (matches!(c, '.' | '!' | '?')
                && chars.peek().is_some_and(|&(_, next)| next.is_whitespace()));
        if ends {
            out.push(text[start..=i].trim());
            start = i + c.len_utf8();
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| s.split_whitespace().count() >= SHORTEST_SENTENCE);
    out
}

const SHORTEST_SENTENCE: usize = 4;

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
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
}
