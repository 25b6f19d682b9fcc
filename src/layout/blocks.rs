//! The block tree → rows, for one width.
//!
//! Containers draw in a gutter: a quote adds its bar to every row, a list item its marker to
//! the first row and a hanging indent to the others, a footnote its label the same way. The
//! gutter is a stack, so a quote inside a list item inside a quote composes without special
//! cases. When nesting would leave less than half the width for text, the gutter gives up its
//! outer cells first. Headings show their level as `#` marks; code keeps its text verbatim and
//! marks the rows it had to wrap; tables are drawn by [`super::table`].

use super::flow::StyledText;
use super::linebreak::wrap_verbatim;
use super::links::url_lines;
use super::table;
use super::tree::{Block, InlineItem, Item, SpanStyle};
use super::width::str_width;
use super::{Heading, Link, Role, Row, Span};
use crate::style::StructureGlyphs;
use crate::text::sanitize;

/// Spaces code is indented by, and the tab stops tabs in code expand to.
const CODE_INDENT: &str = "  ";
const TAB_STOP: usize = 4;

struct Gutter {
    first: Vec<Span>,
    rest: Vec<Span>,
    used: bool,
}

pub struct Emitter {
    pub rows: Vec<Row>,
    pub headings: Vec<Heading>,
    /// The rows each leaf block (paragraph, heading, code, table, rule) took, in layout
    /// order: where a fold of repeated blocks goes.
    pub leaf_rows: Vec<std::ops::Range<usize>>,
    width: usize,
    ambiguous_wide: bool,
    glyphs: &'static StructureGlyphs,
    gutter: Vec<Gutter>,
    list_depth: usize,
}

fn span(text: impl Into<String>, role: Role) -> Span {
    Span {
        text: text.into(),
        role,
        inline: Default::default(),
    }
}

impl Emitter {
    pub fn new(width: usize, ambiguous_wide: bool) -> Self {
        Emitter {
            rows: Vec::new(),
            headings: Vec::new(),
            leaf_rows: Vec::new(),
            // Two cells are the least that can hold any character.
            width: width.max(2),
            ambiguous_wide,
            glyphs: StructureGlyphs::for_terminal(ambiguous_wide),
            gutter: Vec::new(),
            list_depth: 0,
        }
    }

    fn measure(&self, spans: &[Span]) -> usize {
        spans
            .iter()
            .map(|s| str_width(&s.text, self.ambiguous_wide))
            .sum()
    }

    /// The most cells the gutter may take: text keeps at least half the row.
    fn max_gutter(&self) -> usize {
        self.width - (self.width / 2).max(2)
    }

