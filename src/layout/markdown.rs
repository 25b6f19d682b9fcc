//! Markdown → the block tree, through pulldown-cmark (CommonMark plus tables,
//! strikethrough, task lists, footnotes and GitHub alerts), with CJK-friendly emphasis applied
//! to each inline container and raw HTML blocks read by [`super::html_block`]. Links are
//! numbered here, in the order a reader meets them; footnotes, heading ids, the `{:toc}`
//! contents and alerts are each their own module's job, called from the one pass.
//!
//! Why one file of over 600 lines: one pass over pulldown-cmark's events, under 600 lines of
//! code; the rest is its tests.

use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use super::alerts;
use super::attributes;
use super::cjk_emphasis::{self, Spanned};
use super::details;
use super::footnotes::{self, Footnotes};
use super::highlight;
use super::html_block;
use super::image::{caption_pieces, image_pieces};
use super::inline::InlineTags;
use super::links::LinkList;
use super::math;
use super::ruby::RubyStyle;
use super::toc;
use super::tree::{Align, Block, InlineItem, Item, MAX_NESTING, SpanStyle, TableRow};
use super::{Link, Role};
use crate::html::{self, Token};

/// What a definition stands under its term by: a hanging indent, drawn as a footnote's mark.
const DEFINITION_INDENT: &str = "  ";

/// Parses a body into blocks and the links they refer to.
/// Whether the block at `range` holds more than line ends past `end` (a fence opened in an
/// HTML table's cell and closed after `</table>`).
pub(crate) fn runs_past(src: &str, range: &Range<usize>, end: usize) -> bool {
    range.end > end
        && src
            .get(end..range.end)
            .is_some_and(|past| !past.trim().is_empty())
}

#[cfg(test)]
pub fn parse(src: &str) -> (Vec<Block>, Vec<Link>) {
    parse_written(src, src, &[], &[], true, RubyStyle::default())
}

/// The Markdown kiji reads: CommonMark and the extensions posts are written with.
const PARSE_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_GFM)
    .union(Options::ENABLE_MATH)
    .union(Options::ENABLE_DEFINITION_LIST);

/// A block at the top level of `src`: where it stands and whether it is code (which holds
/// text that looks like markup but is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopBlock {
    pub range: Range<usize>,
    pub code: bool,
}

/// The blocks at the top level of `src`, in order, as the parser reads them (no nesting is
/// followed: one pass over the events, counting depth).
pub fn top_level_blocks(src: &str) -> Vec<TopBlock> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(src, PARSE_OPTIONS).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let code = matches!(tag, Tag::CodeBlock(_));
                    blocks.push(TopBlock { range, code });
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            // A rule, a lone HTML comment or display math: leaves at the top level.
            _ if depth == 0 => blocks.push(TopBlock { range, code: false }),
            _ => {}
        }
    }
    blocks
}

/// Parses `src`, the body made Markdown by [`super::liquid::preprocess`], reading what it hid
/// (the `{:toc}` markers) in `written`, the body as written, whose offsets are the same.
/// `labels` name the boxes Hugo shortcodes became, by the offset of their quote;
/// `first_links` are the addresses the rows above the body link to, numbered first. The
/// footnotes end the blocks when `end_notes` (not for the first part of a post, whose end is
/// not the post's).
pub fn parse_written(
    src: &str,
    written: &str,
    labels: &[(usize, String)],
    first_links: &[String],
    end_notes: bool,
    ruby: RubyStyle,
) -> (Vec<Block>, Vec<Link>) {
    let events: Vec<Spanned<'_>> = Parser::new_ext(src, PARSE_OPTIONS)
        .into_offset_iter()
        .collect();
    let loose_items = loose_items(&events);
    // Links shown before the body (the header's author) keep the first numbers.
    let mut links = LinkList::default();
    for target in first_links {
        links.number(target);
    }
    let mut builder = Builder {
        src,
        written,
        toc: None,
        no_toc: Vec::new(),
        events,
        loose_items,
        pos: 0,
        links,
        depth: 0,
        flattened: 0,
        footnotes: Footnotes::default(),
        tasks: Vec::new(),
        details: 0,
        labels,
        html_tables: None,
        ruby,
    };
    let mut blocks = builder.blocks(None);
    if let Some((at, start, offset)) = builder.toc {
        let contents = toc::contents(&blocks, &builder.no_toc, start, offset);
        blocks.insert(at.min(blocks.len()), contents);
    }
    // The post's header already ends in a rule; a body opening with another (haskell-jp closes
    // its front matter with `...` and then writes `---`) would draw two under the title.
    if matches!(blocks.first(), Some(Block::Rule { .. })) {
        blocks.remove(0);
    }
    if end_notes {
        blocks.extend(builder.footnotes.into_blocks());
    }
    (blocks, builder.links.links)
}

