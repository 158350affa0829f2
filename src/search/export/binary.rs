//! The bytes of the browser's index files: the writer's encoders and the
//! reader (`read`) that the round-trip test holds them to, as
//! `themes/standard/static/search.js` reads them.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Context, Result};

use super::{FileKind, IndexData, Meta, Posting, ResultRow, TermEntry, BODY, FORMAT};

/// A term shard: the number of terms, then per term its bytes after those
/// it shares with the previous term (`shared`, `rest length`, `rest`), a
/// byte with one bit per field it is in, and per such field the number of
/// postings and each posting as: the document minus the previous one, times
/// two, plus 1 when the term frequency is above 1; then, if so, the
/// frequency minus 2; then the field-length code (one byte), except in the
/// body, whose codes are in the meta file once per page (`Meta::body_lengths`).
/// Numbers are LEB128 varints.
pub(super) fn encode_terms(entries: &[TermEntry], out: &mut Vec<u8>) {
    varint(entries.len() as u64, out);
    let mut previous: &[u8] = &[];
    for entry in entries {
        let bytes = entry.term.as_bytes();
        let shared = bytes
            .iter()
            .zip(previous)
            .take_while(|(a, b)| a == b)
            .count();
        varint(shared as u64, out);
        varint((bytes.len() - shared) as u64, out);
        out.extend_from_slice(&bytes[shared..]);
        previous = bytes;
        let mask = entry
            .fields
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_empty())
            .fold(0u8, |mask, (slot, _)| mask | 1 << slot);
        out.push(mask);
        for (slot, postings) in entry.fields.iter().enumerate() {
            if postings.is_empty() {
                continue;
            }
            varint(postings.len() as u64, out);
            let mut last = 0;
            for p in postings {
                // Most terms are in a field once: the gap's low bit says
                // whether a frequency above 1 follows.
                let gap = u64::from(p.doc - last);
                varint(gap << 1 | u64::from(p.tf > 1), out);
                if p.tf > 1 {
                    varint(u64::from(p.tf - 2), out);
                }
                if slot != BODY {
                    out.push(p.norm);
                }
                last = p.doc;
            }
        }
    }
}

/// The facet file: the number of facets, then per facet its key (length,
/// bytes), its page count and the pages as differences.
pub(super) fn encode_facets(facets: &BTreeMap<String, Vec<u32>>) -> Vec<u8> {
    let mut out = Vec::new();
    varint(facets.len() as u64, &mut out);
    for (key, docs) in facets {
        varint(key.len() as u64, &mut out);
        out.extend_from_slice(key.as_bytes());
        varint(docs.len() as u64, &mut out);
        let mut last = 0;
        for &doc in docs {
            varint(u64::from(doc - last), &mut out);
            last = doc;
        }
    }
    out
}

fn varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a language's files back (`files` by path from the output root).
pub fn read(files: &BTreeMap<String, Vec<u8>>, meta_path: &str) -> Result<(Meta, IndexData)> {
    let folder = meta_path.rsplit_once('/').map_or("", |(f, _)| f);
    let file = |name: &str| {
        files
            .get(&format!("{folder}/{name}"))
            .ok_or_else(|| anyhow!("the index has no file {name}"))
    };
    let meta: Meta = serde_json::from_slice(
        files
            .get(meta_path)
            .ok_or_else(|| anyhow!("no meta file {meta_path}"))?,
    )?;
    if meta.format != FORMAT {
        bail!("index format {} is not {FORMAT}", meta.format);
    }
    let mut terms = Vec::new();
    for (_, hash) in &meta.shards {
        let mut reader = Reader::new(file(&FileKind::Terms.name(hash))?);
        terms.extend(reader.terms(&meta.body_lengths)?);
    }
    let mut results = Vec::new();
    for (_, hash) in &meta.results {
        let bytes = file(&FileKind::Results.name(hash))?;
        results.extend(serde_json::from_slice::<Vec<ResultRow>>(bytes)?);
    }
    let facets = Reader::new(file(&FileKind::Facets.name(&meta.facets))?).facets()?;
    let data = IndexData {
        language: meta.language.clone(),
        fields: meta.fields.clone(),
        terms,
        results,
        facets,
    };
    Ok((meta, data))
}

/// Reads the binary files, as `search.js` does.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.at).context("the file ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        bail!("a number is too long")
    }

    fn number(&mut self) -> Result<u32> {
        Ok(u32::try_from(self.varint()?)?)
    }

    fn slice(&mut self, len: usize) -> Result<&'a [u8]> {
        let end = self.at + len;
        let s = self
            .bytes
            .get(self.at..end)
            .context("the file ends early")?;
        self.at = end;
        Ok(s)
    }

    fn terms(&mut self, body_lengths: &[u8]) -> Result<Vec<TermEntry>> {
        let count = self.varint()?;
        let mut previous: Vec<u8> = Vec::new();
        let mut out = Vec::new();
        for _ in 0..count {
            let shared = self.varint()? as usize;
            let rest = self.varint()? as usize;
            previous.truncate(shared);
            previous.extend_from_slice(self.slice(rest)?);
            let term = String::from_utf8(previous.clone())?;
            let mask = self.byte()?;
            let mut fields: [Vec<Posting>; 4] = Default::default();
            for (slot, postings) in fields.iter_mut().enumerate() {
                if mask & (1 << slot) != 0 {
                    let lengths = (slot == BODY).then_some(body_lengths);
                    *postings = self.postings(lengths)?;
                }
            }
            out.push(TermEntry { term, fields });
        }
        Ok(out)
    }

    /// A field's postings; `lengths` per page when they are not in them.
    fn postings(&mut self, lengths: Option<&[u8]>) -> Result<Vec<Posting>> {
        let count = self.varint()?;
        let mut doc = 0;
        let mut out = Vec::new();
        for _ in 0..count {
            let gap = self.varint()?;
            doc += u32::try_from(gap >> 1)?;
            let tf = if gap & 1 == 1 { self.number()? + 2 } else { 1 };
            let norm = match lengths {
                Some(lengths) => *lengths
                    .get(doc as usize)
                    .context("a page beyond the index")?,
                None => self.byte()?,
            };
            out.push(Posting { doc, tf, norm });
        }
        Ok(out)
    }

    fn facets(&mut self) -> Result<BTreeMap<String, Vec<u32>>> {
        let count = self.varint()?;
        let mut out = BTreeMap::new();
        for _ in 0..count {
            let len = self.varint()? as usize;
            let key = String::from_utf8(self.slice(len)?.to_vec())?;
            let mut doc = 0;
            let docs = (0..self.varint()?)
                .map(|_| {
                    doc += self.number()?;
                    Ok(doc)
                })
                .collect::<Result<Vec<u32>>>()?;
            out.insert(key, docs);
        }
        Ok(out)
    }
}
