//! Searching 100,000 posts whose bodies stay on disk, through the App as the reader does:
//! the shared generator (`support/corpus.rs`) writes the site once into a temporary folder,
//! it is loaded with `Bodies::OnDemand` through an index cache, and each measurement types
//! the last key of a query and waits for the search worker's batches, handing them to the
//! App as the event loop does.
//!
//! - `keystroke`: what the key itself costs the input thread (the search only starts);
//! - `first_batch`: from the last key to the first batch of matches applied;
//! - complete (timed by hand, printed): from the last key to the search's end, every post
//!   looked at.
//!
//! A one-character CJK query, a two-character one and an English word found in no post (the
//! generated corpus has no rare words; this is the worst case: every body is read, and the
//! first batch is the end). About three minutes.

#[path = "support/corpus.rs"]
mod corpus;

use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use kiji::loader::LoadOptions;
use kiji::loader::cache::{Bodies, IndexCache, load_indexed};
use kiji::ui::app::SearchFound;
use kiji::ui::{Action, App, update};

const POSTS: usize = 100_000;

const QUERIES: [(&str, &str); 3] = [
    ("cjk_1_char", "雨"),
    ("cjk_2_chars", "端末"),
    ("english_absent", "zeppelin"),
];

/// Empties the search (which cancels a running one) and types all of `query` but its last
/// character, draining what the worker sent meanwhile.
fn prepare(app: &mut App, received: &Receiver<SearchFound>, query: &str) -> char {
    update(app, Action::ClearInput);
    while received.try_recv().is_ok() {}
    let mut chars: Vec<char> = query.chars().collect();
    let last = chars.pop().expect("a query");
    for c in chars {
        update(app, Action::Insert(c));
    }
    last
}

/// Applies batches until `done` says so.
fn wait(app: &mut App, received: &Receiver<SearchFound>, done: impl Fn(&App) -> bool) {
    while !done(app) {
        let batch = received
            .recv_timeout(Duration::from_secs(120))
            .expect("the worker answers");
        app.apply_found(batch);
    }
}

fn first_arrived(app: &App) -> bool {
    app.search_progress()
        .is_some_and(|p| p.found > 0 || !p.running)
}

fn ended(app: &App) -> bool {
    app.search_progress().is_some_and(|p| !p.running)
}

fn search(c: &mut Criterion) {
    let site = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let written = corpus::write(site.path(), &corpus::Spec::new(POSTS)).unwrap();
    eprintln!(
        "corpus: {POSTS} posts, {:.1} MB, written in {:.1?}",
        written.bytes as f64 / 1e6,
        started.elapsed()
    );
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::ZERO);
    let options = LoadOptions::default();
    let started = Instant::now();
    let (library, _) = load_indexed(site.path(), &options, &cache, Bodies::OnDemand);
    eprintln!("loaded in {:.1?}", started.elapsed());
    assert_eq!(library.posts.len(), POSTS);
    assert!(library.posts.iter().all(|p| !p.body_is_read()));

    let (send, received) = mpsc::channel();
    let mut app = App::new(library).search_in_background(move |found| {
        let _ = send.send(found);
    });
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    update(&mut app, Action::Search);
    // The first search after a load makes the posts ready to search (titles and labels
    // folded): once per version of the library, on the input thread.
    let started = Instant::now();
    update(&mut app, Action::Insert('x'));
    eprintln!("first key after the load: {:.1?}", started.elapsed());
    for (name, query) in QUERIES {
        let last = prepare(&mut app, &received, query);
        update(&mut app, Action::Insert(last));
        wait(&mut app, &received, ended);
        eprintln!(
            "{name} ({query}): {} posts match",
            app.search_progress().unwrap().found
        );
    }

    let mut group = c.benchmark_group("search_100k");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(1));
    for (name, query) in QUERIES {
        group.bench_function(format!("keystroke/{name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let last = prepare(&mut app, &received, query);
                    let at = Instant::now();
                    update(&mut app, Action::Insert(last));
                    total += at.elapsed();
                }
                total
            })
        });
        // For the word found nowhere the first batch is the end, timed below.
        if name == "english_absent" {
            continue;
        }
        group.bench_function(format!("first_batch/{name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let last = prepare(&mut app, &received, query);
                    let at = Instant::now();
                    update(&mut app, Action::Insert(last));
                    wait(&mut app, &received, first_arrived);
                    total += at.elapsed();
                }
                total
            })
        });
    }
    group.finish();

    // A whole scan reads every body (1.6 GB) and takes seconds: criterion's ten samples of
    // each would take most of ten minutes, so it is timed three times by hand.
    for (name, query) in QUERIES {
        let mut times: Vec<Duration> = (0..COMPLETE_RUNS)
            .map(|_| {
                let last = prepare(&mut app, &received, query);
                let at = Instant::now();
                update(&mut app, Action::Insert(last));
                wait(&mut app, &received, ended);
                at.elapsed()
            })
            .collect();
        times.sort();
        eprintln!(
            "search_100k/complete/{name}: median {:.2?} (min {:.2?}, max {:.2?}, {COMPLETE_RUNS} runs)",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
        );
    }
}

const COMPLETE_RUNS: usize = 3;

criterion_group!(benches, search);
criterion_main!(benches);
