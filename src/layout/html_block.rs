//! Raw HTML in Markdown, read the way a text browser would: comments and scripts dropped,
//! tags stripped with their text kept, and the tags that carry structure turned into it
//! (`<br>` breaks the line, `<p>`/`<div>` separate paragraphs, `<h1>`–`<h6>`, `<pre>`,
//! `<ul>`/`<ol>`/`<li>`, `<table>`, `<blockquote>`, `<hr>`, `<img alt>`, `<a href>`, and the
//! inline `<b>`/`<i>`/`<code>`/`<del>` styles). No attempt at full HTML: a reader needs the
//! words in a sensible order, not a DOM. This is the builder only: the crate's one tokenizer
//! ([`crate::html`]) splits the text, and the inline tags act through [`super::inline`], as
//! they do in a Markdown paragraph.
//!
//! Just over 600 lines only through its tests: the builder itself is under 490 lines, one
//! state machine over the tokens that reads best whole.

use super::Role;
use super::chars::no_line_end;
use super::inline::InlineTags;
use super::links::LinkList;
use super::ruby::RubyStyle;
use super::tree::{
    self, Align, Block, DetailsMark, InlineItem, Item, MAX_NESTING, SpanStyle, TableRow,
};
use crate::entities;
use crate::html::{self, Token};

/// Where the blocks being built go: the document, a list item, a quote or a table cell.
enum Container {
    Root,
    Item { offset: usize },
    Quote { offset: usize },
    Cell,
}

struct List {
    ordered: bool,
    items: Vec<Item>,
    offset: usize,
}

#[derive(Default)]
struct Table {
    header: Option<TableRow>,
    rows: Vec<TableRow>,
    row: Option<TableRow>,
    row_is_header: bool,
    offset: usize,
    /// How many containers were open when the table opened: those above are its cells and
    /// what they hold, and end with it.
    base: usize,
}

/// Turns one HTML block into blocks. `segments` maps byte ranges of `text` (the block's
/// lines joined) back to source offsets: (start in `text`, source offset).
pub fn blocks(
    text: &str,
    segments: &[(usize, usize)],
    links: &mut LinkList,
    ruby: RubyStyle,
) -> Vec<Block> {
    let mut b = Builder {
        containers: vec![(Container::Root, Vec::new())],
        pieces: Vec::new(),
        inline: InlineTags::writing_ruby(ruby),
        lists: Vec::new(),
        tables: Vec::new(),
        pre: None,
        pre_lang: None,
        skip: None,
        heading: None,
        summary: false,
        links,
        finishing: false,
        carried_quote: false,
        markdown: Vec::new(),
    };
    let source = |at: usize| {
        let i = segments
            .partition_point(|&(start, _)| start <= at)
            .saturating_sub(1);
        segments
            .get(i)
            .map_or(0, |&(start, src)| src + at.saturating_sub(start))
    };
    for (at, token) in html::tokens(text) {
        let offset = source(at);
        b.token(token, offset);
    }
    b.finish()
}

/// The byte ranges of the outermost `<table>…</table>` elements of a body, from `<` to `>`,
/// in order: kramdown reads each as one element, blank lines inside and all. One pass; a
/// table never closed is left out.
pub fn table_spans(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    for (at, token) in html::tokens(src) {
        match token {
            Token::Open { name, .. } if name == "table" => {
                if depth == 0 {
                    open = Some(at);
                }
                depth += 1;
            }
            Token::Close { name } if name == "table" && depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some(start) = open.take()
                {
                    let end = src[at..].find('>').map_or(src.len(), |i| at + i + 1);
                    spans.push(start..end);
                }
            }
            _ => {}
        }
    }
    spans
}

