//! Where text may break, and filling rows first-fit by display width.
//!
//! Break opportunities come from Unicode line breaking (UAX #14, `unicode-linebreak`), then
//! Japanese kinsoku at the JLREQ "strict" level takes some away: no row starts with closing
//! punctuation, small kana or `ー`, none ends with an opening bracket, doubled `……`/`――` stay
//! together, and URLs are not broken inside. Rows are filled first-fit. A word wider than a
//! row is split by grapheme cluster (no hyphen added), choosing a split that keeps kinsoku
//! when one exists. Only ASCII spaces are dropped at a break; U+3000 and NBSP are text.
//!
//! The algorithm sees only a string and widths, never styles: callers map the byte ranges it
//! returns back onto their styled runs.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::chars::{never_split_doubled, no_line_end, no_line_start};
use super::width::{Cluster, clusters_into, str_width};

/// Breaks `text` into rows: the first row may take `first` cells, the others `rest`. A `\n`
/// in `text` is a hard break. Returns each row's byte range in `text`, without the spaces
/// dropped at breaks. Rows only exceed their width when a single grapheme cluster does.
pub fn wrap(text: &str, first: usize, rest: usize, ambiguous_wide: bool) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    let mut scratch = Scratch::default();
    let mut offset = 0;
    for line in text.split('\n') {
        let width = if rows.is_empty() { first } else { rest };
        scratch.wrap_line(line, offset, width, rest, ambiguous_wide, &mut rows);
        offset += line.len() + 1;
    }
    rows
}

