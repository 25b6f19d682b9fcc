//! The reader pane's state: the [`Reader`] on the open post, if any, and the layouts of the
//! posts it has shown, cached per width so that going back to a post or resizing to a width
//! seen before never lays it out again; and what following links leaves behind: the places
//! Backspace returns to, and the address the event loop is to hand to the opener.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::layout::{
    Document, LayoutCache, Options, PictureSizes, PixelSize, cache, first_part, layout_post_with,
    part_around::{self, Place},
};
use crate::model::{Post, ReadingRates, Remap};

use super::reader::Reader;
use super::search::Query;

#[derive(Default)]
pub struct ReaderSlot {
    reader: Option<Reader>,
    cache: LayoutCache,
    /// Posts whose folding `z` turned the other way from the configured `fold_repeats`.
    folds_toggled: HashSet<usize>,
    /// The `<details>` opened with Enter, per post (see [`Options::details_open`]).
    details_open: HashMap<usize, u64>,
    /// Where each followed link was followed from, newest last.
    pub history: Vec<Return>,
    /// Something only the event loop can do (it owns the terminal and may spawn programs).
    pub outgoing: Option<Outgoing>,
    /// The configured opener: program and first arguments; empty for the system's.
    pub opener: Vec<String>,
    /// The post whose code the event loop is to highlight next, off the input thread.
    highlight_request: Option<PendingHighlight>,
    /// The posts (as [`HighlightRequest::key`]s) whose highlighting was asked for: asked
    /// once, so that a post that still comes out plain afterwards (its highlighting
    /// forgotten meanwhile) is not asked for again and again.
    highlights_asked: HashSet<(PathBuf, u64)>,
    /// The pixel sizes of the pictures found so far, per post file.
    picture_sizes: HashMap<PathBuf, PictureSizes>,
    /// Long posts are shown from their first part while a worker lays out the whole (see
    /// [`first_part`]); off, every post is laid out whole at once (`--print`'s way, and the
    /// tests' and benches' unless they turn it on).
    first_parts: bool,
    /// The long post the event loop is to have laid out whole next, off the input thread.
    layout_request: Option<LayoutRequest>,
    /// The whole layouts asked for and not yet arrived: each is asked for once.
    layouts_asked: Vec<cache::Key>,
    /// Posts whose highlighting was asked for again because their whole layout arrived after
    /// it was done, still plain: asked again once only.
    highlights_asked_again: HashSet<(PathBuf, u64)>,
}

/// A long post shown from its first part, to be laid out whole: post `post` of the library as
/// it was when asked (the request is dropped if it changed since).
#[derive(Debug, Clone)]
struct LayoutRequest {
    post: usize,
    rates: ReadingRates,
    options: Options,
    key: cache::Key,
}

/// A whole layout for the worker to do.
#[derive(Debug, Clone)]
pub struct WholeLayout {
    post: Post,
    rates: ReadingRates,
    options: Options,
    key: cache::Key,
}

impl WholeLayout {
    /// Lays the post out whole (on the worker thread: this takes as long as the post is long).
    pub fn lay_out(self) -> LaidOut {
        let document = layout_post_with(&self.post, self.rates, &self.options, self.key.sizes());
        LaidOut {
            key: self.key,
            document: Arc::new(document),
        }
    }
}

/// A long post laid out whole, for [`ReaderSlot::laid_out`].
#[derive(Debug)]
pub struct LaidOut {
    key: cache::Key,
    document: Arc<Document>,
}

/// A post to highlight: laid out with these options by the worker, its code blocks'
/// highlighting is remembered (see [`crate::layout::highlight`]) for the reader's next layout.
#[derive(Debug, Clone)]
pub struct HighlightRequest {
    pub post: Post,
    pub rates: ReadingRates,
    pub options: Options,
}

/// A post to highlight, as asked: post `post` of the library, copied for the worker only when
/// the event loop takes it (after the frame: a long post takes a while to copy).
#[derive(Debug, Clone)]
struct PendingHighlight {
    post: usize,
    /// The post's path and [`cache::fingerprint`] when asked.
    key: (PathBuf, u64),
    rates: ReadingRates,
    options: Options,
}

/// Where Backspace goes back to: a post, scrolled as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Return {
    pub post: usize,
    pub scroll: usize,
    /// The text width the scroll was at: at another width the place is found by `offset`.
    pub width: u16,
    pub offset: usize,
    /// The link that was followed, selected again on the way back.
    pub selected_link: Option<usize>,
}

