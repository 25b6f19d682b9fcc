//! What the reader remembers, driven through `update` with no terminal: posts become read
//! when opened, `u`/`m` and `U`/`M`, the place in a post kept across runs and widths, and
//! when the state is written.

mod ui_support;

use kiji::state::StateStore;
use kiji::ui::geometry::Focus;
use kiji::ui::{Action, App, update};
use ui_support::*;

const ITERATORS: &str = "Iterator habits that stuck";

fn index_of(app: &App, title: &str) -> usize {
    app.posts().iter().position(|p| p.title == title).unwrap()
}

fn is_read(app: &App, title: &str) -> bool {
    app.post_state(index_of(app, title)).read
}

fn is_starred(app: &App, title: &str) -> bool {
    app.post_state(index_of(app, title)).starred
}

/// The text of the reader's top row.
fn top_row(app: &App) -> String {
    let reader = app.reader().unwrap();
    reader.document().rows[reader.scroll()].text()
}

/// Scrolls the open post down until its top row starts with `text`.
fn scroll_to_text(app: &mut App, text: &str) {
    while !top_row(app).starts_with(text) {
        let before = app.reader().unwrap().scroll();
        update(app, Action::Down);
        assert_ne!(
            app.reader().unwrap().scroll(),
            before,
            "no row starts {text}"
        );
    }
}

fn open_store(dir: &std::path::Path) -> StateStore {
    let (store, warning) = StateStore::open(dir);
    assert_eq!(warning, None);
    store
}

/// One run of kiji on `library` at `width` × `height` with the state kept in `dir`.
fn run(library: kiji::model::Library, dir: &std::path::Path, width: u16, height: u16) -> App {
    let mut app = App::new(library).with_state(open_store(dir));
    update(&mut app, Action::Resize { width, height });
    app
}

#[test]
fn opening_a_post_makes_it_read_but_previewing_it_does_not() {
    let mut app = app(library(), 120, 40);
    assert!(app.posts().iter().all(|p| !is_read(&app, &p.title)));
    select(&mut app, ITERATORS);
    assert_eq!(reader_title(&app).as_deref(), Some(ITERATORS), "previewed");
    assert!(!is_read(&app, ITERATORS));
    update(&mut app, Action::Open);
    assert_eq!(app.focus(), Focus::Reader);
    assert!(is_read(&app, ITERATORS));
    update(&mut app, Action::Back);
    update(&mut app, Action::Down);
    assert!(!is_read(&app, &selected_title(&app).unwrap()));
}

#[test]
fn switching_focus_to_the_previewed_post_reads_it() {
    let mut app = app(library(), 120, 40);
    update(&mut app, Action::SwitchFocus);
    assert_eq!(app.focus(), Focus::Reader);
    assert!(is_read(&app, &reader_title(&app).unwrap()));
}

#[test]
fn u_toggles_read_on_the_selected_post() {
    let mut app = app(library(), 60, 20);
    select(&mut app, ITERATORS);
    update(&mut app, Action::ToggleRead);
    assert!(is_read(&app, ITERATORS));
    assert_eq!(app.message(), Some("marked read"));
    update(&mut app, Action::ToggleRead);
    assert!(!is_read(&app, ITERATORS));
    // In the reader, `u` acts on the post being read, which opening marked read.
    update(&mut app, Action::Open);
    update(&mut app, Action::ToggleRead);
    assert!(!is_read(&app, ITERATORS));
}

#[test]
fn unread_only_hides_read_posts_and_walks_down_the_list() {
    let mut app = app(library(), 60, 20);
    select(&mut app, ITERATORS);
    update(&mut app, Action::ToggleRead);
    update(&mut app, Action::UnreadOnly);
    assert!(app.unread_only());
    assert!(!titles(&app).contains(&ITERATORS.to_owned()));
    assert_eq!(titles(&app).len(), 4);

    // Reading the selected post keeps it listed while it is open; back in the list it is
    // gone and the post after it is selected.
    select(&mut app, "夏の京都、早朝の散歩");
    let next = titles(&app)[app.selected() + 1].clone();
    update(&mut app, Action::Open);
    assert!(titles(&app).contains(&"夏の京都、早朝の散歩".to_owned()));
    update(&mut app, Action::Back);
    assert!(!titles(&app).contains(&"夏の京都、早朝の散歩".to_owned()));
    assert_eq!(selected_title(&app), Some(next.clone()));

    // Marking from the list does the same.
    update(&mut app, Action::ToggleRead);
    assert!(!titles(&app).contains(&next));
    assert_eq!(titles(&app).len(), 2);

    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(status.contains("unread only"), "{status}");

    update(&mut app, Action::UnreadOnly);
    assert!(!app.unread_only());
    assert_eq!(titles(&app).len(), 5);
    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(!status.contains("unread only"), "{status}");
}

