//! The reader's code highlighted off the input thread: the first layout shows the code plain
//! and asks for it to be highlighted; once the worker's layout has highlighted it, the reader
//! shows the same rows in colour, in the same place, and does not ask again.

mod ui_support;

use kiji::layout::{Highlighting, Options, Role, layout_post};
use kiji::model::Library;
use kiji::ui::{Action, App, Outgoing, update};
use ui_support::*;

/// A post whose code no other test highlights (the highlighting is remembered process-wide).
fn code_post() -> kiji::model::Post {
    let mut body = paragraphs("background highlighting", 12);
    body.push_str("\n```rust\nfn background_marker_7f3a() -> &'static str {\n    \"a string\" // and a comment\n}\n```\n\n");
    body.push_str(&paragraphs("after the code", 6));
    post("posts/code.md", "Code", Some("2024-01-01"), &[], &body)
}

fn code_roles(app: &App) -> Vec<Role> {
    let doc = app.reader().expect("a post is open").document();
    doc.rows
        .iter()
        .flat_map(|r| &r.spans)
        .map(|s| s.role)
        .filter(|r| format!("{r:?}").starts_with("Code") && *r != Role::CodeBlock)
        .collect()
}

#[test]
fn code_is_shown_plain_then_highlighted_in_the_same_place() {
    let library = Library {
        posts: vec![code_post()],
        diagnostics: vec![],
    };
    let mut app = App::new(library).highlight_in_background();
    update(
        &mut app,
        Action::Resize {
            width: 60,
            height: 12,
        },
    );
    update(&mut app, Action::Open);
    apply(&mut app, &[Action::PageDown, Action::Down, Action::Down]);
    let scroll = app.reader().unwrap().scroll();
    let plain_rows: Vec<String> = row_texts(&app);
    assert!(app.reader().unwrap().document().highlight_pending);
    assert!(
        !code_roles(&app).contains(&Role::CodeKeyword),
        "nothing is highlighted before the worker ran: {:?}",
        code_roles(&app)
    );

    // What the event loop's worker does with the request.
    let request = app
        .take_highlight_request()
        .expect("highlighting is asked for");
    assert!(app.take_highlight_request().is_none(), "asked for once");
    let options = Options {
        highlighting: Highlighting::Now,
        ..request.options
    };
    layout_post(&request.post, request.rates, &options);
    app.highlighted();

    let reader = app.reader().unwrap();
    assert!(!reader.document().highlight_pending);
    let roles = code_roles(&app);
    for role in [Role::CodeKeyword, Role::CodeString, Role::CodeComment] {
        assert!(roles.contains(&role), "{role:?} missing from {roles:?}");
    }
    assert_eq!(reader.scroll(), scroll, "the place is kept");
    assert_eq!(row_texts(&app), plain_rows, "the same rows, only coloured");

    // Shown again (another width and back), nothing more is asked for.
    update(
        &mut app,
        Action::Resize {
            width: 50,
            height: 12,
        },
    );
    update(
        &mut app,
        Action::Resize {
            width: 60,
            height: 12,
        },
    );
    assert!(!app.reader().unwrap().document().highlight_pending);
    assert!(app.take_highlight_request().is_none());
}

#[test]
fn a_post_without_code_asks_for_nothing() {
    let library = Library {
        posts: vec![post(
            "posts/prose.md",
            "Prose",
            None,
            &[],
            &paragraphs("no code here", 5),
        )],
        diagnostics: vec![],
    };
    let mut app = App::new(library).highlight_in_background();
    update(
        &mut app,
        Action::Resize {
            width: 60,
            height: 12,
        },
    );
    update(&mut app, Action::Open);
    assert!(!app.reader().unwrap().document().highlight_pending);
    assert!(app.take_highlight_request().is_none());
}

fn row_texts(app: &App) -> Vec<String> {
    app.reader()
        .unwrap()
        .document()
        .rows
        .iter()
        .map(|r| r.spans.iter().map(|s| s.text.as_str()).collect())
        .collect()
}

/// A Go post: tab-indented code with a line too long for the pane, between paragraphs.
const GO_CODE: &str = "package main\n\nfunc main() {\n\tfmt.Println(\"a line long enough to wrap in a narrow pane, with words\", 42)\n}\n";

fn go_app() -> App {
    let body = format!(
        "{}\n```go\n{GO_CODE}```\n\n{}",
        paragraphs("before", 2),
        paragraphs("after", 8)
    );
    reading("Go", &body, 30, 40)
}

#[test]
fn shift_y_copies_the_code_block_on_screen_as_written() {
    let mut app = go_app();
    let rows = row_texts(&app);
    assert!(
        rows.iter().any(|r| r.contains('↪')),
        "the long line wraps: {rows:#?}"
    );
    update(&mut app, Action::CopyCode);
    assert_eq!(
        app.take_outgoing(),
        Some(Outgoing::Copy(GO_CODE.to_string())),
        "tabs kept, no wrap marks, no language row"
    );
    assert!(app.message().unwrap().contains("copied 5 lines"));
}

#[test]
fn shift_y_without_code_on_screen_says_so() {
    let mut app = go_app();
    update(&mut app, Action::Bottom);
    update(&mut app, Action::CopyCode);
    assert_eq!(app.take_outgoing(), None);
    assert!(app.message().unwrap().contains("no code block on screen"));
}

#[test]
fn w_keeps_code_lines_whole_and_angle_brackets_scroll_them() {
    let mut app = go_app();
    let wrapped = row_texts(&app).len();
    update(&mut app, Action::ToggleCodeWrap);
    let rows = row_texts(&app);
    assert_eq!(
        rows.len(),
        wrapped - 3,
        "the long line is one row now: {rows:#?}"
    );
    assert!(!rows.iter().any(|r| r.contains('↪')));
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("fmt.Println("), "{screen}");
    assert!(!screen.contains("with words"), "{screen}");

    apply(&mut app, &[Action::ScrollCodeRight; 20]);
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("with words\", 42)"),
        "the end of the widest line: {screen}"
    );
    assert!(screen.contains("…"), "cut text is marked: {screen}");
    assert!(
        screen.contains("after the code") || screen.contains("after"),
        "prose does not scroll: {screen}"
    );
    assert!(app.message().unwrap().contains("widest line ends here"));

    apply(&mut app, &[Action::ScrollCodeLeft; 20]);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("fmt.Println("), "{screen}");

    update(&mut app, Action::ToggleCodeWrap);
    assert_eq!(row_texts(&app).len(), wrapped, "wrapped again");
    update(&mut app, Action::ScrollCodeRight);
    assert!(app.message().unwrap().contains("code lines wrap"));
}
