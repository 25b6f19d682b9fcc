//! `update(&mut App, Action)`: what each action does, depending on what is on screen. Pure:
//! no terminal, no clock, no files; tests drive it directly.

use super::action::Action;
use super::app::{App, Overlay, TagPicker};
use super::geometry::{self, Focus, LIST_ITEM_HEIGHT};

/// Applies `action` to `app`.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Resize { width, height } => return app.resize(width, height),
        Action::Quit => return app.request_quit(),
        _ => app.clear_message(),
    }
    // Page-down at the end of a post first says which unread post comes next, then opens it.
    let offered = app.take_next_unread_offer();
    if action == Action::PageDown
        && app.overlay().is_none()
        && !app.is_searching()
        && app.reader_at_end()
    {
        return match offered {
            Some(post) => app.open_offered(post),
            None => app.offer_next_unread(),
        };
    }
    if app.overlay().is_some() {
        on_overlay(app, action);
    } else if app.is_searching() {
        on_search_prompt(app, action);
    } else {
        on_main(app, action);
    }
}

fn on_main(app: &mut App, action: Action) {
    let focus = app.focus();
    match action {
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::HalfPageDown => move_pages(app, 1, 2),
        Action::HalfPageUp => move_pages(app, -1, 2),
        Action::PageDown => move_pages(app, 1, 1),
        Action::PageUp => move_pages(app, -1, 1),
        Action::Top => scroll_to_top(app),
        Action::Bottom => scroll_to_end(app),
        Action::Open if focus == Focus::List => app.open_selected(),
        Action::Open if app.follow_selected() => {}
        Action::Open if app.toggle_details() => {}
        Action::Open => {
            let height = app.text_height();
            match app.reader_mut().and_then(|r| r.jump_from_fold(height)) {
                Some(true) => app.say("where the folded passage first appeared"),
                Some(false) => app.say(STILL_LAYING_OUT),
                None => {}
            }
        }
        Action::Back if focus == Focus::Reader => app.back_to_list(),
        Action::Back if !app.search_text().is_empty() => app.clear_search(),
        Action::Back => {}
        Action::SwitchFocus => match focus {
            Focus::List if app.reader().is_some() && app.two_pane() => app.set_focus(Focus::Reader),
            Focus::List => app.open_selected(),
            Focus::Reader => app.back_to_list(),
        },
        Action::TagPicker => {
            if app.labels().is_empty() {
                app.say("no tags or categories in these posts");
            } else {
                let picker = TagPicker::opened_on(app.tag_filter());
                app.set_overlay(Some(Overlay::TagPicker(picker)));
                app.narrow_picker();
            }
        }
        Action::ClearTags => app.clear_tags(),
        Action::Search => app.start_search(),
        Action::NextMatch | Action::PrevMatch => jump_to_match(app, action == Action::NextMatch),
        Action::CycleSort => {
            app.cycle_sort();
            app.say(format!("sorted by {}", app.sort().name()));
        }
        Action::Outline => open_outline(app),
        Action::LinkPicker => app.open_link_picker(),
        Action::NextLink | Action::PrevLink => app.step_link(action == Action::NextLink),
        Action::LinkBack => app.link_back(),
        Action::CopyLink => app.copy_link(),
        Action::CopyCode => app.copy_code(),
        Action::ToggleCodeWrap => app.toggle_code_wrap(),
        Action::ScrollCodeLeft | Action::ScrollCodeRight => {
            app.scroll_code(action == Action::ScrollCodeRight)
        }
        Action::ToggleFolds => match app.toggle_folds() {
            Some(true) => app.say("repeated passages folded (z unfolds)"),
            Some(false) => app.say("repeated passages unfolded (z folds)"),
            None => app.say("open a post to fold its repeated passages"),
        },
        Action::ToggleRead => match app.toggle_read() {
            Some(true) => app.say("marked read"),
            Some(false) => app.say("marked unread"),
            None => app.say("no post selected"),
        },
        Action::Star => match app.toggle_star() {
            Some(true) => app.say(format!("starred {}", app.glyphs().starred)),
            Some(false) => app.say("star removed"),
            None => app.say("no post selected"),
        },
        Action::UnreadOnly => {
            let on = app.toggle_unread_only();
            app.say(if on {
                "showing unread posts only"
            } else {
                "showing read posts too"
            });
        }
        Action::StarredOnly => {
            let on = app.toggle_starred_only();
            app.say(if on {
                "showing starred posts only"
            } else {
                "showing unstarred posts too"
            });
        }
        Action::CycleLanguage => {
            if app.languages().is_empty() {
                app.say("the posts are all in one language (or none is known)");
            } else {
                match app.cycle_language() {
                    Some(lang) => app.say(format!("showing posts in {lang} only")),
                    None => app.say("showing posts in every language"),
                }
            }
        }
        Action::NextPost => {
            if !app.open_neighbour(1) {
                app.say("no next post: this is the last in the list");
            }
        }
        Action::PrevPost => {
            if !app.open_neighbour(-1) {
                app.say("no previous post: this is the first in the list");
            }
        }
        Action::Help => app.set_overlay(Some(Overlay::Help { scroll: 0 })),
        Action::Diagnostics => {
            if app.library().diagnostics.is_empty() {
                app.say("no problems while loading");
            } else {
                app.set_overlay(Some(Overlay::Diagnostics { scroll: 0 }));
            }
        }
        // ---- edit and reload (issue 11) ----
        Action::Edit => {
            if !app.request_edit() {
                app.say("no post file to edit here");
            }
        }
        Action::Rescan => {
            if app.request_rescan() {
                app.say("reading every post again…");
            } else {
                app.say("the bundled samples are not read from disk");
            }
        }
        Action::Wheel { column, row, rows } => wheel(app, column, row, rows),
        Action::Click { column, row } => click(app, column, row),
        // Text editing and toggling mean nothing outside a prompt or the picker; resize and
        // quit never get here.
        Action::Toggle
        | Action::Insert(_)
        | Action::DeleteBack
        | Action::ClearInput
        | Action::Resize { .. }
        | Action::Quit => {}
    }
}

