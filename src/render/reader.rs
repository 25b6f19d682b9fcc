//! The reader pane: the visible slice of the open post's laid-out rows, styled by role, with
//! search matches highlighted on top.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::text::{put_line, width};
use crate::ui::App;

pub struct ReaderPane<'a> {
    pub app: &'a App,
    /// Where the rows go inside the pane.
    pub text: Rect,
}

impl Widget for ReaderPane<'_> {
    fn render(self, _pane: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let text = self.text;
        let ellipsis = app.glyphs().ellipsis;
        if text.is_empty() {
            return;
        }
        let Some(reader) = app.reader() else {
            let hint = if app.view().is_empty() {
                ""
            } else {
                "Enter opens the selected post."
            };
            put_line(buf, text, text.y, &[(hint, theme.hint())], ellipsis);
            return;
        };
        let rows = &reader.document().rows;
        let first = reader.scroll().min(rows.len());
        let last = (first + usize::from(text.height)).min(rows.len());
        for (i, row) in rows[first..last].iter().enumerate() {
            let y = text.y + i as u16;
            let pieces: Vec<(&str, _)> = row
                .spans
                .iter()
                .map(|s| (s.text.as_str(), theme.span(s.role, s.inline)))
                .collect();
            put_line(buf, text, y, &pieces, ellipsis);
        }
        for highlight in reader.highlights_in(first..last) {
            let row_text = rows[highlight.row].text();
            let Some(before) = row_text.get(..highlight.bytes.start) else {
                continue;
            };
            let Some(matched) = row_text.get(highlight.bytes.clone()) else {
                continue;
            };
            let x = width(before);
            let w = width(matched).min(usize::from(text.width).saturating_sub(x));
            if w == 0 {
                continue;
            }
            let style = if reader.is_current(highlight) {
                theme.current_match()
            } else {
                theme.search_match()
            };
            let y = text.y + (highlight.row - first) as u16;
            buf.set_style(Rect::new(text.x + x as u16, y, w as u16, 1), style);
        }
    }
}
