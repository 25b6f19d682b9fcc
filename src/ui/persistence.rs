//! What the reader remembers between runs, as app state: the read/starred/position store,
//! which post is opened (not merely previewed), the folder whose list is remembered, and
//! when to save. The event loop does the
//! saving when [`Persistence::take_save_request`] says so; `update` stays free of I/O.

use std::path::Path;

use crate::model::{Post, Remap};
use crate::state::{Anchor, ListState, PostKey, PostKeys, PostState, StateStore};

use super::reader::Reader;

pub struct Persistence {
    store: StateStore,
    /// Each post's key in `store`, made when the post's state is first needed: the first
    /// screen needs the few posts it shows.
    keys: PostKeys,
    /// The post opened in the reader (not merely previewed beside the list): it became
    /// read, and where the reader leaves it is remembered.
    opened: Option<usize>,
    /// Set when the reader left a post: the moment to write state to disk.
    save_requested: bool,
    /// The folder whose list (sort, filters, selection, open post) is remembered; `None`
    /// for a single file or the bundled samples.
    folder: Option<PostKey>,
}

impl Persistence {
    /// State for `posts` kept in memory for this run only, as with `--no-state`.
    pub fn in_memory(posts: &[Post]) -> Self {
        Self {
            store: StateStore::disabled(),
            keys: PostKeys::new(posts.len()),
            opened: None,
            save_requested: false,
            folder: None,
        }
    }

    /// Follows the library after posts were added, moved or removed: the keys of posts that
    /// stayed are kept, the new ones made when needed.
    pub fn remap(&mut self, posts: &[Post], remap: &Remap) {
        self.keys.remap(posts.len(), |old| remap.get(old));
        self.opened = self.opened.and_then(|post| remap.get(post));
    }

    fn key(&self, post: usize, posts: &[Post]) -> &PostKey {
        self.keys.get(post, &posts[post].path)
    }

    /// Makes the key of every post at once, on every core, before a filter reads the state
    /// of each.
    pub fn prepare_all(&self, posts: &[Post]) {
        self.keys.make_all(|i| &posts[i].path);
    }

    pub fn set_store(&mut self, store: StateStore) {
        self.store = store;
    }

    pub fn store(&self) -> &StateStore {
        &self.store
    }

    /// What is remembered about post `index` of `posts`.
    pub fn of(&self, index: usize, posts: &[Post]) -> &PostState {
        self.store.get(self.key(index, posts))
    }

    pub fn opened(&self) -> Option<usize> {
        self.opened
    }

    /// The reader has the keyboard on `post`: it is read, and its place will be remembered
    /// when the reader leaves it.
    pub fn open(&mut self, post: usize, reader: Option<&Reader>, posts: &[Post]) {
        if self.opened != Some(post) {
            self.remember_place(reader, posts);
            self.opened = Some(post);
            let key = self.keys.get(post, &posts[post].path);
            self.store.set_read(key, true);
        }
    }

    /// Remembers where `reader` is in the opened post, as when leaving it.
    pub fn remember_place(&mut self, reader: Option<&Reader>, posts: &[Post]) {
        let Some(post) = self.opened.take() else {
            return;
        };
        let Some(reader) = reader.filter(|r| r.post() == post) else {
            return;
        };
        let body = &posts[post].body;
        let position = match reader.place() {
            0 => None,
            offset => Some(Anchor::at(body, offset)),
        };
        let key = self.keys.get(post, &posts[post].path);
        self.store.set_position(key, position);
        self.save_requested = true;
    }

    /// Where the reader last left `post`, as a byte offset into its body.
    pub fn resume_offset(&self, post: usize, posts: &[Post]) -> Option<usize> {
        let anchor = self.of(post, posts).position.as_ref()?;
        Some(anchor.resolve(&posts[post].body))
    }

    /// Read ↔ unread; returns whether the post is now read.
    pub fn toggle_read(&mut self, post: usize, posts: &[Post]) -> bool {
        let key = self.keys.get(post, &posts[post].path);
        self.store.toggle_read(key)
    }

    /// Star ↔ no star; returns whether the post is now starred.
    pub fn toggle_starred(&mut self, post: usize, posts: &[Post]) -> bool {
        let key = self.keys.get(post, &posts[post].path);
        self.store.toggle_starred(key)
    }

    /// Remembers the list of `folder` from now on; how it was left, if it was.
    pub fn remember_list_of(&mut self, folder: &Path) -> Option<ListState> {
        let key = PostKey::for_path(folder);
        let list = self.store.list(&key).cloned();
        self.folder = Some(key);
        list
    }

    /// Records how the remembered folder's list is now, for the next save.
    pub fn set_list(&mut self, list: ListState) {
        if let Some(folder) = &self.folder {
            self.store.set_list(folder, list);
        }
    }

    /// Whether a folder's list is remembered.
    pub fn remembers_list(&self) -> bool {
        self.folder.is_some()
    }

    /// The path post `index` is remembered by.
    pub fn path_of(&self, index: usize, posts: &[Post]) -> &Path {
        self.key(index, posts).as_path()
    }

    /// The post remembered by `path`, if it is still there.
    pub fn post_at(&self, path: &Path, posts: &[Post]) -> Option<usize> {
        self.keys.find(path, |i| &posts[i].path)
    }

    /// True once since the reader last left a post.
    pub fn take_save_request(&mut self) -> bool {
        std::mem::take(&mut self.save_requested)
    }

    /// Saves the store; a problem comes back as a one-line message.
    pub fn save(&mut self) -> Option<String> {
        match self.store.save() {
            Ok(warning) => warning.map(|w| w.to_string()),
            Err(err) => Some(format!("state not saved: {err}")),
        }
    }
}