/// Moves the selection (list focus) or scrolls the text (reader focus).
fn move_by(app: &mut App, by: isize) {
    match app.focus() {
        Focus::List => app.move_selection(by),
        Focus::Reader => {
            let height = app.text_height();
            if let Some(reader) = app.reader_mut() {
                reader.scroll_by(by, height);
            }
        }
    }
}

/// `G`: the last post in the list, or the end of the post (once it is laid out, for a long
/// post shown from its first part).
fn scroll_to_end(app: &mut App) {
    if app.focus() == Focus::List {
        return move_by(app, isize::MAX);
    }
    let height = app.text_height();
    let mut reached = app.reader_mut().is_none_or(|r| r.scroll_to_end(height));
    if !reached {
        // A long post's end, laid out alone (when it can be) while the whole is on its way.
        app.show_place_wanted();
        reached = app.reader_mut().is_none_or(|r| r.scroll_to_end(height));
    }
    if !reached {
        app.say(STILL_LAYING_OUT);
    }
}

/// `g`: the first post in the list, or the top of the post (its first part again, for a
/// long post shown from a part further down).
fn scroll_to_top(app: &mut App) {
    if app.focus() == Focus::List {
        return move_by(app, isize::MIN);
    }
    let height = app.text_height();
    if !app.reader_mut().is_none_or(|r| r.scroll_to_top(height)) {
        app.show_place_wanted();
    }
}

/// What a key that needs the whole of a long post says while its first part is shown.
pub(super) const STILL_LAYING_OUT: &str = "the rest of this long post is being laid out: a moment";

fn move_pages(app: &mut App, direction: isize, divisor: usize) {
    let page = match app.focus() {
        Focus::List => app.list_page(),
        Focus::Reader => app.text_height(),
    };
    move_by(app, direction * (page / divisor).max(1) as isize);
}

