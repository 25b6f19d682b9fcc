//! Posts of a Jekyll site shown as the site shows them. The first time a post with Liquid in
//! it is shown, its rendered version ([`crate::site`]) takes its place in the library, as a
//! reload would: the reader, the list's reading time and search then all see the rendered
//! text. The version read from disk is kept, so that reading the same file again is not taken
//! for a change; a post that did change is rendered again when it is next shown.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::model::{Post, PostUpdate};

use super::App;

#[derive(Debug, Default)]
pub(super) struct SitePosts {
    /// The posts rendered, as read from disk; `None` when rendering left them as written.
    originals: HashMap<PathBuf, Option<Post>>,
}

impl SitePosts {
    /// Whether `post`, read from disk, is what was rendered: not a change.
    pub(super) fn is_original(&self, post: &Post) -> bool {
        self.originals
            .get(&post.path)
            .is_some_and(|original| original.as_ref() == Some(post))
    }

    /// Whether the library holds `path`'s post as its site rendered it.
    pub(super) fn rendered(&self, path: &std::path::Path) -> bool {
        self.originals.get(path).is_some_and(Option::is_some)
    }

    /// Forgets the rendering of a post that changed on disk.
    pub(super) fn forget(&mut self, post: &Post) {
        self.originals.remove(&post.path);
    }
}

impl App {
    /// Renders post `post` as its site shows it, unless that was done; returns the post's
    /// index afterwards.
    pub(super) fn show_as_site_does(&mut self, post: usize) -> usize {
        let data = &self.library.posts[post];
        let has_liquid = data.body.contains("{%") || data.body.contains("{{");
        if !has_liquid || self.site_posts.originals.contains_key(&data.path) {
            return post;
        }
        let path = data.path.clone();
        let rendered =
            crate::site::render_post(data, &self.library.posts, self.settings.max_post_bytes);
        let mut fresh: Vec<_> = rendered
            .problems
            .into_iter()
            .filter(|d| !self.library.diagnostics.contains(d))
            .collect();
        if !fresh.is_empty() {
            let count = fresh.len();
            let noun = if count == 1 { "problem" } else { "problems" };
            self.library.diagnostics.append(&mut fresh);
            self.say(format!("{count} Liquid {noun} in this post (!)"));
        }
        match rendered.post {
            Some(new) => {
                let original = self.library.posts[post].clone();
                self.site_posts
                    .originals
                    .insert(path.clone(), Some(original));
                self.apply_updates(vec![PostUpdate::Changed(new)]);
            }
            None => {
                self.site_posts.originals.insert(path.clone(), None);
            }
        }
        self.library
            .posts
            .iter()
            .position(|p| p.path == path)
            .unwrap_or(post)
    }
}
