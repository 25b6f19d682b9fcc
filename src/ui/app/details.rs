//! `<details>` in the reader: folded to their summary, opened and folded again with Enter.

use super::{App, showing};

impl App {
    /// Enter on a `<details>` on screen: opens or folds it. False when none is on screen.
    pub(crate) fn toggle_details(&mut self) -> bool {
        let with = showing(&self.settings, &self.search, self.text_size());
        match self.reader.toggle_details(&self.library.posts, with) {
            Some(open) => {
                self.say(if open {
                    "opened (Enter on its summary folds it)"
                } else {
                    "folded"
                });
                true
            }
            None => false,
        }
    }
}
