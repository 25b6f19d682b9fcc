//! The document between parsing and layout: blocks holding runs of styled text, with the
//! source offsets layout needs for rows. Width-independent, so it is built once per post.

use super::{Inline, Role};

/// How a piece of text looks, as roles (the theme picks colours later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub role: Role,
    pub inline: Inline,
}

impl Look {
    pub fn plain(role: Role) -> Self {
        Look {
            role,
            inline: Inline::default(),
        }
    }
}

/// One piece of inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text {
        text: String,
        look: Look,
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

impl Piece {
    pub fn text(text: impl Into<String>, look: Look, offset: usize) -> Self {
        Piece::Text {
            text: text.into(),
            look,
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
    pub cells: Vec<Vec<Piece>>,
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
        pieces: Vec<Piece>,
        offset: usize,
    },
    Heading {
        level: u8,
        pieces: Vec<Piece>,
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
