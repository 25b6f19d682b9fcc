//! Laid-out posts kept per (post, options, rates), so scrolling and redrawing never re-wrap.
//!
//! The reader asks for a post's document every frame; the first request at a width lays it
//! out, later ones return the same `Arc<Document>`. A resize asks for a new width, and the
//! previous widths stay cached for a while (a terminal being dragged passes through many).
//! A post is identified by its path, body length and a hash of samples of its body and
//! title, so a post reloaded from disk with new content is laid out again, and a lookup costs
//! the same for a 5 MB post as for a short one.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Document, Options, PictureSizes, layout_post_with};
use crate::model::{Post, ReadingRates};

/// What a cached document was laid out from: the post (by path, length and fingerprint), the
/// options, the rates and the pictures' sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    path: PathBuf,
    body_len: usize,
    fingerprint: u64,
    options: Options,
    rates: (u32, u32),
    /// The sizes of the post's pictures known when it was laid out (none unless
    /// `options.pictures`): a picture whose size arrives later makes a new layout.
    sizes: PictureSizes,
}

impl Key {
    pub fn new(post: &Post, rates: ReadingRates, options: &Options, sizes: &PictureSizes) -> Self {
        Key {
            sizes: if options.pictures.is_some() {
                sizes.clone()
            } else {
                PictureSizes::new()
            },
            path: post.path.clone(),
            body_len: post.body.len(),
            fingerprint: fingerprint(post),
            options: *options,
            rates: (rates.cjk_chars_per_minute, rates.words_per_minute),
        }
    }
}

impl Key {
    /// The pictures' sizes to lay the post out with.
    pub fn sizes(&self) -> &PictureSizes {
        &self.sizes
    }
}

/// A hash of what the header shows and of the body's start, middle and end.
pub fn fingerprint(post: &Post) -> u64 {
    const SAMPLE: usize = 4096;
    let mut h = DefaultHasher::new();
    post.title.hash(&mut h);
    post.tags.hash(&mut h);
    post.categories.hash(&mut h);
    post.author.hash(&mut h);
    post.date.map(|d| d.to_rfc3339()).hash(&mut h);
    post.declared_reading_minutes.hash(&mut h);
    post.draft.hash(&mut h);
    post.stats.cjk_chars.hash(&mut h);
    post.stats.words.hash(&mut h);
    let body = post.body.as_bytes();
    let middle = body.len() / 2;
    for start in [
        0,
        middle.saturating_sub(SAMPLE / 2),
        body.len().saturating_sub(SAMPLE),
    ] {
        body[start..(start + SAMPLE).min(body.len())].hash(&mut h);
    }
    h.finish()
}

/// The most recently used documents, at most `capacity` of them.
#[derive(Debug)]
pub struct LayoutCache {
    entries: VecDeque<(Key, Arc<Document>)>,
    capacity: usize,
}

impl Default for LayoutCache {
    fn default() -> Self {
        Self::new(8)
    }
}

impl LayoutCache {
    pub fn new(capacity: usize) -> Self {
        LayoutCache {
            entries: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// The post laid out with `options` (header included), from the cache when it is there.
    pub fn get(&mut self, post: &Post, rates: ReadingRates, options: &Options) -> Arc<Document> {
        self.get_with(post, rates, options, &PictureSizes::new())
    }

    /// The post laid out with `options` and its pictures' `sizes`, from the cache when it is
    /// there.
    pub fn get_with(
        &mut self,
        post: &Post,
        rates: ReadingRates,
        options: &Options,
        sizes: &PictureSizes,
    ) -> Arc<Document> {
        let key = Key::new(post, rates, options, sizes);
        if let Some(doc) = self.cached(&key) {
            return doc;
        }
        let doc = Arc::new(layout_post_with(post, rates, options, &key.sizes));
        self.insert(key, Arc::clone(&doc));
        doc
    }

    /// The document laid out for `key`, when it is cached.
    pub fn cached(&mut self, key: &Key) -> Option<Arc<Document>> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(i).expect("index from position");
        let doc = Arc::clone(&entry.1);
        self.entries.push_front(entry);
        Some(doc)
    }

    /// Keeps `document`, laid out elsewhere (the reader's worker), as the layout for `key`.
    pub fn insert(&mut self, key: Key, document: Arc<Document>) {
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push_front((key, document));
        self.entries.truncate(self.capacity);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Forgets the documents laid out before their code was highlighted (see
    /// [`Document::highlight_pending`]), once it has been: the next `get` highlights them.
    pub fn forget_unhighlighted(&mut self) {
        self.entries.retain(|(_, doc)| !doc.highlight_pending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(body: &str) -> Post {
        Post::for_test("a.md", "t", body)
    }

    #[test]
    fn a_picture_size_arriving_makes_a_new_layout_with_the_picture_below_the_header() {
        use crate::layout::{PictureGrid, PixelSize};
        let mut cache = LayoutCache::default();
        let p = post("![x](x.png)\n");
        let options = Options {
            pictures: Some(PictureGrid {
                cell_width: 1,
                cell_height: 2,
                max_rows: 10,
            }),
            ..Options::new(40)
        };
        let rates = ReadingRates::default();
        let before = cache.get(&p, rates, &options);
        assert!(before.pictures.is_empty());
        let sizes = PictureSizes::from([(
            "x.png".to_string(),
            PixelSize {
                width: 40,
                height: 40,
            },
        )]);
        let after = cache.get_with(&p, rates, &options, &sizes);
        let rows = after.pictures[0].rows.clone();
        assert_eq!(
            rows.len(),
            10,
            "40×40 at one pixel a column, two a row, held to 10"
        );
        let header: Vec<String> = after.rows[..rows.start].iter().map(|r| r.text()).collect();
        assert!(
            header.iter().any(|r| r.contains('─')),
            "under the header: {header:?}"
        );
        assert!(Arc::ptr_eq(
            &after,
            &cache.get_with(&p, rates, &options, &sizes)
        ));
        assert!(Arc::ptr_eq(&before, &cache.get(&p, rates, &options)));
    }

    #[test]
    fn same_post_and_width_return_the_same_document() {
        let mut cache = LayoutCache::default();
        let p = post("hello world");
        let a = cache.get(&p, ReadingRates::default(), &Options::new(40));
        let b = cache.get(&p, ReadingRates::default(), &Options::new(40));
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn another_width_is_laid_out_again() {
        let mut cache = LayoutCache::default();
        let p = post("hello world");
        let a = cache.get(&p, ReadingRates::default(), &Options::new(40));
        let b = cache.get(&p, ReadingRates::default(), &Options::new(41));
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn changed_body_is_laid_out_again() {
        let mut cache = LayoutCache::default();
        let a = cache.get(&post("one"), ReadingRates::default(), &Options::new(40));
        let b = cache.get(&post("two"), ReadingRates::default(), &Options::new(40));
        assert!(!Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn least_recently_used_entries_are_dropped() {
        let mut cache = LayoutCache::new(2);
        let p = post("x");
        let rates = ReadingRates::default();
        let first = cache.get(&p, rates, &Options::new(10));
        cache.get(&p, rates, &Options::new(11));
        cache.get(&p, rates, &Options::new(10));
        cache.get(&p, rates, &Options::new(12));
        assert_eq!(cache.len(), 2);
        assert!(Arc::ptr_eq(
            &first,
            &cache.get(&p, rates, &Options::new(10))
        ));
    }
}
