//! Searching a library whose bodies stay on disk, through the App: typing hands the query to
//! the search worker and returns at once; the matches arrive in batches, which the test
//! hands back to the App as the event loop does, and the list, the selection and the status
//! line follow. No sleeping: the batches are awaited with a deadline.

mod ui_support;

use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use kiji::loader::LoadOptions;
use kiji::loader::cache::{Bodies, IndexCache, load_indexed};
use kiji::loader::{Reread, reread};
use kiji::model::Library;
use kiji::ui::app::{ReloadCause, SearchFound};
use kiji::ui::search::{Query, fold};
use kiji::ui::{Action, App, update};
use ui_support::*;

const POSTS: usize = 400;

/// Post `n`: every third is about Kyoto, every fifth about Rust (in full-width letters in
/// the body), and each has a word of its own, `solo{n}`.
fn text(n: usize) -> String {
    let kyoto = if n.is_multiple_of(3) {
        "京都の朝、"
    } else {
        "大阪の夜、"
    };
    let rust = if n.is_multiple_of(5) {
        "ＲＵＳＴ and tokio"
    } else {
        "plain words"
    };
    format!(
        "---\ntitle: \"Post {n}\"\ndate: 2024-01-{:02}\ntags: [t{}]\n---\n{kyoto}{}\n\n{rust} solo{n}\n",
        1 + n % 28,
        n % 7,
        "散歩。".repeat(n % 40 + 1)
    )
}

struct Site {
    root: tempfile::TempDir,
    _cache: tempfile::TempDir,
    library: Library,
}

