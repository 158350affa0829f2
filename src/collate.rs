//! Alphabetical order in each language, by the Unicode Collation Algorithm
//! with the language's own tailoring (ICU4X's `icu_collator`, its data built
//! in): Bokmål and Nynorsk put Æ, Ø and Å after Z (and `aa` with `å`),
//! Arabic follows its alphabet, English the root order. Lists are sorted by
//! sort keys, made once per item, never by comparing strings pairwise.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::{CollatorOptions, Strength};
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

/// How `a` and `b` compare in `language`'s alphabetical order.
pub fn compare(language: Language, a: &str, b: &str) -> Ordering {
    collator(language).compare(a, b)
}

/// Whether two letters are one letter of `language`'s alphabet: equal when
/// marks and case are not counted (`Å` is `A` in English, not in Norwegian).
pub fn same_letter(language: Language, a: &str, b: &str) -> bool {
    letter_collator(language).compare(a, b) == Ordering::Equal
}

fn collator(language: Language) -> &'static CollatorBorrowed<'static> {
    static COLLATORS: OnceLock<Vec<CollatorBorrowed<'static>>> = OnceLock::new();
    let collators = COLLATORS.get_or_init(|| {
        Language::ALL
            .map(|l| new_collator(l, CollatorOptions::default()))
            .into()
    });
    &collators[position(language)]
}

fn letter_collator(language: Language) -> &'static CollatorBorrowed<'static> {
    static COLLATORS: OnceLock<Vec<CollatorBorrowed<'static>>> = OnceLock::new();
    let collators = COLLATORS.get_or_init(|| {
        let mut primary = CollatorOptions::default();
        primary.strength = Some(Strength::Primary);
        Language::ALL.map(|l| new_collator(l, primary)).into()
    });
    &collators[position(language)]
}

fn position(language: Language) -> usize {
    let index = Language::ALL.iter().position(|&l| l == language);
    index.expect("Language::ALL holds every language")
}

fn new_collator(language: Language, options: CollatorOptions) -> CollatorBorrowed<'static> {
    let locale: Locale = language
        .code()
        .parse()
        .expect("a language code is a valid locale");
    CollatorBorrowed::try_new(locale.into(), options)
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
    fn a_letter_with_a_ring_is_its_own_letter_only_in_norwegian() {
        use super::same_letter;
        assert!(same_letter(Language::En, "Å", "A"));
        assert!(same_letter(Language::En, "a", "A"));
        assert!(!same_letter(Language::Nb, "Å", "A"));
        assert!(!same_letter(Language::Nn, "Ø", "O"));
        assert!(same_letter(Language::Nb, "å", "Å"));
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
