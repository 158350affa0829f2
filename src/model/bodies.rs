//! Page bodies with their links written in, kept between builds of a
//! preview: a body whose text and link addresses are as before is the same
//! body, and is taken over instead of written again (a large site's bodies
//! are hundreds of megabytes).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Filled bodies by source file.
#[derive(Default)]
pub struct FilledBodies {
    kept: RwLock<HashMap<String, Filled>>,
}

struct Filled {
    /// The body as parsed, with `kp-link:N` placeholders.
    source: Arc<str>,
    /// The address each placeholder became.
    hrefs: Vec<String>,
    body: Arc<str>,
}

impl FilledBodies {
    /// The body of `rel_path` filled before from the same `source` with the
    /// same `hrefs`, if it was.
    pub fn get(&self, rel_path: &str, source: &Arc<str>, hrefs: &[String]) -> Option<Arc<str>> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        kept.get(rel_path)
            .filter(|f| Arc::ptr_eq(&f.source, source) && f.hrefs == hrefs)
            .map(|f| Arc::clone(&f.body))
    }

    pub fn keep(&self, rel_path: &str, source: &Arc<str>, hrefs: Vec<String>, body: &Arc<str>) {
        let filled = Filled {
            source: Arc::clone(source),
            hrefs,
            body: Arc::clone(body),
        };
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        kept.insert(rel_path.to_owned(), filled);
    }
}
