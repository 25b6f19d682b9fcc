//! The characters kiji draws itself, in two sets: [`ChromeGlyphs`], the interface around the
//! posts (list markers, the selection bar, the divider, separators, the cut mark, overlay
//! borders), and [`StructureGlyphs`], the structure layout draws inside a post (quote bars,
//! bullets, rules, table borders). Most of the pretty ones are East Asian Ambiguous, which
//! terminals set up for CJK (`ambiguous_width = "wide"`) draw two cells wide while the screen
//! buffer counts one, so everything after them on the row shifts. In that mode ASCII stands in.

use ratatui::symbols::border;

/// The interface around the posts.
#[derive(Debug)]
pub struct ChromeGlyphs {
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
    /// Whether this is the set for a terminal that draws East Asian Ambiguous characters two
    /// cells wide: text drawn beside these glyphs is measured the same way.
    pub ambiguous_wide: bool,
}

pub static CHROME_UNICODE: ChromeGlyphs = ChromeGlyphs {
    unread: "●",
    starred: "★",
    selection_bar: "▌",
    divider: "│",
    separator: " · ",
    pane_separator: " │ ",
    ellipsis: "…",
    quotes: ["“", "”"],
    border: border::ROUNDED,
    ambiguous_wide: false,
};

/// `N` marks new mail in mutt and unread items in newsboat; `*` is a star.
pub static CHROME_ASCII: ChromeGlyphs = ChromeGlyphs {
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
    ambiguous_wide: true,
};

impl ChromeGlyphs {
    /// The set for a terminal that draws East Asian Ambiguous characters two cells wide, or not.
    pub fn for_terminal(ambiguous_wide: bool) -> &'static Self {
        if ambiguous_wide {
            &CHROME_ASCII
        } else {
            &CHROME_UNICODE
        }
    }
}

/// Characters that draw structure. Box-drawing characters, bullets and `…` are East Asian
/// Ambiguous: in terminals that draw those two cells wide, ASCII stands in for them.
#[derive(Debug)]
pub struct StructureGlyphs {
    pub quote_bar: &'static str,
    pub bullets: [&'static str; 3],
    /// A task list item's box: to do, done.
    pub task: [&'static str; 2],
    pub rule: &'static str,
    /// At the start of a code row that continues the line above it.
    pub code_continuation: &'static str,
    /// Before a `<details>`'s summary: folded, open.
    pub details_folded: &'static str,
    pub details_open: &'static str,
    pub separator: &'static str,
    /// Before an estimate: the header's reading time.
    pub approx: &'static str,
    /// Table box: horizontal, vertical, then corners and joints row by row:
    /// top (left, middle, right), middle, bottom.
    pub horizontal: &'static str,
    pub vertical: &'static str,
    pub top: [&'static str; 3],
    pub middle: [&'static str; 3],
    pub bottom: [&'static str; 3],
}

pub static STRUCTURE_UNICODE: StructureGlyphs = StructureGlyphs {
    quote_bar: "│",
    bullets: ["•", "◦", "▪"],
    task: ["☐", "☑"],
    rule: "─",
    code_continuation: "↪",
    details_folded: "▸",
    details_open: "▾",
    separator: " · ",
    approx: "≈",
    horizontal: "─",
    vertical: "│",
    top: ["┌", "┬", "┐"],
    middle: ["├", "┼", "┤"],
    bottom: ["└", "┴", "┘"],
};

pub static STRUCTURE_ASCII: StructureGlyphs = StructureGlyphs {
    quote_bar: "|",
    bullets: ["*", "-", "+"],
    task: ["[ ]", "[x]"],
    rule: "-",
    code_continuation: ">",
    details_folded: "+",
    details_open: "-",
    separator: " / ",
    approx: "~",
    horizontal: "-",
    vertical: "|",
    top: ["+", "+", "+"],
    middle: ["+", "+", "+"],
    bottom: ["+", "+", "+"],
};

impl StructureGlyphs {
    /// The set for a terminal that draws East Asian Ambiguous characters two cells wide, or not.
    pub fn for_terminal(ambiguous_wide: bool) -> &'static Self {
        if ambiguous_wide {
            &STRUCTURE_ASCII
        } else {
            &STRUCTURE_UNICODE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn all(g: &ChromeGlyphs) -> Vec<&'static str> {
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
        for glyph in all(ChromeGlyphs::for_terminal(true)) {
            for c in glyph.chars() {
                let s = c.to_string();
                assert_eq!((s.width(), s.width_cjk()), (1, 1), "{c:?} in {glyph:?}");
            }
        }
    }

    #[test]
    fn every_glyph_is_one_cell_per_character_where_ambiguous_is_narrow() {
        // The list and the cut mark count on it: a marker or `…` takes exactly one cell.
        for glyph in all(ChromeGlyphs::for_terminal(false)) {
            assert_eq!(glyph.width(), glyph.chars().count(), "{glyph:?}");
        }
    }
}
