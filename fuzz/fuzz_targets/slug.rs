//! Slugs from any text: only `a-z`, `0-9` and single inner dashes; the
//! same text always gives the same slug; sort keys never panic.
#![no_main]

use kursportal::slug::{slugify, sort_key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let slug = slugify(text);
    assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{slug}");
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug}");
    assert_eq!(slugify(&slug), slug);
    let _ = sort_key(text);
});
