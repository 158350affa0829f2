//! Output files → the output folder, all or nothing.
//!
//! The site is written into a fresh folder beside the output folder and
//! swapped in only when every file is written, so a failed build (or a full
//! disk) leaves the previous site exactly as it was, and a host syncing the
//! folder never sees half a site.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::render::{Content, OutputFile};

/// Writes `files` and swaps them in for `output_dir`. Returns the bytes written.
pub fn write_site(output_dir: &Path, files: &[OutputFile]) -> anyhow::Result<u64> {
    let parent = output_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let name = output_dir
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.kursportal-new"));
    let retired = parent.join(format!(".{name}.kursportal-old"));
    remove_if_present(&staging)?;
    remove_if_present(&retired)?;
    let written = match write_all(&staging, files) {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_in(&staging, output_dir, &retired)?;
    Ok(written)
}

fn write_all(dir: &Path, files: &[OutputFile]) -> anyhow::Result<u64> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = 0;
    for file in files {
        let path = safe_join(dir, &file.path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        written += match &file.content {
            Content::Bytes(bytes) => {
                fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
                bytes.len() as u64
            }
            Content::Copy(from) => fs::copy(from, &path)
                .with_context(|| format!("copying {} to {}", from.display(), path.display()))?,
        };
    }
    Ok(written)
}

/// Renames the old output aside, the new one in, then deletes the old.
fn swap_in(staging: &Path, output_dir: &Path, retired: &Path) -> anyhow::Result<()> {
    let had_old = output_dir.exists();
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
    remove_if_present(retired)
}

fn remove_if_present(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(())
}

/// Joins an output path, refusing anything that would land outside `dir`.
fn safe_join(dir: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => bail!("refusing to write outside the output folder: {rel}"),
            part => path.push(part),
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
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

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_join(Path::new("/tmp/x"), "../etc/passwd").is_err());
        assert_eq!(
            safe_join(Path::new("/o"), "a/b.html").unwrap(),
            Path::new("/o/a/b.html")
        );
    }
}
