//! Reopening kiji on a folder puts its list back as it was left: the sort, the filters, the
//! selection and the post that was open. Each "run" is an `App` on a state directory, quit
//! and saved as the event loop does.

mod ui_support;

use std::path::Path;

use kiji::model::SortKey;
use kiji::ui::geometry::Focus;
use kiji::ui::{Action, update};
use ui_support::*;

const FOLDER: &str = "posts";
const ITERATORS: &str = "Iterator habits that stuck";

/// Sorts by title, keeps the `rust` posts, selects the second and opens it.
fn leave_iterators_open(dir: &Path) {
    let mut app = run_remembering(library(), Path::new(FOLDER), dir);
    update(&mut app, Action::CycleSort);
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "rust");
    apply(
        &mut app,
        &[Action::Open, Action::Top, Action::Down, Action::Open],
    );
    assert_eq!(reader_title(&app).as_deref(), Some(ITERATORS));
    quit(app);
}

#[test]
fn reopening_a_folder_restores_sort_filter_selection_and_the_open_post() {
    let dir = tempfile::tempdir().unwrap();
    leave_iterators_open(dir.path());

    let app = run_remembering(library(), Path::new(FOLDER), dir.path());
    assert_eq!(app.sort(), SortKey::Title);
    assert_eq!(app.tag_filter(), ["rust"]);
    assert_eq!(
        titles(&app),
        [
            "A small terminal toolbox for writing on the command line every day",
            ITERATORS,
            "Readable error messages in Rust"
        ]
    );
    assert_eq!(selected_title(&app).as_deref(), Some(ITERATORS));
    assert_eq!(reader_title(&app).as_deref(), Some(ITERATORS));
    assert_eq!(
        app.focus(),
        Focus::Reader,
        "the post is open, not just selected"
    );
}

#[test]
fn a_list_left_in_the_list_reopens_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = run_remembering(library(), Path::new(FOLDER), dir.path());
    apply(&mut app, &[Action::Down, Action::Down, Action::UnreadOnly]);
    let selected = selected_title(&app);
    quit(app);

    let app = run_remembering(library(), Path::new(FOLDER), dir.path());
    assert_eq!(selected_title(&app), selected);
    assert!(app.unread_only());
    assert_eq!(app.focus(), Focus::List);
    assert!(app.reader().is_none());
}

#[test]
fn a_remembered_post_that_is_gone_restores_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    leave_iterators_open(dir.path());

    let mut without = library();
    without.posts.retain(|p| p.title != ITERATORS);
    let app = run_remembering(without, Path::new(FOLDER), dir.path());
    assert_eq!(app.sort(), SortKey::Title, "the rest is still restored");
    assert_eq!(app.tag_filter(), ["rust"]);
    assert_eq!(app.selected(), 0);
    assert_eq!(app.focus(), Focus::List);
    assert!(app.reader().is_none(), "nothing to reopen");
}

#[test]
fn a_remembered_tag_no_post_carries_is_dropped_rather_than_emptying_the_list() {
    let dir = tempfile::tempdir().unwrap();
    leave_iterators_open(dir.path());

    let mut untagged = library();
    for post in &mut untagged.posts {
        post.tags.retain(|t| !t.eq_ignore_ascii_case("rust"));
    }
    let app = run_remembering(untagged, Path::new(FOLDER), dir.path());
    assert!(app.tag_filter().is_empty());
    assert_eq!(titles(&app).len(), 5);
    assert_eq!(reader_title(&app).as_deref(), Some(ITERATORS));
}

#[test]
fn each_folder_keeps_its_own_list() {
    let dir = tempfile::tempdir().unwrap();
    leave_iterators_open(dir.path());

    let app = run_remembering(library(), Path::new("elsewhere"), dir.path());
    assert_eq!(app.sort(), SortKey::Date);
    assert!(app.tag_filter().is_empty());
    assert!(app.reader().is_none());
}
