//! How files are shown and named: "PDF, 826 KB", and content-hashed names
//! for the theme's CSS and JS so hosts can cache them for ever.

use crate::lang::Language;

/// The file type as readers know it, from the extension: "PDF", "DOCX".
pub fn type_label(file_name: &str) -> String {
    match file_name.rsplit_once('.') {
        Some((_, ext)) if ext.eq_ignore_ascii_case("jpeg") => "JPG".to_owned(),
        Some((_, ext)) => ext.to_ascii_uppercase(),
        None => "FIL".to_owned(),
    }
}

/// "826 KB", "1,2 MB" (with the language's decimal mark), "312 byte".
pub fn size_label(bytes: u64, language: Language) -> String {
    const KB: f64 = 1024.0;
    let size = bytes as f64;
    let (value, unit) = if bytes < 1024 {
        return format!(
            "{bytes} {}",
            if language == Language::En {
                "bytes"
            } else {
                "byte"
            }
        );
    } else if size < KB * KB {
        (format!("{}", (size / KB).round() as u64), "KB")
    } else {
        (format!("{:.1}", size / KB / KB), "MB")
    };
    let value = if matches!(language, Language::En) {
        value
    } else {
        value.replace('.', ",")
    };
    format!("{value} {unit}")
}

/// FNV-1a, 64 bits: a stable fingerprint for cache-busting file names. Not
/// for security; stable across Rust versions, unlike `DefaultHasher`.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

/// `style.css` → `style.1a2b3c4d.css`.
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", fingerprint(bytes)),
        None => format!("{path}.{}", fingerprint(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_the_reference_pages() {
        assert_eq!(size_label(826 * 1024, Language::Nb), "826 KB");
        assert_eq!(size_label(1_258_291, Language::Nb), "1,2 MB");
        assert_eq!(size_label(1_258_291, Language::En), "1.2 MB");
        assert_eq!(size_label(312, Language::Nb), "312 byte");
        assert_eq!(type_label("Presentasjon.pdf"), "PDF");
        assert_eq!(type_label("bilde.jpeg"), "JPG");
    }

    #[test]
    fn hashed_names_change_with_content() {
        assert_ne!(
            hashed_name("style.css", b"a"),
            hashed_name("style.css", b"b")
        );
        assert!(hashed_name("style.css", b"a").starts_with("style."));
        assert!(hashed_name("style.css", b"a").ends_with(".css"));
    }
}
