//! Ruby (`<ruby>漢字<rt>かんじ</rt></ruby>`) as Japanese plain text writes it: the base, then
//! the reading in double angle brackets, `漢字《かんじ》` (the Aozora Bunko convention), or in
//! parentheses, or not at all, as [`RubyStyle`] says. The
//! whole is one unbreakable run, held together with WORD JOINERs that wrapping honours
//! (UAX #14) and [`super::flow`] takes out of the rows. `<rp>` holds the fallback brackets
//! for browsers without ruby; they are not shown, as a browser with ruby hides them.

use super::tree::InlineItem;

/// How a reading is written after its base: the config's `ruby`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RubyStyle {
    /// `漢字《かんじ》`, as Aozora Bunko writes it.
    #[default]
    Brackets,
    /// `漢字(かんじ)`, as a browser without ruby shows `<rp>` fallbacks.
    Parentheses,
    /// `漢字`: the reading left out.
    BaseOnly,
}

impl RubyStyle {
    /// The marks around the reading; `None` when the reading is not shown.
    pub fn marks(self) -> Option<(&'static str, &'static str)> {
        match self {
            RubyStyle::Brackets => Some(("《", "》")),
            RubyStyle::Parentheses => Some(("(", ")")),
            RubyStyle::BaseOnly => None,
        }
    }

    /// The styles by the names the config gives them.
    pub const NAMES: [(&'static str, RubyStyle); 3] = [
        ("brackets", RubyStyle::Brackets),
        ("parentheses", RubyStyle::Parentheses),
        ("base", RubyStyle::BaseOnly),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, style)| *style == self)
            .map_or("brackets", |(name, _)| name)
    }
}
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
    use super::RubyStyle;
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
    fn the_reading_is_written_as_the_style_says_in_markdown_and_html_alike() {
        let styled = |style: RubyStyle, src: &str| -> Vec<String> {
            let options = crate::layout::Options {
                ruby: style,
                ..crate::layout::Options::new(40)
            };
            crate::layout::layout_markdown(src, &options)
                .rows
                .iter()
                .map(|r| r.text())
                .collect()
        };
        let inline = "<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を読む";
        let block = "<p><ruby>漢字<rt>かんじ</rt></ruby>を読む</p>";
        for src in [inline, block] {
            assert_eq!(styled(RubyStyle::Brackets, src), ["漢字《かんじ》を読む"]);
            assert_eq!(styled(RubyStyle::Parentheses, src), ["漢字(かんじ)を読む"]);
            assert_eq!(styled(RubyStyle::BaseOnly, src), ["漢字を読む"]);
        }
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
