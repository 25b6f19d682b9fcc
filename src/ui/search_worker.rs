//! The search worker: one thread that scans the library for the latest query while the
//! input thread goes on handling keys. Each search gets a generation number; starting one
//! makes every older one stale at once (the scan asks before every post), so the next key
//! cancels a scan within a post's time. Matches go back as [`Found`] batches tagged with
//! their generation, through whatever `deliver` the owner gave (the event loop wakes on
//! them; a test reads them from a channel), and an owner applies only its current
//! generation's: a batch from before a newer query or a change to the library is dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use super::search::Query;
use super::search_corpus::{Corpus, scan};

/// Matches of one search, found since its last batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub generation: u64,
    /// Indices into the library's posts, in the order they were scanned.
    pub posts: Vec<usize>,
    /// The search has looked at every post: this is its last batch.
    pub done: bool,
}

/// What to look for, where, and in which order.
pub struct Job {
    pub generation: u64,
    pub query: Query,
    pub corpus: Arc<Corpus>,
    /// The posts to look at, first to last.
    pub order: Vec<usize>,
}

/// Matches found within this long of the last batch wait to go with the next one, so a
/// query that matches every post does not send thousands of batches (each one a refilter
/// and a frame). The first match never waits; a search that has found none by this time
/// says so with an empty batch, so the list stops showing what an older search found.
const BATCH_INTERVAL: Duration = Duration::from_millis(40);

/// The handle to the worker thread; dropping it ends the thread after its current post.
#[derive(Debug)]
pub struct SearchWorker {
    jobs: Sender<Job>,
    /// The generation of the newest search asked for.
    current: Arc<AtomicU64>,
}

impl SearchWorker {
    /// Starts the thread; `deliver` receives every batch, on that thread.
    pub fn start(deliver: impl Fn(Found) + Send + 'static) -> SearchWorker {
        let (jobs, received) = mpsc::channel::<Job>();
        let current = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&current);
        thread::Builder::new()
            .name("kiji-search".into())
            .spawn(move || work(&received, &newest, &deliver))
            .expect("a thread can be started");
        SearchWorker { jobs, current }
    }

    /// Hands `job` over and returns at once; every older search stops.
    pub fn search(&self, job: Job) {
        self.current.store(job.generation, Ordering::SeqCst);
        let _ = self.jobs.send(job);
    }

    /// Stops the running search, if any: nothing newer replaces it.
    pub fn cancel(&self, generation: u64) {
        self.current.store(generation, Ordering::SeqCst);
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        // No generation is this one: the running scan stops at its next post.
        self.current.store(u64::MAX, Ordering::SeqCst);
    }
}

fn work(jobs: &Receiver<Job>, current: &AtomicU64, deliver: &dyn Fn(Found)) {
    while let Ok(mut job) = jobs.recv() {
        // Only the newest of the jobs waiting is worth starting.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let generation = job.generation;
        let stale = || current.load(Ordering::SeqCst) != generation;
        if stale() {
            continue;
        }
        let mut pending: Vec<usize> = Vec::new();
        let started = Instant::now();
        let mut sent_at: Option<Instant> = None;
        let mut found = |posts: Vec<usize>| {
            pending.extend(posts);
            let due = match sent_at {
                None => !pending.is_empty() || started.elapsed() >= BATCH_INTERVAL,
                Some(at) => !pending.is_empty() && at.elapsed() >= BATCH_INTERVAL,
            };
            if due {
                deliver(Found {
                    generation,
                    posts: std::mem::take(&mut pending),
                    done: false,
                });
                sent_at = Some(Instant::now());
            }
        };
        if scan(&job.corpus, &job.query, &job.order, &stale, &mut found) {
            deliver(Found {
                generation,
                posts: pending,
                done: true,
            });
        }
    }
}

#[cfg(test)]
mod tests;
