//! The document between parsing and layout: blocks holding runs of styled text, with the
//! source offsets layout needs for rows. Width-independent, so it is built once per post.

use super::{Inline, Role};

/// How deep quotes, lists, footnotes and table cells nest before the containers further in
/// are shown flat, their text joining the innermost kept container, as browsers cap the
/// depth of their DOM. No real post comes near it; a body of 100,000 `>` would otherwise
/// build (and lay out, and drop) a tree 100,000 deep, recursing once a level, and overflow
/// the stack.
pub const MAX_NESTING: usize = 32;

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
    /// A task list item (`- [ ]`, `- [x]`): whether it is done.
    pub task: Option<bool>,
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
        /// From a trailing `{#id}` or an HTML `id` attribute.
        id: Option<String>,
        offset: usize,
    },
    /// Verbatim lines, each with its source offset.
    Code {
        lines: Vec<(String, usize)>,
        /// The language the fence names (`rust`), whether or not kiji knows its grammar.
        lang: Option<String>,
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
    /// An HTML `<details>`: its summary, and what it folds away (see [`super::details`]).
    Details {
        summary: Vec<InlineItem>,
        blocks: Vec<Block>,
        /// Its number in the post, which says whether it is open ([`super::Options`]).
        number: usize,
        offset: usize,
    },
    /// Where a `<details>`, its `<summary>` or its end stood in the HTML, until
    /// [`super::details::group`] gathers what lies between into a [`Block::Details`]; one
    /// left over (a `<details>` never closed) draws nothing, or its summary as a paragraph.
    DetailsMark {
        mark: DetailsMark,
        offset: usize,
    },
    /// An image alone in its paragraph: a picture when its size is known (see
    /// [`super::image`]), else `fallback`, the paragraph it was.
    Image {
        url: String,
        /// Alt text and `[n]`, under the picture.
        caption: Vec<InlineItem>,
        /// `[image: alt][n]`.
        fallback: Vec<InlineItem>,
        offset: usize,
    },
    /// A footnote's text, gathered at the end of the post (see [`super::footnotes`]).
    Footnote {
        /// Drawn before the note's first row: its number, padded to the widest.
        mark: String,
        blocks: Vec<Block>,
        offset: usize,
    },
}

/// What a [`Block::DetailsMark`] marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailsMark {
    Open,
    Summary(Vec<InlineItem>),
    Close,
}

impl Block {
    /// Where the block starts in the source.
    pub fn offset(&self) -> usize {
        match self {
            Block::Paragraph { offset, .. }
            | Block::Heading { offset, .. }
            | Block::Code { offset, .. }
            | Block::Quote { offset, .. }
            | Block::List { offset, .. }
            | Block::Table { offset, .. }
            | Block::Rule { offset }
            | Block::Details { offset, .. }
            | Block::DetailsMark { offset, .. }
            | Block::Image { offset, .. }
            | Block::Footnote { offset, .. } => *offset,
        }
    }
}

/// Blocks as one run of inline text, paragraphs separated by line breaks: what a table cell
/// can hold when its HTML put blocks in it.
pub fn flatten(blocks: Vec<Block>) -> Vec<InlineItem> {
    let mut out = Vec::new();
    for block in blocks {
        let offset = block.offset();
        let before = out.len();
        match block {
            Block::Paragraph { pieces, .. }
            | Block::Heading { pieces, .. }
            | Block::Image {
                fallback: pieces, ..
            } => out.extend(pieces),
            Block::Code { lines, .. } => {
                for (i, (line, at)) in lines.into_iter().enumerate() {
                    if i > 0 {
                        out.push(InlineItem::HardBreak { offset: at });
                    }
                    out.push(InlineItem::text(
                        line,
                        SpanStyle::plain(Role::InlineCode),
                        at,
                    ));
                }
            }
            Block::Quote { blocks, .. } | Block::Footnote { blocks, .. } => {
                out.extend(flatten(blocks))
            }
            Block::Details {
                summary, blocks, ..
            } => {
                out.extend(summary);
                out.extend(flatten(blocks));
            }
            Block::DetailsMark {
                mark: DetailsMark::Summary(pieces),
                ..
            } => out.extend(pieces),
            Block::DetailsMark { .. } => {}
            Block::List { items, .. } => {
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        out.push(InlineItem::HardBreak {
                            offset: item.offset,
                        });
                    }
                    out.push(InlineItem::text(
                        "• ",
                        SpanStyle::plain(Role::ListMarker),
                        item.offset,
                    ));
                    out.extend(flatten(item.blocks));
                }
            }
            Block::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    for cell in row.cells {
                        out.extend(cell);
                        out.push(InlineItem::text(
                            " ",
                            SpanStyle::plain(Role::Body),
                            row.offset,
                        ));
                    }
                    out.push(InlineItem::HardBreak { offset: row.offset });
                }
            }
            Block::Rule { .. } => {}
        }
        if before > 0 && out.len() > before {
            out.insert(before, InlineItem::HardBreak { offset });
        }
    }
    out
}

/// Gives items of body text another role (a heading's), keeping their emphasis.
pub fn restyle(pieces: Vec<InlineItem>, role: Role) -> Vec<InlineItem> {
    pieces
        .into_iter()
        .map(|p| match p {
            InlineItem::Text {
                text,
                style,
                offset,
                exact,
                verbatim,
            } if style.role == Role::Body => InlineItem::Text {
                text,
                style: SpanStyle {
                    role,
                    inline: style.inline,
                },
                offset,
                exact,
                verbatim,
            },
            other => other,
        })
        .collect()
}
