//! `ambiguous_width = "wide"`: terminals set up for CJK draw East Asian Ambiguous characters
//! (`●`, `★`, `▌`, `│`, `·`, `…`, box drawing) two cells wide while the screen buffer counts
//! one, so a row shifts right after each. With posts written in plain ASCII, nothing on any
//! screen may be such a character: whatever is, the interface drew itself.

mod ui_support;

use insta::assert_snapshot;
use kiji::model::{Diagnostic, Library};
use kiji::ui::{Action, App, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ui_support::*;
use unicode_width::UnicodeWidthStr;

/// Posts in ASCII only, with every block the layout draws structure for.
fn ascii_library() -> Library {
    let body = "\
## Lists and quotes

- one
  - two
    - three

> A quote, long enough to need a second row at this width, and then some more words.

| a | b |
|---|---|
| 1 | 2 |

---

```
code that is long enough to wrap at the width of the reader pane, which it has to mark as wrapped
```

A footnote.[^1] And a [link](https://example.com).

[^1]: The note.
";
    let mut library = Library {
        posts: vec![
            post(
                "posts/structure.md",
                "A post with every kind of block",
                Some("2025-01-03"),
                &["rust", "cli"],
                &format!("{body}\n{}", paragraphs("structure", 8)),
            ),
            post(
                "posts/long-title.md",
                "A title far too long for the list pane, so that it has to be cut to fit there",
                Some("2024-12-24"),
                &["writing"],
                &paragraphs("titles", 3),
            ),
            post(
                "posts/undated.md",
                "No date",
                None,
                &[],
                &paragraphs("dates", 2),
            ),
        ],
        diagnostics: vec![Diagnostic {
            path: "posts/broken.md".into(),
            line: Some(2),
            message: "front matter: not a mapping".into(),
        }],
    };
    library.posts[2].draft = true;
    library
}

fn wide_app(width: u16, height: u16) -> App {
    let mut app = App::new(ascii_library()).with_ambiguous_wide(true);
    update(&mut app, Action::Resize { width, height });
    app
}

/// Every cell holds something one cell wide however ambiguous width is measured.
fn assert_no_ambiguous_glyph(what: &str, terminal: &Terminal<TestBackend>) {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            assert_eq!(
                symbol.width(),
                symbol.width_cjk(),
                "{what}: {symbol:?} at ({x}, {y}) is ambiguous:\n{}",
                screen_text(terminal)
            );
        }
    }
}

#[test]
fn in_wide_mode_no_screen_draws_an_ambiguous_width_character() {
    for (width, height) in [(120, 30), (60, 20)] {
        let mut app = wide_app(width, height);
        let check = |what: &str, app: &App| {
            assert_no_ambiguous_glyph(&format!("{what} at {width}x{height}"), &draw(app));
        };
        // Unread, starred, selected, a title cut short, a draft; the problems in the status.
        apply(&mut app, &[Action::Down, Action::Star]);
        check("the list", &app);
        apply(&mut app, &[Action::Top, Action::Open]);
        check("the reader", &app);
        apply(&mut app, &[Action::PageDown]);
        check("the reader further down", &app);
        update(&mut app, Action::Search);
        type_text(&mut app, "paragraph");
        update(&mut app, Action::Open);
        check("search matches", &app);
        // Another post's word: the list finds it, the open post does not.
        apply(&mut app, &[Action::Search, Action::ClearInput]);
        type_text(&mut app, "titles");
        apply(&mut app, &[Action::Open, Action::NextMatch]);
        check("no match in this post", &app);
        update(&mut app, Action::Outline);
        check("the outline", &app);
        update(&mut app, Action::Back);
        update(&mut app, Action::Help);
        check("the help", &app);
        update(&mut app, Action::Back);
        update(&mut app, Action::Diagnostics);
        check("the load problems", &app);
        apply(&mut app, &[Action::Back, Action::Back, Action::TagPicker]);
        type_text(&mut app, "r");
        update(&mut app, Action::Open);
        check("the tag picker", &app);
        apply(
            &mut app,
            &[Action::Back, Action::StarredOnly, Action::UnreadOnly],
        );
        check("a list the filters emptied", &app);
    }
}

#[test]
fn in_wide_mode_the_markers_and_separators_are_ascii() {
    let mut app = wide_app(120, 16);
    apply(
        &mut app,
        &[Action::Down, Action::Star, Action::Top, Action::Open],
    );
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
}