impl From<&Reader> for Return {
    /// Where `reader` is now.
    fn from(reader: &Reader) -> Self {
        Return {
            post: reader.post(),
            scroll: reader.scroll(),
            width: reader.width(),
            offset: reader.place(),
            selected_link: reader.selected_link_index(),
        }
    }
}

/// A request to the world outside the app, made by `update` and carried out by the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// Hand a (checked) web or mail address to the opener.
    Open(String),
    /// Put text on the terminal's clipboard (OSC 52).
    Copy(String),
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
        self.open_details_with_matches(index, post, &with);
        let mut reader = self.reader_at(index, post, resume, &with);
        if !with.query.is_empty() {
            reader.first_hit_after(reader.scroll(), with.height);
        }
        self.reader = Some(reader);
    }

    /// Lays the open post out again when the text width changed, and keeps the scroll in
    /// range of the new height.
    pub fn fit(&mut self, posts: &[Post], with: Showing) {
        let width = with.options.width as u16;
        let Some(reader) = &self.reader else {
            return;
        };
        let options = self.options_for(reader.post(), with.options);
        if reader.width() != width || reader.folded() != options.fold_repeats {
            self.show_again(posts, &with);
            if let Some(reader) = &mut self.reader {
                reader.set_folded(options.fold_repeats);
            }
        }
        if let Some(reader) = &mut self.reader {
            reader.fit(with.height);
        }
    }

    /// Shows `document` for the open post in place of what is shown, keeping the place; but
    /// a part that does not hold the place, where the reader shows a whole layout, waits for
    /// its whole layout instead (the whole one shown meanwhile, at its old width).
    fn show(&mut self, document: Arc<Document>, with: &Showing) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        let short = !holds(&document, reader.place_wanted());
        if short && reader.document().partial.is_none() {
            return;
        }
        let width = with.options.width as u16;
        reader.relayout(document, width, with.height, with.query);
    }

    /// Lays the open post out again with `with`'s options (`w` changed how code wraps),
    /// keeping the place.
    pub fn relayout(&mut self, posts: &[Post], with: Showing) {
        self.show_again(posts, &with);
    }

    /// The open post laid out for `with`, around where its reader wants to be: its index,
    /// the options it was laid out with, and the layout.
    fn layout_open(
        &mut self,
        posts: &[Post],
        with: &Showing,
    ) -> Option<(usize, Options, Arc<Document>)> {
        let index = self.reader.as_ref()?.post();
        let options = self.options_for(index, with.options);
        let place = self.place_wanted();
        let document = self.layout(
            index,
            &posts[index],
            with.rates,
            &options,
            with.height,
            place,
        );
        Some((index, options, document))
    }

    /// The open post laid out again for `with` and shown, keeping the place.
    fn show_again(&mut self, posts: &[Post], with: &Showing) {
        if let Some((_, _, document)) = self.layout_open(posts, with) {
            self.show(document, with);
        }
    }

    /// `z`: folds or unfolds the open post's repeated passages, keeping the place. Returns
    /// whether they are folded now.
    pub fn toggle_folds(&mut self, posts: &[Post], with: Showing) -> Option<bool> {
        let post = self.reader.as_ref()?.post();
        if !self.folds_toggled.remove(&post) {
            self.folds_toggled.insert(post);
        }
        self.fit(posts, with);
        self.reader.as_ref().map(Reader::folded)
    }

    /// Opens the `<details>` of post `index` that hold matches of `with.query`, as a browser's
    /// find opens them: a match is never hidden in a folded one. Returns whether any opened.
    fn open_details_with_matches(&mut self, index: usize, post: &Post, with: &Showing) -> bool {
        let options = self.options_for(index, with.options);
        if with.query.is_empty() || !options.fold_details {
            return false;
        }
        let everything_open = Options {
            details_open: u64::MAX,
            ..options
        };
        let Some(unfolded) =
            self.layout_to_search(index, post, with.rates, &everything_open, with.height)
        else {
            return false;
        };
        if unfolded.details.is_empty() {
            return false;
        }
        let hits = Reader::hit_offsets(&unfolded, with.query);
        let wanted = unfolded
            .details
            .iter()
            .filter(|d| {
                let first = hits.partition_point(|&h| h <= d.offset);
                hits.get(first).is_some_and(|&h| h <= d.end)
            })
            .fold(0u64, |bits, d| bits | 1 << d.number.min(63));
        let open = self.details_open.entry(index).or_insert(0);
        let before = *open;
        *open |= wanted;
        *open != before
    }

    /// Unfolds the open post when `with.query` matches text that only its folds (repeated
    /// passages, `<details>`) hide, so that every match can be shown. Returns whether it
    /// unfolded repeated passages (opened `<details>` say nothing: Enter folds them again).
    pub fn reveal_matches(&mut self, posts: &[Post], with: Showing) -> bool {
        let Some(reader) = &self.reader else {
            return false;
        };
        let index = reader.post();
        if self.open_details_with_matches(index, &posts[index], &with) {
            self.relayout(posts, Showing { ..with });
        }
        let Some(reader) = &self.reader else {
            return false;
        };
        if with.query.is_empty() || !reader.folded() || reader.document().folds.is_empty() {
            return false;
        }
        let index = reader.post();
        let folded = Reader::count_hits(reader.document(), with.query);
        let options = Options {
            fold_repeats: false,
            ..with.options
        };
        let Some(unfolded) =
            self.layout_to_search(index, &posts[index], with.rates, &options, with.height)
        else {
            return false;
        };
        if Reader::count_hits(&unfolded, with.query) <= folded {
            return false;
        }
        self.toggle_folds(posts, with);
        true
    }

    /// Follows the library after posts were added, moved or removed; closes the reader when
    /// its post left.
    pub fn remap(&mut self, remap: &Remap) {
        self.folds_toggled = self
            .folds_toggled
            .iter()
            .filter_map(|&post| remap.get(post))
            .collect();
        self.details_open = std::mem::take(&mut self.details_open)
            .into_iter()
            .filter_map(|(post, open)| Some((remap.get(post)?, open)))
            .collect();
        // Places to go back to, in posts that moved; a post gone from disk is no way back.
        self.history = std::mem::take(&mut self.history)
            .into_iter()
            .filter_map(|back| {
                let post = remap.get(back.post)?;
                Some(Return { post, ..back })
            })
            .collect();
        if let Some(reader) = &self.reader {
            match remap.get(reader.post()) {
                Some(post) => {
                    let reader = self.reader.take().expect("checked");
                    self.reader = Some(reader.renumbered(post));
                }
                None => self.reader = None,
            }
        }
    }

    /// Lays out the open post again after its file changed, at byte `offset` of its new
    /// body (the old place, found again in the new text), with the query's matches marked
    /// but the place kept.
    pub fn reload(&mut self, post: &Post, offset: usize, with: Showing) {
        let Some(index) = self.reader.as_ref().map(Reader::post) else {
            return;
        };
        self.reader = Some(self.reader_at(index, post, Some(offset), &with));
    }

    /// A reader of post `index` laid out for `with`, at byte `resume` of its body when
    /// given, with the query's matches marked.
    fn reader_at(
        &mut self,
        index: usize,
        post: &Post,
        resume: Option<usize>,
        with: &Showing,
    ) -> Reader {
        let options = self.options_for(index, with.options);
        let place = resume.map(Place::At);
        let document = self.layout(index, post, with.rates, &options, with.height, place);
        let mut reader = Reader::new(index, document, with.options.width as u16);
        reader.set_folded(options.fold_repeats);
        if let Some(offset) = resume {
            reader.resume_at(offset, with.height);
        }
        reader.set_query(with.query);
        reader
    }

    /// Records the pixel size of picture `url` of the post at `path` (`None`: it cannot be
    /// drawn, and is shown as text), and lays the open post out again when it is that post,
    /// keeping the reader's place as a resize does. Returns whether the open post changed.
    pub fn set_picture_size(
        &mut self,
        path: &Path,
        url: &str,
        size: Option<PixelSize>,
        posts: &[Post],
        with: Showing,
    ) -> bool {
        let sizes = self.picture_sizes.entry(path.to_path_buf()).or_default();
        let changed = match size {
            Some(size) => sizes.insert(url.to_string(), size) != Some(size),
            None => sizes.remove(url).is_some(),
        };
        let Some(reader) = &self.reader else {
            return false;
        };
        if !changed || posts[reader.post()].path != path {
            return false;
        }
        self.show_again(posts, &with);
        true
    }

    /// Where the open post's reader wants to be, for [`layout`](Self::layout).
    fn place_wanted(&self) -> Option<Place> {
        self.reader.as_ref().map(Reader::place_wanted)
    }

    fn options_for(&self, post: usize, options: Options) -> Options {
        options_for(&self.folds_toggled, &self.details_open, post, options)
    }

    /// Enter on a `<details>`: opens the first one whose summary is on screen, or folds it
    /// again, keeping the place. Whether it is open now; `None` when none is on screen.
    pub fn toggle_details(&mut self, posts: &[Post], with: Showing) -> Option<bool> {
        let reader = self.reader.as_ref()?;
        let scroll = reader.scroll();
        let details = reader.document().details_in(scroll..scroll + with.height)?;
        let post = reader.post();
        let open = self.details_open.entry(post).or_insert(0);
        *open ^= 1 << details.number.min(63);
        self.relayout(posts, with);
        Some(!details.open)
    }

    /// Post `index` laid out with the sizes of its pictures known so far, from the cache or
    /// laid out now; a long post not laid out yet, when first parts are on, as its first part
    /// for a screen `height` rows tall, or, when that does not hold `place`, as the part
    /// around `place` (see [`part_around`]) if it can be laid out alone; its whole layout
    /// asked of the event loop's worker. Its highlighting is asked for when the layout left
    /// code plain.
    fn layout(
        &mut self,
        index: usize,
        post: &Post,
        rates: ReadingRates,
        options: &Options,
        height: usize,
        place: Option<Place>,
    ) -> Arc<Document> {
        let sizes = self.picture_sizes.get(&post.path).unwrap_or(&NO_SIZES);
        let key = cache::Key::new(post, rates, options, sizes);
        let part = match self.cache.cached(&key) {
            Some(_) => None,
            None if self.first_parts => {
                let first =
                    first_part::layout_first_screen(post, rates, options, key.sizes(), height);
                match (first, place) {
                    (Some(first), Some(place)) if !holds(&first, place) => {
                        part_around::layout_part_around(post, options, key.sizes(), place, height)
                            .or(Some(first))
                    }
                    (first, _) => first,
                }
            }
            None => None,
        };
        let document = match part {
            Some(part) => {
                if !self.layouts_asked.contains(&key) {
                    self.layouts_asked.push(key.clone());
                    let asked = LayoutRequest {
                        post: index,
                        rates,
                        options: *options,
                        key,
                    };
                    // A request not yet taken gives way to the post shown now.
                    if let Some(superseded) = self.layout_request.replace(asked) {
                        self.layouts_asked.retain(|k| *k != superseded.key);
                    }
                }
                Arc::new(part)
            }
            None => self.cache.get_with(post, rates, options, sizes),
        };
        ask_highlighting(
            &mut self.highlight_request,
            &mut self.highlights_asked,
            &document,
            (index, post),
            rates,
            options,
        );
        document
    }

    /// Post `index` laid out whole with `options`, to count the matches another layout would
    /// show: laid out now as [`layout`](Self::layout) does, but for a long post (when first
    /// parts are on) only a whole layout already made, never a first part, which would not
    /// hold them all. `None` when there is none yet.
    fn layout_to_search(
        &mut self,
        index: usize,
        post: &Post,
        rates: ReadingRates,
        options: &Options,
        height: usize,
    ) -> Option<Arc<Document>> {
        if !self.first_parts || post.body.len() <= first_part::LONG_POST_BYTES {
            return Some(self.layout(index, post, rates, options, height, None));
        }
        let sizes = self.picture_sizes.get(&post.path).unwrap_or(&NO_SIZES);
        self.cache
            .cached(&cache::Key::new(post, rates, options, sizes))
    }

    /// The post whose code to highlight next, if one waits and is still what it was in
    /// `posts`.
    pub fn take_highlight_request(&mut self, posts: &[Post]) -> Option<HighlightRequest> {
        let pending = self.highlight_request.take()?;
        let post = posts.get(pending.post)?;
        if (post.path.clone(), cache::fingerprint(post)) != pending.key {
            self.highlights_asked.remove(&pending.key);
            return None;
        }
        Some(HighlightRequest {
            post: post.clone(),
            rates: pending.rates,
            options: pending.options,
        })
    }

    /// The worker highlighted a post's code: the open post, when it was shown plain, is
    /// shown again highlighted, in the same place (the rows are the same; only their roles
    /// change). A long post shown whole stays as it is until its whole layout in colour
    /// lands: a part of it in colour meanwhile would only take its row count away.
    pub fn highlighted(&mut self, posts: &[Post], with: Showing) {
        self.cache.forget_unhighlighted();
        let Some(reader) = &self.reader else {
            return;
        };
        if !reader.document().highlight_pending {
            return;
        }
        let whole_shown = reader.document().partial.is_none();
        if let Some((_, _, document)) = self.layout_open(posts, &with)
            && !(whole_shown && document.partial.is_some())
        {
            self.show(document, &with);
        }
    }

    /// Shows long posts from their first part first (see [`first_part`]), laid out whole by
    /// the taker of [`take_layout_request`](Self::take_layout_request).
    pub fn lay_out_long_posts_in_parts(&mut self) {
        self.first_parts = true;
    }

    /// The long post to lay out whole next, if one waits and is still what it was in
    /// `posts`.
    pub fn take_layout_request(&mut self, posts: &[Post]) -> Option<WholeLayout> {
        let request = self.layout_request.take()?;
        let post = posts.get(request.post)?;
        let sizes = self.picture_sizes.get(&post.path).unwrap_or(&NO_SIZES);
        if cache::Key::new(post, request.rates, &request.options, sizes) != request.key {
            self.layouts_asked.retain(|k| *k != request.key);
            return None;
        }
        Some(WholeLayout {
            post: post.clone(),
            rates: request.rates,
            options: request.options,
            key: request.key,
        })
    }

    /// A long post was laid out whole: it is kept, and shown in place of the open post's first
    /// part (or the older layout kept meanwhile) when it is the layout the reader wants now,
    /// at the same place; a pending `G` or resume lands now.
    pub fn laid_out(&mut self, done: LaidOut, posts: &[Post], with: Showing) {
        self.layouts_asked.retain(|k| *k != done.key);
        self.cache.insert(done.key, done.document);
        // The layout the reader wants now: the one that arrived, or (the reader moved on to
        // other options meanwhile) a first part again, its whole asked for if it was not.
        let Some((index, options, document)) = self.layout_open(posts, &with) else {
            return;
        };
        let post = &posts[index];
        let Some(reader) = &self.reader else {
            return;
        };
        if document.partial.is_some() || reader.shows(&document) {
            return;
        }
        if document.highlight_pending {
            // The highlighting may have been done while the worker laid the post out plain.
            let asked = (post.path.clone(), cache::fingerprint(post));
            if self.highlights_asked_again.insert(asked.clone()) {
                self.highlights_asked.remove(&asked);
                ask_highlighting(
                    &mut self.highlight_request,
                    &mut self.highlights_asked,
                    &document,
                    (index, post),
                    with.rates,
                    &options,
                );
            }
        }
        let width = with.options.width as u16;
        if let Some(reader) = &mut self.reader {
            reader.relayout(document, width, with.height, with.query);
            reader.set_folded(options.fold_repeats);
        }
    }
}

