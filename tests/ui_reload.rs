//! Posts changing on disk under a running reader, driven with no terminal: the library is
//! updated from [`Reread`]s as the watcher, `R` and the editor deliver them, and what the
//! user was doing (selection, sort, filters, search, the place in the open post) stays.

mod ui_support;

use kiji::loader::Reread;
use kiji::model::SortKey;
use kiji::ui::app::ReloadCause;
use kiji::ui::geometry::Focus;
use kiji::ui::{Action, App, update};
use ui_support::*;

const ITERATORS: &str = "Iterator habits that stuck";
const ITERATORS_PATH: &str = "posts/2024-05-01-iterators.md";

fn selected_is(app: &App, title: &str) -> bool {
    selected_title(app).as_deref() == Some(title)
}

fn listed(app: &App) -> Vec<String> {
    app.view()
        .iter()
        .map(|&i| app.posts()[i].title.clone())
        .collect()
}

fn top_row(app: &App) -> String {
    let reader = app.reader().unwrap();
    reader.document().rows[reader.scroll()].text()
}

fn tag(app: &mut App, label: &str) {
    update(app, Action::TagPicker);
    for c in label.chars() {
        update(app, Action::Insert(c));
    }
    update(app, Action::Open);
    update(app, Action::Back);
}

#[test]
fn posts_added_changed_and_removed_keep_the_selection_sort_and_tag_filter() {
    let mut app = app(library(), 120, 40);
    update(&mut app, Action::CycleSort);
    assert_eq!(app.sort(), SortKey::Title);
    tag(&mut app, "rust");
    let before = listed(&app);
    assert_eq!(
        before,
        [
            "A small terminal toolbox for writing on the command line every day",
            ITERATORS,
            "Readable error messages in Rust"
        ]
    );
    select(&mut app, ITERATORS);

    let added = post(
        "posts/2025-01-01-borrowing.md",
        "Borrowing, explained",
        Some("2025-01-01"),
        &["rust"],
        "New.\n",
    );
    let untagged = post("posts/2025-02-02-tea.md", "Tea", None, &["life"], "Tea.\n");
    let renamed = post(
        "posts/2024-12-24-rust-errors.md",
        "Error messages, rewritten",
        Some("2024-12-24"),
        &["rust"],
        "Changed.\n",
    );
    app.apply_rereads(
        vec![
            Reread::Parsed(added),
            Reread::Parsed(untagged),
            Reread::Parsed(renamed),
            Reread::Gone("posts/2023-11-20-terminal.md".into()),
        ],
        ReloadCause::Watch,
    );

    assert_eq!(
        listed(&app),
        [
            "Borrowing, explained",
            "Error messages, rewritten",
            ITERATORS
        ],
        "still sorted by title, still only posts tagged rust"
    );
    assert!(
        selected_is(&app, ITERATORS),
        "the selection stays on its post"
    );
    assert_eq!(app.sort(), SortKey::Title);
    assert_eq!(app.tag_filter(), ["rust"]);
    assert_eq!(app.posts().len(), 6);
    let message = app.message().unwrap_or_default();
    assert!(message.contains("added 2 posts"), "{message}");
    assert!(
        message.contains("removed 2023-11-20-terminal.md"),
        "{message}"
    );
}

#[test]
fn a_search_still_narrows_the_list_after_a_reload() {
    let mut app = app(library(), 120, 40);
    update(&mut app, Action::Search);
    for c in "tokio".chars() {
        update(&mut app, Action::Insert(c));
    }
    update(&mut app, Action::Open);
    let before = listed(&app);
    assert_eq!(before.len(), 2, "{before:?}");
    select(&mut app, "Ideas for next month");
    app.apply_rereads(
        vec![
            Reread::Parsed(post(
                "posts/tokio.md",
                "Tokio notes",
                None,
                &[],
                "About tokio.\n",
            )),
            Reread::Parsed(post("posts/other.md", "Other", None, &[], "Nothing.\n")),
        ],
        ReloadCause::Watch,
    );
    let after = listed(&app);
    assert!(after.contains(&"Tokio notes".to_owned()), "{after:?}");
    assert!(!after.contains(&"Other".to_owned()), "{after:?}");
    assert_eq!(after.len(), 3);
    assert_eq!(app.search_text(), "tokio");
    assert!(selected_is(&app, "Ideas for next month"));
}

/// The iterators post, open, scrolled so that "Paragraph 20" is the top row.
fn reading_paragraph_20() -> App {
    let mut app = app(library(), 120, 40);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    assert_eq!(app.focus(), Focus::Reader);
    while !top_row(&app).starts_with("Paragraph 20 ") {
        let before = app.reader().unwrap().scroll();
        update(&mut app, Action::Down);
        assert_ne!(app.reader().unwrap().scroll(), before);
    }
    app
}

