//! `update` driven with actions, no terminal: every rule of the reader that a key triggers.

mod ui_support;

use kiji::model::SortKey;
use kiji::ui::app::Overlay;
use kiji::ui::geometry::Focus;
use kiji::ui::{Action, InputMode, update};
use ui_support::*;

const WIDE: (u16, u16) = (120, 40);
const NARROW: (u16, u16) = (60, 20);

fn wide() -> kiji::ui::App {
    app(library(), WIDE.0, WIDE.1)
}

fn narrow() -> kiji::ui::App {
    app(library(), NARROW.0, NARROW.1)
}

fn pick_tag(app: &mut kiji::ui::App, typed: &str) {
    update(app, Action::TagPicker);
    type_text(app, typed);
    apply(app, &[Action::Open, Action::Back]);
}

#[test]
fn the_list_starts_newest_first_with_undated_posts_last() {
    let app = wide();
    assert_eq!(
        titles(&app),
        [
            "Readable error messages in Rust",
            "夏の京都、早朝の散歩",
            "Iterator habits that stuck",
            "A small terminal toolbox for writing on the command line every day",
            "Ideas for next month",
        ]
    );
    assert_eq!(app.selected(), 0);
}

#[test]
fn side_by_side_the_reader_previews_the_selection() {
    let mut app = wide();
    assert_eq!(reader_title(&app), selected_title(&app));
    update(&mut app, Action::Down);
    assert_eq!(
        selected_title(&app).as_deref(),
        Some("夏の京都、早朝の散歩")
    );
    assert_eq!(reader_title(&app), selected_title(&app));
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn filtering_by_one_tag_lists_only_posts_carrying_it() {
    let mut app = wide();
    pick_tag(&mut app, "iter");
    assert_eq!(app.tag_filter(), ["iterators"]);
    assert_eq!(titles(&app), ["Iterator habits that stuck"]);
    assert_eq!(app.overlay(), None);
}

#[test]
fn tags_match_whatever_their_case() {
    let mut app = wide();
    pick_tag(&mut app, "rust");
    // `Rust` on the toolbox post and `rust` elsewhere are one tag.
    assert_eq!(titles(&app).len(), 3);
}

#[test]
fn two_selected_tags_must_both_match() {
    let mut app = wide();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "rust");
    update(&mut app, Action::Toggle);
    update(&mut app, Action::ClearInput);
    type_text(&mut app, "cli");
    update(&mut app, Action::Toggle);
    assert_eq!(app.tag_filter(), ["rust", "cli"]);
    assert_eq!(
        titles(&app),
        ["A small terminal toolbox for writing on the command line every day"]
    );
}

#[test]
fn toggling_a_selected_tag_again_removes_it() {
    let mut app = wide();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "errors");
    apply(&mut app, &[Action::Toggle, Action::Toggle]);
    assert!(app.tag_filter().is_empty());
    assert_eq!(titles(&app).len(), 5);
}

#[test]
fn clearing_tags_lists_everything_again() {
    let mut app = wide();
    pick_tag(&mut app, "iter");
    update(&mut app, Action::ClearTags);
    assert!(app.tag_filter().is_empty());
    assert_eq!(titles(&app).len(), 5);
    assert_eq!(
        selected_title(&app).as_deref(),
        Some("Iterator habits that stuck")
    );
}

#[test]
fn the_tag_picker_narrows_by_cjk_input_and_lists_counts() {
    let mut app = wide();
    update(&mut app, Action::TagPicker);
    assert_eq!(app.input_mode(), InputMode::Picker);
    let Some(Overlay::TagPicker(picker)) = app.overlay() else {
        panic!("picker not open");
    };
    assert_eq!(picker.entries.len(), app.labels().len());
    let rust = app.labels().iter().find(|l| l.label == "rust").unwrap();
    assert_eq!(rust.count, 3);
    type_text(&mut app, "旅");
    let Some(Overlay::TagPicker(picker)) = app.overlay() else {
        panic!("picker closed while typing");
    };
    let names: Vec<&str> = picker
        .entries
        .iter()
        .map(|&i| app.labels()[i].label.as_str())
        .collect();
    assert_eq!(names, ["旅", "旅行"]);
    update(&mut app, Action::Down);
    update(&mut app, Action::Open);
    assert_eq!(app.tag_filter(), ["旅行"]);
    assert_eq!(titles(&app), ["夏の京都、早朝の散歩"]);
}

