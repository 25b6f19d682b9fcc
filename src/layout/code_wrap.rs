//! Where a line of code breaks when it is wider than its row.
//!
//! Code is verbatim: rows join back into the line, except that a row full right before a
//! run of spaces ends there and the spaces are dropped (as text drops them at a break). A row
//! ends after a space or an ASCII punctuation mark (`foo(`, `a, `, `x.`), so no token is
//! cut while such a place exists in the row; between wide (CJK) characters too, where kinsoku
//! allows. Only a token wider than a whole row is cut inside. The first row may take `first`
//! cells and the rest `rest`: the caller draws the continuation rows' indentation and mark in
//! the difference.

use std::ops::Range;

use super::linebreak::kinsoku_allows;
use super::width::{Cluster, clusters_into};

/// `line` broken into rows of at most `first` cells, then `rest` cells; each row's byte range
/// (the spaces of a break at a run of spaces are in none).
/// A row only exceeds its width when a single grapheme cluster does.
pub fn wrap_code(line: &str, first: usize, rest: usize, ambiguous_wide: bool) -> Vec<Range<usize>> {
    let mut clusters = Vec::new();
    clusters_into(line, ambiguous_wide, &mut clusters);
    let byte = |i: usize| clusters.get(i).map_or(line.len(), |c| c.start);
    let mut remaining: usize = clusters.iter().map(|c| c.width).sum();
    let mut rows = Vec::new();
    let mut start = 0;
    loop {
        let width = if rows.is_empty() { first } else { rest }.max(1);
        if remaining <= width {
            rows.push(byte(start)..line.len());
            return rows;
        }
        let mut end = start;
        let mut used = 0;
        while end < clusters.len() && used + clusters[end].width <= width {
            used += clusters[end].width;
            end += 1;
        }
        if end == start {
            end = start + 1;
        } else {
            // A row holds at least one character that is not a space: a line's own
            // indentation never makes a row of its own.
            let text = (start..end).find(|&i| !clusters[i].first.is_whitespace());
            let from = text.map_or(end, |i| i + 1);
            if clusters[end].first == ' ' && text.is_some() {
                // The row is full right before a space: the spaces are the break.
                rows.push(byte(start)..byte(end));
                let next = (end..clusters.len())
                    .find(|&i| clusters[i].first != ' ')
                    .unwrap_or(clusters.len());
                remaining -= clusters[start..next].iter().map(|c| c.width).sum::<usize>();
                start = next;
                continue;
            }
            if let Some(k) = (from..=end).rev().find(|&k| breakable(&clusters, k)) {
                end = k;
            }
        }
        remaining -= clusters[start..end].iter().map(|c| c.width).sum::<usize>();
        rows.push(byte(start)..byte(end));
        start = end;
    }
}

