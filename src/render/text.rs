//! Display width as the screen buffer measures it, and writing text into a fixed number of
//! cells: cut at a grapheme boundary, ended with a one-cell mark (`…`, or the ASCII stand-in
//! [`ChromeGlyphs`](crate::style::ChromeGlyphs) gives) when something was cut, and never
//! half a wide character.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

/// Graphemes the buffer would draw, with their widths (control characters and zero-width
/// pieces dropped, as `Buffer::set_stringn` drops them).
fn drawn(text: &str) -> impl Iterator<Item = (&str, usize)> {
    text.graphemes(true)
        .filter(|g| !g.contains(char::is_control))
        .map(|g| (g, usize::from(g.cell_width())))
        .filter(|(_, w)| *w > 0)
}

/// Cells `text` takes on screen.
pub fn width(text: &str) -> usize {
    drawn(text).map(|(_, w)| w).sum()
}

/// `text` cut to at most `max` cells, with `ellipsis` (one cell) in the last cell when it
/// was cut.
pub fn truncate(text: &str, max: usize, ellipsis: &str) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for (grapheme, w) in drawn(text) {
        if used + w > max - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push_str(ellipsis);
    out
}

/// Writes styled pieces on row `y` of `area`, cutting with `ellipsis` (one cell, in the style
/// of the piece that was cut) when they do not fit. Returns the column after the last cell
/// written.
pub fn put_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    pieces: &[(&str, Style)],
    ellipsis: &str,
) -> u16 {
    let max = usize::from(area.width);
    if max == 0 || y < area.y || y >= area.bottom() {
        return area.x;
    }
    let cut = pieces.iter().map(|(t, _)| width(t)).sum::<usize>() > max;
    let limit = if cut { max - 1 } else { max };
    let (mut x, mut used) = (area.x, 0);
    let mut cut_style = Style::default();
    'pieces: for (text, style) in pieces {
        cut_style = *style;
        for (grapheme, w) in drawn(text) {
            if used + w > limit {
                break 'pieces;
            }
            buf.set_stringn(x, y, grapheme, w, *style);
            x += w as u16;
            used += w;
        }
    }
    if cut {
        buf.set_stringn(x, y, ellipsis, 1, cut_style);
        x += 1;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELLIPSIS: &str = "…";

    #[test]
    fn width_counts_wide_characters_twice() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("記事"), 4);
        assert_eq!(width("a\tb"), 2, "control characters are not drawn");
    }

    #[test]
    fn truncation_never_splits_a_wide_character() {
        assert_eq!(truncate("記事を読む", 10, ELLIPSIS), "記事を読む");
        assert_eq!(truncate("記事を読む", 9, ELLIPSIS), "記事を読…");
        assert_eq!(truncate("記事を読む", 8, ELLIPSIS), "記事を…");
        assert_eq!(truncate("記事を読む", 7, ELLIPSIS), "記事を…");
        assert_eq!(truncate("記事を読む", 1, ELLIPSIS), "…");
        assert_eq!(truncate("記事を読む", 0, ELLIPSIS), "");
        for max in 0..12 {
            assert!(width(&truncate("記事をa読むb", max, ELLIPSIS)) <= max);
        }
    }

    #[test]
    fn put_line_cuts_across_pieces_with_one_ellipsis() {
        let area = Rect::new(0, 0, 8, 1);
        let mut buf = Buffer::empty(area);
        let x = put_line(
            &mut buf,
            area,
            0,
            &[("日本", Style::default()), ("語です", Style::default())],
            ELLIPSIS,
        );
        assert_eq!(x, 7);
        assert_eq!(buf, Buffer::with_lines(["日本語… "]));

        let mut buf = Buffer::empty(area);
        put_line(
            &mut buf,
            area,
            0,
            &[("abcdefg", Style::default()), ("hi", Style::default())],
            ELLIPSIS,
        );
        assert_eq!(buf, Buffer::with_lines(["abcdefg…"]));

        let mut buf = Buffer::empty(area);
        put_line(
            &mut buf,
            area,
            0,
            &[("ab", Style::default()), ("cd", Style::default())],
            ELLIPSIS,
        );
        assert_eq!(buf, Buffer::with_lines(["abcd    "]));
    }
}
