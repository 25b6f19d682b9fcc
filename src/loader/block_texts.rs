//! The skim's hook into repeated passages: which paragraphs and headings copy an earlier one,
//! and what the counter counted in them, so that the copies' share of the reading time is
//! known without keeping any text.
//!
//! A block is a copy as [`crate::repeats`] defines it: a block that may fold, with at least
//! [`MIN_CHARS`] characters, whose text without whitespace equals an earlier block's of its
//! class. The layout's detector compares those texts byte for byte, to fold them; the skim
//! only sums, so it gathers each block's text in one buffer, hashes it whole (128 bits) and
//! keeps only the hash. (Keeping every block's text in a `String` for the detector was half
//! the CPU of a cold `--list` of the generated corpus; hashing it as it came, in 64-byte
//! chunks, a quarter.) Two different blocks with the same hash would count one as repeated in
//! the estimate; the reader, which folds, never relies on it.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use super::inline::Capture;
use crate::model::{RepeatStats, TextStats};
use crate::repeats::{BlockKind, MIN_CHARS, normalise_into};

/// The copies among the blocks seen so far, summed.
#[derive(Default)]
pub(super) struct Copies {
    /// The class and hash of each block that may fold and was not a copy.
    seen: HashSet<(u8, u128), foldhash::fast::FixedState>,
    /// Each long block that may fold, as written (its class, length and hash): what
    /// [`Copies::push`] made of it. A block written again the same way has the same text and
    /// counts, so it is not read again (in a post that repeats, most copies are such).
    written: HashMap<(u8, usize, u64), Counted, foldhash::fast::FixedState>,
    repeats: RepeatStats,
}

/// What was counted in a block, and its characters without whitespace.
#[derive(Clone, Copy)]
struct Counted {
    stats: TextStats,
    chars: usize,
}

impl Copies {
    /// A block written exactly as an earlier one of its class (`written` is its source as
    /// the skim hands it to the inline reader): it counts as a copy, and its counts are
    /// given back for the total. `None` for a block not met before, which is to be read and
    /// [`Self::push`]ed.
    pub(super) fn again(&mut self, kind: BlockKind, written: &str) -> Option<TextStats> {
        if !kind.foldable() || written.len() < MIN_CHARS {
            return None;
        }
        let counted = *self.written.get(&written_key(kind, written))?;
        if counted.chars >= MIN_CHARS {
            self.count_copy(counted);
        }
        Some(counted.stats)
    }

    /// The next block: its kind, its source, its text as [`BlockText`] took it (emptied
    /// for the next block), and what the counter counted in it.
    pub(super) fn push(
        &mut self,
        kind: BlockKind,
        written: &str,
        text: &mut BlockText,
        stats: TextStats,
    ) {
        // Fewer bytes than MIN_CHARS are fewer characters too.
        if kind.foldable() && written.len() >= MIN_CHARS {
            let chars = chars_in(&text.0);
            let counted = Counted { stats, chars };
            self.written.insert(written_key(kind, written), counted);
            if chars >= MIN_CHARS && !self.seen.insert((kind.class(), hash128(&text.0))) {
                self.count_copy(counted);
            }
        }
        text.0.clear();
    }

    fn count_copy(&mut self, counted: Counted) {
        self.repeats.stats.cjk_chars += counted.stats.cjk_chars;
        self.repeats.stats.words += counted.stats.words;
        self.repeats.chars += counted.chars;
    }

    pub(super) fn repeats(&self) -> RepeatStats {
        self.repeats
    }
}

fn written_key(kind: BlockKind, written: &str) -> (u8, usize, u64) {
    let hash = foldhash::fast::FixedState::default().hash_one(written);
    (kind.class(), written.len(), hash)
}

/// The characters of `text`: its bytes less those that continue a character (10xxxxxx),
/// counted eight at a time (a byte at a time was a twentieth of a cold `--list`).
fn chars_in(text: &str) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let (words, rest) = text.as_bytes().as_chunks::<8>();
    let continuing = words
        .iter()
        .map(|word| {
            let word = u64::from_le_bytes(*word);
            (word & !(word << 1) & HIGH_BITS).count_ones() as usize
        })
        .sum::<usize>()
        + rest.iter().filter(|&&b| b & 0xC0 == 0x80).count();
    text.len() - continuing
}

/// Two hashes of `text` seeded apart: 128 bits between them.
fn hash128(text: &str) -> u128 {
    let [first, second] = [0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344]
        .map(|seed| foldhash::fast::FixedState::with_seed(seed).hash_one(text));
    u128::from(first) << 64 | u128::from(second)
}

/// A block's plain text without whitespace, gathered as the skim hands it over in pieces.
#[derive(Default)]
pub(super) struct BlockText(String);

impl Capture for BlockText {
    fn push(&mut self, text: &str) {
        normalise_into(text, &mut self.0);
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

    fn taken(pieces: &[&str]) -> String {
        let mut text = BlockText::default();
        for piece in pieces {
            text.push(piece);
        }
        text.0
    }

    proptest! {
        /// However a text comes in pieces, and however its whitespace falls, a block's text
        /// is the normalised text.
        #[test]
        fn a_blocks_text_is_the_normalised_text(
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
            prop_assert_eq!(taken(&pieces), normalise(&text));
        }

        /// Characters are counted as `chars()` counts them.
        #[test]
        fn chars_are_counted_as_std_counts_them(text in "\\PC{0,40}") {
            prop_assert_eq!(chars_in(&text), text.chars().count());
        }

        /// Different texts without whitespace hash apart (a collision would be a bug here).
        #[test]
        fn different_texts_hash_apart(a in "[a-cあ]{1,200}", b in "[a-cあ]{1,200}") {
            prop_assume!(a != b);
            prop_assert_ne!(hash128(&a), hash128(&b));
        }
    }
}
