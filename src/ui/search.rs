//! What `/` and the tag picker compare: text folded so that case and width forms do not
//! matter, and the matches of a query mapped back to the original text for highlighting.
//! Pure: no terminal, no app state.
//!
//! Folding works per grapheme cluster: NFKC (full-width `ＡＩ` → `AI`, half-width `ｶﾞ` → `ガ`,
//! the ideographic space → a space), then lower case. Query and text are folded the same way,
//! so a match in folded text is a match a reader would agree with.

use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// A search as typed: whitespace-separated terms, every one of which must occur.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn new(typed: &str) -> Self {
        let mut terms: Vec<String> = fold(typed).split_whitespace().map(str::to_owned).collect();
        terms.sort();
        terms.dedup();
        Self { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when every term occurs in `folded` (text already passed through [`fold`]).
    pub fn matches_folded(&self, folded: &str) -> bool {
        self.terms.iter().all(|term| folded.contains(term.as_str()))
    }

    /// True when this query can only match a subset of what `other` matched, so a search can
    /// narrow the previous results instead of starting over.
    pub fn refines(&self, other: &Query) -> bool {
        other
            .terms
            .iter()
            .all(|old| self.terms.iter().any(|new| new.contains(old.as_str())))
    }
}

/// `text` folded for comparison (see the module docs).
pub fn fold(text: &str) -> String {
    Folded::new(text).text
}

/// Folded text that remembers where each piece came from in the original.
#[derive(Debug, Clone)]
pub struct Folded {
    text: String,
    /// Sorted by `folded`; consecutive pieces whose folding kept every byte in place are one
    /// `linear` segment, so plain ASCII or CJK text costs one entry per run.
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    folded: usize,
    source: usize,
    source_len: usize,
    linear: bool,
}

impl Folded {
    pub fn new(source: &str) -> Self {
        let mut folded = Self {
            text: String::with_capacity(source.len()),
            segments: Vec::new(),
        };
        let mut rest = source;
        let mut offset = 0;
        while !rest.is_empty() {
            let folded_start = folded.text.len();
            let ascii_run = ascii_run_len(rest);
            let (piece_len, linear) = if ascii_run > 0 {
                let run = &rest.as_bytes()[..ascii_run];
                folded
                    .text
                    .extend(run.iter().map(|b| b.to_ascii_lowercase() as char));
                (ascii_run, true)
            } else {
                let grapheme = rest.graphemes(true).next().unwrap_or(rest);
                fold_grapheme(grapheme, &mut folded.text);
                let kept_in_place = folded.text.len() - folded_start == grapheme.len();
                (grapheme.len(), kept_in_place)
            };
            folded.push_segment(folded_start, offset, piece_len, linear);
            offset += piece_len;
            rest = &rest[piece_len..];
        }
        folded
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn push_segment(&mut self, folded: usize, source: usize, source_len: usize, linear: bool) {
        if let Some(last) = self.segments.last_mut()
            && linear
            && last.linear
        {
            last.source_len += source_len;
            return;
        }
        self.segments.push(Segment {
            folded,
            source,
            source_len,
            linear,
        });
    }

    /// Every occurrence of every term of `query`, as byte ranges of the original text,
    /// sorted and with overlaps merged.
    pub fn find(&self, query: &Query) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = Vec::new();
        for term in &query.terms {
            for (start, matched) in self.text.match_indices(term.as_str()) {
                found.push(self.source_start(start)..self.source_end(start + matched.len()));
            }
        }
        found.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for range in found {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        merged
    }

    fn segment_at(&self, folded: usize) -> &Segment {
        let index = self.segments.partition_point(|s| s.folded <= folded);
        &self.segments[index.saturating_sub(1)]
    }

    fn source_start(&self, folded: usize) -> usize {
        let segment = self.segment_at(folded);
        if segment.linear {
            segment.source + (folded - segment.folded)
        } else {
            segment.source
        }
    }

    fn source_end(&self, folded_end: usize) -> usize {
        let segment = self.segment_at(folded_end.saturating_sub(1));
        if segment.linear {
            segment.source + (folded_end - segment.folded)
        } else {
            segment.source + segment.source_len
        }
    }
}

/// Length of the leading ASCII run that can be folded byte by byte. The last ASCII byte before
/// a non-ASCII character is left out: it may start a grapheme with a combining mark
/// (`e` + U+0301) that must be normalised as one.
fn ascii_run_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let run = bytes.iter().take_while(|b| b.is_ascii()).count();
    if run < bytes.len() {
        run.saturating_sub(1)
    } else {
        run
    }
}

fn fold_grapheme(grapheme: &str, out: &mut String) {
    if is_nfkc_quick(grapheme.chars()) == IsNormalized::Yes {
        out.extend(grapheme.chars().flat_map(char::to_lowercase));
    } else {
        out.extend(grapheme.nfkc().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
        Folded::new(text)
            .find(&Query::new(query))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn latin_is_case_insensitive() {
        assert_eq!(
            found("Rust and RUST and rust", "rust"),
            ["Rust", "RUST", "rust"]
        );
    }

    #[test]
    fn full_width_and_half_width_forms_are_equal() {
        assert_eq!(found("米国のAI政策", "ＡＩ"), ["AI"]);
        assert_eq!(found("ＡＩ拡散規則", "ai"), ["ＡＩ"]);
        assert_eq!(found("ｶﾞｲﾄﾞ", "ガイド"), ["ｶﾞｲﾄﾞ"]);
        assert_eq!(found("ガイド", "ｶﾞｲﾄﾞ"), ["ガイド"]);
    }

    #[test]
    fn combining_marks_after_ascii_fold_with_their_base() {
        assert_eq!(found("cafe\u{301} au lait", "café"), ["cafe\u{301}"]);
    }

    #[test]
    fn every_term_is_found_and_overlaps_merge() {
        assert_eq!(found("tokio async runtime", "async  tok"), ["tok", "async"]);
        assert_eq!(found("aaaa", "aa a"), ["aaaa"]);
    }

    #[test]
    fn query_requires_all_terms() {
        let q = Query::new("Rust 非同期");
        assert!(q.matches_folded(&fold("Rustの非同期処理")));
        assert!(!q.matches_folded(&fold("Rustの同期処理")));
        assert!(Query::new("").is_empty());
        assert!(Query::new("\u{3000} ").is_empty());
    }

    #[test]
    fn a_longer_query_refines_a_shorter_one() {
        assert!(Query::new("rust").refines(&Query::new("ru")));
        assert!(Query::new("rust async").refines(&Query::new("rust")));
        assert!(!Query::new("rus").refines(&Query::new("rust")));
    }

    #[test]
    fn letters_that_grow_when_lowered_still_map_back() {
        // İ lowers to two characters; the match must cover exactly the source letter.
        assert_eq!(found("xİy", "i\u{307}"), ["İ"]);
        assert_eq!(found("xİy", "y"), ["y"]);
    }
}
