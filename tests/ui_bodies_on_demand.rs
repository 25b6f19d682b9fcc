//! A library loaded from a folder holds no bodies: the reader reads a post's body from its
//! file when it shows it, lets it go again once other posts have been shown, and reads a
//! file changed (or gone) since the library was loaded as a change on disk.

mod ui_support;

use std::fs;
use std::path::Path;
use std::time::Duration;

use kiji::loader::LoadOptions;
use kiji::loader::cache::{Bodies, IndexCache, load_indexed};
use kiji::model::Library;
use kiji::ui::{Action, App, update};
use ui_support::*;

const POSTS: usize = 14;

fn body_text(i: usize) -> String {
    format!("本文その{i}。Body of post {i}, read from its file.\n")
}

/// `POSTS` posts, newest first in the list: post `i` is dated day `i + 1`.
fn folder() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    for i in 0..POSTS {
        let text = format!(
            "---\ntitle: \"Post {i}\"\ndate: 2024-01-{:02}\n---\n{}",
            i + 1,
            body_text(i)
        );
        fs::write(root.path().join(format!("p{i:02}.md")), text).unwrap();
    }
    root
}

fn load(root: &Path, cache: &Path) -> Library {
    let cache = IndexCache::in_dir(cache).with_settle(Duration::ZERO);
    let (library, _) = load_indexed(root, &LoadOptions::default(), &cache, Bodies::OnDemand);
    library
}

fn index_of(app: &App, title: &str) -> usize {
    app.posts().iter().position(|p| p.title == title).unwrap()
}

/// Opens the post titled `title` from the list and comes back to the list.
fn read(app: &mut App, title: &str) -> String {
    update(app, Action::Top);
    while selected_title(app).as_deref() != Some(title) {
        let before = app.selected();
        update(app, Action::Down);
        assert_ne!(app.selected(), before, "{title} is not listed");
    }
    update(app, Action::Open);
    let shown = screen_text(&draw(app));
    update(app, Action::Back);
    shown
}

#[test]
fn each_post_is_read_when_shown_and_let_go_after_others() {
    let (root, cache) = (folder(), tempfile::tempdir().unwrap());
    for warm in [false, true] {
        let library = load(root.path(), cache.path());
        assert!(
            library
                .posts
                .iter()
                .all(|p| p.body.is_empty() && p.body_file.is_some()),
            "warm: {warm}"
        );
        let mut app = app(library, 100, 30);
        for i in 0..POSTS {
            let shown = read(&mut app, &format!("Post {i}"));
            assert!(shown.contains(&format!("Body of post {i}")), "{shown}");
            let post = &app.posts()[index_of(&app, &format!("Post {i}"))];
            assert_eq!(post.body, body_text(i));
        }
        // The last few shown keep their bodies; the first ones were let go.
        let first = &app.posts()[index_of(&app, "Post 0")];
        assert_eq!((first.body.as_str(), first.body_file.is_some()), ("", true));
        let last = &app.posts()[index_of(&app, &format!("Post {}", POSTS - 1))];
        assert_eq!(last.body, body_text(POSTS - 1));
        let held = app.posts().iter().filter(|p| !p.body.is_empty()).count();
        assert!((2..POSTS).contains(&held), "{held} bodies held");
        // Read again after being let go.
        assert!(read(&mut app, "Post 0").contains("Body of post 0"));
    }
}

#[test]
fn a_file_changed_or_deleted_since_the_load_is_shown_as_it_is_now() {
    let (root, cache) = (folder(), tempfile::tempdir().unwrap());
    let library = load(root.path(), cache.path());
    let mut app = app(library, 100, 30);
    fs::write(
        root.path().join("p03.md"),
        "---\ntitle: \"Post 3, rewritten\"\ndate: 2024-01-04\n---\nA new body.\n",
    )
    .unwrap();
    fs::remove_file(root.path().join("p05.md")).unwrap();

    // Side by side, selecting it previews it: it is read again there, under its new title.
    let shown = read(&mut app, "Post 3, rewritten");
    assert!(shown.contains("A new body."), "{shown}");
    assert!(!shown.contains("Body of post 3"), "{shown}");
    assert!(titles(&app).contains(&"Post 3, rewritten".to_string()));

    // Selecting it (which previews it) finds it gone: it leaves the list.
    update(&mut app, Action::Top);
    for _ in 0..POSTS {
        update(&mut app, Action::Down);
    }
    let shown = screen_text(&draw(&app));
    assert!(!shown.contains("Body of post 5"), "{shown}");
    assert!(
        !titles(&app).contains(&"Post 5".to_string()),
        "{:?}",
        titles(&app)
    );
    assert_eq!(titles(&app).len(), POSTS - 1);
}