struct Builder<'l> {
    /// Open containers, innermost last, each with the blocks it has so far.
    containers: Vec<(Container, Vec<Block>)>,
    /// The paragraph being filled.
    pieces: Vec<InlineItem>,
    /// Style tags, `<br>`, `<img>` and `<a>`, as in a Markdown paragraph.
    inline: InlineTags,
    lists: Vec<List>,
    tables: Vec<Table>,
    /// Text of an open `<pre>`, with its offset.
    pre: Option<(String, usize)>,
    /// The language `<pre>` or its `<code>` names (`class="language-go"`, `data-lang="go"`).
    pre_lang: Option<String>,
    /// Inside `<script>`/`<style>`/`<template>`: the tag that ends the skipped text.
    skip: Option<String>,
    heading: Option<u8>,
    /// Inside `<summary>`: the paragraph flushed is a details' summary.
    summary: bool,
    links: &'l mut LinkList,
    /// The block is over: whatever is left is flushed as it is.
    finishing: bool,
    /// The paragraph so far is an opening quote carried over from a block of its own.
    carried_quote: bool,
    /// Open elements marked `markdown="1"`/`"span"`/`"block"` (kramdown), innermost last:
    /// their text is Markdown.
    markdown: Vec<String>,
}

impl Builder<'_> {
    fn token(&mut self, token: Token<'_>, offset: usize) {
        if let Some(end) = &self.skip {
            if matches!(&token, Token::Close { name } if *name == **end) {
                self.skip = None;
            }
            return;
        }
        if let Some((text, _)) = &mut self.pre {
            match token {
                Token::Close { name } if name == "pre" => self.close_pre(),
                Token::Text(t) => text.push_str(&entities::decode_html_text(t)),
                Token::Open { name, .. } if name == "br" => text.push('\n'),
                Token::Open { name, attributes } if name == "code" && self.pre_lang.is_none() => {
                    self.pre_lang = html_code_language(attributes);
                }
                _ => {}
            }
            return;
        }
        match token {
            Token::Text(text) => self.text(text, offset),
            Token::Hidden => {}
            Token::Open { name, attributes } => self.open(&name, attributes, offset),
            Token::Close { name } => self.close(&name, offset),
        }
    }

    fn text(&mut self, text: &str, offset: usize) {
        if self.inline.hides_text() {
            return;
        }
        if !self.markdown.is_empty() {
            let outer = self.inline.styles.span_style(Role::Body);
            let mut pieces =
                super::markdown::span_pieces(text, offset, self.links, self.inline.ruby_style);
            for piece in &mut pieces {
                if let InlineItem::Text { style, .. } = piece {
                    style.inline.strong |= outer.inline.strong;
                    style.inline.emphasis |= outer.inline.emphasis;
                    style.inline.strikethrough |= outer.inline.strikethrough;
                    if style.role == Role::Body {
                        style.role = outer.role;
                    }
                }
            }
            self.pieces.extend(pieces);
            return;
        }
        let decoded = entities::decode_html_text(text);
        // Right after a carried opening quote, the space that separated the blocks goes.
        let decoded = if self.carried_quote {
            let rest = decoded.trim_start();
            if rest.is_empty() {
                return;
            }
            self.carried_quote = false;
            std::borrow::Cow::Owned(rest.to_string())
        } else {
            decoded
        };
        let style = self.inline.styles.span_style(Role::Body);
        for (i, line) in decoded.split('\n').enumerate() {
            if i > 0 {
                self.pieces.push(InlineItem::SoftBreak { offset });
            }
            if !line.is_empty() {
                self.pieces.push(InlineItem::text(line, style, offset));
            }
        }
    }

    fn open(&mut self, name: &str, attrs: &str, offset: usize) {
        let markdown = html::attribute(attrs, "markdown")
            .is_some_and(|v| matches!(&*v, "1" | "span" | "block"));
        if markdown && !html::tags::is_void(name) && self.markdown.len() < MAX_NESTING {
            self.markdown.push(name.to_string());
        }
        if self
            .inline
            .open(name, attrs, offset, self.links, &mut self.pieces)
        {
            return;
        }
        match name {
            // A progress bar has no text of its own; its numbers are what it shows.
            "progress" | "meter" => {
                if let Some(value) = html::attribute(attrs, "value") {
                    let text = match html::attribute(attrs, "max") {
                        Some(max) => format!("{value}/{max}"),
                        None => value.into_owned(),
                    };
                    self.pieces.push(InlineItem::text(
                        text,
                        SpanStyle::plain(Role::Metadata),
                        offset,
                    ));
                }
            }
            _ if html::tags::unshown(name).is_some() => {
                self.skip = Some(name.to_string());
            }
            "pre" => {
                self.flush(offset);
                self.pre = Some((String::new(), offset));
                self.pre_lang = html_code_language(attrs);
            }
            // A `<details>` leaves marks where it opens, where its summary stands and where it
            // closes, for layout to gather what lies between (see `details`).
            "details" => {
                self.flush(offset);
                self.push_block(Block::DetailsMark {
                    mark: DetailsMark::Open,
                    offset,
                });
            }
            "summary" => {
                self.flush(offset);
                self.inline.styles.strong += 1;
                self.summary = true;
            }
            "hr" => {
                self.flush(offset);
                self.push_block(Block::Rule { offset });
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush(offset);
                self.heading = name[1..].parse().ok();
            }
            "ul" | "ol" | "menu" => {
                self.flush(offset);
                self.lists.push(List {
                    ordered: name == "ol",
                    items: Vec::new(),
                    offset,
                });
            }
            // Past the nesting limit a container's text goes to the innermost one kept.
            "li" | "blockquote" | "td" | "th" if self.containers.len() > MAX_NESTING => {
                self.flush(offset);
            }
            "li" => {
                self.flush(offset);
                self.close_item(offset);
                if self.lists.is_empty() {
                    self.lists.push(List {
                        ordered: false,
                        items: Vec::new(),
                        offset,
                    });
                }
                self.containers
                    .push((Container::Item { offset }, Vec::new()));
            }
            "blockquote" => {
                self.flush(offset);
                self.containers
                    .push((Container::Quote { offset }, Vec::new()));
            }
            "table" => self.open_table(offset),
            "tr" => {
                self.close_cell();
                self.close_row();
                self.open_row(offset);
            }
            "td" | "th" => {
                self.close_cell();
                if self.tables.last().is_none_or(|t| t.row.is_none()) {
                    self.open_row(offset);
                }
                if let Some(table) = self.tables.last_mut()
                    && name == "td"
                {
                    table.row_is_header = false;
                }
                self.containers.push((Container::Cell, Vec::new()));
            }
            _ if is_block_tag(name) => self.flush(offset),
            _ => {}
        }
    }

    fn close(&mut self, name: &str, offset: usize) {
        if self.markdown.last().is_some_and(|m| m == name) {
            self.markdown.pop();
        }
        if self
            .inline
            .close(name, offset, self.links, &mut self.pieces)
        {
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.flush(offset),
            "summary" => {
                self.inline.styles.strong = self.inline.styles.strong.saturating_sub(1);
                self.flush(offset);
                self.summary = false;
            }
            "details" => {
                self.flush(offset);
                self.push_block(Block::DetailsMark {
                    mark: DetailsMark::Close,
                    offset,
                });
            }
            "li" => {
                self.flush(offset);
                self.close_item(offset);
            }
            "ul" | "ol" | "menu" => {
                self.flush(offset);
                self.close_item(offset);
                if let Some(list) = self.lists.pop() {
                    let block = Block::List {
                        start: list.ordered.then_some(1),
                        loose: false,
                        items: list.items,
                        offset: list.offset,
                    };
                    self.push_block(block);
                }
            }
            "blockquote" => {
                self.flush(offset);
                if matches!(self.containers.last(), Some((Container::Quote { .. }, _)))
                    && self.may_close_top()
                    && let Some((Container::Quote { offset }, blocks)) = self.containers.pop()
                {
                    self.push_block(Block::Quote { blocks, offset });
                }
            }
            "td" | "th" => self.close_cell(),
            "tr" => {
                self.close_cell();
                self.close_row();
            }
            "table" => self.close_table(),
            _ if is_block_tag(name) => self.flush(offset),
            _ => {}
        }
    }

    fn open_table(&mut self, offset: usize) {
        self.flush(offset);
        self.tables.push(Table {
            offset,
            base: self.containers.len(),
            ..Table::default()
        });
    }

    /// Opens a row, and a table for it when none is open (`<tr>` or `<td>` alone).
    fn open_row(&mut self, offset: usize) {
        if self.tables.is_empty() {
            self.open_table(offset);
        }
        if let Some(table) = self.tables.last_mut() {
            table.row = Some(TableRow {
                cells: Vec::new(),
                offset,
            });
            table.row_is_header = table.header.is_none() && table.rows.is_empty();
        }
    }

    /// Ends the open cell of the innermost table, if it has one. A cell of an outer table
    /// (`<td>x<table><tr>`) is not it: that one ends after the inner table, which it holds.
    fn close_cell(&mut self) {
        // What the cell opened and left open (`<td>x <li>y</td>`) ends with it, as a browser
        // ends it; otherwise the cell, and with it the whole table, was never closed.
        let Some(table) = self.tables.last() else {
            return;
        };
        let Some(cell) = self
            .containers
            .get(table.base..)
            .unwrap_or_default()
            .iter()
            .rposition(|(c, _)| matches!(c, Container::Cell))
            .map(|i| table.base + i)
        else {
            return;
        };
        while self.containers.len() > cell + 1 {
            match self.containers.last() {
                Some((Container::Item { .. }, _)) => self.close("ul", 0),
                Some((Container::Quote { .. }, _)) => self.close("blockquote", 0),
                _ => break,
            }
        }
        if !matches!(self.containers.last(), Some((Container::Cell, _))) {
            return;
        }
        self.flush(0);
        let Some((_, blocks)) = self.containers.pop() else {
            return;
        };
        let cell = tree::flatten(blocks);
        if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
            row.cells.push(cell);
        }
    }

    fn close_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(row) = table.row.take() else {
            return;
        };
        if row.cells.is_empty() {
            return;
        }
        if table.row_is_header && table.header.is_none() {
            table.header = Some(row);
        } else {
            table.rows.push(row);
        }
    }

    /// Ends the innermost table, and with it whatever it opened and left open: its cell,
    /// and what it holds outside cells (`<table><li>x</table>`), as a browser ends them.
    fn close_table(&mut self) {
        let Some(base) = self.tables.last().map(|t| t.base) else {
            return;
        };
        self.close_cell();
        self.close_row();
        while self.containers.len() > base {
            match self.containers.last() {
                Some((Container::Cell, _)) => self.close_cell(),
                Some((Container::Item { .. }, _)) => self.close("ul", 0),
                Some((Container::Quote { .. }, _)) => self.close("blockquote", 0),
                _ => break,
            }
        }
        let Some(table) = self.tables.pop() else {
            return;
        };
        // A table without header cells has no header row: its cells are all body, shown
        // plain, as a browser shows them.
        let (header, rows) = match table.header {
            Some(header) => (header, table.rows),
            None if table.rows.is_empty() => return,
            None => (
                TableRow {
                    cells: Vec::new(),
                    offset: table.offset,
                },
                table.rows,
            ),
        };
        let columns = std::iter::once(&header)
            .chain(&rows)
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0);
        self.push_block(Block::Table {
            aligns: vec![Align::Left; columns],
            header,
            rows,
            offset: table.offset,
        });
    }

    fn close_item(&mut self, _offset: usize) {
        if !matches!(self.containers.last(), Some((Container::Item { .. }, _)))
            || !self.may_close_top()
        {
            return;
        }
        if let Some((Container::Item { offset }, blocks)) = self.containers.pop() {
            // Its list may be gone already (`<li><blockquote><li>…`, where closing the inner
            // list emptied the stack): the item then starts a list again, or its text is lost.
            if self.lists.is_empty() {
                self.lists.push(List {
                    ordered: false,
                    items: Vec::new(),
                    offset,
                });
            }
            if let Some(list) = self.lists.last_mut() {
                list.items.push(Item {
                    blocks,
                    task: None,
                    offset,
                });
            }
        }
    }

    fn close_pre(&mut self) {
        let Some((text, offset)) = self.pre.take() else {
            return;
        };
        let text = text.strip_prefix('\n').unwrap_or(&text);
        let text = text.strip_suffix('\n').unwrap_or(text);
        let lines = text.split('\n').map(|l| (l.to_string(), offset)).collect();
        let lang = self.pre_lang.take();
        self.push_block(Block::Code {
            lines,
            lang,
            offset,
        });
    }

    /// Ends the paragraph (or heading) being filled.
    fn flush(&mut self, offset: usize) {
        let text: String = self
            .pieces
            .iter()
            .filter_map(|p| match p {
                InlineItem::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let text = text.trim();
        // A decorative opening quote (`<span>&ldquo;</span><p>…`) belongs to what follows:
        // kept, it starts the next paragraph instead of a row of its own.
        if !text.is_empty() && text.chars().all(no_line_end) && !self.finishing {
            while matches!(
                self.pieces.last(),
                Some(InlineItem::SoftBreak { .. } | InlineItem::HardBreak { .. })
            ) || matches!(self.pieces.last(), Some(InlineItem::Text { text, .. }) if text.trim().is_empty())
            {
                self.pieces.pop();
            }
            self.carried_quote = true;
            return;
        }
        self.carried_quote = false;
        let pieces = std::mem::take(&mut self.pieces);
        let level = self.heading.take();
        if text.is_empty() {
            return;
        }
        let at = pieces
            .iter()
            .map(|p| match p {
                InlineItem::Text { offset, .. }
                | InlineItem::SoftBreak { offset }
                | InlineItem::HardBreak { offset } => *offset,
            })
            .next()
            .unwrap_or(offset);
        let block = match level {
            Some(level) => Block::Heading {
                level,
                pieces: tree::restyle(pieces, Role::Heading(level)),
                id: None,
                offset: at,
            },
            None if self.summary => {
                self.summary = false;
                Block::DetailsMark {
                    mark: DetailsMark::Summary(pieces),
                    offset: at,
                }
            }
            None => Block::Paragraph { pieces, offset: at },
        };
        self.push_block(block);
    }

    /// Whether the innermost container may end here: not when a table opened inside it is
    /// still open (`<li><table><tr><td></li>`: a browser ignores that `</li>` too).
    fn may_close_top(&self) -> bool {
        self.containers.len() > self.tables.last().map_or(0, |t| t.base)
    }

    fn push_block(&mut self, block: Block) {
        if let Some((_, blocks)) = self.containers.last_mut() {
            blocks.push(block);
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.finishing = true;
        if self.pre.is_some() {
            self.close_pre();
        }
        self.flush(0);
        // Innermost first: each table ends what opened inside it, cells included.
        while !self.tables.is_empty() {
            self.close_table();
        }
        loop {
            match self.containers.last() {
                Some((Container::Item { .. }, _)) => self.close("ul", 0),
                Some((Container::Quote { .. }, _)) => self.close("blockquote", 0),
                _ => break,
            }
        }
        while !self.lists.is_empty() {
            self.close("ul", 0);
        }
        self.containers.pop().map(|(_, b)| b).unwrap_or_default()
    }
}

/// Tags that start or end a paragraph: CommonMark's block-level tags, and the media and
/// `<noscript>` elements, which a text browser also puts on lines of their own.
fn is_block_tag(name: &str) -> bool {
    html::tags::is_block(name) || matches!(name, "video" | "audio" | "noscript")
}

/// The language an HTML `<pre>` or `<code>` names: a `language-X` or `lang-X` class (what
/// Markdown renderers, Chroma and Rouge write), else `data-lang`.
fn html_code_language(attrs: &str) -> Option<String> {
    let class = html::attribute(attrs, "class").unwrap_or_default();
    let from_class = class.split_whitespace().find_map(|c| {
        c.strip_prefix("language-")
            .or_else(|| c.strip_prefix("lang-"))
            .filter(|l| !l.is_empty())
    });
    from_class
        .map(str::to_string)
        .or_else(|| html::attribute(attrs, "data-lang").map(|l| l.trim().to_string()))
        .filter(|l| !l.is_empty() && l.len() <= 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outermost_tables_span_their_blank_lines_and_an_unclosed_one_is_left_out() {
        let src = "<table><tr>\n\n<td><table></table></td></tr></table> x <table>";
        let spans = table_spans(src);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0], 0..src.find(" x").unwrap());
    }

    #[test]
    fn text_of_elements_marked_markdown_is_read_as_markdown() {
        let rows = crate::layout::row_texts(
            "<p markdown=\"1\">run `serve` *now*</p>\n\n<p>kept `as is`</p>",
            40,
        );
        assert_eq!(rows, ["run serve now", "", "kept `as is`"]);
    }

    fn plain(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { pieces, .. } | Block::Heading { pieces, .. } => pieces
                    .iter()
                    .map(|p| match p {
                        InlineItem::Text { text, .. } => text.as_str(),
                        InlineItem::SoftBreak { .. } => " ",
                        InlineItem::HardBreak { .. } => "|",
                    })
                    .collect::<String>(),
                other => format!("{other:?}").chars().take(12).collect(),
            })
            .collect()
    }

    fn parse(html: &str) -> (Vec<Block>, LinkList) {
        let mut links = LinkList::default();
        let blocks = blocks(html, &[(0, 0)], &mut links, RubyStyle::default());
        (blocks, links)
    }

    #[test]
    fn comments_and_scripts_are_dropped() {
        let (b, _) = parse("<p>a<!-- hidden\nlines -->b</p><script>x()</script>");
        assert_eq!(plain(&b), ["ab"]);
    }

    #[test]
    fn tags_are_stripped_and_their_text_kept() {
        let (b, _) = parse("<div><span class=\"x\">日本</span>語</div>");
        assert_eq!(plain(&b), ["日本語"]);
    }

    #[test]
    fn br_breaks_the_line_and_paragraphs_separate() {
        let (b, _) = parse("<p>one<br>two</p><p>three</p>");
        assert_eq!(plain(&b), ["one|two", "three"]);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            entities::decode_html_text("a &amp; b &lt;&#x41;&#66;&gt; &nbsp;&bogus;"),
            "a & b <AB> \u{A0}&bogus;"
        );
    }

    #[test]
    fn links_get_numbers_and_images_their_alt_text() {
        let (b, links) = parse("<a href='https://x.test'>site</a> <img src=a.png alt=\"a cat\">");
        assert_eq!(plain(&b), ["site[1] [image: a cat][2]"]);
        assert_eq!(links.links[0].url, "https://x.test");
    }

    #[test]
    fn pre_keeps_its_text_verbatim() {
        let (b, _) = parse("<pre><code>fn main() {\n    x &lt; 1\n}</code></pre>");
        let Block::Code { lines, .. } = &b[0] else {
            panic!("{b:?}")
        };
        let lines: Vec<_> = lines.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lines, ["fn main() {", "    x < 1", "}"]);
    }

    #[test]
    fn tables_become_tables() {
        let (b, _) =
            parse("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>");
        let Block::Table { header, rows, .. } = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(header.cells.len(), 2);
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn unclosed_structure_still_yields_its_text() {
        let (b, _) = parse("<table><tr><td>セル<ul><li>項目");
        let text = format!("{b:?}");
        assert!(text.contains("セル") && text.contains("項目"), "{text}");
    }

    #[test]
    fn a_decorative_opening_quote_joins_the_paragraph_after_it() {
        let (b, _) = parse("<aside>\n  <span>&ldquo;</span>\n  <p>\n  Quoted words.\n</p></aside>");
        let words: Vec<String> = plain(&b).iter().map(|p| p.trim().to_string()).collect();
        assert_eq!(words, ["“Quoted words."]);
    }

    #[test]
    fn progress_bars_show_their_numbers() {
        let (b, _) = parse("<div>done <progress value=\"21\" max=\"40\"></progress></div>");
        assert_eq!(plain(&b), ["done 21/40"]);
    }

    #[test]
    fn an_item_whose_list_closed_inside_a_quote_keeps_its_text() {
        let (b, _) = parse("<li><blockquote><li><blockquote>hello");
        assert!(format!("{b:?}").contains("hello"), "{b:?}");
    }

    #[test]
    fn nesting_past_the_limit_is_shown_flat_with_its_text() {
        for html in [
            "<blockquote>".repeat(100_000) + "hello",
            "<li><blockquote>".repeat(100_000) + "hello",
            "<td><blockquote>".repeat(100_000) + "hello",
            "<ul><li>".repeat(50_000) + "hello",
            "<div>".repeat(100_000) + "hello",
        ] {
            let (b, _) = parse(&html);
            assert!(format!("{b:?}").contains("hello"));
            assert!(depth(&b) <= MAX_NESTING + 1, "depth {}", depth(&b));
        }
    }

    #[test]
    fn a_list_item_left_open_in_a_cell_ends_with_the_cell() {
        let (blocks, _) = parse("<table><tr><td>x <li>hello</td><td>y</td></tr></table>");
        let text = format!("{blocks:?}");
        assert!(matches!(blocks.as_slice(), [Block::Table { .. }]), "{text}");
        assert!(text.contains("hello") && text.contains("\"y\""), "{text}");
    }

    #[test]
    fn text_before_a_nested_table_stays_in_its_cell() {
        // A proptest case: the inner `<tr>` once ended the outer cell, into a table with no
        // row to take it, and the backtick was lost.
        let (blocks, _) =
            parse("<table><tr><td>\n\n`<table><tr><td></td></tr></table></td></tr></table>");
        let text = format!("{blocks:?}");
        assert!(matches!(blocks.as_slice(), [Block::Table { .. }]), "{text}");
        assert!(text.contains('`'), "{text}");
    }

    #[test]
    fn an_end_tag_inside_a_table_does_not_end_what_holds_the_table() {
        // A browser ignores this `</li>`: the item holds the table, which is still open.
        let html = "<ul><li>a<table><tr><td>b</td></li><td>c</td></tr></table>d</li></ul>";
        let (blocks, _) = parse(html);
        let [Block::List { items, .. }] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        let [item] = items.as_slice() else {
            panic!("{items:?}")
        };
        let text = format!("{item:?}");
        assert!(
            matches!(item.blocks.as_slice(), [_, Block::Table { header, rows, .. }, _]
                if header.cells.is_empty() && rows.len() == 1 && rows[0].cells.len() == 2),
            "{text}"
        );
        assert!(text.contains("\"d\""), "{text}");
    }

    /// How deep the block tree goes, with an explicit stack.
    fn depth(blocks: &[Block]) -> usize {
        let mut deepest = 0;
        let mut stack: Vec<(&Block, usize)> = blocks.iter().map(|b| (b, 1)).collect();
        while let Some((block, d)) = stack.pop() {
            deepest = deepest.max(d);
            match block {
                Block::Quote { blocks, .. } | Block::Footnote { blocks, .. } => {
                    stack.extend(blocks.iter().map(|b| (b, d + 1)))
                }
                Block::List { items, .. } => {
                    for item in items {
                        stack.extend(item.blocks.iter().map(|b| (b, d + 1)));
                    }
                }
                _ => {}
            }
        }
        deepest
    }

    #[test]
    fn an_img_with_a_nameless_attribute_before_non_ascii_text_does_not_panic() {
        // Once "byte index is not a char boundary" from the attribute parser.
        let (b, _) = parse("<div><img =\"x\"é alt=\"a\"></div>");
        assert_eq!(plain(&b), ["[image: a]"]);
    }
}