struct Builder<'a> {
    src: &'a str,
    /// The body before [`super::liquid::preprocess`], at the same offsets.
    written: &'a str,
    /// Where the kramdown `{:toc}` list stood among the top-level blocks: its index, the
    /// list's start number and offset.
    toc: Option<(usize, Option<u64>, usize)>,
    /// Offsets of headings marked `{:.no_toc}`.
    no_toc: Vec<usize>,
    events: Vec<Spanned<'a>>,
    /// For each `Start(Item)` event, by index, whether the item is loose (see [`loose_items`]).
    loose_items: Vec<bool>,
    pos: usize,
    links: LinkList,
    /// Containers being built, outermost first: [`Self::blocks`] calls open.
    depth: usize,
    /// Containers opened past [`MAX_NESTING`] and not yet closed: their start was skipped, so
    /// their end must be too.
    flattened: usize,
    footnotes: Footnotes,
    /// For each list item being built, innermost last: whether it is a task, and done.
    tasks: Vec<Option<bool>>,
    /// The number the next `<details>` gets.
    details: usize,
    /// Labels of boxes, by the offset of their quote's `>`.
    labels: &'a [(usize, String)],
    /// The outermost HTML tables of the body, found when the first is met.
    html_tables: Option<Vec<Range<usize>>>,
    /// How `<ruby>` readings are written.
    ruby: RubyStyle,
}

fn is_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListDefinition
    )
}

