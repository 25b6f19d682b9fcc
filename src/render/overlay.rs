//! Windows over the main screen: the help, the tag picker, the link picker, the outline and
//! the load problems.
//! Each is a bordered box in the rectangle `ui` chose, drawn from an [`OverlayView`]; lists
//! longer than the box scroll.

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

use super::Look;
use super::text::{put_line, width};
use crate::layout::{Heading, linebreak};
use crate::model::{Diagnostic, LabelCount};
use crate::style::Role;

/// What the picker's filter line starts with.
pub const PICKER_PROMPT: &str = "› ";

/// The open overlay's content, drawn in the box `ui` chose.
pub struct OverlayView<'a> {
    pub look: Look<'a>,
    pub content: OverlayContent<'a>,
}

pub enum OverlayContent<'a> {
    /// Keys and what they do, from the first line shown.
    Help {
        lines: Vec<(String, &'static str)>,
        scroll: usize,
    },
    /// The load's problems as rows that fit the box ([`diagnostic_rows`]), from the first
    /// problem shown.
    Diagnostics { count: usize, rows: Vec<String> },
    Outline {
        headings: &'a [Heading],
        cursor: usize,
    },
    TagPicker {
        typed: &'a str,
        entries: Vec<PickerEntry<'a>>,
        cursor: usize,
        /// Tags in the filter now.
        selected: usize,
    },
    LinkPicker {
        typed: &'a str,
        entries: Vec<LinkEntry<'a>>,
        cursor: usize,
    },
}

/// A link in the `f` picker: its number as in the text, its text and its address.
pub struct LinkEntry<'a> {
    pub number: usize,
    pub text: String,
    pub url: &'a str,
}

/// A tag or category in the picker.
pub struct PickerEntry<'a> {
    pub label: &'a LabelCount,
    pub checked: bool,
    /// Posts the list would show with this tag added (for a selected tag, what it shows).
    pub would_list: usize,
}

/// "1 problem while loading", "3 problems while loading".
fn problem_count(count: usize) -> String {
    let noun = if count == 1 { "problem" } else { "problems" };
    format!("{count} {noun} while loading")
}

/// Problems wrapped to `width` cells, continuation rows indented two cells, up to `limit`
/// rows: a problem is read whole, never cut at the box's edge (a long path would hide the
/// message). Only the rows asked for are made, so a library with 100,000 problems costs a
/// screenful per frame.
pub fn diagnostic_rows<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    width: u16,
    ambiguous_wide: bool,
    limit: usize,
) -> Vec<String> {
    let width = usize::from(width).max(1);
    let indent = if width > 4 { 2 } else { 0 };
    let mut rows = Vec::new();
    for diagnostic in diagnostics {
        let text = diagnostic.to_string();
        let ranges = linebreak::wrap(&text, width, width - indent, ambiguous_wide);
        for (i, range) in ranges.into_iter().enumerate() {
            if rows.len() == limit {
                return rows;
            }
            let pad = if i == 0 { 0 } else { indent };
            rows.push(format!("{:pad$}{}", "", &text[range]));
        }
    }
    rows
}

/// The box minus its border.
pub fn inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}

