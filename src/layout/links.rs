//! The numbered list of addresses a post links to, shown after it: every link and image in
//! the text gets the number of its address, `[n]`, in the order a reader meets them.

use std::collections::HashMap;

use super::tree::{InlineItem, SpanStyle};
use super::{Link, Role};
use crate::text::sanitize;

/// Numbers links in the order they first appear; the same URL keeps its number.
#[derive(Debug, Default)]
pub struct LinkList {
    pub links: Vec<Link>,
    seen: HashMap<String, usize>,
}

impl LinkList {
    pub fn number(&mut self, url: &str) -> usize {
        // The list is shown to the reader: no control character from the file gets in.
        let url = sanitize::strip(url);
        if let Some(&n) = self.seen.get(url.as_ref()) {
            return n;
        }
        let n = self.links.len() + 1;
        self.links.push(Link {
            number: n,
            url: url.to_string(),
            label: None,
        });
        self.seen.insert(url.into_owned(), n);
        n
    }

    /// Names link `n` by its reference label, unless an earlier reference already named it.
    pub fn label(&mut self, n: usize, label: &str) {
        let label = sanitize::strip(label.trim());
        if let Some(link) = self.links.get_mut(n - 1)
            && link.label.is_none()
            && !label.is_empty()
        {
            link.label = Some(label.into_owned());
        }
    }

    /// The `[n]` shown after a link's text or an image, numbering `url`.
    pub fn reference(&mut self, url: &str, offset: usize) -> InlineItem {
        let n = self.number(url);
        InlineItem::text(format!("[{n}]"), SpanStyle::plain(Role::LinkRef), offset)
    }
}
