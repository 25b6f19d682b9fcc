//! Tables drawn with box characters, columns sized by display width.
//!
//! Columns get their natural width when the table fits. Otherwise every column first gets
//! what its longest unbreakable word needs (the widest columns giving way when even that is
//! too much), and the remaining cells go one at a time to the column missing the most; cells then
//! wrap inside their column. When that would squeeze a column below a few characters, the
//! table is shown as records instead, one `header: value` line per cell.

use super::flow::{StyledText, WrappedRow};
use super::tree::{Align, InlineItem, SpanStyle, TableRow};
use super::width::str_width;
use super::{Role, Span};
use crate::style::StructureGlyphs as Glyphs;

/// Cells a column needs (when its content is that wide) for the grid to be worth drawing:
/// three CJK characters or six Latin letters.
const MIN_COLUMN: usize = 6;

/// The rows that draw a table in `avail` cells, each with its source offset.
pub fn layout(
    aligns: &[Align],
    header: &TableRow,
    rows: &[TableRow],
    avail: usize,
    ambiguous_wide: bool,
    glyphs: &Glyphs,
) -> Vec<(Vec<Span>, usize)> {
    let columns = std::iter::once(header)
        .chain(rows)
        .map(|r| r.cells.len())
        .chain(std::iter::once(aligns.len()))
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return Vec::new();
    }
    let header_flows = flows(header, columns, true);
    let body_flows: Vec<Vec<StyledText>> = rows.iter().map(|r| flows(r, columns, false)).collect();
    let overhead = 3 * columns + 1;
    if avail < overhead + 2 * columns {
        return records(header, rows, columns, avail, ambiguous_wide, glyphs);
    }
    let all = || std::iter::once(&header_flows).chain(&body_flows);
    let natural: Vec<usize> = (0..columns)
        .map(|c| {
            all()
                .map(|r| r[c].natural_width(ambiguous_wide))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let minimum: Vec<usize> = (0..columns)
        .map(|c| {
            all()
                .map(|r| r[c].min_width(ambiguous_wide))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = column_widths(&natural, &minimum, avail - overhead);
    // A column squeezed below a few characters reads worse than records do.
    if widths
        .iter()
        .zip(&natural)
        .any(|(&w, &n)| w < n.min(MIN_COLUMN))
    {
        return records(header, rows, columns, avail, ambiguous_wide, glyphs);
    }

    let align = |c: usize| aligns.get(c).copied().unwrap_or(Align::Left);
    let border = |ends: &[&str; 3]| {
        let mut line = String::from(ends[0]);
        for (c, w) in widths.iter().enumerate() {
            if c > 0 {
                line.push_str(ends[1]);
            }
            line.push_str(&glyphs.horizontal.repeat(w + 2));
        }
        line.push_str(ends[2]);
        vec![Span {
            text: line,
            role: Role::TableBorder,
            inline: Default::default(),
        }]
    };
    let lay = |flows: &[StyledText]| -> Vec<Vec<WrappedRow>> {
        flows
            .iter()
            .zip(&widths)
            .map(|(f, &w)| f.rows(w, w, ambiguous_wide))
            .collect()
    };

    let mut out = Vec::new();
    out.push((border(&glyphs.top), header.offset));
    let show_header = header_flows.iter().any(|f| !f.is_empty());
    if show_header {
        draw_row(
            &lay(&header_flows),
            &widths,
            &align,
            (glyphs, ambiguous_wide),
            header.offset,
            &mut out,
        );
        // Under a header with no body below it, the bottom border follows at once.
        if !rows.is_empty() {
            out.push((border(&glyphs.middle), header.offset));
        }
    }
    let laid: Vec<Vec<Vec<WrappedRow>>> = body_flows.iter().map(|r| lay(r)).collect();
    let wraps = laid.iter().any(|r| r.iter().any(|cell| cell.len() > 1));
    for (i, (cells, row)) in laid.iter().zip(rows).enumerate() {
        if i > 0 && wraps {
            out.push((border(&glyphs.middle), row.offset));
        }
        draw_row(
            cells,
            &widths,
            &align,
            (glyphs, ambiguous_wide),
            row.offset,
            &mut out,
        );
    }
    let last = rows.last().map_or(header.offset, |r| r.offset);
    out.push((border(&glyphs.bottom), last));
    out
}

fn flows(row: &TableRow, columns: usize, header: bool) -> Vec<StyledText> {
    (0..columns)
        .map(|c| match row.cells.get(c) {
            Some(pieces) if header => StyledText::new(&as_header(pieces)),
            Some(pieces) => StyledText::new(pieces),
            None => StyledText::default(),
        })
        .collect()
}

fn as_header(pieces: &[InlineItem]) -> Vec<InlineItem> {
    pieces
        .iter()
        .cloned()
        .map(|mut p| {
            if let InlineItem::Text { style, .. } = &mut p
                && style.role == Role::Body
            {
                style.role = Role::TableHeader;
            }
            p
        })
        .collect()
}

/// Widths for columns with these natural and minimum widths sharing `room` cells.
fn column_widths(natural: &[usize], minimum: &[usize], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let mut widths: Vec<usize> = natural
        .iter()
        .zip(minimum)
        .map(|(&n, &m)| n.min(m.max(2)))
        .collect();
    // Too wide even at the minimum: shrink the widest columns first.
    while widths.iter().sum::<usize>() > room {
        let Some((i, _)) = widths
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 2)
            .max_by_key(|(_, w)| **w)
        else {
            break;
        };
        widths[i] -= 1;
    }
    // Room left: one cell at a time to the column missing the most.
    let mut left = room.saturating_sub(widths.iter().sum());
    while left > 0 {
        let Some((i, _)) = widths
            .iter()
            .zip(natural)
            .enumerate()
            .filter(|(_, (w, n))| w < n)
            .max_by_key(|(i, (w, n))| (**n - **w, usize::MAX - i))
        else {
            break;
        };
        widths[i] += 1;
        left -= 1;
    }
    widths
}

fn draw_row(
    cells: &[Vec<WrappedRow>],
    widths: &[usize],
    align: &dyn Fn(usize) -> Align,
    (glyphs, ambiguous_wide): (&Glyphs, bool),
    offset: usize,
    out: &mut Vec<(Vec<Span>, usize)>,
) {
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let border = |text: String| Span {
        text,
        role: Role::TableBorder,
        inline: Default::default(),
    };
    for line in 0..height {
        let mut spans = vec![border(format!("{} ", glyphs.vertical))];
        for (c, &w) in widths.iter().enumerate() {
            if c > 0 {
                spans.push(border(format!(" {} ", glyphs.vertical)));
            }
            let (content, used) = match cells.get(c).and_then(|rows| rows.get(line)) {
                Some(row) => (row.spans.clone(), row.width(ambiguous_wide)),
                None => (Vec::new(), 0),
            };
            let pad = w.saturating_sub(used);
            let (before, after) = match align(c) {
                Align::Left => (0, pad),
                Align::Right => (pad, 0),
                Align::Center => (pad / 2, pad - pad / 2),
            };
            if before > 0 {
                spans.push(plain(" ".repeat(before)));
            }
            spans.extend(content);
            if after > 0 {
                spans.push(plain(" ".repeat(after)));
            }
        }
        spans.push(border(format!(" {}", glyphs.vertical)));
        out.push((spans, offset));
    }
}

fn plain(text: String) -> Span {
    Span {
        text,
        role: Role::Body,
        inline: Default::default(),
    }
}

/// A table too wide for any grid: each row as a record of `header: value` lines.
fn records(
    header: &TableRow,
    rows: &[TableRow],
    columns: usize,
    avail: usize,
    ambiguous_wide: bool,
    glyphs: &Glyphs,
) -> Vec<(Vec<Span>, usize)> {
    let rule_width = str_width(glyphs.rule, ambiguous_wide).max(1);
    let rule = |offset| {
        (
            vec![Span {
                text: glyphs.rule.repeat(avail / rule_width),
                role: Role::TableBorder,
                inline: Default::default(),
            }],
            offset,
        )
    };
    // A table with no body still has its header to show: as one record of bare values.
    let no_labels = TableRow {
        cells: Vec::new(),
        offset: header.offset,
    };
    let header_as_record = [TableRow {
        cells: header.cells.iter().map(|p| as_header(p)).collect(),
        offset: header.offset,
    }];
    let (header, rows) = if rows.is_empty() {
        (&no_labels, &header_as_record[..])
    } else {
        (header, rows)
    };
    let mut out = Vec::new();
    for row in rows {
        out.push(rule(row.offset));
        for c in 0..columns {
            let mut pieces = header
                .cells
                .get(c)
                .map(|p| as_header(p))
                .unwrap_or_default();
            if !pieces.is_empty() {
                pieces.push(InlineItem::text(
                    ": ",
                    SpanStyle::plain(Role::TableHeader),
                    row.offset,
                ));
            }
            pieces.extend(row.cells.get(c).cloned().unwrap_or_default());
            let flow = StyledText::new(&pieces);
            // Continuation lines hang by two cells when that leaves room for a wide character.
            let hang = if avail >= 6 { 2 } else { 0 };
            for (i, line) in flow
                .rows(avail, avail - hang, ambiguous_wide)
                .into_iter()
                .enumerate()
            {
                let mut spans = Vec::new();
                if i > 0 && hang > 0 {
                    spans.push(plain(" ".repeat(hang)));
                }
                spans.extend(line.spans);
                out.push((spans, line.offset.max(row.offset)));
            }
        }
    }
    if let Some(last) = rows.last() {
        out.push(rule(last.offset));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_without_a_body_has_no_rule_under_it() {
        let rows = crate::layout::row_texts("| a | b |\n|---|---|\n", 40);
        assert!(
            rows.iter().any(|r| r.contains('a') && r.contains('b')),
            "{rows:#?}"
        );
        assert!(!rows.iter().any(|r| r.contains('├')), "{rows:#?}");
    }

    #[test]
    fn columns_keep_their_natural_width_when_they_fit() {
        assert_eq!(column_widths(&[3, 5], &[3, 5], 20), [3, 5]);
    }

    #[test]
    fn narrow_tables_give_room_to_the_column_missing_most() {
        let w = column_widths(&[4, 40], &[4, 10], 24);
        assert_eq!(w.iter().sum::<usize>(), 24);
        assert_eq!(w[0], 4);
    }

    #[test]
    fn columns_never_go_below_two_cells() {
        let w = column_widths(&[30, 30, 30], &[30, 30, 30], 6);
        assert_eq!(w, [2, 2, 2]);
    }
}
