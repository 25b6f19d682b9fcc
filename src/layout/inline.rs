//! Inline styling shared by Markdown and raw HTML: how deep the text is inside emphasis,
//! strong, strikethrough, code and links ([`OpenStyles`]), and the inline HTML tags that
//! mean the same in a Markdown paragraph and in an HTML block ([`InlineTags`]: the style
//! tags, `<br>`, `<img>`, `<a href>`).

use std::borrow::Cow;

use super::image::image_pieces;
use super::links::LinkList;
use super::tree::{InlineItem, SpanStyle};
use super::{Inline, Role};
use crate::html;

/// How many of each style are open around the text.
#[derive(Debug, Default, Clone)]
pub struct OpenStyles {
    pub strong: u32,
    pub emphasis: u32,
    pub strikethrough: u32,
    pub code: u32,
    pub link: u32,
}

impl OpenStyles {
    /// How text looks inside these styles, on top of the block's own role.
    pub fn span_style(&self, base: Role) -> SpanStyle {
        let role = if self.link > 0 {
            Role::Link
        } else if self.code > 0 {
            Role::InlineCode
        } else {
            base
        };
        SpanStyle {
            role,
            inline: Inline {
                strong: self.strong > 0,
                emphasis: self.emphasis > 0,
                strikethrough: self.strikethrough > 0,
            },
        }
    }

    /// Applies an HTML style tag; false when the tag is not one.
    pub fn apply(&mut self, name: &str, open: bool) -> bool {
        let counter = match name {
            "b" | "strong" => &mut self.strong,
            "i" | "em" | "cite" | "var" => &mut self.emphasis,
            "s" | "del" | "strike" => &mut self.strikethrough,
            "code" | "kbd" | "tt" | "samp" => &mut self.code,
            _ => return false,
        };
        if open {
            *counter += 1;
        } else {
            *counter = counter.saturating_sub(1);
        }
        true
    }
}

/// The inline HTML tags of a run of text, and the styles they leave open.
#[derive(Debug, Default)]
pub struct InlineTags {
    pub styles: OpenStyles,
    /// The href of each open `<a>` (None when it had none), numbered when it closes.
    open_links: Vec<Option<String>>,
}

impl InlineTags {
    /// Applies start tag `name` at `offset`, adding what it shows to `out`; false when it is
    /// not an inline tag.
    pub fn open(
        &mut self,
        name: &str,
        attributes: &str,
        offset: usize,
        links: &mut LinkList,
        out: &mut Vec<InlineItem>,
    ) -> bool {
        if self.styles.apply(name, true) {
            return true;
        }
        match name {
            "br" => out.push(InlineItem::HardBreak { offset }),
            "img" => {
                let alt = html::attribute(attributes, "alt").unwrap_or_default();
                let src = html::attribute(attributes, "src").unwrap_or_default();
                out.extend(image_pieces(&alt, &src, offset, links));
            }
            "a" => {
                let href = html::attribute(attributes, "href").filter(|h| !h.is_empty());
                self.open_links.push(href.map(Cow::into_owned));
                self.styles.link += 1;
            }
            _ => return false,
        }
        true
    }

    /// Applies end tag `name` at `offset`; a link that had an address gets its number.
    /// False when it is not an inline tag.
    pub fn close(
        &mut self,
        name: &str,
        offset: usize,
        links: &mut LinkList,
        out: &mut Vec<InlineItem>,
    ) -> bool {
        if self.styles.apply(name, false) {
            return true;
        }
        if name != "a" {
            return false;
        }
        // A stray `</a>` must not end a Markdown link's style around it.
        if let Some(href) = self.open_links.pop() {
            self.styles.link = self.styles.link.saturating_sub(1);
            if let Some(url) = href {
                out.push(links.reference(&url, offset));
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_tag_numbers_its_address_when_it_closes() {
        let (mut tags, mut links, mut out) = (InlineTags::default(), LinkList::default(), vec![]);
        assert!(tags.open("a", " href='https://x.test'", 0, &mut links, &mut out));
        assert_eq!(tags.styles.span_style(Role::Body).role, Role::Link);
        assert!(tags.close("a", 5, &mut links, &mut out));
        assert_eq!(
            out,
            [InlineItem::text("[1]", SpanStyle::plain(Role::LinkRef), 5)]
        );
        assert_eq!(tags.styles.span_style(Role::Body).role, Role::Body);
    }

    #[test]
    fn a_stray_closing_link_tag_leaves_a_markdown_link_styled() {
        let (mut tags, mut links, mut out) = (InlineTags::default(), LinkList::default(), vec![]);
        tags.styles.link += 1;
        assert!(tags.close("a", 0, &mut links, &mut out));
        assert_eq!(tags.styles.span_style(Role::Body).role, Role::Link);
        assert!(out.is_empty());
    }

    #[test]
    fn other_tags_are_left_to_the_caller() {
        let (mut tags, mut links, mut out) = (InlineTags::default(), LinkList::default(), vec![]);
        assert!(!tags.open("div", "", 0, &mut links, &mut out));
        assert!(!tags.close("p", 0, &mut links, &mut out));
        assert!(tags.open("br", "", 3, &mut links, &mut out));
        assert_eq!(out, [InlineItem::HardBreak { offset: 3 }]);
    }
}
