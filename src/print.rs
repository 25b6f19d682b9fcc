//! `kiji --print`: a post written as the reader pane shows it, for pipes and terminals.
//!
//! The rows come from the same layout the reader draws, so the two agree cell for cell.
//! Colour, when asked for, is the reader's theme written as SGR sequences by crossterm, as
//! on screen; those are the only escape sequences kiji ever writes (layout has already
//! removed every control character that came from the file).

use std::io::{self, Write};

use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Print, ResetColor, SetStyle};
use ratatui::style::Style;

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
    /// Fold repeated passages as the reader does; a pipe gets the whole text by default.
    pub fold_repeats: bool,
}

/// Writes the laid-out post (header and body) to `out`.
pub fn write_post(post: &Post, options: &PrintOptions, out: &mut dyn Write) -> io::Result<()> {
    let layout = Options {
        width: options.width,
        ambiguous_wide: options.ambiguous_wide,
        fold_repeats: options.fold_repeats,
    };
    let doc = layout_post(post, options.rates, &layout);
    write_rows(&doc.rows, options.theme.as_ref(), out)
}

/// Writes rows as lines: plain text, or coloured by `theme` through crossterm's style
/// commands, the encoder the reader's terminal uses. No line ends in spaces.
pub fn write_rows(rows: &[Row], theme: Option<&Theme>, out: &mut dyn Write) -> io::Result<()> {
    let mut line: Vec<u8> = Vec::new();
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
        // Neighbouring spans with one style share one set of sequences.
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
                    queue!(line, ResetColor)?;
                }
                if let Some(style) = style {
                    queue!(line, SetStyle(style.into_crossterm()))?;
                }
                open = style;
            }
            queue!(line, Print(text))?;
        }
        if open.is_some() {
            queue!(line, ResetColor)?;
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
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
    fn colours_and_modifiers_are_written_as_crossterm_writes_them() {
        // One sequence per attribute and colour, named colours as their palette index:
        // `1;4;96` written separately, and LightCyan as palette colour 14 (what 96 selects).
        let rows = [row(&[("h", Role::Heading(2), false)])];
        assert_eq!(
            print(&rows, Some(&Theme::default())),
            "\x1b[38;5;14m\x1b[1mh\x1b[0m\n"
        );
        let mut theme = Theme::default();
        theme
            .overrides
            .insert(Role::Body, ratatui::style::Color::Indexed(208));
        let rows = [row(&[("b", Role::Body, false)])];
        assert_eq!(print(&rows, Some(&theme)), "\x1b[38;5;208mb\x1b[0m\n");
    }
}
