//! Inline styling shared by Markdown and raw HTML: how deep the text is inside emphasis,
//! strong, strikethrough, code and links ([`OpenStyles`]), and the inline HTML tags that
//! mean the same in a Markdown paragraph and in an HTML block ([`InlineTags`]: the style
//! tags, `<br>`, `<img>`, `<a href>`).

use std::borrow::Cow;

use super::image::image_pieces;
use super::links::LinkList;
use super::ruby;
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
    pub mark: u32,
    /// `<sup>` and `<sub>`.
    pub raised: u32,
}

impl OpenStyles {
    /// How text looks inside these styles, on top of the block's own role.
    pub fn span_style(&self, base: Role) -> SpanStyle {
        let role = if self.link > 0 {
            Role::Link
        } else if self.code > 0 {
            Role::InlineCode
        } else if self.mark > 0 {
            Role::Highlight
        } else if self.raised > 0 {
            Role::Raised
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
            "mark" => &mut self.mark,
            "sup" | "sub" => &mut self.raised,
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
    /// Where the open `<ruby>` element's items start in the output (see [`super::ruby`]).
    ruby: Option<usize>,
    /// Open `<rp>` elements, and an `<rt>` whose reading is not shown: their text is not.
    fallback: u32,
    /// How readings are written.
    pub ruby_style: ruby::RubyStyle,
    /// The href of each open `<a>` (None when it had none), numbered when it closes.
    open_links: Vec<Option<String>>,
}

impl InlineTags {
    /// Tags whose `<ruby>` readings are written as `style` says.
    pub fn writing_ruby(style: ruby::RubyStyle) -> Self {
        InlineTags {
            ruby_style: style,
            ..InlineTags::default()
        }
    }

    /// Whether text here is hidden (the fallback brackets of ruby).
    pub fn hides_text(&self) -> bool {
        self.fallback > 0
    }

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
            "ruby" => self.ruby = Some(out.len()),
            "rt" => match self.ruby_style.marks() {
                Some((open, _)) => out.push(InlineItem::text(
                    open,
                    self.styles.span_style(Role::Body),
                    offset,
                )),
                None => self.fallback += 1,
            },
            "rp" => self.fallback += 1,
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
        match name {
            "ruby" => {
                if let Some(start) = self.ruby.take() {
                    ruby::join(out, start);
                }
                return true;
            }
            "rt" => {
                match self.ruby_style.marks() {
                    Some((_, close)) => out.push(InlineItem::text(
                        close,
                        self.styles.span_style(Role::Body),
                        offset,
                    )),
                    None => self.fallback = self.fallback.saturating_sub(1),
                }
                return true;
            }
            "rp" => {
                self.fallback = self.fallback.saturating_sub(1);
                return true;
            }
            "a" => {}
            _ => return false,
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

    #[test]
    fn kbd_mark_sup_and_sub_carry_their_roles_in_markdown_and_html() {
        use crate::layout::{Options, layout_markdown};
        for src in [
            "Press <kbd>C</kbd>, <mark>hi</mark> x<sup>2</sup> H<sub>2</sub>O",
            "<p>Press <kbd>C</kbd>, <mark>hi</mark> x<sup>2</sup> H<sub>2</sub>O</p>",
        ] {
            let doc = layout_markdown(src, &Options::new(60));
            assert_eq!(doc.rows[0].text(), "Press C, hi x2 H2O", "{src}");
            let roles: Vec<(&str, Role)> = doc.rows[0]
                .spans
                .iter()
                .map(|s| (s.text.as_str(), s.role))
                .filter(|(_, r)| *r != Role::Body)
                .collect();
            assert_eq!(
                roles,
                [
                    ("C", Role::InlineCode),
                    ("hi", Role::Highlight),
                    ("2", Role::Raised),
                    ("2", Role::Raised)
                ],
                "{src}"
            );
        }
    }
}
