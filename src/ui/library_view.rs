//! The list as state: the sort order, the filters (tags, unread only, starred only), the
//! posts they leave listed, the selection and how far the list is scrolled. Pure index
//! arithmetic over the library; what the reader previews when the selection moves is
//! [`App`](super::App)'s business.

use std::collections::HashMap;

use crate::model::{
    LabelCount, LabelIndex, Library, Post, ReadingRates, Remap, SortKey, label_key, sorted_order,
};

use super::persistence::Persistence;
use super::search_index::PostSet;

pub struct LibraryView {
    /// The labels and every post's labels as indices into them.
    labels: LabelIndex,
    /// For each label, the posts the list would show with it added to the tag filter.
    counts_if_added: Vec<usize>,
    sort: SortKey,
    /// Every post in the current sort order; filters keep this order.
    sorted: Vec<usize>,
    /// Selected tags, spelled as the picker shows them.
    tags: Vec<String>,
    unread_only: bool,
    starred_only: bool,
    /// The library's languages, most posts first, when its posts are in more than one.
    languages: Vec<String>,
    /// Only posts in this language (or one of its regional forms).
    lang: Option<String>,
    /// The posts listed, in order, as indices into the library's posts.
    shown: Vec<usize>,
    /// Position of the selection in `shown`.
    selected: usize,
    /// The first post on screen, as a position in `shown`.
    top: usize,
}

/// What narrows the list besides its own filters.
pub struct Narrowing<'a> {
    /// The posts the search matches, or `None` without a search.
    pub matching: Option<&'a PostSet>,
    pub persistence: &'a Persistence,
    /// A post that stays listed whatever its state: the one being read.
    pub pinned: Option<usize>,
}

impl LibraryView {
    /// Every post listed, in `SortKey::default()` order once [`Self::resort`] ran.
    pub fn new(library: &Library) -> Self {
        let labels = library.label_index();
        Self {
            counts_if_added: labels.counts.iter().map(|l| l.count).collect(),
            labels,
            sort: SortKey::default(),
            sorted: Vec::new(),
            tags: Vec::new(),
            unread_only: false,
            starred_only: false,
            languages: languages(library),
            lang: None,
            shown: Vec::new(),
            selected: 0,
            top: 0,
        }
    }

    /// Follows the library after posts were added, changed or removed: labels counted again,
    /// the order made again, and the listed posts renamed to their new indices (a removed
    /// one left out) so that [`Self::refilter`] keeps the selection on the same post.
    pub fn replace_library(&mut self, library: &Library, remap: &Remap, rates: ReadingRates) {
        let fresh = Self::new(library);
        self.labels = fresh.labels;
        self.counts_if_added = fresh.counts_if_added;
        self.languages = fresh.languages;
        let selected = self.selected_post().and_then(|post| remap.get(post));
        self.shown = self
            .shown
            .iter()
            .filter_map(|&post| remap.get(post))
            .collect();
        self.selected = selected
            .and_then(|post| self.position_of(post))
            .unwrap_or_else(|| self.selected.min(self.shown.len().saturating_sub(1)));
        self.resort(&library.posts, rates);
    }

    pub fn labels(&self) -> &[LabelCount] {
        &self.labels.counts
    }

    pub fn sort(&self) -> SortKey {
        self.sort
    }

    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    pub fn unread_only(&self) -> bool {
        self.unread_only
    }

    pub fn starred_only(&self) -> bool {
        self.starred_only
    }

