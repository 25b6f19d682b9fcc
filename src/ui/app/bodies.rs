//! Bodies read on demand. A library loaded from a folder holds its posts' metadata only
//! ([`crate::model::Post::body_file`]): a post's body is read from its file when the reader
//! shows it, and let go again once a few other posts have been shown since, so that memory
//! follows what is being read, not the size of the library.
//!
//! A file changed since the library was loaded is not read as the old post's body: it is
//! read again whole, as the watcher would have, and shown as it is now.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::loader::{self, cache};

use super::App;
use super::reload::ReloadCause;

/// How many posts keep the body read for them: the posts recently shown, as many as the
/// layout cache keeps documents for, so that going back and forth costs no read.
const HELD: usize = 8;

/// The posts whose body was read for the reader, most recent first.
#[derive(Debug, Default)]
pub(super) struct HeldBodies {
    recent: VecDeque<PathBuf>,
}

impl App {
    /// Reads post `post`'s body when it is left in its file; returns the post's index
    /// afterwards (a file changed meanwhile is read again as a change on disk, which may
    /// move it, or remove it: then `None`).
    pub(super) fn hold_body(&mut self, post: usize) -> Option<usize> {
        if self.read_body(post) {
            return Some(post);
        }
        let limit = self.settings.max_post_bytes;
        let path = self.library.posts[post].path.clone();
        let reread = loader::reread(&path, limit);
        self.apply_rereads(vec![reread], ReloadCause::Watch);
        let at = self.library.posts.iter().position(|p| p.path == path)?;
        // Read again, it holds its body; one that could not be read is not shown.
        self.library.posts[at].body_is_read().then_some(at)
    }

    /// Reads the body of the post the reader shows when a new version of it came without
    /// (an update from the index): the reader lays it out again next. A file that changed
    /// once more is left to the watcher, which brings it whole.
    pub(super) fn read_shown_body(&mut self) {
        if let Some(at) = self.reader.get().map(|r| r.post()) {
            self.read_body(at);
        }
    }

    /// Reads post `at`'s body from its file unless it holds it, and counts it among the
    /// bodies held; false when the file is no longer the one the post was read from.
    fn read_body(&mut self, at: usize) -> bool {
        let post = &mut self.library.posts[at];
        let Some(file) = post.body_file.filter(|_| !post.body_is_read()) else {
            return true;
        };
        let Some(body) = cache::read_body(&post.path, &file, self.settings.max_post_bytes) else {
            return false;
        };
        post.body = body;
        let path = post.path.clone();
        self.held_bodies.recent.retain(|p| *p != path);
        self.held_bodies.recent.push_front(path);
        self.let_go_of_old_bodies();
        true
    }

    /// Drops the bodies of the posts shown longest ago, past [`HELD`], unless the reader
    /// shows them or their site rendered them (the rendering is what the library holds
    /// then, and the file alone could not give it back).
    fn let_go_of_old_bodies(&mut self) {
        while self.held_bodies.recent.len() > HELD {
            let Some(path) = self.held_bodies.recent.pop_back() else {
                break;
            };
            let Some(at) = self.library.posts.iter().position(|p| p.path == path) else {
                continue;
            };
            let shown = self.reader.get().is_some_and(|r| r.post() == at);
            let post = &mut self.library.posts[at];
            if shown || post.body_file.is_none() || self.site_posts.rendered(&path) {
                continue;
            }
            post.body = String::new();
        }
    }
}