/// The width of the widest piece of `text` that no break opportunity divides: the narrowest
/// a column can be before words have to be split.
pub fn min_width(text: &str, ambiguous_wide: bool) -> usize {
    let mut scratch = Scratch::default();
    let mut widest = 0;
    for line in text.split('\n') {
        scratch.analyse(line, ambiguous_wide);
        let mut start = 0;
        let n = scratch.clusters.len();
        for i in 1..=n {
            if i == n || scratch.allowed[i] {
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

/// Breaks one line of verbatim text (code) into rows of at most `width` cells; every row but
/// the last keeps `mark_width` cells free for a continuation mark. Nothing is dropped, and
/// splits avoid kinsoku violations when the row allows it.
pub fn wrap_verbatim(
    line: &str,
    width: usize,
    mark_width: usize,
    ambiguous_wide: bool,
) -> Vec<Range<usize>> {
    let clusters = {
        let mut v = Vec::new();
        clusters_into(line, ambiguous_wide, &mut v);
        v
    };
    let total: usize = clusters.iter().map(|c| c.width).sum();
    if total <= width {
        return std::iter::once(0..line.len()).collect();
    }
    let avail = width.saturating_sub(mark_width).max(1);
    let byte = |i: usize| clusters.get(i).map_or(line.len(), |c| c.start);
    let mut rows = Vec::new();
    let mut start = 0;
    let mut remaining = total;
    while start < clusters.len() {
        if remaining <= width {
            rows.push(byte(start)..line.len());
            break;
        }
        let mut end = start;
        let mut used = 0;
        while end < clusters.len() && used + clusters[end].width <= avail {
            used += clusters[end].width;
            end += 1;
        }
        if end == start {
            end = start + 1;
        } else if end < clusters.len() {
            let fits = (start + 1..=end)
                .rev()
                .take(8)
                .find(|&k| kinsoku_allows(line, &clusters, k));
            end = fits.unwrap_or(end);
        }
        remaining -= clusters[start..end].iter().map(|c| c.width).sum::<usize>();
        rows.push(byte(start)..byte(end));
        start = end;
    }
    rows
}

/// Whether a row may end before cluster `k` as far as kinsoku goes: the next visible
/// character may start a row and the previous visible one may end a row.
fn kinsoku_allows(line: &str, clusters: &[Cluster], k: usize) -> bool {
    let first_char = |i: usize| line[clusters[i].start..].chars().next().unwrap_or(' ');
    let next = (k..clusters.len())
        .map(first_char)
        .find(|c| !c.is_whitespace());
    let prev = (0..k).rev().map(first_char).find(|c| !c.is_whitespace());
    if next.is_some_and(no_line_start) || prev.is_some_and(no_line_end) {
        return false;
    }
    if k > 0 && k < clusters.len() {
        let (a, b) = (first_char(k - 1), first_char(k));
        if a == b && never_split_doubled(a) {
            return false;
        }
    }
    true
}

/// Buffers reused from line to line.
#[derive(Default)]
struct Scratch {
    clusters: Vec<Cluster>,
    /// `allowed[i]`: a row may end before cluster `i`.
    allowed: Vec<bool>,
    urls: Vec<Range<usize>>,
}

impl Scratch {
    fn byte(&self, i: usize, line: &str) -> usize {
        self.clusters.get(i).map_or(line.len(), |c| c.start)
    }

    fn is_space(&self, i: usize, line: &str) -> bool {
        line.as_bytes()[self.clusters[i].start] == b' '
            && self.byte(i + 1, line) - self.clusters[i].start == 1
    }

    /// End byte of the clusters `start..end` once trailing spaces are dropped.
    fn trim_end(&self, start: usize, mut end: usize, line: &str) -> usize {
        while end > start && self.is_space(end - 1, line) {
            end -= 1;
        }
        self.byte(end, line)
    }

    fn analyse(&mut self, line: &str, ambiguous_wide: bool) {
        self.clusters.clear();
        clusters_into(line, ambiguous_wide, &mut self.clusters);
        let n = self.clusters.len();
        self.allowed.clear();
        self.allowed.resize(n + 1, false);
        find_urls(line, &mut self.urls);
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
            if self.urls.iter().any(|u| u.start < pos && pos < u.end) {
                continue;
            }
            self.allowed[ci] = kinsoku_allows(line, &self.clusters, ci);
        }
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
        self.analyse(line, ambiguous_wide);
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
            let mut candidate = None;
            let mut i = start;
            let end = loop {
                if i == n {
                    break n;
                }
                if i > start && self.allowed[i] {
                    candidate = Some(i);
                }
                let w = self.clusters[i].width;
                if used + w > avail && !self.is_space(i, line) {
                    break match candidate {
                        Some(b) => b,
                        None if i == start => start + 1,
                        None => (start + 1..=i)
                            .rev()
                            .find(|&k| kinsoku_allows(line, &self.clusters, k))
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

    #[test]
    fn verbatim_rows_keep_every_character_and_leave_room_for_the_mark() {
        let line = "    let x = 1; // コメント";
        let r = wrap_verbatim(line, 12, 1, false);
        let joined: String = r.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(joined, line);
        for (i, range) in r.iter().enumerate() {
            let w = str_width(&line[range.clone()], false);
            if i + 1 < r.len() {
                assert!(w <= 11, "{w}");
            } else {
                assert!(w <= 12);
            }
        }
    }

    #[test]
    fn verbatim_rows_avoid_starting_with_closing_punctuation() {
        let line = "あいうえ。おか";
        for range in wrap_verbatim(line, 9, 1, false) {
            assert!(!line[range].starts_with('。'));
        }
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
        let starts_bad = text[next.clone()]
            .chars()
            .find(|c| !c.is_whitespace())
            .is_some_and(no_line_start);
        let ends_bad = text[row.clone()]
            .chars()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(no_line_end);
        if !starts_bad && !ends_bad {
            return true;
        }
        // An emergency split: no position inside the row satisfied kinsoku.
        let slice = &text[row.start..next.end];
        let cl = super::super::width::clusters(slice, false);
        let row_len = row.end - row.start;
        !(1..cl.len())
            .filter(|&k| cl[k].start < row_len)
            .any(|k| kinsoku_allows(slice, &cl, k))
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
        fn verbatim_wrap_keeps_everything(text in mixed_text(), width in 3usize..=120) {
            let ranges = wrap_verbatim(&text, width, 1, false);
            let joined: String = ranges.iter().map(|r| &text[r.clone()]).collect();
            prop_assert_eq!(joined, text.clone());
            for (i, r) in ranges.iter().enumerate() {
                let limit = if i + 1 < ranges.len() { width - 1 } else { width };
                prop_assert!(str_width(&text[r.clone()], false) <= limit);
            }
        }
    }
}
