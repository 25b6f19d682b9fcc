//! The `/` search as state: what was typed, the query it makes, and while the prompt is
//! open, what Esc goes back to. Which posts match, and the search running for them, is the
//! [`SearchIndex`]'s job; moving the list and the reader to the matches is
//! [`App`](super::App)'s.

use super::search::Query;
use super::search_index::SearchIndex;

/// The longest search kept, in bytes. Every key typed into the prompt refolds the query and
/// searches with it, so this bounds what one key costs; a paste of 50,000 characters would
/// otherwise redo ever longer searches 50,000 times. No one reads a longer query on one
/// status line anyway.
pub const MAX_QUERY_BYTES: usize = 1024;

/// What an edit did to the typed search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    Kept {
        changed: bool,
    },
    /// The edit went past [`MAX_QUERY_BYTES`] and its end was dropped.
    Cut {
        changed: bool,
    },
}

#[derive(Debug, Default)]
pub struct SearchPrompt {
    typed: String,
    query: Query,
    /// `Some((typed before, reader scroll before))` while the prompt is open.
    editing: Option<(String, usize)>,
    index: SearchIndex,
}

impl SearchPrompt {
    /// The search as typed (kept after Enter, shown while the prompt is open).
    pub fn typed(&self) -> &str {
        &self.typed
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    pub fn is_open(&self) -> bool {
        self.editing.is_some()
    }

    /// The reader's scroll when the prompt opened, where a new query looks for its first
    /// match.
    pub fn scroll_before(&self) -> usize {
        self.editing.as_ref().map_or(0, |(_, scroll)| *scroll)
    }

    /// Opens the prompt, remembering what to go back to.
    pub fn open(&mut self, reader_scroll: usize) {
        self.editing = Some((self.typed.clone(), reader_scroll));
    }

    /// Edits what is typed, keeping at most [`MAX_QUERY_BYTES`] of it.
    pub fn edit(&mut self, edit: impl FnOnce(&mut String)) -> Edited {
        let before = self.typed.clone();
        edit(&mut self.typed);
        if self.typed.len() > MAX_QUERY_BYTES {
            let mut end = MAX_QUERY_BYTES;
            while !self.typed.is_char_boundary(end) {
                end -= 1;
            }
            self.typed.truncate(end);
            return Edited::Cut {
                changed: self.typed != before,
            };
        }
        Edited::Kept {
            changed: self.typed != before,
        }
    }

    /// Enter: keep the search and close the prompt.
    pub fn accept(&mut self) {
        self.editing = None;
    }

    /// Esc: back to what was typed before the prompt opened; false when it was not open.
    pub fn cancel(&mut self) -> bool {
        let Some((typed, _)) = self.editing.take() else {
            return false;
        };
        self.typed = typed;
        true
    }

    /// No search at all, prompt closed.
    pub fn clear(&mut self) {
        self.typed.clear();
        self.editing = None;
    }

    /// Which posts the search matches and how far it has got.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    pub fn index_mut(&mut self) -> &mut SearchIndex {
        &mut self.index
    }

    /// Makes the query from what is typed; false when that did not change it.
    pub fn update_query(&mut self) -> bool {
        let query = Query::new(&self.typed);
        if query == self.query {
            return false;
        }
        self.query = query;
        true
    }
}
