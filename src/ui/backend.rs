//! The terminal backend: ratatui's crossterm backend with the cursor tracked by cell width.
//!
//! ratatui's crossterm backend assumes the cursor moved one cell after every symbol it
//! prints. After a wide character it is two cells on, so the backend sends a cursor move
//! before the next cell (a screen of CJK text then costs about three times its bytes), and
//! after an emoji with VS16 (`👇️`), whose trailing cell the buffer diff sends as an explicit
//! blank, it sends none: the blank lands one cell too far right and erases the next
//! character (`こちら👇️にあります` shows `こちら👇️  あります` after scrolling). That is
//! ratatui issue #2651, fixed upstream in PR #2721 but not in a released
//! `ratatui-crossterm`. This wrapper remembers where the terminal's cursor really is,
//! passes the inner backend positions that make it move the cursor exactly when that is
//! not where the next cell goes, and drops cells a wide character just printed already
//! covers (a blank printed there would cut it in half, and terminals then erase it). After
//! an emoji sequence (more than one code point: VS16, ZWJ, skin tones), whose width
//! terminals disagree on, the cursor is not trusted and the next cell is placed explicitly. Everything else is the inner backend's.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Cell, CellWidth};
use ratatui::layout::{Position, Size};

/// A [`CrosstermBackend`] that moves the cursor only when it is not already where the next
/// cell goes (see the module docs).
#[derive(Debug)]
pub struct CellCursorBackend<W: Write> {
    inner: CrosstermBackend<W>,
}

impl<W: Write> CellCursorBackend<W> {
    pub fn new(writer: W) -> Self {
        Self {
            inner: CrosstermBackend::new(writer),
        }
    }
}

/// The positions to hand the inner backend for `content`: a cell where the terminal's cursor
/// already is gets the position just after the last one handed over, so the inner backend
/// sees a neighbour and sends no move; any other cell keeps its own position, which is never
/// the neighbour of the last, so the inner backend moves there. Cells inside the wide
/// character printed just before them are dropped: printing there would cut it in half.
fn with_tracked_cursor<'a>(
    content: impl Iterator<Item = (u16, u16, &'a Cell)>,
) -> impl Iterator<Item = (u16, u16, &'a Cell)> {
    // The cells the last symbol printed covers, as (row, first column after it); whether the
    // terminal's cursor is certainly there; the last position handed to the inner backend.
    let mut covered: Option<(u16, u16)> = None;
    let mut certain = false;
    let mut handed: Option<(u16, u16)> = None;
    content.filter_map(move |(x, y, cell)| {
        if let Some((row, end)) = covered
            && row == y
            && x < end
        {
            return None;
        }
        let at = match handed {
            Some((hx, hy)) if certain && covered == Some((y, x)) => (hx.wrapping_add(1), hy),
            _ => (x, y),
        };
        // Handed positions never run ahead of the real cursor, so one for a cell the cursor
        // is not at is never the neighbour of the last, and the inner backend moves there.
        let width = cell.cell_width().max(1);
        covered = Some((y, x.saturating_add(width)));
        // An emoji sequence (VS16, ZWJ, skin tone) is as wide as the terminal thinks, and
        // terminals disagree: the cell after one is placed explicitly.
        certain = width == 1 || cell.symbol().chars().nth(1).is_none();
        handed = Some(at);
        Some((at.0, at.1, cell))
    })
}

impl<W: Write> Backend for CellCursorBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(with_tracked_cursor(content))
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}
