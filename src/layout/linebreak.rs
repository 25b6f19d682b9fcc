//! Where text may break, and filling rows first-fit by display width.
//!
//! Break opportunities come from Unicode line breaking (UAX #14, `unicode-linebreak`), then
//! Japanese kinsoku at the JLREQ "strict" level takes some away: no row starts with closing
//! punctuation, small kana or `ー`, none ends with an opening bracket, doubled `……`/`――` stay
//! together, and URLs are not broken inside; Korean breaks between words only (KLREQ). Rows are filled first-fit. A word wider than a
//! row is split by grapheme cluster (no hyphen added), choosing a split that keeps kinsoku
//! when one exists. Only ASCII spaces are dropped at a break; U+3000 and NBSP are text.
//!
//! The algorithm sees only a string and widths, never styles: callers map the byte ranges it
//! returns back onto their styled runs.
//!
//! Why one file of over 600 lines: the code (under 400 lines) is one algorithm, and most of
//! the file is the kinsoku and width tests that pin it down, which belong next to it.

use std::ops::Range;

use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};

use super::chars::{never_split_doubled, no_line_end, no_line_start, splits_korean_word};
use super::width::{Cluster, clusters_into, str_width};

/// Breaks `text` into rows: the first row may take `first` cells, the others `rest`. A `\n`
/// in `text` is a hard break. Returns each row's byte range in `text`, without the spaces
/// dropped at breaks. Rows only exceed their width when a single grapheme cluster does.
pub fn wrap(text: &str, first: usize, rest: usize, ambiguous_wide: bool) -> Vec<Range<usize>> {
    SCRATCH.with_borrow_mut(|scratch| {
        let mut rows = Vec::new();
        let mut offset = 0;
        for line in text.split('\n') {
            let width = if rows.is_empty() { first } else { rest };
            scratch.wrap_line(line, offset, width, rest, ambiguous_wide, &mut rows);
            offset += line.len() + 1;
        }
        rows
    })
}

/// How far back from a row's end to style for an ideograph to start analysing from.
const LOOK_BACK: usize = 16;

