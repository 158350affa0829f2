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
