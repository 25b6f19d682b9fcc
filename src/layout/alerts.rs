//! GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`), which
//! goldmark sites and GitHub both show: pulldown-cmark reads the marker; the quote is then
//! headed by the kind's label, on the row above its first paragraph as GitHub draws it.

use pulldown_cmark::BlockQuoteKind;

use super::Role;
use super::tree::{Block, InlineItem, SpanStyle};

fn label(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "Note",
        BlockQuoteKind::Tip => "Tip",
        BlockQuoteKind::Important => "Important",
        BlockQuoteKind::Warning => "Warning",
        BlockQuoteKind::Caution => "Caution",
    }
}

/// Puts the label of `kind` at the head of an alert quote's blocks, or `own`, the label a
/// Hugo box shortcode gave it.
pub fn head(blocks: &mut Vec<Block>, kind: BlockQuoteKind, own: Option<&str>, offset: usize) {
    let text = own.unwrap_or(label(kind));
    let label = InlineItem::text(text, SpanStyle::plain(Role::AlertLabel), offset);
    match blocks.first_mut() {
        Some(Block::Paragraph { pieces, .. }) => {
            pieces.splice(0..0, [label, InlineItem::HardBreak { offset }]);
        }
        _ => blocks.insert(
            0,
            Block::Paragraph {
                pieces: vec![label],
                offset,
            },
        ),
    }
}
