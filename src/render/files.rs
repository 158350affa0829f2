//! How files are shown to readers: "PDF, 826 KB".

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_the_reference_pages() {
        assert_eq!(size_label(826 * 1024, Language::Nb), "826 KB");
        assert_eq!(size_label(1_258_291, Language::Nb), "1,2 MB");
        assert_eq!(size_label(1_258_291, Language::En), "1.2 MB");
        assert_eq!(size_label(312, Language::Nb), "312 byte");
        assert_eq!(size_label(312, Language::En), "312 bytes");
        // The edges: 1023 bytes are bytes, 1024 a kilobyte; sizes round to
        // the nearest, not down (1,66 KB is 2 KB; 1,26 MB is 1,3 MB).
        assert_eq!(size_label(1023, Language::Nb), "1023 byte");
        assert_eq!(size_label(1024, Language::Nb), "1 KB");
        assert_eq!(size_label(1700, Language::Nb), "2 KB");
        assert_eq!(size_label(1_321_206, Language::Nb), "1,3 MB");
        assert_eq!(size_label(1024 * 1024, Language::Nb), "1,0 MB");
        assert_eq!(type_label("Presentasjon.pdf"), "PDF");
        assert_eq!(type_label("bilde.jpeg"), "JPG");
    }
}
