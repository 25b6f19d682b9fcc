//! ratatui widgets only: draws a [`Screen`], a set of small view values (the list rows to
//! show, the reader's visible rows, the status facts, the open overlay) that `ui` builds from
//! its state. Render never sees the app: a screen can be drawn, and tested, from data alone.
//! Every style comes from the [`Theme`]; the reader view holds only the rows on screen, so a
//! frame in the middle of a 5 MB post costs what a frame at its top costs. No I/O, no keys,
//! no state changes.

mod configured;
pub mod geometry;
mod list;
mod overlay;
mod reader;
mod status;
mod text;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

pub use configured::configured_theme;
use geometry::Panes;
pub use list::{EmptyList, ListRow, ListView};
pub use overlay::{LinkEntry, OverlayContent, OverlayView, PickerEntry, diagnostic_rows};
pub use reader::{PictureView, ReaderContent, ReaderView, RowHighlight};
pub use status::{MatchCount, ReadingPosition, StatusLeft, StatusView};

use crate::style::{ChromeGlyphs, Theme};

/// How everything looks: the theme and the characters drawn around the text. Each view
/// carries it, so a view draws on its own.
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    pub theme: &'a Theme,
    pub glyphs: &'static ChromeGlyphs,
}

/// One frame: where each part goes and what it shows.
pub struct Screen<'a> {
    pub look: Look<'a>,
    pub panes: Panes,
    pub list: ListView<'a>,
    pub reader: ReaderView<'a>,
    pub status: StatusView<'a>,
    /// The open overlay and the rectangle it is drawn in.
    pub overlay: Option<(Rect, OverlayView<'a>)>,
}

/// Draws the whole screen and places the cursor where text is being typed (so input
/// methods put their candidate window there).
pub fn draw(frame: &mut Frame, screen: &Screen) {
    let area = frame.area();
    frame.render_widget(screen, area);
    if let Some(position) = screen.cursor() {
        frame.set_cursor_position(position);
    }
}

impl Widget for &Screen<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let panes = self.panes;
        if let Some(list) = panes.list {
            (&self.list).render(list, buf);
        }
        if let Some(divider) = panes.divider {
            let style = self.look.theme.divider();
            for y in divider.top()..divider.bottom() {
                buf.set_string(divider.x, y, self.look.glyphs.divider, style);
            }
        }
        if let Some(text) = panes.text {
            (&self.reader).render(text, buf);
        }
        if let Some(status) = panes.status {
            (&self.status).render(status, buf);
        }
        if let Some((area, overlay)) = &self.overlay {
            overlay.render(*area, buf);
        }
    }
}

impl Screen<'_> {
    fn cursor(&self) -> Option<Position> {
        match &self.overlay {
            Some((area, overlay)) => {
                let (OverlayContent::TagPicker { typed, .. }
                | OverlayContent::LinkPicker { typed, .. }) = &overlay.content
                else {
                    return None;
                };
                let inner = overlay::inner(*area);
                let x = inner.x as usize
                    + text::width(overlay::PICKER_PROMPT, self.look.glyphs)
                    + text::width(typed, self.look.glyphs);
                (inner.height > 0 && inner.width > 0)
                    .then(|| Position::new((x as u16).min(inner.right() - 1), inner.y))
            }
            None => {
                let StatusLeft::Typing(typed) = self.status.left else {
                    return None;
                };
                let status = self.panes.status?;
                // After the margin and the `/`.
                let x = status.x as usize + 2 + text::width(typed, self.look.glyphs);
                Some(Position::new(
                    (x as u16).min(status.right().saturating_sub(1)),
                    status.y,
                ))
            }
        }
    }
}
