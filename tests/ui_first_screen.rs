//! A long post's first screen from its first part: the reader shows the beginning of a post
//! over `first_part::LONG_POST_BYTES` at once, the event loop's worker lays the whole post
//! out, and the reader swaps it in at the same place. Meanwhile the percentage comes from the
//! bytes; `G` or a deep place shows the part of the post around it laid out alone (the whole
//! read, only the blocks there laid out).
//! Short posts are laid out whole at once, as before.

mod ui_support;

use std::sync::mpsc;
use std::time::Duration;

use kiji::layout::first_part::LONG_POST_BYTES;
use kiji::model::Library;
use kiji::ui::{Action, App, LaidOut, update};
use ui_support::*;

/// About 600 KB: numbered sections of paragraphs, a last paragraph to find at the end, and a
/// reference link there whose definition ends the post.
fn long_body() -> String {
    long_body_opening_with("Read the sections in order.\n\n")
}

fn long_body_opening_with(opening: &str) -> String {
    let mut body = String::from(opening);
    let mut section = 0;
    while body.len() < LONG_POST_BYTES * 2 + 100_000 {
        section += 1;
        body.push_str(&format!("## Section {section}\n\n"));
        body.push_str(&paragraphs(&format!("section {section}"), 8));
    }
    body.push_str(
        "See [the guide][guide].\n\nThe very last paragraph of the long post.\n\n\
         [guide]: https://guide.test\n",
    );
    body
}

fn long_app(width: u16, height: u16) -> App {
    long_app_with(width, height, &long_body())
}

fn long_app_with(width: u16, height: u16, body: &str) -> App {
    let library = Library {
        posts: vec![post("posts/long.md", "Long", None, &[], body)],
        diagnostics: vec![],
    };
    sized(App::new(library).lay_out_in_background(), width, height)
}

/// `app` in a terminal `width` × `height`.
fn sized(mut app: App, width: u16, height: u16) -> App {
    update(&mut app, Action::Resize { width, height });
    app
}

/// Runs the worker on a thread of its own, as the event loop does, and waits for it (up to
/// a deadline, in case it hangs).
fn lay_out_on_a_worker(app: &mut App) -> LaidOut {
    let request = app
        .take_layout_request()
        .expect("the whole layout is asked for");
    let (sender, done) = mpsc::channel();
    std::thread::spawn(move || sender.send(request.lay_out()));
    done.recv_timeout(Duration::from_secs(60))
        .expect("the worker lays the post out")
}

/// Lays the post out whole on a worker and hands it over: the whole layout replaces the part
/// and shows `screen`, the text lines the part showed.
fn the_whole_lands_on(app: &mut App, screen: &[String]) {
    let done = lay_out_on_a_worker(app);
    app.laid_out(done);
    assert!(!partial(app));
    assert_eq!(text_lines(app), screen);
}

fn partial(app: &App) -> bool {
    app.reader().unwrap().document().partial.is_some()
}

/// The text pane's lines (the status line, which counts rows, left out).
fn text_lines(app: &App) -> Vec<String> {
    let mut lines = screen_lines(&draw(app));
    lines.pop();
    lines
}

#[test]
fn a_long_post_shows_its_first_part_then_the_whole_in_the_same_place() {
    let mut app = long_app(70, 20);
    update(&mut app, Action::Open);
    assert!(partial(&app), "a long post opens on its first part");
    let part_rows = app.reader().unwrap().document().rows.len();
    assert!(part_rows >= 19, "the part fills the screen: {part_rows}");
    let first = screen_text(&draw(&app));
    assert!(first.contains("Long"), "{first}");
    assert!(first.contains("Read the sections in order."), "{first}");
    apply(&mut app, &[Action::PageDown, Action::Down, Action::Down]);
    let scroll = app.reader().unwrap().scroll();
    let before = text_lines(&app);

    let done = lay_out_on_a_worker(&mut app);
    app.laid_out(done);

    let reader = app.reader().unwrap();
    assert!(!partial(&app), "the whole layout replaced the part");
    assert!(reader.document().rows.len() > part_rows * 10);
    assert_eq!(reader.scroll(), scroll, "the same place");
    assert_eq!(text_lines(&app), before, "the same screen");
    assert!(
        app.take_layout_request().is_none(),
        "laid out whole once, not asked again"
    );
}

