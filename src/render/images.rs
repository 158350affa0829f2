//! The smaller copies of the pictures bodies show (`model::images` names
//! them and writes their `srcset`), made with the `image` crate.
//!
//! Making a copy means decoding the whole picture, which takes far longer
//! than anything else a page needs, so copies are kept in the site's cache
//! folder under the original's content hash: a build makes copies only of
//! pictures that are new or changed, and takes the rest from there. The
//! cache is never needed: without it (a folder that cannot be written) the
//! copies are made every time.

use std::fs;
use std::hash::Hasher as _;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder as _, ImageReader};
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::images::{in_plain_words, smaller_copies, Format, Picture, SmallerCopy};
use crate::model::{Asset, SiteModel};

use super::OutputFile;

/// The cache's folder in the site's folder, beside `content/`.
pub const CACHE_DIR: &str = ".kursportal-cache";

/// Raised when copies are made differently (another filter, quality or
/// encoder), so that copies made the old way are not taken.
const RECIPE: u32 = 3;

/// JPEG quality of the copies: the copies of a photo are about a tenth of
/// its size at 960 pixels, with no loss a reader sees at that width.
const JPEG_QUALITY: u8 = 82;

/// What the build did with pictures, for its summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PictureReport {
    /// Pictures shown in bodies that have smaller copies.
    pub pictures: usize,
    /// Their smaller copies, published.
    pub copies: usize,
    /// Of those, the copies made in this build (the rest came from the cache).
    pub made: usize,
}

/// How a build treats the copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copies {
    /// Made where the cache has none, put into it, and published.
    Publish,
    /// Only checked (`check`, which writes nothing): a picture the cache has
    /// no copies of is decoded, so `check` finds what `build` would.
    Check,
}

