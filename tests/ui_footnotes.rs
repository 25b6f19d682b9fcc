//! Footnotes in the reader, both ways: `]` selects a footnote's mark like a link, Enter goes
//! to its note at the end of the post and, from the note, back to where it is referred to;
//! Backspace retraces the way.

mod ui_support;

use kiji::ui::{Action, App, update};
use ui_support::*;

fn footnote_app() -> App {
    let body = format!(
        "A claim that needs a source[^src] and [a link](https://example.test).\n\n{}\n\n[^src]: The source, *cited* at the end.\n",
        paragraphs("between", 14)
    );
    reading("Notes", &body, 60, 12)
}

fn selected_text(app: &App) -> String {
    let reader = app.reader().unwrap();
    let place = reader.selected_link().expect("something is selected");
    let piece = &place.pieces[0];
    reader.document().rows[piece.row].text()[piece.bytes.clone()].to_string()
}

fn on_screen(app: &App, row: usize) -> bool {
    let scroll = app.reader().unwrap().scroll();
    (scroll..scroll + 12).contains(&row)
}

#[test]
fn enter_goes_from_a_footnote_to_its_note_and_back() {
    let mut app = footnote_app();
    update(&mut app, Action::NextLink);
    assert_eq!(selected_text(&app), "^1");
    assert!(
        app.message().unwrap().contains("footnote ^1"),
        "{:?}",
        app.message()
    );
    let reference_row = app.reader().unwrap().selected_link().unwrap().row();

    update(&mut app, Action::Open);
    let reader = app.reader().unwrap();
    let note = reader.selected_link().unwrap().clone();
    assert!(note.footnote.unwrap().is_note);
    let note_row = reader.document().rows[note.row()].text();
    assert!(
        note_row.starts_with("^1") && note_row.contains("The source, cited"),
        "{note_row}"
    );
    assert!(on_screen(&app, note.row()) && !on_screen(&app, reference_row));

    // From the note, Enter goes back to the reference.
    update(&mut app, Action::Open);
    let reader = app.reader().unwrap();
    assert_eq!(reader.selected_link().unwrap().row(), reference_row);
    assert!(on_screen(&app, reference_row));

    // Backspace retraces: to the note, then to the text.
    update(&mut app, Action::LinkBack);
    assert!(on_screen(&app, note.row()));
    update(&mut app, Action::LinkBack);
    assert!(on_screen(&app, reference_row) && !on_screen(&app, note.row()));
}

#[test]
fn the_next_link_after_a_footnote_is_the_web_link() {
    let mut app = footnote_app();
    update(&mut app, Action::NextLink);
    update(&mut app, Action::NextLink);
    assert_eq!(
        app.message(),
        Some("[1] → https://example.test (Enter opens it)")
    );
}