#[test]
fn opening_a_post_deleted_since_the_load_in_one_pane_leaves_the_list_whole() {
    let (root, cache) = (folder(), tempfile::tempdir().unwrap());
    let library = load(root.path(), cache.path());
    // Narrow: one pane, so nothing is previewed before Enter.
    let mut app = app(library, 40, 20);
    fs::remove_file(root.path().join("p13.md")).unwrap();
    update(&mut app, Action::Top);
    assert_eq!(selected_title(&app).as_deref(), Some("Post 13"));
    update(&mut app, Action::Open);
    let shown = screen_text(&draw(&app));
    assert!(!shown.contains("Body of post 13"), "{shown}");
    assert_eq!(titles(&app).len(), POSTS - 1);
    // The next post opens as usual.
    update(&mut app, Action::Back);
    update(&mut app, Action::Top);
    update(&mut app, Action::Open);
    assert!(screen_text(&draw(&app)).contains("Body of post 12"));
}

#[test]
fn a_start_from_the_index_alone_is_brought_up_to_date_by_the_check() {
    let (root, cache_dir) = (folder(), tempfile::tempdir().unwrap());
    load(root.path(), cache_dir.path());
    let cache = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::ZERO);
    let options = LoadOptions::default();
    // Changes made while kiji was not running.
    fs::write(
        root.path().join("p02.md"),
        "---\ntitle: \"Post 2, renamed\"\ndate: 2024-01-03\n---\nAnother body.\n",
    )
    .unwrap();
    fs::write(
        root.path().join("p99.md"),
        "---\ntitle: \"Added\"\n---\nNew.\n",
    )
    .unwrap();
    fs::remove_file(root.path().join("p07.md")).unwrap();

    let (library, shown) =
        kiji::loader::cache::load_from_index(root.path(), &options, &cache).unwrap();
    let mut app = app(library, 100, 30)
        .with_root(root.path().to_path_buf())
        .with_index_check(cache.clone(), Some(shown));
    // What the index said: shown at once.
    let before = titles(&app);
    assert!(before.contains(&"Post 2".to_string()) && before.contains(&"Post 7".to_string()));
    let (cache, shown) = app.take_index_check().unwrap();
    assert!(app.take_index_check().is_none(), "asked once");
    let check = kiji::loader::cache::check_index(root.path(), &options, &cache, &shown);
    app.apply_check(check);
    let after = titles(&app);
    assert!(after.contains(&"Post 2, renamed".to_string()), "{after:?}");
    assert!(after.contains(&"Added".to_string()), "{after:?}");
    assert!(!after.contains(&"Post 7".to_string()) && !after.contains(&"Post 2".to_string()));
    assert_eq!(after.len(), POSTS);
    assert!(read(&mut app, "Post 2, renamed").contains("Another body."));
    assert!(read(&mut app, "Post 8").contains("Body of post 8"));
}

#[test]
fn the_check_brings_the_problems_the_index_alone_cannot_tell() {
    let (root, cache_dir) = (folder(), tempfile::tempdir().unwrap());
    // A site whose configuration does not parse: a problem of the site, not of a post.
    fs::write(root.path().join("_config.yml"), "title: [unclosed\n").unwrap();
    let cache = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::ZERO);
    let options = LoadOptions::default();
    let (loaded, _) = load_indexed(root.path(), &options, &cache, Bodies::OnDemand);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.path.ends_with("_config.yml")),
        "{:?}",
        loaded.diagnostics
    );
    let (library, shown) =
        kiji::loader::cache::load_from_index(root.path(), &options, &cache).unwrap();
    assert!(library.diagnostics.is_empty(), "{:?}", library.diagnostics);
    let mut app = app(library, 100, 30)
        .with_root(root.path().to_path_buf())
        .with_index_check(cache, Some(shown));
    let (cache, shown) = app.take_index_check().unwrap();
    let check = kiji::loader::cache::check_index(root.path(), &options, &cache, &shown);
    assert!(check.changed.is_empty() && check.gone.is_empty());
    app.apply_check(check);
    assert_eq!(app.library().diagnostics, loaded.diagnostics);
}
