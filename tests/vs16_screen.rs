//! What the terminal shows is what ratatui's buffer holds: the bytes a backend writes while
//! the text scrolls are replayed through a terminal emulator (`vt100`) and its screen is
//! compared with the buffer, row by row. Emoji with VS16 (`👇️`) and CJK text are where
//! ratatui's crossterm backend and the terminal disagree about the cursor (ratatui #2651).

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use kiji::ui::backend::CellCursorBackend;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::{Terminal, TerminalOptions, Viewport};

const WIDTH: u16 = 40;
const HEIGHT: u16 = 8;

/// A writer the test can read back after the terminal has written to it.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn terminal<B: Backend>(backend: B) -> Terminal<B> {
    let area = Rect::new(0, 0, WIDTH, HEIGHT);
    Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .unwrap()
}

/// Rows of text as a reader would see them, emoji and CJK mixed with ASCII.
fn text() -> String {
    let mut lines = Vec::new();
    for i in 0..30 {
        lines.push(match i % 5 {
            0 => format!("{i} こちら👇️にあります"),
            1 => format!("{i} 夏の京都、早朝の散歩。鴨川沿いを歩く。"),
            2 => format!("{i} see ☝️ and ✌️ above, then ❤️ too"),
            3 => format!("{i} plain ASCII text on this row"),
            _ => format!("{i} 日本語とEnglishが混ざった行👍です"),
        });
    }
    lines.join("\n")
}

/// Every character the buffer puts in a column that the emulated screen shows elsewhere or
/// not at all, row by row; the trailing cells of wide characters are not compared, as
/// terminals disagree on how wide some emoji are (`☝️` is one cell in vt100).
fn differences(buffer: &Buffer, parser: &vt100::Parser) -> Vec<String> {
    let screen = parser.screen();
    let mut out = Vec::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let cell = &buffer[(x, y)];
            let want = cell.symbol();
            let shown = screen.cell(y, x).map(|c| c.contents()).unwrap_or_default();
            let blank = |s: &str| s.trim().is_empty();
            if want != shown && !(blank(want) && blank(shown)) {
                out.push(format!("row {y} column {x}: {want:?} shown as {shown:?}"));
            }
            x += cell.cell_width().max(1);
        }
    }
    out
}

/// Scrolls through the text one row at a time, checking after each frame that the emulated
/// screen shows the buffer; returns the first frame where they differ.
fn first_mismatch<B: Backend>(mut terminal: Terminal<B>, out: &Shared) -> Option<String> {
    let text = text();
    let mut parser = vt100::Parser::new(HEIGHT, WIDTH, 0);
    for scroll in 0..22u16 {
        let frame = terminal
            .draw(|f| f.render_widget(Paragraph::new(text.as_str()).scroll((scroll, 0)), f.area()))
            .unwrap();
        parser.process(&out.0.borrow_mut().drain(..).collect::<Vec<u8>>());
        let differences = differences(frame.buffer, &parser);
        if !differences.is_empty() {
            return Some(format!("after scrolling {scroll} rows: {differences:#?}"));
        }
    }
    None
}

#[test]
fn after_scrolling_past_vs16_emoji_the_screen_shows_every_character() {
    let out = Shared::default();
    let terminal = terminal(CellCursorBackend::new(out.clone()));
    if let Some(mismatch) = first_mismatch(terminal, &out) {
        panic!("the screen differs from the buffer {mismatch}");
    }
}

#[test]
fn the_plain_crossterm_backend_loses_a_character_after_a_vs16_emoji() {
    // The bug this backend exists for, so the replay above is known to catch it.
    let out = Shared::default();
    let terminal = terminal(CrosstermBackend::new(out.clone()));
    let mismatch = first_mismatch(terminal, &out).expect("ratatui #2651 reproduces");
    assert!(mismatch.contains("に"), "{mismatch}");
}

/// Bytes written for one full screen of CJK text on a blank terminal.
fn bytes_for_a_cjk_screen<B: Backend>(mut terminal: Terminal<B>, out: &Shared) -> usize {
    let row = "夏の京都、早朝の散歩。鴨川沿いを歩くと風が涼しい。".repeat(3);
    let text = vec![row; HEIGHT as usize].join("\n");
    terminal
        .draw(|f| f.render_widget(Paragraph::new(text.as_str()), f.area()))
        .unwrap();
    out.0.borrow().len()
}

#[test]
fn a_screen_of_cjk_text_costs_no_cursor_move_per_character() {
    let plain_out = Shared::default();
    let plain = bytes_for_a_cjk_screen(
        terminal(CrosstermBackend::new(plain_out.clone())),
        &plain_out,
    );
    let tracked_out = Shared::default();
    let tracked = bytes_for_a_cjk_screen(
        terminal(CellCursorBackend::new(tracked_out.clone())),
        &tracked_out,
    );
    // 20 characters of 3 bytes fill each 40-cell row: 480 bytes of text on the screen.
    let text_bytes = (WIDTH as usize / 2) * 3 * HEIGHT as usize;
    eprintln!(
        "a {WIDTH}x{HEIGHT} CJK screen: {plain} bytes before, {tracked} after, {text_bytes} of text"
    );
    assert!(tracked < plain * 2 / 3, "{tracked} vs {plain}");
    assert!(
        tracked < text_bytes + 200,
        "{tracked} bytes for {text_bytes} of text"
    );
}
