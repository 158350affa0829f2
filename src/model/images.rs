//! Pictures shown in bodies (`![…](bilde.jpg)`): their size, so the page
//! keeps their place while they load (`width`, `height`), and the smaller
//! copies a phone fetches instead of the original (`srcset`), which
//! `render/images.rs` makes. Only a picture's header is read here.

use std::collections::BTreeSet;
use std::io::BufReader;

use image::{ImageDecoder as _, ImageReader};

use crate::parse::markdown::escape_html;
use crate::parse::{Document, ImageUse};

use super::links::{LinkTable, Target};
use super::urls::relative_url;
use super::Asset;

/// The widths of the smaller copies, in pixels: a phone's screen, and a
/// tablet's or a phone's at twice the density. A picture gets those
/// narrower than itself.
pub const SMALLER_WIDTHS: [u32; 2] = [480, 960];

/// How wide a body's picture is drawn: the standard theme's text column
/// (`.prose`, 45em of 17 px) on a wide screen, the screen's width on a
/// narrow one. The browser picks the copy that fills that at its density.
const SIZES: &str = "(min-width: 50em) 48em, 100vw";

/// The formats whose pictures are read; others (SVG) are shown as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl Format {
    /// By the file's extension, as the web server will say it is.
    pub fn of(path: &str) -> Option<Format> {
        let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            "gif" => Some(Format::Gif),
            _ => None,
        }
    }

    fn library_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Webp => image::ImageFormat::WebP,
            Format::Gif => image::ImageFormat::Gif,
        }
    }

    /// Whether smaller copies are made. A GIF may move and a copy would
    /// not; the `image` crate writes WebP only without loss, which makes
    /// a photo's copy larger than the original.
    fn has_smaller_copies(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png)
    }
}

/// What a picture's header says: its size as shown (a phone's photo
/// turned upright by its orientation tag, as browsers show it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Picture {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// An animated PNG: a copy would stand still, so it gets none.
    pub moving: bool,
}

impl Picture {
    /// The widths of the smaller copies this picture gets.
    pub fn smaller_widths(&self) -> impl Iterator<Item = u32> + '_ {
        let copies = self.format.has_smaller_copies() && !self.moving;
        SMALLER_WIDTHS
            .into_iter()
            .filter(move |&w| copies && w < self.width)
    }

    /// A copy's height at `width`, rounded as the resizing rounds it.
    pub fn height_at(&self, width: u32) -> u32 {
        let exact = u64::from(self.height) * u64::from(width) / u64::from(self.width.max(1));
        u32::try_from(exact).unwrap_or(u32::MAX).max(1)
    }
}

/// A file's picture facts: `None` for a file that is no picture of a
/// format read here, else the facts or why its header cannot be read.
pub fn read(asset_path: &str, file: &std::path::Path) -> Option<Result<Picture, String>> {
    let format = Format::of(asset_path)?;
    Some(read_header(file, format))
}

fn read_header(file: &std::path::Path, format: Format) -> Result<Picture, String> {
    let opened = std::fs::File::open(file).map_err(|e| e.to_string())?;
    let reader = reader_of(ImageReader::new(BufReader::new(opened)), format)?;
    // Only a PNG may move; other files are not opened a second time.
    let png = reader.format() == Some(image::ImageFormat::Png);
    let mut decoder = reader.into_decoder().map_err(|e| in_plain_words(&e))?;
    let (width, height) = decoder.dimensions();
    let turned = decoder.orientation().is_ok_and(turns_sideways);
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Picture {
        format,
        width,
        height,
        moving: png && is_animated_png(file),
    })
}

/// Whether the file is a PNG with an animation (an `acTL` chunk before
/// its image data). The chunks before the image data are small (colour
/// profile, text), so the first 64 KiB hold them.
fn is_animated_png(file: &std::path::Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    let read = std::fs::File::open(file).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
    if read.is_err() || !head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return false;
    }
    let mut at = 8;
    while let Some(chunk) = head.get(at..at + 8) {
        let length = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as usize;
        match &chunk[4..8] {
            b"acTL" => return true,
            b"IDAT" => return false,
            _ => at += 12 + length,
        }
    }
    false
}

