//! The preview server's reading of a request path: whatever is asked, a
//! file it answers with stays inside the site.
#![no_main]

use kursportal::serve::http::{wanted, Wanted};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|url: &str| {
    if let Wanted::File(path) | Wanted::Folder(path) = wanted(url) {
        assert!(!path.starts_with('/'), "{path}");
        assert!(!path.contains('\\') && !path.contains('\0'), "{path}");
        assert!(path.split('/').all(|s| s != ".." && s != "."), "{path}");
    }
});
