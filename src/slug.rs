//! Turning names into URL segments and HTML ids, and percent-encoding URL parts.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// "Mål for kurset" → "mal-for-kurset"; "Sjømat og havbruk" → "sjomat-og-havbruk".
///
/// Norwegian letters are spelled the way Norwegians write them in addresses
/// (æ → ae, ø → o, å → a) so URLs stay readable and typeable everywhere;
/// letters of other scripts (Arabic) are kept, as browsers show them as text.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'æ' => "ae",
            'ø' | 'ö' => "o",
            'å' | 'ä' | 'á' | 'à' => "a",
            'é' | 'è' | 'ê' => "e",
            'ü' => "u",
            _ => "",
        };
        if !mapped.is_empty() || c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            if mapped.is_empty() {
                slug.push(c);
            } else {
                slug.push_str(mapped);
            }
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Unreserved characters (RFC 3986) stay as they are; everything else is
/// written `%XX`.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
const NOT_UNRESERVED_OR_SLASH: &AsciiSet = &NOT_UNRESERVED.remove(b'/');

/// Percent-encodes a URL path: file names may hold spaces, `#`, `%` or
/// letters like ø, and each must reach the server as the name it is.
/// Unreserved characters and `/` stay as they are.
pub fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    push_encoded_path(&mut encoded, path);
    encoded
}

/// `encode_path`, written at the end of `out`.
pub fn push_encoded_path(out: &mut String, path: &str) {
    out.extend(utf8_percent_encode(path, NOT_UNRESERVED_OR_SLASH));
}

/// Percent-encodes a URL's part where `/` is not a separator (a `mailto:`
/// subject, RFC 6068): everything but unreserved characters.
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the slug fuzz target: letters of any script stay, in lower
    /// case where the script has one (a mathematical letter has none).
    #[test]
    fn letters_of_every_script_stay_letters() {
        assert_eq!(slugify("ΞΈ ΘΕΜΑ"), "ξέ-θεμα");
        assert_eq!(slugify("\u{1D79E}-\u{1E85E}"), "\u{1D79E}-\u{1E85E}");
        assert_eq!(slugify("دورة التنظيف"), "دورة-التنظيف");
    }

    #[test]
    fn norwegian_letters_are_spelled_out() {
        assert_eq!(slugify("Mål for kurset"), "mal-for-kurset");
        assert_eq!(slugify("Sjømat og havbruk"), "sjomat-og-havbruk");
        assert_eq!(slugify("Ærlig talt!"), "aerlig-talt");
        assert_eq!(slugify("  A1 / A2  "), "a1-a2");
        assert_eq!(slugify("Matfag/matproduksjon"), "matfag-matproduksjon");
    }
}