fn jump_to_match(app: &mut App, forward: bool) {
    let reader_on_screen = app.focus() == Focus::Reader || app.two_pane();
    if app.search_text().is_empty() {
        return app.say("no search: press / to search");
    }
    let height = app.text_height();
    let found = match app.reader_mut() {
        Some(reader) if reader_on_screen => {
            if forward {
                reader.next_hit(height)
            } else {
                reader.prev_hit(height)
            }
        }
        _ => return app.say("open a post to move between matches"),
    };
    let partial = app.reader().is_some_and(|r| r.document().partial.is_some());
    if !found && partial {
        app.say(STILL_LAYING_OUT);
    } else if !found {
        let typed = app.search_text().to_owned();
        let [open, close] = app.glyphs().quotes;
        app.say(format!("no match for {open}{typed}{close} in this post"));
    }
}

fn open_outline(app: &mut App) {
    let Some(reader) = app.reader() else {
        return app.say("open a post to see its outline");
    };
    let headings = &reader.document().headings;
    let partial = reader.document().partial.is_some();
    if headings.is_empty() {
        return app.say(if partial {
            STILL_LAYING_OUT
        } else {
            "this post has no headings"
        });
    }
    let cursor = headings
        .iter()
        .rposition(|h| h.row <= reader.scroll())
        .unwrap_or(0);
    app.set_overlay(Some(Overlay::Outline { cursor }));
    if partial {
        app.say("the headings laid out so far: the rest of this long post is on its way");
    }
}

