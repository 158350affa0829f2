//! Markdown with raw HTML and links, rendered with raw HTML cleaned: never
//! a panic, never a script or frame in the page, every place inside the
//! text.
#![no_main]

use kursportal::parse::markdown::{render, BodyRules};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if text.contains('\0') {
        return; // the loader refuses such files
    }
    let rendered = render(text, 0, &BodyRules::default());
    let html = rendered.html.to_ascii_lowercase();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<iframe"), "{html}");
    let lines = text.split('\n').count();
    for link in rendered.links.iter() {
        assert!(link.line >= 1 && link.line <= lines);
    }
    for removal in &rendered.removed {
        assert!(removal.offset <= text.len());
    }
});