impl Widget for &OverlayView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Look { theme, glyphs } = self.look;
        let sep = glyphs.separator;
        let title = match &self.content {
            OverlayContent::Help { .. } => format!(" keys{sep}Esc closes "),
            OverlayContent::Diagnostics { count, .. } => {
                format!(" {}{sep}Esc closes ", problem_count(*count))
            }
            OverlayContent::Outline { .. } => format!(" outline{sep}Enter jumps "),
            OverlayContent::TagPicker { selected, .. } => match selected {
                0 => format!(" tags{sep}Tab toggles{sep}Enter applies "),
                n => format!(" tags{sep}{n} selected{sep}Enter applies{sep}Esc undoes "),
            },
            OverlayContent::LinkPicker { .. } => format!(" links{sep}Enter follows "),
        };
        Clear.render(area, buf);
        clear_wide_characters_cut_by(area, buf);
        let block = Block::bordered()
            .border_set(glyphs.border)
            .border_style(theme.overlay_border())
            .title(title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.is_empty() {
            return;
        }
        match &self.content {
            OverlayContent::Help { lines, scroll } => help(self.look, lines, *scroll, inner, buf),
            OverlayContent::Diagnostics { rows, .. } => {
                for (y, row) in (inner.top()..inner.bottom()).zip(rows) {
                    put_line(buf, inner, y, &[(row, Style::default())], glyphs);
                }
            }
            OverlayContent::Outline { headings, cursor } => {
                outline(self.look, headings, *cursor, inner, buf)
            }
            OverlayContent::TagPicker {
                typed,
                entries,
                cursor,
                ..
            } => tag_picker(self.look, typed, entries, *cursor, inner, buf),
            OverlayContent::LinkPicker {
                typed,
                entries,
                cursor,
            } => link_picker(self.look, typed, entries, *cursor, inner, buf),
        }
    }
}

/// A wide character just left of the box has its right half under the border; drawing the
/// border over it garbles the row in a real terminal, so the character gives way to a space.
fn clear_wide_characters_cut_by(area: Rect, buf: &mut Buffer) {
    if area.x <= buf.area.x {
        return;
    }
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(area.x - 1, y)];
        // `Cell`'s own width counts an ambiguous character forced to two cells too.
        if cell.cell_width() > 1 {
            cell.set_symbol(" ").set_diff_option(CellDiffOption::None);
        }
    }
}

fn help(look: Look, lines: &[(String, &str)], scroll: usize, area: Rect, buf: &mut Buffer) {
    let Look { theme, glyphs } = look;
    let key_width = lines
        .iter()
        .map(|(keys, _)| width(keys, glyphs))
        .max()
        .unwrap_or(0)
        .min(usize::from(area.width) / 2);
    for (y, (keys, what)) in (area.top()..area.bottom()).zip(lines.iter().skip(scroll)) {
        let keys = super::text::truncate(keys, key_width, glyphs);
        let pad = " ".repeat(key_width - width(&keys, glyphs) + 2);
        put_line(
            buf,
            area,
            y,
            &[
                (&keys, theme.emphasis()),
                (&pad, Style::default()),
                (what, Style::default()),
            ],
            glyphs,
        );
    }
}

/// The first entry to show so that `cursor` is on screen in a list of `height` rows.
fn window_start(cursor: usize, height: usize) -> usize {
    cursor.saturating_sub(height.saturating_sub(1))
}

fn outline(look: Look, headings: &[Heading], cursor: usize, area: Rect, buf: &mut Buffer) {
    let Look { theme, glyphs } = look;
    // Indent relative to the post's top level: many posts start at `##`.
    let top_level = headings.iter().map(|h| h.level).min().unwrap_or(1);
    let start = window_start(cursor, usize::from(area.height));
    for (y, (i, heading)) in
        (area.top()..area.bottom()).zip(headings.iter().enumerate().skip(start))
    {
        let indent = "  ".repeat(usize::from(heading.level.saturating_sub(top_level)).min(5));
        let mut style = theme.span(Role::Heading(heading.level), Default::default());
        if i == cursor {
            style = style.patch(theme.selection(true));
            buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selection(true));
        }
        put_line(
            buf,
            area,
            y,
            &[(&indent, style), (&heading.text, style)],
            glyphs,
        );
    }
}

