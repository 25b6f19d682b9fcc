//! Whole screens drawn on ratatui's `TestBackend`, checked with insta snapshots, plus the
//! properties a snapshot cannot show: styles of highlights and selection, and that no wide
//! character is ever cut or overwritten at a pane edge.

mod ui_support;

use insta::assert_snapshot;
use kiji::style::Theme;
use kiji::ui::{Action, App, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::CellWidth;
use ui_support::*;

/// Every wide character keeps the cell after it to itself: nothing was drawn over its
/// second half (which is how a pane edge garbles CJK text).
fn assert_wide_characters_intact(terminal: &Terminal<TestBackend>) {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            if symbol.cell_width() == 2 {
                assert!(
                    x + 1 < buffer.area.width,
                    "{symbol:?} cut at the edge, row {y}"
                );
                let hidden = buffer[(x + 1, y)].symbol();
                assert_eq!(
                    hidden, " ",
                    "{symbol:?} at ({x}, {y}) overwritten by {hidden:?}"
                );
            }
        }
    }
}

/// The divider between list and reader is intact on every row above the status line.
fn assert_divider_intact(app: &App, terminal: &Terminal<TestBackend>) {
    let divider = app.panes().divider.expect("two panes");
    let buffer = terminal.backend().buffer();
    for y in divider.top()..divider.bottom() {
        assert_eq!(buffer[(divider.x, y)].symbol(), "│", "row {y}");
    }
}

#[test]
fn list_and_reader_side_by_side_at_120x40() {
    let mut app = app(library(), 120, 40);
    update(&mut app, Action::Down);
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
    assert_divider_intact(&app, &terminal);
    assert_wide_characters_intact(&terminal);
    // The selected post stands out by background, not only by the bar.
    let buffer = terminal.backend().buffer();
    let selection = Theme::default().selection(true);
    assert_eq!(buffer[(9, 2)].bg, selection.bg.unwrap());
    assert_ne!(buffer[(10, 0)].bg, selection.bg.unwrap());
}

#[test]
fn one_pane_at_a_time_at_60x20() {
    let mut app = app(library(), 60, 20);
    let terminal = draw(&app);
    assert_snapshot!("narrow_list", terminal.backend());
    update(&mut app, Action::Open);
    let terminal = draw(&app);
    assert_snapshot!("narrow_reader", terminal.backend());
}

#[test]
fn tag_picker_with_a_selected_tag() {
    let mut app = app(library(), 120, 40);
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "r");
    update(&mut app, Action::Toggle);
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
    assert_wide_characters_intact(&terminal);
}

#[test]
fn help_overlay() {
    let mut app = app(library(), 120, 40);
    update(&mut app, Action::Help);
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
}

#[test]
fn search_highlights_matches_in_the_reader() {
    let mut app = app(library(), 100, 30);
    apply(&mut app, &[Action::Down, Action::Down, Action::SwitchFocus]);
    update(&mut app, Action::Search);
    type_text(&mut app, "NARROW pane");
    update(&mut app, Action::Open);
    update(&mut app, Action::NextMatch);
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());

    let theme = Theme::default();
    let buffer = terminal.backend().buffer();
    let text = app.panes().text.unwrap();
    let (mut matched, mut current) = (String::new(), String::new());
    for y in text.top()..text.bottom() {
        for x in text.left()..text.right() {
            let cell = &buffer[(x, y)];
            if cell.bg == theme.search_match().bg.unwrap() {
                matched.push_str(cell.symbol());
            } else if cell.bg == theme.current_match().bg.unwrap() {
                current.push_str(cell.symbol());
            }
        }
    }
    assert_eq!(
        current, "pane",
        "n moved from the first match to the second"
    );
    assert!(
        matched.contains("narrow") && matched.contains("pane"),
        "{matched:?}"
    );
}

#[test]
fn a_japanese_post_at_80x24() {
    let mut app = app(library(), 80, 24);
    apply(&mut app, &[Action::Down, Action::Open]);
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
    assert_wide_characters_intact(&terminal);
    for (y, line) in screen_lines(&terminal).iter().enumerate() {
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(line.as_str()),
            80,
            "row {y}: {line:?}"
        );
    }
}

