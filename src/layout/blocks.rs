//! The block tree → rows, for one width.
//!
//! Containers draw in a gutter: a quote adds its bar to every row, a list item its marker to
//! the first row and a hanging indent to the others, a footnote its label the same way. The
//! gutter is a stack, so a quote inside a list item inside a quote composes without special
//! cases. When nesting would leave less than half the width for text, the gutter gives up its
//! outer cells first. Headings show their level as `#` marks; code keeps its text verbatim and
//! marks the rows it had to wrap; tables are drawn by [`super::table`].

use super::code_wrap::wrap_code;
use super::flow::StyledText;
use super::highlight;
use super::image::{Drawn, PictureGrid, PictureSizes, picture_cells};
use super::links::url_lines;
use super::table;
use super::tree::{Block, DetailsMark, InlineItem, Item, SpanStyle};
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
    /// Bytes of code the post may still highlight (see [`highlight::POST_BUDGET_BYTES`]).
    highlight_budget: usize,
    highlighting: highlight::Highlighting,
    wrap_code: bool,
    /// A code block was left plain until it is highlighted (see [`highlight::Highlighting`]).
    pub highlight_pending: bool,
    /// The code blocks as written, for copying.
    pub code_blocks: Vec<super::CodeSource>,
    /// The language of code blocks that name none.
    pub default_lang: Option<String>,
    /// The `<details>` drawn, in order: number, whether open, and the source offset of its
    /// last row (its summary's when folded).
    pub details: Vec<(usize, bool, usize)>,
    fold_details: bool,
    details_open: u64,
    /// How pictures are drawn, and the sizes of those whose size is known.
    pictures: Option<(PictureGrid, PictureSizes)>,
    /// Every image that stands alone (drawn or not), in order: what the caller may size.
    pub picture_urls: Vec<String>,
    /// The pictures drawn, for [`super::image::places`].
    pub drawn: Vec<Drawn>,
}

fn span(text: impl Into<String>, role: Role) -> Span {
    Span {
        text: text.into(),
        role,
        inline: Default::default(),
    }
}