#[test]
fn search_filters_titles_tags_and_bodies_as_you_type() {
    let mut app = wide();
    update(&mut app, Action::Search);
    assert_eq!(app.input_mode(), InputMode::Search);
    type_text(&mut app, "TOKIO");
    // In the body of the errors post and the draft.
    assert_eq!(
        titles(&app),
        ["Readable error messages in Rust", "Ideas for next month"]
    );
    update(&mut app, Action::ClearInput);
    type_text(&mut app, "iterators");
    assert_eq!(
        titles(&app),
        ["Iterator habits that stuck"],
        "a tag matches"
    );
    update(&mut app, Action::ClearInput);
    type_text(&mut app, "京都");
    assert_eq!(titles(&app), ["夏の京都、早朝の散歩"], "a title matches");
}

#[test]
fn full_width_and_half_width_forms_find_each_other() {
    let mut app = wide();
    update(&mut app, Action::Search);
    type_text(&mut app, "ai");
    assert_eq!(
        titles(&app),
        ["夏の京都、早朝の散歩"],
        "ａｉ in the body is ＡＩ"
    );
    update(&mut app, Action::ClearInput);
    type_text(&mut app, "コーヒー");
    assert_eq!(titles(&app), ["夏の京都、早朝の散歩"], "written ｺｰﾋｰ");
}

#[test]
fn enter_keeps_the_search_and_escape_restores_the_previous_one() {
    let mut app = wide();
    update(&mut app, Action::Search);
    type_text(&mut app, "tokio");
    update(&mut app, Action::Open);
    assert!(!app.is_searching());
    assert_eq!(app.search_text(), "tokio");
    assert_eq!(titles(&app).len(), 2);

    update(&mut app, Action::Search);
    type_text(&mut app, " draft-only-word");
    assert!(titles(&app).is_empty());
    update(&mut app, Action::Back);
    assert_eq!(app.search_text(), "tokio");
    assert_eq!(titles(&app).len(), 2);

    // Esc on the list clears a kept search.
    update(&mut app, Action::Back);
    assert_eq!(app.search_text(), "");
    assert_eq!(titles(&app).len(), 5);
}

#[test]
fn a_search_with_no_match_empties_the_list_and_the_reader() {
    let mut app = wide();
    update(&mut app, Action::Search);
    type_text(&mut app, "zzzz");
    assert!(titles(&app).is_empty());
    assert_eq!(app.selected_post(), None);
    assert!(app.reader().is_none());
    update(&mut app, Action::DeleteBack);
    update(&mut app, Action::ClearInput);
    assert_eq!(titles(&app).len(), 5);
}

#[test]
fn sort_cycles_through_date_title_and_reading_time() {
    let mut app = wide();
    update(&mut app, Action::Down);
    let selected = selected_title(&app);
    update(&mut app, Action::CycleSort);
    assert_eq!(app.sort(), SortKey::Title);
    assert_eq!(
        titles(&app)[0],
        "A small terminal toolbox for writing on the command line every day"
    );
    assert_eq!(
        selected_title(&app),
        selected,
        "the selection follows its post"
    );
    update(&mut app, Action::CycleSort);
    assert_eq!(app.sort(), SortKey::ReadingTime);
    let minutes: Vec<u32> = app
        .view()
        .iter()
        .map(|&i| app.posts()[i].reading_minutes(app.rates()))
        .collect();
    assert!(minutes.is_sorted(), "{minutes:?}");
    assert_eq!(titles(&app).last().unwrap(), "Iterator habits that stuck");
    update(&mut app, Action::CycleSort);
    assert_eq!(app.sort(), SortKey::Date);
}

