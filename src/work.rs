//! Counts of the work a build does: Markdown bodies parsed, templates
//! rendered, page contexts made, course pack pages written, files written,
//! sort keys made. `build --timings` prints them,
//! and a test holds a fixture site's counts, so a change that makes the
//! build do some of its work twice fails a test instead of only slowing
//! the build. A count is one relaxed atomic add, nothing a profile sees.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// One kind of work that is counted.
#[derive(Debug, Clone, Copy)]
pub enum Task {
    /// A Markdown body rendered to HTML (`parse::markdown::render`).
    Parse,
    /// A template rendered into a page.
    Render,
    /// What a content page says, made for a template or a pack
    /// (`render::pages::page_context`): cards, terms, files, the plan.
    PageContext,
    /// A page of a course pack written (`render::packs::page::pack_page`).
    PackPage,
    /// A file handed to the output (written, or kept in memory).
    Write,
    /// A sort key made (`collate::sort_key`).
    SortKey,
}

/// How many kinds of work are counted: one more than the last's number.
const TASKS: usize = Task::SortKey as usize + 1;

static COUNTS: [AtomicU64; TASKS] = [const { AtomicU64::new(0) }; TASKS];

/// Counts one `task` done.
pub fn did(task: Task) {
    COUNTS[task as usize].fetch_add(1, Ordering::Relaxed);
}

/// Work done, as counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    pub parsed: u64,
    pub rendered: u64,
    pub page_contexts: u64,
    pub pack_pages: u64,
    pub written: u64,
    pub sort_keys: u64,
}

impl Work {
    /// Everything this process has done so far (every build of a `serve`).
    pub fn so_far() -> Work {
        let count = |task: Task| COUNTS[task as usize].load(Ordering::Relaxed);
        Work {
            parsed: count(Task::Parse),
            rendered: count(Task::Render),
            page_contexts: count(Task::PageContext),
            pack_pages: count(Task::PackPage),
            written: count(Task::Write),
            sort_keys: count(Task::SortKey),
        }
    }

    /// The work done since `before` was taken.
    pub fn since(self, before: Work) -> Work {
        Work {
            parsed: self.parsed - before.parsed,
            rendered: self.rendered - before.rendered,
            page_contexts: self.page_contexts - before.page_contexts,
            pack_pages: self.pack_pages - before.pack_pages,
            written: self.written - before.written,
            sort_keys: self.sort_keys - before.sort_keys,
        }
    }
}

impl fmt::Display for Work {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} Markdown bodies parsed, {} templates rendered, {} page contexts made, {} pack pages written, {} files written, {} sort keys made",
            self.parsed,
            self.rendered,
            self.page_contexts,
            self.pack_pages,
            self.written,
            self.sort_keys
        )
    }
}