#[test]
fn the_open_post_keeps_its_place_when_text_is_added_above() {
    let mut app = reading_paragraph_20();
    let body = format!(
        "A new introduction, long enough to take rows of its own.\n\n{}{}",
        paragraphs("prologue", 5),
        paragraphs("iterators", 40)
    );
    let changed = post(
        ITERATORS_PATH,
        ITERATORS,
        Some("2024-05-01"),
        &["rust", "iterators"],
        &body,
    );
    app.apply_rereads(vec![Reread::Parsed(changed)], ReloadCause::Edited);
    assert!(top_row(&app).starts_with("Paragraph 20 about iterators"));
    assert!(
        app.reader()
            .unwrap()
            .document()
            .rows
            .iter()
            .any(|r| r.text().contains("new introduction"))
    );
    assert_eq!(app.focus(), Focus::Reader);
    assert_eq!(app.message(), Some("reloaded 2024-05-01-iterators.md"));
}

#[test]
fn a_half_written_file_keeps_the_last_version_that_parsed() {
    let mut app = reading_paragraph_20();
    let rows = app.reader().unwrap().document().rows.len();
    app.apply_rereads(
        vec![Reread::Unfinished {
            path: ITERATORS_PATH.into(),
            post: Some(post(ITERATORS_PATH, "x", None, &[], "")),
            reason: "the file is empty".into(),
        }],
        ReloadCause::Watch,
    );
    assert!(top_row(&app).starts_with("Paragraph 20 "));
    assert_eq!(app.reader().unwrap().document().rows.len(), rows);
    assert!(listed(&app).contains(&ITERATORS.to_owned()));
    let message = app.message().unwrap_or_default();
    assert!(message.contains("the file is empty"), "{message}");
    assert!(message.contains("last version that parsed"), "{message}");
}

#[test]
fn a_post_deleted_while_open_says_so_and_keeps_what_was_shown() {
    let mut app = reading_paragraph_20();
    app.apply_rereads(
        vec![Reread::Gone(ITERATORS_PATH.into())],
        ReloadCause::Watch,
    );
    assert!(top_row(&app).starts_with("Paragraph 20 "));
    let message = app.message().unwrap_or_default();
    assert!(message.contains("deleted on disk"), "{message}");
    // Once the reader has left it, the next change on disk takes it out of the list.
    update(&mut app, Action::Back);
    select(&mut app, "Ideas for next month");
    update(&mut app, Action::Open);
    app.apply_rereads(vec![], ReloadCause::Watch);
    assert!(!listed(&app).contains(&ITERATORS.to_owned()));
    assert_eq!(
        app.reader().map(|r| app.posts()[r.post()].title.as_str()),
        Some("Ideas for next month")
    );
}

#[test]
fn reading_the_same_text_again_changes_nothing() {
    let mut app = reading_paragraph_20();
    let same = app.posts()[app.reader().unwrap().post()].clone();
    let scroll = app.reader().unwrap().scroll();
    app.apply_rereads(vec![Reread::Parsed(same)], ReloadCause::Rescan);
    assert_eq!(app.reader().unwrap().scroll(), scroll);
    assert_eq!(
        app.message(),
        Some("read every post again: nothing changed")
    );
}

#[test]
fn a_post_only_previewed_beside_the_list_goes_when_its_file_is_deleted() {
    let mut app = app(library(), 120, 40);
    select(&mut app, ITERATORS);
    assert_eq!(app.focus(), Focus::List);
    assert!(app.reader().is_some(), "previewed beside the list");
    app.apply_rereads(
        vec![Reread::Gone(ITERATORS_PATH.into())],
        ReloadCause::Watch,
    );
    assert!(!listed(&app).contains(&ITERATORS.to_owned()));
    let previewed = app.reader().map(|r| app.posts()[r.post()].title.clone());
    assert_eq!(
        previewed,
        selected_title(&app),
        "the preview follows the selection"
    );
}

/// `kiji FILE` starts with one post and its neighbours arrive later, each with tags the first
/// post does not have: the tag picker's counts must follow, not index the old library's.
#[test]
fn neighbours_arriving_with_new_tags_are_counted_in_the_tag_picker() {
    let only = post("posts/one.md", "One", Some("2024-01-01"), &["a"], "One.\n");
    let library = kiji::model::Library {
        posts: vec![only],
        diagnostics: vec![],
    };
    let mut app = app(library, 100, 30);
    let neighbours: Vec<Reread> = (0..6)
        .map(|n| {
            let path = format!("posts/n{n}.md");
            Reread::Parsed(post(&path, &format!("N{n}"), None, &["b", "a"], "Text.\n"))
        })
        .collect();
    app.apply_rereads(neighbours, ReloadCause::Neighbours);
    assert_eq!(listed(&app).len(), 7);
    update(&mut app, Action::TagPicker);
    let labels: Vec<(String, usize)> = app
        .labels()
        .iter()
        .zip(app.counts_if_added())
        .map(|(l, &n)| (l.label.clone(), n))
        .collect();
    assert_eq!(labels, [("a".to_string(), 7), ("b".to_string(), 6)]);
}