#[test]
fn the_list_selection_stops_at_either_end() {
    let mut app = wide();
    update(&mut app, Action::Up);
    assert_eq!(app.selected(), 0);
    apply(&mut app, &[Action::PageUp, Action::HalfPageUp, Action::Top]);
    assert_eq!(app.selected(), 0);
    apply(&mut app, &[Action::Down; 20]);
    assert_eq!(app.selected(), 4);
    apply(
        &mut app,
        &[Action::PageDown, Action::HalfPageDown, Action::Bottom],
    );
    assert_eq!(app.selected(), 4);
    update(&mut app, Action::Top);
    assert_eq!(app.selected(), 0);
}

#[test]
fn the_reader_scroll_stops_at_either_end() {
    let mut app = narrow();
    apply(&mut app, &[Action::Down, Action::Down, Action::Open]);
    assert_eq!(app.focus(), Focus::Reader);
    assert_eq!(
        reader_title(&app).as_deref(),
        Some("Iterator habits that stuck")
    );
    let reader = app.reader().unwrap();
    let rows = reader.document().rows.len();
    let height = app.text_height();
    assert!(rows > 3 * height, "the post must be long enough to scroll");

    apply(&mut app, &[Action::Up, Action::PageUp, Action::HalfPageUp]);
    assert_eq!(app.reader().unwrap().scroll(), 0);

    update(&mut app, Action::Down);
    assert_eq!(app.reader().unwrap().scroll(), 1);
    update(&mut app, Action::HalfPageDown);
    assert_eq!(app.reader().unwrap().scroll(), 1 + height / 2);
    update(&mut app, Action::PageDown);
    assert_eq!(app.reader().unwrap().scroll(), 1 + height / 2 + height);

    update(&mut app, Action::Bottom);
    let bottom = app.reader().unwrap().scroll();
    assert_eq!(bottom, rows - height, "the last row sits at the bottom");
    apply(
        &mut app,
        &[Action::Down, Action::PageDown, Action::HalfPageDown],
    );
    assert_eq!(app.reader().unwrap().scroll(), bottom);
    let position = app.reading_position().unwrap();
    assert_eq!(position.percent, 100);
    assert_eq!(position.minutes_left, None);

    update(&mut app, Action::Top);
    assert_eq!(app.reader().unwrap().scroll(), 0);
    let position = app.reading_position().unwrap();
    assert!(position.minutes_left.unwrap() >= 1);
}

#[test]
fn narrow_terminals_open_the_reader_and_go_back() {
    let mut app = narrow();
    assert!(app.reader().is_none(), "no preview when one pane shows");
    assert!(app.panes().reader.is_none());
    update(&mut app, Action::Open);
    assert_eq!(app.focus(), Focus::Reader);
    assert!(app.panes().list.is_none());
    assert_eq!(reader_title(&app), selected_title(&app));
    update(&mut app, Action::Back);
    assert_eq!(app.focus(), Focus::List);
    assert!(app.panes().reader.is_none());
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.focus(), Focus::Reader);
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn tab_moves_the_keyboard_between_list_and_reader() {
    let mut app = wide();
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.focus(), Focus::Reader);
    update(&mut app, Action::Down);
    assert_eq!(
        app.reader().unwrap().scroll(),
        1,
        "keys now scroll the text"
    );
    assert_eq!(app.selected(), 0);
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.focus(), Focus::List);
    update(&mut app, Action::Down);
    assert_eq!(app.selected(), 1);
}

#[test]
fn n_and_shift_n_move_between_matches_in_the_open_post() {
    let mut app = narrow();
    apply(&mut app, &[Action::Down, Action::Down, Action::Open]);
    update(&mut app, Action::Search);
    type_text(&mut app, "paragraph 3");
    update(&mut app, Action::Open);
    let reader = app.reader().unwrap();
    // "paragraph" in 40 paragraphs, and "3" in 3, 13, 23, 30..39.
    assert!(reader.hit_count() > 40, "{}", reader.hit_count());
    let first = reader
        .current_hit()
        .expect("typing moved to the first match");
    update(&mut app, Action::NextMatch);
    assert_eq!(app.reader().unwrap().current_hit(), Some(first + 1));
    update(&mut app, Action::PrevMatch);
    update(&mut app, Action::PrevMatch);
    let count = app.reader().unwrap().hit_count();
    assert_eq!(
        app.reader().unwrap().current_hit(),
        Some((first + count - 2) % count + 1)
    );
    // The current match is always on screen.
    let reader = app.reader().unwrap();
    let on_screen = reader.highlights_in(reader.scroll()..reader.scroll() + app.text_height());
    assert!(on_screen.iter().any(|h| reader.is_current(h)));
}

