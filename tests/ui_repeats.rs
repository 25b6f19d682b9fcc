//! The reader on a post with repeated passages: folded to one row each by default, `z` to
//! unfold and fold again, Enter to go where a folded passage first appeared, search that
//! unfolds to show matches inside folds, and the place kept through all of it.

mod ui_support;

use insta::assert_snapshot;
use kiji::loader::parse_post;
use kiji::model::Library;
use kiji::style::Role;
use kiji::ui::{Action, App, update};
use ui_support::*;

const FIXTURE: &str = include_str!("fixtures/repeated-drafts.md");

fn reader_app(width: u16, height: u16) -> App {
    let post = parse_post("posts/repeated-drafts.md".as_ref(), FIXTURE.as_bytes())
        .0
        .expect("the fixture loads");
    let library = Library {
        posts: vec![post],
        diagnostics: vec![],
    };
    let mut app = app(library, width, height);
    update(&mut app, Action::Open);
    app
}

fn fold_rows(app: &App) -> Vec<usize> {
    let doc = app.reader().unwrap().document();
    doc.folds.iter().map(|f| f.rows.start).collect()
}

fn top_text(app: &App) -> String {
    let reader = app.reader().unwrap();
    reader.document().rows[reader.scroll()].text()
}

#[test]
fn the_folded_reader_at_60x30() {
    let mut app = reader_app(60, 30);
    apply(&mut app, &[Action::HalfPageDown]);
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
    let fold = fold_rows(&app)[0];
    let row = &app.reader().unwrap().document().rows[fold];
    assert!(row.spans.iter().all(|s| s.role == Role::Fold));
    let screen = screen_text(&terminal);
    assert!(
        screen.contains("⋯ 3 paragraphs repeated from above (row 13) — z"),
        "{screen}"
    );
    assert_eq!(app.reader().unwrap().document().folds[0].target, Some(12));
}

#[test]
fn z_unfolds_and_folds_again_keeping_the_place() {
    let mut app = reader_app(60, 30);
    let folded_rows = app.reader().unwrap().document().rows.len();
    assert_eq!(fold_rows(&app).len(), 1);
    apply(&mut app, &[Action::Down, Action::Down, Action::Down]);
    let top = top_text(&app);
    update(&mut app, Action::ToggleFolds);
    let reader = app.reader().unwrap();
    assert!(!reader.folded());
    assert!(reader.document().folds.is_empty());
    assert!(reader.document().rows.len() > folded_rows);
    assert_eq!(top_text(&app), top);
    update(&mut app, Action::ToggleFolds);
    assert!(app.reader().unwrap().folded());
    assert_eq!(app.reader().unwrap().document().rows.len(), folded_rows);
    assert_eq!(top_text(&app), top);
}

#[test]
fn enter_on_a_fold_goes_where_its_text_first_appeared() {
    let mut app = reader_app(60, 30);
    let fold = fold_rows(&app)[0];
    let height = app.text_height();
    // The fold at the top of the screen.
    apply(&mut app, &[Action::Bottom]);
    let reader = app.reader().unwrap();
    assert!(reader.scroll() <= fold && fold < reader.scroll() + height);
    update(&mut app, Action::Open);
    let reader = app.reader().unwrap();
    let target = reader.document().folds[0]
        .target
        .expect("a whole layout knows the row");
    assert_eq!(reader.scroll(), target);
    assert!(
        top_text(&app).starts_with("昼休みには別の断片を書く"),
        "{}",
        top_text(&app)
    );
}

#[test]
fn search_unfolds_to_show_matches_inside_a_fold() {
    let mut app = reader_app(60, 30);
    update(&mut app, Action::Search);
    type_text(&mut app, "夕方になると");
    let reader = app.reader().unwrap();
    assert!(!reader.folded(), "the copy inside the fold is shown");
    assert_eq!(reader.hit_count(), 2);
}

#[test]
fn search_for_text_outside_folds_leaves_them_folded() {
    let mut app = reader_app(60, 30);
    update(&mut app, Action::Search);
    type_text(&mut app, "朝の電車");
    let reader = app.reader().unwrap();
    assert!(reader.folded());
    assert_eq!(reader.hit_count(), 1);
}

#[test]
fn a_resize_keeps_the_place_inside_the_folded_layout() {
    let mut app = reader_app(60, 30);
    apply(&mut app, &[Action::Bottom]);
    let top = top_text(&app);
    update(
        &mut app,
        Action::Resize {
            width: 44,
            height: 30,
        },
    );
    update(
        &mut app,
        Action::Resize {
            width: 60,
            height: 30,
        },
    );
    assert!(app.reader().unwrap().folded());
    assert_eq!(top_text(&app), top);
}

#[test]
fn the_header_times_what_is_shown() {
    let mut app = reader_app(80, 30);
    let header = app.reader().unwrap().document().rows[1].text();
    assert!(
        header.contains("≈ 1 min (declared 2 min) · 33% repeated"),
        "{header}"
    );
    update(&mut app, Action::ToggleFolds);
    let header = app.reader().unwrap().document().rows[1].text();
    assert!(header.contains("≈ 2 min (declared 2 min)"), "{header}");
    assert!(!header.contains("repeated"), "{header}");
}

#[test]
fn fold_repeats_off_in_the_config_shows_everything_and_z_folds() {
    let post = parse_post("posts/r.md".as_ref(), FIXTURE.as_bytes())
        .0
        .unwrap();
    let library = Library {
        posts: vec![post],
        diagnostics: vec![],
    };
    let mut app = App::new(library).with_fold_repeats(false);
    update(
        &mut app,
        Action::Resize {
            width: 60,
            height: 30,
        },
    );
    update(&mut app, Action::Open);
    assert!(!app.reader().unwrap().folded());
    update(&mut app, Action::ToggleFolds);
    assert!(app.reader().unwrap().folded());
    assert_eq!(fold_rows(&app).len(), 1);
}

#[test]
fn minutes_left_count_only_what_is_shown() {
    let long = |n: usize| {
        format!(
            "第{n}段落。{}",
            "同じ話を長く続けて読む時間を稼ぐための文章です。".repeat(40)
        )
    };
    let body: Vec<String> = [0, 1, 2, 0, 1, 2, 3].iter().map(|&n| long(n)).collect();
    let text = format!("---\ntitle: 長い記事\n---\n\n{}\n", body.join("\n\n"));
    let post = parse_post("posts/long.md".as_ref(), text.as_bytes())
        .0
        .unwrap();
    let all = post.reading_minutes(Default::default());
    let unique = post.unique_reading_minutes(Default::default());
    assert!(unique < all);
    let library = Library {
        posts: vec![post],
        diagnostics: vec![],
    };
    let mut app = app(library, 60, 30);
    update(&mut app, Action::Open);
    let folded = app.reading_position().unwrap().minutes_left.unwrap();
    assert!(folded <= unique, "{folded} of {unique}");
    update(&mut app, Action::ToggleFolds);
    let unfolded = app.reading_position().unwrap().minutes_left.unwrap();
    assert!(unfolded > unique && unfolded <= all, "{unfolded} of {all}");
}

#[test]
fn the_post_list_marks_a_post_with_repeats_and_times_it_once() {
    let post = parse_post("posts/r.md".as_ref(), FIXTURE.as_bytes())
        .0
        .unwrap();
    let library = Library {
        posts: vec![post],
        diagnostics: vec![],
    };
    let app = app(library, 60, 20);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("1 min ⋯"), "{screen}");
}
