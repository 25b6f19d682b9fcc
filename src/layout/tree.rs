//! The document between parsing and layout: blocks holding runs of styled text, with the
//! source offsets layout needs for rows. Width-independent, so it is built once per post.

use super::{Inline, Role};

/// The role and emphasis a span of text will carry: what it is, not its colours (the theme
/// picks those later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanStyle {
    pub role: Role,
    pub inline: Inline,
}

impl SpanStyle {
    pub fn plain(role: Role) -> Self {
        SpanStyle {
            role,
            inline: Inline::default(),
        }
    }
}

/// One item of a block's inline content: styled text or a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineItem {
    Text {
        text: String,
        style: SpanStyle,
        /// Byte offset in the source where the text comes from.
        offset: usize,
        /// The text is the source slice at `offset` byte for byte, so offsets inside it can be
        /// computed; otherwise (escapes, entities, generated text) all of it maps to `offset`.
        exact: bool,
        /// Code: spaces are kept as written instead of collapsing.
        verbatim: bool,
    },
    /// A line break in the source inside a paragraph: a space or nothing, depending on the
    /// characters around it.
    SoftBreak {
        offset: usize,
    },
    HardBreak {
        offset: usize,
    },
}

impl InlineItem {
    pub fn text(text: impl Into<String>, style: SpanStyle, offset: usize) -> Self {
        InlineItem::Text {
            text: text.into(),
            style,
            offset,
            exact: false,
            verbatim: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub cells: Vec<Vec<InlineItem>>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub blocks: Vec<Block>,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph {
        pieces: Vec<InlineItem>,
        offset: usize,
    },
    Heading {
        level: u8,
        pieces: Vec<InlineItem>,
        offset: usize,
    },
    /// Verbatim lines, each with its source offset.
    Code {
        lines: Vec<(String, usize)>,
        offset: usize,
    },
    Quote {
        blocks: Vec<Block>,
        offset: usize,
    },
    List {
        /// The first number of an ordered list.
        start: Option<u64>,
        /// Items separated by blank lines in the source keep a blank row between them.
        loose: bool,
        items: Vec<Item>,
        offset: usize,
    },
    Table {
        aligns: Vec<Align>,
        header: TableRow,
        rows: Vec<TableRow>,
        offset: usize,
    },
    Rule {
        offset: usize,
    },
    Footnote {
        label: String,
        blocks: Vec<Block>,
        offset: usize,
    },
}
