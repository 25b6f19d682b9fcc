//! Where each part of the screen sits for a terminal size. It sits in render, below `ui`:
//! `update` needs it for page sizes, mouse hits and the width to lay a post out at, and
//! `render` draws into the same rectangles, so the two always agree.

use ratatui::layout::Rect;

/// The widest a line of text gets, however wide the terminal: long lines are hard to read.
pub const MAX_MEASURE: u16 = 100;
/// Rows per post in the list: the title, then date, reading time and tags.
pub const LIST_ITEM_HEIGHT: u16 = 2;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Reader,
}

/// The rectangles of one frame. A pane that is not shown is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub list: Option<Rect>,
    pub divider: Option<Rect>,
    pub reader: Option<Rect>,
    /// Inside the reader pane: where the post's rows go (margins off, measure capped).
    pub text: Option<Rect>,
    pub status: Option<Rect>,
    /// Everything above the status line: overlays are centred in it.
    pub main: Rect,
}

/// Whether list and reader go side by side: from `min_width` columns (90 unless configured),
/// when there is a list to browse (one post, as `kiji FILE` opens, gets the whole width).
pub fn is_two_pane(width: u16, min_width: u16, posts: usize) -> bool {
    width >= min_width && posts > 1
}

pub fn panes(area: Rect, focus: Focus, two_pane: bool) -> Panes {
    let (main, status) = if area.height >= 2 {
        let main = Rect {
            height: area.height - 1,
            ..area
        };
        let status = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        (main, Some(status))
    } else {
        (
            Rect { height: 0, ..area },
            (area.height == 1).then_some(area),
        )
    };
    let mut panes = Panes {
        status,
        main,
        ..Panes::default()
    };
    if main.is_empty() {
        return panes;
    }
    if two_pane {
        let list_width = (main.width * 2 / 5).clamp(30, 80);
        let list = Rect {
            width: list_width,
            ..main
        };
        let divider = Rect {
            x: main.x + list_width,
            width: 1,
            ..main
        };
        let reader = Rect {
            x: divider.x + 1,
            width: main.width - list_width - 1,
            ..main
        };
        panes.list = Some(list);
        panes.divider = Some(divider);
        panes.reader = Some(reader);
    } else {
        match focus {
            Focus::List => panes.list = Some(main),
            Focus::Reader => panes.reader = Some(main),
        }
    }
    panes.text = panes.reader.map(text_area);
    panes
}

/// The reader pane minus its margins, at most [`MAX_MEASURE`] wide and centred.
fn text_area(reader: Rect) -> Rect {
    let (left, right) = match reader.width {
        30.. => (2, 1),
        10.. => (1, 1),
        _ => (0, 0),
    };
    let available = reader.width - left - right;
    let width = available.min(MAX_MEASURE);
    Rect {
        x: reader.x + left + (available - width) / 2,
        width,
        ..reader
    }
}

/// The width the reader lays a post out at (the text area's width whichever pane has focus,
/// so switching focus never re-lays out).
pub fn text_width(area: Rect, two_pane: bool) -> u16 {
    panes(area, Focus::Reader, two_pane)
        .text
        .map_or(0, |t| t.width)
}

/// A box of at most `width` × `height` centred in `within`, leaving a margin when it can.
pub fn centered(within: Rect, width: u16, height: u16) -> Rect {
    let width = width
        .min(within.width.saturating_sub(4))
        .max(within.width.min(10));
    let height = height
        .min(within.height.saturating_sub(2))
        .max(within.height.min(3));
    Rect {
        x: within.x + (within.width - width) / 2,
        y: within.y + (within.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(width: u16, height: u16) -> Rect {
        Rect::new(0, 0, width, height)
    }

    #[test]
    fn wide_terminals_show_list_and_reader_side_by_side() {
        let p = panes(area(120, 40), Focus::List, true);
        let (list, reader) = (p.list.unwrap(), p.reader.unwrap());
        assert_eq!(list.width + 1 + reader.width, 120);
        assert_eq!(list.height, 39);
        assert_eq!(p.status.unwrap().y, 39);
        assert!(p.text.unwrap().x >= reader.x);
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane_only() {
        let p = panes(area(60, 20), Focus::List, false);
        assert!(p.list.is_some() && p.reader.is_none());
        let p = panes(area(60, 20), Focus::Reader, false);
        assert!(p.list.is_none() && p.reader.is_some());
    }

    #[test]
    fn text_is_capped_to_a_readable_measure_and_centred() {
        let p = panes(area(400, 50), Focus::Reader, false);
        let (reader, text) = (p.reader.unwrap(), p.text.unwrap());
        assert_eq!(text.width, MAX_MEASURE);
        let left = text.x - reader.x;
        let right = reader.right() - text.right();
        assert!(left.abs_diff(right) <= 2, "{left} vs {right}");
    }

    #[test]
    fn tiny_terminals_get_what_fits() {
        for (w, h) in [(0, 0), (1, 1), (20, 8), (5, 2), (89, 3), (90, 1)] {
            let p = panes(area(w, h), Focus::Reader, is_two_pane(w, 90, 2));
            for r in [p.list, p.reader, p.text, p.status, p.divider]
                .into_iter()
                .flatten()
            {
                assert!(r.right() <= w && r.bottom() <= h, "{r:?} outside {w}×{h}");
            }
            let c = centered(p.main, 60, 30);
            assert!(c.right() <= w.max(c.x) && c.bottom() <= h.max(c.y));
        }
    }
}
