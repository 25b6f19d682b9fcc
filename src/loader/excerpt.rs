//! The excerpt: the start of a post's first paragraph as one line of plain text, cut at
//! [`EXCERPT_MAX_CHARS`], with the source's line breaks joined by the layout's rule (no space
//! between Japanese or Chinese lines).

use super::inline::Capture;
use crate::markdown_chars::soft_break_joins;

/// How much of the first paragraph an excerpt keeps, in characters.
pub const EXCERPT_MAX_CHARS: usize = 200;

/// The start of a paragraph as one line of plain text.
#[derive(Default)]
pub struct Excerpt {
    text: String,
    chars: usize,
    truncated: bool,
    pending_break: bool,
}

impl Capture for Excerpt {
    fn push(&mut self, piece: &str) {
        for c in piece.chars() {
            if self.chars >= EXCERPT_MAX_CHARS {
                self.truncated = true;
                return;
            }
            let c = if c.is_whitespace() { ' ' } else { c };
            if self.pending_break {
                self.pending_break = false;
                // Japanese and Chinese have no spaces between words, wherever the source
                // wrapped; the rule is the layout's.
                let joins = self
                    .text
                    .chars()
                    .next_back()
                    .is_some_and(|before| soft_break_joins(before, c));
                if !joins {
                    self.push_char(' ');
                }
            }
            self.push_char(c);
        }
    }

    fn soft_break(&mut self) {
        self.pending_break = true;
    }
}

impl Excerpt {
    fn push_char(&mut self, c: char) {
        if c == ' ' && (self.text.is_empty() || self.text.ends_with(' ')) {
            return;
        }
        self.text.push(c);
        self.chars += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub fn finish(self) -> String {
        let mut text = self.text.trim_end().to_string();
        if self.truncated {
            text.push('…');
        }
        text
    }
}

pub fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading's words without the `{#id}` block the layout never shows either: the title a
/// post without one in its front matter takes from its first heading.
pub fn without_heading_attributes(text: String) -> String {
    match crate::markdown_chars::heading_attributes(&text) {
        Some((at, _)) => text[..at].trim_end().to_string(),
        None => text,
    }
}