/// Whether a row of code may end before cluster `k` without cutting a token: after a space,
/// or after punctuation that is not part of a name, a quote or an interpolation (`_`, `"`,
/// `#{`, `%Y`) or a decimal point (`0.7`) when what follows
/// is not more punctuation (so `::`, `->` and `))` stay whole) unless it opens something
/// (`("`, `[(`); never before a space, so no row starts with one; or between wide characters
/// where kinsoku allows.
fn breakable(clusters: &[Cluster], k: usize) -> bool {
    let (Some(prev), Some(next)) = (clusters.get(k.wrapping_sub(1)), clusters.get(k)) else {
        return false;
    };
    let (a, b) = (prev.first, next.first);
    if b.is_whitespace() {
        return false;
    }
    let joins = |c: char| matches!(c, '_' | '"' | '\'' | '`' | '$' | '@' | '#' | '%' | '\\');
    // A decimal point belongs to its number (`0.7`, `3.14`, `1.2.3`).
    let before = clusters.get(k.wrapping_sub(2)).map(|c| c.first);
    if a == '.' && b.is_ascii_digit() && before.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    // A quote opens a string after a bracket, a comma or `=`, and may close one elsewhere.
    let opens = matches!(b, '(' | '[' | '{')
        || (matches!(b, '"' | '\'' | '`') && matches!(a, '(' | '[' | '{' | ',' | '='));
    if a == ' ' || (a.is_ascii_punctuation() && !joins(a) && (!b.is_ascii_punctuation() || opens)) {
        return true;
    }
    (prev.width > 1 || next.width > 1) && kinsoku_allows(clusters, k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::width::str_width;
    use proptest::prelude::*;

    fn rows(line: &str, first: usize, rest: usize) -> Vec<&str> {
        wrap_code(line, first, rest, false)
            .into_iter()
            .map(|r| &line[r])
            .collect()
    }

    #[test]
    fn a_line_that_fits_is_one_row() {
        assert_eq!(rows("let x = 1;", 10, 4), ["let x = 1;"]);
        assert_eq!(rows("", 10, 4), [""]);
    }

    #[test]
    fn rows_break_after_spaces_and_punctuation_not_inside_tokens() {
        assert_eq!(
            rows("return some_function(argument, other);", 24, 20),
            ["return some_function(", "argument, other);"]
        );
        assert_eq!(rows("foo.bar.baz", 8, 8), ["foo.bar.", "baz"]);
        assert_eq!(rows("some_name_here", 10, 10), ["some_name_", "here"]);
        assert_eq!(
            rows("let s = \"hello\";", 10, 10),
            ["let s = ", "\"hello\";"]
        );
        assert_eq!(rows("a::b::c()", 5, 5), ["a::", "b::", "c()"]);
    }

    #[test]
    fn numbers_are_not_cut_at_their_decimal_point() {
        assert_eq!(
            rows("return hours * 0.7 }", 17, 17),
            ["return hours * ", "0.7 }"]
        );
        assert_eq!(rows("v = 1.25", 7, 7), ["v = ", "1.25"]);
    }

    #[test]
    fn indentation_alone_never_makes_a_row() {
        assert_eq!(
            rows("    println!(\"{}\", x);", 18, 16),
            ["    println!(\"{}\",", "x);"]
        );
    }

    #[test]
    fn a_token_wider_than_the_row_is_cut() {
        assert_eq!(rows("abcdefghij", 4, 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn no_row_starts_with_a_space_or_closing_punctuation_when_it_can_break_elsewhere() {
        assert_eq!(rows("f(a, b)", 5, 5), ["f(a, ", "b)"]);
        assert_eq!(rows("x  = yy", 4, 4), ["x  =", "yy"]);
        assert_eq!(rows("x  = yy", 3, 3), ["x  ", "= ", "yy"]);
        assert_eq!(
            rows("let x = 1; // long comment", 18, 16),
            ["let x = 1; // long", "comment"]
        );
    }

    #[test]
    fn wide_characters_break_where_kinsoku_allows() {
        for row in rows("// あいうえ。おか", 12, 12) {
            assert!(!row.starts_with('。'), "{row}");
        }
    }

    fn code_text() -> impl Strategy<Value = String> {
        r#"[a-z0-9 (){}\[\],.;:=<>"'!?_+*/&|#-]{0,120}|[a-z 一-龥ぁ-ゖ。、「」]{0,60}"#
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn rows_join_back_into_the_line_and_fit(
            line in code_text(),
            first in 2usize..=60,
            rest in 2usize..=60,
        ) {
            let ranges = wrap_code(&line, first, rest, false);
            // Rows are in order, and only spaces fall between them.
            let mut at = 0;
            for r in &ranges {
                prop_assert!(r.start >= at);
                prop_assert!(line[at..r.start].bytes().all(|b| b == b' '));
                at = r.end;
            }
            prop_assert_eq!(at, line.len());
            for (i, r) in ranges.iter().enumerate() {
                let width = if i == 0 { first } else { rest };
                prop_assert!(str_width(&line[r.clone()], false) <= width);
            }
        }

        #[test]
        fn a_token_is_only_cut_when_no_break_fits_in_the_row(
            line in "[a-z]{1,12}( [a-z]{1,12}){0,10}",
            width in 13usize..=40,
        ) {
            // Every word fits a row, so every row ends at a word's end.
            for r in wrap_code(&line, width, width, false) {
                let ends_word = r.end == line.len()
                    || line.as_bytes()[r.end - 1] == b' '
                    || line.as_bytes()[r.end] == b' ';
                prop_assert!(ends_word, "{:?}", &line[r]);
            }
        }
    }
}
