//! The skim's hook into repeated passages: which paragraphs and headings copy an earlier one,
//! and what the counter counted in them, so that the copies' share of the reading time is
//! known without keeping any text.
//!
//! A block is a copy as [`crate::repeats`] defines it: a block that may fold, with at least
//! [`MIN_CHARS`] characters, whose text without whitespace equals an earlier block's of its
//! class. The layout's detector compares those texts byte for byte, to fold them; the skim
//! only sums, so it compares each block by a 128-bit hash of that text, streamed as the skim
//! hands it over. (Keeping every block's text in a `String` for the detector was half the CPU
//! of a cold `--list` of the generated corpus.) Two different blocks with the same hash would
//! count one as repeated in the estimate; the reader, which folds, never relies on it.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};

use super::inline::Capture;
use crate::model::{RepeatStats, TextStats};
use crate::repeats::{BlockKind, MIN_CHARS, for_each_run};

/// The copies among the blocks seen so far, summed.
#[derive(Default)]
pub(super) struct Copies {
    /// The class and hash of each block that may fold and was not a copy.
    seen: HashSet<(u8, u128), foldhash::fast::FixedState>,
    repeats: RepeatStats,
}

impl Copies {
    /// The next block: its kind, its text as [`BlockText`] took it, and what the counter
    /// counted in it.
    pub(super) fn push(&mut self, kind: BlockKind, text: BlockText, counted: TextStats) {
        if !kind.foldable() || text.chars < MIN_CHARS {
            return;
        }
        let chars = text.chars;
        if !self.seen.insert((kind.class(), text.finish())) {
            self.repeats.stats.cjk_chars += counted.cjk_chars;
            self.repeats.stats.words += counted.words;
            self.repeats.chars += chars;
        }
    }

    pub(super) fn repeats(&self) -> RepeatStats {
        self.repeats
    }
}

/// The bytes hashed at a time: the hash depends only on the text, not on how it came in
/// pieces.
const CHUNK: usize = 64;

/// A block's plain text without whitespace, hashed as it comes, and its characters counted.
pub(super) struct BlockText {
    chunk: [u8; CHUNK],
    filled: usize,
    /// Two hashers seeded apart: 128 bits between them.
    hashers: [foldhash::fast::FoldHasher<'static>; 2],
    bytes: usize,
    chars: usize,
}

impl Default for BlockText {
    fn default() -> Self {
        BlockText {
            chunk: [0; CHUNK],
            filled: 0,
            hashers: [
                foldhash::fast::FixedState::with_seed(0x243F_6A88_85A3_08D3).build_hasher(),
                foldhash::fast::FixedState::with_seed(0x1319_8A2E_0370_7344).build_hasher(),
            ],
            bytes: 0,
            chars: 0,
        }
    }
}

impl BlockText {
    fn absorb(&mut self, run: &str) {
        // Characters are the bytes that do not continue one (inlined: runs are mostly a
        // word long, where `chars().count()` costs a call).
        self.chars += run.bytes().filter(|&b| (b as i8) >= -0x40).count();
        self.bytes += run.len();
        let mut bytes = run.as_bytes();
        while !bytes.is_empty() {
            if self.filled == 0 && bytes.len() >= CHUNK {
                let (whole, rest) = bytes.split_at(CHUNK);
                self.write(whole);
                bytes = rest;
                continue;
            }
            let take = (CHUNK - self.filled).min(bytes.len());
            self.chunk[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
            self.filled += take;
            bytes = &bytes[take..];
            if self.filled == CHUNK {
                let chunk = self.chunk;
                self.write(&chunk);
                self.filled = 0;
            }
        }
    }

    fn write(&mut self, chunk: &[u8]) {
        for hasher in &mut self.hashers {
            hasher.write(chunk);
        }
    }

    /// The hash of the whole text.
    fn finish(mut self) -> u128 {
        let chunk = self.chunk;
        self.write(&chunk[..self.filled]);
        let bytes = self.bytes as u64;
        let [first, second] = &mut self.hashers;
        first.write_u64(bytes);
        second.write_u64(bytes);
        u128::from(first.finish()) << 64 | u128::from(second.finish())
    }
}

impl Capture for BlockText {
    fn push(&mut self, text: &str) {
        for_each_run(text, |run| self.absorb(run));
    }
    fn soft_break(&mut self) {}
}

/// Hands the plain text to two captures: the block's text and the excerpt or title.
pub(super) struct Both<'a, A, B>(pub(super) &'a mut A, pub(super) &'a mut B);

impl<A: Capture, B: Capture> Capture for Both<'_, A, B> {
    fn push(&mut self, text: &str) {
        self.0.push(text);
        self.1.push(text);
    }
    fn soft_break(&mut self) {
        self.0.soft_break();
        self.1.soft_break();
    }
}

pub(super) fn counted_since(before: TextStats, after: TextStats) -> TextStats {
    TextStats {
        cjk_chars: after.cjk_chars - before.cjk_chars,
        words: after.words - before.words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repeats::normalise;
    use proptest::prelude::*;

    fn taken(pieces: &[&str]) -> (u128, usize) {
        let mut text = BlockText::default();
        for piece in pieces {
            text.push(piece);
        }
        let chars = text.chars;
        (text.finish(), chars)
    }

    proptest! {
        /// However a text comes in pieces, and however its whitespace falls, the same text
        /// without whitespace hashes the same; its characters are the normalised text's.
        #[test]
        fn the_hash_is_the_normalised_texts(
            text in "[a-c あ漢 \u{3000}\n]{0,300}",
            cuts in proptest::collection::vec(0usize..300, 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts
                .into_iter()
                .map(|c| text.char_indices().map(|(i, _)| i).nth(c).unwrap_or(text.len()))
                .collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut start = 0;
            for cut in cuts {
                pieces.push(&text[start..cut]);
                start = cut;
            }
            pieces.push(&text[start..]);
            let normalised = normalise(&text);
            let (hash, chars) = taken(&pieces);
            prop_assert_eq!((hash, chars), taken(&[normalised.as_str()]));
            prop_assert_eq!(chars, normalised.chars().count());
        }

        /// Different texts without whitespace hash apart (a collision would be a bug here).
        #[test]
        fn different_texts_hash_apart(a in "[a-cあ]{1,200}", b in "[a-cあ]{1,200}") {
            prop_assume!(a != b);
            prop_assert_ne!(taken(&[&a]).0, taken(&[&b]).0);
        }
    }
}
