//! The one place kiji measures display width: layout, `--list` and (through them) the
//! screen and `--print` all count cells here.
//!
//! Widths are counted per extended grapheme cluster exactly as ratatui's `Buffer` counts them
//! (`ratatui::buffer::CellWidth` for `str`): a one-byte cluster is one cell, any other cluster
//! is its `unicode-width` width plus one cell for each halfwidth (han)dakuten U+FF9E/U+FF9F,
//! which terminals draw as a cell of their own. A span is measured on its own, grapheme by
//! grapheme, because that is how the buffer draws it; so what layout decides fits is what the
//! reader pane shows, cell for cell. The one knob ratatui lacks is `ambiguous_wide`, for
//! terminals that draw East Asian Ambiguous characters (`─`, `•`, `…`) two cells wide.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The cells one grapheme cluster takes.
pub fn grapheme_width(grapheme: &str, ambiguous_wide: bool) -> usize {
    if grapheme.len() == 1 {
        return 1;
    }
    let base = if ambiguous_wide {
        grapheme.width_cjk()
    } else {
        grapheme.width()
    };
    base + grapheme
        .chars()
        .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
        .count()
}

/// The cells a string takes when drawn as one span.
pub fn str_width(text: &str, ambiguous_wide: bool) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    // One pass for text made of lone clusters (most text), taking printable ASCII without
    // the range checks; anything else is segmented properly.
    let mut width = 0;
    for c in text.chars() {
        width += match c {
            ' '..='~' => 1,
            c if is_lone_cluster(c) => char_width(c, ambiguous_wide),
            _ => return clustered_width(text, ambiguous_wide),
        };
    }
    width
}

fn clustered_width(text: &str, ambiguous_wide: bool) -> usize {
    text.graphemes(true)
        .map(|g| grapheme_width(g, ambiguous_wide))
        .sum()
}

/// One grapheme cluster of a text: where it starts (byte index), the cells it takes, and its
/// first character (what line-breaking rules look at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cluster {
    pub start: usize,
    pub width: usize,
    pub first: char,
}

/// Splits `text` into grapheme clusters with their widths, appending to `out`.
pub fn clusters_into(text: &str, ambiguous_wide: bool, out: &mut Vec<Cluster>) {
    let before = out.len();
    out.reserve(text.len());
    for (start, c) in text.char_indices() {
        // The usual characters first, without the general checks.
        let width = match c {
            ' '..='~' => 1,
            '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}' => 2,
            c if is_lone_cluster(c) => char_width(c, ambiguous_wide),
            _ => usize::MAX,
        };
        if width == usize::MAX {
            // Rare: segment the whole text properly.
            out.truncate(before);
            out.extend(text.grapheme_indices(true).map(|(start, g)| Cluster {
                start,
                width: grapheme_width(g, ambiguous_wide),
                first: g.chars().next().unwrap_or(' '),
            }));
            return;
        }
        out.push(Cluster {
            start,
            width,
            first: c,
        });
    }
}

/// The clusters of `text`, for callers that do not reuse a buffer.
pub fn clusters(text: &str, ambiguous_wide: bool) -> Vec<Cluster> {
    let mut out = Vec::new();
    clusters_into(text, ambiguous_wide, &mut out);
    out
}

/// Width of a character that forms a cluster on its own (see [`is_lone_cluster`]).
fn char_width(c: char, ambiguous_wide: bool) -> usize {
    if c.is_ascii() {
        return 1;
    }
    // Kana and CJK ideographs, most of a Japanese text, are wide (checked by the proptests
    // against ratatui); skip the table lookup for them.
    if matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}') {
        return 2;
    }
    let w = if ambiguous_wide {
        c.width_cjk()
    } else {
        c.width()
    };
    w.unwrap_or(0)
}