#[test]
fn the_percentage_of_a_first_part_comes_from_the_bytes_not_its_rows() {
    let mut app = long_app(70, 20);
    update(&mut app, Action::Open);
    apply(&mut app, &[Action::PageDown; 3]);
    let position = app.reading_position().unwrap();
    let reader = app.reader().unwrap();
    let rows = reader.document().rows.len();
    let bottom = reader.scroll() + app.text_height();
    let from_rows = bottom * 100 / rows;
    let body = app.posts()[0].body.len();
    let from_bytes = reader.bottom_offset(app.text_height()) * 100 / body;
    assert!(from_rows > 20, "the part's rows would say {from_rows}%");
    assert_eq!(usize::from(position.percent), from_bytes);
    assert!(!position.rows_known);
    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(status.contains(&format!("{from_bytes}%")), "{status}");
    assert!(
        status.contains(&format!("/{rows}+")),
        "the rows so far: {status}"
    );

    let done = lay_out_on_a_worker(&mut app);
    app.laid_out(done);
    let position = app.reading_position().unwrap();
    assert!(position.rows_known);
    assert!(usize::from(position.percent) <= from_bytes + 1);
}

#[test]
fn g_pressed_before_the_whole_layout_lands_shows_the_end_laid_out_alone() {
    let mut app = long_app(70, 20);
    update(&mut app, Action::Open);
    update(&mut app, Action::Bottom);
    let part = app.reader().unwrap().document().partial.expect("a part");
    assert!(
        part.reaches_end() && !part.starts_at_top(),
        "the end, laid out alone: {part:?}"
    );
    let reader = app.reader().unwrap();
    assert_eq!(reader.scroll(), reader.max_scroll(app.text_height()));
    let end = text_lines(&app);
    let status = screen_lines(&draw(&app)).pop().unwrap();
    let screen = end.join("\n");
    assert!(screen.contains("[1] guide: https://guide.test"), "{screen}");
    assert!(screen.contains("The very last paragraph"), "{screen}");
    assert!(
        status.contains("100%") && status.contains("end"),
        "{status}"
    );
    assert!(
        !status.contains("row"),
        "the rows above the part are not counted yet: {status}"
    );

    let done = lay_out_on_a_worker(&mut app);
    app.laid_out(done);

    assert!(!partial(&app));
    let reader = app.reader().unwrap();
    assert_eq!(reader.scroll(), reader.max_scroll(app.text_height()));
    assert_eq!(
        text_lines(&app),
        end,
        "the whole layout ends as the part did"
    );
    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(
        status.contains("100%") && status.contains("row"),
        "{status}"
    );
}

#[test]
fn g_in_a_post_whose_repeats_fold_shows_the_end_folded_and_the_row_when_the_whole_lands() {
    let repeated = "This paragraph is pasted twice, once near the top and once near the end, \
                    long enough to count as a passage.\n\n";
    let body = long_body_opening_with(repeated).replace(
        "See [the guide][guide].",
        &format!("{repeated}See [the guide][guide]."),
    );
    let mut app = long_app_with(70, 20, &body);
    update(&mut app, Action::Open);
    update(&mut app, Action::Bottom);
    let part = app.reader().unwrap().document().partial.expect("a part");
    assert!(
        part.reaches_end() && !part.starts_at_top(),
        "the end, laid out alone: {part:?}"
    );
    let end = text_lines(&app);
    // Which row the passage first appeared on is counted from the top: not known yet.
    let label = "⋯ 1 paragraph repeated from above — z";
    assert!(end.iter().any(|line| line.trim() == label), "{end:#?}");
    assert_eq!(end.iter().filter(|l| l.contains("pasted twice")).count(), 0);
    // Enter on the fold: where the passage first appeared is not laid out yet.
    update(&mut app, Action::Open);
    assert_eq!(
        app.message(),
        Some("the rest of this long post is being laid out: a moment")
    );
    assert_eq!(text_lines(&app), end, "the place is kept");

    let done = lay_out_on_a_worker(&mut app);
    app.laid_out(done);
    let reader = app.reader().unwrap();
    assert!(!partial(&app));
    assert_eq!(reader.document().folds.len(), 1, "the repeat is folded");
    assert_eq!(reader.scroll(), reader.max_scroll(app.text_height()));
    let whole = text_lines(&app);
    let numbered = whole
        .iter()
        .position(|line| {
            line.trim_start()
                .starts_with("⋯ 1 paragraph repeated from above (row ")
        })
        .expect("the label names the row now");
    let unnumbered = end.iter().position(|line| line.trim() == label).unwrap();
    assert_eq!(numbered, unnumbered, "the same screen: {whole:#?}");
    for (i, (a, b)) in whole.iter().zip(&end).enumerate() {
        if i != numbered {
            assert_eq!(a, b, "line {i}");
        }
    }
}

