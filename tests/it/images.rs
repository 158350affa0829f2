//! Pictures in bodies, as a phone meets them: each is sized, so the text
//! does not jump while it loads; those below the first screen load only
//! when they near it; and a narrow screen fetches a smaller copy. Copies
//! are made once and kept by the picture's content.

use std::io::Cursor;
use std::path::Path;

use image::{GenericImageView as _, ImageEncoder as _};

use crate::support::{attribute_values, course, picture, Site, COURSE_SECTION};

const MODULE: &str = "kurs/renhold/01-utstyr/index.html";

/// A course module that opens with a photo, shows a drawing further down
/// and an icon last.
fn fixture() -> Site {
    let site = Site::new();
    let words = "Vogna har bøtter, kluter og mopper i faste farger. ".repeat(20);
    let body = format!(
        "+++\ntitle = \"Utstyr\"\nweight = 1\n+++\n![En renholdsvogn med bøtter og mopper](vogn.jpg)\n\n## Rommene\n\n{words}\n\n![Kart over rommene som skal vaskes](bilder/kart.png)\n\n![Symbol for våtrom](ikon.svg)\n"
    );
    site.file("content/kurs/_index.md", COURSE_SECTION)
        .file("content/kurs/renhold/index.md", &course("Renhold", ""))
        .file("content/kurs/renhold/01-utstyr.md", &body)
        .picture("content/kurs/renhold/vogn.jpg", 1200, 800)
        .picture("content/kurs/renhold/bilder/kart.png", 700, 400)
        .file(
            "content/kurs/renhold/ikon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>",
        );
    site
}

/// The `<img …>` tags of a page, in order.
fn img_tags(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap() + 1])
        .collect()
}

/// The size of the picture at `path` in the output.
fn size_of(out: &Path, path: &str) -> (u32, u32) {
    let full = out.join(path);
    image::open(&full)
        .unwrap_or_else(|e| panic!("{}: {e}", full.display()))
        .dimensions()
}

#[test]
fn a_picture_is_sized_and_offered_in_smaller_copies_that_exist() {
    let site = fixture();
    site.build();
    let html = site.read(MODULE);
    let tags = img_tags(&html);
    assert_eq!(tags.len(), 3, "{html}");
    let (photo, drawing, icon) = (tags[0], tags[1], tags[2]);

    // The photo opens the body: sized, and loaded with the page.
    assert!(photo.contains(" width=\"1200\" height=\"800\""), "{photo}");
    assert!(!photo.contains("loading="), "on the first screen: {photo}");
    let srcset = &attribute_values(photo, "srcset")[0];
    let candidates: Vec<(&str, &str)> = srcset
        .split(", ")
        .map(|c| c.split_once(' ').unwrap())
        .collect();
    let widths: Vec<&str> = candidates.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, ["480w", "960w", "1200w"], "{photo}");
    assert_eq!(
        attribute_values(photo, "sizes"),
        ["(min-width: 50em) 48em, 100vw"]
    );
    let page = "kurs/renhold/01-utstyr/";
    let found: Vec<(String, (u32, u32))> = candidates
        .iter()
        .map(|(address, _)| {
            let path = kursportal::model::urls::resolve(page, address).unwrap();
            let size = size_of(&site.out(), &path);
            (path, size)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("kurs/renhold/vogn.480w.jpg".to_owned(), (480, 320)),
            ("kurs/renhold/vogn.960w.jpg".to_owned(), (960, 640)),
            ("kurs/renhold/vogn.jpg".to_owned(), (1200, 800)),
        ],
        "every address in srcset is a picture of the width it claims"
    );
    let copy = std::fs::read(site.out().join("kurs/renhold/vogn.480w.jpg")).unwrap();
    let original = std::fs::read(site.out().join("kurs/renhold/vogn.jpg")).unwrap();
    assert!(
        copy.len() * 3 < original.len(),
        "a copy for phones weighs less: {} against {}",
        copy.len(),
        original.len()
    );

    // The drawing is further down: lazy, and one copy (it is 700 wide).
    assert!(
        drawing.contains(" width=\"700\" height=\"400\""),
        "{drawing}"
    );
    assert!(drawing.contains(" loading=\"lazy\""), "{drawing}");
    let srcset = &attribute_values(drawing, "srcset")[0];
    assert!(
        srcset.ends_with("/bilder/kart.480w.png 480w, ../../../kurs/renhold/bilder/kart.png 700w"),
        "{srcset}"
    );
    assert_eq!(
        size_of(&site.out(), "kurs/renhold/bilder/kart.480w.png"),
        (480, 274)
    );
    assert!(
        !site.exists("kurs/renhold/bilder/kart.960w.png"),
        "no copy wider than the picture"
    );

    // An SVG has no pixels to count: lazy, as it is.
    assert!(icon.contains(" loading=\"lazy\""), "{icon}");
    assert!(
        !icon.contains("width=") && !icon.contains("srcset"),
        "{icon}"
    );
}