#[test]
fn stars_and_the_starred_only_filter() {
    let mut app = app(library(), 120, 40);
    update(&mut app, Action::StarredOnly);
    assert!(titles(&app).is_empty());
    let text = screen_text(&draw(&app));
    assert!(text.contains("No posts match the filters."), "{text}");
    assert!(text.contains("M lists unstarred posts too"), "{text}");
    update(&mut app, Action::StarredOnly);

    select(&mut app, ITERATORS);
    update(&mut app, Action::Star);
    assert!(is_starred(&app, ITERATORS));
    select(&mut app, "Ideas for next month");
    update(&mut app, Action::Star);
    update(&mut app, Action::StarredOnly);
    assert_eq!(titles(&app), [ITERATORS, "Ideas for next month"]);
    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(status.contains("starred only"), "{status}");

    // Both filters at once: starred and unread.
    update(&mut app, Action::Top);
    update(&mut app, Action::ToggleRead);
    update(&mut app, Action::UnreadOnly);
    assert_eq!(titles(&app), ["Ideas for next month"]);

    // Unstarring under the filter drops the post from the list.
    update(&mut app, Action::Star);
    assert!(titles(&app).is_empty());
    assert!(!is_starred(&app, "Ideas for next month"));
}

#[test]
fn the_list_marks_unread_and_starred_posts() {
    let mut app = app(library(), 120, 40);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    update(&mut app, Action::Back);
    select(&mut app, "Ideas for next month");
    update(&mut app, Action::Star);
    let lines = screen_lines(&draw(&app));
    let line = |title: &str| {
        lines
            .iter()
            .map(|l| l.split('│').next().unwrap().to_owned())
            .find(|l| l.contains(title))
            .unwrap()
    };
    assert!(!line(ITERATORS).contains('●'), "{}", line(ITERATORS));
    assert!(line("夏の京都").contains('●'), "{}", line("夏の京都"));
    assert!(line("Ideas for next month").contains("●★"));
    assert!(!line(ITERATORS).contains('★'));
}

#[test]
fn state_is_saved_when_leaving_a_post_not_on_every_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = run(library(), dir.path(), 60, 20);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    for _ in 0..5 {
        update(&mut app, Action::Down);
        assert!(!app.take_save_request(), "scrolling is no reason to save");
    }
    update(&mut app, Action::Back);
    assert!(app.take_save_request(), "leaving the post is");
    assert!(!app.take_save_request(), "once");
    assert!(app.state().has_unsaved_changes());
    assert_eq!(app.save_state(), None);
    assert!(!app.state().has_unsaved_changes());
    assert!(dir.path().join(kiji::state::STATE_FILE).is_file());
}

#[test]
fn read_and_starred_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = run(library(), dir.path(), 60, 20);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    update(&mut app, Action::Back);
    select(&mut app, "夏の京都、早朝の散歩");
    update(&mut app, Action::Star);
    quit(app);

    let app = run(library(), dir.path(), 60, 20);
    assert!(is_read(&app, ITERATORS));
    assert!(is_starred(&app, "夏の京都、早朝の散歩"));
    assert!(!is_read(&app, "夏の京都、早朝の散歩"));
}

#[test]
fn reopening_a_post_after_a_width_change_lands_on_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = run(library(), dir.path(), 120, 40);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    scroll_to_text(&mut app, "Paragraph 7 about");
    let wide = draw(&app);
    let text_top = app.panes().text.unwrap().y as usize;
    assert!(screen_lines(&wide)[text_top].contains("Paragraph 7 about iterators"));
    quit(app);

    for (width, height) in [(70, 24), (44, 30), (200, 50)] {
        let mut app = run(library(), dir.path(), width, height);
        select(&mut app, ITERATORS);
        update(&mut app, Action::Open);
        let frame = draw(&app);
        let text_top = app.panes().text.unwrap().y as usize;
        let line = screen_lines(&frame)[text_top].clone();
        let line = line.split('│').next_back().unwrap();
        assert!(
            line.trim_start().starts_with("Paragraph 7 about"),
            "at {width} columns the reader starts: {line}"
        );
        // Leaving without moving keeps the place exactly, so widths never make it drift.
        update(&mut app, Action::Back);
        assert_eq!(app.save_state(), None);
        assert!(!app.state().has_unsaved_changes());
    }
}

