//! Inline items → [`StyledText`] (one string with styled runs), then rows of spans for a
//! width.
//!
//! This is where inline text is made safe and plain before wrapping: tabs and stray line
//! separators become spaces, what the crate's one sanitiser ([`crate::text::sanitize`])
//! rejects is removed (no post can send escape sequences or bidi overrides to a terminal),
//! runs of spaces collapse as a browser would (not in code), and a soft line break becomes
//! a space or nothing by the CJK rule in [`crate::markdown_chars::soft_break_joins`].
//! Each run remembers where its text came from, so every row knows its source offset.

use std::ops::Range;

use super::linebreak;
use super::tree::{InlineItem, SpanStyle};
use super::width::str_width;
use super::{Role, Span};
use crate::text::sanitize;

/// A paragraph's text and its styled runs.
#[derive(Debug, Clone, Default)]
pub struct StyledText {
    text: String,
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    /// Byte index in `text` where the run starts; it ends where the next one starts.
    start: usize,
    style: SpanStyle,
    /// Source offset of the run's first byte.
    src: usize,
    /// Bytes of the run map one to one onto the source from `src`.
    exact: bool,
}

/// One laid-out row of a styled text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedRow {
    pub spans: Vec<Span>,
    pub offset: usize,
}

impl WrappedRow {
    pub fn width(&self, ambiguous_wide: bool) -> usize {
        self.spans
            .iter()
            .map(|s| str_width(&s.text, ambiguous_wide))
            .sum()
    }
}

/// Whether text holds anything `StyledText` must remove or replace: control characters, line or
/// paragraph separators, or (outside code) a run of spaces to collapse.
fn needs_cleaning(text: &str, verbatim: bool) -> bool {
    let b = text.as_bytes();
    let found = sanitize::may_hold_unsafe(b)
        && b.iter().enumerate().any(|(i, &byte)| match byte {
            0..=0x1F | 0x7F => true,
            // C1 controls, U+0080–U+009F
            0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
            // U+061C, the Arabic letter mark
            0xD8 => b.get(i + 1) == Some(&0x9C),
            // U+200E/F, U+2028/9 (separators, made spaces), U+202A–E, U+2066–9
            0xE2 => matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x8E | 0x8F | 0xA8..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
            ),
            _ => false,
        });
    found || (!verbatim && text.contains("  "))
}

impl StyledText {
    pub fn new(pieces: &[InlineItem]) -> Self {
        let mut flow = StyledText::default();
        let mut pending_soft = false;
        for piece in pieces {
            match piece {
                InlineItem::Text {
                    text,
                    style,
                    offset,
                    exact,
                    verbatim,
                } => {
                    flow.push_text(text, *style, *offset, *exact, *verbatim, &mut pending_soft);
                }
                InlineItem::SoftBreak { .. } => pending_soft = true,
                InlineItem::HardBreak { offset } => {
                    pending_soft = false;
                    flow.trim_end(&[' ']);
                    if flow.runs.is_empty() {
                        flow.runs.push(Run {
                            start: 0,
                            style: SpanStyle::plain(Role::Body),
                            src: *offset,
                            exact: false,
                        });
                    }
                    flow.text.push('\n');
                }
            }
        }
        flow.trim_end(&[' ', '\n']);
        flow.runs.dedup_by_key(|r| r.start);
        flow
    }

    /// Removes trailing `chars` and the runs that started in them. Runs must stay sorted by
    /// start: a run left past the end would sit before the runs pushed after it.
    fn trim_end(&mut self, chars: &[char]) {
        while self.text.ends_with(chars) {
            self.text.pop();
        }
        while self.runs.last().is_some_and(|r| r.start >= self.text.len()) {
            self.runs.pop();
        }
    }

