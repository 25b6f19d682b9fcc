//! The status line: where you are (posts listed, position in the post, minutes left), the
//! active filters and sort, load problems, and the way to help. What does not fit is
//! dropped, least useful first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::text::{put_line, width};
use crate::model::SortKey;
use crate::ui::App;
use crate::ui::geometry::Focus;

pub struct StatusLine<'a> {
    pub app: &'a App,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let base = theme.status();
        buf.set_style(area, base);
        let accent = base.patch(theme.status_accent());
        let warning = base.patch(theme.warning());

        let left: Vec<(String, Style)> = if app.is_searching() {
            vec![(format!("/{}", app.search_text()), base)]
        } else if let Some(message) = app.message() {
            vec![(message.to_owned(), base.patch(theme.hint()))]
        } else {
            vec![(where_you_are(app), base)]
        };

        // (text, style, priority): the lowest priority goes first when space runs out.
        let mut right: Vec<(String, Style, u8)> = Vec::new();
        if app.is_searching() {
            right.push((posts_count(app), accent, 5));
        }
        if !app.tag_filter().is_empty() {
            right.push((format!("tags: {}", app.tag_filter().join(" + ")), accent, 4));
        }
        if app.unread_only() {
            right.push(("unread only".to_owned(), accent, 4));
        }
        if app.starred_only() {
            right.push(("starred only".to_owned(), accent, 4));
        }
        if !app.is_searching() && !app.search_text().is_empty() {
            right.push((format!("search: {}", app.search_text()), accent, 4));
        }
        if app.sort() != SortKey::Date {
            right.push((format!("sort: {}", app.sort().name()), accent, 2));
        }
        let problems = app.problem_files();
        if problems > 0 {
            let files = if problems == 1 { "file" } else { "files" };
            right.push((format!("{problems} {files} had problems (!)"), warning, 3));
        }
        right.push(("? help".to_owned(), base, 1));

        const GAP: usize = 2;
        let right_width = |r: &[(String, Style, u8)]| -> usize {
            r.iter().map(|(t, _, _)| width(t)).sum::<usize>() + GAP * r.len().saturating_sub(1)
        };
        let left_width: usize = left.iter().map(|(t, _)| width(t)).sum();
        // Keep room for the start of what is on the left; drop the least useful on the right.
        while !right.is_empty()
            && 1 + left_width.min(40) + GAP + right_width(&right) + 1 > usize::from(area.width)
        {
            let lowest = right
                .iter()
                .enumerate()
                .min_by_key(|(_, (_, _, priority))| *priority)
                .map_or(0, |(i, _)| i);
            right.remove(lowest);
        }
        let right_start = area.right().saturating_sub(1 + right_width(&right) as u16);
        let left_area = Rect {
            x: area.x + 1.min(area.width),
            width: right_start.saturating_sub(area.x + 1 + GAP as u16),
            ..area
        };
        let pieces: Vec<(&str, Style)> = left.iter().map(|(t, s)| (t.as_str(), *s)).collect();
        put_line(buf, left_area, area.y, &pieces, app.glyphs().ellipsis);
        let mut x = right_start;
        for (text, style, _) in &right {
            x = buf
                .set_stringn(
                    x,
                    area.y,
                    text,
                    usize::from(area.right().saturating_sub(x)),
                    *style,
                )
                .0;
            x += GAP as u16;
        }
    }
}

/// `12 of 40 posts │ 42% · row 120/284 · 6 min left` (the parts that apply).
fn where_you_are(app: &App) -> String {
    let sep = app.glyphs().separator;
    let reader_shown = app.focus() == Focus::Reader || app.two_pane();
    let list_shown = app.focus() == Focus::List || app.two_pane();
    let mut parts = Vec::new();
    if list_shown {
        parts.push(posts_count(app));
    }
    if reader_shown && let Some(position) = app.reading_position() {
        let left = position
            .minutes_left
            .map_or_else(|| "end".to_owned(), |m| format!("{m} min left"));
        let mut place = format!(
            "{}%{sep}row {}/{}{sep}{left}",
            position.percent, position.top_row, position.rows
        );
        if let Some(reader) = app.reader()
            && reader.hit_count() > 0
        {
            let current = reader
                .current_hit()
                .map_or_else(|| "-".to_owned(), |n| n.to_string());
            place.push_str(&format!("{sep}match {current}/{}", reader.hit_count()));
        }
        parts.push(place);
    }
    parts.join(app.glyphs().pane_separator)
}

fn posts_count(app: &App) -> String {
    let (shown, total) = (app.view().len(), app.posts().len());
    let noun = if total == 1 { "post" } else { "posts" };
    if shown == total {
        format!("{total} {noun}")
    } else {
        format!("{shown} of {total} {noun}")
    }
}
