//! Ruby (`<ruby>漢字<rt>かんじ</rt></ruby>`) as Japanese plain text writes it: the base, then
//! the reading in double angle brackets, `漢字《かんじ》` (the Aozora Bunko convention). The
//! whole is one unbreakable run, held together with WORD JOINERs that wrapping honours
//! (UAX #14) and [`super::flow`] takes out of the rows. `<rp>` holds the fallback brackets
//! for browsers without ruby; they are not shown, as a browser with ruby hides them.

use super::tree::InlineItem;

/// Opens the reading.
pub const OPEN: &str = "《";
/// Closes the reading.
pub const CLOSE: &str = "》";
/// Between every two characters of a ruby run: no line may break there.
pub const JOINER: char = '\u{2060}';

/// Makes the text items of `out` from `start` on (a whole `<ruby>` element) one run that never
/// breaks across rows. Line breaks inside the element go; the first text's style is kept.
pub fn join(out: &mut Vec<InlineItem>, start: usize) {
    if start >= out.len() {
        return;
    }
    let mut style = None;
    let mut offset = 0;
    let mut text = String::new();
    for item in out.drain(start..) {
        if let InlineItem::Text {
            text: t,
            style: s,
            offset: o,
            ..
        } = item
        {
            if style.is_none() {
                style = Some(s);
                offset = o;
            }
            for c in t.chars().filter(|c| !c.is_whitespace()) {
                if !text.is_empty() {
                    text.push(JOINER);
                }
                text.push(c);
            }
        }
    }
    if let Some(style) = style {
        out.push(InlineItem::text(text, style, offset));
    }
}

#[cfg(test)]
mod tests {
    use crate::layout::row_texts as rows;

    #[test]
    fn ruby_shows_its_reading_in_brackets_and_never_splits() {
        let src = "あいうえお<ruby>漢字<rt>かんじ</rt></ruby>を読む";
        assert_eq!(rows(src, 40), ["あいうえお漢字《かんじ》を読む"]);
        // The run does not fit after あいうえお in 16 cells: it moves whole to the next row.
        assert_eq!(rows(src, 16), ["あいうえお", "漢字《かんじ》を", "読む"]);
    }

    #[test]
    fn fallback_parentheses_are_not_shown_and_html_blocks_agree() {
        let inline = "明日<ruby>明日<rp>(</rp><rt>あした</rt><rp>)</rp></ruby>";
        assert_eq!(rows(inline, 40), ["明日明日《あした》"]);
        let block = "<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>です</p>";
        assert_eq!(rows(block, 40), ["漢《かん》です"]);
    }

    #[test]
    fn a_run_wider_than_the_row_still_fits_the_width() {
        let shown = rows("<ruby>長い長い漢字<rt>ながいながいかんじ</rt></ruby>", 8);
        assert!(
            shown
                .iter()
                .all(|r| crate::text::width::str_width(r, false) <= 8)
        );
        assert_eq!(shown.concat(), "長い長い漢字《ながいながいかんじ》");
    }
}
