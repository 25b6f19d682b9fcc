//! Moving between posts without the list, and the list as it was left: `J`/`K`, the offer
//! of the next unread post at the end of one, and putting a folder's list back when kiji
//! reopens it. A child of `app` because these rules reach into several of its parts.

use std::path::{Path, PathBuf};

use crate::model::{SortKey, label_key};
use crate::state::ListState;

use super::super::action::Action;
use super::super::geometry::Focus;
use super::App;

impl App {
    /// Remembers how the list of `folder` is left (sort, filters, selection, open post) and
    /// puts it back as it was last left. A remembered post that is gone is passed over: the
    /// list starts at its top, and no post opens.
    pub fn remembering_list_of(mut self, folder: &Path) -> Self {
        let Some(list) = self.persistence.remember_list_of(folder) else {
            return self;
        };
        let sort = [SortKey::Date, SortKey::Title, SortKey::ReadingTime]
            .into_iter()
            .find(|key| list.sort.as_deref() == Some(key.name()));
        // Sorting 100,000 posts again in the order they are in would take a while.
        let sorts_again = sort.is_some_and(|sort| sort != self.sort());
        if let Some(sort) = sort {
            self.list.set_sort(sort);
        }
        // A tag no post carries any more would empty the list for nothing.
        let tags = list
            .tags
            .iter()
            .filter(|tag| {
                let key = label_key(tag);
                self.labels().iter().any(|l| label_key(&l.label) == key)
            })
            .cloned()
            .collect();
        self.list.set_tags(tags);
        self.list
            .set_state_filters(list.unread_only, list.starred_only);
        if sorts_again {
            self.resort();
        } else {
            self.refilter();
        }
        let posts = &self.library.posts;
        let at = |path: &Option<PathBuf>| {
            path.as_deref()
                .and_then(|p| self.persistence.post_at(p, posts))
        };
        let (selected, open) = (at(&list.selected), at(&list.open));
        let position = selected.or(open).and_then(|p| self.list.position_of(p));
        self.select(position.unwrap_or(0));
        self.reopen_on_start = open.filter(|&p| self.list.position_of(p).is_some());
        self
    }

    /// `J`/`K`: opens the post `by` places from the one being read (or selected) in the
    /// list's order and filter; false past either end.
    pub(in crate::ui) fn open_neighbour(&mut self, by: isize) -> bool {
        match self.list.neighbour(self.target_post(), by) {
            Some(post) => {
                self.open_post(post);
                true
            }
            None => false,
        }
    }

    /// Selects `post`, opens it in the reader and gives it the keyboard.
    pub(super) fn open_post(&mut self, post: usize) {
        if let Some(position) = self.list.position_of(post) {
            self.list.select(position, self.list_page());
        }
        self.show_post(post);
        self.set_focus(Focus::Reader);
        if self.unread_only() || self.starred_only() {
            // The post just left may no longer belong in the list.
            self.refilter_in_place();
        }
    }

    /// Whether the reader has the keyboard and its last row is on screen.
    pub(in crate::ui) fn reader_at_end(&self) -> bool {
        let height = self.text_height();
        self.focus == Focus::Reader
            && self
                .reader
                .get()
                .is_some_and(|r| r.scroll() >= r.max_scroll(height))
    }

    /// Takes back the offer of the next unread post, returning it.
    pub(in crate::ui) fn take_next_unread_offer(&mut self) -> Option<usize> {
        self.next_unread_offer.take()
    }

    /// At the end of a post, says which unread post a page-down would open next (newsboat's
    /// habit) and remembers the offer.
    pub(in crate::ui) fn offer_next_unread(&mut self) {
        let (persistence, posts) = (&self.persistence, &self.library.posts);
        let next = self
            .list
            .next_after(self.target_post(), |post| !persistence.of(post, posts).read);
        let dash = if self.glyphs().ambiguous_wide {
            " - "
        } else {
            " — "
        };
        let key = self
            .keymap()
            .keys_for(Action::PageDown)
            .first()
            .map_or_else(|| "page-down".to_owned(), |k| capitalised(&k.to_string()));
        match next {
            Some(post) => {
                self.next_unread_offer = Some(post);
                let title = self.library.posts[post].title.clone();
                self.say(format!("end{dash}{key} for next unread: {title}"));
            }
            None => self.say(format!("end{dash}no unread post left in the list")),
        }
    }

    /// Opens the post a page-down at the end offered, when it is still listed.
    pub(in crate::ui) fn open_offered(&mut self, post: usize) {
        if self.list.position_of(post).is_some() {
            self.open_post(post);
        }
    }

    /// Records how the list is now, for the folder whose list is remembered.
    pub(super) fn remember_list(&mut self) {
        if !self.persistence.remembers_list() {
            return;
        }
        let path = |post: usize| {
            let posts = &self.library.posts;
            self.persistence.path_of(post, posts).to_path_buf()
        };
        let open = match (self.reader.get(), self.focus) {
            (Some(reader), Focus::Reader) => Some(path(reader.post())),
            _ => None,
        };
        let list = ListState {
            sort: Some(self.sort().name().to_owned()),
            tags: self.tag_filter().to_vec(),
            unread_only: self.unread_only(),
            starred_only: self.starred_only(),
            selected: self.selected_post().map(path),
            open,
        };
        self.persistence.set_list(list);
    }
}

/// `space` → `Space`: key names read as words in a sentence.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
