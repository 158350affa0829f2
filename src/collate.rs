//! Alphabetical order in each language, by the Unicode Collation Algorithm
//! with the language's own tailoring (ICU4X's `icu_collator`, its data built
//! in): Bokmål and Nynorsk put Æ, Ø and Å after Z (and `aa` with `å`),
//! Arabic follows its alphabet, English the root order. Lists are sorted by
//! sort keys, made once per item, never by comparing strings pairwise.

use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::CollatorBorrowed;
use icu_locale_core::Locale;

use crate::lang::Language;

/// A sort key: bytes that compare in the language's alphabetical order.
pub type SortKey = Vec<u8>;

/// `text`'s sort key in `language`.
pub fn sort_key(language: Language, text: &str) -> SortKey {
    crate::work::did(crate::work::Task::SortKey);
    let mut key = Vec::with_capacity(text.len() * 2);
    let Ok(()) = collator(language).write_sort_key_to(text, &mut key);
    key
}

fn collator(language: Language) -> &'static CollatorBorrowed<'static> {
    static COLLATORS: OnceLock<Vec<CollatorBorrowed<'static>>> = OnceLock::new();
    let collators = COLLATORS.get_or_init(|| Language::ALL.map(new_collator).into());
    let index = Language::ALL.iter().position(|&l| l == language);
    &collators[index.expect("Language::ALL holds every language")]
}

fn new_collator(language: Language) -> CollatorBorrowed<'static> {
    let locale: Locale = language
        .code()
        .parse()
        .expect("a language code is a valid locale");
    CollatorBorrowed::try_new(locale.into(), CollatorOptions::default())
        .expect("the collation data of every language is built in")
}

#[cfg(test)]
mod tests {
    use super::sort_key;
    use crate::lang::Language;

    fn sorted(language: Language, names: &[&'static str]) -> Vec<&'static str> {
        let mut names = names.to_vec();
        names.sort_by_cached_key(|n| sort_key(language, n));
        names
    }

    #[test]
    fn norwegian_puts_ae_o_and_a_with_ring_after_z() {
        let names = ["Ålesund", "Øksnes", "Ærø", "Zebra", "arendal", "Aasen"];
        // `aa` is read as `å`: Aasen sorts as Åsen, after Ålesund
        let order = ["arendal", "Zebra", "Ærø", "Øksnes", "Ålesund", "Aasen"];
        assert_eq!(sorted(Language::Nb, &names), order);
        assert_eq!(sorted(Language::Nn, &names), order);
    }

    #[test]
    fn english_sorts_letters_with_marks_beside_their_base() {
        let names = ["Zebra", "Ålesund", "Øksnes", "arendal"];
        assert_eq!(
            sorted(Language::En, &names),
            ["Ålesund", "arendal", "Øksnes", "Zebra"]
        );
    }

    #[test]
    fn arabic_follows_its_alphabet() {
        // alif, ba, ta, jim: the first letters of the alphabet, given shuffled
        let names = ["جيم", "تاء", "ألف", "باء"];
        assert_eq!(sorted(Language::Ar, &names), ["ألف", "باء", "تاء", "جيم"]);
    }

    #[test]
    fn case_only_breaks_ties() {
        let names = ["renhold", "Renhold og smittevern", "Renhold"];
        assert_eq!(
            sorted(Language::Nb, &names),
            ["renhold", "Renhold", "Renhold og smittevern"]
        );
    }
}