/// The smaller copies of every picture that has them, as output files
/// (none when only checked), and what was done.
pub fn copy_files(
    model: &SiteModel,
    site_root: &Path,
    copies: Copies,
) -> Result<(Vec<OutputFile>, PictureReport), Vec<Diagnostic>> {
    let pictures: Vec<(&Asset, Picture)> = model
        .pictures_with_copies
        .iter()
        .filter_map(|&i| match &model.assets[i].picture {
            Some(Ok(picture)) => Some((&model.assets[i], *picture)),
            _ => None,
        })
        .collect();
    let mut report = PictureReport {
        pictures: pictures.len(),
        copies: pictures
            .iter()
            .map(|(asset, _)| smaller_copies(asset).len())
            .sum(),
        made: 0,
    };
    if pictures.is_empty() {
        return Ok((Vec::new(), report));
    }
    let cache = match copies {
        Copies::Publish => open_cache(site_root),
        Copies::Check => Some(site_root.join(CACHE_DIR).join("pictures")),
    };
    let results: Vec<Result<(Vec<OutputFile>, usize), Diagnostic>> = pictures
        .par_iter()
        .map(|(asset, picture)| copies_of(asset, *picture, cache.as_deref(), copies))
        .collect();
    let (mut files, mut problems) = (Vec::new(), Vec::new());
    for result in results {
        match result {
            Ok((mut made_files, made)) => {
                files.append(&mut made_files);
                report.made += made;
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    match (copies, &cache) {
        (Copies::Check, _) => files.clear(),
        (Copies::Publish, Some(cache)) => forget_unused(cache, KEPT_UNUSED),
        (Copies::Publish, None) => {}
    }
    Ok((files, report))
}

/// How long a copy no build used stays in the cache: long enough for a
/// site's other branches and its preview, short enough that copies of
/// pictures replaced long ago do not pile up.
const KEPT_UNUSED: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 60 * 60);

/// Dates a copy taken from the cache as used now (a copy made now is).
fn mark_used(kept: &Path) {
    let file = fs::File::options().append(true).open(kept);
    let _ = file.and_then(|f| f.set_modified(std::time::SystemTime::now()));
}

/// Removes the copies (and pieces of copies a stopped build left) that no
/// build has used for `unused`. Only names the cache gives are touched.
fn forget_unused(cache: &Path, unused: std::time::Duration) {
    let Ok(entries) = fs::read_dir(cache) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_ours = name.to_str().is_some_and(is_cache_name);
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok());
        if is_ours && age.is_some_and(|age| age > unused) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `0123456789abcdef-480x320.jpg`, or such a name with `.<pid>-<n>.part` after it.
fn is_cache_name(name: &str) -> bool {
    let name = name.strip_suffix(".part").map_or(name, |partial| {
        partial.rsplit_once('.').map_or(partial, |(copy, _)| copy)
    });
    let Some((key, rest)) = name.split_once('-') else {
        return false;
    };
    let Some((size, extension)) = rest.split_once('.') else {
        return false;
    };
    let numbers = size.split_once('x').is_some_and(|(w, h)| {
        [w, h]
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    key.len() == 16
        && key.bytes().all(|b| b.is_ascii_hexdigit())
        && numbers
        && matches!(extension, "jpg" | "png")
}

/// The cache's folder for pictures, made when missing: `None` when it
/// cannot be. It tells git and backup tools that it is a cache.
fn open_cache(site_root: &Path) -> Option<PathBuf> {
    let cache = site_root.join(CACHE_DIR);
    let pictures = cache.join("pictures");
    fs::create_dir_all(&pictures).ok()?;
    let notes = [
        (".gitignore", "# Made by kursportal: copies it can make again.\n*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# kursportal's cache: smaller copies of the site's pictures, made again when missing.\n",
        ),
    ];
    for (name, text) in notes {
        let path = cache.join(name);
        if !path.exists() {
            let _ = fs::write(path, text);
        }
    }
    Some(pictures)
}

/// One smaller copy of a picture, and where the cache keeps it.
struct PlannedCopy {
    copy: SmallerCopy,
    kept: Option<PathBuf>,
}

/// The copies of one picture: all from the cache when it has them whole,
/// else all made (the picture decoded once) and put there. A copy made
/// from the original differs from one made from a wider copy, so taking
/// some and making others would make the output depend on what the cache
/// held. Also how many were made.
fn copies_of(
    asset: &Asset,
    picture: Picture,
    cache: Option<&Path>,
    copies: Copies,
) -> Result<(Vec<OutputFile>, usize), Diagnostic> {
    let shown = format!("content/{}", asset.rel_path);
    let name = crate::load::file_name(&asset.rel_path);
    let unreadable = |why: String| {
        let (message, help) = crate::model::images::unreadable(name, &why);
        Diagnostic::in_file(&shown, message).with_help(help)
    };
    let bytes = fs::read(&asset.abs_path).map_err(|e| unreadable(e.to_string()))?;
    let planned = plan(asset, picture, &content_key(&bytes), cache);
    let all_kept = planned.iter().all(|planned| {
        let size = (planned.copy.width, planned.copy.height);
        planned
            .kept
            .as_ref()
            .is_some_and(|k| is_whole(k, size, bytes.len()))
    });
    if all_kept {
        return Ok((taken_from_cache(planned, copies), 0));
    }
    let source = decode(&bytes, picture.format).map_err(unreadable)?;
    if copies == Copies::Check {
        // Decoded whole: what a build would find wrong, `check` found.
        return Ok((Vec::new(), 0));
    }
    let files = made(planned, source, &bytes, picture.format).map_err(|why| {
        Diagnostic::in_file(
            &shown,
            format!("the smaller copies of the picture `{name}` could not be made: {why}"),
        )
        .with_help("open it in an image editor and save it again as JPEG or PNG")
    })?;
    let count = files.len();
    Ok((files, count))
}

/// The copies a picture gets, widest first, each with its name in the
/// cache (`key` is the picture's content key).
fn plan(asset: &Asset, picture: Picture, key: &str, cache: Option<&Path>) -> Vec<PlannedCopy> {
    let extension = match picture.format {
        Format::Png => "png",
        _ => "jpg",
    };
    let widest_first = smaller_copies(asset).into_iter().rev();
    widest_first
        .map(|copy| PlannedCopy {
            kept: cache
                .map(|c| c.join(format!("{key}-{}x{}.{extension}", copy.width, copy.height))),
            copy,
        })
        .collect()
}

/// The copies as the cache keeps them, dated as used when published.
fn taken_from_cache(planned: Vec<PlannedCopy>, copies: Copies) -> Vec<OutputFile> {
    let taken = planned.into_iter().filter_map(|planned| {
        let kept = planned.kept?;
        if copies == Copies::Publish {
            mark_used(&kept);
        }
        Some(OutputFile {
            path: planned.copy.url,
            content: super::Content::Copy(kept),
        })
    });
    taken.collect()
}

/// The copies made, each from the wider one before it (a quarter of the
/// pixels of a photo's original, or less), and put into the cache.
fn made(
    planned: Vec<PlannedCopy>,
    source: Decoded,
    original: &[u8],
    format: Format,
) -> Result<Vec<OutputFile>, String> {
    let Decoded {
        image: mut wider,
        colours,
    } = source;
    let mut files = Vec::new();
    for planned in planned {
        // Catmull-Rom keeps edges sharp when shrinking, at less cost than Lanczos.
        let (width, height) = (planned.copy.width, planned.copy.height);
        let copy = wider.resize_exact(width, height, FilterType::CatmullRom);
        let encoded = encode(&copy, colours.as_deref(), format)?;
        // A drawing with few colours, or a photo saved at low quality, may
        // weigh less than its copy: then the copy's address serves the
        // original, never more bytes than without copies.
        let lighter = if encoded.len() < original.len() {
            encoded
        } else {
            original.to_vec()
        };
        if let Some(kept) = &planned.kept {
            keep(kept, &lighter);
        }
        files.push(OutputFile::bytes(planned.copy.url, lighter));
        wider = copy;
    }
    Ok(files)
}

/// A copy in the cache is taken only when it is whole: a picture of the
/// copy's size, or the original's bytes served in its place (their
/// length). A cut or emptied file is made again.
fn is_whole(kept: &Path, size: (u32, u32), original_length: usize) -> bool {
    let Ok(metadata) = fs::metadata(kept) else {
        return false;
    };
    if metadata.len() == original_length as u64 {
        return true;
    }
    let header = ImageReader::open(kept).and_then(|r| r.with_guessed_format());
    header
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .is_some_and(|found| found == size)
        && ends_whole(kept)
}

/// Whether a JPEG ends with its end marker, or a PNG with its end chunk:
/// a file cut short (a build killed while the system wrote it) does not.
fn ends_whole(path: &Path) -> bool {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut tail = [0u8; 12];
    let read = fs::File::open(path).and_then(|mut f| {
        f.seek(SeekFrom::End(-12))?;
        f.read_exact(&mut tail)
    });
    read.is_ok() && (tail.ends_with(&[0xFF, 0xD9]) || tail[4..8] == *b"IEND")
}

/// A decoded picture and its colour profile (an iPhone's photos are in
/// Display P3: without the profile, their copies would look dull).
struct Decoded {
    image: DynamicImage,
    colours: Option<Vec<u8>>,
}

/// The name a picture's copies are kept under: a hash of its bytes and of
/// how copies are made.
fn content_key(bytes: &[u8]) -> String {
    let mut hash = crate::fingerprint::long_input_hasher();
    hash.write(bytes);
    hash.write_u32(RECIPE);
    format!("{:016x}", hash.finish())
}

/// The picture, turned upright by its orientation tag (the copies carry no
/// tag, and a browser shows the original turned), with its colour profile.
fn decode(bytes: &[u8], format: Format) -> Result<Decoded, String> {
    let reader = crate::model::images::reader_of(ImageReader::new(Cursor::new(bytes)), format)?;
    let mut decoder = reader.into_decoder().map_err(|e| in_plain_words(&e))?;
    let orientation = decoder.orientation().ok();
    let colours = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| in_plain_words(&e))?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(Decoded { image, colours })
}

/// A copy encoded in the format its name says (the original's extension),
/// whatever the original's bytes are: a photo as JPEG, a drawing (PNG,
/// which may be transparent) as PNG; with the original's colour profile.
fn encode(copy: &DynamicImage, colours: Option<&[u8]>, format: Format) -> Result<Vec<u8>, String> {
    use image::ImageEncoder as _;
    let mut out = Vec::new();
    let profile = colours.map(<[u8]>::to_vec);
    let written = match format {
        Format::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            encoder.write_image(
                copy.as_bytes(),
                copy.width(),
                copy.height(),
                copy.color().into(),
            )
        }
        _ => {
            let mut encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            // JPEG has no transparency: a photo's copy is RGB.
            let rgb = copy.to_rgb8();
            encoder.write_image(
                &rgb,
                rgb.width(),
                rgb.height(),
                image::ExtendedColorType::Rgb8,
            )
        }
    };
    written.map_err(|e| e.to_string())?;
    Ok(out)
}

/// Puts a copy into the cache under its final name only when it is whole,
/// so a build stopped halfway, or another build or thread writing the same
/// copy (two courses may show the same picture), never leaves half a
/// picture there. A cache that cannot be written is no error.
fn keep(path: &Path, bytes: &[u8]) {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let unique = format!("{}.{}-{write}.part", path.display(), std::process::id());
    let partial = PathBuf::from(unique);
    if fs::write(&partial, bytes).is_ok() && fs::rename(&partial, path).is_err() {
        let _ = fs::remove_file(&partial);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(image)
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn a_copy_has_the_width_asked_and_the_picture_s_proportions() {
        let bytes = photo(2000, 1200);
        let picture = Picture {
            format: Format::Jpeg,
            width: 2000,
            height: 1200,
            moving: false,
        };
        let asset = Asset {
            rel_path: "a.jpg".into(),
            abs_path: "a.jpg".into(),
            url: "a.jpg".into(),
            size: bytes.len() as u64,
            picture: Some(Ok(picture)),
        };
        let planned = plan(&asset, picture, "key", None);
        let decoded = decode(&bytes, Format::Jpeg).unwrap();
        let files = made(planned, decoded, &bytes, Format::Jpeg).unwrap();
        let found: Vec<(&str, (u32, u32))> = files
            .iter()
            .map(|file| {
                let super::super::Content::Bytes(copy) = &file.content else {
                    panic!("{} is made, not copied", file.path);
                };
                assert!(copy.starts_with(&[0xFF, 0xD8]), "a JPEG");
                let back = image::load_from_memory(copy).unwrap();
                (file.path.as_str(), (back.width(), back.height()))
            })
            .collect();
        assert_eq!(
            found,
            [("a.960w.jpg", (960, 576)), ("a.480w.jpg", (480, 288))]
        );
    }

    #[test]
    fn only_the_cache_s_own_names_are_forgotten() {
        for ours in [
            "0123456789abcdef-480x320.jpg",
            "0123456789abcdef-960x640.png",
            "0123456789abcdef-480x320.jpg.4242-7.part",
        ] {
            assert!(is_cache_name(ours), "{ours}");
        }
        for theirs in [
            ".gitignore",
            "CACHEDIR.TAG",
            "notes.txt",
            "0123456789abcdef-480x320.webp",
            "0123456789abcdeg-480x320.jpg",
            "0123456789abcdef-480.jpg",
        ] {
            assert!(!is_cache_name(theirs), "{theirs}");
        }
    }

    #[test]
    fn copies_unused_for_long_are_forgotten_and_used_ones_kept() {
        let cache = tempfile::tempdir().unwrap();
        let old = cache.path().join("0123456789abcdef-480x320.jpg");
        let used = cache.path().join("fedcba9876543210-480x320.jpg");
        let note = cache.path().join("notes.txt");
        let month_ago = std::time::SystemTime::now() - KEPT_UNUSED * 2;
        for path in [&old, &used, &note] {
            fs::write(path, b"x").unwrap();
            let file = fs::File::options().append(true).open(path).unwrap();
            file.set_modified(month_ago).unwrap();
        }
        mark_used(&used);
        forget_unused(cache.path(), KEPT_UNUSED);
        assert!(!old.exists(), "unused for two months");
        assert!(used.exists(), "used by this build");
        assert!(note.exists(), "not the cache's own");
    }

    #[test]
    fn the_cache_key_follows_the_bytes() {
        assert_eq!(content_key(b"abc"), content_key(b"abc"));
        assert_ne!(content_key(b"abc"), content_key(b"abd"));
    }
}
