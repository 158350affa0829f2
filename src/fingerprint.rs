//! Content-hashed file names, so a host may let browsers cache a file
//! forever: a changed file gets a new name.

/// FNV-1a, 64 bits: a stable fingerprint for cache-busting file names. Not
/// for security; stable across Rust versions, unlike `DefaultHasher`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_on(FNV_OFFSET, bytes)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes`, going on from `hash`.
fn fnv1a_on(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Eight hex digits of `fnv1a`: enough for the theme's few files.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!("{:08x}", fnv1a(bytes) >> 32)
}

/// `style.css` → `style.1a2b3c4d.css`.
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", fingerprint(bytes)),
        None => format!("{path}.{}", fingerprint(bytes)),
    }
}

/// FNV-1a as a `Hasher`, for maps keyed by short words on the hot path of
/// the search phase, where std's SipHash (made to resist crafted keys, which
/// a site's own words are not a risk for) costs more than the work itself.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(FNV_OFFSET)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a_on(self.0, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hasher for long inputs (every page's body, for the search index's
/// name): SipHash-1-3 with fixed keys, eight bytes a step where FNV takes
/// one (0.25 CPU-s of FNV on 20,000 pages, which every page waited for).
/// Its output is specified byte for byte, so the same site gives the same
/// names on every machine, as FNV did.
pub fn long_input_hasher() -> impl std::hash::Hasher {
    siphasher::sip::SipHasher13::new_with_keys(LONG_INPUT_KEYS.0, LONG_INPUT_KEYS.1)
}

/// Any numbers will do; these are "kurs" and "portal" in ASCII.
const LONG_INPUT_KEYS: (u64, u64) = (0x6b75_7273, 0x706f_7274_616c);

/// A `HashMap` with `Fnv`.
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
/// A `HashSet` with `Fnv`.
pub type FnvSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The search files' names come from this hasher: its numbers must be
    /// the same on every machine and in every build, or the same site built
    /// on two machines would name its files differently.
    #[test]
    fn the_long_input_fingerprint_is_the_same_everywhere() {
        use std::hash::Hasher as _;
        let mut hash = long_input_hasher();
        hash.write(b"Renhold og smittevern");
        hash.write(&[0xc3, 0xa6, 0, 255]);
        // SipHash-1-3 of these bytes with these keys, as the algorithm's
        // description gives it (checked against an implementation of its own).
        assert_eq!(hash.finish(), 1_495_133_942_968_328_418);
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
