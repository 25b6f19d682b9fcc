//! The worker against a plain oracle: every post's title, labels and body folded whole and
//! matched, on posts written to a temporary folder and loaded with their bodies left there.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use super::*;
use crate::loader::LoadOptions;
use crate::loader::cache::{Bodies, IndexCache, load_indexed};
use crate::model::{Library, Post};
use crate::ui::search::{Query, fold};
use crate::ui::search_corpus::Corpus;

/// Pieces the posts are made of: kanji and kana (so one- and two-character queries hit some
/// posts and miss others), full-width and half-width forms, English in mixed case.
const PIECES: [&str; 16] = [
    "京都",
    "東京",
    "大阪",
    "の",
    "散歩",
    "写真",
    "ＡＩ",
    "ai",
    "ｶﾞｲﾄﾞ",
    "ガイド",
    "Rust",
    "RUST",
    "tokio",
    "Async",
    "猫",
    "カフェ",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }

    fn words(&mut self, most: usize, separator: &str) -> String {
        (0..1 + self.below(most))
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// Writes `count` posts under `root`; post `n` also carries the word `only{n}x` in its body.
fn write_posts(root: &Path, count: usize) {
    let mut rng = Rng(15);
    for n in 0..count {
        let title = rng.words(3, " ");
        let tags: Vec<String> = (0..rng.below(3))
            .map(|_| format!("\"{}\"", rng.words(1, "")))
            .collect();
        let body = format!("{}\n\nonly{n}x {}\n", rng.words(30, ""), rng.words(10, " "));
        let text = format!(
            "---\ntitle: \"{title}\"\ntags: [{}]\n---\n{body}",
            tags.join(", ")
        );
        std::fs::write(root.join(format!("post-{n:03}.md")), text).unwrap();
    }
}

struct Site {
    root: tempfile::TempDir,
    _cache: tempfile::TempDir,
    /// Loaded with the bodies left on disk.
    on_demand: Library,
}

fn site(count: usize) -> Site {
    let root = tempfile::tempdir().unwrap();
    write_posts(root.path(), count);
    let cache = tempfile::tempdir().unwrap();
    let index = IndexCache::in_dir(cache.path()).with_settle(Duration::ZERO);
    let (on_demand, _) = load_indexed(
        root.path(),
        &LoadOptions::default(),
        &index,
        Bodies::OnDemand,
    );
    assert_eq!(on_demand.posts.len(), count);
    assert!(
        on_demand.posts.iter().all(|p| !p.body_is_read()),
        "every body is left on disk"
    );
    Site {
        root,
        _cache: cache,
        on_demand,
    }
}

/// The oracle: what today's search matched, over the posts as they are on disk now (path
/// order, as the load gives them), by index into `posts`.
fn oracle(root: &Path, posts: &[Post], query: &str) -> Vec<usize> {
    let query = Query::new(query);
    let now = crate::loader::load(root);
    posts
        .iter()
        .enumerate()
        .filter(|(_, listed)| {
            now.posts.iter().any(|p| {
                let labels: Vec<&str> = p.labels().collect();
                p.path == listed.path
                    && query.matches_folded(&fold(&format!(
                        "{}\n{}\n{}",
                        p.title,
                        labels.join(" "),
                        p.body
                    )))
            })
        })
        .map(|(i, _)| i)
        .collect()
}

const DEADLINE: Duration = Duration::from_secs(30);

/// Every batch of search `generation` up to its last, with the batches of other
/// generations seen on the way.
fn collect(received: &Receiver<Found>, generation: u64) -> (Vec<usize>, Vec<Found>) {
    let until = Instant::now() + DEADLINE;
    let (mut found, mut others) = (Vec::new(), Vec::new());
    loop {
        let left = until.saturating_duration_since(Instant::now());
        let batch = received
            .recv_timeout(left)
            .expect("the search finishes before the deadline");
        if batch.generation != generation {
            others.push(batch);
            continue;
        }
        found.extend(&batch.posts);
        if batch.done {
            return (found, others);
        }
    }
}

fn worker() -> (SearchWorker, Receiver<Found>) {
    let (send, received) = mpsc::channel();
    let worker = SearchWorker::start(move |found| {
        let _ = send.send(found);
    });
    (worker, received)
}

fn job(generation: u64, query: &str, corpus: &Arc<Corpus>, order: Vec<usize>) -> Job {
    Job {
        generation,
        query: Query::new(query),
        corpus: Arc::clone(corpus),
        order,
    }
}

const QUERIES: [&str; 11] = [
    "京",
    "都",
    "京都",
    "の",
    "ai",
    "ＡＩ",
    "ガイド",
    "ｶﾞｲﾄﾞ",
    "rust async",
    "only7x",
    "nowhere",
];

#[test]
fn the_worker_finds_what_the_oracle_finds_reading_bodies_from_disk() {
    let site = site(120);
    let posts = &site.on_demand.posts;
    let corpus = Arc::new(Corpus::of(posts, LoadOptions::default().max_post_bytes));
    let (worker, received) = worker();
    for (generation, query) in (1..).zip(QUERIES) {
        worker.search(job(generation, query, &corpus, (0..posts.len()).collect()));
        let (found, _) = collect(&received, generation);
        let expected = oracle(site.root.path(), posts, query);
        assert_eq!(
            found, expected,
            "{query:?}: in the order scanned, each once"
        );
        if query != "nowhere" {
            assert!(
                !expected.is_empty(),
                "{query:?} should match something here"
            );
        }
    }
    // Some, not all: the one- and two-character queries really discriminate.
    assert!(oracle(site.root.path(), posts, "京都").len() < posts.len());
}

#[test]
fn matches_come_back_in_the_order_given() {
    let site = site(60);
    let posts = &site.on_demand.posts;
    let corpus = Arc::new(Corpus::of(posts, LoadOptions::default().max_post_bytes));
    let (worker, received) = worker();
    let backwards: Vec<usize> = (0..posts.len()).rev().collect();
    worker.search(job(1, "の", &corpus, backwards));
    let (found, _) = collect(&received, 1);
    let mut expected = oracle(site.root.path(), posts, "の");
    expected.reverse();
    assert_eq!(found, expected);
}

#[test]
fn a_newer_query_stops_the_older_and_gets_only_its_own_matches() {
    let site = site(200);
    let posts = &site.on_demand.posts;
    let corpus = Arc::new(Corpus::of(posts, LoadOptions::default().max_post_bytes));
    let (worker, received) = worker();
    let all: Vec<usize> = (0..posts.len()).collect();
    // Each replaces the one before while it runs; only the last is worth anything.
    worker.search(job(1, "の", &corpus, all.clone()));
    worker.search(job(2, "rust", &corpus, all.clone()));
    worker.search(job(3, "only42x", &corpus, all));
    let (found, others) = collect(&received, 3);
    assert_eq!(found, [42], "only the newest query's matches");
    // Older batches, if any got out before the newer query, came before its first batch
    // (`collect` stops at the newest's last) and name their own generation.
    assert!(others.iter().all(|f| f.generation < 3));
    assert!(
        received.try_recv().is_err(),
        "nothing after the newest search's end"
    );
}

#[test]
fn a_cancelled_scan_stops_at_the_next_post_and_hands_over_nothing_more() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let posts: Vec<Post> = (0..500)
        .map(|n| Post::for_test(&format!("p{n}.md"), "京都", "京都の散歩"))
        .collect();
    let corpus = Corpus::of(&posts, u64::MAX);
    let asked = AtomicUsize::new(0);
    // Cancelled from the fifth post on.
    let cancelled = || asked.fetch_add(1, Ordering::SeqCst) >= 4;
    let mut batches = 0;
    let order: Vec<usize> = (0..posts.len()).collect();
    let finished = crate::ui::search_corpus::scan(
        &corpus,
        &Query::new("京都"),
        &order,
        &cancelled,
        &mut |_| batches += 1,
    );
    assert!(!finished);
    assert_eq!(
        batches, 0,
        "the first chunk was cut short: none of it is handed over"
    );
    // Asked before each post of the first chunk (16) and once after it: never more.
    assert!(asked.load(Ordering::SeqCst) <= 17, "{asked:?}");
}