#[test]
fn n_without_a_search_says_so() {
    let mut app = wide();
    update(&mut app, Action::NextMatch);
    assert_eq!(app.message(), Some("no search: press / to search"));
    update(&mut app, Action::Down);
    assert_eq!(app.message(), None, "messages last until the next key");
}

#[test]
fn resizing_keeps_the_top_row_on_the_same_text() {
    let mut app = app(library(), 120, 30);
    apply(&mut app, &[Action::Down, Action::Down, Action::SwitchFocus]);
    assert_eq!(
        reader_title(&app).as_deref(),
        Some("Iterator habits that stuck")
    );
    apply(
        &mut app,
        &[Action::PageDown, Action::PageDown, Action::Down],
    );
    let before = {
        let reader = app.reader().unwrap();
        reader.document().rows[reader.scroll()].clone()
    };
    for (width, height) in [(70, 30), (100, 24), (200, 50), (120, 30)] {
        update(&mut app, Action::Resize { width, height });
        let reader = app.reader().unwrap();
        let rows = &reader.document().rows;
        let top = &rows[reader.scroll()];
        let next_offset = rows[reader.scroll()..]
            .iter()
            .map(|r| r.source_offset)
            .find(|&o| o != top.source_offset)
            .unwrap_or(usize::MAX);
        assert!(
            top.source_offset <= before.source_offset && before.source_offset < next_offset,
            "at {width}×{height} the top row starts at {} but the text was at {}",
            top.source_offset,
            before.source_offset
        );
    }
    let reader = app.reader().unwrap();
    assert_eq!(
        reader.document().rows[reader.scroll()],
        before,
        "back at the first size"
    );
}

#[test]
fn a_click_selects_a_post_and_the_wheel_scrolls_the_pane_under_it() {
    let mut app = wide();
    // The third post's rows are 4 and 5 of the list pane.
    update(&mut app, Action::Click { column: 5, row: 5 });
    assert_eq!(app.selected(), 2);
    let reader_x = app.panes().reader.unwrap().x + 5;
    update(
        &mut app,
        Action::Wheel {
            column: reader_x,
            row: 10,
            rows: 3,
        },
    );
    assert_eq!(app.reader().unwrap().scroll(), 3);
    assert_eq!(
        app.selected(),
        2,
        "the wheel over the reader leaves the list alone"
    );
    update(
        &mut app,
        Action::Click {
            column: reader_x,
            row: 3,
        },
    );
    assert_eq!(app.focus(), Focus::Reader);
    update(&mut app, Action::Click { column: 5, row: 38 });
    assert_eq!(
        app.selected(),
        2,
        "a click below the last post selects nothing"
    );
}

#[test]
fn load_problems_are_counted_per_file_and_shown_on_demand() {
    let mut app = app(library_with_problems(), 120, 40);
    assert_eq!(app.problem_files(), 2);
    update(&mut app, Action::Diagnostics);
    assert_eq!(app.overlay(), Some(&Overlay::Diagnostics { scroll: 0 }));
    update(&mut app, Action::Back);
    assert_eq!(app.overlay(), None);

    let mut clean = wide();
    update(&mut clean, Action::Diagnostics);
    assert_eq!(clean.overlay(), None);
    assert_eq!(clean.message(), Some("no problems while loading"));
}

#[test]
fn help_opens_scrolls_within_bounds_and_closes() {
    let mut app = app(library(), 60, 12);
    update(&mut app, Action::Help);
    apply(&mut app, &[Action::Up, Action::PageUp]);
    assert_eq!(app.overlay(), Some(&Overlay::Help { scroll: 0 }));
    apply(&mut app, &[Action::PageDown; 10]);
    let Some(Overlay::Help { scroll }) = app.overlay().cloned() else {
        panic!("help closed");
    };
    assert!(scroll > 0 && scroll < app.help_lines().len());
    update(&mut app, Action::Help);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.selected(), 0, "keys in the help did not move the list");
}