#[test]
fn japanese_titles_are_cut_whole_at_the_list_edge() {
    let mut library = library();
    library.posts[1].title =
        "とても長い日本語のタイトルが一覧の幅を超えてしまう場合の表示を確かめる".into();
    for width in 90..=100 {
        let app = app(library.clone(), width, 12);
        let terminal = draw(&app);
        assert_wide_characters_intact(&terminal);
        assert_divider_intact(&app, &terminal);
        let lines = screen_lines(&terminal);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("とても長い") && l.contains('…')),
            "at {width} columns:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn a_tiny_terminal_shows_what_fits() {
    let mut app = app(library(), 20, 8);
    let terminal = draw(&app);
    assert_snapshot!("tiny_list", terminal.backend());
    update(&mut app, Action::Open);
    let terminal = draw(&app);
    assert_snapshot!("tiny_reader", terminal.backend());
    assert_wide_characters_intact(&terminal);
}

#[test]
fn a_400_column_terminal_keeps_lines_readable() {
    let app = app(library(), 400, 30);
    let terminal = draw(&app);
    assert_wide_characters_intact(&terminal);
    let text = app.panes().text.unwrap();
    assert!(text.width <= 100, "measure capped: {}", text.width);
    let reader = app.panes().reader.unwrap();
    assert!(text.x > reader.x + 50, "the text is centred in the pane");
    assert!(screen_text(&terminal).contains("Readable error messages in Rust"));
}

#[test]
fn load_problems_in_the_status_line_and_the_overlay() {
    let mut app = app(library_with_problems(), 100, 20);
    let terminal = draw(&app);
    let status = screen_lines(&terminal).pop().unwrap();
    assert!(status.contains("2 files had problems (!)"), "{status:?}");
    update(&mut app, Action::Diagnostics);
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
}

#[test]
fn load_problems_wrap_in_a_narrow_overlay_and_scroll_to_their_last_row() {
    let mut library = library_with_problems();
    library.diagnostics.truncate(1);
    library.diagnostics.push(kiji::model::Diagnostic {
        path: "site/_posts/2023-01-29-a-rather-long-file-name-released.markdown".into(),
        line: Some(3),
        message: "`2023-01-29 18:30:22 2023 -0800` is not a date kiji understands".into(),
    });
    let mut app = app(library, 40, 12);
    update(&mut app, Action::Diagnostics);
    let lines = screen_lines(&draw(&app));
    assert!(
        lines.iter().any(|l| l.contains("2 problems while")),
        "{lines:#?}"
    );
    let shown = |lines: &[String]| -> String {
        lines
            .iter()
            .filter_map(|l| l.split('│').nth(1))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    };
    update(&mut app, Action::Bottom);
    let bottom = screen_lines(&draw(&app));
    let text = shown(&bottom);
    assert!(!text.contains('…'), "nothing is cut: {bottom:#?}");
    for word in ["is", "not", "a", "date", "kiji", "understands"] {
        assert!(text.split(' ').any(|w| w == word), "{word} in {bottom:#?}");
    }
    // The long path breaks into rows but keeps all its characters.
    update(&mut app, Action::Top);
    let top = shown(&screen_lines(&draw(&app)));
    let joined: String = top.split(' ').collect();
    assert!(joined.contains("mapping"), "{top}");
    let everything: String = format!("{top} {text}").split(' ').collect();
    assert!(
        everything.contains("2023-01-29-a-rather-long-file-name-released.markdown:3:"),
        "{everything}"
    );
}

#[test]
fn the_status_line_shows_position_filters_and_sort() {
    let mut app = app(library(), 120, 20);
    apply(&mut app, &[Action::CycleSort, Action::TagPicker]);
    type_text(&mut app, "rust");
    apply(
        &mut app,
        &[
            Action::Open,
            Action::Back,
            Action::SwitchFocus,
            Action::PageDown,
        ],
    );
    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(status.contains("3 of 5 posts"), "{status:?}");
    assert!(status.contains("tags: rust"), "{status:?}");
    assert!(status.contains("sort: title"), "{status:?}");
    assert!(status.contains("min left"), "{status:?}");
    assert!(status.contains("? help"), "{status:?}");
    // Narrow, the least useful parts give way.
    update(
        &mut app,
        Action::Resize {
            width: 40,
            height: 20,
        },
    );
    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(!status.contains("sort"), "{status:?}");
    assert_eq!(unicode_width::UnicodeWidthStr::width(status.as_str()), 40);
}

