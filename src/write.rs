//! Output files → the output folder, all or nothing.
//!
//! The site is written into a fresh folder beside the output folder and
//! swapped in only when every file is written, so a failed build (or a full
//! disk) leaves the previous site exactly as it was, and a host syncing the
//! folder never sees half a site.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context as _};

use crate::diagnostic::Diagnostic;
use crate::render::{Content, OutputFile};

/// Written into every output folder, so a later build knows the folder is
/// its own to replace, and never deletes a folder of someone's files.
pub const MARKER: &str = ".kursportal-output";
const MARKER_TEXT: &str =
    "This folder is written by `kursportal build` and replaced whole on every build.\n";

/// Refuses an output folder that would overwrite the site's own files (the
/// content tree is never written by `build`), or that holds files kursportal
/// did not write. Paths are resolved through `..` and symbolic links first.
pub fn guard_output(root: &Path, output_dir: &Path) -> Result<(), Diagnostic> {
    let root = resolve(root);
    let out = resolve(output_dir);
    let guarded = [
        "content",
        "themes",
        "static",
        "templates",
        "site.toml",
        "i18n",
    ]
    .map(|n| root.join(n));
    let clashes = root.starts_with(&out)
        || guarded
            .iter()
            .any(|g| out.starts_with(g) || g.starts_with(&out));
    if clashes {
        return Err(Diagnostic::in_file(
            output_dir,
            "the output folder would overwrite the site's own files",
        )
        .with_help("choose another --output-dir, such as public/"));
    }
    let foreign = match fs::read_dir(output_dir) {
        Ok(mut entries) => entries.next().is_some() && !output_dir.join(MARKER).is_file(),
        Err(_) => output_dir.exists(),
    };
    if foreign {
        return Err(Diagnostic::in_file(output_dir, "the output folder already holds files that kursportal did not write")
            .with_help("a build replaces its output folder whole; choose an empty or new folder, or move those files away"));
    }
    Ok(())
}

/// An absolute path with symbolic links and `..` resolved, also for a
/// path that does not exist yet (its nearest existing ancestor is resolved).
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(real, |acc: PathBuf, part| match part {
                    std::path::Component::ParentDir => {
                        acc.parent().map(Path::to_path_buf).unwrap_or(acc)
                    }
                    std::path::Component::CurDir => acc,
                    other => acc.join(other),
                });
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Where a build's files go: a folder swapped in whole (`Staging`), memory
/// (`Memory`, for `serve`), or nowhere (`Discard`, for `check`). Files
/// arrive from the render threads as they are drawn.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> anyhow::Result<()>;

    /// Whether the files put are kept: files that take long to make (the
    /// pictures' smaller copies) are not made for a sink that drops them.
    fn keeps_files(&self) -> bool {
        true
    }
}

/// A fresh folder beside the output folder that files are written into as
/// they come; `finish` swaps it in for the output folder. Dropped without
/// `finish` (a failed build), it is removed and the previous site stays.
/// While it lives it holds the output folder's lock: a second build at the
/// same time stops with a message.
pub struct Staging {
    output_dir: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    bytes: AtomicU64,
    finished: bool,
    /// Held until the build ends (the system lets go of it if the process dies).
    _lock: fs::File,
}

impl Staging {
    /// Claims the output folder: takes its lock, brings back a previous site
    /// a build killed halfway left aside, clears what such a build left,
    /// and makes the folder to write into. A symbolic link as the output
    /// folder (`public -> /srv/www`) stays: the site goes where it points.
    pub fn new(output_dir: &Path) -> anyhow::Result<Staging> {
        let output_dir = through_links(output_dir);
        let parent = output_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let name = output_dir
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let lock = take_lock(
            &parent.join(format!(".{name}.kursportal-lock")),
            &output_dir,
        )?;
        let staging = parent.join(format!(".{name}.kursportal-new"));
        let retired = parent.join(format!(".{name}.kursportal-old"));
        bring_back(&retired, &output_dir)?;
        clear_leftover(&staging)?;
        clear_leftover(&retired)?;
        fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
        fs::write(staging.join(MARKER), MARKER_TEXT)
            .with_context(|| format!("writing {}", staging.display()))?;
        Ok(Staging {
            output_dir,
            staging,
            retired,
            bytes: AtomicU64::new(0),
            finished: false,
            _lock: lock,
        })
    }

