//! Pictures in the reader, driven headless: the picture worker's jobs are run on the test's
//! thread ([`settle`]), then the screen is drawn on a `TestBackend`. Half-blocks, so the
//! screen is the same on every machine.

mod ui_support;

use std::path::Path;

use insta::assert_snapshot;
use kiji::model::Library;
use kiji::ui::pictures::{Pictures, work};
use kiji::ui::{Action, App, update};
use ratatui::style::Color;
use ratatui_image::picker::Picker;
use ui_support::*;

/// A 120×60 PNG: a blue-to-orange gradient, a dark band across its lower third.
fn write_png(file: &Path) {
    let image = image::RgbImage::from_fn(120, 60, |x, y| {
        if y > 40 {
            image::Rgb([20, 30, 40])
        } else {
            image::Rgb([(x * 2) as u8, 90, 255 - (x * 2) as u8])
        }
    });
    image.save(file).unwrap();
}

/// A post on disk with `image` as its picture, a paragraph before it and many after.
fn post_with_picture(dir: &Path, image: &str) -> Library {
    let body = format!(
        "Before the picture.\n\n![A gradient over a dark band]({image})\n\n{}",
        paragraphs("the evening", 12)
    );
    let path = dir.join("post.md");
    std::fs::write(&path, &body).unwrap();
    Library {
        posts: vec![post(
            path.to_str().unwrap(),
            "An evening",
            Some("2025-02-10"),
            &[],
            &body,
        )],
        ..Library::default()
    }
}

fn picture_app(library: Library, width: u16, height: u16) -> App {
    let pictures = Pictures::new(Some(Picker::halfblocks()), 8);
    let mut app = App::new(library).with_pictures(pictures);
    update(&mut app, Action::Resize { width, height });
    app
}

/// Runs the picture work the app asks for until it asks for none (as the worker would,
/// one job after another).
fn settle(app: &mut App) -> usize {
    let mut done = 0;
    for _ in 0..10 {
        let jobs = app.take_picture_jobs();
        if jobs.is_empty() {
            return done;
        }
        for job in jobs {
            app.apply_picture(work(job));
            done += 1;
        }
    }
    panic!("the picture jobs never ended");
}

fn top_text(app: &App) -> String {
    let reader = app.reader().unwrap();
    reader.document().rows[reader.scroll()].text()
}

#[test]
fn reader_with_a_half_block_picture() {
    let dir = tempfile::tempdir().unwrap();
    write_png(&dir.path().join("pic.png"));
    let mut app = picture_app(post_with_picture(dir.path(), "pic.png"), 60, 20);
    update(&mut app, Action::Open);
    assert_eq!(settle(&mut app), 2, "one size, one drawing");
    let terminal = draw(&app);
    assert_snapshot!(terminal.backend());
    // The picture's rows are half-blocks in the picture's colours: the gradient's blue at
    // the left of its top row, the dark band's colour at the bottom.
    let document = app.reader().unwrap().document();
    let place = &document.pictures[0];
    let buffer = terminal.backend().buffer();
    let text = app.panes().text.unwrap();
    let (x, top) = (text.x, text.y + place.rows.start as u16);
    let cell = &buffer[(x, top)];
    assert!(
        matches!(cell.fg, Color::Rgb(_, _, b) if b > 200),
        "{:?}",
        cell.fg
    );
    assert!(
        matches!(cell.bg, Color::Rgb(_, _, b) if b > 200),
        "{:?}",
        cell.bg
    );
    let bottom = &buffer[(x, text.y + place.rows.end as u16 - 1)];
    assert!(
        matches!(bottom.bg, Color::Rgb(20, 30, 40)),
        "{:?}",
        bottom.bg
    );
    assert_eq!(
        buffer[(x + place.columns as u16, top)].bg,
        Color::Reset,
        "no wider"
    );
    assert_eq!(
        document.rows[place.rows.end].text(),
        "A gradient over a dark band[1]"
    );
}

#[test]
fn the_reader_keeps_its_place_when_a_picture_above_it_arrives_and_on_resize() {
    let dir = tempfile::tempdir().unwrap();
    write_png(&dir.path().join("pic.png"));
    let mut app = picture_app(post_with_picture(dir.path(), "pic.png"), 60, 20);
    update(&mut app, Action::Open);
    // Read on before the worker answers: the picture is still its alt text.
    for _ in 0..12 {
        update(&mut app, Action::Down);
    }
    let before = top_text(&app);
    assert!(before.starts_with("Paragraph"), "{before}");
    let (place, scroll) = (
        app.reader().unwrap().place(),
        app.reader().unwrap().scroll(),
    );
    settle(&mut app);
    assert!(!app.reader().unwrap().document().pictures.is_empty());
    assert!(
        app.reader().unwrap().scroll() > scroll,
        "rows were added above"
    );
    assert_eq!(top_text(&app), before, "and the text stays at the top");
    assert_eq!(app.reader().unwrap().place(), place);
    // Narrower, the picture takes other rows; the place is still the paragraph's.
    update(
        &mut app,
        Action::Resize {
            width: 40,
            height: 20,
        },
    );
    settle(&mut app);
    let paragraph = before.split('.').next().unwrap().to_string();
    assert!(top_text(&app).starts_with(&paragraph), "{}", top_text(&app));
    update(
        &mut app,
        Action::Resize {
            width: 60,
            height: 20,
        },
    );
    assert_eq!(top_text(&app), before, "and back where it was");
    // Left and opened again, the post resumes at the same text, the picture above it.
    update(&mut app, Action::Back);
    update(&mut app, Action::Open);
    assert_eq!(top_text(&app), before);
}

#[test]
fn a_corrupt_picture_is_its_alt_text_and_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    // A PNG signature, then nothing a decoder can use.
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend([0xFF; 64]);
    std::fs::write(dir.path().join("pic.png"), bytes).unwrap();
    let mut app = picture_app(post_with_picture(dir.path(), "pic.png"), 60, 20);
    update(&mut app, Action::Open);
    settle(&mut app);
    let document = app.reader().unwrap().document();
    assert!(document.pictures.is_empty());
    assert!(
        document
            .rows
            .iter()
            .any(|r| r.text() == "[image: A gradient over a dark band][1]")
    );
    let diagnostics = &app.library().diagnostics;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].message.contains("pic.png could not be read"));
}

#[test]
fn a_missing_picture_is_its_alt_text_and_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = picture_app(post_with_picture(dir.path(), "/images/gone.png"), 60, 20);
    update(&mut app, Action::Open);
    assert_eq!(settle(&mut app), 1, "asked for its size, nothing more");
    let diagnostics = &app.library().diagnostics;
    assert!(
        diagnostics[0]
            .message
            .contains("/images/gone.png is not on disk")
    );
    assert_eq!(
        app.message(),
        Some("an image in this post cannot be shown (!)")
    );
}

#[test]
fn a_remote_picture_is_never_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = picture_app(
        post_with_picture(dir.path(), "https://example.com/a.png"),
        60,
        20,
    );
    update(&mut app, Action::Open);
    assert_eq!(settle(&mut app), 0);
    assert!(app.library().diagnostics.is_empty());
}