#[test]
fn a_file_changed_on_disk_is_searched_as_it_is_now() {
    let site = site(40);
    let posts = &site.on_demand.posts;
    let corpus = Arc::new(Corpus::of(posts, LoadOptions::default().max_post_bytes));
    let changed = &posts[5].path;
    // Another title and body, and another length, so the file is no longer the one loaded.
    std::fs::write(
        changed,
        "---\ntitle: \"Zebra crossing\"\n---\nA body that names 新しい言葉 now.\n",
    )
    .unwrap();
    let (worker, received) = worker();
    for (generation, query) in [
        (1, "zebra"),
        (2, "新しい言葉"),
        (3, "only5x"),
        (4, "only6x"),
    ] {
        worker.search(job(generation, query, &corpus, (0..posts.len()).collect()));
        let (found, _) = collect(&received, generation);
        assert_eq!(found, oracle(site.root.path(), posts, query), "{query:?}");
    }
}

#[test]
fn a_deleted_file_is_skipped() {
    let site = site(40);
    let posts = &site.on_demand.posts;
    let corpus = Arc::new(Corpus::of(posts, LoadOptions::default().max_post_bytes));
    std::fs::remove_file(&posts[9].path).unwrap();
    std::fs::write(&posts[10].path, [0xff, 0xfe, 0x00, 0x01, 0x80]).unwrap();
    let (worker, received) = worker();
    worker.search(job(1, "only9x", &corpus, (0..posts.len()).collect()));
    assert_eq!(collect(&received, 1).0, Vec::<usize>::new());
    worker.search(job(2, "only", &corpus, (0..posts.len()).collect()));
    let (found, _) = collect(&received, 2);
    let expected: Vec<usize> = (0..posts.len()).filter(|&i| i != 9 && i != 10).collect();
    assert_eq!(
        found, expected,
        "the rest are all found, the gone and the binary skipped"
    );
}
