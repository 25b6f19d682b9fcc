//! What the user configured for the interface, in one value: reading rates, keys, theme,
//! when to go two-pane and how wide ambiguous characters are. Set once at start-up; the
//! rest of the app only reads it.

use crate::layout::{Highlighting, Options, PictureGrid, RubyStyle};
use crate::model::ReadingRates;
use crate::style::{ChromeGlyphs, Theme};

use super::keymap::Keymap;

#[derive(Debug)]
pub struct Settings {
    pub rates: ReadingRates,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Terminals at least this wide show the list and the reader side by side.
    pub two_pane_min_width: u16,
    /// Lay out East Asian ambiguous-width characters as two cells.
    pub ambiguous_wide: bool,
    /// Fold repeated passages (the config's `fold_repeats`); `z` overrides it per post.
    pub fold_repeats: bool,
    /// The size limit of a post (the config's `max_post_size_mb`), for posts read again.
    pub max_post_bytes: u64,
    /// Wrap long code lines; when false they stay one row each and scroll sideways.
    pub wrap_code: bool,
    /// How code is highlighted: in the layout (tests drive the app without an event loop),
    /// or by the event loop's worker thread while the reader shows the code plain.
    pub highlighting: Highlighting,
    /// How pictures are drawn (the terminal's cell size and the config's `image_max_rows`);
    /// `None` when images are off.
    pub pictures: Option<PictureGrid>,
    /// How `<ruby>` readings are written (the config's `ruby`).
    pub ruby: RubyStyle,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rates: ReadingRates::default(),
            keymap: Keymap::default(),
            theme: Theme::default(),
            two_pane_min_width: crate::config::DEFAULT_TWO_PANE_MIN_WIDTH,
            ambiguous_wide: false,
            fold_repeats: true,
            max_post_bytes: crate::loader::DEFAULT_MAX_POST_BYTES,
            highlighting: Highlighting::Now,
            wrap_code: true,
            pictures: None,
            ruby: RubyStyle::default(),
        }
    }
}

impl Settings {
    /// The characters drawn around the text, narrow in any terminal when ambiguous-width
    /// characters are wide.
    pub fn glyphs(&self) -> &'static ChromeGlyphs {
        ChromeGlyphs::for_terminal(self.ambiguous_wide)
    }

    /// How posts are laid out in a text area `width` columns wide.
    pub fn layout_options(&self, width: u16) -> Options {
        Options {
            width: usize::from(width),
            ambiguous_wide: self.ambiguous_wide,
            fold_repeats: self.fold_repeats,
            highlighting: self.highlighting,
            wrap_code: self.wrap_code,
            // Which are open is the reader's, per post (see `ReaderSlot`).
            fold_details: true,
            details_open: 0,
            pictures: self.pictures,
            ruby: self.ruby,
        }
    }
}