    /// The library's languages, when its posts are in several (else empty).
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// The language filter.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    pub fn set_lang(&mut self, lang: Option<String>) {
        self.lang = lang;
    }

    /// The next language filter: none, then each of the library's languages in turn.
    pub fn cycle_lang(&mut self) -> Option<&str> {
        let next = match &self.lang {
            None => self.languages.first(),
            Some(now) => self
                .languages
                .iter()
                .position(|l| l == now)
                .and_then(|i| self.languages.get(i + 1)),
        };
        self.lang = next.cloned();
        self.lang.as_deref()
    }

    /// Every post in the current sort order, listed or not.
    pub fn sorted(&self) -> &[usize] {
        &self.sorted
    }

    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn top(&self) -> usize {
        self.top
    }

    pub fn selected_post(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    pub fn is_tag_selected(&self, label: &str) -> bool {
        let key = label_key(label);
        self.tags.iter().any(|t| label_key(t) == key)
    }

    /// See [`App::counts_if_added`](super::App::counts_if_added).
    pub fn counts_if_added(&self) -> &[usize] {
        &self.counts_if_added
    }

    /// Puts back the unread-only and starred-only filters as they were left.
    pub fn set_state_filters(&mut self, unread_only: bool, starred_only: bool) {
        self.unread_only = unread_only;
        self.starred_only = starred_only;
    }

    pub fn set_tags(&mut self, tags: Vec<String>) {
        self.tags = tags;
    }

    pub fn set_sort(&mut self, sort: SortKey) {
        self.sort = sort;
    }

    /// Puts every post in the current sort order; [`Self::refilter`] then lists them.
    pub fn resort(&mut self, posts: &[Post], rates: ReadingRates) {
        self.sorted = sorted_order(posts, self.sort, rates);
    }

    /// Adds `label` to the tag filter, or takes it out.
    pub fn toggle_tag(&mut self, label: &str) {
        let key = label_key(label);
        if let Some(i) = self.tags.iter().position(|t| label_key(t) == key) {
            self.tags.remove(i);
        } else {
            self.tags.push(label.to_owned());
        }
    }

    /// Empties the tag filter; false when it was empty already.
    pub fn clear_tags(&mut self) -> bool {
        let had = !self.tags.is_empty();
        self.tags.clear();
        had
    }

    pub fn toggle_unread_only(&mut self) -> bool {
        self.unread_only = !self.unread_only;
        self.unread_only
    }

    pub fn toggle_starred_only(&mut self) -> bool {
        self.starred_only = !self.starred_only;
        self.starred_only
    }

    /// Lists the posts the filters and `narrowing` let through, keeping the selected post
    /// selected when it is still listed, else selecting position `fallback` (clamped).
    pub fn refilter(&mut self, fallback: usize, narrowing: Narrowing, posts: &[Post], page: usize) {
        let keep = self.selected_post();
        // The labels the tag filter asks for, by index; `None` when one is on no post.
        let wanted: Option<Vec<usize>> = self
            .tags
            .iter()
            .map(|tag| {
                let key = label_key(tag);
                self.labels
                    .counts
                    .iter()
                    .position(|l| label_key(&l.label) == key)
            })
            .collect();
        let (unread_only, starred_only) = (self.unread_only, self.starred_only);
        if unread_only || starred_only {
            narrowing.persistence.prepare_all(posts);
        }
        let by_state = |i: usize| {
            if !(unread_only || starred_only) || narrowing.pinned == Some(i) {
                return true;
            }
            let post = narrowing.persistence.of(i, posts);
            (!unread_only || !post.read) && (!starred_only || post.starred)
        };
        let matching = narrowing.matching;
        self.shown = self
            .sorted
            .iter()
            .copied()
            .filter(|&i| {
                wanted.as_ref().is_some_and(|wanted| {
                    wanted
                        .iter()
                        .all(|w| self.labels.of_post(i).binary_search(w).is_ok())
                })
            })
            .filter(|&i| matching.is_none_or(|m| m.contains(i)))
            .filter(|&i| by_state(i))
            .filter(|&i| {
                self.lang
                    .as_deref()
                    .is_none_or(|lang| posts[i].is_in_language(lang))
            })
            .collect();
        // A post listed now is listed with one more tag exactly when it carries that tag
        // (a selected tag counts what is listed).
        self.counts_if_added.fill(0);
        for &post in &self.shown {
            for &label in self.labels.of_post(post) {
                self.counts_if_added[label] += 1;
            }
        }
        self.selected = keep
            .and_then(|post| self.position_of(post))
            .unwrap_or_else(|| fallback.min(self.shown.len().saturating_sub(1)));
        self.keep_selection_visible(page);
    }

    /// Where `post` is listed, if it is.
    pub fn position_of(&self, post: usize) -> Option<usize> {
        self.shown.iter().position(|&p| p == post)
    }

    /// Moves the selection to `position` (clamped) and scrolls the list to it.
    pub fn select(&mut self, position: usize, page: usize) {
        self.selected = position.min(self.shown.len().saturating_sub(1));
        self.keep_selection_visible(page);
    }

    /// The post `by` places from `from` in the list (from the selection when `from` is not
    /// listed), or `None` past either end.
    pub fn neighbour(&self, from: Option<usize>, by: isize) -> Option<usize> {
        let here = from
            .and_then(|post| self.position_of(post))
            .unwrap_or(self.selected);
        let there = here.checked_add_signed(by)?;
        self.shown.get(there).copied()
    }

    /// The first listed post after `from` (after the selection when `from` is not listed),
    /// going round to the top, for which `wanted` holds; never `from` itself.
    pub fn next_after(&self, from: Option<usize>, wanted: impl Fn(usize) -> bool) -> Option<usize> {
        let here = from
            .and_then(|post| self.position_of(post))
            .unwrap_or(self.selected);
        let (before, after) = self.shown.split_at((here + 1).min(self.shown.len()));
        after
            .iter()
            .chain(before)
            .copied()
            .find(|&post| Some(post) != from && wanted(post))
    }

    /// Selects `post` when it is listed, without scrolling.
    pub fn select_post(&mut self, post: usize) {
        if let Some(position) = self.position_of(post) {
            self.selected = position;
        }
    }

    /// Scrolls by `items` without losing the selection off screen; true when the selection
    /// had to move.
    pub fn scroll(&mut self, items: isize, page: usize) -> bool {
        let max_top = self.shown.len().saturating_sub(page);
        self.top = self.top.saturating_add_signed(items).min(max_top);
        let visible = self.top..self.top + page;
        if visible.contains(&self.selected) {
            return false;
        }
        let position = self.selected.clamp(visible.start, visible.end - 1);
        self.select(position, page);
        true
    }

    /// Scrolls the list, when it must, so that the selection is among the `page` posts shown.
    pub fn keep_selection_visible(&mut self, page: usize) {
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + page {
            self.top = self.selected + 1 - page;
        }
        self.top = self.top.min(self.shown.len().saturating_sub(page));
    }
}

/// The languages of `library`'s posts, most posts first (then by tag), or none when they are
/// all in one: a filter by language then means nothing.
fn languages(library: &Library) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for lang in library.posts.iter().filter_map(|p| p.lang.as_deref()) {
        *counts.entry(lang).or_default() += 1;
    }
    if counts.len() < 2 {
        return Vec::new();
    }
    let mut languages: Vec<(&str, usize)> = counts.into_iter().collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    languages.into_iter().map(|(l, _)| l.to_string()).collect()
}
