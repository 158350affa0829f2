//! Slugs from any text: letters and digits (Arabic letters stay, so any
//! script's) in lower case, and single dashes between them; a slug of a
//! slug is itself; sort keys never panic.
#![no_main]

use kursportal::slug::{slugify, sort_key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let slug = slugify(text);
    assert!(slug.chars().all(|c| c.is_alphanumeric() || c == '-'), "{slug:?}");
    assert_eq!(slug.to_lowercase(), slug);
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
    assert_eq!(slugify(&slug), slug);
    let _ = sort_key(text);
});