    fn gutter_spans(&self, first_row: bool) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        for g in &self.gutter {
            let part = if first_row && !g.used {
                &g.first
            } else {
                &g.rest
            };
            spans.extend(part.iter().cloned());
        }
        self.fit_gutter(spans)
    }

    /// Drops the gutter's leftmost cells until it fits its share of the width.
    fn fit_gutter(&self, mut spans: Vec<Span>) -> Vec<Span> {
        let max = self.max_gutter();
        let mut total = self.measure(&spans);
        while total > max && !spans.is_empty() {
            let first = &mut spans[0];
            if let Some(c) = first.text.chars().next() {
                first.text.remove(0);
                total -= str_width(c.encode_utf8(&mut [0; 4]), self.ambiguous_wide);
            }
            if spans[0].text.is_empty() {
                spans.remove(0);
            }
        }
        spans
    }

    /// Cells left for text on the next row and on the rows after it.
    fn available(&self) -> (usize, usize) {
        let first = self.measure(&self.gutter_spans(true));
        let rest = self.measure(&self.gutter_spans(false));
        (self.width - first, self.width - rest)
    }

    fn push_row(&mut self, content: Vec<Span>, offset: usize) {
        let mut spans = if self.gutter.is_empty() {
            content
        } else {
            let mut spans = self.gutter_spans(true);
            spans.extend(content);
            spans
        };
        for g in &mut self.gutter {
            g.used = true;
        }
        // No row ends in spaces (an empty quote row is just its bar).
        while let Some(last) = spans.last_mut() {
            let trimmed = last.text.trim_end_matches(' ').len();
            last.text.truncate(trimmed);
            if last.text.is_empty() {
                spans.pop();
            } else {
                break;
            }
        }
        self.rows.push(Row {
            spans,
            source_offset: offset,
        });
    }

    /// A blank row between blocks. It belongs to the block above, so that the offset of the
    /// block below finds that block's first row.
    fn blank(&mut self) {
        let offset = self.rows.last().map_or(0, |r| r.source_offset);
        self.push_row(Vec::new(), offset);
    }

    fn push_gutter(&mut self, first: Vec<Span>, rest: Vec<Span>) {
        self.gutter.push(Gutter {
            first,
            rest,
            used: false,
        });
    }

    fn pop_gutter(&mut self) {
        self.gutter.pop();
    }

    /// Blocks one after another, separated by a blank row unless `tight`.
    pub fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 && !tight {
                self.blank();
            }
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        let first_row = self.rows.len();
        match block {
            Block::Paragraph { pieces, offset } => self.paragraph(pieces, *offset),
            Block::Heading {
                level,
                pieces,
                id,
                offset,
            } => self.heading(*level, pieces, id.clone(), *offset),
            Block::Code { lines, offset } => self.code(lines, *offset),
            Block::Quote { blocks, offset } => {
                let bar = vec![span(format!("{} ", self.glyphs.quote_bar), Role::QuoteBar)];
                self.push_gutter(bar.clone(), bar);
                if blocks.is_empty() {
                    self.push_row(Vec::new(), *offset);
                }
                self.blocks(blocks, false);
                self.pop_gutter();
            }
            Block::List {
                start,
                loose,
                items,
                ..
            } => self.list(*start, *loose, items),
            Block::Table {
                aligns,
                header,
                rows,
                ..
            } => {
                let (avail, _) = self.available();
                let drawn = table::layout(
                    aligns,
                    header,
                    rows,
                    avail,
                    self.ambiguous_wide,
                    self.glyphs,
                );
                for (spans, offset) in drawn {
                    self.push_row(spans, offset);
                }
            }
            Block::Rule { offset } => {
                let (avail, _) = self.available();
                let cell = str_width(self.glyphs.rule, self.ambiguous_wide).max(1);
                let line = self.glyphs.rule.repeat(avail / cell);
                self.push_row(vec![span(line, Role::Rule)], *offset);
            }
            Block::Footnote {
                mark,
                blocks,
                offset,
            } => {
                let indent = str_width(mark, self.ambiguous_wide).min(6);
                self.push_gutter(
                    vec![span(mark.clone(), Role::FootnoteRef)],
                    vec![span(" ".repeat(indent), Role::Body)],
                );
                if blocks.is_empty() {
                    self.push_row(Vec::new(), *offset);
                }
                self.blocks(blocks, false);
                self.pop_gutter();
            }
        }
        if !matches!(
            block,
            Block::Quote { .. } | Block::List { .. } | Block::Footnote { .. }
        ) {
            self.leaf_rows.push(first_row..self.rows.len());
        }
    }

    fn flow_rows(&mut self, flow: &StyledText) {
        let (first, rest) = self.available();
        for row in flow.rows(first, rest, self.ambiguous_wide) {
            self.push_row(row.spans, row.offset);
        }
    }

    fn paragraph(&mut self, pieces: &[InlineItem], offset: usize) {
        let flow = StyledText::new(pieces);
        if flow.is_empty() {
            return self.push_row(Vec::new(), offset);
        }
        self.flow_rows(&flow);
    }

    fn heading(&mut self, level: u8, pieces: &[InlineItem], id: Option<String>, offset: usize) {
        let flow = StyledText::new(pieces);
        let marker = format!("{} ", "#".repeat(usize::from(level.clamp(1, 6))));
        let indent = " ".repeat(marker.len());
        self.push_gutter(
            vec![span(marker, Role::Heading(level))],
            vec![span(indent, Role::Heading(level))],
        );
        // The outline names the heading by its words, without link or footnote numbers.
        let words = StyledText::new(
            &pieces
                .iter()
                .filter(|p| {
                    !matches!(p, InlineItem::Text { style, .. }
                        if matches!(style.role, Role::LinkRef | Role::FootnoteRef))
                })
                .cloned()
                .collect::<Vec<_>>(),
        );
        self.headings.push(Heading {
            level,
            id,
            text: words.text().replace('\n', " "),
            row: self.rows.len(),
        });
        if flow.is_empty() {
            self.push_row(Vec::new(), offset);
        } else {
            self.flow_rows(&flow);
        }
        self.pop_gutter();
    }

    fn code(&mut self, lines: &[(String, usize)], offset: usize) {
        let indent = vec![span(CODE_INDENT, Role::CodeBlock)];
        self.push_gutter(indent.clone(), indent);
        let mark = self.glyphs.continuation;
        let mark_width = str_width(mark, self.ambiguous_wide);
        let mut any = false;
        for (line, at) in lines {
            any = true;
            let line = expand_tabs(&clean_code(line));
            let (avail, _) = self.available();
            // The mark needs room beside at least two cells of code.
            let mark_width = if avail >= mark_width + 2 {
                mark_width
            } else {
                0
            };
            let pieces = wrap_verbatim(&line, avail, mark_width, self.ambiguous_wide);
            let last = pieces.len().saturating_sub(1);
            for (i, range) in pieces.into_iter().enumerate() {
                let piece = &line[range];
                // A character that alone fills the row (a 3-cell `ﾅﾞ` in 3 cells) leaves no
                // room for the mark: the row goes without it rather than overflow.
                let room = str_width(piece, self.ambiguous_wide) + mark_width <= avail;
                let mut spans = vec![span(piece, Role::CodeBlock)];
                if i < last && mark_width > 0 && room {
                    spans.push(span(mark, Role::CodeContinuation));
                }
                self.push_row(spans, *at);
            }
        }
        if !any {
            self.push_row(Vec::new(), offset);
        }
        self.pop_gutter();
    }

    fn list(&mut self, start: Option<u64>, loose: bool, items: &[Item]) {
        let depth = self.list_depth;
        let last_number = start.map(|s| s.saturating_add(items.len().saturating_sub(1) as u64));
        let number_width = last_number.map_or(0, |n| n.to_string().len());
        for (i, item) in items.iter().enumerate() {
            if i > 0 && loose {
                self.blank();
            }
            let task = item.task.map(|done| self.glyphs.task[usize::from(done)]);
            let marker = match (start, task) {
                (Some(s), _) => format!(
                    "{:>width$}. {}",
                    s.saturating_add(i as u64),
                    task.map(|t| format!("{t} ")).unwrap_or_default(),
                    width = number_width
                ),
                // A task's box stands where its bullet would, as GitHub draws it.
                (None, Some(task)) => format!("{task} "),
                (None, None) => format!("{} ", self.glyphs.bullets[depth % 3]),
            };
            let indent = " ".repeat(str_width(&marker, self.ambiguous_wide));
            self.push_gutter(
                vec![span(marker, Role::ListMarker)],
                vec![span(indent, Role::Body)],
            );
            self.list_depth += 1;
            if item.blocks.is_empty() {
                self.push_row(Vec::new(), item.offset);
            }
            self.blocks(&item.blocks, !loose);
            self.list_depth -= 1;
            self.pop_gutter();
        }
    }

    /// The numbered links of the post, after a rule.
    pub fn link_list(&mut self, links: &[Link], offset: usize) {
        if links.is_empty() {
            return;
        }
        if !self.rows.is_empty() {
            self.blank();
        }
        self.block(&Block::Rule { offset });
        let widest = links
            .iter()
            .map(|l| format!("[{}]", l.number).len())
            .max()
            .unwrap_or(0);
        for link in links {
            let marker = format!("{:<widest$} ", format!("[{}]", link.number));
            self.push_gutter(
                vec![span(marker, Role::LinkRef)],
                vec![span(" ".repeat(widest + 1), Role::Body)],
            );
            let shown = sanitize::strip(&link.url);
            let label = link.label.as_ref().map(|l| format!("{l}: "));
            let label_width = label
                .as_deref()
                .map_or(0, |l| str_width(l, self.ambiguous_wide));
            let (first, rest) = self.available();
            if label_width + 8 <= first {
                // Broken where an address may break (see `links::url_lines`), not where
                // text would.
                let lines = url_lines(&shown, first - label_width, rest, self.ambiguous_wide);
                for (i, line) in lines.into_iter().enumerate() {
                    let mut spans = Vec::new();
                    if let (0, Some(label)) = (i, &label) {
                        spans.push(span(label.clone(), Role::Metadata));
                    }
                    spans.push(span(line, Role::Link));
                    self.push_row(spans, offset);
                }
                self.pop_gutter();
                continue;
            }
            let url = InlineItem::text(shown, SpanStyle::plain(Role::Link), offset);
            let flow = match &link.label {
                Some(label) => StyledText::new(&[
                    InlineItem::text(
                        format!("{label}: "),
                        SpanStyle::plain(Role::Metadata),
                        offset,
                    ),
                    url,
                ]),
                None => StyledText::new(&[url]),
            };
            self.flow_rows(&flow);
            self.pop_gutter();
        }
    }
}

fn clean_code(line: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| sanitize::is_unsafe(c) && c != '\t';
    if line.contains(unsafe_char) {
        line.chars()
            .filter(|&c| !unsafe_char(c))
            .collect::<String>()
            .into()
    } else {
        line.into()
    }
}

/// Tabs in code become spaces to the next tab stop (a tab's width is up to the terminal).
fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = TAB_STOP - column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', n));
            column += n;
        } else {
            out.push(c);
            column += str_width(c.encode_utf8(&mut [0; 4]), false);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_expand_to_four_column_stops() {
        assert_eq!(expand_tabs("\tx\ty"), "    x   y");
        assert_eq!(expand_tabs("日\tx"), "日  x");
    }
}