#[test]
fn the_cursor_sits_after_typed_text() {
    let mut app = app(library(), 100, 30);
    update(&mut app, Action::Search);
    type_text(&mut app, "京都");
    let mut terminal = draw(&app);
    let position = terminal.get_cursor_position().unwrap();
    assert_eq!((position.x, position.y), (1 + 1 + 4, 29));
    update(&mut app, Action::Back);
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "旅");
    terminal = draw(&app);
    let position = terminal.get_cursor_position().unwrap();
    let buffer = terminal.backend().buffer();
    assert_eq!(
        buffer[(position.x - 2, position.y)].symbol(),
        "旅",
        "right after the typed text"
    );
    assert_eq!(buffer[(position.x - 3, position.y)].symbol(), " ");
    assert_eq!(buffer[(position.x - 4, position.y)].symbol(), "›");
}

#[test]
fn without_colour_the_selection_and_matches_still_show() {
    let mut app = app(library(), 100, 30).with_theme(Theme::monochrome());
    apply(
        &mut app,
        &[
            Action::Down,
            Action::Down,
            Action::SwitchFocus,
            Action::Search,
        ],
    );
    type_text(&mut app, "narrow");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            assert_eq!(
                cell.fg,
                ratatui::style::Color::Reset,
                "colour at ({x}, {y})"
            );
            assert_eq!(
                cell.bg,
                ratatui::style::Color::Reset,
                "colour at ({x}, {y})"
            );
        }
    }
    let marked = |modifier| {
        (0..buffer.area.height)
            .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
            .filter(|&p| buffer[p].modifier.contains(modifier))
            .count()
    };
    assert!(
        marked(ratatui::style::Modifier::REVERSED) > 0,
        "selection and current match"
    );
    assert!(
        marked(ratatui::style::Modifier::UNDERLINED) > 0,
        "other matches"
    );
}

#[test]
fn an_overlay_edge_never_cuts_a_wide_character_in_half() {
    let mut library = library();
    let posts = library.posts.clone();
    library.posts = posts.iter().cycle().take(40).cloned().collect();
    for (i, post) in library.posts.iter_mut().enumerate() {
        // Wide characters from an even and from an odd column, on every row.
        let lead = if i % 2 == 0 { "" } else { "x" };
        post.title = format!("{lead}社区文章｜如何斟酌出更好的插件 {}", post.title);
        post.path = format!("posts/{i}.md").into();
    }
    // What reaches the terminal: ratatui skips the cell after a wide character, so a
    // border drawn there would never be sent.
    let assert_border_shown = |app: &App| {
        let terminal = draw(app);
        assert_wide_characters_intact(&terminal);
        let area = kiji::ui::overlay_box(app);
        let buffer = terminal.backend().buffer();
        for y in area.top()..area.bottom() {
            for x in [area.left(), area.right() - 1] {
                let symbol = buffer[(x, y)].symbol();
                assert!(
                    "│╭╮╰╯".contains(symbol),
                    "at {} columns, ({x}, {y}) shows {symbol:?} instead of the border",
                    app.area().width
                );
            }
        }
    };
    for width in 60..=120 {
        let mut app = app(library.clone(), width, 30);
        update(&mut app, Action::TagPicker);
        assert_border_shown(&app);
        update(&mut app, Action::Back);
        update(&mut app, Action::Help);
        assert_border_shown(&app);
    }
}

#[test]
fn drafts_are_dimmed_in_the_list() {
    let app = app(library(), 120, 40);
    let terminal = draw(&app);
    let lines = screen_lines(&terminal);
    let buffer = terminal.backend().buffer();
    let row_of = |title: &str| lines.iter().position(|l| l.contains(title)).unwrap() as u16;
    let dim = |y: u16| {
        buffer[(5, y)]
            .modifier
            .contains(ratatui::style::Modifier::DIM)
    };
    assert!(dim(row_of("Ideas for next month")), "the draft's title");
    assert!(
        dim(row_of("Ideas for next month") + 1),
        "the draft's date line"
    );
    assert!(
        !dim(row_of("Iterator habits that stuck")),
        "a published post"
    );
}