    /// Swaps the written site in. Returns the bytes written.
    pub fn finish(mut self) -> anyhow::Result<u64> {
        self.finished = true;
        swap_in(&self.staging, &self.output_dir, &self.retired)?;
        Ok(self.bytes.load(Ordering::Relaxed))
    }
}

/// The folder a path names, through symbolic links (a link's target may
/// not exist yet).
fn through_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // A bound, for a loop of links.
    for _ in 0..40 {
        let Ok(target) = fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    path
}

/// How long a build waits for the lock before it says another build has
/// it. A program that starts another (a build in a test, `git` for dates)
/// lends each new process its open files until that process starts, the
/// lock among them: for that instant the lock looks taken.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(1);

/// Locks `lock_file` for this process, or says that another build has it.
fn take_lock(lock_file: &Path, output_dir: &Path) -> anyhow::Result<fs::File> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_file)
        .with_context(|| format!("creating {}", lock_file.display()))?;
    let started = std::time::Instant::now();
    let mut tried = file.try_lock();
    while matches!(tried, Err(fs::TryLockError::WouldBlock)) && started.elapsed() < LOCK_PATIENCE {
        std::thread::sleep(std::time::Duration::from_millis(20));
        tried = file.try_lock();
    }
    match tried {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => bail!(
            "another kursportal build is writing to {} now; wait until it is done (or stop it), then build again",
            output_dir.display()
        ),
        Err(fs::TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("locking {}", lock_file.display()))
        }
    }
}

/// A build killed between moving the previous site aside and moving the
/// new one in left no output folder: the previous site comes back.
fn bring_back(retired: &Path, output_dir: &Path) -> anyhow::Result<()> {
    let output_missing = fs::symlink_metadata(output_dir).is_err();
    if output_missing && retired.join(MARKER).is_file() {
        fs::rename(retired, output_dir).with_context(|| {
            format!("bringing the previous site back from {}", retired.display())
        })?;
    }
    Ok(())
}

/// Removes a folder a killed or failed build left. One that cannot be
/// removed (a read-only folder in it) is moved out of the way instead, so
/// it never stops a later build.
fn clear_leftover(dir: &Path) -> anyhow::Result<()> {
    if fs::symlink_metadata(dir).is_err() || fs::remove_dir_all(dir).is_ok() {
        return Ok(());
    }
    let aside = free_name_beside(dir);
    fs::rename(dir, &aside).with_context(|| format!("moving {} out of the way", dir.display()))
}

/// `dir` with the first `-1`, `-2`… after its name that names nothing yet.
fn free_name_beside(dir: &Path) -> PathBuf {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|n| dir.with_file_name(format!("{name}-{n}")))
        .find(|aside| fs::symlink_metadata(aside).is_err())
        .unwrap_or_else(|| dir.with_file_name(format!("{name}-old")))
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        let path = safe_join(&self.staging, &file.path)?;
        if let Some(folder) = path.parent() {
            // `create_dir_all` tolerates a folder made meanwhile by another thread.
            fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
        }
        let written = write_one(&file, &path)?;
        self.bytes.fetch_add(written, Ordering::Relaxed);
        crate::work::did(crate::work::Task::Write);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// A site's files in memory, path → bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// The site in memory (files to copy are read in).
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<Files>,
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        let bytes = match file.content {
            Content::Bytes(bytes) => bytes.into(),
            Content::Shared(bytes) => bytes,
            Content::Copy(from) => fs::read(&from)
                .with_context(|| format!("reading {}", from.display()))?
                .into(),
        };
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(file.path, bytes);
        crate::work::did(crate::work::Task::Write);
        Ok(())
    }
}

/// Keeps nothing: `check` draws every page to find template errors.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> anyhow::Result<()> {
        Ok(())
    }

    fn keeps_files(&self) -> bool {
        false
    }
}

fn write_one(file: &OutputFile, path: &Path) -> anyhow::Result<u64> {
    match &file.content {
        Content::Bytes(bytes) => write_bytes(path, bytes),
        Content::Shared(bytes) => write_bytes(path, bytes),
        Content::Copy(from) => fs::copy(from, path)
            .with_context(|| format!("copying {} to {}", from.display(), path.display())),
    }
}

fn write_bytes(path: &Path, bytes: &[u8]) -> anyhow::Result<u64> {
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(bytes.len() as u64)
}