#[test]
fn copies_are_made_once_and_taken_from_the_cache_while_the_picture_is_the_same() {
    let site = fixture();
    let first = site.says(&["build"]);
    assert!(
        first.contains("Pictures: 2 pictures with 3 smaller copies for phones (3 made, 0 from .kursportal-cache/)"),
        "{first}"
    );
    let copy_before = std::fs::read(site.out().join("kurs/renhold/vogn.960w.jpg")).unwrap();
    let gitignore = std::fs::read_to_string(site.root().join(".kursportal-cache/.gitignore"));
    assert!(
        gitignore.unwrap().contains("\n*\n"),
        "git leaves the cache alone"
    );

    let again = site.says(&["build"]);
    assert!(
        again.contains("(0 made, 3 from .kursportal-cache/)"),
        "{again}"
    );
    let copy_after = std::fs::read(site.out().join("kurs/renhold/vogn.960w.jpg")).unwrap();
    assert_eq!(copy_before, copy_after);

    // Another photo under the same name: its copies are made, the drawing's taken.
    site.picture("content/kurs/renhold/vogn.jpg", 2000, 1000);
    let changed = site.says(&["build"]);
    assert!(
        changed.contains("(2 made, 1 from .kursportal-cache/)"),
        "{changed}"
    );
    assert!(site
        .read(MODULE)
        .contains(" width=\"2000\" height=\"1000\""));
    assert_eq!(
        size_of(&site.out(), "kurs/renhold/vogn.960w.jpg"),
        (960, 480)
    );

    // Without the cache, the same copies are made again.
    std::fs::remove_dir_all(site.root().join(".kursportal-cache")).unwrap();
    let before = std::fs::read(site.out().join("kurs/renhold/vogn.480w.jpg")).unwrap();
    let fresh = site.says(&["build"]);
    assert!(fresh.contains("(3 made, 0 from"), "{fresh}");
    assert_eq!(
        std::fs::read(site.out().join("kurs/renhold/vogn.480w.jpg")).unwrap(),
        before
    );
}

#[test]
fn check_makes_no_copies() {
    let site = fixture();
    let output = site.run(&["check"]);
    assert!(output.status.success(), "{output:?}");
    assert!(!site.root().join(".kursportal-cache").exists());
    // Not made and dropped either: checking decodes, and makes nothing.
    let checked = kursportal::check(&site.options()).unwrap();
    assert_eq!(checked.pictures.made, 0);
}

/// A phone stores a photo on its side with a tag that says how to turn
/// it; browsers turn it, so its size and its copies are upright too.
#[test]
fn a_photo_taken_upright_is_sized_and_copied_upright() {
    let site = fixture();
    std::fs::write(
        site.root().join("content/kurs/renhold/vogn.jpg"),
        jpeg_turned(1200, 800, 6),
    )
    .unwrap();
    site.build();
    let html = site.read(MODULE);
    assert!(html.contains(" width=\"800\" height=\"1200\""), "{html}");
    assert_eq!(
        size_of(&site.out(), "kurs/renhold/vogn.480w.jpg"),
        (480, 720)
    );
}

