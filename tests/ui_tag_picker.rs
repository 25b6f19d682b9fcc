//! The tag picker driven with actions, as fzf and telescope behave: typing always types
//! (spaces too), Tab toggles (Space only while nothing is typed), Enter applies and closes,
//! Esc puts back the tags selected before, and each tag's count is the number of posts the
//! list would show with that tag added.

mod ui_support;

use kiji::model::Library;
use kiji::ui::app::Overlay;
use kiji::ui::{Action, App, update};
use ui_support::*;

/// Posts whose tags overlap, one of them with a space: `Service Mesh`.
fn mesh_library() -> Library {
    let body = paragraphs("meshes", 2);
    Library {
        posts: vec![
            post(
                "a.md",
                "Mesh one",
                Some("2024-03-01"),
                &["Service Mesh", "SOFAMesh"],
                &body,
            ),
            post(
                "b.md",
                "Mesh two",
                Some("2024-02-01"),
                &["Service Mesh", "Istio"],
                &body,
            ),
            post(
                "c.md",
                "Sofa only",
                Some("2024-01-01"),
                &["SOFAMesh", "RPC"],
                &body,
            ),
            post("d.md", "Plain", Some("2023-12-01"), &["RPC"], &body),
        ],
        diagnostics: vec![],
    }
}

fn mesh_app() -> App {
    app(mesh_library(), 100, 30)
}

fn picker(app: &App) -> &kiji::ui::app::TagPicker {
    match app.overlay() {
        Some(Overlay::TagPicker(picker)) => picker,
        other => panic!("the picker is not open: {other:?}"),
    }
}

/// The picker's entries as (tag, count shown), in order.
fn entries(app: &App) -> Vec<(String, usize)> {
    picker(app)
        .entries
        .iter()
        .map(|&i| (app.labels()[i].label.clone(), app.counts_if_added()[i]))
        .collect()
}

fn count_of(app: &App, tag: &str) -> usize {
    let i = app.labels().iter().position(|l| l.label == tag).unwrap();
    app.counts_if_added()[i]
}

#[test]
fn typing_a_space_types_it_and_narrows_to_a_tag_with_a_space() {
    let mut app = mesh_app();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "Service Mesh");
    assert_eq!(picker(&app).typed, "Service Mesh");
    assert_eq!(entries(&app), [("Service Mesh".to_owned(), 2)]);
    assert!(app.tag_filter().is_empty(), "typing toggled nothing");
}

#[test]
fn enter_applies_the_tag_under_the_cursor_and_closes() {
    let mut app = mesh_app();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "Service Mesh");
    update(&mut app, Action::Open);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.tag_filter(), ["Service Mesh"]);
    assert_eq!(titles(&app), ["Mesh one", "Mesh two"]);
}

#[test]
fn enter_after_toggling_keeps_exactly_what_was_toggled() {
    let mut app = mesh_app();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "rpc");
    update(&mut app, Action::Toggle);
    update(&mut app, Action::Toggle);
    update(&mut app, Action::Open);
    assert_eq!(app.overlay(), None);
    assert!(
        app.tag_filter().is_empty(),
        "toggled on then off: Enter adds nothing"
    );
}

#[test]
fn escape_restores_the_tags_selected_before_the_picker_opened() {
    let mut app = mesh_app();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "rpc");
    update(&mut app, Action::Open);
    assert_eq!(app.tag_filter(), ["RPC"]);

    update(&mut app, Action::TagPicker);
    // The first entry is RPC (most used, then by name): toggled off.
    update(&mut app, Action::Toggle);
    type_text(&mut app, "sofa");
    update(&mut app, Action::Toggle);
    assert_ne!(
        app.tag_filter(),
        ["RPC"],
        "the filter follows while picking"
    );
    update(&mut app, Action::Back);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.tag_filter(), ["RPC"]);
    assert_eq!(titles(&app), ["Sofa only", "Plain"]);
}

#[test]
fn space_toggles_only_while_nothing_is_typed() {
    let mut app = mesh_app();
    update(&mut app, Action::TagPicker);
    let first = app.labels()[picker(&app).entries[0]].label.clone();
    update(&mut app, Action::Insert(' '));
    assert_eq!(app.tag_filter(), [first.as_str()]);
    assert_eq!(picker(&app).typed, "");
    type_text(&mut app, "a ");
    assert_eq!(picker(&app).typed, "a ");
    assert_eq!(app.tag_filter(), [first.as_str()], "the space was typed");
}

#[test]
fn counts_follow_the_selection_as_posts_left_if_the_tag_is_added() {
    let mut app = mesh_app();
    update(&mut app, Action::TagPicker);
    // Nothing selected: how many posts carry each tag.
    assert_eq!(count_of(&app, "Service Mesh"), 2);
    assert_eq!(count_of(&app, "SOFAMesh"), 2);
    assert_eq!(count_of(&app, "RPC"), 2);
    assert_eq!(count_of(&app, "Istio"), 1);

    type_text(&mut app, "Service Mesh");
    update(&mut app, Action::Toggle);
    assert_eq!(titles(&app), ["Mesh one", "Mesh two"]);
    // With Service Mesh selected, each count is what adding the tag would leave.
    assert_eq!(
        count_of(&app, "Service Mesh"),
        2,
        "selected: what is listed"
    );
    assert_eq!(count_of(&app, "SOFAMesh"), 1);
    assert_eq!(count_of(&app, "Istio"), 1);
    assert_eq!(count_of(&app, "RPC"), 0, "no post carries both");

    update(&mut app, Action::ClearInput);
    type_text(&mut app, "sofa");
    update(&mut app, Action::Toggle);
    assert_eq!(titles(&app), ["Mesh one"]);
    assert_eq!(count_of(&app, "Istio"), 0);
    assert_eq!(count_of(&app, "SOFAMesh"), 1);
}

#[test]
fn a_tag_that_leaves_no_post_is_dimmed_and_choosing_it_says_why_the_list_is_empty() {
    let mut app = mesh_app();
    update(&mut app, Action::TagPicker);
    type_text(&mut app, "istio");
    update(&mut app, Action::Toggle);
    update(&mut app, Action::ClearInput);
    type_text(&mut app, "rpc");
    let screen = draw(&app);
    let lines = screen_lines(&screen);
    let row = lines.iter().position(|l| l.contains("[ ] RPC")).unwrap();
    let y = row as u16;
    let x = lines[row].chars().position(|c| c == 'R').unwrap() as u16;
    let dimmed = app.theme().hint();
    assert_eq!(
        screen.backend().buffer()[(x, y)].fg,
        dimmed.fg.unwrap(),
        "RPC is dimmed"
    );
    assert!(
        lines[row]
            .trim_end()
            .trim_end_matches('│')
            .trim_end()
            .ends_with(" 0")
    );

    update(&mut app, Action::Toggle);
    assert!(titles(&app).is_empty());
    let message = app.message().unwrap();
    assert!(
        message.contains("no post carries all of Istio + RPC"),
        "{message}"
    );
}

#[test]
fn counts_follow_the_other_filters_too() {
    let mut app = mesh_app();
    update(&mut app, Action::Search);
    type_text(&mut app, "Sofa only");
    update(&mut app, Action::Open);
    assert_eq!(titles(&app), ["Sofa only"]);
    update(&mut app, Action::TagPicker);
    assert_eq!(count_of(&app, "Service Mesh"), 0);
    assert_eq!(count_of(&app, "RPC"), 1);
}
