//! The status line: where you are (posts listed, position in the post, minutes left), the
//! active filters and sort, load problems, and the way to help. What does not fit is
//! dropped, least useful first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::Look;
use super::text::{put_line, width};
use crate::model::SortKey;

/// The facts the status line reports.
pub struct StatusView<'a> {
    pub look: Look<'a>,
    pub left: StatusLeft<'a>,
    pub posts_shown: usize,
    pub posts_total: usize,
    /// A search is still looking, and has found this many posts so far.
    pub search_running: Option<usize>,
    /// The tag filter, as the picker spells the tags.
    pub tags: &'a [String],
    pub unread_only: bool,
    pub starred_only: bool,
    /// The language filter, when one is in force.
    pub lang: Option<&'a str>,
    /// The search as typed; empty when there is none.
    pub search: &'a str,
    pub sort: SortKey,
    /// How many files the load reported problems for.
    pub problem_files: usize,
}

/// What the left of the status line says.
pub enum StatusLeft<'a> {
    /// The search prompt is open with this typed.
    Typing(&'a str),
    /// A note until the next key.
    Message(&'a str),
    /// Where you are: the post count while the list is shown, the place in the open post
    /// while the reader is.
    Place {
        list_shown: bool,
        reading: Option<ReadingPosition>,
    },
}

/// The reader's place, as the status line shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingPosition {
    /// How much of the post is above the bottom of the screen.
    pub percent: u16,
    /// 1-based; `None` in a part of a long post that starts further down, whose rows above
    /// are not counted yet.
    pub top_row: Option<usize>,
    pub rows: usize,
    /// False while only the post's first part is laid out: `rows` are that part's, and
    /// matches are those found in it.
    pub rows_known: bool,
    /// At the estimated rate; `None` once the end is on screen.
    pub minutes_left: Option<u32>,
    /// Search matches in the post, when there are any.
    pub matches: Option<MatchCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchCount {
    /// 1-based; `None` before `n` moved to one.
    pub current: Option<usize>,
    pub total: usize,
}

impl Widget for &StatusView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.look.theme;
        let base = theme.status();
        buf.set_style(area, base);
        let accent = base.patch(theme.status_accent());
        let warning = base.patch(theme.warning());
        let searching = matches!(self.left, StatusLeft::Typing(_));

        let left: Vec<(String, Style)> = match &self.left {
            StatusLeft::Typing(typed) => vec![(format!("/{typed}"), base)],
            StatusLeft::Message(message) => vec![((*message).to_owned(), base.patch(theme.hint()))],
            StatusLeft::Place {
                list_shown,
                reading,
            } => vec![(self.where_you_are(*list_shown, *reading), base)],
        };

        // (text, style, priority): the lowest priority goes first when space runs out.
        let mut right: Vec<(String, Style, u8)> = Vec::new();
        if searching {
            right.push((self.posts_count(), accent, 5));
        }
        if !self.tags.is_empty() {
            right.push((format!("tags: {}", self.tags.join(" + ")), accent, 4));
        }
        if self.unread_only {
            right.push(("unread only".to_owned(), accent, 4));
        }
        if self.starred_only {
            right.push(("starred only".to_owned(), accent, 4));
        }
        if let Some(lang) = self.lang {
            right.push((format!("lang: {lang}"), accent, 4));
        }
        if !searching && !self.search.is_empty() {
            right.push((format!("search: {}", self.search), accent, 4));
        }
        if self.sort != SortKey::Date {
            right.push((format!("sort: {}", self.sort.name()), accent, 2));
        }
        let problems = self.problem_files;
        if problems > 0 {
            let files = if problems == 1 { "file" } else { "files" };
            right.push((format!("{problems} {files} had problems (!)"), warning, 3));
        }
        right.push(("? help".to_owned(), base, 1));

        const GAP: usize = 2;
        let right_width = |r: &[(String, Style, u8)]| -> usize {
            r.iter()
                .map(|(t, _, _)| width(t, self.look.glyphs))
                .sum::<usize>()
                + GAP * r.len().saturating_sub(1)
        };
        let left_width: usize = left.iter().map(|(t, _)| width(t, self.look.glyphs)).sum();
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
        put_line(buf, left_area, area.y, &pieces, self.look.glyphs);
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

impl StatusView<'_> {
    /// `12 of 40 posts │ 42% · row 120/284 · 6 min left` (the parts that apply).
    fn where_you_are(&self, list_shown: bool, reading: Option<ReadingPosition>) -> String {
        let sep = self.look.glyphs.separator;
        let mut parts = Vec::new();
        if list_shown {
            parts.push(self.posts_count());
        }
        if let Some(position) = reading {
            let left = position
                .minutes_left
                .map_or_else(|| "end".to_owned(), |m| format!("{m} min left"));
            // While the rest of a long post is laid out, what is counted so far is a least.
            let more = if position.rows_known { "" } else { "+" };
            let row = position.top_row.map_or_else(String::new, |top| {
                format!("{sep}row {top}/{}{more}", position.rows)
            });
            let mut place = format!("{}%{row}{sep}{left}", position.percent);
            if let Some(matches) = position.matches {
                let current = matches
                    .current
                    .map_or_else(|| "-".to_owned(), |n| n.to_string());
                place.push_str(&format!("{sep}match {current}/{}{more}", matches.total));
            }
            parts.push(place);
        }
        parts.join(self.look.glyphs.pane_separator)
    }

    /// `12 of 40 posts`, or while a search is still looking `searching… 12 found`.
    fn posts_count(&self) -> String {
        let (shown, total) = (self.posts_shown, self.posts_total);
        if let Some(found) = self.search_running {
            let ellipsis = self.look.glyphs.ellipsis;
            return format!("searching{ellipsis} {} found", thousands(found));
        }
        let noun = if total == 1 { "post" } else { "posts" };
        if shown == total {
            format!("{} {noun}", thousands(total))
        } else {
            format!("{} of {} {noun}", thousands(shown), thousands(total))
        }
    }
}

