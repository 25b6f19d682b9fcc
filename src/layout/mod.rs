//! Markdown body + width → rows of spans tagged with roles. Pure: no colours, no terminal,
//! no files. The render layer maps roles to a theme; [`LayoutCache`] keeps results per width
//! so that scrolling never re-wraps.
//!
//! The pipeline, one module per step: [`liquid`] hides Jekyll/Hugo leftovers, `markdown`
//! parses (with `cjk_emphasis` and `html`) into a width-independent tree, then `blocks`,
//! `table` and `flow` lay the tree out for a width, breaking lines in [`linebreak`] and
//! measuring in [`width`], the one place that knows what a cell is.
//!
//! ```
//! use kiji::layout::{Options, layout_markdown};
//! let doc = layout_markdown("これは**重要。**です", &Options::new(8));
//! let rows: Vec<String> = doc.rows.iter().map(|r| r.text()).collect();
//! assert_eq!(rows, ["これは重", "要。です"]);
//! assert!(doc.rows[0].spans[1].inline.strong);
//! ```

mod blocks;
pub mod cache;
mod chars;
mod cjk_emphasis;
mod flow;
pub mod header;
mod html;
pub mod linebreak;
pub mod liquid;
mod markdown;
mod table;
mod tree;
pub mod width;

pub use cache::{LayoutCache, LineCache};

use crate::model::{Post, ReadingRates};

/// What a span of text *is*; the theme decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Body,
    Heading(u8),
    InlineCode,
    CodeBlock,
    /// The mark at the end of a code row that continues on the next row.
    CodeContinuation,
    QuoteBar,
    ListMarker,
    Link,
    /// The `[3]` after a link's text.
    LinkRef,
    Image,
    TableBorder,
    TableHeader,
    Rule,
    FootnoteRef,
    /// Post header: title.
    Title,
    /// Post header: date, author, reading time.
    Metadata,
    /// Post header: a tag or category.
    Tag,
}

/// Inline emphasis that combines with any role (a strong word in a heading or a link).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Inline {
    pub strong: bool,
    pub emphasis: bool,
    pub strikethrough: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub role: Role,
    pub inline: Inline,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub spans: Vec<Span>,
    /// Byte offset in the body where this row's text starts: keeps the reader's place
    /// across a resize.
    pub source_offset: usize,
}

impl Row {
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Index of the heading's first row.
    pub row: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The number shown as `[n]` in the text.
    pub number: usize,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Options {
    /// Width in terminal cells.
    pub width: usize,
    /// Measure East Asian ambiguous-width characters as two cells.
    pub ambiguous_wide: bool,
}

impl Options {
    pub fn new(width: usize) -> Self {
        Self {
            width,
            ambiguous_wide: false,
        }
    }
}

/// A laid-out document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub rows: Vec<Row>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
}

impl Document {
    /// The row to show at the top to keep the place of a row that started at `offset` in an
    /// earlier layout (after a resize): the first row of the last run of rows starting at or
    /// before `offset`. Row offsets never decrease, so this is a binary search.
    pub fn row_at_offset(&self, offset: usize) -> usize {
        let after = self.rows.partition_point(|r| r.source_offset <= offset);
        let Some(last) = after.checked_sub(1) else {
            return 0;
        };
        let start = self.rows[last].source_offset;
        self.rows[..last].partition_point(|r| r.source_offset < start)
    }
}

/// Lays out a Markdown body.
pub fn layout_markdown(markdown: &str, options: &Options) -> Document {
    let source = liquid::preprocess(markdown);
    let (tree, links) = markdown::parse(&source);
    let mut emitter = blocks::Emitter::new(options.width, options.ambiguous_wide);
    emitter.blocks(&tree, false);
    emitter.link_list(&links, markdown.len());
    let mut rows = emitter.rows;
    // Offsets only grow, so a reader can binary-search them (generated rows such as a link
    // number may point a little back).
    let mut floor = 0;
    for row in &mut rows {
        row.source_offset = row.source_offset.max(floor).min(markdown.len());
        floor = row.source_offset;
    }
    Document {
        rows,
        headings: emitter.headings,
        links,
    }
}

/// Lays out a whole post: its header (title, date, author, labels, reading time), then its
/// body. Header rows have source offset 0; body rows the offset in `post.body`.
pub fn layout_post(post: &Post, rates: ReadingRates, options: &Options) -> Document {
    let mut header = header::header_rows(post, rates, options);
    let mut body = layout_markdown(&post.body, options);
    let shift = header.len();
    for heading in &mut body.headings {
        heading.row += shift;
    }
    header.append(&mut body.rows);
    Document {
        rows: header,
        headings: body.headings,
        links: body.links,
    }
}