#[test]
fn g_then_g_goes_back_to_the_top_before_the_whole_layout_lands() {
    let mut app = long_app(70, 20);
    update(&mut app, Action::Open);
    let top = text_lines(&app);
    apply(&mut app, &[Action::Bottom, Action::Top]);
    let part = app.reader().unwrap().document().partial.expect("a part");
    assert!(part.starts_at_top(), "the first part again: {part:?}");
    assert_eq!(app.reader().unwrap().scroll(), 0);
    assert_eq!(text_lines(&app), top);
}

#[test]
fn a_key_after_g_cancels_it_and_the_place_is_kept() {
    let mut app = long_app(70, 20);
    update(&mut app, Action::Open);
    apply(&mut app, &[Action::Bottom, Action::Up, Action::Up]);
    let screen = text_lines(&app);
    the_whole_lands_on(&mut app, &screen);
}

#[test]
fn a_post_reopened_deep_inside_shows_its_place_before_the_whole_layout_lands() {
    let body = long_body();
    let library = || Library {
        posts: vec![post("posts/long.md", "Long", None, &[], &body)],
        diagnostics: vec![],
    };
    let state = tempfile::tempdir().unwrap();
    let store = || kiji::state::StateStore::open(state.path()).0;
    // A first run, laid out whole, leaves the post at section 300.
    let mut app = sized(App::new(library()).with_state(store()), 70, 20);
    update(&mut app, Action::Open);
    let top_text = |app: &App| {
        let reader = app.reader().unwrap();
        reader.document().rows[reader.scroll()].text()
    };
    while top_text(&app) != "## Section 300" {
        let before = app.reader().unwrap().scroll();
        update(&mut app, Action::Down);
        assert_ne!(app.reader().unwrap().scroll(), before, "no section 300");
    }
    let screen = text_lines(&app);
    update(&mut app, Action::Quit);
    assert_eq!(app.save_state(), None);

    let mut app = sized(
        App::new(library())
            .with_state(store())
            .lay_out_in_background(),
        70,
        20,
    );
    update(&mut app, Action::Open);
    let part = app.reader().unwrap().document().partial.expect("a part");
    assert!(!part.starts_at_top(), "laid out around the place: {part:?}");
    assert_eq!(top_text(&app), "## Section 300");
    assert_eq!(text_lines(&app), screen);

    the_whole_lands_on(&mut app, &screen);
}

#[test]
fn a_reader_on_a_first_part_keeps_a_deeper_place_for_the_whole_layout() {
    use kiji::layout::first_part::layout_first_screen;
    use kiji::layout::{Options, PictureSizes, layout_post};
    use kiji::model::ReadingRates;
    use kiji::ui::reader::Reader;
    use kiji::ui::search::Query;
    use std::sync::Arc;

    let p = post("posts/long.md", "Long", None, &[], &long_body());
    let (rates, options) = (ReadingRates::default(), Options::new(70));
    let part = layout_first_screen(&p, rates, &options, &PictureSizes::new(), 20).unwrap();
    let deep = p.body.find("## Section 300\n").unwrap();
    assert!(deep > part.partial.unwrap().laid_out);
    let mut reader = Reader::new(0, Arc::new(part), 70);
    reader.resume_at(deep, 20);
    assert_eq!(reader.scroll(), 0, "not the part's last row");
    assert_eq!(reader.place(), deep, "kept, and saved as the place");

    reader.relayout(
        Arc::new(layout_post(&p, rates, &options)),
        70,
        20,
        &Query::new(""),
    );
    let rows = &reader.document().rows[reader.scroll()..reader.scroll() + 2];
    assert!(
        rows.iter().any(|r| r.text() == "## Section 300"),
        "{:?}",
        rows.iter().map(|r| r.text()).collect::<Vec<_>>()
    );
}