#[test]
fn quit_works_from_everywhere() {
    for setup in [
        vec![],
        vec![Action::Help],
        vec![Action::TagPicker],
        vec![Action::Search],
        vec![Action::Open],
    ] {
        let mut app = wide();
        apply(&mut app, &setup);
        update(&mut app, Action::Quit);
        assert!(app.should_quit(), "after {setup:?}");
    }
}

#[test]
fn tiny_and_huge_terminals_never_break_the_rules() {
    for (width, height) in [(20, 8), (1, 1), (0, 0), (400, 100), (89, 5), (90, 2)] {
        let mut app = app(library(), width, height);
        check(&app);
        for action in [
            Action::Down,
            Action::Open,
            Action::PageDown,
            Action::Bottom,
            Action::Help,
            Action::PageDown,
            Action::Back,
            Action::TagPicker,
            Action::Down,
            Action::Open,
            Action::Back,
            Action::Back,
            Action::Search,
            Action::Insert('r'),
        ] {
            update(&mut app, action);
            check(&app);
        }
        let _ = draw(&app);
    }
}

/// What must hold after any action.
fn check(app: &kiji::ui::App) {
    let len = app.view().len();
    assert!(app.selected() < len.max(1));
    if len > 0 {
        let page = app.list_page();
        assert!(app.list_top() <= app.selected() && app.selected() < app.list_top() + page);
    }
    if let Some(reader) = app.reader() {
        assert!(reader.scroll() <= reader.max_scroll(app.text_height()));
        if let Some(n) = reader.current_hit() {
            assert!(n <= reader.hit_count());
        }
    }
    match app.overlay() {
        Some(Overlay::TagPicker(picker)) => {
            assert!(picker.cursor < picker.entries.len().max(1))
        }
        Some(Overlay::Outline { cursor }) => {
            let headings = app.reader().map_or(0, |r| r.document().headings.len());
            assert!(*cursor < headings.max(1));
        }
        _ => {}
    }
}

#[test]
fn a_single_post_gets_the_whole_width() {
    let mut library = library();
    library.posts.truncate(1);
    let mut app = app(library, 120, 40);
    update(&mut app, Action::Open);
    let panes = app.panes();
    assert!(panes.list.is_none(), "no list beside a lone post");
    assert_eq!(panes.reader.unwrap().width, 120);
    update(&mut app, Action::Back);
    assert!(
        app.panes().reader.is_none(),
        "its list is still there to go back to"
    );
}

#[test]
fn rebound_keys_drive_the_same_actions_and_show_in_the_help() {
    use kiji::config::{KeyBindings, KeyChord};
    use kiji::ui::{Keymap, action_for_event};
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    let mut bindings: Vec<(String, Vec<KeyChord>)> = kiji::ui::keymap::ACTIONS
        .iter()
        .map(|a| {
            (
                a.name.to_owned(),
                a.keys.iter().map(|k| k.parse().unwrap()).collect(),
            )
        })
        .collect();
    let down = bindings
        .iter_mut()
        .find(|(name, _)| name == "down")
        .unwrap();
    down.1 = vec!["ctrl-n".parse().unwrap()];
    let mut app = app(library(), 120, 40).with_keymap(Keymap::new(KeyBindings::new(bindings)));

    let ctrl_n = Event::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    let action = action_for_event(&app, &ctrl_n).unwrap();
    update(&mut app, action);
    assert_eq!(app.selected(), 1);
    let j = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    assert_eq!(action_for_event(&app, &j), None, "j is no longer bound");
    let help = app.help_lines();
    assert!(
        help.iter()
            .any(|(keys, what)| keys == "ctrl-n" && what.contains("next post"))
    );
}

#[test]
fn a_resize_stays_on_the_current_match() {
    let mut app = app(library(), 100, 30);
    apply(
        &mut app,
        &[
            Action::Down,
            Action::Down,
            Action::SwitchFocus,
            Action::Search,
        ],
    );
    type_text(&mut app, "paragraph");
    apply(
        &mut app,
        &[Action::Open, Action::NextMatch, Action::NextMatch],
    );
    assert_eq!(app.reader().unwrap().current_hit(), Some(3));
    update(
        &mut app,
        Action::Resize {
            width: 70,
            height: 30,
        },
    );
    assert_eq!(app.reader().unwrap().current_hit(), Some(3));
    update(&mut app, Action::NextMatch);
    assert_eq!(app.reader().unwrap().current_hit(), Some(4));
}

