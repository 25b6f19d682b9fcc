//! The skim's hook into repeated passages: which paragraphs and headings copy an earlier one,
//! and what the counter counted in them, so that the copies' share of the reading time is
//! known without keeping any text.
//!
//! A block is a copy as [`crate::repeats`] defines it: a block that may fold, with at least
//! [`MIN_CHARS`] characters, whose text without whitespace equals an earlier block's of its
//! class. The layout's detector compares those texts byte for byte, to fold them; the skim
//! only sums. It files each block by a [`Summary`] of its text, taken as the text comes and
//! kept nowhere, and keeps the block's source. Only when a later block has the same summary
//! are the two texts built (by skimming the sources again) and hashed whole (128 bits), and
//! from then on that summary's blocks are told apart by hash. Building and hashing every
//! block's text was a fifth of a cold `--list` of the generated corpus, where most long
//! posts repeat. Two different blocks with the same summary and hash would count one as
//! repeated in the estimate; the reader, which folds, never relies on it.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::ops::Range;

use super::inline::Capture;
use crate::model::{RepeatStats, TextStats};
use crate::repeats::{BlockKind, MIN_CHARS, Summary, normalise_into};

/// The copies among the blocks of a body seen so far, summed.
#[derive(Default)]
pub(super) struct Copies<'a> {
    body: &'a str,
    /// Each long block that may fold and was not a copy, by its class and summary.
    filed: HashMap<(u8, Summary), Filed, foldhash::fast::FixedState>,
    /// The class and text hash of each block filed under a summary that two blocks share.
    /// One set, not a list per summary: a summary that thousands of different blocks share
    /// (made on purpose, `abba` and `baab` mixed) would make each block compare with all.
    hashed: HashSet<(u8, u128), foldhash::fast::FixedState>,
    /// The sources of the blocks filed alone under their summary that are not as they are
    /// in the body (a quote's, whose markers are gone), one after another.
    kept: String,
    /// Each long block that may fold, as written (its class, length and hash): what
    /// [`Copies::push`] made of it. A block written again the same way has the same text and
    /// counts, so it is not read again (in a post that repeats, most copies are such).
    written: HashMap<WrittenKey, Counted, foldhash::fast::FixedState>,
    /// The key [`Copies::again`] last looked up in vain, and the source it was of: the
    /// block then pushed, which need not be hashed again.
    missed: Option<(WrittenKey, *const u8)>,
    repeats: RepeatStats,
}

type WrittenKey = (u8, usize, u64);

/// The blocks filed under one summary: the first one's source while it is alone; once
/// another shares it, their texts' hashes are in [`Copies::hashed`].
enum Filed {
    Alone(Source),
    Hashed,
}

/// Where a block's source is: in the body, or in [`Copies::kept`].
enum Source {
    Body(Range<usize>),
    Kept(Range<usize>),
}

/// What was counted in a block, and its characters without whitespace.
#[derive(Clone, Copy)]
struct Counted {
    stats: TextStats,
    chars: usize,
}

impl<'a> Copies<'a> {
    pub(super) fn of_body(body: &'a str) -> Self {
        Copies {
            body,
            ..Copies::default()
        }
    }

    /// A block written exactly as an earlier one of its class (`written` is its source as
    /// the skim hands it to the inline reader): it counts as a copy, and its counts are
    /// given back for the total. `None` for a block not met before, which is to be read and
    /// [`Self::push`]ed.
    pub(super) fn again(&mut self, kind: BlockKind, written: &str) -> Option<TextStats> {
        if !kind.foldable() || written.len() < MIN_CHARS {
            return None;
        }
        let key = written_key(kind, written);
        let Some(&counted) = self.written.get(&key) else {
            self.missed = Some((key, written.as_ptr()));
            return None;
        };
        if counted.chars >= MIN_CHARS {
            self.count_copy(counted);
        }
        Some(counted.stats)
    }

    /// The next block: its kind, its source (and where the body holds it as it is, if it
    /// does), the summary of its text (emptied for the next block), and what the counter
    /// counted in it. `text_hash` gives the [`hash128`] of a block's text from its source,
    /// for the blocks that share a summary.
    pub(super) fn push(
        &mut self,
        kind: BlockKind,
        written: &str,
        in_body: Option<usize>,
        summary: &mut BlockSummary,
        stats: TextStats,
        mut text_hash: impl FnMut(&str) -> u128,
    ) {
        let summary = std::mem::take(&mut summary.0);
        // Fewer bytes than MIN_CHARS are fewer characters too.
        if !kind.foldable() || written.len() < MIN_CHARS {
            return;
        }
        let counted = Counted {
            stats,
            chars: summary.chars,
        };
        let key = match self.missed.take() {
            Some((key, source)) if source == written.as_ptr() && key.1 == written.len() => key,
            _ => written_key(kind, written),
        };
        self.written.insert(key, counted);
        if summary.chars < MIN_CHARS {
            return;
        }
        let filed = match self.filed.entry((kind.class(), summary)) {
            Entry::Vacant(slot) => {
                let source = match in_body {
                    Some(start) => Source::Body(start..start + written.len()),
                    None => {
                        let start = self.kept.len();
                        self.kept.push_str(written);
                        Source::Kept(start..self.kept.len())
                    }
                };
                slot.insert(Filed::Alone(source));
                return;
            }
            Entry::Occupied(filed) => filed.into_mut(),
        };
        let class = kind.class();
        if let Filed::Alone(source) = std::mem::replace(filed, Filed::Hashed) {
            let text = match source {
                Source::Body(range) => &self.body[range],
                Source::Kept(range) => &self.kept[range],
            };
            self.hashed.insert((class, text_hash(text)));
        }
        if !self.hashed.insert((class, text_hash(written))) {
            self.count_copy(counted);
        }
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

fn written_key(kind: BlockKind, written: &str) -> WrittenKey {
    let hash = foldhash::fast::FixedState::default().hash_one(written);
    (kind.class(), written.len(), hash)
}

/// Two hashes of `text` seeded apart: 128 bits between them.
pub(super) fn hash128(text: &str) -> u128 {
    let [first, second] = [0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344]
        .map(|seed| foldhash::fast::FixedState::with_seed(seed).hash_one(text));
    u128::from(first) << 64 | u128::from(second)
}

/// A block's plain text without whitespace, gathered as the skim hands it over in pieces.
#[derive(Default)]
pub(super) struct BlockText(pub(super) String);

/// The [`Summary`] of a block's plain text, taken as the skim hands it over in pieces.
#[derive(Default)]
pub(super) struct BlockSummary(Summary);

impl Capture for BlockSummary {
    fn push(&mut self, text: &str) {
        self.0.add(text);
    }
    fn soft_break(&mut self) {}
}

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
    use crate::repeats::tests::cut_at;
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
            prop_assert_eq!(taken(&cut_at(&text, cuts)), normalise(&text));
        }

        /// Different texts without whitespace hash apart (a collision would be a bug here).
        #[test]
        fn different_texts_hash_apart(a in "[a-cあ]{1,200}", b in "[a-cあ]{1,200}") {
            prop_assume!(a != b);
            prop_assert_ne!(hash128(&a), hash128(&b));
        }
    }
}
