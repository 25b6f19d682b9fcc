//! OSC 8 hyperlinks in the reader, so a terminal that supports them makes a web link's text
//! clickable (and shows its address on hover).
//!
//! ratatui's cells hold symbols, and the backend tracks the cursor by their widths (see
//! [`super::backend`]); a hyperlink sequence inside a symbol would be counted as cells.
//! So the frame is drawn as usual, and afterwards the cells of each link on screen are
//! written again, in their own style, inside an OSC 8 sequence: same characters, same
//! places, the cursor saved before and restored after (DECSC/DECRC). Cells that held a link
//! in the last frame and no longer do are written again without one, so no stale link
//! stays behind where ratatui found nothing to redraw. With an overlay open there are no
//! links: the overlay's cells would become clickable.

use std::io::{self, Write as _};

use ratatui::backend::IntoCrossterm;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Attribute, Print, SetAttribute, SetStyle};
use ratatui::layout::Position;

use super::app::App;
use crate::print::hyperlink_target;

/// Cells of one row that a link's text covers, and its (safe) address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRegion {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub target: String,
}

impl App {
    /// The web and mail links on screen, as cells of the reader's text pane.
    pub fn link_regions(&self) -> Vec<LinkRegion> {
        let (Some(text), Some(reader), None) = (self.panes().text, self.reader(), self.overlay())
        else {
            return Vec::new();
        };
        let document = reader.document();
        let wide = self.glyphs().ambiguous_wide;
        let visible = reader.scroll()..reader.scroll() + usize::from(text.height);
        let mut regions = Vec::new();
        for place in &document.link_places {
            let Some(target) = document
                .links
                .get(place.number.wrapping_sub(1))
                .and_then(|l| hyperlink_target(&l.target))
            else {
                continue;
            };
            for piece in place.pieces.iter().filter(|p| visible.contains(&p.row)) {
                let row_text = document.rows[piece.row].text();
                let (Some(before), Some(linked)) = (
                    row_text.get(..piece.bytes.start),
                    row_text.get(piece.bytes.clone()),
                ) else {
                    continue;
                };
                let start = crate::text::width::str_width(before, wide);
                let width = crate::text::width::str_width(linked, wide);
                let room = usize::from(text.width).saturating_sub(start);
                if width == 0 || room == 0 {
                    continue;
                }
                regions.push(LinkRegion {
                    x: text.x + start as u16,
                    y: text.y + (piece.row - visible.start) as u16,
                    width: width.min(room) as u16,
                    target: target.clone(),
                });
            }
        }
        regions
    }
}

/// The bytes that turn `new` into hyperlinks on a screen showing `buffer`, and `old` ones
/// no longer in `new` back into plain text. Nothing when there is neither.
pub fn write_links(
    buffer: &Buffer,
    old: &[LinkRegion],
    new: &[LinkRegion],
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let stale: Vec<&LinkRegion> = old.iter().filter(|r| !new.contains(r)).collect();
    if stale.is_empty() && new.is_empty() {
        return Ok(());
    }
    out.write_all(b"\x1b7")?;
    for region in stale {
        rewrite(buffer, region, None, out)?;
    }
    for region in new {
        rewrite(buffer, region, Some(&region.target), out)?;
    }
    queue!(out, SetAttribute(Attribute::Reset))?;
    out.write_all(b"\x1b8")?;
    out.flush()
}

/// The column where the character covering column `x` of row `y` begins: `x` itself, or the
/// column before when `x` is the trailing cell of a wide character. A region that held a
/// link in the last frame may start there now; writing that cell (a blank in the buffer)
/// would cut the wide character in half, and terminals then erase it.
fn grapheme_start(buffer: &Buffer, x: u16, y: u16) -> u16 {
    let mut at = buffer.area.left();
    while at < x && buffer.area.contains(Position::new(at, y)) {
        let next = at.saturating_add(buffer[(at, y)].cell_width().max(1));
        if next > x {
            return at;
        }
        at = next;
    }
    x
}

/// Writes the cells of `region` again as `buffer` holds them, inside a hyperlink when
/// `target` is given. Each cell is placed explicitly: no width is trusted.
fn rewrite(
    buffer: &Buffer,
    region: &LinkRegion,
    target: Option<&str>,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    if let Some(target) = target {
        write!(out, "\x1b]8;;{target}\x1b\\")?;
    }
    let end = region
        .x
        .saturating_add(region.width)
        .min(buffer.area.right());
    let mut x = grapheme_start(buffer, region.x, region.y);
    while x < end && buffer.area.contains(Position::new(x, region.y)) {
        let cell = &buffer[(x, region.y)];
        let cells = cell.cell_width().max(1);
        if x + cells > end && cells > 1 {
            break;
        }
        queue!(
            out,
            MoveTo(x, region.y),
            SetAttribute(Attribute::Reset),
            SetStyle(cell.style().into_crossterm()),
            Print(cell.symbol())
        )?;
        x += cells;
    }
    if target.is_some() {
        out.write_all(b"\x1b]8;;\x1b\\")?;
    }
    Ok(())
}
