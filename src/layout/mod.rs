//! Markdown body + width → rows of spans tagged with roles. Pure: no colours, no terminal,
//! no files. The render layer maps roles to a theme; the interface caches results per width.
//!
//! (Skeleton: the real engine replaces `layout_markdown`'s naive body.)

mod chars;
mod cjk_emphasis;
pub mod linebreak;
pub mod width;

use unicode_width::UnicodeWidthStr;

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

/// Lays out a Markdown body. (Skeleton: splits source lines by character width.)
pub fn layout_markdown(markdown: &str, options: &Options) -> Document {
    let width = options.width.max(1);
    let mut rows = Vec::new();
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let mut current = String::new();
        let mut start = offset;
        for (i, ch) in text.char_indices() {
            if (current.clone() + &ch.to_string()).width() > width {
                rows.push(body_row(std::mem::take(&mut current), start));
                start = offset + i;
            }
            if !ch.is_control() {
                current.push(ch);
            }
        }
        rows.push(body_row(current, start));
        offset += line.len();
    }
    Document {
        rows,
        ..Document::default()
    }
}

fn body_row(text: String, source_offset: usize) -> Row {
    Row {
        spans: vec![Span {
            text,
            role: Role::Body,
            inline: Inline::default(),
        }],
        source_offset,
    }
}
