//! `kiji --print`: a post written as the reader pane shows it, for pipes and terminals.
//!
//! The rows come from the same layout the reader draws, so the two agree cell for cell.
//! Colour, when asked for, is the reader's theme written as SGR sequences by crossterm, as
//! on screen; with it, the text of each web or mail link is an OSC 8 hyperlink, so a
//! terminal that supports them makes it clickable. Those are the only escape sequences kiji
//! ever writes: layout has already removed every control character that came from the
//! file, and an address is only written when it has none and is percent-encoded to
//! printable ASCII ([`hyperlink_target`]).

use std::io::{self, Write};

use ratatui::backend::IntoCrossterm;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Print, ResetColor, SetStyle};
use ratatui::style::Style;

use std::ops::Range;

use crate::layout::{Document, Highlighting, Options, Row, RubyStyle, layout_post};
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
    /// Write web and mail links as OSC 8 hyperlinks (only ever with colour, never under
    /// `NO_COLOR`).
    pub hyperlinks: bool,
    /// How `<ruby>` readings are written.
    pub ruby: RubyStyle,
}

/// A hyperlink on a row: bytes of the row's text and the address to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowLink {
    pub bytes: Range<usize>,
    pub target: String,
}

/// The address to write in an OSC 8 sequence for a link's `target`: only http, https and
/// mailto, nothing with a control character, and everything outside printable ASCII
/// percent-encoded, so no byte of it can end the sequence or start another.
pub fn hyperlink_target(target: &str) -> Option<String> {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const OUTSIDE_URI: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');
    let lower = target.trim().to_ascii_lowercase();
    let scheme_ok = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    if !scheme_ok || target.contains(char::is_control) {
        return None;
    }
    Some(utf8_percent_encode(target.trim(), OUTSIDE_URI).to_string())
}

/// The hyperlinks of a laid-out document, per row: each web or mail link's text.
pub fn row_links(doc: &Document) -> Vec<Vec<RowLink>> {
    let mut out: Vec<Vec<RowLink>> = vec![Vec::new(); doc.rows.len()];
    for place in &doc.link_places {
        let Some(target) = doc
            .links
            .get(place.number.wrapping_sub(1))
            .and_then(|link| hyperlink_target(&link.target))
        else {
            continue;
        };
        for piece in &place.pieces {
            if let Some(row) = out.get_mut(piece.row) {
                row.push(RowLink {
                    bytes: piece.bytes.clone(),
                    target: target.clone(),
                });
            }
        }
    }
    out
}

/// OSC 8, opened on `target` (already made safe by [`hyperlink_target`]) or closed.
fn osc8(target: &str) -> String {
    format!("\x1b]8;;{target}\x1b\\")
}

/// Writes the laid-out post (header and body) to `out`.
pub fn write_post(post: &Post, options: &PrintOptions, out: &mut dyn Write) -> io::Result<()> {
    let layout = Options {
        width: options.width,
        ambiguous_wide: options.ambiguous_wide,
        fold_repeats: options.fold_repeats,
        highlighting: Highlighting::Now,
        // A pipe cannot scroll sideways, nor open a `<details>`.
        wrap_code: true,
        fold_details: false,
        details_open: 0,
        // A pipe gets the alt text, never a picture.
        pictures: None,
        ruby: options.ruby,
    };
    let doc = layout_post(post, options.rates, &layout);
    let links = match (options.hyperlinks, &options.theme) {
        (true, Some(_)) => row_links(&doc),
        _ => Vec::new(),
    };
    write_linked_rows(&doc.rows, options.theme.as_ref(), &links, out)
}

/// Writes rows as lines: plain text, or coloured by `theme` through crossterm's style
/// commands, the encoder the reader's terminal uses. No line ends in spaces.
pub fn write_rows(rows: &[Row], theme: Option<&Theme>, out: &mut dyn Write) -> io::Result<()> {
    write_linked_rows(rows, theme, &[], out)
}

/// [`write_rows`], with the text of `links[row]` written as OSC 8 hyperlinks (closed at the
/// end of each line, so a cut-off pipe never leaves one open).
pub fn write_linked_rows(
    rows: &[Row],
    theme: Option<&Theme>,
    links: &[Vec<RowLink>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut line: Vec<u8> = Vec::new();
    for (row_index, row) in rows.iter().enumerate() {
        let row_links = links.get(row_index).map_or(&[][..], Vec::as_slice);
        let mut at = 0;
        let mut open_link: Option<&str> = None;
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
            let bytes = at..at + span.text.len();
            at = bytes.end;
            let link = row_links
                .iter()
                .find(|l| l.bytes.start <= bytes.start && bytes.end <= l.bytes.end)
                .map(|l| l.target.as_str());
            if link != open_link {
                if open_link.is_some() {
                    line.extend_from_slice(osc8("").as_bytes());
                }
                if let Some(target) = link {
                    line.extend_from_slice(osc8(target).as_bytes());
                }
                open_link = link;
            }
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
        if open_link.is_some() {
            line.extend_from_slice(osc8("").as_bytes());
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
            scrolls_from: None,
        }
    }

    fn print(rows: &[Row], theme: Option<&Theme>) -> String {
        let mut out = Vec::new();
        write_rows(rows, theme, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn hyperlink_targets_are_web_or_mail_and_printable_ascii() {
        assert_eq!(
            hyperlink_target("https://x.test/記事 a").as_deref(),
            Some("https://x.test/%E8%A8%98%E4%BA%8B%20a")
        );
        assert_eq!(
            hyperlink_target("mailto:a@b.test").as_deref(),
            Some("mailto:a@b.test")
        );
        assert_eq!(hyperlink_target("javascript:alert(1)"), None);
        assert_eq!(hyperlink_target("file:///etc/passwd"), None);
        assert_eq!(hyperlink_target("../b.md"), None);
        assert_eq!(hyperlink_target("https://x.test/\x1b]8;;evil\x1b\\"), None);
        assert_eq!(hyperlink_target("https://x.test/\x07"), None);
    }

    #[test]
    fn link_text_is_wrapped_in_osc_8_closed_at_the_end_of_the_line() {
        let rows = [row(&[
            ("see ", Role::Body, false),
            ("docs", Role::Link, false),
            ("[1]", Role::LinkRef, false),
            (" now", Role::Body, false),
        ])];
        let links = [vec![RowLink {
            bytes: 4..11,
            target: "https://d.test/".into(),
        }]];
        let mut out = Vec::new();
        write_linked_rows(&rows, None, &links, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "see \x1b]8;;https://d.test/\x1b\\docs[1]\x1b]8;;\x1b\\ now\n"
        );
        let rows = [row(&[("docs", Role::Link, false)])];
        let links = [vec![RowLink {
            bytes: 0..4,
            target: "https://d.test/".into(),
        }]];
        let mut out = Vec::new();
        write_linked_rows(&rows, None, &links, &mut out).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("docs\x1b]8;;\x1b\\\n")
        );
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
