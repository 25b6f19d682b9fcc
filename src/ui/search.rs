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

    /// The terms that do not occur in `folded`: what is left to find elsewhere (a post's
    /// body, once its title and labels are searched). Terms hold no whitespace, so a term
    /// is in `a + "\n" + b` exactly when it is in `a` or in `b`.
    pub fn unfound_in(&self, folded: &str) -> Query {
        Query {
            terms: self
                .terms
                .iter()
                .filter(|term| !folded.contains(term.as_str()))
                .cloned()
                .collect(),
        }
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
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out, |_, _, _, _| {});
    out
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
        let mut text = String::with_capacity(source.len());
        let mut segments: Vec<Segment> = Vec::new();
        fold_into(source, &mut text, |folded, source, source_len, linear| {
            if let Some(last) = segments.last_mut()
                && linear
                && last.linear
            {
                last.source_len += source_len;
                return;
            }
            segments.push(Segment {
                folded,
                source,
                source_len,
                linear,
            });
        });
        Self { text, segments }
    }

    pub fn as_str(&self) -> &str {
        &self.text
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

/// Folds `source` onto `out`, reporting each piece as (where its folding starts in `out`,
/// where it starts in `source`, its length there, whether every byte kept its place).
///
/// Most text takes a fast path: ASCII is lowered in place, runs of kana and kanji are copied
/// whole, and a character that is already
/// in NFKC together with its successor is only lowered. The rest (full-width and half-width
/// forms, combining marks, compatibility characters) is normalised a grapheme at a time.
fn fold_into(source: &str, out: &mut String, mut piece: impl FnMut(usize, usize, usize, bool)) {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let folded_start = out.len();
        // An ASCII byte followed by a non-ASCII one may carry a combining mark: not here.
        let ascii = bytes[i..]
            .iter()
            .enumerate()
            .take_while(|&(k, b)| b.is_ascii() && bytes.get(i + k + 1).is_none_or(u8::is_ascii))
            .count();
        if ascii > 0 {
            out.push_str(&source[i..i + ascii]);
            out[folded_start..].make_ascii_lowercase();
            piece(folded_start, i, ascii, true);
            i += ascii;
            continue;
        }
        let cjk = plain_cjk_run(&source[i..]);
        if cjk > 0 {
            out.push_str(&source[i..i + cjk]);
            piece(folded_start, i, cjk, true);
            i += cjk;
            continue;
        }
        let mut chars = source[i..].chars();
        let c = chars.next().expect("i is on a character boundary");
        let next = chars.next();
        let len = if is_nfkc_quick(std::iter::once(c).chain(next)) == IsNormalized::Yes {
            out.extend(c.to_lowercase());
            c.len_utf8()
        } else {
            let grapheme = source[i..].graphemes(true).next().unwrap_or(&source[i..]);
            out.extend(grapheme.nfkc().flat_map(char::to_lowercase));
            grapheme.len()
        };
        piece(folded_start, i, len, out.len() - folded_start == len);
        i += len;
    }
}

/// The length in bytes of the run of plain CJK characters `text` starts with (see
/// [`is_plain_cjk`]), none of them followed by a mark that composes with it: copied as it is,
/// in one piece, since Japanese and Chinese text is mostly such runs.
fn plain_cjk_run(text: &str) -> usize {
    let mut chars = text.chars().peekable();
    let mut end = 0;
    while let Some(c) = chars.next() {
        if !is_plain_cjk(c)
            || chars
                .peek()
                .is_some_and(|&next| composes_with_previous(next))
        {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// Kana, kanji, Hangul syllables and the commonest Japanese punctuation: already in NFKC and
/// without case, so they fold to themselves (checked exhaustively by a test). Japanese,
/// Chinese and Korean text is mostly these.
fn is_plain_cjk(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3002}' | '\u{3005}' | '\u{3008}'..='\u{3011}'
        | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FE}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}')
}

/// Marks that may combine with the character before them: voiced sound marks with kana
/// (`カ` + `゙` = `ガ`), and Hangul vowel and final jamo with a syllable (`가` + `ᆨ` = `각`).
fn composes_with_previous(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}' | '\u{FF9E}' | '\u{FF9F}'
        | '\u{1160}'..='\u{11FF}' | '\u{D7B0}'..='\u{D7FF}')
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
    fn plain_cjk_characters_really_fold_to_themselves() {
        for c in ('\u{3000}'..='\u{D7FF}').filter(|c| is_plain_cjk(*c)) {
            let normalised: String = c.nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(normalised, c.to_string(), "U+{:04X}", c as u32);
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn a_voiced_mark_after_a_full_width_kana_composes() {
        assert_eq!(found("カﾞイド", "ガイド"), ["カﾞイド"]);
        assert_eq!(found("か\u{3099}き", "がき"), ["か\u{3099}き"]);
    }

    proptest::proptest! {
        /// Runs of kana, kanji and Hangul are copied whole: never across a mark that composes
        /// with the character before it, which NFKC of each grapheme would compose.
        #[test]
        fn kana_runs_fold_as_each_grapheme_normalised_would(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "か", "カ", "ｶ", "漢", "字", "。", "\u{3099}", "\u{309A}", "ﾞ", "ﾟ", "a", "Ａ", " ",
                "가", "각", "\u{11A8}", "\u{1161}", "\u{1100}", "\u{D7B0}",
            ]), 0..40)
        ) {
            let text: String = pieces.concat();
            let expected: String = text
                .graphemes(true)
                .flat_map(|g| g.nfkc().flat_map(char::to_lowercase).collect::<Vec<_>>())
                .collect();
            proptest::prop_assert_eq!(fold(&text), expected);
        }
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