/// The smallest EXIF block: one orientation tag (TIFF, big-endian).
pub fn exif_orientation(orientation: u16) -> Vec<u8> {
    let mut exif = b"MM\0\x2a\0\0\0\x08".to_vec();
    exif.extend_from_slice(&1u16.to_be_bytes()); // one entry
    exif.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    exif.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    exif.extend_from_slice(&1u32.to_be_bytes()); // one value
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0]);
    exif.extend_from_slice(&0u32.to_be_bytes()); // no next directory
    exif
}

#[test]
fn a_picture_that_cannot_be_read_stops_the_build_at_its_line() {
    let site = fixture();
    site.build();
    let before = site.read(MODULE);
    site.file(
        "content/kurs/renhold/bilder/kart.png",
        "saved from an e-mail as text",
    );
    let said = site.fails(&["build"]);
    assert!(
        said.contains("error: the picture `bilder/kart.png` cannot be read"),
        "{said}"
    );
    assert!(
        said.contains("content/kurs/renhold/01-utstyr.md:11:38"),
        "{said}"
    );
    assert!(said.contains("save it again as JPEG or PNG"), "{said}");
    assert_eq!(site.read(MODULE), before, "the previous site stays");
}

#[test]
fn a_file_named_like_a_copy_stops_the_build_and_names_both() {
    let site = fixture();
    site.picture("content/kurs/renhold/vogn.480w.jpg", 10, 10);
    let said = site.fails(&["build"]);
    assert!(
        said.contains("content/kurs/renhold/vogn.480w.jpg and a smaller copy of content/kurs/renhold/vogn.jpg would both be written to /kurs/renhold/vogn.480w.jpg"),
        "{said}"
    );
    assert!(
        said.contains("names ending in `.480w.jpg` or `.960w.jpg` are the build's own"),
        "{said}"
    );
}

/// A picture saved with the wrong ending shows in a browser, which reads
/// what the bytes say: so does the build, and its copies are what their
/// names say.
#[test]
fn a_png_saved_as_jpg_is_read_as_what_it_is() {
    let site = fixture();
    let path = site.root().join("content/kurs/renhold/vogn.jpg");
    picture(1200, 800)
        .save_with_format(&path, image::ImageFormat::Png)
        .unwrap();
    site.build();
    assert!(site.read(MODULE).contains(" width=\"1200\" height=\"800\""));
    let copy = std::fs::read(site.out().join("kurs/renhold/vogn.480w.jpg")).unwrap();
    assert!(copy.starts_with(&[0xFF, 0xD8]), "the copy is a JPEG");
}

