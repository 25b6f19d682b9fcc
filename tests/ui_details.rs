//! `<details>` in the reader: folded to its summary, Enter on it opens it in place and Enter
//! again folds it; `--print` shows it open (tests/print_*).

mod ui_support;

use kiji::ui::{Action, App, update};
use ui_support::*;

fn details_app() -> App {
    let body = "Before the fold.\n\n<details>\n<summary>How it works</summary>\n\nThe hidden explanation, with *Markdown* in it.\n\n</details>\n\nAfter the fold.\n";
    reading("Details", body, 60, 16)
}

#[test]
fn enter_opens_a_folded_details_in_place_and_folds_it_again() {
    let mut app = details_app();
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("▸ How it works"), "{screen}");
    assert!(!screen.contains("hidden explanation"), "{screen}");
    assert!(screen.contains("After the fold."), "{screen}");

    update(&mut app, Action::Open);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("▾ How it works"), "{screen}");
    assert!(
        screen.contains("The hidden explanation, with Markdown in it."),
        "{screen}"
    );
    assert!(app.message().unwrap().contains("opened"));

    update(&mut app, Action::Open);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("▸ How it works"), "{screen}");
    assert!(!screen.contains("hidden explanation"), "{screen}");
}

#[test]
fn a_details_stays_open_across_a_resize() {
    let mut app = details_app();
    update(&mut app, Action::Open);
    update(
        &mut app,
        Action::Resize {
            width: 40,
            height: 16,
        },
    );
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("hidden explanation"), "{screen}");
}