fn wheel(app: &mut App, column: u16, row: u16, rows: i16) {
    let panes = app.panes();
    let at = ratatui::layout::Position::new(column, row);
    if panes.list.is_some_and(|l| l.contains(at)) {
        let items = (rows / LIST_ITEM_HEIGHT as i16).max(1) * rows.signum();
        app.scroll_list(items as isize);
    } else if panes.reader.is_some_and(|r| r.contains(at)) {
        let height = app.text_height();
        if let Some(reader) = app.reader_mut() {
            reader.scroll_by(rows as isize, height);
        }
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    let panes = app.panes();
    let at = ratatui::layout::Position::new(column, row);
    if let Some(list) = panes.list.filter(|l| l.contains(at)) {
        let position = app.list_top() + usize::from((row - list.y) / LIST_ITEM_HEIGHT);
        if position < app.view().len() {
            app.set_focus(Focus::List);
            app.select(position);
        }
    } else if panes.reader.is_some_and(|r| r.contains(at))
        && app.reader().is_some()
        && !app.click_link(column, row)
    {
        app.set_focus(Focus::Reader);
    }
}

fn on_search_prompt(app: &mut App, action: Action) {
    match action {
        Action::Insert(c) => app.edit_search(|typed| typed.push(c)),
        Action::DeleteBack => app.edit_search(|typed| {
            typed.pop();
        }),
        Action::ClearInput => app.edit_search(String::clear),
        Action::Open => app.accept_search(),
        Action::Back => app.cancel_search(),
        // Arrows pick among the posts found while typing.
        other => on_main(app, other),
    }
}

fn on_overlay(app: &mut App, action: Action) {
    let page = overlay_page(app);
    let count = overlay_len(app);
    match action {
        Action::Back => {
            if let Some(Overlay::TagPicker(picker)) = app.overlay() {
                let before = picker.before.clone();
                app.set_tags(before);
            }
            return app.set_overlay(None);
        }
        Action::Help if matches!(app.overlay(), Some(Overlay::Help { .. })) => {
            return app.set_overlay(None);
        }
        Action::Outline if matches!(app.overlay(), Some(Overlay::Outline { .. })) => {
            return app.set_overlay(None);
        }
        Action::Diagnostics if matches!(app.overlay(), Some(Overlay::Diagnostics { .. })) => {
            return app.set_overlay(None);
        }
        Action::Click { column, row } => {
            if !overlay_box(app).contains(ratatui::layout::Position::new(column, row)) {
                app.set_overlay(None);
            }
            return;
        }
        _ => {}
    }
    let step: Option<isize> = match action {
        Action::Down => Some(1),
        Action::Up => Some(-1),
        Action::HalfPageDown => Some((page / 2).max(1) as isize),
        Action::HalfPageUp => Some(-((page / 2).max(1) as isize)),
        Action::PageDown => Some(page as isize),
        Action::PageUp => Some(-(page as isize)),
        Action::Top => Some(isize::MIN),
        Action::Bottom => Some(isize::MAX),
        Action::Wheel { rows, .. } => Some(rows as isize),
        _ => None,
    };
    if let Some(step) = step {
        let max_cursor = count.saturating_sub(1);
        let max_scroll = count.saturating_sub(page);
        match app.overlay_mut() {
            Some(Overlay::Help { scroll }) => {
                *scroll = scroll.saturating_add_signed(step).min(max_scroll);
            }
            // Problems take one row or more each: the last can scroll up to the top, so a
            // long one is never left cut at the bottom.
            Some(Overlay::Diagnostics { scroll }) => {
                *scroll = scroll.saturating_add_signed(step).min(max_cursor);
            }
            Some(Overlay::Outline { cursor }) => {
                *cursor = cursor.saturating_add_signed(step).min(max_cursor);
            }
            Some(Overlay::TagPicker(picker)) => {
                picker.cursor = picker.cursor.saturating_add_signed(step).min(max_cursor);
            }
            Some(Overlay::LinkPicker(picker)) => {
                picker.cursor = picker.cursor.saturating_add_signed(step).min(max_cursor);
            }
            None => {}
        }
        return;
    }
    match (action, app.overlay().cloned()) {
        (Action::Open, Some(Overlay::Outline { cursor })) => {
            let row = app
                .reader()
                .and_then(|r| r.document().headings.get(cursor))
                .map(|h| h.row);
            app.set_overlay(None);
            let height = app.text_height();
            if let (Some(row), Some(reader)) = (row, app.reader_mut()) {
                reader.scroll_to(row, height);
                app.set_focus(Focus::Reader);
            }
        }
        (Action::Open, Some(Overlay::TagPicker(picker))) => {
            let label = picker_label(app, &picker);
            if let Some(label) = label.filter(|l| {
                !picker.toggled && !picker.typed.trim().is_empty() && !app.is_tag_selected(l)
            }) {
                app.toggle_tag(&label);
            }
            app.set_overlay(None);
            warn_if_nothing_matches(app);
        }
        (Action::Toggle, Some(Overlay::TagPicker(picker))) => toggle_in_picker(app, &picker),
        (Action::Insert(' '), Some(Overlay::TagPicker(picker))) if picker.typed.is_empty() => {
            toggle_in_picker(app, &picker)
        }
        (Action::Insert(c), Some(Overlay::TagPicker(_))) => edit_picker(app, |t| t.push(c)),
        (Action::DeleteBack, Some(Overlay::TagPicker(_))) => edit_picker(app, |t| {
            t.pop();
        }),
        (Action::ClearInput, Some(Overlay::TagPicker(_))) => edit_picker(app, String::clear),
        (Action::Open, Some(Overlay::LinkPicker(picker))) => {
            app.set_overlay(None);
            if let Some(&number) = picker.entries.get(picker.cursor) {
                app.follow_link(number);
            }
        }
        (Action::Insert(c), Some(Overlay::LinkPicker(_))) => edit_link_picker(app, |t| t.push(c)),
        (Action::DeleteBack, Some(Overlay::LinkPicker(_))) => edit_link_picker(app, |t| {
            t.pop();
        }),
        (Action::ClearInput, Some(Overlay::LinkPicker(_))) => edit_link_picker(app, String::clear),
        _ => {}
    }
}

/// The tag under the picker's cursor.
fn picker_label(app: &App, picker: &TagPicker) -> Option<String> {
    picker
        .entries
        .get(picker.cursor)
        .map(|&i| app.labels()[i].label.clone())
}

fn toggle_in_picker(app: &mut App, picker: &TagPicker) {
    if let Some(label) = picker_label(app, picker) {
        app.toggle_tag(&label);
        if let Some(Overlay::TagPicker(open)) = app.overlay_mut() {
            open.toggled = true;
        }
        warn_if_nothing_matches(app);
    }
}

/// Says so when the selected tags leave no post, rather than showing an empty list alone.
fn warn_if_nothing_matches(app: &mut App) {
    if !app.tag_filter().is_empty() && app.view().is_empty() {
        let tags = app.tag_filter().join(" + ");
        app.say(format!(
            "no post carries all of {tags}: Esc puts back the tags before"
        ));
    }
}

fn edit_link_picker(app: &mut App, edit: impl FnOnce(&mut String)) {
    if let Some(Overlay::LinkPicker(picker)) = app.overlay_mut() {
        edit(&mut picker.typed);
    }
    app.narrow_link_picker();
}

fn edit_picker(app: &mut App, edit: impl FnOnce(&mut String)) {
    if let Some(Overlay::TagPicker(picker)) = app.overlay_mut() {
        edit(&mut picker.typed);
    }
    app.narrow_picker();
}

/// Rows of the tag picker that are not entries: two borders and the filter line.
pub const PICKER_CHROME: u16 = 3;

/// The widest the load problems' box grows.
const DIAGNOSTICS_WIDTH: u16 = 100;

/// The load problems' rows from problem `from` on, as many as fill the screen: wrapped to
/// the box's inner width, which depends only on the screen.
pub fn diagnostic_rows(app: &App, from: usize) -> Vec<String> {
    let main = app.panes().main;
    let box_width = geometry::centered(main, DIAGNOSTICS_WIDTH, u16::MAX).width;
    crate::render::diagnostic_rows(
        app.library().diagnostics.iter().skip(from),
        box_width.saturating_sub(2),
        app.glyphs().ambiguous_wide,
        usize::from(main.height),
    )
}

/// The rectangle the open overlay is drawn in.
pub fn overlay_box(app: &App) -> ratatui::layout::Rect {
    let main = app.panes().main;
    let (width, height) = match app.overlay() {
        Some(Overlay::Help { .. }) => (72, app.help_lines().len() as u16 + 2),
        Some(Overlay::Diagnostics { .. }) => {
            let rows = diagnostic_rows(app, 0).len();
            (
                DIAGNOSTICS_WIDTH,
                u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2),
            )
        }
        Some(Overlay::Outline { .. }) => (
            72,
            app.reader()
                .map_or(0, |r| r.document().headings.len() as u16)
                .saturating_add(2),
        ),
        Some(Overlay::TagPicker(_)) => (56, app.labels().len() as u16 + PICKER_CHROME),
        Some(Overlay::LinkPicker(_)) => (
            96,
            app.reader()
                .map_or(0, |r| r.document().links.len() as u16)
                .saturating_add(PICKER_CHROME),
        ),
        None => (0, 0),
    };
    geometry::centered(main, width, height)
}

/// Entries the open overlay can show at once.
fn overlay_page(app: &App) -> usize {
    let chrome = match app.overlay() {
        Some(Overlay::TagPicker(_) | Overlay::LinkPicker(_)) => PICKER_CHROME,
        _ => 2,
    };
    usize::from(overlay_box(app).height.saturating_sub(chrome)).max(1)
}

fn overlay_len(app: &App) -> usize {
    match app.overlay() {
        Some(Overlay::Help { .. }) => app.help_lines().len(),
        Some(Overlay::Diagnostics { .. }) => app.library().diagnostics.len(),
        Some(Overlay::Outline { .. }) => app.reader().map_or(0, |r| r.document().headings.len()),
        Some(Overlay::TagPicker(picker)) => picker.entries.len(),
        Some(Overlay::LinkPicker(picker)) => picker.entries.len(),
        None => 0,
    }
}
