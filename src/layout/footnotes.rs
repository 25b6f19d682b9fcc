//! Footnotes as a reader meets them: each reference becomes a small mark numbered in the order
//! the references first appear (`^1`, `^2`, as GitHub numbers them whatever the labels say),
//! and the definitions, wherever the author wrote them, are gathered under a rule at the end
//! of the post in that order. Definitions nobody refers to follow, so no text is lost.

use std::collections::{HashMap, HashSet};

use super::tree::Block;

/// The mark a reference shows in the text and its note shows at the end. ASCII, so it keeps
/// its width whatever the terminal does with ambiguous-width characters (superscript digits
/// are ambiguous).
pub fn mark(number: usize) -> String {
    format!("^{number}")
}

/// The mark of a reference in the text, held to the word before it by a WORD JOINER (which
/// the rows drop), so that `です^1。` never starts a row with `^1`.
pub fn reference_mark(number: usize) -> String {
    format!("\u{2060}{}", mark(number))
}

/// Footnote numbers by label, handed out in the order references are met, and the
/// definitions collected while parsing.
#[derive(Debug, Default)]
pub struct Footnotes {
    numbers: HashMap<String, usize>,
    notes: Vec<(String, Vec<Block>, usize)>,
}

/// Labels match without regard to case, as GFM matches them.
fn key(label: &str) -> String {
    label.to_lowercase()
}

impl Footnotes {
    /// The number of the note `label` names, giving it the next one on its first reference.
    pub fn reference(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(key(label)).or_insert(next)
    }

    /// Keeps a definition for the end of the post.
    pub fn define(&mut self, label: String, blocks: Vec<Block>, offset: usize) {
        self.notes.push((label, blocks, offset));
    }

    /// The notes, numbered and in order, after a rule: the blocks that end the post.
    pub fn into_blocks(self) -> Vec<Block> {
        if self.notes.is_empty() {
            return Vec::new();
        }
        let mut next = self.numbers.len() + 1;
        let mut shown = HashSet::new();
        let mut numbered: Vec<(usize, Vec<Block>, usize)> = self
            .notes
            .into_iter()
            .map(|(label, blocks, offset)| {
                // A second definition of a label, or one never referred to, is shown after
                // the referenced notes rather than dropped.
                let number = match self.numbers.get(&key(&label)) {
                    Some(&n) if shown.insert(n) => n,
                    _ => {
                        next += 1;
                        next - 1
                    }
                };
                (number, blocks, offset)
            })
            .collect();
        numbered.sort_by_key(|(number, _, _)| *number);
        let widest = numbered.last().map_or(0, |n| mark(n.0).len());
        let first_offset = numbered.iter().map(|n| n.2).min().unwrap_or(0);
        let mut blocks = vec![Block::Rule {
            offset: first_offset,
        }];
        blocks.extend(
            numbered
                .into_iter()
                .map(|(number, blocks, offset)| Block::Footnote {
                    mark: format!("{:<widest$} ", mark(number)),
                    blocks,
                    offset,
                }),
        );
        blocks
    }
}

#[cfg(test)]
mod tests {
    use crate::layout::row_texts as rows;

    #[test]
    fn references_are_numbered_in_reading_order_and_notes_follow_the_text() {
        let src = "A[^z] b[^a] c[^Z].\n\n[^a]: Second.\n\n[^z]: First.\n\nEnd.";
        assert_eq!(
            rows(src, 30),
            [
                "A^1 b^2 c^1.",
                "",
                "End.",
                "",
                "─".repeat(30).as_str(),
                "",
                "^1 First.",
                "",
                "^2 Second.",
            ]
        );
    }

    #[test]
    fn a_note_nobody_refers_to_is_kept_after_the_others() {
        let src = "Text[^b].\n\n[^a]: Orphan.\n\n[^b]: Used.";
        let shown = rows(src, 30);
        assert_eq!(shown[shown.len() - 3..], ["^1 Used.", "", "^2 Orphan."]);
    }

    #[test]
    fn a_mark_stays_with_the_word_before_it() {
        // Nine characters fill 18 of 19 cells: the mark would start the next row on its own.
        let shown = rows("あいうえおかきくけ[^1]。\n\n[^1]: n", 19);
        assert_eq!(shown[..2], ["あいうえおかきく", "け^1。"]);
    }

    #[test]
    fn an_undefined_reference_stays_as_written() {
        assert_eq!(rows("gsub(/[^a-z]+/)", 30), ["gsub(/[^a-z]+/)"]);
    }

    #[test]
    fn marks_line_up_past_nine_notes_and_note_rows_fit() {
        let refs: String = (1..=10).map(|i| format!("w[^{i}] ")).collect();
        let defs: String = (1..=10)
            .map(|i| format!("[^{i}]: note number {i} with words\n\n"))
            .collect();
        let shown = rows(&format!("{refs}\n\n{defs}"), 20);
        assert!(
            shown.contains(&"^1  note number 1".to_string()),
            "{shown:?}"
        );
        assert!(
            shown.contains(&"^10 note number 10".to_string()),
            "{shown:?}"
        );
        assert!(shown.contains(&"    with words".to_string()), "{shown:?}");
        assert!(
            shown
                .iter()
                .all(|r| crate::text::width::str_width(r, false) <= 20)
        );
    }
}
