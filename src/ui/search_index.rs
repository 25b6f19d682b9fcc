//! Which posts a search matches, over the whole library, and how far it has got. The posts
//! are made ready to search once per version of the library (a [`Corpus`]); a query is then
//! searched either in place, when that is provably cheap (see
//! [`IN_PLACE_MAX_BYTES`](super::search_corpus::IN_PLACE_MAX_BYTES)) or
//! when no worker was given, or by the [`SearchWorker`], whose batches arrive later through
//! [`SearchIndex::apply`]. The last search that looked at everything is kept, so that a query
//! that only grew narrows its matches instead of scanning everything again.
//!
//! While a new search waits for its first batch, what was listed stays listed: typing one
//! more letter keeps the list steady rather than blanking it between keys. The wait is short:
//! the worker sends its first batch at the first match, or empty after a few tens of
//! milliseconds.

use std::sync::Arc;

use crate::model::{Post, Remap};

use super::search::Query;
use super::search_corpus::{Corpus, scan};
use super::search_worker::{Found, Job, SearchWorker};

/// A set of posts (indices into the library's posts), for membership at a glance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostSet {
    member: Vec<bool>,
    count: usize,
}

impl PostSet {
    fn with_capacity(posts: usize) -> PostSet {
        PostSet {
            member: vec![false; posts],
            count: 0,
        }
    }

    fn insert(&mut self, post: usize) {
        if post >= self.member.len() {
            self.member.resize(post + 1, false);
        }
        if !std::mem::replace(&mut self.member[post], true) {
            self.count += 1;
        }
    }

    pub fn contains(&self, post: usize) -> bool {
        self.member.get(post).copied().unwrap_or(false)
    }

    /// How many posts are in the set.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The members, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.member
            .iter()
            .enumerate()
            .filter_map(|(i, &m)| m.then_some(i))
    }

    /// The same posts by their indices after the library changed; those removed left out.
    fn remapped(&self, remap: &Remap) -> PostSet {
        let mut set = PostSet::default();
        for post in self.iter().filter_map(|old| remap.get(old)) {
            set.insert(post);
        }
        set
    }
}

/// How a search stands, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchProgress {
    /// Posts found so far (before the list's other filters).
    pub found: usize,
    /// Still looking.
    pub running: bool,
}

#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The posts ready to search; made on the first search after the library changed.
    corpus: Option<Arc<Corpus>>,
    /// Searches libraries too large to search in place; none, and every search is in place.
    worker: Option<SearchWorker>,
    /// The generation of the newest search (and of the batches worth applying).
    generation: u64,
    /// The newest search's matches so far; `None` without a query.
    results: Option<Results>,
    /// The last search that looked at every post, to narrow from as the query grows.
    last_complete: Option<(Query, PostSet)>,
}

#[derive(Debug)]
struct Results {
    query: Query,
    found: PostSet,
    running: bool,
    /// No batch has arrived yet: the list shows `before`, what it showed until now (`None`:
    /// every post).
    waiting_for_first: bool,
    before: Option<PostSet>,
}

impl SearchIndex {
    /// Searches from now on go to `worker` unless they are cheap.
    pub fn set_worker(&mut self, worker: SearchWorker) {
        self.worker = Some(worker);
    }

    /// Starts searching `posts` for `query` (none: every post listed), in `order` (the
    /// list's), `first` (the selected post) before the rest, so that it stays selected when
    /// it matches. Bodies on disk are read with the size limit `limit`.
    pub fn start(
        &mut self,
        posts: &[Post],
        order: &[usize],
        first: Option<usize>,
        query: &Query,
        limit: u64,
    ) {
        self.generation += 1;
        if let Some(worker) = &self.worker {
            worker.cancel(self.generation);
        }
        if query.is_empty() {
            // As a search always did: an emptied search starts the next one afresh.
            self.results = None;
            self.last_complete = None;
            return;
        }
        let corpus = Arc::clone(
            self.corpus
                .get_or_insert_with(|| Arc::new(Corpus::of(posts, limit))),
        );
        let before = self.matching().cloned();
        let narrowed_from = self
            .last_complete
            .as_ref()
            .filter(|(last, _)| query.refines(last))
            .map(|(_, found)| found);
        let mut order: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&post| narrowed_from.is_none_or(|found| found.contains(post)))
            .collect();
        if let Some(at) = first.and_then(|first| order.iter().position(|&p| p == first)) {
            order[..=at].rotate_right(1);
        }
        // A query the last complete one refines (letters were taken off) matches at least
        // what that one matched: those are listed from the start.
        let seeded = self
            .last_complete
            .as_ref()
            .filter(|(last, _)| last.refines(query))
            .map(|(_, found)| found.clone());
        let waiting_for_first = seeded.is_none();
        let mut found = seeded.unwrap_or_else(|| PostSet::with_capacity(corpus.len()));
        match &self.worker {
            Some(worker) if !corpus.is_cheap() => {
                worker.search(Job {
                    generation: self.generation,
                    query: query.clone(),
                    corpus,
                    order,
                });
                self.results = Some(Results {
                    query: query.clone(),
                    found,
                    running: true,
                    waiting_for_first,
                    before,
                });
            }
            _ => {
                scan(&corpus, query, &order, &|| false, &mut |matches| {
                    matches.into_iter().for_each(|post| found.insert(post));
                });
                self.last_complete = Some((query.clone(), found.clone()));
                self.results = Some(Results {
                    query: query.clone(),
                    found,
                    running: false,
                    waiting_for_first: false,
                    before: None,
                });
            }
        }
    }

    /// Applies a batch from the worker; false when it was stale (an older search's) and
    /// changed nothing.
    pub fn apply(&mut self, batch: Found) -> bool {
        if batch.generation != self.generation {
            return false;
        }
        let Some(results) = &mut self.results else {
            return false;
        };
        for post in batch.posts {
            results.found.insert(post);
        }
        results.waiting_for_first = false;
        results.before = None;
        if batch.done {
            results.running = false;
            self.last_complete = Some((results.query.clone(), results.found.clone()));
        }
        true
    }

    /// The posts to list for the search (see the module docs), or `None` without one.
    pub fn matching(&self) -> Option<&PostSet> {
        let results = self.results.as_ref()?;
        match results.waiting_for_first {
            true => results.before.as_ref(),
            false => Some(&results.found),
        }
    }

    pub fn progress(&self) -> Option<SearchProgress> {
        self.results.as_ref().map(|r| SearchProgress {
            found: r.found.count(),
            running: r.running,
        })
    }

    /// The library changed: what was found is renamed to the posts' new indices (shown
    /// until the search, started again by the caller, brings its first batch), and the
    /// rest is forgotten.
    pub fn library_changed(&mut self, remap: &Remap) {
        self.corpus = None;
        self.last_complete = None;
        if let Some(results) = &mut self.results {
            results.found = results.found.remapped(remap);
            results.before = results.before.as_ref().map(|b| b.remapped(remap));
        }
    }
}