/// A JPEG with `orientation` in its EXIF block (the rest the same bytes).
fn jpeg_turned(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let mut jpeg = Cursor::new(Vec::new());
    let mut encoder = image::codecs::jpeg::JpegEncoder::new(&mut jpeg);
    encoder
        .set_exif_metadata(exif_orientation(orientation))
        .unwrap();
    let stored = picture(width, height).to_rgb8();
    encoder
        .write_image(&stored, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    jpeg.into_inner()
}

/// Turning a photo in a viewer may change only its orientation tag: the
/// same number of bytes. The preview still sees a new picture.
#[test]
fn the_preview_sees_a_photo_turned_in_place() {
    use kursportal::serve::Preview;
    let site = fixture();
    let photo = site.root().join("content/kurs/renhold/vogn.jpg");
    std::fs::write(&photo, jpeg_turned(2000, 1200, 1)).unwrap();
    let mut preview = Preview::new(site.options());
    preview.rebuild(&[]).unwrap();
    let turned = jpeg_turned(2000, 1200, 6);
    assert_eq!(
        turned.len(),
        std::fs::metadata(&photo).unwrap().len() as usize
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&photo, turned).unwrap();
    preview
        .rebuild(&[std::path::PathBuf::from("content/kurs/renhold/vogn.jpg")])
        .unwrap();
    let files = preview.files();
    let page = String::from_utf8_lossy(&files[MODULE]).into_owned();
    assert!(page.contains(" width=\"1200\" height=\"2000\""), "{page}");
    let copy = image::load_from_memory(&files["kurs/renhold/vogn.480w.jpg"]).unwrap();
    assert_eq!(copy.dimensions(), (480, 800));
}

/// A copy in the cache that was cut short or emptied is made again, never
/// published as it is.
#[test]
fn a_broken_copy_in_the_cache_is_made_again() {
    let site = fixture();
    site.build();
    let good = std::fs::read(site.out().join("kurs/renhold/vogn.480w.jpg")).unwrap();
    let cache = site.root().join(".kursportal-cache/pictures");
    let mut kept: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-480x320.jpg"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let kept = kept.pop().unwrap();
    std::fs::write(&kept, &good[..good.len() / 2]).unwrap();
    let output = site.says(&["build"]);
    // The photo's copies are made again, both, the same as before.
    assert!(output.contains("(2 made, 1 from"), "{output}");
    let remade = std::fs::read(site.out().join("kurs/renhold/vogn.480w.jpg")).unwrap();
    assert!(remade == good, "the same copy as before");
    std::fs::write(&kept, b"").unwrap();
    site.build();
    let remade = std::fs::read(site.out().join("kurs/renhold/vogn.480w.jpg")).unwrap();
    assert!(remade == good, "the same copy as before");
}

/// What stops a build stops `check` too: a picture whose header is whole
/// but whose pixels are cut off.
#[test]
fn check_finds_a_picture_cut_short_as_build_does() {
    let site = fixture();
    let path = site.root().join("content/kurs/renhold/bilder/kart.png");
    let whole = std::fs::read(&path).unwrap();
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    for command in ["check", "build"] {
        let said = site.fails(&[command]);
        assert!(
            said.contains("error: the picture `kart.png` cannot be read: what is inside is not a whole JPEG, PNG, WebP or GIF picture, whatever its name says: it may be cut short")
                && said.contains("content/kurs/renhold/bilder/kart.png"),
            "{command}: {said}"
        );
    }
}

/// A photo saved at low quality, little wider than a copy, weighs less
/// than that copy written at the copies' quality: a phone then gets the
/// original's bytes, never more.
#[test]
fn a_copy_never_weighs_more_than_its_original() {
    let site = fixture();
    let mut jpeg = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 5);
    picture(1000, 600).write_with_encoder(encoder).unwrap();
    std::fs::write(site.root().join("content/kurs/renhold/vogn.jpg"), &jpeg).unwrap();
    site.build();
    let original = std::fs::read(site.out().join("kurs/renhold/vogn.jpg")).unwrap();
    let mut served_whole = 0;
    for copy in ["vogn.480w.jpg", "vogn.960w.jpg"] {
        let bytes = std::fs::read(site.out().join("kurs/renhold").join(copy)).unwrap();
        assert!(
            bytes.len() <= original.len(),
            "{copy}: {} > {}",
            bytes.len(),
            original.len()
        );
        served_whole += usize::from(bytes == original);
    }
    // A copy of so light a photo would weigh more than it: the copy's address
    // serves the original (else this test would not test the guard).
    assert!(served_whole >= 1, "no copy was served as the original");
}

/// An image written inside another's description is text, never drawn:
/// it gets no copies.
#[test]
fn a_picture_inside_a_description_gets_no_copies() {
    let site = fixture();
    site.picture("content/kurs/renhold/b.png", 1000, 600)
        .picture("content/kurs/renhold/vogn2.jpg", 1200, 800)
        .file(
            "content/kurs/renhold/02-mer.md",
            "+++\ntitle = \"Mer\"\nweight = 2\n+++\n![Vogna ![b](b.png) igjen](vogn2.jpg)\n",
        );
    site.build();
    assert!(
        site.exists("kurs/renhold/vogn2.480w.jpg"),
        "the outer picture has its copies"
    );
    assert!(!site.exists("kurs/renhold/b.480w.png"));
}