impl Emitter {
    pub fn new(options: &super::Options) -> Self {
        let (width, ambiguous_wide) = (options.width, options.ambiguous_wide);
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
            highlight_budget: highlight::POST_BUDGET_BYTES,
            highlighting: options.highlighting,
            wrap_code: options.wrap_code,
            highlight_pending: false,
            code_blocks: Vec::new(),
            default_lang: None,
            details: Vec::new(),
            fold_details: options.fold_details,
            details_open: options.details_open,
            pictures: None,
            picture_urls: Vec::new(),
            drawn: Vec::new(),
        }
    }

    /// Draws images whose size `sizes` knows as pictures on `grid`.
    pub fn with_pictures(mut self, grid: Option<PictureGrid>, sizes: &PictureSizes) -> Self {
        self.pictures = grid.map(|grid| (grid, sizes.clone()));
        self
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
            scrolls_from: None,
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
            Block::Image {
                url,
                caption,
                fallback,
                offset,
            } => self.image(url, caption, fallback, *offset),
            Block::Heading {
                level,
                pieces,
                id,
                offset,
            } => self.heading(*level, pieces, id.clone(), *offset),
            Block::Code {
                lines,
                lang,
                offset,
            } => {
                let default = self.default_lang.clone();
                self.code(lines, lang.as_deref().or(default.as_deref()), *offset)
            }
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
            Block::Details {
                summary,
                blocks,
                number,
                offset,
            } => {
                let open = !self.fold_details || self.details_open & (1 << (*number).min(63)) != 0;
                let drawn = self.details.len();
                self.details.push((*number, open, *offset));
                // Only where it can be opened and folded is a `<details>` marked as such.
                let mut pieces = Vec::new();
                if self.fold_details {
                    let marker = if open {
                        self.glyphs.details_open
                    } else {
                        self.glyphs.details_folded
                    };
                    pieces.push(InlineItem::text(
                        format!("{marker} "),
                        SpanStyle::plain(Role::DetailsMarker),
                        *offset,
                    ));
                }
                pieces.extend(summary.iter().cloned());
                let flow = StyledText::new(&pieces);
                self.flow_rows(&flow);
                self.leaf_rows.push(first_row..self.rows.len());
                if open {
                    self.blocks(blocks, false);
                }
                if let Some(last) = self.rows.last() {
                    self.details[drawn].2 = last.source_offset.max(*offset);
                }
                return;
            }
            Block::DetailsMark {
                mark: DetailsMark::Summary(pieces),
                offset,
            } => self.paragraph(pieces, *offset),
            Block::DetailsMark { .. } => return,
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

    /// A picture: rows holding only the gutter, for the interface to draw it over, then its
    /// caption. Unsized, the image is the paragraph it was.
    fn image(&mut self, url: &str, caption: &[InlineItem], fallback: &[InlineItem], offset: usize) {
        let Some((grid, sizes)) = &self.pictures else {
            return self.paragraph(fallback, offset);
        };
        self.picture_urls.push(url.to_string());
        let Some(&size) = sizes.get(url) else {
            return self.paragraph(fallback, offset);
        };
        let (first, rest) = self.available();
        let avail = first.min(rest);
        let (columns, rows) = picture_cells(size, *grid, avail);
        let column = self.width - avail;
        self.drawn
            .push((offset, url.to_string(), column, columns, rows));
        for _ in 0..rows {
            self.push_row(Vec::new(), offset);
        }
        self.paragraph(caption, offset);
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

    fn code(&mut self, lines: &[(String, usize)], lang: Option<&str>, offset: usize) {
        let mut text = String::new();
        for (line, _) in lines {
            text.push_str(line);
            text.push('\n');
        }
        self.code_blocks.push(super::CodeSource {
            source: offset..lines.last().map_or(offset, |(_, at)| *at).max(offset) + 1,
            text,
        });
        let indent = vec![span(CODE_INDENT, Role::CodeBlock)];
        self.push_gutter(indent.clone(), indent);
        if let Some(lang) = lang {
            let (avail, _) = self.available();
            let label = fit(&sanitize::strip(lang), avail, self.ambiguous_wide);
            self.push_row(vec![span(label, Role::CodeLanguage)], offset);
        }
        let shown: Vec<String> = lines
            .iter()
            .map(|(line, _)| expand_tabs(&clean_code(line)))
            .collect();
        let refs: Vec<&str> = shown.iter().map(String::as_str).collect();
        let roles = lang.and_then(|lang| {
            let roles = highlight::highlight_block(
                lang,
                &refs,
                &mut self.highlight_budget,
                self.highlighting,
            );
            self.highlight_pending |= roles.is_none();
            roles
        });
        let none = Vec::new();
        let mark = self.glyphs.code_continuation;
        let mark_width = str_width(mark, self.ambiguous_wide);
        for (i, (line, (_, at))) in shown.iter().zip(lines).enumerate() {
            let roles = roles.as_ref().and_then(|r| r.get(i)).unwrap_or(&none);
            let (avail, _) = self.available();
            // A continuation row starts at the line's own indentation, then the mark and a
            // space; the prefix never takes more than the gutter may (half the row), and
            // loses its indentation first, then the space, then the mark.
            let most = avail.saturating_sub((avail / 2).max(2));
            let own_indent = line.len() - line.trim_start_matches(' ').len();
            let prefix = if mark_width < most {
                let spaces = own_indent.min(most - mark_width - 1);
                format!("{}{mark} ", " ".repeat(spaces))
            } else if mark_width <= most && mark_width > 0 {
                mark.to_string()
            } else {
                String::new()
            };
            let prefix_width = str_width(&prefix, self.ambiguous_wide);
            let pieces = if self.wrap_code {
                wrap_code(line, avail, avail - prefix_width, self.ambiguous_wide)
            } else {
                std::iter::once(0..line.len()).collect()
            };
            for (i, range) in pieces.into_iter().enumerate() {
                let mut spans = Vec::new();
                // A character that alone fills the row (a 3-cell `ﾅﾞ` in 3 cells) leaves no
                // room for the prefix: the row goes without it rather than overflow.
                let room =
                    str_width(&line[range.clone()], self.ambiguous_wide) + prefix_width <= avail;
                if i > 0 && !prefix.is_empty() && room {
                    let (spaces, mark) = prefix.split_at(prefix.len() - prefix.trim_start().len());
                    if !spaces.is_empty() {
                        spans.push(span(spaces, Role::CodeBlock));
                    }
                    spans.push(span(mark, Role::CodeContinuation));
                }
                let code_width = str_width(line[range.clone()].trim_end(), self.ambiguous_wide);
                code_spans(line, range, roles, &mut spans);
                self.push_row(spans, *at);
                if !self.wrap_code {
                    let row = self.rows.last_mut().expect("just pushed");
                    let all = row
                        .spans
                        .iter()
                        .map(|s| str_width(&s.text, self.ambiguous_wide))
                        .sum::<usize>();
                    row.scrolls_from = Some(all.saturating_sub(code_width));
                }
            }
        }
        if lines.is_empty() {
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

/// The spans of `line[range]`: the stretches `roles` (sorted, not overlapping) cover with
/// their role, the rest plain code.
fn code_spans(
    line: &str,
    range: std::ops::Range<usize>,
    roles: &[(std::ops::Range<usize>, Role)],
    out: &mut Vec<Span>,
) {
    let mut at = range.start;
    // Roles that end after this row starts; they are sorted, so a binary search finds them.
    let first = roles.partition_point(|(r, _)| r.end <= range.start);
    for (r, role) in &roles[first..] {
        if r.start >= range.end {
            break;
        }
        let (start, end) = (r.start.max(at), r.end.min(range.end));
        if start > at {
            out.push(span(&line[at..start], Role::CodeBlock));
        }
        if end > start {
            out.push(span(&line[start..end], *role));
            at = end;
        }
    }
    if at < range.end || range.is_empty() {
        out.push(span(&line[at..range.end], Role::CodeBlock));
    }
}

/// `text` cut to `width` cells (a language name longer than the row).
fn fit(text: &str, width: usize, ambiguous_wide: bool) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = str_width(c.encode_utf8(&mut [0; 4]), ambiguous_wide);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out
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
