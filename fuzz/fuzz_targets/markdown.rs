//! Markdown with raw HTML and links, rendered with raw HTML cleaned: never
//! a panic; in the page, no element that runs or embeds anything, no event
//! handler, no address of a refused scheme; every place inside the text.
#![no_main]

use std::cell::RefCell;

use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use kursportal::parse::markdown::{link_placeholder, render, BodyRules};
use kursportal::parse::raw_html::allowed_address;
use libfuzzer_sys::fuzz_target;

/// Every start tag of the page, with its attributes.
#[derive(Default)]
struct Tags(RefCell<Vec<(String, Vec<(String, String)>)>>);

impl TokenSink for Tags {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                let attributes = tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string()));
                self.0.borrow_mut().push((tag.name.to_string(), attributes.collect()));
            }
        }
        TokenSinkResult::Continue
    }
}

fuzz_target!(|text: &str| {
    if text.contains('\0') {
        return; // the loader refuses such files
    }
    let rendered = render(text, 0, &BodyRules::default());
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(rendered.html.as_str().into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    for (name, attributes) in tokenizer.sink.0.take() {
        let banned = ["script", "style", "iframe", "frame", "object", "embed", "form", "input", "link", "meta", "base", "svg", "math"];
        assert!(!banned.contains(&name.as_str()), "<{name}> in {}", rendered.html);
        for (attribute, value) in attributes {
            assert!(!attribute.starts_with("on"), "{attribute} on <{name}> in {}", rendered.html);
            let address = matches!(attribute.as_str(), "href" | "src");
            if address && rendered.refused.is_empty() && !value.starts_with(link_placeholder()) {
                assert!(allowed_address(&value), "{value} in {}", rendered.html);
            }
        }
    }
    let lines = text.split('\n').count();
    for link in rendered.links.iter() {
        assert!(link.line >= 1 && link.line <= lines);
    }
    for removal in &rendered.removed {
        assert!(removal.offset <= text.len());
    }
});
