//! Links in the interface, driven with actions on a headless app: a click on a link's text
//! follows it, `]` selects and highlights a link and says where it leads, Backspace keeps
//! its place across a resize, and `y` copies only a safe address.

mod ui_support;

use kiji::model::Library;
use kiji::ui::{Action, update};
use ratatui::style::Modifier;
use ui_support::*;

fn site() -> Library {
    let start = format!(
        "{}Read [the other post](other.md) or [the web](https://w.test/x).\n\n{}## 見出し\n\nend\n",
        paragraphs("links", 12),
        paragraphs("more", 12)
    );
    Library {
        posts: vec![
            post("site/start.md", "Start", Some("2024-05-02"), &[], &start),
            post(
                "site/other.md",
                "Other",
                Some("2024-05-01"),
                &[],
                "Other body. [back](start.md#見出し)\n",
            ),
        ],
        diagnostics: vec![],
    }
}

fn reading_start(width: u16, height: u16) -> kiji::ui::App {
    let mut app = app(site(), width, height);
    update(&mut app, Action::Open);
    assert_eq!(reader_title(&app).as_deref(), Some("Start"));
    app
}

#[test]
fn a_click_on_a_links_text_follows_it() {
    let mut app = reading_start(100, 30);
    update(&mut app, Action::NextLink);
    let terminal = draw(&app);
    let lines = screen_lines(&terminal);
    let (row, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("the other post[1]"))
        .expect("the link on screen");
    let column = line.find("other post").unwrap() as u16; // ASCII up to there
    update(
        &mut app,
        Action::Click {
            column,
            row: row as u16,
        },
    );
    assert_eq!(reader_title(&app).as_deref(), Some("Other"));

    // A click beside the link does not follow anything.
    update(&mut app, Action::LinkBack);
    assert_eq!(reader_title(&app).as_deref(), Some("Start"));
    let lines = screen_lines(&draw(&app));
    let row = lines.iter().position(|l| l.contains("Paragraph")).unwrap();
    update(
        &mut app,
        Action::Click {
            column: 50,
            row: row as u16,
        },
    );
    assert_eq!(reader_title(&app).as_deref(), Some("Start"));
}

#[test]
fn the_selected_link_is_highlighted_and_the_status_says_where_it_leads() {
    let mut app = reading_start(100, 30);
    update(&mut app, Action::NextLink);
    assert_eq!(app.message(), Some("[1] → Other"));
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let lines = screen_lines(&terminal);
    let row = lines
        .iter()
        .position(|l| l.contains("the other post[1]"))
        .unwrap();
    let column = lines[row].find("the other post").unwrap() as u16;
    assert!(
        buffer[(column, row as u16)]
            .modifier
            .contains(Modifier::REVERSED)
    );
    let after = lines[row].find(" or ").unwrap() as u16 + 1;
    assert!(
        !buffer[(after, row as u16)]
            .modifier
            .contains(Modifier::REVERSED)
    );

    update(&mut app, Action::NextLink);
    assert_eq!(
        app.message(),
        Some("[2] → https://w.test/x (Enter opens it)")
    );
    update(&mut app, Action::NextLink);
    assert_eq!(app.message(), Some("[1] → Other"), "wraps around");
}

#[test]
fn backspace_after_a_resize_returns_to_the_same_text() {
    let mut app = reading_start(100, 30);
    update(&mut app, Action::NextLink);
    let top = |app: &kiji::ui::App| {
        let reader = app.reader().unwrap();
        reader.document().rows[reader.scroll()].source_offset
    };
    let before = top(&app);
    update(&mut app, Action::Open);
    assert_eq!(reader_title(&app).as_deref(), Some("Other"));
    update(
        &mut app,
        Action::Resize {
            width: 70,
            height: 30,
        },
    );
    update(&mut app, Action::LinkBack);
    assert_eq!(reader_title(&app).as_deref(), Some("Start"));
    // At the new width the top row is the one holding the text that was at the top.
    let reader = app.reader().unwrap();
    let next = reader.document().rows[reader.scroll() + 1].source_offset;
    assert!(
        (top(&app)..next).contains(&before),
        "{} {before} {next}",
        top(&app)
    );
    assert_eq!(
        app.reader()
            .and_then(|r| r.selected_link())
            .map(|p| p.number),
        Some(1),
        "the followed link is selected again"
    );
}

#[test]
fn a_link_to_a_cjk_heading_of_another_post_scrolls_to_it() {
    let mut app = reading_start(100, 30);
    update(&mut app, Action::NextLink);
    update(&mut app, Action::Open);
    update(&mut app, Action::NextLink);
    assert_eq!(app.message(), Some("[1] → Start #見出し"));
    update(&mut app, Action::Open);
    let reader = app.reader().unwrap();
    let heading = reader
        .document()
        .headings
        .iter()
        .find(|h| h.text == "見出し")
        .unwrap();
    assert!((reader.scroll()..reader.scroll() + 28).contains(&heading.row));
}

#[test]
fn backspace_with_nowhere_to_go_back_says_so() {
    let mut app = reading_start(100, 30);
    update(&mut app, Action::LinkBack);
    assert_eq!(app.message(), Some("no link followed to go back from"));
    update(&mut app, Action::CopyLink);
    assert_eq!(
        app.message(),
        Some("select a link with ] or [ to copy its address")
    );
}

/// The history holds posts by their place in the library; a post removed on disk before
/// them moves them, and Backspace must still return to the post the link was followed from.
#[test]
fn backspace_returns_to_the_same_post_after_a_reload_moved_it() {
    let mut library = site();
    library.posts.insert(
        0,
        post("site/zzz.md", "Old", Some("2020-01-01"), &[], "Old.\n"),
    );
    let mut app = app(library, 100, 30);
    update(&mut app, Action::Open);
    assert_eq!(reader_title(&app).as_deref(), Some("Start"));
    update(&mut app, Action::NextLink);
    update(&mut app, Action::Open);
    assert_eq!(reader_title(&app).as_deref(), Some("Other"));
    app.apply_rereads(
        vec![kiji::loader::Reread::Gone("site/zzz.md".into())],
        kiji::ui::app::ReloadCause::Watch,
    );
    update(&mut app, Action::LinkBack);
    assert_eq!(reader_title(&app).as_deref(), Some("Start"));
}

/// An author written as a Markdown link (a Jekyll site's defaults often give one) is a link
/// like the body's: shown by name, numbered first, selected by `]`, named in the picker.
#[test]
fn an_author_link_in_the_header_is_link_one_and_selectable() {
    let mut start = post(
        "site/start.md",
        "Start",
        Some("2024-05-02"),
        &[],
        "Read [the web](https://w.test/x).\n",
    );
    start.author = Some("[Lantern Desk](https://lantern.test/desk)".into());
    let library = Library {
        posts: vec![start],
        diagnostics: vec![],
    };
    let mut app = app(library, 80, 24);
    update(&mut app, Action::Open);
    let lines = screen_lines(&draw(&app));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("2024-05-02 · Lantern Desk[1] ·")),
        "{}",
        lines.join("\n")
    );
    assert!(lines.iter().any(|l| l.contains("the web[2]")));
    assert!(!lines.iter().any(|l| l.contains("](")));
    update(&mut app, Action::NextLink);
    assert_eq!(
        app.message(),
        Some("[1] → https://lantern.test/desk (Enter opens it)")
    );
    assert_eq!(app.link_texts(), ["Lantern Desk", "the web"]);
}
