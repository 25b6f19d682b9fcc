//! Bursts of input cost what they must and no more: a pasted search query is kept to a
//! bounded length, so each key of a 50,000-character paste does bounded work; driven
//! through `update` with no terminal.

mod ui_support;

use kiji::ui::{Action, App, update};
use ui_support::*;

const CAP: usize = 1024;

fn app() -> App {
    let mut app = App::new(library());
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    app
}

#[test]
fn a_pasted_50000_character_query_is_cut_to_a_bounded_length() {
    let mut app = app();
    update(&mut app, Action::Search);
    for c in "ñ"
        .repeat(25_000)
        .chars()
        .chain("ab".repeat(12_500).chars())
    {
        update(&mut app, Action::Insert(c));
        // The invariant that bounds each key's work: the query never outgrows the cap.
        assert!(app.search_text().len() <= CAP);
    }
    let typed = app.search_text();
    assert!(typed.len() > CAP - 2, "the query is filled up to the cap");
    assert!(
        typed.chars().all(|c| c == 'ñ'),
        "the start is kept, whole characters"
    );
    assert!(
        app.message().is_some_and(|m| m.contains("1024")),
        "the user is told why the query stopped growing: {:?}",
        app.message()
    );
    assert!(app.view().is_empty(), "nothing matches so long a query");
    // Backspace and typing still work at the cap.
    update(&mut app, Action::ClearInput);
    assert_eq!(app.search_text(), "");
    assert!(!app.view().is_empty());
}
