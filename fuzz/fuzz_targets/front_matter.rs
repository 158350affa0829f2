//! Splitting front matter from any text, and reading it as TOML: never a
//! panic, and a split always leaves the body at a character boundary.
#![no_main]

use kursportal::fuzzing::source;
use kursportal::parse::front_matter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let source = source("om.md", text);
    if let Ok(split) = front_matter::split(&source) {
        assert!(split.body_offset <= text.len());
        assert!(text.is_char_boundary(split.body_offset));
        let _ = front_matter::parse_table(&source, &split);
    }
});
