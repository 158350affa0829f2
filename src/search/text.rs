//! A page body's words without its markup, for the index.

/// The text of rendered HTML: tags dropped (a tag ends a word), the few
/// entities the Markdown renderer writes turned back into characters.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
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