/// Characters that never join a neighbour into one grapheme cluster and whose width as a
/// one-character string equals their width as a character: the bulk of Japanese, Chinese,
/// Korean and ASCII text. A text made only of these needs no segmentation, which keeps a
/// 1 MB post fast; anything else (combining marks, emoji sequences, jamo) takes the exact
/// path through `unicode-segmentation`.
fn is_lone_cluster(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{00A0}'..='\u{02FF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{2190}'..='\u{22FF}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{3098}'
        | '\u{309B}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{FF01}'..='\u{FF5E}')
        && !matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::{Buffer, CellWidth};
    use ratatui::layout::Rect;

    #[test]
    fn ascii_is_one_cell_per_character() {
        assert_eq!(str_width("Hello, world", false), 12);
    }

    #[test]
    fn kanji_kana_and_hangul_are_two_cells() {
        assert_eq!(str_width("日本語かなカナ한국", false), 18);
    }

    #[test]
    fn ideographic_space_keeps_its_two_cells() {
        assert_eq!(str_width("\u{3000}", false), 2);
    }

    #[test]
    fn zero_width_space_takes_no_cell() {
        assert_eq!(str_width("a\u{200B}b", false), 2);
    }

    #[test]
    fn combining_mark_joins_its_base() {
        assert_eq!(str_width("e\u{301}", false), 1);
        assert_eq!(clusters("e\u{301}x", false).len(), 2);
    }

    #[test]
    fn halfwidth_dakuten_is_counted_as_ratatui_counts_it() {
        assert_eq!(str_width("ｶﾞ", false), usize::from("ｶﾞ".cell_width()));
    }

    #[test]
    fn emoji_sequences_are_one_wide_cluster() {
        assert_eq!(str_width("👨‍👩‍👧", false), 2);
        assert_eq!(clusters("👍🏽!", false).len(), 2);
    }

    #[test]
    fn ambiguous_characters_are_narrow_unless_asked() {
        assert_eq!(str_width("─•…", false), 3);
        assert_eq!(str_width("─•…", true), 6);
    }

    /// Every character the fast paths take as a cluster of its own really is one: it breaks
    /// from any neighbour, and its width as a string is its width as a character, in both
    /// ambiguous-width modes. Checked over all of Unicode, so widening the ranges is safe.
    #[test]
    fn lone_clusters_break_from_their_neighbours_and_keep_their_width() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_lone_cluster(c))
        {
            for text in [format!("a{c}a"), format!("{c}{c}"), format!("日{c}")] {
                assert_eq!(text.graphemes(true).count(), text.chars().count(), "{c:?}");
            }
            let one = c.to_string();
            for wide in [false, true] {
                assert_eq!(
                    char_width(c, wide),
                    one.graphemes(true)
                        .map(|g| grapheme_width(g, wide))
                        .sum::<usize>(),
                    "{c:?}"
                );
            }
            assert_eq!(
                char_width(c, false),
                usize::from(one.as_str().cell_width()),
                "{c:?}"
            );
        }
    }

    fn drawn_width(text: &str) -> usize {
        let mut buf = Buffer::empty(Rect::new(0, 0, 400, 1));
        let (x, _) = buf.set_stringn(0, 0, text, 400, ratatui::style::Style::default());
        x as usize
    }

    proptest! {
        #[test]
        fn width_matches_ratatui_cell_width_per_grapheme(
            s in "[a-zA-Z0-9 、。「」日本語かなカナｶﾞﾟ한국\u{3000}\u{A0}\u{200B}\u{301}\u{3099}👍🏽👨‍👩‍👧─…•é]{0,40}"
        ) {
            let expected: usize = s
                .graphemes(true)
                .map(|g| usize::from(g.cell_width()))
                .sum();
            prop_assert_eq!(str_width(&s, false), expected);
            let by_clusters: usize = clusters(&s, false).iter().map(|c| c.width).sum();
            prop_assert_eq!(by_clusters, expected);
        }

        #[test]
        fn width_matches_what_the_buffer_draws(
            s in "[a-z 、。日本語かなｶﾞ한\u{3000}\u{200B}\u{301}👍🏽─]{0,40}"
        ) {
            prop_assert_eq!(str_width(&s, false), drawn_width(&s));
        }
    }
}
