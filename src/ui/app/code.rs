//! Code in the reader: copying a block as written (`Y`), and highlighting off the input
//! thread.
//!
//! Code highlighted off the input thread. The reader lays a post out with the highlighting
//! it already has and shows the rest of its code plain; the event loop hands the post to a
//! worker thread, which highlights it (remembering each block's roles, see
//! [`crate::layout::highlight`]), and the reader then shows the same rows in colour, in the
//! same place. Typing never waits for a grammar.

use crate::layout::Highlighting;

use super::{App, showing};
use crate::ui::reader_slot::{HighlightRequest, LaidOut, Outgoing, WholeLayout};

impl App {
    /// `Y`: puts the first code block on screen on the clipboard (OSC 52), as the post
    /// writes it: no wrap marks, tabs kept.
    pub(crate) fn copy_code(&mut self) {
        let height = self.text_size().1;
        let Some(reader) = self.reader.get() else {
            return;
        };
        let scroll = reader.scroll();
        let Some(block) = reader.document().code_block_in(scroll..scroll + height) else {
            return self.say("no code block on screen to copy");
        };
        let text = block.text.clone();
        if text.contains(|c: char| c.is_control() && c != '\n' && c != '\t') {
            return self.say("not copied: the code has control characters");
        }
        let lines = text.lines().count();
        self.reader.outgoing = Some(Outgoing::Copy(text));
        let noun = if lines == 1 { "line" } else { "lines" };
        self.say(format!("copied {lines} {noun} of code"));
    }

    /// `w`: code lines wrap, or stay whole and scroll sideways with `<` / `>`.
    pub(crate) fn toggle_code_wrap(&mut self) {
        self.settings.wrap_code = !self.settings.wrap_code;
        let with = showing(&self.settings, &self.search, self.text_size());
        self.reader.relayout(&self.library.posts, with);
        if let Some(reader) = self.reader.get_mut() {
            reader.scroll_sideways(isize::MIN, 0, false);
        }
        self.say(if self.settings.wrap_code {
            "code lines wrap (w: scroll them sideways instead)"
        } else {
            "code lines whole: < and > scroll them (w: wrap them)"
        });
    }

    /// `<` / `>`: scrolls the code lines left whole by a quarter of the text's width.
    pub(crate) fn scroll_code(&mut self, right: bool) {
        if self.settings.wrap_code {
            return self.say("code lines wrap; w keeps them whole to scroll them sideways");
        }
        let width = usize::from(self.text_size().0);
        let step = (width / 4).max(4) as isize;
        let ambiguous_wide = self.settings.ambiguous_wide;
        let Some(reader) = self.reader.get_mut() else {
            return;
        };
        let moved = reader.scroll_sideways(if right { step } else { -step }, width, ambiguous_wide);
        if !moved {
            self.say(if right {
                "the code's widest line ends here"
            } else {
                "at the start of the code lines"
            });
        }
    }

    /// Leaves highlighting to [`App::take_highlight_request`]'s taker: the event loop.
    pub fn highlight_in_background(mut self) -> Self {
        self.settings.highlighting = Highlighting::Remembered;
        self.reader.forget_layouts();
        self
    }

    /// Shows long posts from their first part while the taker of
    /// [`App::take_layout_request`] (the event loop's worker) lays them out whole.
    pub fn lay_out_in_background(mut self) -> Self {
        self.reader.lay_out_long_posts_in_parts();
        self
    }

    /// The long post to lay out whole next, if one waits.
    pub fn take_layout_request(&mut self) -> Option<WholeLayout> {
        self.reader.take_layout_request(&self.library.posts)
    }

    /// A long post was laid out whole: the reader shows it in place of its first part, and
    /// the note that it was being laid out goes.
    pub fn laid_out(&mut self, done: LaidOut) {
        let with = showing(&self.settings, &self.search, self.text_size());
        self.reader.laid_out(done, &self.library.posts, with);
        let whole = self
            .reader
            .get()
            .is_some_and(|r| r.document().partial.is_none());
        if whole && self.message() == Some(crate::ui::update::STILL_LAYING_OUT) {
            self.clear_message();
        }
    }

    /// The post whose code is to be highlighted next, if one waits.
    pub fn take_highlight_request(&mut self) -> Option<HighlightRequest> {
        self.reader.take_highlight_request(&self.library.posts)
    }

    /// A post's code was highlighted: the reader shows it in colour if it shows it.
    pub fn highlighted(&mut self) {
        let with = showing(&self.settings, &self.search, self.text_size());
        self.reader.highlighted(&self.library.posts, with);
    }
}
