//! The reader pane: the rows of the open post that are on screen, styled by role, with search
//! matches and the selected link highlighted on top.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::sliced::{SignedPosition, SlicedImage, SlicedProtocol};

use super::Look;
use super::text::{put_line, scrolled, width};
use crate::layout::Row;

/// The reader pane's content, drawn into the pane's text area.
pub struct ReaderView<'a> {
    pub look: Look<'a>,
    pub content: ReaderContent<'a>,
}

pub enum ReaderContent<'a> {
    /// No post open: a hint (empty when there is nothing to open).
    Hint(&'static str),
    Post {
        /// The rows on screen, from the top of the text area.
        rows: &'a [Row],
        /// Search matches on those rows.
        highlights: Vec<RowHighlight>,
        /// The pieces of the selected link on those rows.
        link: Vec<RowHighlight>,
        /// Cells the code lines left whole ([`Row::scrolls_from`]) are scrolled sideways.
        sideways: usize,
        /// The pictures ready to draw over the rows layout kept for them.
        pictures: Vec<PictureView<'a>>,
    },
}

/// A picture over the reader's rows, which may begin above the pane (scrolled half out of it).
pub struct PictureView<'a> {
    pub picture: &'a SlicedProtocol,
    /// Its first row, counted from the pane's first row; negative above it.
    pub top: i32,
    /// Its first cell in the row.
    pub column: u16,
}

/// A search match on one row on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowHighlight {
    /// Index into [`ReaderContent::Post::rows`].
    pub row: usize,
    /// Bytes of the row's text.
    pub bytes: Range<usize>,
    /// The match `n`/`N` moved to.
    pub current: bool,
}

impl Widget for &ReaderView<'_> {
    fn render(self, text: Rect, buf: &mut Buffer) {
        let Look { theme, glyphs } = self.look;
        if text.is_empty() {
            return;
        }
        let (rows, highlights, link, sideways, pictures) = match &self.content {
            ReaderContent::Hint(hint) => {
                put_line(buf, text, text.y, &[(hint, theme.hint())], glyphs);
                return;
            }
            ReaderContent::Post {
                rows,
                highlights,
                link,
                sideways,
                pictures,
            } => (rows, highlights, link, *sideways, pictures),
        };
        let rows = &rows[..rows.len().min(usize::from(text.height))];
        for (i, row) in rows.iter().enumerate() {
            let y = text.y + i as u16;
            let pieces: Vec<(&str, _)> = row
                .spans
                .iter()
                .map(|s| (s.text.as_str(), theme.span(s.role, s.inline)))
                .collect();
            match row.scrolls_from {
                Some(from) if sideways > 0 => {
                    let shifted = scrolled(&pieces, from, sideways, glyphs);
                    let pieces: Vec<(&str, _)> =
                        shifted.iter().map(|(t, s)| (t.as_ref(), *s)).collect();
                    put_line(buf, text, y, &pieces, glyphs);
                }
                _ => {
                    put_line(buf, text, y, &pieces, glyphs);
                }
            }
        }
        for highlight in highlights.iter().chain(link) {
            let Some(row) = rows.get(highlight.row) else {
                continue;
            };
            let row_text = row.text();
            let Some(before) = row_text.get(..highlight.bytes.start) else {
                continue;
            };
            let Some(matched) = row_text.get(highlight.bytes.clone()) else {
                continue;
            };
            let mut x = width(before, glyphs);
            let mut w = width(matched, glyphs);
            if let Some(from) = row.scrolls_from.filter(|_| sideways > 0) {
                // Scrolled code: what is left of the gutter's edge is out of sight.
                let end = (x + w).saturating_sub(sideways).max(from);
                x = x.saturating_sub(sideways).max(from);
                w = end - x;
            }
            let w = w.min(usize::from(text.width).saturating_sub(x));
            if w == 0 {
                continue;
            }
            let is_link = link.contains(highlight);
            let style = if is_link {
                theme.selected_link()
            } else if highlight.current {
                theme.current_match()
            } else {
                theme.search_match()
            };
            let y = text.y + highlight.row as u16;
            buf.set_style(Rect::new(text.x + x as u16, y, w as u16, 1), style);
        }
        for picture in pictures {
            if picture.column >= text.width {
                continue;
            }
            // Only the rows inside the pane are drawn: SlicedImage skips those above.
            let top = picture.top.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16;
            let at = SignedPosition::from((picture.column as i16, top));
            SlicedImage::new(picture.picture, at).render(text, buf);
        }
    }
}
