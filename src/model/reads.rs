//! Which pages a piece of work read, noted as it reads them: a preview
//! draws a page again only when a page it read has changed. Every read of
//! a page's content while drawing goes through [`SiteModel::page`], which
//! notes it here (on the thread doing the work, so rayon's jobs each keep
//! their own list).
//!
//! [`SiteModel::page`]: super::SiteModel::page

use std::cell::RefCell;

thread_local! {
    /// The pages read since `recording` began on this thread, if it did.
    static READ: RefCell<Option<Vec<usize>>> = const { RefCell::new(None) };
}

/// Notes that the page at `index` was read, when someone is recording.
pub fn note(index: usize) {
    READ.with(|read| {
        if let Some(pages) = read.borrow_mut().as_mut() {
            pages.push(index);
        }
    });
}

/// Runs `work` and returns what it gives with the pages it read, sorted,
/// each once.
pub fn recording<T>(work: impl FnOnce() -> T) -> (T, Vec<usize>) {
    let before = READ.with(|read| read.borrow_mut().replace(Vec::new()));
    let out = work();
    let mut pages = READ.with(|read| std::mem::replace(&mut *read.borrow_mut(), before));
    let mut pages = pages.take().unwrap_or_default();
    pages.sort_unstable();
    pages.dedup();
    (out, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_only_while_recording_and_each_once() {
        note(7);
        let ((), read) = recording(|| {
            note(3);
            note(1);
            note(3);
        });
        assert_eq!(
            read,
            vec![1, 3],
            "the read before recording began is not kept"
        );
    }
}
