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
use crate::model::images::{smaller_copy_url, Format, Picture};
use crate::model::{Asset, SiteModel};

use super::OutputFile;

/// The cache's folder in the site's folder, beside `content/`.
pub const CACHE_DIR: &str = ".kursportal-cache";

/// Raised when copies are made differently (another filter, quality or
/// encoder), so that copies made the old way are not taken.
const RECIPE: u32 = 2;

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

/// The smaller copies of every picture that has them, as output files, and
/// what was done. With `make` off (`check`, which writes nothing) nothing
/// is read or made; the copies are only counted.
pub fn smaller_copies(
    model: &SiteModel,
    site_root: &Path,
    make: bool,
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
            .map(|(_, p)| p.smaller_widths().count())
            .sum(),
        made: 0,
    };
    if !make || pictures.is_empty() {
        return Ok((Vec::new(), report));
    }
    let cache = open_cache(site_root);
    let results: Vec<Result<(Vec<OutputFile>, usize), Diagnostic>> = pictures
        .par_iter()
        .map(|(asset, picture)| copies_of(asset, *picture, cache.as_deref()))
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
    if problems.is_empty() {
        Ok((files, report))
    } else {
        Err(problems)
    }
}

/// Where the smaller copies of a picture asset are published.
pub fn copy_paths(asset: &Asset) -> impl Iterator<Item = String> + '_ {
    let picture = match &asset.picture {
        Some(Ok(picture)) => Some(*picture),
        _ => None,
    };
    let widths = picture
        .into_iter()
        .flat_map(|p| p.smaller_widths().collect::<Vec<_>>());
    widths.map(|width| smaller_copy_url(&asset.url, width))
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

/// The copies of one picture: from the cache where they are, else made
/// (the picture is decoded once for all its widths) and put there. Also
/// how many were made.
fn copies_of(
    asset: &Asset,
    picture: Picture,
    cache: Option<&Path>,
) -> Result<(Vec<OutputFile>, usize), Diagnostic> {
    let unreadable = |why: String| {
        Diagnostic::in_file(
            &asset.abs_path,
            format!("the picture cannot be read: {why}"),
        )
        .with_help("open it in an image editor and save it again as JPEG or PNG")
    };
    let bytes = fs::read(&asset.abs_path).map_err(|e| unreadable(e.to_string()))?;
    let key = content_key(&bytes);
    let extension = match picture.format {
        Format::Png => "png",
        _ => "jpg",
    };
    // Widest first: each copy is made from the one before it (a quarter
    // of the pixels of a photo's original, or less), not from the original.
    let mut widths: Vec<u32> = picture.smaller_widths().collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    let mut source: Option<DynamicImage> = None;
    let (mut files, mut made) = (Vec::new(), 0);
    for width in widths {
        let path = smaller_copy_url(&asset.url, width);
        let kept = cache.map(|c| c.join(format!("{key}-{width}.{extension}")));
        if let Some(kept) = kept.as_ref().filter(|k| k.is_file()) {
            files.push(OutputFile {
                path,
                content: super::Content::Copy(kept.clone()),
            });
            continue;
        }
        let from = match source.take() {
            Some(image) => image,
            None => decode(&bytes, picture.format).map_err(unreadable)?,
        };
        // Catmull-Rom keeps edges sharp when shrinking, at less cost than Lanczos.
        let copy = from.resize_exact(width, picture.height_at(width), FilterType::CatmullRom);
        let encoded = encode(&copy, picture.format).map_err(unreadable)?;
        if let Some(kept) = &kept {
            keep(kept, &encoded);
        }
        made += 1;
        files.push(OutputFile::bytes(path, encoded));
        source = Some(copy);
    }
    Ok((files, made))
}

/// The name a picture's copies are kept under: a hash of its bytes and of
/// how copies are made.
fn content_key(bytes: &[u8]) -> String {
    let mut hash = crate::fingerprint::Fnv::default();
    hash.write(bytes);
    hash.write_u32(RECIPE);
    format!("{:016x}", hash.finish())
}

/// The picture, turned upright by its orientation tag (the copies carry no
/// tag, and a browser shows the original turned).
fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, String> {
    let reader = crate::model::images::reader_of(ImageReader::new(Cursor::new(bytes)), format)?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(image)
}

/// A copy encoded in the format its name says (the original's extension),
/// whatever the original's bytes are: a photo as JPEG, a drawing (PNG,
/// which may be transparent) as PNG.
fn encode(copy: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    let written = match format {
        Format::Png => copy.write_to(&mut out, image::ImageFormat::Png),
        _ => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            // JPEG has no transparency: a photo's copy is RGB.
            DynamicImage::ImageRgb8(copy.to_rgb8()).write_with_encoder(encoder)
        }
    };
    written.map_err(|e| e.to_string())?;
    Ok(out.into_inner())
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
        let original = decode(&photo(1000, 600), Format::Jpeg).unwrap();
        let resized = original.resize_exact(480, 288, FilterType::CatmullRom);
        let copy = encode(&resized, Format::Jpeg).unwrap();
        let back = image::load_from_memory(&copy).unwrap();
        assert_eq!((back.width(), back.height()), (480, 288));
        assert!(copy.starts_with(&[0xFF, 0xD8]), "a JPEG");
    }

    #[test]
    fn the_cache_key_follows_the_bytes() {
        assert_eq!(content_key(b"abc"), content_key(b"abc"));
        assert_ne!(content_key(b"abc"), content_key(b"abd"));
    }
}