/// Asks for a post's highlighting when its layout left code plain, once per version of it.
fn ask_highlighting(
    request: &mut Option<PendingHighlight>,
    asked: &mut HashSet<(PathBuf, u64)>,
    document: &Document,
    (index, post): (usize, &Post),
    rates: ReadingRates,
    options: &Options,
) {
    if !document.highlight_pending {
        return;
    }
    let ask = PendingHighlight {
        post: index,
        key: (post.path.clone(), cache::fingerprint(post)),
        rates,
        options: *options,
    };
    if asked.insert(ask.key.clone()) {
        // A request not yet taken gives way to the post shown now; it is asked for again
        // when it is shown again.
        if let Some(superseded) = request.replace(ask) {
            asked.remove(&superseded.key);
        }
    }
}

static NO_SIZES: PictureSizes = PictureSizes::new();

/// Whether a part of a post's layout holds `place`.
fn holds(document: &Document, place: Place) -> bool {
    document.partial.is_none_or(|part| match place {
        Place::End => part.reaches_end(),
        Place::At(offset) => part.holds(offset),
    })
}

/// The options post `post` is laid out with: the configured ones, folding turned the other
/// way when `z` toggled it, and the `<details>` Enter opened.
fn options_for(
    toggled: &HashSet<usize>,
    details_open: &HashMap<usize, u64>,
    post: usize,
    options: Options,
) -> Options {
    Options {
        fold_repeats: options.fold_repeats != toggled.contains(&post),
        details_open: details_open.get(&post).copied().unwrap_or(0),
        ..options
    }
}