/// A reader for a picture in the format its bytes say, as a browser reads
/// it (a PNG saved as `bilde.jpg` shows); the extension's when they say
/// none.
pub fn reader_of<R: std::io::BufRead + std::io::Seek>(
    reader: ImageReader<R>,
    format: Format,
) -> Result<ImageReader<R>, String> {
    let mut reader = reader.with_guessed_format().map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        reader.set_format(format.library_format());
    }
    Ok(reader)
}

/// Why the image library could not read a picture, as an editor can act on
/// it, with the library's own words after for whoever looks deeper.
pub fn in_plain_words(error: &image::ImageError) -> String {
    use image::ImageError::*;
    let plain = match error {
        Decoding(_) | IoError(_) | Parameter(_) | Encoding(_) => {
            "what is inside is not a whole JPEG, PNG, WebP or GIF picture, whatever its name says: it may be cut short, or be another kind of file (an iPhone's HEIC photo, a document)"
        }
        Unsupported(_) | Limits(_) => "it is saved in a way the build cannot read",
    };
    format!("{plain} (the image library says: {error})")
}

/// The problem and its help for a picture, `name` as the editor wrote it,
/// that cannot be read (`why`), where a body shows it or where its copies
/// are made.
pub fn unreadable(name: &str, why: &str) -> (String, String) {
    (
        format!("the picture `{name}` cannot be read: {why}"),
        "open it in an image editor and save it again as JPEG or PNG, or offer it as a file to download: [text](file) without the `!`".to_owned(),
    )
}

/// Whether an orientation tag turns the picture a quarter round, so its
/// width is the stored height.
pub fn turns_sideways(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

/// One smaller copy of a picture file: its size, and its site URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallerCopy {
    pub width: u32,
    pub height: u32,
    pub url: String,
}

/// The smaller copies of `asset`, narrowest first: none for a file that
/// is no readable picture, or one too narrow for any.
pub fn smaller_copies(asset: &Asset) -> Vec<SmallerCopy> {
    let Some(Ok(picture)) = &asset.picture else {
        return Vec::new();
    };
    let copy = |width| SmallerCopy {
        width,
        height: picture.height_at(width),
        url: smaller_copy_url(&asset.url, width),
    };
    picture.smaller_widths().map(copy).collect()
}

/// Whether `asset` is a readable picture wide enough for a smaller copy.
fn has_smaller_copies(asset: &Asset) -> bool {
    matches!(&asset.picture, Some(Ok(picture)) if picture.smaller_widths().next().is_some())
}

/// Where a smaller copy of the file at site URL `url` is published:
/// `kurs/a/bilde.jpg` → `kurs/a/bilde.480w.jpg`.
pub fn smaller_copy_url(url: &str, width: u32) -> String {
    let name_starts = url.rfind('/').map_or(0, |slash| slash + 1);
    match url[name_starts..].rfind('.') {
        Some(dot) => {
            let (stem, extension) = url.split_at(name_starts + dot);
            format!("{stem}.{width}w{extension}")
        }
        None => format!("{url}.{width}w"),
    }
}

/// The attributes an `<img>` of `asset` gets after its `src`, on the page
/// at `page_url`: its size, its smaller copies, and lazy loading when it
/// is not on the first screen. Each starts with a space.
pub fn attributes(asset: &Asset, page_url: &str, use_: ImageUse) -> String {
    let mut out = String::new();
    if let Some(Ok(picture)) = &asset.picture {
        out.push_str(&format!(
            " width=\"{}\" height=\"{}\"",
            picture.width, picture.height
        ));
        let copies: Vec<String> = smaller_copies(asset)
            .iter()
            .map(|copy| format!("{} {}w", relative_url(page_url, &copy.url), copy.width))
            .collect();
        if !copies.is_empty() {
            let original = relative_url(page_url, &asset.url);
            let srcset = format!("{}, {original} {}w", copies.join(", "), picture.width);
            out.push_str(&format!(
                " srcset=\"{}\" sizes=\"{SIZES}\"",
                escape_html(&srcset)
            ));
        }
    }
    if use_ == ImageUse::Later {
        out.push_str(" loading=\"lazy\"");
    }
    out
}