#[test]
fn a_place_inside_a_paragraph_is_found_in_the_row_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = run(library(), dir.path(), 50, 30);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    scroll_to_text(&mut app, "Paragraph 9 about");
    update(&mut app, Action::Down);
    let place = app.reader().unwrap().place();
    let body = app.posts()[index_of(&app, ITERATORS)].body.clone();
    assert!(!body[..place].ends_with("\n\n"), "inside the paragraph");
    quit(app);

    let mut app = run(library(), dir.path(), 130, 30);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    let reader = app.reader().unwrap();
    let rows = &reader.document().rows;
    let top = reader.scroll();
    assert!(
        rows[top].source_offset <= place,
        "the top row starts before"
    );
    assert!(rows[top + 1].source_offset > place, "and holds the place");
}

#[test]
fn an_edited_post_reopens_at_the_same_text_and_a_cut_one_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = run(library(), dir.path(), 80, 24);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    scroll_to_text(&mut app, "Paragraph 30 about");
    quit(app);

    let edited = |change: &dyn Fn(&str) -> String| {
        let mut library = library();
        let post = library
            .posts
            .iter_mut()
            .find(|p| p.title == ITERATORS)
            .unwrap();
        post.body = change(&post.body);
        library
    };

    let grown = edited(&|body| format!("{}{body}", paragraphs("new openings", 3)));
    let mut app = run(grown, dir.path(), 80, 24);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    assert!(
        top_row(&app).starts_with("Paragraph 30 about"),
        "{}",
        top_row(&app)
    );

    let cut = edited(&|body| body[..body.find("Paragraph 3 about").unwrap()].to_owned());
    let mut app = run(cut, dir.path(), 80, 24);
    select(&mut app, ITERATORS);
    update(&mut app, Action::Open);
    let reader = app.reader().unwrap();
    let height = app.text_height();
    assert!(reader.scroll() <= reader.max_scroll(height));
    draw(&app);
}

#[test]
fn keys_rebound_in_a_config_file_drive_the_state_actions() {
    use kiji::ui::action_for_event;
    use kiji::ui::keymap::CONFIG_SCHEMA;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    let text = "[keys]\ntoggle-read = \"x\"\nstar = [\"ctrl-s\"]\nunread-only = \"R\"\n";
    let loaded = kiji::config::parse(text, "config.toml".as_ref(), &CONFIG_SCHEMA).unwrap();
    let mut app = app(library(), 60, 20).with_keymap(kiji::ui::Keymap::new(loaded.config.keys));
    let press = |app: &mut App, code, modifiers| {
        let event = Event::Key(KeyEvent::new(code, modifiers));
        let action = action_for_event(app, &event);
        if let Some(action) = action {
            update(app, action);
        }
        action
    };
    select(&mut app, ITERATORS);
    let none = KeyModifiers::NONE;
    assert_eq!(press(&mut app, KeyCode::Char('u'), none), None);
    assert_eq!(
        press(&mut app, KeyCode::Char('x'), none),
        Some(Action::ToggleRead)
    );
    assert!(is_read(&app, ITERATORS));
    assert_eq!(
        press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL),
        Some(Action::Star)
    );
    assert!(is_starred(&app, ITERATORS));
    assert_eq!(
        press(&mut app, KeyCode::Char('R'), KeyModifiers::SHIFT),
        Some(Action::UnreadOnly)
    );
    assert!(app.unread_only());
    let help = app.help_lines();
    assert!(
        help.iter()
            .any(|(k, what)| k == "x" && what.contains("read"))
    );
    assert!(
        help.iter()
            .any(|(k, what)| k == "ctrl-s" && what.contains("star"))
    );
}

#[test]
fn no_color_leaves_no_colour_in_any_cell() {
    let mut config = kiji::config::ThemeConfig::default();
    config
        .colors
        .insert("link".into(), kiji::config::Colour::Rgb(0, 200, 0));
    let colour = kiji::style::colour_allowed(Some("1".as_ref()));
    let theme = kiji::render::configured_theme(&config, colour);
    let mut app = app(library(), 120, 40).with_theme(theme);
    select(&mut app, ITERATORS);
    apply(&mut app, &[Action::Star, Action::StarredOnly, Action::Open]);
    update(&mut app, Action::Search);
    type_text(&mut app, "iterators");
    update(&mut app, Action::Open);
    update(&mut app, Action::NextMatch);
    let terminal = draw(&app);
    let text = screen_text(&terminal);
    assert!(
        text.contains('★') && text.contains("starred only"),
        "{text}"
    );
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "fg at ({x}, {y})");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "bg at ({x}, {y})");
        }
    }
}
