//! A pack's files as one ZIP, the same bytes for the same files: entries in
//! path order, every entry dated 1980-01-01 (the ZIP format's first day;
//! nothing reads the clock) and readable by everyone.

use std::io::{Cursor, Write as _};

use anyhow::{Context as _, Result};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One file of a pack, at `path` under the pack's folder.
pub struct Entry {
    pub path: String,
    pub content: EntryContent,
}

pub enum EntryContent {
    Text(String),
    /// A file of the site, read when the ZIP is made.
    File(std::path::PathBuf),
}

/// File types that are compressed already: stored as they are, since
/// deflating them again costs time and saves nothing.
const COMPRESSED: [&str; 14] = [
    "docx", "xlsx", "pptx", "odt", "ods", "odp", "zip", "png", "jpg", "jpeg", "gif", "webp", "mp3",
    "mp4",
];

/// Deflate's level: the fastest. A large site packs nearly every course
/// page a second time. On 20,000 pages (`bench/scale.py`) zlib-rs's level 1
/// made the packs in 1.9 s and 206 MB, its level 2 in 2.6 s and 160 MB;
/// miniz_oxide's level 1 took 0.5 s more than zlib-rs's for 186 MB.
const LEVEL: i64 = 1;

/// The ZIP of `entries` (sorted by path first), each under `folder/`.
pub fn zip(folder: &str, mut entries: Vec<Entry>) -> Result<Vec<u8>> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    // Room for what deflate usually leaves of the texts (about a third),
    // so the ZIP is not copied to a larger buffer again and again.
    let texts: usize = (entries.iter())
        .map(|entry| match &entry.content {
            EntryContent::Text(text) => text.len(),
            EntryContent::File(_) => 0,
        })
        .sum();
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(texts / 2)));
    for entry in &entries {
        let name = format!("{folder}/{}", entry.path);
        writer
            .start_file(name.as_str(), options_for(&entry.path))
            .with_context(|| format!("adding {name} to a course pack"))?;
        match &entry.content {
            EntryContent::Text(text) => writer.write_all(text.as_bytes())?,
            EntryContent::File(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("reading {} for a course pack", path.display()))?;
                writer.write_all(&bytes)?;
            }
        }
    }
    let cursor = writer.finish().context("finishing a course pack")?;
    Ok(cursor.into_inner())
}

fn options_for(path: &str) -> SimpleFileOptions {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    let compressed = COMPRESSED
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known));
    let method = if compressed {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    };
    let level = (method == CompressionMethod::Deflated).then_some(LEVEL);
    SimpleFileOptions::default()
        .compression_method(method)
        .compression_level(level)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(path: &str, text: &str) -> Entry {
        Entry {
            path: path.into(),
            content: EntryContent::Text(text.into()),
        }
    }

    #[test]
    fn the_same_files_give_the_same_bytes_in_path_order() {
        let one = zip(
            "pakke",
            vec![text("b.html", "<p>b</p>"), text("a.txt", "a")],
        )
        .unwrap();
        let two = zip(
            "pakke",
            vec![text("a.txt", "a"), text("b.html", "<p>b</p>")],
        )
        .unwrap();
        assert_eq!(one, two);
        let mut archive = zip::ZipArchive::new(Cursor::new(one)).unwrap();
        let names: Vec<String> = archive.file_names().map(|n| n.unwrap().into()).collect();
        assert_eq!(names, ["pakke/a.txt", "pakke/b.html"]);
        let mut file = archive.by_name("pakke/b.html").unwrap();
        assert_eq!(file.compression(), CompressionMethod::Deflated);
        let mut read = String::new();
        std::io::Read::read_to_string(&mut file, &mut read).unwrap();
        assert_eq!(read, "<p>b</p>");
    }
}
