//! A body rewritten into longer or shorter Markdown, with the map that takes an offset in the
//! rewritten text back to the body as written. [`super::liquid`] only ever overwrites in place;
//! what must grow (a shortcode that becomes a link, a box whose lines each get a `> `) is
//! rewritten here, and layout maps each row's offset back, so the editor line (`e`) and the
//! reader's place still point into the file.

use std::ops::Range;

/// Offsets of a rewritten text, back to the text as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Runs of the rewritten text, in order: where each starts, where it came from, and
    /// whether it was copied (offsets inside map one to one) or generated (they all map to
    /// where the replaced text started).
    runs: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    /// The offset in the text as written for `offset` in the rewritten one.
    pub fn source(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|&(at, _, _)| at <= offset);
        match i.checked_sub(1).map(|i| self.runs[i]) {
            Some((at, from, true)) => from + (offset - at),
            Some((_, from, false)) => from,
            None => offset,
        }
    }
}

impl OffsetMap {
    /// This map (from a text rewritten again back to `earlier`'s rewritten text) followed by
    /// `earlier` (from there back to the text as first written): one map for both rewrites.
    pub fn then(&self, earlier: &OffsetMap) -> OffsetMap {
        let mut runs: Vec<(usize, usize, bool)> = Vec::new();
        let mut push = |run: (usize, usize, bool)| match runs.last_mut() {
            Some(last) if last.0 == run.0 => *last = run,
            _ => runs.push(run),
        };
        for (i, &(at, from, copied)) in self.runs.iter().enumerate() {
            if !copied {
                push((at, earlier.source(from), false));
                continue;
            }
            // The middle text this run copies, from `from` to where the next run starts.
            let end = self
                .runs
                .get(i + 1)
                .map_or(usize::MAX, |next| from.saturating_add(next.0 - at));
            // The earlier runs it falls in: the one holding `from`, and those starting before
            // `end`. Offsets before any run map to themselves, as a copy would.
            let first = earlier.runs.partition_point(|&(e, _, _)| e <= from);
            if first == 0 {
                push((at, from, true));
            }
            let last = earlier.runs.partition_point(|&(e, _, _)| e < end);
            for &(e_at, e_from, e_copied) in &earlier.runs[first.saturating_sub(1)..last] {
                let piece = e_at.max(from);
                let here = at + (piece - from);
                push(if e_copied {
                    (here, e_from + (piece - e_at), true)
                } else {
                    (here, e_from, false)
                });
            }
        }
        OffsetMap { runs }
    }
}

/// Builds a rewritten text from a source, piece by piece, in source order.
pub struct Rewrite<'a> {
    source: &'a str,
    out: String,
    map: OffsetMap,
    /// Source up to here has been copied or replaced.
    done: usize,
    /// Put after every line break written, copied or generated: the `> ` of open boxes.
    pub prefix: String,
}

impl<'a> Rewrite<'a> {
    pub fn new(source: &'a str) -> Self {
        Rewrite {
            source,
            out: String::with_capacity(source.len() + source.len() / 8),
            map: OffsetMap::default(),
            done: 0,
            prefix: String::new(),
        }
    }

    /// Where the source has been rewritten up to.
    pub fn done(&self) -> usize {
        self.done
    }

    /// The text written so far.
    pub fn written(&self) -> &str {
        &self.out
    }

    /// Copies the source up to `end`.
    pub fn copy_to(&mut self, end: usize) {
        let end = end.min(self.source.len());
        if end <= self.done {
            return;
        }
        let mut at = self.done;
        let text = &self.source[at..end];
        for line in text.split_inclusive('\n') {
            self.run(at, true);
            self.out.push_str(line);
            at += line.len();
            if line.ends_with('\n') && !self.prefix.is_empty() {
                self.run(at, false);
                let prefix = std::mem::take(&mut self.prefix);
                self.out.push_str(&prefix);
                self.prefix = prefix;
            }
        }
        self.done = end;
    }

    /// Replaces `range` of the source (copying what lies before it) with `text`.
    pub fn replace(&mut self, range: Range<usize>, text: &str) {
        self.copy_to(range.start);
        self.insert(text);
        self.done = self.done.max(range.end.min(self.source.len()));
    }

    /// Writes generated `text` where the source stands now.
    pub fn insert(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.run(self.done, false);
        if self.prefix.is_empty() {
            self.out.push_str(text);
        } else {
            let with_prefix = text.replace('\n', &format!("\n{}", self.prefix));
            self.out.push_str(&with_prefix);
        }
    }

    fn run(&mut self, from: usize, copied: bool) {
        let at = self.out.len();
        if let Some(last) = self.map.runs.last_mut()
            && last.0 == at
        {
            *last = (at, from, copied);
            return;
        }
        self.map.runs.push((at, from, copied));
    }

    /// The rewritten text and its map, the rest of the source copied.
    pub fn finish(mut self) -> (String, OffsetMap) {
        self.copy_to(self.source.len());
        (self.out, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_offsets_map_one_to_one_and_generated_ones_to_what_they_replace() {
        let src = "ab{{x}}cd\nef";
        let mut r = Rewrite::new(src);
        r.replace(2..7, "LONGER TEXT");
        let (out, map) = r.finish();
        assert_eq!(out, "abLONGER TEXTcd\nef");
        assert_eq!(map.source(1), 1);
        assert_eq!(map.source(2), 2);
        assert_eq!(map.source(10), 2);
        assert_eq!(map.source(out.find("cd").unwrap()), 7);
        assert_eq!(map.source(out.find("ef").unwrap()), 10);
    }

    proptest::proptest! {
        #[test]
        fn two_rewrites_map_back_through_one_map_as_through_both(
            src in "[a-z\\n]{0,40}",
            first in proptest::collection::vec((0usize..40, 0usize..4, "[A-Z\\n]{0,5}"), 0..5),
            second in proptest::collection::vec((0usize..60, 0usize..4, "[0-9\\n]{0,5}"), 0..5),
        ) {
            let rewrite = |text: &str, edits: &[(usize, usize, String)]| {
                let mut edits = edits.to_vec();
                edits.sort();
                let mut r = Rewrite::new(text);
                for (start, len, with) in edits {
                    let start = start.min(text.len()).max(r.done());
                    r.replace(start..(start + len).min(text.len()), &with);
                }
                r.finish()
            };
            let (middle, earlier) = rewrite(&src, &first);
            let (last, later) = rewrite(&middle, &second);
            let both = later.then(&earlier);
            for offset in 0..=last.len() {
                proptest::prop_assert_eq!(
                    both.source(offset),
                    earlier.source(later.source(offset)),
                    "offset {} of {:?} (from {:?} from {:?})", offset, last, middle, src
                );
            }
        }
    }

    #[test]
    fn a_prefix_follows_every_line_break_while_it_is_set() {
        let src = "open\none\ntwo\nclose\nafter";
        let mut r = Rewrite::new(src);
        r.replace(0..4, "> [!NOTE]");
        r.prefix = "> ".into();
        let close = src.find("close").unwrap();
        r.copy_to(close);
        r.prefix.clear();
        r.replace(close..close + 5, "");
        let (out, map) = r.finish();
        assert_eq!(out, "> [!NOTE]\n> one\n> two\n> \nafter");
        assert_eq!(
            map.source(out.find("two").unwrap()),
            src.find("two").unwrap()
        );
        assert_eq!(
            map.source(out.find("after").unwrap()),
            src.find("after").unwrap()
        );
    }
}