/// A picker's prompt line with what was typed, and below it the rectangle its entries go in;
/// `None`, with `nothing` written there instead, when no entry matches.
fn picker_frame(
    look: Look,
    typed: &str,
    no_entries: bool,
    nothing: &str,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Rect> {
    let Look { theme, glyphs } = look;
    put_line(
        buf,
        area,
        area.y,
        &[
            (PICKER_PROMPT, theme.overlay_border()),
            (typed, Style::default()),
        ],
        glyphs,
    );
    let list = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if no_entries {
        put_line(buf, list, list.y, &[(nothing, theme.hint())], glyphs);
        return None;
    }
    Some(list)
}

fn tag_picker(
    look: Look,
    typed: &str,
    entries: &[PickerEntry],
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let Look { theme, glyphs } = look;
    let Some(list) = picker_frame(look, typed, entries.is_empty(), "no tag matches", area, buf)
    else {
        return;
    };
    let start = window_start(cursor, usize::from(list.height));
    let rows = (list.top()..list.bottom()).zip(entries.iter().enumerate().skip(start));
    for (y, (i, entry)) in rows {
        let label = entry.label;
        let checked = entry.checked;
        // A tag that would leave no post is dimmed, as the hints are.
        let mut style = if checked {
            theme.emphasis()
        } else if entry.would_list == 0 {
            theme.hint()
        } else {
            Style::default()
        };
        if i == cursor {
            buf.set_style(Rect::new(list.x, y, list.width, 1), theme.selection(true));
            style = theme.selection(true).patch(style);
        }
        let mark = if checked { "[x] " } else { "[ ] " };
        let count = format!(" {}", entry.would_list);
        let name_area = Rect {
            width: list.width.saturating_sub(width(&count, glyphs) as u16),
            ..list
        };
        put_line(
            buf,
            name_area,
            y,
            &[(mark, style), (&label.label, style)],
            glyphs,
        );
        let x = list.right().saturating_sub(width(&count, glyphs) as u16);
        buf.set_stringn(
            x,
            y,
            &count,
            width(&count, glyphs),
            style.patch(theme.list_meta()),
        );
    }
}

fn link_picker(
    look: Look,
    typed: &str,
    entries: &[LinkEntry],
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let Look { theme, glyphs } = look;
    let Some(list) = picker_frame(
        look,
        typed,
        entries.is_empty(),
        "no link matches",
        area,
        buf,
    ) else {
        return;
    };
    let widest = entries
        .iter()
        .map(|e| format!("[{}]", e.number).len())
        .max()
        .unwrap_or(0);
    let start = window_start(cursor, usize::from(list.height));
    let rows = (list.top()..list.bottom()).zip(entries.iter().enumerate().skip(start));
    for (y, (i, entry)) in rows {
        let mut style = Style::default();
        let mut meta = theme.list_meta();
        if i == cursor {
            buf.set_style(Rect::new(list.x, y, list.width, 1), theme.selection(true));
            style = theme.selection(true);
            meta = theme.selection(true).patch(meta);
        }
        let number = format!("{:<widest$} ", format!("[{}]", entry.number));
        let text = if entry.text.is_empty() {
            String::new()
        } else {
            format!("{}  ", entry.text)
        };
        put_line(
            buf,
            list,
            y,
            &[
                (
                    &number,
                    style.patch(theme.span(Role::LinkRef, Default::default())),
                ),
                (&text, style),
                (entry.url, meta),
            ],
            glyphs,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width::str_width;

    fn problem(path: &str, message: &str) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line: Some(7),
            message: message.into(),
        }
    }

    #[test]
    fn problems_wrap_to_the_width_and_stop_at_the_limit() {
        let many: Vec<Diagnostic> = (0..10_000)
            .map(|i| problem(&format!("posts/{i}/a-long-name.md"), "日本語の説明 is here"))
            .collect();
        let rows = diagnostic_rows(&many, 12, false, 30);
        assert_eq!(rows.len(), 30);
        assert!(rows.iter().all(|r| str_width(r, false) <= 12), "{rows:#?}");
        // The first problem's rows hold all of its text, in order.
        let first: String = rows
            .iter()
            .take_while(|r| !r.starts_with("posts/1/"))
            .flat_map(|r| r.split(' '))
            .collect();
        let whole: String = many[0].to_string().split(' ').collect();
        assert_eq!(first, whole);
    }
}
