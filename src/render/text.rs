//! Writing text into a fixed number of cells: measured by the crate's one width function
//! ([`crate::text::width`], which knows the ambiguous-width setting), cut at a grapheme
//! boundary, ended with a one-cell mark (`…`, or the ASCII stand-in
//! [`ChromeGlyphs`] gives) when something was cut, and never half a wide character.
//!
//! On a terminal that draws East Asian Ambiguous characters two cells wide, the buffer still
//! counts them one; such a cell is written with a forced width of two, so the next cell is
//! left to it and the row keeps the columns the terminal will really use.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use crate::style::ChromeGlyphs;
use crate::text::width::grapheme_width;

/// Graphemes the buffer would draw, with the cells each takes on this terminal (control
/// characters and zero-width pieces dropped, as `Buffer::set_stringn` drops them).
fn drawn(text: &str, ambiguous_wide: bool) -> impl Iterator<Item = (&str, usize)> {
    text.graphemes(true)
        .filter(|g| !g.contains(char::is_control))
        .map(move |g| (g, grapheme_width(g, ambiguous_wide)))
        .filter(|(_, w)| *w > 0)
}

/// `pieces` with `by` cells cut out after their first `from` cells: a code line scrolled
/// sideways past its gutter. A wide character cut in two leaves a space for its visible half,
/// and the first cell after the gutter shows the ellipsis of `glyphs` when text was cut there.
pub fn scrolled<'a>(
    pieces: &[(&'a str, Style)],
    from: usize,
    by: usize,
    glyphs: &ChromeGlyphs,
) -> Vec<(std::borrow::Cow<'a, str>, Style)> {
    use std::borrow::Cow;
    let mut out: Vec<(Cow<'a, str>, Style)> = Vec::new();
    let mut at = 0;
    let mut cut = false;
    let mut marked = by == 0;
    for &(text, style) in pieces {
        for (grapheme, w) in drawn(text, glyphs.ambiguous_wide) {
            let (start, end) = (at, at + w);
            at = end;
            if end <= from {
                out.push((Cow::Borrowed(grapheme), style));
            } else if start < from + by {
                cut = true;
                // Part of a wide character past the cut, or one astride the gutter's edge.
                let shown = end.saturating_sub((from + by).max(start));
                if shown > 0 {
                    out.push((Cow::Owned(" ".repeat(shown)), style));
                }
            } else {
                if !marked && cut {
                    marked = true;
                    if w == 1 {
                        out.push((Cow::Borrowed(glyphs.ellipsis), style));
                        continue;
                    }
                    out.push((Cow::Owned(format!("{} ", glyphs.ellipsis)), style));
                    continue;
                }
                out.push((Cow::Borrowed(grapheme), style));
            }
        }
    }
    out
}

/// Cells `text` takes on screen, with the ambiguous-width rule of `glyphs`.
pub fn width(text: &str, glyphs: &ChromeGlyphs) -> usize {
    drawn(text, glyphs.ambiguous_wide).map(|(_, w)| w).sum()
}

/// `text` cut to at most `max` cells, with the one-cell ellipsis of `glyphs` in the last cell
/// when it was cut.
pub fn truncate(text: &str, max: usize, glyphs: &ChromeGlyphs) -> String {
    if width(text, glyphs) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for (grapheme, w) in drawn(text, glyphs.ambiguous_wide) {
        if used + w > max - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push_str(glyphs.ellipsis);
    out
}

/// Writes one grapheme that takes `cells` on this terminal at (`x`, `y`).
fn put_grapheme(buf: &mut Buffer, x: u16, y: u16, grapheme: &str, cells: usize, style: Style) {
    buf.set_stringn(x, y, grapheme, cells, style);
    let counted = usize::from(grapheme.cell_width());
    if cells > counted
        && let (Some(cell), Some(forced)) = (
            buf.cell_mut((x, y)),
            u16::try_from(cells).ok().and_then(NonZeroU16::new),
        )
    {
        cell.set_diff_option(CellDiffOption::ForcedWidth(forced));
    }
}

/// Writes styled pieces on row `y` of `area`, cutting with the ellipsis of `glyphs` (one cell,
/// in the style of the piece that was cut) when they do not fit. Returns the column after the
/// last cell written.
pub fn put_line(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    pieces: &[(&str, Style)],
    glyphs: &ChromeGlyphs,
) -> u16 {
    let max = usize::from(area.width);
    if max == 0 || y < area.y || y >= area.bottom() {
        return area.x;
    }
    let cut = pieces.iter().map(|(t, _)| width(t, glyphs)).sum::<usize>() > max;
    let limit = if cut { max - 1 } else { max };
    let (mut x, mut used) = (area.x, 0);
    let mut cut_style = Style::default();
    'pieces: for (text, style) in pieces {
        cut_style = *style;
        for (grapheme, w) in drawn(text, glyphs.ambiguous_wide) {
            if used + w > limit {
                break 'pieces;
            }
            put_grapheme(buf, x, y, grapheme, w, *style);
            x += w as u16;
            used += w;
        }
    }
    if cut {
        buf.set_stringn(x, y, glyphs.ellipsis, 1, cut_style);
        x += 1;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::style::glyphs::{CHROME_ASCII, CHROME_UNICODE};

    const ELLIPSIS: &ChromeGlyphs = &CHROME_UNICODE;

    #[test]
    fn width_counts_wide_characters_twice() {
        assert_eq!(width("abc", ELLIPSIS), 3);
        assert_eq!(width("記事", ELLIPSIS), 4);
        assert_eq!(
            width("a\tb", ELLIPSIS),
            2,
            "control characters are not drawn"
        );
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
            assert!(width(&truncate("記事をa読むb", max, ELLIPSIS), ELLIPSIS) <= max);
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

    #[test]
    fn ambiguous_characters_take_two_cells_where_the_terminal_draws_them_wide() {
        let wide: &ChromeGlyphs = &CHROME_ASCII;
        assert_eq!(width("“引用”", ELLIPSIS), 6);
        assert_eq!(width("“引用”", wide), 8);
        assert_eq!(truncate("“引用”です", 7, wide), "“引用~");

        let area = Rect::new(0, 0, 6, 1);
        let mut buf = Buffer::empty(area);
        let x = put_line(&mut buf, area, 0, &[("“ab”c", Style::default())], wide);
        assert_eq!(x, 5, "two cells for the quote, `ab`, then the cut mark");
        assert_eq!(buf[(0, 0)].symbol(), "“");
        assert_eq!(
            buf[(0, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap())
        );
        assert_eq!(buf[(2, 0)].symbol(), "a");
        assert_eq!(buf[(3, 0)].symbol(), "b");
        assert_eq!(buf[(4, 0)].symbol(), "~");

        // The diff a terminal is sent leaves the cell after the quote to it.
        let before = Buffer::filled(area, ratatui::buffer::Cell::new("x"));
        let sent: Vec<u16> = before.diff(&buf).iter().map(|(x, _, _)| *x).collect();
        assert!(!sent.contains(&1), "{sent:?}");
    }
}