fn is_container_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListDefinition
    )
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Option<Spanned<'a>> {
        let event = self.events.get_mut(self.pos)?;
        self.pos += 1;
        Some(std::mem::replace(event, (Event::SoftBreak, 0..0)))
    }

    /// Blocks until the end tag `until` (or the end of the events), which is consumed.
    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<Block> {
        self.depth += 1;
        let blocks = self.blocks_at_depth(until);
        self.depth -= 1;
        details::group(blocks, &mut self.details)
    }

    fn blocks_at_depth(&mut self, until: Option<TagEnd>) -> Vec<Block> {
        let mut blocks = Vec::new();
        // Inline content straight inside a container (the items of a tight list).
        let mut loose_inline: Vec<Spanned<'a>> = Vec::new();
        while let Some((event, range)) = self.next() {
            if is_inline(&event) {
                loose_inline.push((event, range));
                continue;
            }
            if !loose_inline.is_empty() {
                let inline = std::mem::take(&mut loose_inline);
                self.paragraph(inline, &mut blocks);
            }
            match event {
                Event::Start(tag) if self.depth >= MAX_NESTING && is_container(&tag) => {
                    self.flattened += 1;
                }
                Event::End(end) if self.flattened > 0 && is_container_end(&end) => {
                    self.flattened -= 1;
                }
                Event::End(end) if Some(end) == until => return blocks,
                Event::Start(tag) => self.block(tag, range, &mut blocks),
                Event::Rule => blocks.push(Block::Rule {
                    offset: range.start,
                }),
                Event::Html(text) => {
                    // Outside an HTML block (should not happen): read it as one.
                    let segments = [(0, range.start)];
                    blocks.extend(html_block::blocks(
                        &text,
                        &segments,
                        &mut self.links,
                        self.ruby,
                    ));
                }
                _ => {}
            }
        }
        if !loose_inline.is_empty() {
            self.paragraph(loose_inline, &mut blocks);
        }
        blocks
    }

    /// Inline events until `until`, consumed.
    fn inline_until(&mut self, until: TagEnd) -> Vec<Spanned<'a>> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.next() {
            if matches!(&event, Event::End(end) if *end == until) {
                break;
            }
            out.push((event, range));
        }
        out
    }

    fn paragraph(&mut self, inline: Vec<Spanned<'a>>, blocks: &mut Vec<Block>) {
        let offset = inline.first().map_or(0, |(_, r)| r.start);
        if let Some((url, alt, offset)) = lone_image(&inline, self.src) {
            let fallback = image_pieces(&alt, &url, offset, &mut self.links);
            let caption = caption_pieces(&alt, &url, offset, &fallback);
            blocks.push(Block::Image {
                url,
                caption,
                fallback,
                offset,
            });
            return;
        }
        let pieces = self.pieces(inline, Role::Body);
        if !pieces.is_empty() {
            blocks.push(Block::Paragraph { pieces, offset });
        }
    }

    fn block(&mut self, tag: Tag<'a>, range: Range<usize>, blocks: &mut Vec<Block>) {
        let offset = range.start;
        match tag {
            Tag::Paragraph => {
                let inline = self.inline_until(TagEnd::Paragraph);
                self.paragraph(inline, blocks);
            }
            Tag::Heading { level: depth, .. } => {
                let level = depth as u8;
                let inline = self.inline_until(TagEnd::Heading(depth));
                let mut pieces = self.pieces(inline, Role::Heading(level));
                let id = attributes::take_heading_id(&mut pieces);
                if toc::leaves_out(self.written.get(range.end..).unwrap_or("")) {
                    self.no_toc.push(offset);
                }
                blocks.push(Block::Heading {
                    level,
                    pieces,
                    id,
                    offset,
                });
            }
            Tag::BlockQuote(kind) => {
                let mut inner = self.blocks(Some(TagEnd::BlockQuote(kind)));
                if let Some(kind) = kind {
                    let label = self.box_label(offset);
                    alerts::head(&mut inner, kind, label, offset);
                }
                blocks.push(Block::Quote {
                    blocks: inner,
                    offset,
                });
            }
            Tag::CodeBlock(kind) => {
                let mut lines = self.code_lines(offset);
                let mut lang = None;
                // A language tag (`rust`, `rust,ignore`, pandoc's `{.haskell .numbers}`)
                // names the grammar; anything else after the fence is text the author wrote
                // on that line (some editors put code there).
                if let CodeBlockKind::Fenced(info) = kind {
                    let info = info.trim();
                    let attributes = info.starts_with('{') && info.ends_with('}');
                    if !attributes && (!info.is_ascii() || info.contains(char::is_whitespace)) {
                        lines.insert(0, (info.to_string(), offset));
                    } else {
                        lang = highlight::language_of_info(info);
                    }
                }
                // kramdown names the language of a block in the attribute list after it
                // (`{: .language-ruby}`), indented code included.
                if lang.is_none() {
                    lang = toc::language_after(self.written.get(range.end..).unwrap_or(""));
                }
                blocks.push(Block::Code {
                    lines,
                    lang,
                    offset,
                });
            }
            Tag::HtmlBlock => {
                let mut text = String::new();
                let mut segments = Vec::new();
                while let Some((event, range)) = self.next() {
                    match event {
                        Event::End(TagEnd::HtmlBlock) => break,
                        Event::Html(t) | Event::Text(t) => {
                            segments.push((text.len(), range.start));
                            text.push_str(&t);
                        }
                        _ => {}
                    }
                }
                // kramdown reads an HTML table whole, blank lines and all; CommonMark would
                // end the block at the first blank line and read each piece on its own. Not
                // when Markdown begun inside it (a fence opened in a cell) runs on past
                // `</table>`: what follows would go with it, so such a table is read as
                // CommonMark reads it.
                let whole = self.src.get(range.clone()) == Some(text.as_str());
                if self.depth == 1
                    && whole
                    && let Some(end) = self.table_end(&text, range.clone())
                    && !self.events[self.pos.min(self.events.len())..]
                        .iter()
                        .take_while(|(_, r)| r.start < end)
                        .any(|(_, r)| runs_past(self.src, r, end))
                {
                    while self
                        .events
                        .get(self.pos)
                        .is_some_and(|(_, r)| r.start < end)
                    {
                        self.pos += 1;
                    }
                    let table = &self.src[range.start..end];
                    let segments = [(0, range.start)];
                    blocks.extend(html_block::blocks(
                        table,
                        &segments,
                        &mut self.links,
                        self.ruby,
                    ));
                    return;
                }
                blocks.extend(html_block::blocks(
                    &text,
                    &segments,
                    &mut self.links,
                    self.ruby,
                ));
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                let mut loose = false;
                while let Some((event, range)) = self.next() {
                    match event {
                        Event::Start(Tag::Item) => {
                            loose |= self.loose_items[self.pos - 1];
                            self.tasks.push(None);
                            let item_blocks = self.blocks(Some(TagEnd::Item));
                            items.push(Item {
                                blocks: item_blocks,
                                task: self.tasks.pop().flatten(),
                                offset: range.start,
                            });
                        }
                        Event::End(TagEnd::List(_)) => break,
                        _ => {}
                    }
                }
                let written = self.written.get(range.clone()).unwrap_or("");
                if self.depth == 1 && self.toc.is_none() && toc::is_marker(written, &items) {
                    self.toc = Some((blocks.len(), start, offset));
                    return;
                }
                blocks.push(Block::List {
                    start,
                    loose,
                    items,
                    offset,
                });
            }
            Tag::FootnoteDefinition(label) => {
                let inner = self.blocks(Some(TagEnd::FootnoteDefinition));
                self.footnotes.define(label.into_string(), inner, offset);
            }
            Tag::Table(aligns) => {
                let aligns = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                        Alignment::Left | Alignment::None => Align::Left,
                    })
                    .collect();
                let (header, rows) = self.table_rows(offset);
                blocks.push(Block::Table {
                    aligns,
                    header,
                    rows,
                    offset,
                });
            }
            Tag::MetadataBlock(_) => {
                while let Some((event, _)) = self.next() {
                    if matches!(event, Event::End(TagEnd::MetadataBlock(_))) {
                        break;
                    }
                }
            }
            Tag::Item => {
                // An item outside a list cannot happen; keep its content anyway.
                blocks.extend(self.blocks(Some(TagEnd::Item)));
            }
            // A definition list (kramdown, goldmark): each term strong on its row, each
            // definition indented under it, as a browser draws `<dl>`.
            Tag::DefinitionList => {
                let inner = self.blocks(Some(TagEnd::DefinitionList));
                blocks.extend(inner);
            }
            Tag::DefinitionListTitle => {
                let inline = self.inline_until(TagEnd::DefinitionListTitle);
                let mut pieces = self.pieces(inline, Role::Body);
                for piece in &mut pieces {
                    if let InlineItem::Text { style, .. } = piece {
                        style.inline.strong = true;
                    }
                }
                blocks.push(Block::Paragraph { pieces, offset });
            }
            Tag::DefinitionListDefinition => {
                let inner = self.blocks(Some(TagEnd::DefinitionListDefinition));
                blocks.push(Block::Footnote {
                    mark: DEFINITION_INDENT.to_string(),
                    blocks: inner,
                    offset,
                });
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            // Inline tags never reach here (see `is_inline`).
            _ => {}
        }
    }

    /// Where the outermost HTML table opened in the HTML block at `range` closes, when that
    /// is past the block's end. Only the last table opened in the block can reach past it
    /// (`<table></table><table><tr><td>` and a blank line): the spans do not overlap.
    fn table_end(&mut self, text: &str, range: Range<usize>) -> Option<usize> {
        if !text.to_ascii_lowercase().contains("<table") {
            return None;
        }
        let src = self.src;
        let tables = self
            .html_tables
            .get_or_insert_with(|| html_block::table_spans(src));
        let opened = tables.partition_point(|t| t.start < range.end);
        let table = tables
            .get(opened.checked_sub(1)?)
            .filter(|t| t.start >= range.start)?;
        (table.end > range.end).then_some(table.end)
    }

    /// The label a shortcode gave the box whose quote starts at `offset` (its indentation
    /// before the `>` aside).
    fn box_label(&self, offset: usize) -> Option<&'a str> {
        let i = self.labels.partition_point(|(at, _)| *at < offset);
        let (at, label) = self.labels.get(i)?;
        let between = self.src.get(offset..*at)?;
        between.trim().is_empty().then_some(label.as_str())
    }

    fn code_lines(&mut self, offset: usize) -> Vec<(String, usize)> {
        let mut lines: Vec<(String, usize)> = Vec::new();
        let mut open_line = false;
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(text) => {
                    let mut at = range.start;
                    for part in text.split_inclusive('\n') {
                        let line = part.strip_suffix('\n').unwrap_or(part);
                        if open_line && let Some(last) = lines.last_mut() {
                            last.0.push_str(line);
                        } else {
                            lines.push((line.to_string(), at));
                        }
                        open_line = !part.ends_with('\n');
                        at += part.len();
                    }
                }
                _ => {}
            }
        }
        if lines.is_empty() {
            lines.push((String::new(), offset));
        }
        lines
    }

    fn table_rows(&mut self, offset: usize) -> (TableRow, Vec<TableRow>) {
        let mut header = TableRow {
            cells: Vec::new(),
            offset,
        };
        let mut rows = Vec::new();
        let mut in_head = false;
        let mut current: Option<TableRow> = None;
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(TagEnd::Table) => break,
                Event::Start(Tag::TableHead) => {
                    in_head = true;
                    header.offset = range.start;
                }
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => {
                    current = Some(TableRow {
                        cells: Vec::new(),
                        offset: range.start,
                    })
                }
                Event::End(TagEnd::TableRow) => rows.extend(current.take()),
                Event::Start(Tag::TableCell) => {
                    let inline = self.inline_until(TagEnd::TableCell);
                    let role = if in_head {
                        Role::TableHeader
                    } else {
                        Role::Body
                    };
                    let cell = self.pieces(inline, role);
                    match (&mut current, in_head) {
                        (_, true) => header.cells.push(cell),
                        (Some(row), false) => row.cells.push(cell),
                        (None, false) => {}
                    }
                }
                _ => {}
            }
        }
        (header, rows)
    }

    /// Inline events → styled inline items.
    fn pieces(&mut self, inline: Vec<Spanned<'a>>, base: Role) -> Vec<InlineItem> {
        let inline = math::join_escaped_delimiters(inline, self.src);
        let inline = cjk_emphasis::repair(inline, self.src);
        let mut out: Vec<InlineItem> = Vec::new();
        // Styles from Markdown and from inline HTML tags alike.
        let mut tags = InlineTags::writing_ruby(self.ruby);
        // Open links: the URL to number at the end (None: autolinks and links whose text is
        // the URL), and where their text starts in `out`.
        let mut links: Vec<(Option<String>, usize, Option<String>)> = Vec::new();
        // An open image: its alt text so far, offset, nesting depth and URL.
        let mut image: Option<(String, usize, u32, String)> = None;
        for (event, range) in inline {
            if let Some((alt, _, depth, _)) = &mut image {
                match &event {
                    Event::Text(t) | Event::Code(t) => alt.push_str(t),
                    // Math in alt text, as written.
                    Event::InlineMath(_) | Event::DisplayMath(_) => {
                        alt.push_str(self.src.get(range.clone()).unwrap_or_default())
                    }
                    Event::SoftBreak | Event::HardBreak => alt.push(' '),
                    Event::Start(Tag::Image { .. }) => *depth += 1,
                    Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
                    Event::End(TagEnd::Image) => {
                        if let Some((alt, offset, _, url)) = image.take() {
                            out.extend(image_pieces(&alt, &url, offset, &mut self.links));
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let style = tags.styles.span_style(base);
            match event {
                Event::Text(_) if tags.hides_text() => {}
                Event::Text(text) => {
                    let exact = self.src.get(range.clone()) == Some(&*text);
                    out.push(InlineItem::Text {
                        text: text.into_string(),
                        style,
                        offset: range.start,
                        exact,
                        verbatim: false,
                    });
                }
                // Math as the text reads, delimiters and all, on one line.
                Event::InlineMath(_) | Event::DisplayMath(_) => {
                    let written = self.src.get(range.clone()).unwrap_or_default();
                    out.push(InlineItem::Text {
                        text: written.replace(['\n', '\r'], " "),
                        style: SpanStyle {
                            role: Role::Math,
                            ..style
                        },
                        offset: range.start,
                        exact: false,
                        verbatim: true,
                    });
                }
                Event::Code(code) => {
                    let mut style = style;
                    if style.role != Role::Link {
                        style.role = Role::InlineCode;
                    }
                    out.push(InlineItem::Text {
                        text: code.into_string(),
                        style,
                        offset: range.start,
                        exact: false,
                        verbatim: true,
                    });
                }
                Event::SoftBreak => out.push(InlineItem::SoftBreak {
                    offset: range.start,
                }),
                Event::HardBreak => out.push(InlineItem::HardBreak {
                    offset: range.start,
                }),
                Event::FootnoteReference(label) => out.push(InlineItem::text(
                    footnotes::reference_mark(self.footnotes.reference(&label)),
                    SpanStyle::plain(Role::FootnoteRef),
                    range.start,
                )),
                // The item's marker shows it (see `Item::task`).
                Event::TaskListMarker(done) => {
                    if let Some(task) = self.tasks.last_mut() {
                        *task = Some(done);
                    }
                }
                Event::InlineHtml(raw) | Event::Html(raw) => {
                    for (_, token) in html::tokens(&raw) {
                        match token {
                            Token::Open { name, attributes } => {
                                tags.open(
                                    &name,
                                    attributes,
                                    range.start,
                                    &mut self.links,
                                    &mut out,
                                );
                            }
                            Token::Close { name } => {
                                tags.close(&name, range.end, &mut self.links, &mut out);
                            }
                            // Text inside one inline HTML event is part of a tag's syntax.
                            Token::Text(_) | Token::Hidden => {}
                        }
                    }
                }
                Event::Start(Tag::Emphasis) => tags.styles.emphasis += 1,
                Event::End(TagEnd::Emphasis) => {
                    tags.styles.emphasis = tags.styles.emphasis.saturating_sub(1)
                }
                Event::Start(Tag::Strong) => tags.styles.strong += 1,
                Event::End(TagEnd::Strong) => {
                    tags.styles.strong = tags.styles.strong.saturating_sub(1)
                }
                Event::Start(Tag::Strikethrough) => tags.styles.strikethrough += 1,
                Event::End(TagEnd::Strikethrough) => {
                    tags.styles.strikethrough = tags.styles.strikethrough.saturating_sub(1)
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => {
                    // Autolinks are numbered too: every link can then be chosen from the
                    // keyboard (`]`, `f`) by its number, as in w3m and lynx.
                    let numbered = !dest_url.is_empty();
                    let label = (link_type == LinkType::Reference).then(|| id.into_string());
                    links.push((numbered.then(|| dest_url.into_string()), out.len(), label));
                    tags.styles.link += 1;
                }
                Event::End(TagEnd::Link) => {
                    tags.styles.link = tags.styles.link.saturating_sub(1);
                    if let Some((Some(url), _, label)) = links.pop() {
                        let n = self.links.number(&url);
                        if let Some(label) = label {
                            self.links.label(n, &label);
                        }
                        out.push(InlineItem::text(
                            format!("[{n}]"),
                            SpanStyle::plain(Role::LinkRef),
                            range.end,
                        ));
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    image = Some((String::new(), range.start, 0, dest_url.into_string()))
                }
                _ => {}
            }
        }
        out
    }
}

/// The inline content of `text` read as Markdown, its blocks run together: what an HTML
/// element marked `markdown="1"` (or `"span"`, `"block"`) holds, as kramdown reads it.
/// `offset` is where `text` starts in the body. Links are numbered in `links`.
pub fn span_pieces(
    text: &str,
    offset: usize,
    links: &mut LinkList,
    ruby: RubyStyle,
) -> Vec<InlineItem> {
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    let inner = text.trim();
    let events: Vec<Spanned<'_>> = Parser::new_ext(inner, Options::ENABLE_STRIKETHROUGH)
        .into_offset_iter()
        .collect();
    let mut inline = Vec::new();
    // The number of each open ordered list's next item (`None` for a bulleted one).
    let mut lists: Vec<Option<u64>> = Vec::new();
    for (event, range) in events {
        match event {
            // Blocks inside the element (a table cell, most often) are lines of one
            // paragraph, and a list item keeps its marker, so that items never run together.
            Event::Start(Tag::List(start)) => lists.push(start),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        CowStr::from(format!("{}. ", *n - 1))
                    }
                    _ => CowStr::Borrowed("• "),
                };
                if matches!(inline.last(), Some((e, _)) if !matches!(e, Event::HardBreak)) {
                    inline.push((Event::HardBreak, range.start..range.start));
                }
                inline.push((Event::Text(marker), range.start..range.start));
            }
            Event::End(_) if !is_inline(&event) => {
                inline.push((Event::HardBreak, range.end..range.end))
            }
            _ if is_inline(&event) => inline.push((event, range)),
            _ => {}
        }
    }
    // Breaks only go between lines: none at the end, and never two in a row (a list's end
    // right after its last item's).
    inline.dedup_by(|b, a| matches!((&a.0, &b.0), (Event::HardBreak, Event::HardBreak)));
    while matches!(inline.last(), Some((Event::HardBreak, _))) {
        inline.pop();
    }
    let mut builder = Builder {
        src: inner,
        written: inner,
        toc: None,
        no_toc: Vec::new(),
        events: Vec::new(),
        loose_items: Vec::new(),
        pos: 0,
        links: std::mem::take(links),
        depth: 0,
        flattened: 0,
        footnotes: Footnotes::default(),
        tasks: Vec::new(),
        details: 0,
        labels: &[],
        html_tables: None,
        ruby,
    };
    let mut pieces = builder.pieces(inline, Role::Body);
    *links = builder.links;
    let at = offset + lead;
    for piece in &mut pieces {
        match piece {
            InlineItem::Text {
                offset: o, exact, ..
            } => {
                *o += at;
                *exact = false;
            }
            InlineItem::SoftBreak { offset: o } | InlineItem::HardBreak { offset: o } => *o += at,
        }
    }
    // The spaces around the text separate it from the elements beside it.
    let space = |piece_offset| InlineItem::text(" ", SpanStyle::plain(Role::Body), piece_offset);
    if lead > 0 && !pieces.is_empty() {
        pieces.insert(0, space(offset));
    }
    if trail > 0 && !pieces.is_empty() {
        pieces.push(space(offset + text.len() - trail));
    }
    pieces
}

/// The address, alt text and offset of the image a paragraph holds when it holds nothing
/// else (but blank text and line breaks): one that can stand as a picture of its own.
fn lone_image(inline: &[Spanned<'_>], src: &str) -> Option<(String, String, usize)> {
    let blank = |event: &Event<'_>| match event {
        Event::Text(text) => text.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    };
    let start = inline.iter().position(|(e, _)| !blank(e))?;
    let (Event::Start(Tag::Image { dest_url, .. }), range) = &inline[start] else {
        return None;
    };
    if dest_url.is_empty() {
        return None;
    }
    let mut depth = 0usize;
    let mut alt = String::new();
    for (i, (event, at)) in inline.iter().enumerate().skip(start + 1) {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth > 0 => depth -= 1,
            Event::End(TagEnd::Image) => {
                let rest_blank = inline[i + 1..].iter().all(|(e, _)| blank(e));
                return rest_blank.then(|| (dest_url.to_string(), alt, range.start));
            }
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            // Math in the description, as the text reads it (as in any paragraph).
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                alt.push_str(src.get(at.clone()).unwrap_or_default())
            }
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    None
}

/// For each event, whether it starts an item that holds a paragraph of its own (a loose
/// item), not just one of a nested container's. One pass with an explicit stack of open
/// containers: scanning ahead from every item would be quadratic in nested lists.
fn loose_items(events: &[Spanned<'_>]) -> Vec<bool> {
    let mut loose = vec![false; events.len()];
    // The open containers; for an item, the index of its start event.
    let mut open: Vec<Option<usize>> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) => {
                if let Some(Some(item)) = open.last() {
                    loose[*item] = true;
                }
            }
            Event::Start(Tag::Item) => open.push(Some(i)),
            Event::Start(tag) if is_container(tag) => open.push(None),
            Event::End(end) if is_container_end(end) => {
                open.pop();
            }
            _ => {}
        }
    }
    loose
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[InlineItem]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                InlineItem::Text { text, .. } => text.as_str(),
                InlineItem::SoftBreak { .. } => "~",
                InlineItem::HardBreak { .. } => "|",
            })
            .collect()
    }

    fn first_pieces(src: &str) -> Vec<InlineItem> {
        match parse(src).0.into_iter().next() {
            Some(
                Block::Paragraph { pieces, .. }
                | Block::Heading { pieces, .. }
                | Block::Image {
                    fallback: pieces, ..
                },
            ) => pieces,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_fence_begun_in_a_cell_and_closed_past_the_table_loses_nothing() {
        for src in [
            "<table><tr><td>\n\n```\n</td></tr></table>\nmore\n```\n",
            "<table><tr><td>\n\n~~~\n# </td></tr></table># \n===\n# ",
        ] {
            let rows = crate::layout::row_texts(src, 40).join("\n");
            let last = if src.contains("more") { "more" } else { "===" };
            assert!(rows.contains(last), "{src:?}: {rows}");
        }
    }

    #[test]
    fn lists_in_a_markdown_cell_keep_their_items_apart() {
        let src = "<table>\n<tr><td markdown=\"1\">\n\n* 一つ目\n* 二つ目\n\n1. 三\n2. 四\n\n</td><td>x</td></tr>\n</table>\n";
        let rows = crate::layout::row_texts(src, 40);
        for item in ["• 一つ目", "• 二つ目", "1. 三", "2. 四"] {
            assert!(
                rows.iter()
                    .any(|r| r.contains(item) && r.matches('•').count() <= 1),
                "{item}: {rows:#?}"
            );
        }
        // One row of body cells, no header row and so no rule under one.
        assert!(!rows.iter().any(|r| r.contains('├')), "{rows:#?}");
    }

    #[test]
    fn an_html_table_after_another_on_its_line_is_read_whole_too() {
        let (blocks, _) = parse("<table></table><table><tr><td>\n\nx</td><td>y</td></tr></table>");
        let [Block::Table { header, rows, .. }] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        // Cells without a header: one body row of two, no header row.
        assert!(header.cells.is_empty(), "{header:?}");
        assert_eq!(rows.iter().map(|r| r.cells.len()).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn links_show_text_and_a_number() {
        let (blocks, links) = parse("see [the docs](https://d.test) and [again](https://d.test)");
        let Block::Paragraph { pieces, .. } = &blocks[0] else {
            panic!()
        };
        assert_eq!(text(pieces), "see the docs[1] and again[1]");
        assert_eq!(links.len(), 1);
    }

    #[test]
    fn autolinks_are_numbered_so_they_can_be_chosen() {
        let (blocks, links) = parse("<https://x.test> and https://x.test");
        let Block::Paragraph { pieces, .. } = &blocks[0] else {
            panic!()
        };
        // A bare address is not a link in CommonMark; the autolink is, and gets a number.
        assert_eq!(text(pieces), "https://x.test[1] and https://x.test");
        assert_eq!(links.len(), 1);
    }

    #[test]
    fn images_show_their_alt_text() {
        assert_eq!(
            text(&first_pieces("![a *cat*](c.png)")),
            "[image: a cat][1]"
        );
        assert_eq!(text(&first_pieces("![](c.png)")), "[image][1]");
        assert_eq!(
            text(&first_pieces("![no address]()")),
            "[image: no address]"
        );
    }

    #[test]
    fn an_image_alone_in_its_paragraph_is_a_picture_block_and_one_in_text_is_not() {
        let (blocks, links) =
            parse("![a  cat](img/c.png)\n\nsee ![b](d.png) here\n\n![](e.png) ![](f.png)");
        let Block::Image { url, caption, .. } = &blocks[0] else {
            panic!("{:?}", blocks[0]);
        };
        assert_eq!(url, "img/c.png");
        assert_eq!(text(caption), "a cat[1]");
        assert!(matches!(blocks[1], Block::Paragraph { .. }));
        assert!(matches!(blocks[2], Block::Paragraph { .. }), "two images");
        assert_eq!(links.len(), 4, "each address numbered once");
    }

    #[test]
    fn inline_html_is_stripped_with_its_text_kept() {
        assert_eq!(
            text(&first_pieces("a <span>b</span><!-- c --> d<br>e")),
            "a b d|e"
        );
    }

    #[test]
    fn cjk_emphasis_reaches_the_pieces() {
        let pieces = first_pieces("これは**重要。**です");
        let strong: String = pieces
            .iter()
            .filter_map(|p| match p {
                InlineItem::Text { text, style, .. } if style.inline.strong => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(strong, "重要。");
        assert_eq!(text(&pieces), "これは重要。です");
    }

    #[test]
    fn tight_list_items_hold_paragraphs() {
        let (blocks, _) = parse("- a\n- b\n  - c\n");
        let Block::List { items, loose, .. } = &blocks[0] else {
            panic!()
        };
        assert!(!loose);
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1].blocks[1], Block::List { .. }));
    }

    #[test]
    fn loose_lists_are_recognised() {
        let (blocks, _) = parse("- a\n\n- b\n");
        assert!(matches!(blocks[0], Block::List { loose: true, .. }));
    }

    #[test]
    fn code_lines_keep_their_offsets() {
        let src = "```\nab\ncd\n```\n";
        let (blocks, _) = parse(src);
        let Block::Code { lines, .. } = &blocks[0] else {
            panic!()
        };
        assert_eq!(lines, &[("ab".to_string(), 4), ("cd".to_string(), 7)]);
    }

    #[test]
    fn fence_info_that_is_not_a_language_is_kept_as_code() {
        let lines = |src: &str| match parse(src).0.into_iter().next() {
            Some(Block::Code { lines, .. }) => {
                lines.into_iter().map(|(l, _)| l).collect::<Vec<_>>()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(lines("```rust\nx\n```"), ["x"]);
        assert_eq!(
            lines("```  //如果当前节点不是 Leader\nx\n```"),
            ["//如果当前节点不是 Leader", "x"]
        );
    }

    #[test]
    fn task_list_marker_is_the_items_and_not_its_text() {
        let (blocks, _) = parse("- [x] done\n  - [ ] inner\n- plain\n");
        let Block::List { items, .. } = &blocks[0] else {
            panic!()
        };
        let Block::Paragraph { pieces, .. } = &items[0].blocks[0] else {
            panic!()
        };
        assert_eq!(text(pieces), "done");
        assert_eq!(items[0].task, Some(true));
        assert_eq!(items[1].task, None);
        let Block::List { items: inner, .. } = &items[0].blocks[1] else {
            panic!()
        };
        assert_eq!(inner[0].task, Some(false));
    }
}
