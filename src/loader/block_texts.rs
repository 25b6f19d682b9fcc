//! The skim's hook into the one repeat detector ([`crate::repeats`]): every paragraph's and
//! heading's plain text, as [`super::body`] finishes it, goes to the detector with what the
//! counter counted in it, so that the copies' share of the reading time is known without a
//! second pass over the body.

use super::inline::Capture;
use crate::model::{RepeatStats, TextStats};
use crate::repeats::{BlockKind, Detector, normalise_into};

/// Every block's text handed to the detector, with what the counter counted in it.
#[derive(Default)]
pub(super) struct Blocks {
    detector: Detector,
    counted: Vec<TextStats>,
    chars: Vec<usize>,
}

impl Blocks {
    pub(super) fn push(&mut self, kind: BlockKind, text: BlockText, counted: TextStats) {
        self.chars.push(text.chars);
        self.detector.push(kind, text.normalised);
        self.counted.push(counted);
    }

    /// A block that is never folded, such as a code line or a rule: it ends a run of copies.
    pub(super) fn barrier(&mut self, kind: BlockKind) {
        self.push(kind, BlockText::default(), TextStats::default());
    }

    pub(super) fn repeats(&self) -> RepeatStats {
        let mut repeats = RepeatStats::default();
        for run in self.detector.runs() {
            for i in run.blocks {
                repeats.stats.cjk_chars += self.counted[i].cjk_chars;
                repeats.stats.words += self.counted[i].words;
                repeats.chars += self.chars[i];
            }
        }
        repeats
    }
}

/// A block's plain text as the detector compares it (see [`crate::repeats::normalise`]).
#[derive(Default)]
pub(super) struct BlockText {
    normalised: String,
    chars: usize,
}

impl Capture for BlockText {
    fn push(&mut self, text: &str) {
        let before = self.normalised.len();
        normalise_into(text, &mut self.normalised);
        self.chars += self.normalised[before..].chars().count();
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
