//! Turning names into URL segments and HTML ids.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters_are_spelled_out() {
        assert_eq!(slugify("Mål for kurset"), "mal-for-kurset");
        assert_eq!(slugify("Sjømat og havbruk"), "sjomat-og-havbruk");
        assert_eq!(slugify("Ærlig talt!"), "aerlig-talt");
        assert_eq!(slugify("  A1 / A2  "), "a1-a2");
        assert_eq!(slugify("Matfag/matproduksjon"), "matfag-matproduksjon");
    }
}

/// A key that sorts Norwegian text the Norwegian way: case-insensitive,
/// with æ, ø, å after z (byte order would put å before æ).
pub fn sort_key(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' => '\u{7b}',
            'ø' => '\u{7c}',
            'å' => '\u{7d}',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod sort_tests {
    use super::sort_key;

    #[test]
    fn aa_comes_last() {
        let mut names = vec!["Ålesund", "Øksnes", "Ærø", "Zebra", "arendal"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["arendal", "Zebra", "Ærø", "Øksnes", "Ålesund"]);
    }
}