#[test]
fn searching_a_first_part_does_not_wrap_to_the_first_match() {
    let mut app = long_app(70, 20);
    update(&mut app, Action::Open);
    update(&mut app, Action::Search);
    type_text(&mut app, "section 2.");
    update(&mut app, Action::Open);
    let found = app.reader().unwrap().hit_count();
    assert!(found >= 1);
    for _ in 0..found + 1 {
        update(&mut app, Action::NextMatch);
    }
    assert_eq!(app.reader().unwrap().current_hit(), Some(found));
    assert!(
        app.message().is_some_and(|m| m.contains("being laid out")),
        "{:?}",
        app.message()
    );
    let done = lay_out_on_a_worker(&mut app);
    app.laid_out(done);
    assert!(app.reader().unwrap().hit_count() >= found);
}

#[test]
fn a_short_post_is_laid_out_whole_at_once() {
    let library = Library {
        posts: vec![post(
            "posts/short.md",
            "Short",
            None,
            &[],
            &paragraphs("short", 100),
        )],
        diagnostics: vec![],
    };
    assert!(library.posts[0].body.len() < LONG_POST_BYTES);
    let mut app = sized(App::new(library).lay_out_in_background(), 70, 20);
    update(&mut app, Action::Open);
    assert!(!partial(&app));
    assert!(app.take_layout_request().is_none());
    update(&mut app, Action::Bottom);
    let reader = app.reader().unwrap();
    assert_eq!(reader.scroll(), reader.max_scroll(app.text_height()));
}

#[test]
fn without_the_worker_a_long_post_is_laid_out_whole_as_before() {
    let library = Library {
        posts: vec![post("posts/long.md", "Long", None, &[], &long_body())],
        diagnostics: vec![],
    };
    let mut app = app(library, 70, 20);
    update(&mut app, Action::Open);
    assert!(!partial(&app));
}

#[test]
fn a_long_post_whose_beginning_names_a_later_definition_is_laid_out_whole() {
    // Only the whole post's reading can say whether `[guide]: …` at the end defines the link
    // (it might stand in code): such a post opens laid out whole, its link resolved.
    let body = long_body_opening_with("See [the guide][guide] before reading on.\n\n");
    let mut app = long_app_with(70, 20, &body);
    update(&mut app, Action::Open);
    assert!(!partial(&app), "laid out whole");
    let first = screen_text(&draw(&app));
    assert!(first.contains("See the guide[1] before"), "{first}");
}

#[test]
fn a_long_post_shown_whole_stays_whole_when_its_code_is_highlighted_until_the_colour_lands() {
    use kiji::layout::{Highlighting, Role, layout_post};
    let body = long_body_opening_with(
        "```rust\nfn main() {\n    let title = \"記事\"; // a comment\n}\n```\n\n",
    );
    let library = Library {
        posts: vec![post("posts/long.md", "Long", None, &[], &body)],
        diagnostics: vec![],
    };
    let app = App::new(library)
        .highlight_in_background()
        .lay_out_in_background();
    let mut app = sized(app, 70, 20);
    update(&mut app, Action::Open);
    let done = lay_out_on_a_worker(&mut app);
    app.laid_out(done);
    apply(&mut app, &[Action::Down, Action::Down]);
    let reader = app.reader().unwrap();
    assert!(!partial(&app) && reader.document().highlight_pending);
    let scroll = reader.scroll();
    let screen = text_lines(&app);
    let coloured = |app: &App| {
        app.reader()
            .unwrap()
            .document()
            .rows
            .iter()
            .flat_map(|r| &r.spans)
            .any(|s| s.role == Role::CodeString)
    };
    assert!(!coloured(&app));

    // The highlighting worker, as the event loop runs it.
    let request = app
        .take_highlight_request()
        .expect("highlighting is asked for");
    let options = kiji::layout::Options {
        highlighting: Highlighting::Now,
        ..request.options
    };
    layout_post(&request.post, request.rates, &options);
    app.highlighted();
    assert!(
        !partial(&app),
        "the whole layout stays: no part in its place"
    );
    let status = screen_lines(&draw(&app)).pop().unwrap();
    assert!(
        status.contains("row 3/"),
        "the rows are still counted: {status}"
    );

    let done = lay_out_on_a_worker(&mut app);
    app.laid_out(done);
    let reader = app.reader().unwrap();
    assert!(!partial(&app) && !reader.document().highlight_pending);
    assert!(coloured(&app), "in colour now");
    assert_eq!(reader.scroll(), scroll);
    assert_eq!(text_lines(&app), screen);
}
