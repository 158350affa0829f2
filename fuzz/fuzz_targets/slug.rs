//! Slugs from any text: letters and digits (Arabic letters stay, so any
//! script's) in lower case, and single dashes between them; a slug of a
//! slug is itself; sort keys never panic.
#![no_main]

use kursportal::collate::sort_key;
use kursportal::lang::Language;
use kursportal::slug::slugify;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let slug = slugify(text);
    assert!(slug.chars().all(|c| c.is_alphanumeric() || c == '-'), "{slug:?}");
    assert_eq!(slug.to_lowercase(), slug);
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
    assert_eq!(slugify(&slug), slug);
    for language in Language::ALL {
        let _ = sort_key(language, text);
    }
});