    fn push_text(
        &mut self,
        text: &str,
        style: SpanStyle,
        offset: usize,
        exact: bool,
        verbatim: bool,
        pending_soft: &mut bool,
    ) {
        if !needs_cleaning(text, verbatim) {
            return self.push_clean_text(text, style, offset, exact, verbatim, pending_soft);
        }
        let mut new_run = true;
        for (i, c) in text.char_indices() {
            let c = match c {
                '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => ' ',
                c if sanitize::is_unsafe(c) => {
                    new_run = true;
                    continue;
                }
                c => c,
            };
            let at_line_start = self.text.is_empty() || self.text.ends_with('\n');
            if c == ' ' && (at_line_start || (!verbatim && self.text.ends_with(' '))) {
                new_run = true;
                continue;
            }
            if *pending_soft {
                *pending_soft = false;
                let joins = self
                    .text
                    .chars()
                    .next_back()
                    .is_some_and(|before| crate::markdown_chars::soft_break_joins(before, c));
                if !at_line_start && !self.text.ends_with(' ') && c != ' ' && !joins {
                    self.text.push(' ');
                }
            }
            let same_look = self.runs.last().is_some_and(|r| r.style == style);
            if new_run || !same_look {
                self.runs.push(Run {
                    start: self.text.len(),
                    style,
                    src: if exact { offset + i } else { offset },
                    exact,
                });
                new_run = false;
            }
            self.text.push(c);
        }
    }

