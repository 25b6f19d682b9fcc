//! An image as a terminal reader shows it: its alt text, and the number of its address in
//! the link list (a terminal cannot show the picture; the address lets the reader open it).

use super::Role;
use super::links::LinkList;
use super::tree::{InlineItem, SpanStyle};

/// `[image: alt]`, then `[n]` for the address (none when the image has no address).
pub fn image_pieces(alt: &str, url: &str, offset: usize, links: &mut LinkList) -> Vec<InlineItem> {
    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if alt.is_empty() {
        "[image]".to_string()
    } else {
        format!("[image: {alt}]")
    };
    let mut pieces = vec![InlineItem::text(
        text,
        SpanStyle::plain(Role::Image),
        offset,
    )];
    if !url.is_empty() {
        pieces.push(links.reference(url, offset));
    }
    pieces
}