fn site() -> Site {
    let root = tempfile::tempdir().unwrap();
    for n in 0..POSTS {
        std::fs::write(root.path().join(format!("post-{n:03}.md")), text(n)).unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let index = IndexCache::in_dir(cache.path()).with_settle(Duration::ZERO);
    let (library, _) = load_indexed(
        root.path(),
        &LoadOptions::default(),
        &index,
        Bodies::OnDemand,
    );
    assert_eq!(library.posts.len(), POSTS);
    assert!(library.posts.iter().all(|p| !p.body_is_read()));
    Site {
        root,
        _cache: cache,
        library,
    }
}

fn searching_app(library: Library) -> (App, Receiver<SearchFound>) {
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
    (app, received)
}

/// Hands the worker's batches to the app until its search has looked at every post.
fn until_done(app: &mut App, received: &Receiver<SearchFound>) {
    let until = Instant::now() + Duration::from_secs(30);
    while app.search_progress().is_some_and(|p| p.running) {
        let left = until.saturating_duration_since(Instant::now());
        let batch = received
            .recv_timeout(left)
            .expect("the search ends before the deadline");
        app.apply_found(batch);
    }
}

/// The paths the oracle matches: every post as it is on disk, folded whole.
fn oracle(root: &Path, query: &str) -> Vec<String> {
    let query = Query::new(query);
    kiji::loader::load(root)
        .posts
        .iter()
        .filter(|p| {
            let labels: Vec<&str> = p.labels().collect();
            query.matches_folded(&fold(&format!(
                "{}\n{}\n{}",
                p.title,
                labels.join(" "),
                p.body
            )))
        })
        .map(|p| p.path.display().to_string())
        .collect()
}

fn listed_paths(app: &App) -> Vec<String> {
    app.view()
        .iter()
        .map(|&i| app.posts()[i].path.display().to_string())
        .collect()
}

/// The oracle's matches in the order the list showed every post.
fn in_list_order(everything: &[String], matches: &[String]) -> Vec<String> {
    everything
        .iter()
        .filter(|p| matches.contains(p))
        .cloned()
        .collect()
}

fn status_line(app: &App) -> String {
    screen_lines(&draw(app)).pop().unwrap()
}

#[test]
fn a_search_over_bodies_on_disk_arrives_in_batches_and_ends_as_the_oracle() {
    let site = site();
    let (mut app, received) = searching_app(site.library);
    let everything = listed_paths(&app);
    update(&mut app, Action::Search);
    type_text(&mut app, "京都");
    // The keys returned before the search ended: it is still running, and says so.
    assert_eq!(app.search_progress().map(|p| p.running), Some(true));
    assert!(
        status_line(&app).contains("searching… "),
        "{}",
        status_line(&app)
    );
    until_done(&mut app, &received);
    let expected = in_list_order(&everything, &oracle(site.root.path(), "京都"));
    assert_eq!(expected.len(), POSTS.div_ceil(3));
    assert_eq!(listed_paths(&app), expected);
    let status = status_line(&app);
    assert!(
        status.contains(&format!("{} of {POSTS} posts", expected.len())),
        "{status}"
    );

    // Full-width letters in the bodies, a one-character CJK query, and two terms.
    for query in ["rust", "京", "tokio 京都", "solo123"] {
        update(&mut app, Action::ClearInput);
        type_text(&mut app, query);
        until_done(&mut app, &received);
        let expected = in_list_order(&everything, &oracle(site.root.path(), query));
        assert!(!expected.is_empty(), "{query}");
        assert_eq!(listed_paths(&app), expected, "{query}");
    }
}

#[test]
fn the_selected_post_stays_selected_while_matches_arrive() {
    let site = site();
    let (mut app, received) = searching_app(site.library);
    // Far down the list, and about Kyoto.
    apply(&mut app, &[Action::Down; 200]);
    while !number(&selected_title(&app).unwrap()).is_multiple_of(3) {
        update(&mut app, Action::Down);
    }
    let selected = app.selected_post();
    update(&mut app, Action::Search);
    type_text(&mut app, "京都");
    let until = Instant::now() + Duration::from_secs(30);
    while app.search_progress().is_some_and(|p| p.running) {
        let batch = received
            .recv_timeout(until.saturating_duration_since(Instant::now()))
            .expect("the search ends before the deadline");
        app.apply_found(batch);
        assert_eq!(app.selected_post(), selected, "after every batch");
    }
    assert_eq!(app.selected_post(), selected);
}

fn number(title: &str) -> usize {
    title.trim_start_matches("Post ").parse().unwrap()
}

#[test]
fn a_batch_from_an_older_query_changes_nothing() {
    let site = site();
    let (mut app, received) = searching_app(site.library);
    update(&mut app, Action::Search);
    type_text(&mut app, "solo7");
    let first = loop {
        let batch = received
            .recv_timeout(Duration::from_secs(30))
            .expect("a first batch");
        if !batch.posts.is_empty() {
            break batch;
        }
    };
    // A new query: the older one's batches must not reach the list.
    update(&mut app, Action::ClearInput);
    type_text(&mut app, "solo12");
    until_done(&mut app, &received);
    let now = listed_paths(&app);
    app.apply_found(first.clone());
    assert_eq!(listed_paths(&app), now);
    app.apply_found(SearchFound {
        done: false,
        ..first
    });
    assert_eq!(listed_paths(&app), now);
    assert_eq!(
        now,
        in_list_order(&now, &oracle(site.root.path(), "solo12"))
    );
}

#[test]
fn a_change_to_the_library_during_a_search_starts_it_again_on_the_new_posts() {
    let site = site();
    let (mut app, received) = searching_app(site.library);
    update(&mut app, Action::Search);
    type_text(&mut app, "tokio");
    // A new post arrives (sorted in among the others, so indices move) and one is deleted,
    // before the first search has ended.
    let added = site.root.path().join("post-000-new.md");
    std::fs::write(
        &added,
        "---\ntitle: \"Newcomer\"\ndate: 2024-01-15\n---\ntokio again\n",
    )
    .unwrap();
    let deleted = site.root.path().join("post-005.md");
    std::fs::remove_file(&deleted).unwrap();
    let limit = app.max_post_bytes();
    app.apply_rereads(
        vec![reread(&added, limit), Reread::Gone(deleted.clone())],
        ReloadCause::Watch,
    );
    until_done(&mut app, &received);
    let listed = listed_paths(&app);
    assert!(listed.contains(&added.display().to_string()), "{listed:?}");
    assert!(!listed.contains(&deleted.display().to_string()));
    // Every listed post really matches: no match points at a post that moved.
    let expected = oracle(site.root.path(), "tokio");
    assert_eq!(listed.len(), expected.len());
    assert!(listed.iter().all(|p| expected.contains(p)), "{listed:?}");
}

/// Held posts: `count` of them, each about `bytes` long, the even ones about Kyoto.
fn held_library(count: usize, bytes: usize) -> Library {
    let posts = (0..count)
        .map(|n| {
            let topic = if n % 2 == 0 { "京都" } else { "大阪" };
            let body = format!("{topic}の話。{}", "散歩の記録。".repeat(bytes / 18));
            post(
                &format!("posts/{n}.md"),
                &format!("Post {n}"),
                None,
                &[],
                &body,
            )
        })
        .collect();
    Library {
        posts,
        diagnostics: vec![],
    }
}

#[test]
fn a_small_library_held_in_memory_is_searched_at_once_even_with_a_worker() {
    let (mut app, received) = searching_app(held_library(20, 1_000));
    update(&mut app, Action::Search);
    type_text(&mut app, "京都");
    // Done when the key returns: no batch to wait for, as before there was a worker.
    assert_eq!(app.search_progress().map(|p| p.running), Some(false));
    assert_eq!(app.view().len(), 10);
    assert!(received.try_recv().is_err());
}

#[test]
fn a_library_held_in_memory_over_4_mb_goes_to_the_worker() {
    let (mut app, received) = searching_app(held_library(10, 600_000));
    update(&mut app, Action::Search);
    type_text(&mut app, "京都");
    assert_eq!(app.search_progress().map(|p| p.running), Some(true));
    until_done(&mut app, &received);
    let listed: Vec<String> = app
        .view()
        .iter()
        .map(|&i| app.posts()[i].title.clone())
        .collect();
    let mut expected: Vec<String> = (0..10).step_by(2).map(|n| format!("Post {n}")).collect();
    expected.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "{listed:?}");
}

#[test]
fn a_query_that_only_grew_looks_only_among_the_last_complete_matches() {
    let site = site();
    let (mut app, received) = searching_app(site.library);
    update(&mut app, Action::Search);
    type_text(&mut app, "solo1");
    until_done(&mut app, &received);
    // post-002 now holds `solo12`, unknown to the app (the watcher would tell it). A scan
    // of every post would find it; narrowing from `solo1`'s matches does not look at it.
    let changed = site.root.path().join("post-002.md");
    std::fs::write(&changed, format!("{}\nsolo12 added\n", text(2))).unwrap();
    type_text(&mut app, "2");
    until_done(&mut app, &received);
    let listed = listed_paths(&app);
    let narrowed: Vec<String> = oracle(site.root.path(), "solo12")
        .into_iter()
        .filter(|p| p != &changed.display().to_string())
        .collect();
    assert_eq!(listed.len(), narrowed.len(), "{listed:?}");
    assert!(listed.iter().all(|p| narrowed.contains(p)));
    // Starting afresh looks at every post again.
    update(&mut app, Action::ClearInput);
    type_text(&mut app, "solo12");
    until_done(&mut app, &received);
    assert!(listed_paths(&app).contains(&changed.display().to_string()));
}