mod any_sequence {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            3 => prop::sample::select(vec![
                Action::Down, Action::Up, Action::HalfPageDown, Action::HalfPageUp,
                Action::PageDown, Action::PageUp, Action::Top, Action::Bottom,
                Action::SwitchFocus, Action::Open, Action::Back, Action::TagPicker,
                Action::ClearTags, Action::Search, Action::NextMatch, Action::PrevMatch,
                Action::CycleSort, Action::Outline, Action::Help, Action::Diagnostics,
                Action::DeleteBack, Action::ClearInput, Action::ToggleRead,
                Action::UnreadOnly, Action::Star, Action::StarredOnly,
            ]),
            2 => prop::sample::select(vec!['r', 'a', ' ', '京', 'Ａ', 'ｶ', 'ﾞ', '旅', 'z'])
                .prop_map(Action::Insert),
            1 => (0u16..130, 0u16..45).prop_map(|(width, height)| Action::Resize { width, height }),
            1 => (0u16..130, 0u16..45, -6i16..6)
                .prop_map(|(column, row, rows)| Action::Wheel { column, row, rows }),
            1 => (0u16..130, 0u16..45).prop_map(|(column, row)| Action::Click { column, row }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn no_sequence_of_actions_breaks_the_rules_or_the_screen(
            width in 0u16..130,
            height in 0u16..45,
            actions in prop::collection::vec(action(), 0..60),
        ) {
            let mut app = app(library_with_problems(), width, height);
            for action in actions {
                if action == Action::Quit {
                    continue;
                }
                update(&mut app, action);
                check(&app);
            }
            let _ = draw(&app);
        }
    }
}

fn outlined() -> kiji::ui::App {
    let body = format!(
        "Intro line.\n\n## First part\n\n{}## Second part\n\n{}### A detail\n\n{}",
        paragraphs("the first part", 10),
        paragraphs("the second part", 10),
        paragraphs("the detail", 10)
    );
    let mut library = library();
    library.posts.truncate(1);
    library.posts[0].body = body;
    app(library, 80, 24)
}

#[test]
fn the_outline_lists_headings_and_jumps_to_the_one_chosen() {
    let mut app = outlined();
    update(&mut app, Action::Open);
    update(&mut app, Action::Outline);
    assert_eq!(app.overlay(), Some(&Overlay::Outline { cursor: 0 }));
    let headings: Vec<String> = app
        .reader()
        .unwrap()
        .document()
        .headings
        .iter()
        .map(|h| h.text.clone())
        .collect();
    assert_eq!(headings, ["First part", "Second part", "A detail"]);

    apply(
        &mut app,
        &[Action::Down, Action::Down, Action::Down, Action::Open],
    );
    assert_eq!(app.overlay(), None);
    let reader = app.reader().unwrap();
    let detail = &reader.document().headings[2];
    assert_eq!(
        reader.scroll(),
        detail.row,
        "the chosen heading is the top row"
    );
    assert!(
        reader.document().rows[detail.row]
            .text()
            .contains("A detail")
    );

    // Opened again, the outline starts at the heading the reader is in.
    update(&mut app, Action::Up);
    update(&mut app, Action::Outline);
    assert_eq!(app.overlay(), Some(&Overlay::Outline { cursor: 1 }));
    update(&mut app, Action::Back);
    assert_eq!(app.overlay(), None);
}

#[test]
fn the_outline_needs_an_open_post_with_headings() {
    let mut app = narrow();
    update(&mut app, Action::Outline);
    assert_eq!(app.overlay(), None, "no post open");
    assert_eq!(app.message(), Some("open a post to see its outline"));
    update(&mut app, Action::Open);
    update(&mut app, Action::Outline);
    assert_eq!(app.overlay(), None, "this post has no headings");
    assert_eq!(app.message(), Some("this post has no headings"));
}