/// The assets some body shows as a picture with smaller copies: the
/// pictures whose copies are made. Links that lead nowhere are told
/// elsewhere (`links::body_hrefs`).
pub fn shown<'a>(
    table: &LinkTable,
    documents: impl Iterator<Item = &'a Document>,
    assets: &[Asset],
) -> Vec<usize> {
    let mut shown = BTreeSet::new();
    for (index, doc) in documents.enumerate() {
        for link in doc.links.iter().filter(|l| l.image.is_some()) {
            if let Ok(resolved) = table.resolve(doc, index, &link.dest) {
                if let Target::Asset(asset) = resolved.target {
                    if has_smaller_copies(&assets[asset]) {
                        shown.insert(asset);
                    }
                }
            }
        }
    }
    shown.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_sit_beside_the_original_with_their_width_in_the_name() {
        assert_eq!(
            smaller_copy_url("kurs/a/bilde.jpg", 480),
            "kurs/a/bilde.480w.jpg"
        );
        assert_eq!(
            smaller_copy_url("kurs/a.b/bilde", 960),
            "kurs/a.b/bilde.960w"
        );
        assert_eq!(smaller_copy_url("x.y.png", 480), "x.y.480w.png");
    }

    #[test]
    fn only_narrower_copies_of_photos_and_drawings_are_made() {
        let wide = Picture {
            format: Format::Jpeg,
            width: 1600,
            height: 900,
            moving: false,
        };
        assert_eq!(wide.smaller_widths().collect::<Vec<_>>(), [480, 960]);
        assert_eq!(wide.height_at(480), 270);
        let middling = Picture { width: 960, ..wide };
        assert_eq!(middling.smaller_widths().collect::<Vec<_>>(), [480]);
        let gif = Picture {
            format: Format::Gif,
            ..wide
        };
        assert_eq!(gif.smaller_widths().count(), 0);
        let animated = Picture {
            moving: true,
            ..wide
        };
        assert_eq!(animated.smaller_widths().count(), 0);
    }

    #[test]
    fn an_animated_png_is_known_by_its_animation_chunk() {
        let dir = tempfile::tempdir().unwrap();
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            out.extend_from_slice(&[0; 4]);
            out
        };
        let png = |chunks: &[Vec<u8>]| {
            let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
            chunks.iter().for_each(|c| out.extend_from_slice(c));
            out
        };
        let header = chunk(b"IHDR", &[0; 13]);
        let animated = png(&[header.clone(), chunk(b"acTL", &[0; 8]), chunk(b"IDAT", &[])]);
        let still = png(&[header.clone(), chunk(b"IDAT", &[]), chunk(b"acTL", &[0; 8])]);
        for (name, bytes, moving) in [("a.png", animated, true), ("s.png", still, false)] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(is_animated_png(&path), moving, "{name}");
        }
    }

    #[test]
    fn an_image_is_sized_and_offered_in_its_copies() {
        let asset = Asset {
            rel_path: "kurs/a/bilde.jpg".into(),
            abs_path: "content/kurs/a/bilde.jpg".into(),
            url: "kurs/a/bilde.jpg".into(),
            size: 1,
            picture: Some(Ok(Picture {
                format: Format::Jpeg,
                width: 1200,
                height: 800,
                moving: false,
            })),
        };
        assert_eq!(
            attributes(&asset, "kurs/a/modul/", ImageUse::Later),
            " width=\"1200\" height=\"800\" srcset=\"../../../kurs/a/bilde.480w.jpg 480w, ../../../kurs/a/bilde.960w.jpg 960w, ../../../kurs/a/bilde.jpg 1200w\" sizes=\"(min-width: 50em) 48em, 100vw\" loading=\"lazy\""
        );
        let svg = Asset {
            picture: None,
            ..asset
        };
        assert_eq!(attributes(&svg, "kurs/a/", ImageUse::FirstScreen), "");
    }
}
