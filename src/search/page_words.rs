//! One page's words, each distinct word numbered within the page, so each
//! word of the text is looked up once: what a field counts, which words
//! tell what the page is about, and where they stand for its excerpt are
//! all read from the numbers.
//!
//! A thread keeps one `PageWords` and clears it for each page, so a page
//! costs no allocation once the first pages have grown it.

use hashbrown::HashTable;

/// The fields words are counted in, in `STEM_FIELDS` order.
pub const FIELDS: usize = 4;
pub const TITLE: usize = 0;
pub const HEADINGS: usize = 1;
pub const SUMMARY: usize = 2;
pub const BODY: usize = 3;

/// A page's distinct words with their counts per field, and the body's
/// words in order.
#[derive(Default)]
pub struct PageWords {
    /// Each distinct word once, one after the other.
    text: String,
    /// Where each distinct word ends in `text`, by number.
    ends: Vec<u32>,
    /// The numbers, found by the word's hash.
    table: HashTable<u32>,
    /// How often each word is in each field, by number.
    counts: Vec<[u32; FIELDS]>,
    /// The body's words in order: number, and the byte offset it starts at.
    body: Vec<(u32, u32)>,
}

impl PageWords {
    /// Forgets the last page, keeping the room it took.
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.table.clear();
        self.counts.clear();
        self.body.clear();
    }

    /// Counts `word` once in `field`.
    pub fn add(&mut self, field: usize, word: &str) {
        self.count(field, word);
    }

    /// Counts `word` once in the body, where it starts at byte `start`.
    pub fn add_to_body(&mut self, word: &str, start: usize) {
        let number = self.count(BODY, word);
        self.body.push((number, start as u32));
    }

    /// How many distinct words the page has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The word numbered `number`.
    pub fn word(&self, number: u32) -> &str {
        word_in(&self.text, &self.ends, number)
    }

    /// How often the word numbered `number` is in each field.
    pub fn counts(&self, number: u32) -> [u32; FIELDS] {
        self.counts[number as usize]
    }

    /// The body's words in order: number, and the byte offset it starts at.
    pub fn body(&self) -> &[(u32, u32)] {
        &self.body
    }

    /// Counts `word` once in `field`; gives its number.
    fn count(&mut self, field: usize, word: &str) -> u32 {
        let number = self.number(word);
        self.counts[number as usize][field] += 1;
        number
    }

    fn number(&mut self, word: &str) -> u32 {
        let (text, ends) = (&self.text, &self.ends);
        let hash = quick_hash(word);
        let same = |&n: &u32| word_in(text, ends, n) == word;
        if let Some(&number) = self.table.find(hash, same) {
            return number;
        }
        let number = self.ends.len() as u32;
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
        self.counts.push([0; FIELDS]);
        let (text, ends) = (&self.text, &self.ends);
        let rehash = |&n: &u32| quick_hash(word_in(text, ends, n));
        self.table.insert_unique(hash, number, rehash);
        number
    }
}

/// A hash of a word for the page's table, kept nowhere else: eight bytes
/// a step, where FNV takes one byte a step, each waiting for the last.
fn quick_hash(word: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut hash = word.len() as u64;
    for chunk in word.as_bytes().chunks(8) {
        let mut bytes = [0u8; 8];
        bytes[..chunk.len()].copy_from_slice(chunk);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(bytes)).wrapping_mul(K);
    }
    // The table picks a slot by the low bits, which the multiplications
    // fill only from the low bits of the words: the high bits go in too.
    hash ^ (hash >> 32)
}

fn word_in<'a>(text: &'a str, ends: &[u32], number: u32) -> &'a str {
    let n = number as usize;
    let start = if n == 0 { 0 } else { ends[n - 1] as usize };
    &text[start..ends[n] as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_numbered_once_and_counted_per_field() {
        let mut words = PageWords::default();
        words.add(TITLE, "renhold");
        words.add_to_body("kurs", 0);
        words.add_to_body("renhold", 5);
        words.add_to_body("kurs", 13);
        words.add(HEADINGS, "kurs");
        assert_eq!(words.len(), 2);
        assert_eq!((words.word(0), words.word(1)), ("renhold", "kurs"));
        assert_eq!(words.counts(0), [1, 0, 0, 1]);
        assert_eq!(words.counts(1), [0, 1, 0, 2]);
        assert_eq!(words.body(), [(1, 0), (0, 5), (1, 13)]);
        words.clear();
        words.add(SUMMARY, "kurs");
        assert_eq!((words.len(), words.word(0)), (1, "kurs"));
        assert_eq!(words.counts(0), [0, 0, 1, 0]);
        assert!(words.body().is_empty());
    }
}
