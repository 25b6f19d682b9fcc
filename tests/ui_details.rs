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

#[test]
fn a_search_opens_the_details_that_hide_its_matches() {
    let body = "Before the fold.\n\n<details>\n<summary>First</summary>\n\nNothing to find here.\n\n</details>\n\n<details>\n<summary>Second</summary>\n\nThe 秘密 word is inside.\n\n</details>\n\nAfter.\n";
    let mut app = reading("Details", body, 60, 16);
    let screen = screen_text(&draw(&app));
    assert!(!screen.contains("秘密"), "{screen}");

    update(&mut app, Action::Search);
    type_text(&mut app, "秘密");
    update(&mut app, Action::Open);
    let screen = screen_text(&draw(&app));
    // The details that holds the match is open and the match shown; the other stays folded.
    assert!(screen.contains("▾ Second"), "{screen}");
    assert!(screen.contains("The 秘密 word is inside."), "{screen}");
    assert!(screen.contains("▸ First"), "{screen}");
    assert!(!screen.contains("Nothing to find"), "{screen}");
    assert_eq!(app.reader().and_then(|r| r.current_hit()), Some(1));
}

#[test]
fn a_post_opened_under_a_search_shows_matches_inside_its_details() {
    let body = "Intro.\n\n<details><summary>Notes</summary>The needle is here.</details>\n";
    let library = kiji::model::Library {
        posts: vec![post("posts/a.md", "A post", None, &[], body)],
        diagnostics: vec![],
    };
    let mut app = app(library, 60, 16);
    update(&mut app, Action::Search);
    type_text(&mut app, "needle");
    update(&mut app, Action::Open); // ends the search
    update(&mut app, Action::Open); // opens the post
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("▾ Notes"), "{screen}");
    assert!(screen.contains("The needle is here."), "{screen}");
}
