//! The characters the interface draws itself around the posts' text: list markers, the
//! selection bar, the divider, separators, the cut mark and overlay borders. Most of the
//! pretty ones are East Asian Ambiguous, which terminals set up for CJK (`ambiguous_width =
//! "wide"`) draw two cells wide while the screen buffer counts one, so everything after them
//! on the row shifts. In that mode ASCII stands in, as it does for the structure layout draws
//! (`layout::blocks::Glyphs`).

use ratatui::symbols::border;

#[derive(Debug)]
pub struct Glyphs {
    /// Before the title of a post not yet read.
    pub unread: &'static str,
    /// Before the title of a starred post.
    pub starred: &'static str,
    /// Left of the selected post, on both its rows.
    pub selection_bar: &'static str,
    /// Between the list and the reader.
    pub divider: &'static str,
    /// Between facts on one line: a post's date and reading time, parts of a title.
    pub separator: &'static str,
    /// Between what the status line says about the list and about the reader.
    pub pane_separator: &'static str,
    /// The last cell of text cut to fit; one cell wide.
    pub ellipsis: &'static str,
    /// Around text the user typed, quoted back in a message.
    pub quotes: [&'static str; 2],
    pub border: border::Set<'static>,
}

pub static UNICODE: Glyphs = Glyphs {
    unread: "●",
    starred: "★",
    selection_bar: "▌",
    divider: "│",
    separator: " · ",
    pane_separator: " │ ",
    ellipsis: "…",
    quotes: ["“", "”"],
    border: border::ROUNDED,
};

/// `N` marks new mail in mutt and unread items in newsboat; `*` is a star.
pub static ASCII: Glyphs = Glyphs {
    unread: "N",
    starred: "*",
    selection_bar: "|",
    divider: "|",
    separator: " - ",
    pane_separator: " | ",
    ellipsis: "~",
    quotes: ["\"", "\""],
    border: border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    },
};

pub fn glyphs(ambiguous_wide: bool) -> &'static Glyphs {
    if ambiguous_wide { &ASCII } else { &UNICODE }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn all(g: &Glyphs) -> Vec<&'static str> {
        let b = &g.border;
        vec![
            g.unread,
            g.starred,
            g.selection_bar,
            g.divider,
            g.separator,
            g.pane_separator,
            g.ellipsis,
            g.quotes[0],
            g.quotes[1],
            b.top_left,
            b.top_right,
            b.bottom_left,
            b.bottom_right,
            b.vertical_left,
            b.vertical_right,
            b.horizontal_top,
            b.horizontal_bottom,
        ]
    }

    #[test]
    fn in_wide_mode_every_glyph_is_one_cell_however_ambiguous_width_is_measured() {
        for glyph in all(glyphs(true)) {
            for c in glyph.chars() {
                let s = c.to_string();
                assert_eq!((s.width(), s.width_cjk()), (1, 1), "{c:?} in {glyph:?}");
            }
        }
    }

    #[test]
    fn every_glyph_is_one_cell_per_character_where_ambiguous_is_narrow() {
        // The list and the cut mark count on it: a marker or `…` takes exactly one cell.
        for glyph in all(glyphs(false)) {
            assert_eq!(glyph.width(), glyph.chars().count(), "{glyph:?}");
        }
    }
}