/// `100000` as `100,000`: counts of a large library read at a glance.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::{ChromeGlyphs, Theme};

    fn line(view: &StatusView, width: u16) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        view.render(area, &mut buf);
        (0..width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    fn view<'a>(theme: &'a Theme, left: StatusLeft<'a>) -> StatusView<'a> {
        StatusView {
            look: Look {
                theme,
                glyphs: ChromeGlyphs::for_terminal(false),
            },
            left,
            posts_shown: 3,
            posts_total: 5,
            search_running: None,
            tags: &[],
            unread_only: false,
            starred_only: false,
            lang: None,
            search: "",
            sort: SortKey::Date,
            problem_files: 0,
        }
    }

    #[test]
    fn the_place_in_the_post_is_drawn_from_the_values_alone() {
        let theme = Theme::default();
        let reading = ReadingPosition {
            percent: 42,
            top_row: Some(120),
            rows: 284,
            rows_known: true,
            minutes_left: Some(6),
            matches: Some(MatchCount {
                current: None,
                total: 4,
            }),
        };
        let status = view(
            &theme,
            StatusLeft::Place {
                list_shown: true,
                reading: Some(reading),
            },
        );
        assert_eq!(
            line(&status, 80).trim_end(),
            " 3 of 5 posts │ 42% · row 120/284 · 6 min left · match -/4               ? help"
        );
    }

    #[test]
    fn a_running_search_says_so_with_what_it_found_so_far() {
        let theme = Theme::default();
        let list = StatusLeft::Place {
            list_shown: true,
            reading: None,
        };
        let running = StatusView {
            posts_shown: 1234,
            posts_total: 100_000,
            search_running: Some(1234),
            ..view(&theme, list)
        };
        assert!(
            line(&running, 60).starts_with(" searching… 1,234 found  "),
            "{}",
            line(&running, 60)
        );
        let done = StatusView {
            search_running: None,
            ..running
        };
        assert!(
            line(&done, 60).starts_with(" 1,234 of 100,000 posts  "),
            "{}",
            line(&done, 60)
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_least_useful_facts_go_first_when_the_line_is_short() {
        let theme = Theme::default();
        let tags = ["rust".to_owned()];
        let status = StatusView {
            tags: &tags,
            sort: SortKey::Title,
            problem_files: 1,
            ..view(&theme, StatusLeft::Message("marked read"))
        };
        let wide = line(&status, 80);
        assert!(
            wide.contains("sort: title") && wide.contains("? help"),
            "{wide}"
        );
        // Room for the message and 35 cells: the help goes, then the sort.
        let narrow = line(&status, 50);
        assert_eq!(
            narrow.trim_end(),
            " marked read  tags: rust  1 file had problems (!)"
        );
    }
}