    /// `push_text` for text with nothing to remove or replace and no run of spaces: the
    /// common case, done a string at a time.
    fn push_clean_text(
        &mut self,
        text: &str,
        style: SpanStyle,
        offset: usize,
        exact: bool,
        verbatim: bool,
        pending_soft: &mut bool,
    ) {
        let at_line_start = self.text.is_empty() || self.text.ends_with('\n');
        let skip = if at_line_start {
            text.len() - text.trim_start_matches(' ').len()
        } else if !verbatim && self.text.ends_with(' ') && text.starts_with(' ') {
            1
        } else {
            0
        };
        let text = &text[skip..];
        let Some(first) = text.chars().next() else {
            return;
        };
        if *pending_soft {
            *pending_soft = false;
            let joins = self
                .text
                .chars()
                .next_back()
                .is_some_and(|before| crate::markdown_chars::soft_break_joins(before, first));
            if !at_line_start && !self.text.ends_with(' ') && first != ' ' && !joins {
                self.text.push(' ');
            }
        }
        self.runs.push(Run {
            start: self.text.len(),
            style,
            src: if exact { offset + skip } else { offset },
            exact,
        });
        self.text.push_str(text);
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text as one string (`\n` at hard breaks).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The widest line when nothing wraps.
    pub fn natural_width(&self, ambiguous_wide: bool) -> usize {
        self.text
            .split('\n')
            .map(|l| str_width(l, ambiguous_wide))
            .max()
            .unwrap_or(0)
    }

    /// The narrowest width that needs no word split.
    pub fn min_width(&self, ambiguous_wide: bool) -> usize {
        linebreak::min_width(&self.text, ambiguous_wide)
    }

    /// Source offset of byte `at` of the text.
    fn offset_at(&self, at: usize) -> usize {
        let i = self
            .runs
            .partition_point(|r| r.start <= at)
            .saturating_sub(1);
        match self.runs.get(i) {
            Some(run) if run.exact => run.src + (at - run.start),
            Some(run) => run.src,
            None => 0,
        }
    }

    /// The rows for a first row of `first` cells and further rows of `rest` cells.
    pub fn rows(&self, first: usize, rest: usize, ambiguous_wide: bool) -> Vec<WrappedRow> {
        if self.text.is_empty() {
            return Vec::new();
        }
        linebreak::wrap(&self.text, first, rest, ambiguous_wide)
            .into_iter()
            .map(|range| WrappedRow {
                spans: self.spans(range.clone()),
                offset: self.offset_at(range.start),
            })
            .collect()
    }

    fn spans(&self, range: Range<usize>) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        let first = self
            .runs
            .partition_point(|r| r.start <= range.start)
            .saturating_sub(1);
        for (i, run) in self.runs.iter().enumerate().skip(first) {
            if run.start >= range.end {
                break;
            }
            let end = self.runs.get(i + 1).map_or(self.text.len(), |r| r.start);
            let from = run.start.max(range.start);
            let to = end.min(range.end);
            if from >= to {
                continue;
            }
            let text = &self.text[from..to];
            // U+200B and U+2060 did their work as a break opportunity and a joiner (ruby's:
            // see `ruby`); some terminals draw them as a cell.
            let text: String = if text.contains(['\u{200B}', '\u{2060}']) {
                text.chars()
                    .filter(|&c| c != '\u{200B}' && c != '\u{2060}')
                    .collect()
            } else {
                text.to_string()
            };
            if text.is_empty() {
                continue;
            }
            match spans.last_mut() {
                Some(last) if last.role == run.style.role && last.inline == run.style.inline => {
                    last.text.push_str(&text)
                }
                _ => spans.push(Span {
                    text,
                    role: run.style.role,
                    inline: run.style.inline,
                }),
            }
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Inline;

    fn body(text: &str, offset: usize) -> InlineItem {
        InlineItem::Text {
            text: text.to_string(),
            style: SpanStyle::plain(Role::Body),
            offset,
            exact: true,
            verbatim: false,
        }
    }

    fn soft() -> InlineItem {
        InlineItem::SoftBreak { offset: 0 }
    }

    #[test]
    fn soft_break_between_japanese_joins_with_nothing() {
        let flow = StyledText::new(&[body("日本語の", 0), soft(), body("文章", 13)]);
        assert_eq!(flow.text(), "日本語の文章");
    }

    #[test]
    fn soft_break_between_latin_words_becomes_one_space() {
        let flow = StyledText::new(&[body("one", 0), soft(), body("two", 4)]);
        assert_eq!(flow.text(), "one two");
    }

    #[test]
    fn soft_break_between_japanese_and_latin_becomes_a_space() {
        let flow = StyledText::new(&[body("日本", 0), soft(), body("Rust", 7)]);
        assert_eq!(flow.text(), "日本 Rust");
    }

    #[test]
    fn soft_break_between_hangul_becomes_a_space() {
        let flow = StyledText::new(&[body("한국어", 0), soft(), body("문장", 10)]);
        assert_eq!(flow.text(), "한국어 문장");
    }

    #[test]
    fn control_characters_are_removed() {
        let flow = StyledText::new(&[body("a\u{1B}[31mb\u{7F}c\u{9B}d\u{7}", 0)]);
        assert_eq!(flow.text(), "a[31mbcd");
    }

    #[test]
    fn spaces_collapse_outside_code_only() {
        let code = InlineItem::Text {
            text: "a  b".into(),
            style: SpanStyle::plain(Role::InlineCode),
            offset: 0,
            exact: false,
            verbatim: true,
        };
        let flow = StyledText::new(&[body("x  \t y ", 0), code]);
        assert_eq!(flow.text(), "x y a  b");
    }

    #[test]
    fn spaces_trimmed_before_a_hard_break_take_their_runs_with_them() {
        let code = |text: &str, offset| InlineItem::Text {
            text: text.into(),
            style: SpanStyle::plain(Role::InlineCode),
            offset,
            exact: true,
            verbatim: true,
        };
        let flow = StyledText::new(&[
            body("[", 0),
            code("\t\t", 4),
            body("\t", 9),
            code("\t", 13),
            InlineItem::HardBreak { offset: 17 },
            body("[image]", 22),
        ]);
        assert_eq!(flow.text(), "[\n[image]");
        let rows: Vec<String> = flow
            .rows(20, 20, false)
            .iter()
            .map(|r| r.spans.iter().map(|s| s.text.as_str()).collect())
            .collect();
        assert_eq!(rows, ["[", "[image]"]);
    }

    #[test]
    fn rows_keep_their_source_offsets() {
        let flow = StyledText::new(&[body("aaa bbb ccc", 100)]);
        let rows = flow.rows(4, 4, false);
        let offsets: Vec<_> = rows.iter().map(|r| r.offset).collect();
        assert_eq!(offsets, [100, 104, 108]);
    }

    #[test]
    fn styled_runs_split_into_spans_per_row() {
        let strong = InlineItem::Text {
            text: "bold words".into(),
            style: SpanStyle {
                role: Role::Body,
                inline: Inline {
                    strong: true,
                    ..Inline::default()
                },
            },
            offset: 2,
            exact: true,
            verbatim: false,
        };
        let flow = StyledText::new(&[body("a ", 0), strong]);
        let rows = flow.rows(6, 6, false);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].spans.len(), 2);
        assert!(rows[1].spans[0].inline.strong);
        assert_eq!(rows[1].spans[0].text, "words");
    }

    #[test]
    fn zero_width_space_breaks_but_is_not_drawn() {
        let flow = StyledText::new(&[body("abc\u{200B}def", 0)]);
        let rows = flow.rows(4, 4, false);
        let texts: Vec<String> = rows.iter().map(|r| r.spans[0].text.clone()).collect();
        assert_eq!(texts, ["abc", "def"]);
    }
}
