//! Dates for pages that give none: when a page has no `updated` and the
//! site is a git repository, the date of the file's last commit stands in
//! (never the file's modification time, which a checkout sets to the day
//! of the checkout). Without git, or outside a repository, pages keep no
//! date, as before.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::parse::Document;

/// The dates a preview read, by the commit the repository was at.
pub type Kept = Mutex<Option<(String, Arc<Dates>)>>;

type Dates = HashMap<String, NaiveDate>;

/// Gives each document without `updated` its file's last commit date, when
/// there is one. Asks git only when some document has no date. A preview
/// passes what it kept (`ModelMemo`).
pub fn fill_missing(content_dir: &Path, documents: &mut [Document], kept: Option<&Kept>) {
    if documents.iter().all(|d| d.meta.updated.is_some()) || !in_a_repository(content_dir) {
        return;
    }
    let dates = match kept {
        Some(kept) => dates_at_head(content_dir, kept),
        None => Arc::new(last_commit_dates(content_dir)),
    };
    if dates.is_empty() {
        return;
    }
    for doc in documents.iter_mut().filter(|d| d.meta.updated.is_none()) {
        if let Some(&date) = dates.get(doc.rel_path.as_str()) {
            std::sync::Arc::make_mut(&mut doc.meta).updated = Some(date);
        }
    }
}

/// The dates as of the commit the repository is at: the history is read
/// once per commit, not on every rebuild of a preview (a long history
/// takes a while), and again when a commit is made.
fn dates_at_head(content_dir: &Path, kept: &Kept) -> Arc<Dates> {
    let Some(head) = head_commit(content_dir) else {
        return Arc::new(last_commit_dates(content_dir));
    };
    let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, dates)) = kept.as_ref() {
        if *at == head {
            return Arc::clone(dates);
        }
    }
    let dates = Arc::new(last_commit_dates(content_dir));
    *kept = Some((head, Arc::clone(&dates)));
    dates
}

/// The commit the repository holding `dir` is at, if git says.
fn head_commit(dir: &Path) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    let head = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !head.is_empty()).then_some(head)
}

/// Whether `dir` or a folder above it holds `.git` (a folder, or a file in a
/// worktree): only then is git asked, so a site outside any repository
/// starts no process.
fn in_a_repository(dir: &Path) -> bool {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    dir.ancestors().any(|folder| folder.join(".git").exists())
}

/// Each file under `content_dir` that git knows, by its path from there,
/// with the date of the last commit that changed it. Empty when git is
/// missing or the folder is in no repository.
fn last_commit_dates(content_dir: &Path) -> Dates {
    let output = Command::new("git")
        .arg("-C")
        .arg(content_dir)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--format=%x01%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            ".",
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => read_log(&String::from_utf8_lossy(&output.stdout)),
        _ => HashMap::new(),
    }
}

/// `git log` newest first: a `\x01` line with a commit's date, then the
/// files it changed; a file's first date is its last commit's.
fn read_log(log: &str) -> Dates {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\u{1}') {
            current = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
        } else if let (Some(date), false) = (current, line.trim().is_empty()) {
            dates.entry(line.to_owned()).or_insert(date);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_takes_the_date_of_the_newest_commit_that_changed_it() {
        let log = "\u{1}2026-11-30\n\nkurs/a/index.md\n\u{1}2026-10-01\n\nkurs/a/index.md\nom.md\n";
        let dates = read_log(log);
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(dates["kurs/a/index.md"], day("2026-11-30"));
        assert_eq!(dates["om.md"], day("2026-10-01"));
        assert_eq!(dates.len(), 2);
    }
}
