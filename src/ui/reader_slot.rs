//! The reader pane's state: the [`Reader`] on the open post, if any, and the layouts of the
//! posts it has shown, cached per width so that going back to a post or resizing to a width
//! seen before never lays it out again.

use crate::layout::{LayoutCache, Options};
use crate::model::{Post, ReadingRates};

use super::reader::Reader;
use super::search::Query;

#[derive(Default)]
pub struct ReaderSlot {
    reader: Option<Reader>,
    cache: LayoutCache,
}

/// What a post is laid out and searched with.
pub struct Showing<'a> {
    pub rates: ReadingRates,
    pub options: Options,
    /// Rows of text on screen.
    pub height: usize,
    pub query: &'a Query,
}

impl ReaderSlot {
    pub fn get(&self) -> Option<&Reader> {
        self.reader.as_ref()
    }

    pub fn get_mut(&mut self) -> Option<&mut Reader> {
        self.reader.as_mut()
    }

    pub fn close(&mut self) {
        self.reader = None;
    }

    /// Drops the cached layouts, after something they depend on (rates, widths) changed.
    pub fn forget_layouts(&mut self) {
        self.cache = LayoutCache::default();
    }

    /// True when post `index` is open.
    pub fn shows(&self, index: usize) -> bool {
        self.reader.as_ref().is_some_and(|r| r.post() == index)
    }

    /// Opens post `index` at byte offset `resume` of its body when given, with the query's
    /// matches marked and, when there is a query, the first match from there on screen.
    pub fn open(&mut self, index: usize, post: &Post, resume: Option<usize>, with: Showing) {
        let width = with.options.width as u16;
        let document = self.cache.get(post, with.rates, &with.options);
        let mut reader = Reader::new(index, document, width);
        if let Some(offset) = resume {
            reader.resume_at(offset, with.height);
        }
        reader.set_query(with.query);
        if !with.query.is_empty() {
            reader.first_hit_after(reader.scroll(), with.height);
        }
        self.reader = Some(reader);
    }

    /// Lays the open post out again when the text width changed, and keeps the scroll in
    /// range of the new height.
    pub fn fit(&mut self, posts: &[Post], with: Showing) {
        let width = with.options.width as u16;
        let Some(reader) = &mut self.reader else {
            return;
        };
        if reader.width() != width {
            let document = self
                .cache
                .get(&posts[reader.post()], with.rates, &with.options);
            reader.relayout(document, width, with.height, with.query);
        }
        reader.fit(with.height);
    }
}
