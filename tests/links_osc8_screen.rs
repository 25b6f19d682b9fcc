//! OSC 8 hyperlinks in the reader, replayed through a terminal emulator (`vt100`): the bytes
//! written after a frame make a web link's text a hyperlink without changing a single cell
//! (character, colour, attribute) or where the cursor is, CJK and wide characters included;
//! a link that scrolled away leaves no stale hyperlink (its cells are written again plain).

mod ui_support;

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use kiji::model::Library;
use kiji::ui::backend::CellCursorBackend;
use kiji::ui::hyperlinks::write_links;
use kiji::ui::{Action, update};
use ratatui::Terminal;
use ui_support::*;

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

const WIDTH: u16 = 60;
const HEIGHT: u16 = 16;

fn app_on_link() -> kiji::ui::App {
    let body = format!(
        "日本語の[記事へのリンク](https://w.test/記事)と、[two words](https://w.test/b)。\n\n{}",
        paragraphs("scrolling", 10)
    );
    let library = Library {
        posts: vec![post("a.md", "A", Some("2024-01-01"), &[], &body)],
        diagnostics: vec![],
    };
    let mut app = app(library, WIDTH, HEIGHT);
    update(&mut app, Action::Open);
    app
}

/// Every cell of the emulated screen: contents and colours.
fn cells(parser: &vt100::Parser) -> Vec<String> {
    let screen = parser.screen();
    let mut out = Vec::new();
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            if let Some(cell) = screen.cell(y, x) {
                out.push(format!(
                    "{x},{y} {:?} {:?} {:?} b{} i{} u{} r{}",
                    cell.contents(),
                    cell.fgcolor(),
                    cell.bgcolor(),
                    cell.bold(),
                    cell.italic(),
                    cell.underline(),
                    cell.inverse()
                ));
            }
        }
    }
    out
}

#[test]
fn hyperlinks_change_no_cell_and_leave_the_cursor_where_it_was() {
    let mut app = app_on_link();
    let out = Shared::default();
    let mut terminal = Terminal::new(CellCursorBackend::new(out.clone())).unwrap();
    let mut parser = vt100::Parser::new(HEIGHT, WIDTH, 0);
    let mut shown = Vec::new();
    let mut stale_rewritten = false;
    for step in 0..3 {
        let frame = terminal.draw(|f| kiji::ui::draw(f, &app)).unwrap();
        let regions = app.link_regions();
        let mut links = Vec::new();
        write_links(frame.buffer, &shown, &regions, &mut links).unwrap();
        parser.process(&out.0.borrow());
        out.0.borrow_mut().clear();
        let (plain, cursor) = (cells(&parser), parser.screen().cursor_position());
        parser.process(&links);
        assert_eq!(cells(&parser), plain, "step {step}: no cell changed");
        assert_eq!(parser.screen().cursor_position(), cursor, "step {step}");
        let text = String::from_utf8_lossy(&links).into_owned();
        if step == 0 {
            assert_eq!(regions.len(), 2, "{regions:?}");
            assert!(text.contains("\x1b]8;;https://w.test/%E8%A8%98%E4%BA%8B\x1b\\"));
            assert!(text.contains("\x1b]8;;https://w.test/b\x1b\\"));
            assert_eq!(text.matches("\x1b]8;;\x1b\\").count(), 2, "each closed");
        }
        stale_rewritten |= regions.is_empty() && !shown.is_empty() && !links.is_empty();
        if regions.is_empty() {
            assert!(!text.contains("\x1b]8;;h"), "step {step}: no link opened");
            assert_eq!(
                links.is_empty(),
                shown.is_empty(),
                "step {step}: cells that held a link are written again, plain"
            );
        }
        if step == 2 {
            assert!(regions.is_empty(), "scrolled away");
        }
        shown = regions;
        update(&mut app, Action::HalfPageDown);
        update(&mut app, Action::HalfPageDown);
    }
    assert!(stale_rewritten, "the scroll took a link off screen");
}

#[test]
fn an_overlay_turns_the_links_off() {
    let mut app = app_on_link();
    assert!(!app.link_regions().is_empty());
    update(&mut app, Action::Help);
    assert!(app.link_regions().is_empty());
}

#[test]
fn a_stale_link_that_began_inside_a_wide_character_now_leaves_it_whole() {
    // Scrolling put `度` where a link's cells began in the last frame: its first cell is now
    // the trailing half of `度`.
    let area = ratatui::layout::Rect::new(0, 0, 12, 1);
    let mut buffer = ratatui::buffer::Buffer::empty(area);
    buffer.set_string(0, 0, "温度を確か", ratatui::style::Style::default());
    let mut parser = vt100::Parser::new(1, 12, 0);
    parser.process("温度を確か".as_bytes());
    let stale = kiji::ui::hyperlinks::LinkRegion {
        x: 3,
        y: 0,
        width: 4,
        target: "https://w.test/".into(),
    };
    let mut links = Vec::new();
    write_links(&buffer, &[stale], &[], &mut links).unwrap();
    assert!(!links.is_empty(), "the stale cells are written again");
    parser.process(&links);
    assert_eq!(parser.screen().contents().trim_end(), "温度を確か");
}
