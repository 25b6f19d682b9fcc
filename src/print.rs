//! `kiji --print`: a post written as the reader pane shows it, for pipes and terminals.
//!
//! The rows come from the same layout the reader draws, so the two agree cell for cell.
//! Colour, when asked for, is the reader's theme written as SGR sequences; those are the only
//! escape sequences kiji ever writes (layout has already removed every control character
//! that came from the file).

use std::io::{self, Write};

use ratatui::style::{Color, Modifier, Style};

use crate::layout::{Options, Row, layout_post};
use crate::model::{Post, ReadingRates};
use crate::style::Theme;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintOptions {
    pub width: usize,
    /// The configured theme when the output is coloured; `None` writes plain text.
    pub theme: Option<Theme>,
    /// Measure East Asian ambiguous characters as two cells.
    pub ambiguous_wide: bool,
    pub rates: ReadingRates,
}

/// Writes the laid-out post (header and body) to `out`.
pub fn write_post(post: &Post, options: &PrintOptions, out: &mut dyn Write) -> io::Result<()> {
    let layout = Options {
        width: options.width,
        ambiguous_wide: options.ambiguous_wide,
    };
    let doc = layout_post(post, options.rates, &layout);
    write_rows(&doc.rows, options.theme.as_ref(), out)
}

/// Writes rows as lines: plain text, or with SGR colour from `theme`. No line ends in spaces.
pub fn write_rows(rows: &[Row], theme: Option<&Theme>, out: &mut dyn Write) -> io::Result<()> {
    let mut line = String::new();
    for row in rows {
        line.clear();
        let last = row
            .spans
            .iter()
            .rposition(|s| !s.text.trim_end_matches(' ').is_empty());
        let spans = match last {
            Some(i) => &row.spans[..=i],
            None => &[][..],
        };
        // Neighbouring spans with one style share one SGR sequence.
        let mut open: Option<Style> = None;
        for (i, span) in spans.iter().enumerate() {
            let text = if Some(i) == last {
                span.text.trim_end_matches(' ')
            } else {
                span.text.as_str()
            };
            debug_assert!(!text.contains(char::is_control), "{text:?}");
            let style = theme
                .map(|t| t.span(span.role, span.inline))
                .filter(|s| *s != Style::default());
            if style != open {
                if open.is_some() {
                    line.push_str(RESET);
                }
                if let Some(style) = style {
                    line.push_str(&sgr(style));
                }
                open = style;
            }
            line.push_str(text);
        }
        if open.is_some() {
            line.push_str(RESET);
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

const RESET: &str = "\x1b[0m";

/// The SGR sequence that switches a terminal to `style`.
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let modifiers = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (modifier, code) in modifiers {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_string());
        }
    }
    if let Some(fg) = style.fg {
        codes.push(color_code(fg, false));
    }
    if let Some(bg) = style.bg {
        codes.push(color_code(bg, true));
    }
    format!("\x1b[{}m", codes.join(";"))
}

fn color_code(color: Color, background: bool) -> String {
    let base = |n: u8| (if background { n + 10 } else { n }).to_string();
    match color {
        Color::Reset => base(39),
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(n) => format!("{};5;{n}", if background { 48 } else { 38 }),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", if background { 48 } else { 38 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Inline, Role, Span};

    fn row(spans: &[(&str, Role, bool)]) -> Row {
        Row {
            spans: spans
                .iter()
                .map(|&(t, role, strong)| Span {
                    text: t.into(),
                    role,
                    inline: Inline {
                        strong,
                        ..Inline::default()
                    },
                })
                .collect(),
            source_offset: 0,
        }
    }

    fn print(rows: &[Row], theme: Option<&Theme>) -> String {
        let mut out = Vec::new();
        write_rows(rows, theme, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_output_has_no_escape_sequences_and_no_trailing_spaces() {
        let rows = [row(&[
            ("│ ", Role::QuoteBar, false),
            ("text  ", Role::Body, false),
            (" ", Role::Body, false),
        ])];
        let text = print(&rows, None);
        assert_eq!(text, "│ text\n");
    }

    #[test]
    fn colour_comes_from_the_theme_as_sgr() {
        let rows = [row(&[("a", Role::Body, false), ("b", Role::Body, true)])];
        let text = print(&rows, Some(&Theme::default()));
        assert_eq!(text, "a\x1b[1mb\x1b[0m\n");
    }

    #[test]
    fn neighbouring_spans_with_one_style_share_a_sequence() {
        let rows = [row(&[("a", Role::Body, true), ("b", Role::Body, true)])];
        assert_eq!(print(&rows, Some(&Theme::default())), "\x1b[1mab\x1b[0m\n");
    }

    #[test]
    fn sgr_codes_cover_colours_and_modifiers() {
        let style = Style::default()
            .fg(Color::LightCyan)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        assert_eq!(sgr(style), "\x1b[1;4;96m");
        assert_eq!(
            sgr(Style::default().fg(Color::Indexed(208))),
            "\x1b[38;5;208m"
        );
    }
}
