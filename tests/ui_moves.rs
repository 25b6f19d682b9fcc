//! Moving between posts from the reader, driven with actions: `J`/`K` follow the list's
//! order and filter, and a page-down at the end of a post first offers the next unread post,
//! then opens it (newsboat's Space).

mod ui_support;

use kiji::ui::geometry::Focus;
use kiji::ui::{Action, App, update};
use ui_support::*;

/// One pane at a time, so the reader is only open when asked for.
fn narrow() -> App {
    app(library(), 60, 20)
}

const ERRORS: &str = "Readable error messages in Rust";
const KYOTO: &str = "夏の京都、早朝の散歩";
const ITERATORS: &str = "Iterator habits that stuck";
const TOOLBOX: &str = "A small terminal toolbox for writing on the command line every day";

fn is_read(app: &App, title: &str) -> bool {
    let index = app.posts().iter().position(|p| p.title == title).unwrap();
    app.post_state(index).read
}

#[test]
fn shift_j_and_shift_k_open_the_next_and_previous_post_in_list_order() {
    let mut app = narrow();
    update(&mut app, Action::Open);
    assert_eq!(reader_title(&app).as_deref(), Some(ERRORS));
    update(&mut app, Action::NextPost);
    assert_eq!(reader_title(&app).as_deref(), Some(KYOTO));
    assert_eq!(
        app.focus(),
        Focus::Reader,
        "still reading, not back in the list"
    );
    assert_eq!(
        selected_title(&app).as_deref(),
        Some(KYOTO),
        "the list follows"
    );
    assert!(is_read(&app, KYOTO));
    update(&mut app, Action::NextPost);
    assert_eq!(reader_title(&app).as_deref(), Some(ITERATORS));
    update(&mut app, Action::PrevPost);
    update(&mut app, Action::PrevPost);
    assert_eq!(reader_title(&app).as_deref(), Some(ERRORS));
    update(&mut app, Action::PrevPost);
    assert_eq!(
        reader_title(&app).as_deref(),
        Some(ERRORS),
        "nothing before the first"
    );
    assert!(app.message().unwrap().contains("first in the list"));
}

#[test]
fn shift_j_from_the_list_opens_the_post_after_the_selection() {
    let mut app = narrow();
    update(&mut app, Action::Down);
    update(&mut app, Action::NextPost);
    assert_eq!(reader_title(&app).as_deref(), Some(ITERATORS));
    assert_eq!(app.focus(), Focus::Reader);
}

#[test]
fn page_down_at_the_end_offers_the_next_unread_post_then_opens_it() {
    let mut app = narrow();
    apply(&mut app, &[Action::Open, Action::Bottom]);
    let bottom = app.reader().unwrap().scroll();
    update(&mut app, Action::PageDown);
    assert_eq!(
        app.message(),
        Some(format!("end — Space for next unread: {KYOTO}").as_str())
    );
    assert_eq!(reader_title(&app).as_deref(), Some(ERRORS), "only offered");
    assert_eq!(app.reader().unwrap().scroll(), bottom);
    update(&mut app, Action::PageDown);
    assert_eq!(reader_title(&app).as_deref(), Some(KYOTO));
    assert_eq!(app.focus(), Focus::Reader);
    assert!(is_read(&app, KYOTO));
}

#[test]
fn page_down_before_the_end_only_scrolls() {
    let mut app = narrow();
    apply(
        &mut app,
        &[Action::Open, Action::PageDown, Action::PageDown],
    );
    assert_eq!(reader_title(&app).as_deref(), Some(ERRORS));
    assert!(app.reader().unwrap().scroll() > 0);
    assert_eq!(app.message(), None);
}

#[test]
fn another_key_withdraws_the_offer_of_the_next_unread_post() {
    let mut app = narrow();
    apply(&mut app, &[Action::Open, Action::Bottom, Action::PageDown]);
    assert!(app.message().unwrap().contains("next unread"));
    apply(&mut app, &[Action::Up, Action::Bottom, Action::PageDown]);
    assert_eq!(
        reader_title(&app).as_deref(),
        Some(ERRORS),
        "offered again, not opened"
    );
    assert!(app.message().unwrap().contains("next unread"));
}

#[test]
fn the_next_unread_post_skips_read_ones_and_goes_round_the_list() {
    let mut app = narrow();
    // Read the Kyoto and iterator posts, then finish the toolbox post near the end.
    apply(
        &mut app,
        &[
            Action::Down,
            Action::Open,
            Action::NextPost,
            Action::NextPost,
        ],
    );
    assert_eq!(reader_title(&app).as_deref(), Some(TOOLBOX));
    apply(&mut app, &[Action::Bottom, Action::PageDown]);
    // After the toolbox comes the draft, still unread.
    assert!(app.message().unwrap().ends_with("Ideas for next month"));
    apply(
        &mut app,
        &[Action::PageDown, Action::Bottom, Action::PageDown],
    );
    // Past the end of the list, round to the first post, never opened.
    assert!(
        app.message().unwrap().ends_with(ERRORS),
        "{:?}",
        app.message()
    );
    apply(
        &mut app,
        &[Action::PageDown, Action::Bottom, Action::PageDown],
    );
    assert_eq!(reader_title(&app).as_deref(), Some(ERRORS));
    assert_eq!(app.message(), Some("end — no unread post left in the list"));
}
#[test]
fn shift_j_keeps_to_the_tag_filter_and_stops_at_the_last_post() {
    let mut app = narrow();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "iterators");
    update(&mut app, Action::Open);
    assert_eq!(titles(&app), [ITERATORS]);
    update(&mut app, Action::Open);
    assert_eq!(reader_title(&app).as_deref(), Some(ITERATORS));
    update(&mut app, Action::NextPost);
    assert_eq!(
        reader_title(&app).as_deref(),
        Some(ITERATORS),
        "the only one listed"
    );
    assert!(app.message().unwrap().contains("last in the list"));
}
