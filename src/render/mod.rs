//! ratatui widgets only: draws an [`App`] into a buffer. Every style comes from the
//! [`Theme`]; the reader draws only the rows on screen out of the cached layout, so a frame in
//! the middle of a 5 MB post costs what a frame at its top costs. No I/O, no keys, no state
//! changes: what to draw is decided by `ui`.

mod configured;
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

use crate::ui::App;
use crate::ui::app::Overlay;

/// Draws the whole screen and places the cursor where text is being typed (so input
/// methods put their candidate window there).
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    frame.render_widget(app, area);
    if let Some(position) = cursor(app, area) {
        frame.set_cursor_position(position);
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let panes = crate::ui::geometry::panes(area, self.focus(), self.two_pane());
        let theme = self.theme();
        if let Some(list) = panes.list {
            list::ListPane { app: self }.render(list, buf);
        }
        if let Some(divider) = panes.divider {
            for y in divider.top()..divider.bottom() {
                buf.set_string(divider.x, y, self.glyphs().divider, theme.divider());
            }
        }
        if let (Some(pane), Some(text)) = (panes.reader, panes.text) {
            reader::ReaderPane { app: self, text }.render(pane, buf);
        }
        if let Some(status) = panes.status {
            status::StatusLine { app: self }.render(status, buf);
        }
        if self.overlay().is_some() {
            overlay::OverlayView { app: self }.render(crate::ui::overlay_box(self), buf);
        }
    }
}

fn cursor(app: &App, area: Rect) -> Option<Position> {
    match app.overlay() {
        Some(Overlay::TagPicker(picker)) => {
            let inner = overlay::inner(crate::ui::overlay_box(app));
            let x =
                inner.x as usize + text::width(overlay::PICKER_PROMPT) + text::width(&picker.typed);
            (inner.height > 0 && inner.width > 0)
                .then(|| Position::new((x as u16).min(inner.right() - 1), inner.y))
        }
        Some(_) => None,
        None if app.is_searching() => {
            let status = crate::ui::geometry::panes(area, app.focus(), app.two_pane()).status?;
            // After the margin and the `/`.
            let x = status.x as usize + 2 + text::width(app.search_text());
            Some(Position::new(
                (x as u16).min(status.right().saturating_sub(1)),
                status.y,
            ))
        }
        None => None,
    }
}
