//! The post list: two rows per post (unread `●` and starred `★` markers and the title; date,
//! reading time, tags), the selection marked by a bar and a background, drafts dimmed. Draws
//! only the posts that fit. The markers are the app's [`ChromeGlyphs`](crate::style::ChromeGlyphs): ASCII where
//! ambiguous-width characters are wide.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::text::put_line;
use crate::ui::geometry::{Focus, LIST_ITEM_HEIGHT};
use crate::ui::{Action, App};

/// Cells before a title: the two markers and a space. The line under it starts there too.
const MARKERS: u16 = 3;

pub struct ListPane<'a> {
    pub app: &'a App,
}

impl Widget for ListPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let glyphs = app.glyphs();
        if area.is_empty() {
            return;
        }
        if app.view().is_empty() {
            let why = if app.posts().is_empty() {
                "No posts here."
            } else {
                "No posts match the filters."
            };
            let inner = margin(area);
            put_line(buf, inner, inner.y, &[(why, theme.hint())], glyphs.ellipsis);
            if !app.posts().is_empty() {
                let how = how_to_widen(app);
                put_line(
                    buf,
                    inner,
                    inner.y + 1,
                    &[(how.as_str(), theme.hint())],
                    glyphs.ellipsis,
                );
            }
            return;
        }
        let focused = app.focus() == Focus::List;
        let rates = app.rates();
        let first = app.list_top();
        let rows = usize::from(area.height.div_ceil(LIST_ITEM_HEIGHT));
        for (slot, &post_index) in app.view().iter().enumerate().skip(first).take(rows) {
            let post = &app.posts()[post_index];
            let y = area.y + (slot - first) as u16 * LIST_ITEM_HEIGHT;
            let selected = slot == app.selected();
            let mut base = Style::default();
            if selected {
                base = theme.selection(focused);
                let height = LIST_ITEM_HEIGHT.min(area.bottom() - y);
                buf.set_style(Rect::new(area.x, y, area.width, height), base);
                let bar = base.patch(theme.selection_marker(focused));
                buf.set_string(area.x, y, glyphs.selection_bar, bar);
                if height > 1 {
                    buf.set_string(area.x, y + 1, glyphs.selection_bar, bar);
                }
            }
            let mut title_style = base.patch(theme.list_title());
            let mut meta_style = base.patch(theme.list_meta());
            let mut tag_style =
                base.patch(theme.span(crate::layout::Role::Tag, Default::default()));
            if post.draft {
                for style in [&mut title_style, &mut meta_style, &mut tag_style] {
                    *style = style.add_modifier(theme.draft());
                }
            }
            let inner = margin(area);
            let title = if post.title.trim().is_empty() {
                "(untitled)"
            } else {
                post.title.as_str()
            };
            let state = app.post_state(post_index);
            let unread = if state.read { " " } else { glyphs.unread };
            let star = if state.starred { glyphs.starred } else { " " };
            put_line(
                buf,
                inner,
                y,
                &[
                    (unread, base.patch(theme.unread_marker())),
                    (star, base.patch(theme.star_marker())),
                    (" ", base),
                    (title, title_style),
                ],
                glyphs.ellipsis,
            );
            if LIST_ITEM_HEIGHT > 1 && y + 1 < area.bottom() {
                let date = post
                    .date
                    .map_or_else(|| "no date".to_owned(), |d| d.to_string());
                let minutes = format!("{} min", post.reading_minutes(rates));
                let labels = distinct_labels(post).join(", ");
                let sep = glyphs.separator;
                let mut pieces = vec![(date.as_str(), meta_style), (sep, meta_style)];
                pieces.push((minutes.as_str(), meta_style));
                if post.draft {
                    pieces.push((sep, meta_style));
                    pieces.push(("draft", meta_style));
                }
                if !labels.is_empty() {
                    pieces.push((sep, meta_style));
                    pieces.push((labels.as_str(), tag_style));
                }
                let meta_area = Rect {
                    x: inner.x + MARKERS.min(inner.width),
                    width: inner.width.saturating_sub(MARKERS),
                    ..inner
                };
                put_line(buf, meta_area, y + 1, &pieces, glyphs.ellipsis);
            }
        }
    }
}

/// The keys that lift the filters in force, as the keymap binds them: `T clears the tags ·
/// U lists read posts too`.
fn how_to_widen(app: &App) -> String {
    let filters = [
        (
            !app.tag_filter().is_empty(),
            Action::ClearTags,
            "clears the tags",
        ),
        (
            !app.search_text().is_empty(),
            Action::Back,
            "clears the search",
        ),
        (
            app.unread_only(),
            Action::UnreadOnly,
            "lists read posts too",
        ),
        (
            app.starred_only(),
            Action::StarredOnly,
            "lists unstarred posts too",
        ),
    ];
    filters
        .iter()
        .filter(|(active, _, _)| *active)
        .filter_map(|(_, action, what)| {
            let key = app.keymap().keys_for(*action).first()?;
            Some(format!("{key} {what}"))
        })
        .collect::<Vec<_>>()
        .join(app.glyphs().separator)
}

/// Tags then categories, each once however its case differs (a blog often files a post under
/// a category and a tag of the same name).
fn distinct_labels(post: &crate::model::Post) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    post.labels()
        .filter(|l| seen.insert(crate::model::label_key(l)))
        .collect()
}

/// The list's text area: a column for the selection bar on the left, one spare on the right.
fn margin(area: Rect) -> Rect {
    let left = 2.min(area.width);
    Rect {
        x: area.x + left,
        width: area.width.saturating_sub(left + 1),
        ..area
    }
}
