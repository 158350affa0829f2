//! Watches what a site is made from (notify) and says when it changed,
//! once per burst: an editor's save often arrives as several events (a
//! temporary file written, then renamed over the old one).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the files must be quiet before a burst of changes counts as one.
const QUIET: Duration = Duration::from_millis(20);
/// A burst never delays a rebuild longer than this.
const LONGEST_BURST: Duration = Duration::from_millis(400);

/// The folders of a site that hold its sources.
const WATCHED_FOLDERS: [&str; 5] = ["content", "themes", "static", "templates", "i18n"];

pub struct Changes {
    watcher: RecommendedWatcher,
    /// The source folders watched so far (one made later is added).
    watched: Vec<PathBuf>,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

impl Changes {
    /// Starts watching the site at `root`: its source folders, and
    /// `site.toml` in the root (the root itself is not watched whole, as
    /// the output and other tools' folders may live there).
    pub fn watch(root: &Path) -> anyhow::Result<Changes> {
        // Events name absolute paths: the root must be one to compare.
        let root = &root
            .canonicalize()
            .with_context(|| format!("finding {}", root.display()))?;
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })
        .context("starting to watch the site's files")?;
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", root.display()))?;
        let mut changes = Changes {
            watcher,
            watched: Vec::new(),
            events,
            root: root.to_path_buf(),
        };
        changes.watch_new_folders()?;
        Ok(changes)
    }

    /// Watches the source folders that exist now and were not watched yet
    /// (an editor may make `templates/` while the preview runs).
    fn watch_new_folders(&mut self) -> anyhow::Result<()> {
        for folder in WATCHED_FOLDERS.map(|f| self.root.join(f)) {
            if folder.is_dir() && !self.watched.contains(&folder) {
                self.watcher
                    .watch(&folder, RecursiveMode::Recursive)
                    .with_context(|| format!("watching {}", folder.display()))?;
                self.watched.push(folder);
            }
        }
        Ok(())
    }

    /// Waits up to `timeout` for a change; returns the changed paths of one
    /// burst (from the site's root), or an empty list when nothing changed
    /// in time.
    pub fn next(&mut self, timeout: Duration) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        let first = match self.events.recv_timeout(timeout) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return paths,
        };
        let started = Instant::now();
        self.collect(first, &mut paths);
        while started.elapsed() < LONGEST_BURST {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => self.collect(event, &mut paths),
                Err(_) => break,
            }
        }
        paths.sort();
        paths.dedup();
        if let Err(error) = self.watch_new_folders() {
            eprintln!("warning: {error:#}");
        }
        paths
    }

    fn collect(&self, event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) {
        let Ok(event) = event else { return };
        if event.need_rescan() {
            // The system lost track of some changes: read everything again.
            paths.push(PathBuf::from("site.toml"));
            return;
        }
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        paths.extend(event.paths.iter().filter_map(|p| self.source(p)));
    }

    /// A file the site is made from, from the site's root: not an editor's
    /// backup or swap file, not a hidden file, and in the root only `site.toml`.
    fn source(&self, path: &Path) -> Option<PathBuf> {
        let relative = path.strip_prefix(&self.root).ok()?;
        let first = relative.components().next()?.as_os_str().to_string_lossy();
        if !WATCHED_FOLDERS.contains(&first.as_ref()) && first != "site.toml" {
            return None;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let scratch = name.starts_with('.')
            || name.starts_with('#')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.ends_with(".tmp")
            || name == "4913";
        (!scratch).then(|| relative.to_path_buf())
    }
}