/// Puts the new site in the output folder's place. Where the system can
/// exchange two folders in one step (Linux), it does: no moment without a
/// site, even if the build is killed. Elsewhere the old site is moved aside
/// first (a build killed then gets it back at its next start, `bring_back`).
/// The old site is then removed; if that fails, the new site is live and
/// the next build clears what is left.
fn swap_in(staging: &Path, output_dir: &Path, retired: &Path) -> anyhow::Result<()> {
    let had_old = fs::symlink_metadata(output_dir).is_ok();
    if had_old && exchange(staging, output_dir) {
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    if had_old {
        fs::rename(output_dir, retired)
            .with_context(|| format!("moving the previous {} aside", output_dir.display()))?;
    }
    if let Err(e) = fs::rename(staging, output_dir) {
        if had_old {
            let _ = fs::rename(retired, output_dir);
        }
        return Err(e)
            .with_context(|| format!("moving the new site into {}", output_dir.display()));
    }
    let _ = fs::remove_dir_all(retired);
    Ok(())
}

/// Exchanges two folders in one step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Joins an output path, refusing anything that would land outside `dir`.
fn safe_join(dir: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => bail!("refusing to write outside the output folder: {rel}"),
            // On Windows `\` separates folders too.
            part if part.contains(['\\', '\0']) => {
                bail!("refusing to write a file whose name holds `\\` or NUL: {rel}")
            }
            part => path.push(part),
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` and swaps them in for `output_dir`, as a build does.
    fn write_site(output_dir: &Path, files: &[OutputFile]) -> anyhow::Result<u64> {
        let staging = Staging::new(output_dir)?;
        for file in files {
            staging.put(file.clone())?;
        }
        staging.finish()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            content: Content::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn a_new_site_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[file("index.html", "one"), file("old/index.html", "x")],
        )
        .unwrap();
        write_site(&out, &[file("index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("old").exists());
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let mut names = names;
        names.sort();
        assert_eq!(
            names,
            [".public.kursportal-lock", "public"],
            "no staging folders left behind"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "one")]).unwrap();
        let broken = OutputFile {
            path: "x.pdf".into(),
            content: Content::Copy(dir.path().join("missing.pdf")),
        };
        assert!(write_site(&out, &[file("index.html", "two"), broken]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn two_folders_are_exchanged_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (new, old) = (dir.path().join("ny"), dir.path().join("public"));
        fs::create_dir(&new).unwrap();
        fs::create_dir(&old).unwrap();
        fs::write(new.join("index.html"), "ny").unwrap();
        fs::write(old.join("index.html"), "gammel").unwrap();
        assert!(exchange(&new, &old));
        assert_eq!(fs::read_to_string(old.join("index.html")).unwrap(), "ny");
        assert_eq!(
            fs::read_to_string(new.join("index.html")).unwrap(),
            "gammel"
        );
    }

    #[test]
    fn a_leftover_is_moved_to_the_first_free_name_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = dir.path().join(".public.kursportal-old");
        for taken in ["", "-1", "-2"] {
            fs::create_dir(dir.path().join(format!(".public.kursportal-old{taken}"))).unwrap();
        }
        assert_eq!(
            free_name_beside(&leftover),
            dir.path().join(".public.kursportal-old-3")
        );
    }

    #[test]
    fn a_folder_of_someone_elses_files_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("Dokumenter");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("brev.odt"), "viktig").unwrap();
        let err = guard_output(&dir.path().join("site"), &theirs).unwrap_err();
        assert!(err.message.contains("did not write"), "{}", err.message);
        // A folder kursportal wrote is its own to replace.
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "x")]).unwrap();
        assert!(guard_output(&dir.path().join("site"), &out).is_ok());
    }

    #[test]
    fn dot_dot_and_symlinks_cannot_reach_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let sneaky = site.join("public/../content");
        assert!(guard_output(&site, &sneaky).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(site.join("content"), dir.path().join("link")).unwrap();
            assert!(guard_output(&site, &dir.path().join("link")).is_err());
        }
    }

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a/..\\..\\b.html").is_err());
        assert!(safe_join(Path::new("/tmp/x"), "a\0.html").is_err());
        assert_eq!(
            safe_join(Path::new("/o"), "a/b.html").unwrap(),
            Path::new("/o/a/b.html")
        );
    }
}
