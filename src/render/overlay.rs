//! Windows over the main screen: the help, the tag picker, the outline and the load problems.
//! Each is a bordered box in the rectangle `ui` chose; lists longer than the box scroll.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

use super::text::{put_line, width};
use crate::ui::App;
use crate::ui::app::{Overlay, TagPicker};

/// What the picker's filter line starts with.
pub const PICKER_PROMPT: &str = "› ";

pub struct OverlayView<'a> {
    pub app: &'a App,
}

/// The box minus its border.
pub fn inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}

impl Widget for OverlayView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let glyphs = app.glyphs();
        let Some(overlay) = app.overlay() else {
            return;
        };
        let sep = glyphs.separator;
        let title = match overlay {
            Overlay::Help { .. } => format!(" keys{sep}Esc closes "),
            Overlay::Diagnostics { .. } => format!(
                " {} problems while loading{sep}Esc closes ",
                app.library().diagnostics.len()
            ),
            Overlay::Outline { .. } => format!(" outline{sep}Enter jumps "),
            Overlay::TagPicker(_) => match app.tag_filter().len() {
                0 => format!(" tags{sep}Space toggles "),
                n => format!(" tags{sep}{n} selected{sep}Esc closes "),
            },
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
        match overlay {
            Overlay::Help { scroll } => help(app, inner, buf, *scroll),
            Overlay::Diagnostics { scroll } => {
                let lines = app.library().diagnostics.iter().skip(*scroll);
                for (y, diagnostic) in (inner.top()..inner.bottom()).zip(lines) {
                    put_line(
                        buf,
                        inner,
                        y,
                        &[(&diagnostic.to_string(), Style::default())],
                        glyphs.ellipsis,
                    );
                }
            }
            Overlay::Outline { cursor } => outline(app, inner, buf, *cursor),
            Overlay::TagPicker(picker) => tag_picker(app, picker, inner, buf),
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
        if cell.symbol().cell_width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

fn help(app: &App, area: Rect, buf: &mut Buffer, scroll: usize) {
    let theme = app.theme();
    let lines = app.help_lines();
    let key_width = lines
        .iter()
        .map(|(keys, _)| width(keys))
        .max()
        .unwrap_or(0)
        .min(usize::from(area.width) / 2);
    for (y, (keys, what)) in (area.top()..area.bottom()).zip(lines.iter().skip(scroll)) {
        let keys = super::text::truncate(keys, key_width, app.glyphs().ellipsis);
        let pad = " ".repeat(key_width - width(&keys) + 2);
        put_line(
            buf,
            area,
            y,
            &[
                (&keys, theme.emphasis()),
                (&pad, Style::default()),
                (what, Style::default()),
            ],
            app.glyphs().ellipsis,
        );
    }
}

/// The first entry to show so that `cursor` is on screen in a list of `height` rows.
fn window_start(cursor: usize, height: usize) -> usize {
    cursor.saturating_sub(height.saturating_sub(1))
}

fn outline(app: &App, area: Rect, buf: &mut Buffer, cursor: usize) {
    let theme = app.theme();
    let Some(reader) = app.reader() else {
        return;
    };
    let headings = &reader.document().headings;
    // Indent relative to the post's top level: many posts start at `##`.
    let top_level = headings.iter().map(|h| h.level).min().unwrap_or(1);
    let start = window_start(cursor, usize::from(area.height));
    for (y, (i, heading)) in
        (area.top()..area.bottom()).zip(headings.iter().enumerate().skip(start))
    {
        let indent = "  ".repeat(usize::from(heading.level.saturating_sub(top_level)).min(5));
        let mut style = theme.span(
            crate::layout::Role::Heading(heading.level),
            Default::default(),
        );
        if i == cursor {
            style = style.patch(theme.selection(true));
            buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selection(true));
        }
        put_line(
            buf,
            area,
            y,
            &[(&indent, style), (&heading.text, style)],
            app.glyphs().ellipsis,
        );
    }
}

fn tag_picker(app: &App, picker: &TagPicker, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    put_line(
        buf,
        area,
        area.y,
        &[
            (PICKER_PROMPT, theme.overlay_border()),
            (&picker.typed, Style::default()),
        ],
        app.glyphs().ellipsis,
    );
    let list = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if picker.entries.is_empty() {
        put_line(
            buf,
            list,
            list.y,
            &[("no tag matches", theme.hint())],
            app.glyphs().ellipsis,
        );
        return;
    }
    let start = window_start(picker.cursor, usize::from(list.height));
    let rows = (list.top()..list.bottom()).zip(picker.entries.iter().enumerate().skip(start));
    for (y, (i, &label_index)) in rows {
        let label = &app.labels()[label_index];
        let checked = app.is_tag_selected(&label.label);
        let mut style = if checked {
            theme.emphasis()
        } else {
            Style::default()
        };
        if i == picker.cursor {
            buf.set_style(Rect::new(list.x, y, list.width, 1), theme.selection(true));
            style = theme.selection(true).patch(style);
        }
        let mark = if checked { "[x] " } else { "[ ] " };
        let count = format!(" {}", label.count);
        let name_area = Rect {
            width: list.width.saturating_sub(width(&count) as u16),
            ..list
        };
        put_line(
            buf,
            name_area,
            y,
            &[(mark, style), (&label.label, style)],
            app.glyphs().ellipsis,
        );
        let x = list.right().saturating_sub(width(&count) as u16);
        buf.set_stringn(x, y, &count, width(&count), style.patch(theme.list_meta()));
    }
}