thread_local! {
    /// Buffers every paragraph reuses instead of allocating its own.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
    /// Find every break opportunity up front (the slow, obviously complete way): the oracle
    /// the lazy search is tested against.
    static EAGER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The width of the widest piece of `text` that no break opportunity divides: the narrowest
/// a column can be before words have to be split.
pub fn min_width(text: &str, ambiguous_wide: bool) -> usize {
    SCRATCH.with_borrow_mut(|scratch| scratch.min_width(text, ambiguous_wide))
}

impl Scratch {
    fn min_width(&mut self, text: &str, ambiguous_wide: bool) -> usize {
        let scratch = self;
        let mut widest = 0;
        for line in text.split('\n') {
            scratch.analyse(line, ambiguous_wide);
            let mut start = 0;
            let n = scratch.clusters.len();
            for i in 1..=n {
                if i == n || scratch.breakable(i) {
                    let end = scratch.trim_end(start, i, line);
                    widest = widest.max(str_width(
                        &line[scratch.byte(start, line)..end],
                        ambiguous_wide,
                    ));
                    start = i;
                }
            }
        }
        widest
    }
}

/// Whether a row may end before cluster `k` as far as kinsoku goes: the next visible
/// character may start a row and the previous visible one may end a row.
pub(super) fn kinsoku_allows(clusters: &[Cluster], k: usize) -> bool {
    // What a reader sees at the edge: spaces and zero-width characters do not count.
    let seen = |c: &char| !c.is_whitespace() && !is_zero_width(*c);
    let next = clusters[k..].iter().map(|c| c.first).find(seen);
    if next.is_some_and(no_line_start) {
        return false;
    }
    let prev = clusters[..k].iter().rev().map(|c| c.first).find(seen);
    if prev.is_some_and(no_line_end) {
        return false;
    }
    if k > 0 && k < clusters.len() {
        let (a, b) = (clusters[k - 1].first, clusters[k].first);
        if (a == b && never_split_doubled(a)) || splits_korean_word(a, b) {
            return false;
        }
    }
    true
}

/// Characters with no width that a row may begin or end with invisibly.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Buffers reused from line to line.
#[derive(Default)]
struct Scratch {
    clusters: Vec<Cluster>,
    /// `allowed[i]`: a row may end before cluster `i`.
    allowed: Vec<bool>,
    urls: Vec<Range<usize>>,
    /// `allowed` holds every opportunity of the current line.
    analysed: bool,
}

impl Scratch {
    fn byte(&self, i: usize, line: &str) -> usize {
        self.clusters.get(i).map_or(line.len(), |c| c.start)
    }

    /// An ASCII space on its own (a space can also carry combining marks, which are text).
    fn is_space(&self, i: usize, line: &str) -> bool {
        self.clusters[i].first == ' ' && self.byte(i + 1, line) - self.clusters[i].start == 1
    }

    /// End byte of the clusters `start..end` once trailing spaces are dropped.
    fn trim_end(&self, start: usize, mut end: usize, line: &str) -> usize {
        while end > start && self.is_space(end - 1, line) {
            end -= 1;
        }
        self.byte(end, line)
    }

    /// Clusters, URLs and every break opportunity of a line.
    fn analyse(&mut self, line: &str, ambiguous_wide: bool) {
        self.measure(line, ambiguous_wide);
        self.find_opportunities(line);
    }

    /// Marks every UAX #14 opportunity of the measured line in `allowed`.
    fn find_opportunities(&mut self, line: &str) {
        let n = self.clusters.len();
        self.allowed.clear();
        self.allowed.resize(n + 1, false);
        let mut ci = 0;
        for (pos, kind) in linebreaks(line) {
            if pos >= line.len() {
                break;
            }
            debug_assert!(kind == BreakOpportunity::Allowed || pos > 0);
            while ci < n && self.clusters[ci].start < pos {
                ci += 1;
            }
            if ci == 0 || ci >= n || self.clusters[ci].start != pos {
                continue;
            }
            // Kinsoku is checked only where a row would actually end (see `breakable`).
            self.allowed[ci] = !self.in_url(pos);
        }
        self.analysed = true;
    }

    /// Whether a row may end before cluster `i`: a UAX #14 opportunity that kinsoku keeps.
    fn breakable(&self, i: usize) -> bool {
        self.allowed[i] && kinsoku_allows(&self.clusters, i)
    }

    /// Clusters and URLs of a line, without its break opportunities.
    fn measure(&mut self, line: &str, ambiguous_wide: bool) {
        self.clusters.clear();
        clusters_into(line, ambiguous_wide, &mut self.clusters);
        find_urls(line, &mut self.urls);
        self.analysed = false;
    }

    fn in_url(&self, pos: usize) -> bool {
        !self.urls.is_empty() && self.urls.iter().any(|u| u.start < pos && pos < u.end)
    }

    /// The last cluster `k` in `start + 1..=i` before which a row may end.
    ///
    /// Finding UAX #14 opportunities is the costliest step of wrapping, and only those near
    /// a row's end matter. The rules carry no memory past an ideograph (its line-break class
    /// ID starts no sequence), so analysing from the last ideograph before the row's end
    /// gives exactly the opportunities a whole-line analysis gives after it. Japanese and
    /// Chinese rows always have one close by; a row without one (Latin text) falls back to
    /// analysing its whole line once. A proptest holds this equal to the whole-line analysis.
    fn last_break(&mut self, line: &str, start: usize, i: usize) -> Option<usize> {
        if !self.analysed {
            let end = self.byte(i + 1, line);
            // Ideographs before the row's end, nearest first: each starts a longer window.
            let anchors = (start..i).rev().take(LOOK_BACK).filter(|&k| {
                break_property(self.clusters[k].first as u32) == BreakClass::Ideographic
            });
            for anchor in anchors {
                let from = self.clusters[anchor].start;
                let mut best = None;
                let mut k = anchor + 1;
                for (pos, _) in linebreaks(&line[from..end]) {
                    let pos = from + pos;
                    if pos >= end {
                        break;
                    }
                    while k <= i && self.clusters[k].start < pos {
                        k += 1;
                    }
                    if k <= i
                        && self.clusters[k].start == pos
                        && !self.in_url(pos)
                        && kinsoku_allows(&self.clusters, k)
                    {
                        best = Some(k);
                    }
                }
                if best.is_some() {
                    return best;
                }
            }
            self.find_opportunities(line);
        }
        (start + 1..=i).rev().find(|&k| self.breakable(k))
    }

    fn wrap_line(
        &mut self,
        line: &str,
        offset: usize,
        first: usize,
        rest: usize,
        ambiguous_wide: bool,
        rows: &mut Vec<Range<usize>>,
    ) {
        if EAGER.get() {
            self.analyse(line, ambiguous_wide);
        } else {
            self.measure(line, ambiguous_wide);
        }
        let n = self.clusters.len();
        let mut start = 0;
        let mut avail = first.max(1);
        loop {
            if !rows.is_empty() || start > 0 {
                while start < n && self.is_space(start, line) {
                    start += 1;
                }
            }
            if start >= n {
                if start == 0 {
                    rows.push(offset..offset);
                }
                return;
            }
            let mut used = 0;
            let mut i = start;
            let end = loop {
                if i == n {
                    break n;
                }
                let w = self.clusters[i].width;
                if used + w > avail && !self.is_space(i, line) {
                    // The last break opportunity in the row; failing that, a split between
                    // graphemes that keeps kinsoku; failing that, the edge.
                    let candidate = self.last_break(line, start, i);
                    break match candidate {
                        Some(b) => b,
                        None if i == start => start + 1,
                        None => (start + 1..=i)
                            .rev()
                            .find(|&k| kinsoku_allows(&self.clusters, k))
                            .unwrap_or(i),
                    };
                }
                used += w;
                i += 1;
            };
            let from = self.byte(start, line);
            let to = self.trim_end(start, end, line);
            rows.push(offset + from..offset + to);
            if end == n {
                return;
            }
            start = end;
            avail = rest.max(1);
        }
    }
}

/// Byte ranges of URLs (`scheme://…`, up to whitespace or the first non-ASCII character), which
/// are not broken except when one alone is wider than a row.
fn find_urls(line: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(found) = line[from..].find("://") {
        let at = from + found;
        let mut start = at;
        while start > 0
            && (bytes[start - 1].is_ascii_alphanumeric() || b"+.-".contains(&bytes[start - 1]))
        {
            start -= 1;
        }
        let mut end = at + 3;
        while end < bytes.len() && bytes[end].is_ascii_graphic() {
            end += 1;
        }
        if start < at && bytes[start].is_ascii_alphabetic() {
            out.push(start..end);
        }
        from = end.max(at + 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rows(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width, width, false)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn latin_words_break_at_spaces_and_drop_them() {
        assert_eq!(rows("the quick brown fox", 10), ["the quick", "brown fox"]);
    }

    #[test]
    fn japanese_breaks_between_characters() {
        assert_eq!(rows("日本語の文章です", 6), ["日本語", "の文章", "です"]);
    }

    #[test]
    fn korean_breaks_between_words_not_syllables() {
        assert_eq!(
            rows("한국어 문장은 단어 사이에서 줄이 바뀝니다", 14),
            ["한국어 문장은", "단어 사이에서", "줄이 바뀝니다"]
        );
        // Latin and digits written into a word stay with it.
        assert_eq!(rows("Rust는 3개의 규칙", 8), ["Rust는", "3개의", "규칙"]);
    }

    #[test]
    fn a_korean_word_wider_than_the_row_is_split_by_syllable() {
        assert_eq!(rows("가나다라마바사 아", 6), ["가나다", "라마바", "사 아"]);
        assert_eq!(min_width("가나다 라", false), 6);
    }

    #[test]
    fn no_row_starts_with_a_comma_or_full_stop() {
        // Without kinsoku the second row would start with 、
        assert_eq!(rows("あいう、えお。", 6), ["あい", "う、え", "お。"]);
    }

    #[test]
    fn no_row_starts_with_a_closing_bracket() {
        assert_eq!(rows("「あい」です", 6), ["「あ", "い」で", "す"]);
    }

    #[test]
    fn no_row_ends_with_an_opening_bracket() {
        assert_eq!(rows("あい「うえお", 6), ["あい", "「うえ", "お"]);
    }

    #[test]
    fn small_kana_and_long_vowel_mark_do_not_start_a_row() {
        assert_eq!(rows("あいきょう", 6), ["あい", "きょう"]);
        for row in rows("いいコーヒーです", 6) {
            assert!(!row.starts_with('ー'), "{row}");
        }
    }

    #[test]
    fn doubled_ellipsis_and_dash_are_never_split() {
        let text = "あいうえ……おか――きく";
        for width in 2..12 {
            let r = rows(text, width);
            for pair in r.windows(2) {
                for mark in ['…', '―'] {
                    assert!(
                        !(pair[0].ends_with(mark) && pair[1].starts_with(mark)),
                        "{width}: {r:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_word_is_split_by_grapheme_without_hyphen() {
        assert_eq!(rows("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn url_is_not_split_when_it_fits_a_row() {
        assert_eq!(
            rows("see https://example.com/a/b-c next", 26),
            ["see", "https://example.com/a/b-c", "next"]
        );
    }

    #[test]
    fn wide_character_never_straddles_the_edge() {
        assert_eq!(rows("a日本", 2), ["a", "日", "本"]);
    }

    #[test]
    fn nbsp_never_breaks_and_ideographic_space_keeps_two_cells() {
        assert_eq!(rows("aa\u{A0}bb cc", 5), ["aa\u{A0}bb", "cc"]);
        assert_eq!(rows("\u{3000}あいう", 6), ["\u{3000}あい", "う"]);
    }

    #[test]
    fn zero_width_space_is_a_break_opportunity() {
        assert_eq!(rows("abc\u{200B}def", 4), ["abc\u{200B}", "def"]);
    }

    #[test]
    fn kinsoku_looks_through_zero_width_spaces() {
        // Regression: a row began with ： because a U+200B before it was taken for a
        // character that may start a row.
        for row in rows("熔断降级\u{200B}（CircuitBreaker）\u{200B}：当系统异常", 18) {
            let visible = row.trim_start_matches('\u{200B}');
            assert!(!visible.starts_with('：'), "{row}");
        }
    }

    #[test]
    fn newline_is_a_hard_break() {
        assert_eq!(rows("ab\ncd", 10), ["ab", "cd"]);
        assert_eq!(rows("ab\n\ncd", 10), ["ab", "", "cd"]);
    }

    #[test]
    fn first_row_can_be_narrower() {
        let text = "aaa bbb ccc";
        let r: Vec<_> = wrap(text, 3, 7, false)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(r, ["aaa", "bbb ccc"]);
    }

    #[test]
    fn min_width_is_the_widest_unbreakable_piece() {
        assert_eq!(min_width("a bbbb cc", false), 4);
        assert_eq!(min_width("日本「語」", false), 6);
    }

    /// Pieces the property tests build text from: every script and the awkward characters.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "[一-龥]{1,6}",
            "[ぁ-ゖ]{1,6}",
            "[ァ-ヺー]{1,6}",
            "[가-힣]{1,4}",
            "[a-zA-Z]{1,12}",
            "[0-9]{1,6}",
            Just("😀".to_string()),
            Just("👍🏽".to_string()),
            "[、。，．・：；？！「」『』（）【】〈〉《》〔〕［］｛｝“”‘’]",
            "[,.;:!?()\\[\\]\"'-]",
            Just(" ".to_string()),
            Just("\u{A0}".to_string()),
            Just("\u{200B}".to_string()),
            Just("\u{3000}".to_string()),
            Just("……".to_string()),
            Just("――".to_string()),
            Just("https://example.com/path".to_string()),
        ]
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
    }

    fn visible(s: &str) -> String {
        s.chars().filter(|c| *c != ' ').collect()
    }

    /// Kinsoku holds at a break unless the row before it had no break that would keep it.
    fn kinsoku_ok_at(text: &str, row: &Range<usize>, next: &Range<usize>) -> bool {
        let seen = |c: &char| !c.is_whitespace() && !is_zero_width(*c);
        let starts_bad = text[next.clone()]
            .chars()
            .find(seen)
            .is_some_and(no_line_start);
        let ends_bad = text[row.clone()]
            .chars()
            .rev()
            .find(seen)
            .is_some_and(no_line_end);
        if !starts_bad && !ends_bad {
            return true;
        }
        // An emergency split: no position inside the row satisfied kinsoku (judged, as the
        // wrapper does, with the characters around the row in view).
        let cl = super::super::width::clusters(text, false);
        !cl.iter()
            .enumerate()
            .filter(|(_, c)| row.start < c.start && c.start < row.end)
            .any(|(k, _)| kinsoku_allows(&cl, k))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn no_row_is_wider_than_the_width(text in mixed_text(), width in 2usize..=200) {
            for range in wrap(&text, width, width, false) {
                let w = str_width(&text[range.clone()], false);
                prop_assert!(w <= width, "{:?} is {} wide at {}", &text[range], w, width);
            }
        }

        #[test]
        fn no_text_is_lost_or_reordered(text in mixed_text(), width in 2usize..=200) {
            let ranges = wrap(&text, width, width, false);
            let joined: String = ranges.iter().map(|r| &text[r.clone()]).collect();
            prop_assert_eq!(visible(&joined), visible(&text));
            for pair in ranges.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
                prop_assert!(text[pair[0].end..pair[1].start].chars().all(|c| c == ' '));
            }
        }

        #[test]
        fn kinsoku_holds_unless_a_row_cannot_break_otherwise(
            text in mixed_text(),
            width in 2usize..=200,
        ) {
            let ranges = wrap(&text, width, width, false);
            for pair in ranges.windows(2) {
                prop_assert!(
                    kinsoku_ok_at(&text, &pair[0], &pair[1]),
                    "{:?} | {:?}", &text[pair[0].clone()], &text[pair[1].clone()]
                );
            }
        }

        #[test]
        fn lazy_break_search_matches_analysing_everything(
            text in prop_oneof![
                mixed_text(),
                // Characters of many UAX #14 classes, in any order.
                r#"[a-z0-9 (\[{)\]}"'«»‐–—/,.:;!?$%€#&+…「」（）。、漢あーッ😀\x{200B}\x{A0}\x{3000}\x{301}\x{200D}-]{0,80}"#,
            ],
            first in 2usize..=60,
            rest in 2usize..=60,
        ) {
            let lazy = wrap(&text, first, rest, false);
            EAGER.set(true);
            let eager = wrap(&text, first, rest, false);
            EAGER.set(false);
            prop_assert_eq!(lazy, eager);
        }
    }
}
