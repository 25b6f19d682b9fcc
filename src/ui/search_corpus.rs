//! What a search looks through, and the scan itself: every post's title and labels folded
//! once, its body folded once when the post holds it, or where to read it when the body was
//! left in its file ([`Post::body_file`]). The scan walks posts in a given order, a chunk
//! at a time on every core, and hands over each chunk's matches in that order, so a caller
//! shows the top of its list first. No threads of its own and no app state: the worker in
//! [`search_worker`](super::search_worker) runs it off the input thread, and
//! [`SearchIndex`](super::search_index::SearchIndex) runs it in place when that is cheap.
//!
//! A post matches when every term of the query occurs in its title, its labels or its body:
//! exactly `query.matches_folded(fold(title + "\n" + labels + "\n" + body))`, without
//! reading the body when the title and labels already hold every term.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::loader::{self, Reread};
use crate::model::{BodyOnDisk, Post};

use super::search::{Query, fold};

/// Held bodies up to this many bytes in all are searched in place, synchronously, as before
/// bodies could stay on disk: folding them is a one-off of a few tens of milliseconds, and a
/// search over them afterwards costs a few milliseconds a key, so typing never waits long
/// and the results are there the moment the key is handled (tests and small libraries see
/// exactly what they always saw). Larger libraries, and any with a body to read from disk,
/// are searched by the worker.
pub const IN_PLACE_MAX_BYTES: usize = 4 * 1024 * 1024;

/// The posts of one version of the library, ready to search.
#[derive(Debug)]
pub struct Corpus {
    entries: Vec<Entry>,
    /// The size limit of a post, for bodies read from disk.
    limit: u64,
    /// Every body is held and all of them together are small (see [`IN_PLACE_MAX_BYTES`]).
    cheap: bool,
}

#[derive(Debug)]
struct Entry {
    /// Title and labels, folded.
    head: String,
    body: Body,
}

#[derive(Debug)]
enum Body {
    /// Folded.
    Held(String),
    OnDisk {
        path: PathBuf,
        at: BodyOnDisk,
    },
}

impl Corpus {
    /// `posts` ready to search, their bodies read from disk with the size limit `limit`.
    /// Folds titles, labels and held bodies on every core.
    pub fn of(posts: &[Post], limit: u64) -> Corpus {
        let held_bytes: usize = posts
            .iter()
            .filter(|p| p.body_is_read())
            .map(|p| p.body.len())
            .sum();
        let cheap = posts.iter().all(Post::body_is_read) && held_bytes <= IN_PLACE_MAX_BYTES;
        let entries = posts
            .par_iter()
            .map(|post| Entry {
                head: fold(&head_of(post)),
                body: match post.body_file.filter(|_| !post.body_is_read()) {
                    Some(at) => Body::OnDisk {
                        path: post.path.clone(),
                        at,
                    },
                    None => Body::Held(fold(&post.body)),
                },
            })
            .collect();
        Corpus {
            entries,
            limit,
            cheap,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when searching this corpus in place is cheap (see [`IN_PLACE_MAX_BYTES`]).
    pub fn is_cheap(&self) -> bool {
        self.cheap
    }

    /// Whether post `index` matches `query`. A body left on disk is read; when its file
    /// changed since the load, the file is read afresh and searched as it is now (the
    /// watcher tells the app about the change on its own); a file gone or unreadable
    /// matches nothing.
    pub fn matches(&self, index: usize, query: &Query) -> bool {
        let Some(entry) = self.entries.get(index) else {
            return false;
        };
        let rest = query.unfound_in(&entry.head);
        if rest.is_empty() {
            return true;
        }
        match &entry.body {
            Body::Held(folded) => rest.matches_folded(folded),
            Body::OnDisk { path, at } => {
                match loader::cache::read_body(path, at, self.limit) {
                    Some(body) => rest.matches_folded(&fold(&body)),
                    // Changed since it was loaded: all of it, as it is now.
                    None => match loader::reread(path, self.limit) {
                        Reread::Parsed(post)
                        | Reread::Unfinished {
                            post: Some(post), ..
                        } => query.matches_folded(&fold(&format!(
                            "{}\n{}",
                            head_of(&post),
                            post.body
                        ))),
                        Reread::Unfinished { post: None, .. } | Reread::Gone(_) => false,
                    },
                }
            }
        }
    }
}

/// A post's title and labels, as the search reads them.
fn head_of(post: &Post) -> String {
    let labels: Vec<&str> = post.labels().collect();
    format!("{}\n{}", post.title, labels.join(" "))
}

/// The first chunk is small so that the first matches come back at once; later ones grow
/// to this, so that handing matches over costs little beside the search.
const LARGEST_CHUNK: usize = 1024;
const FIRST_CHUNK: usize = 16;

/// Looks for `query` in the posts of `order`, in that order, a chunk at a time (each on
/// every core), handing each chunk's matches to `found` in order. `cancelled` is asked
/// before each post; once it says so the scan stops. Returns true when every post was
/// looked at.
pub fn scan(
    corpus: &Corpus,
    query: &Query,
    order: &[usize],
    cancelled: &(dyn Fn() -> bool + Sync),
    found: &mut dyn FnMut(Vec<usize>),
) -> bool {
    let mut start = 0;
    let mut chunk = FIRST_CHUNK;
    while start < order.len() {
        let end = (start + chunk).min(order.len());
        let matches: Vec<usize> = order[start..end]
            .par_iter()
            .copied()
            .filter(|&post| !cancelled() && corpus.matches(post, query))
            .collect();
        if cancelled() {
            return false;
        }
        found(matches);
        start = end;
        chunk = (chunk * 2).min(LARGEST_CHUNK);
    }
    true
}
