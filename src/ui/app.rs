//! The reader's state, assembled from parts with one job each: the list's sort, filters and
//! selection (`library_view`), the search prompt and its index (`search_prompt`), the open
//! post and its cached layouts (`reader_slot`), the overlays ([`Overlay`]), what is
//! remembered between runs (`persistence`) and the user's `settings`. App holds the rules
//! that tie them together (the reader previews what the list selects; a search narrows the
//! list and moves the reader to a match), so that `update` reads as a table of what each
//! action does. `ui::view` turns it into what render draws. Moving between posts from the
//! reader and the list as it was left are in [`moves`], a child that sees the same parts.
//!
//! About 600 lines, all of them those cross-part rules: each part's own state and rules
//! already live in its module, and what is left here is the glue that must see them all.

mod reload;

use ratatui::layout::Rect;

use crate::model::{LabelCount, Library, Post, ReadingRates, SortKey};
use crate::state::{PostState, StateStore};
use crate::style::{ChromeGlyphs, Theme};

use super::geometry::{self, Focus, LIST_ITEM_HEIGHT, Panes};
use super::keymap::{InputMode, Keymap};
use super::library_view::{LibraryView, Narrowing};
use super::overlay::help_lines;
pub use super::overlay::{Overlay, TagPicker};
use super::persistence::Persistence;
use super::reader::Reader;
use super::reader_slot::{ReaderSlot, Showing};
pub use super::search_index::SearchProgress;
use super::search_prompt::SearchPrompt;
pub use super::search_worker::Found as SearchFound;
use super::settings::Settings;
pub use reload::{EditRequest, ReloadCause};

mod bodies;
mod code;
mod details;
mod moves;
mod pictures;
mod site_posts;

pub struct App {
    library: Library,
    /// The settings the user gave (rates, keys, theme, two-pane width, ambiguous width).
    settings: Settings,
    list: LibraryView,
    search: SearchPrompt,
    focus: Focus,
    reader: ReaderSlot,
    overlay: Option<Overlay>,
    area: Rect,
    message: Option<String>,
    quit: bool,
    /// Read, starred and where reading stopped, per post; saved by the event loop.
    persistence: Persistence,
    /// The unread post a page-down at the end of a post offered to open; it opens on the
    /// next page-down, and any other key withdraws the offer.
    next_unread_offer: Option<usize>,
    /// The post that was open when the folder was last left: it opens once the first
    /// resize gives the reader a size.
    reopen_on_start: Option<usize>,
    /// Where the posts come from, and the reloads asked for.
    reloading: reload::Reloading,
    /// Posts shown rendered by their site.
    site_posts: site_posts::SitePosts,
    held_bodies: bodies::HeldBodies,
    /// The open post's pictures (none unless [`App::with_pictures`]).
    pictures: super::pictures::Pictures,
    /// The config's `images` and `image_max_rows`, for the event loop's start-up.
    image_mode: (super::pictures::ImageMode, u16),
}

impl App {
    pub fn new(library: Library) -> Self {
        let persistence = Persistence::in_memory(&library.posts);
        let list = LibraryView::new(&library);
        let mut app = Self {
            library,
            settings: Settings::default(),
            list,
            search: SearchPrompt::default(),
            focus: Focus::List,
            reader: ReaderSlot::default(),
            overlay: None,
            area: Rect::default(),
            message: None,
            quit: false,
            persistence,
            next_unread_offer: None,
            reopen_on_start: None,
            reloading: reload::Reloading::default(),
            site_posts: site_posts::SitePosts::default(),
            held_bodies: bodies::HeldBodies::default(),
            pictures: super::pictures::Pictures::default(),
            image_mode: (super::pictures::ImageMode::Off, 0),
        };
        app.resort();
        app
    }

    /// Keeps read, starred and position state in `store` (by default it lives in memory
    /// for this run only, as with `--no-state`).
    pub fn with_state(mut self, store: StateStore) -> Self {
        self.persistence.set_store(store);
        self.refilter();
        self
    }

    pub fn with_keymap(mut self, keymap: Keymap) -> Self {
        self.settings.keymap = keymap;
        self
    }

    pub fn with_theme(mut self, theme: Theme) -> Self {
        self.settings.theme = theme;
        self
    }

    pub fn with_rates(mut self, rates: ReadingRates) -> Self {
        // Sorting 100,000 posts again for nothing would take a while.
        if rates == self.settings.rates {
            return self;
        }
        self.settings.rates = rates;
        self.reader.forget_layouts();
        self.resort();
        self
    }

    /// The order the list starts in.
    pub fn with_sort(mut self, sort: SortKey) -> Self {
        if sort != self.sort() {
            self.list.set_sort(sort);
            self.resort();
        }
        // Start on the first post of this order, not on whichever was first by date.
        self.select(0);
        self
    }

    /// Terminals at least this wide show the list and the reader side by side.
    pub fn with_two_pane_min_width(mut self, columns: u16) -> Self {
        self.settings.two_pane_min_width = columns;
        self
    }

    /// Whether repeated passages are folded unless `z` says otherwise for a post.
    pub fn fold_repeats(&self) -> bool {
        self.settings.fold_repeats
    }

    /// Fold passages that repeat earlier ones (the config's `fold_repeats`).
    /// The size limit of a post, in bytes, for posts read again while kiji runs.
    pub fn with_max_post_bytes(mut self, limit: u64) -> Self {
        self.settings.max_post_bytes = limit;
        self
    }

    pub fn max_post_bytes(&self) -> u64 {
        self.settings.max_post_bytes
    }

    /// How `<ruby>` readings are written (the config's `ruby`).
    pub fn with_ruby(mut self, ruby: crate::layout::RubyStyle) -> Self {
        self.settings.ruby = ruby;
        self
    }

    /// Wrap long code lines (the config's `wrap_code`); `w` toggles it.
    pub fn with_wrap_code(mut self, wrap: bool) -> Self {
        self.settings.wrap_code = wrap;
        self.reader.forget_layouts();
        self
    }

    pub fn with_fold_repeats(mut self, fold: bool) -> Self {
        self.settings.fold_repeats = fold;
        self.reader.forget_layouts();
        self
    }

    /// Lay out East Asian ambiguous-width characters as two cells.
    pub fn with_ambiguous_wide(mut self, wide: bool) -> Self {
        self.settings.ambiguous_wide = wide;
        self.reader.forget_layouts();
        self
    }

    /// A note for the status line until the next key (such as how to open your own posts).
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    // ---- what the view and the event loop read ----

    pub fn posts(&self) -> &[Post] {
        &self.library.posts
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub fn rates(&self) -> ReadingRates {
        self.settings.rates
    }

    pub fn theme(&self) -> &Theme {
        &self.settings.theme
    }

    /// The characters drawn around the text: ASCII where ambiguous-width characters are wide.
    pub fn glyphs(&self) -> &'static ChromeGlyphs {
        self.settings.glyphs()
    }

    pub fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }

    pub fn labels(&self) -> &[LabelCount] {
        self.list.labels()
    }

    /// The posts the list shows, in order, as indices into [`posts`](Self::posts).
    pub fn view(&self) -> &[usize] {
        self.list.shown()
    }

    /// Position of the selection in [`view`](Self::view).
    pub fn selected(&self) -> usize {
        self.list.selected()
    }

    pub fn selected_post(&self) -> Option<usize> {
        self.list.selected_post()
    }

    /// The first post shown in the list pane, as a position in the view.
    pub fn list_top(&self) -> usize {
        self.list.top()
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn reader(&self) -> Option<&Reader> {
        self.reader.get()
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn panes(&self) -> Panes {
        geometry::panes(self.area, self.focus, self.two_pane())
    }

    /// List and reader side by side (see [`geometry::is_two_pane`]).
    pub fn two_pane(&self) -> bool {
        geometry::is_two_pane(
            self.area.width,
            self.settings.two_pane_min_width,
            self.library.posts.len(),
        )
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn sort(&self) -> SortKey {
        self.list.sort()
    }

    pub fn tag_filter(&self) -> &[String] {
        self.list.tags()
    }

    pub fn is_tag_selected(&self, label: &str) -> bool {
        self.list.is_tag_selected(label)
    }

    /// The search as typed (kept after Enter, shown while the prompt is open).
    pub fn search_text(&self) -> &str {
        self.search.typed()
    }

    pub fn is_searching(&self) -> bool {
        self.search.is_open()
    }

    /// The help overlay's lines: keys and what they do, from the keymap in use.
    pub fn help_lines(&self) -> Vec<(String, &'static str)> {
        help_lines(&self.settings.keymap)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn state(&self) -> &StateStore {
        self.persistence.store()
    }

    /// What is remembered about post `index` (an index into [`posts`](Self::posts)).
    pub fn post_state(&self, index: usize) -> &PostState {
        self.persistence.of(index, &self.library.posts)
    }

    /// True while the list shows only unread posts.
    pub fn unread_only(&self) -> bool {
        self.list.unread_only()
    }

    /// True while the list shows only starred posts.
    pub fn starred_only(&self) -> bool {
        self.list.starred_only()
    }

    /// True once since the reader last left a post: the event loop then saves the state.
    pub fn take_save_request(&mut self) -> bool {
        self.persistence.take_save_request()
    }

    /// Remembers where the reader is in the post it has open, as when leaving it; the
    /// event loop calls it before the last save, whichever way kiji ends.
    pub fn remember_place(&mut self) {
        self.persistence
            .remember_place(self.reader.get(), &self.library.posts);
    }

    /// Saves the state, with how the list is now; a problem comes back as a one-line
    /// message.
    pub fn save_state(&mut self) -> Option<String> {
        self.remember_list();
        self.persistence.save()
    }

    pub fn input_mode(&self) -> InputMode {
        match (&self.overlay, self.search.is_open()) {
            (Some(Overlay::TagPicker(_)), _) => InputMode::Picker,
            (Some(Overlay::LinkPicker(_)), _) => InputMode::Search,
            (_, true) => InputMode::Search,
            _ => InputMode::Normal,
        }
    }

    /// How many distinct files the load reported problems for.
    pub fn problem_files(&self) -> usize {
        self.library.problem_files()
    }

    // ---- rules update applies ----

    pub(super) fn request_quit(&mut self) {
        self.remember_place();
        self.quit = true;
    }

    pub(super) fn clear_message(&mut self) {
        self.message = None;
    }

    pub(super) fn say(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    pub(super) fn set_overlay(&mut self, overlay: Option<Overlay>) {
        self.overlay = overlay;
    }

    pub(super) fn overlay_mut(&mut self) -> Option<&mut Overlay> {
        self.overlay.as_mut()
    }

    pub(super) fn reader_mut(&mut self) -> Option<&mut Reader> {
        self.reader.get_mut()
    }

    /// The reader pane's own state, for the link rules in `follow`.
    pub(super) fn reader_slot(&self) -> &ReaderSlot {
        &self.reader
    }

    pub(super) fn reader_slot_mut(&mut self) -> &mut ReaderSlot {
        &mut self.reader
    }

    pub(super) fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus == Focus::Reader {
            self.mark_opened();
        }
    }

    /// The reader has the keyboard on its post: the post is read, and its place will be
    /// remembered when the reader leaves it.
    fn mark_opened(&mut self) {
        if let Some(post) = self.reader.get().map(Reader::post) {
            self.persistence
                .open(post, self.reader.get(), &self.library.posts);
        }
    }

    /// The post `u` and `m` act on: the one being read, else the selected one.
    fn target_post(&self) -> Option<usize> {
        match (self.reader.get(), self.focus) {
            (Some(reader), Focus::Reader) => Some(reader.post()),
            _ => self.selected_post(),
        }
    }

    /// `u`: read ↔ unread. Returns whether the post is now read.
    pub(super) fn toggle_read(&mut self) -> Option<bool> {
        let post = self.target_post()?;
        let read = self.persistence.toggle_read(post, &self.library.posts);
        self.refilter_in_place();
        Some(read)
    }

    /// `m`: star ↔ no star. Returns whether the post is now starred.
    pub(super) fn toggle_star(&mut self) -> Option<bool> {
        let post = self.target_post()?;
        let starred = self.persistence.toggle_starred(post, &self.library.posts);
        self.refilter_in_place();
        Some(starred)
    }

    /// `L`: the next language filter (none, then each language of the library); what it
    /// is now.
    pub(super) fn cycle_language(&mut self) -> Option<String> {
        let lang = self.list.cycle_lang().map(str::to_string);
        self.refilter();
        lang
    }

    /// The language filter in force.
    pub fn language_filter(&self) -> Option<&str> {
        self.list.lang()
    }

    /// The library's languages, when it has posts in several.
    pub fn languages(&self) -> &[String] {
        self.list.languages()
    }

    /// Lists only posts in `lang` (`--lang`), from the start.
    pub fn with_language(mut self, lang: Option<String>) -> Self {
        if lang.as_deref() != self.list.lang() {
            self.list.set_lang(lang);
            self.refilter();
        }
        self.select(0);
        self
    }

    pub(super) fn toggle_unread_only(&mut self) -> bool {
        let on = self.list.toggle_unread_only();
        self.refilter_in_place();
        on
    }

    pub(super) fn toggle_starred_only(&mut self) -> bool {
        let on = self.list.toggle_starred_only();
        self.refilter_in_place();
        on
    }

    /// Rows of post text on screen.
    /// The reader pane's text width and height at the current size.
    pub(super) fn text_size(&self) -> (u16, usize) {
        (
            geometry::text_width(self.area, self.two_pane()),
            self.text_height(),
        )
    }

    pub fn text_height(&self) -> usize {
        geometry::panes(self.area, Focus::Reader, self.two_pane())
            .text
            .map_or(1, |t| usize::from(t.height).max(1))
    }

    /// Posts the list pane has room for.
    pub fn list_page(&self) -> usize {
        geometry::panes(self.area, Focus::List, self.two_pane())
            .list
            .map_or(1, |l| usize::from(l.height / LIST_ITEM_HEIGHT).max(1))
    }

    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        let with = showing(&self.settings, &self.search, self.text_size());
        self.reader.fit(&self.library.posts, with);
        self.list.keep_selection_visible(self.list_page());
        self.follow_selection();
        if let Some(post) = self.reopen_on_start.take() {
            self.open_post(post);
        }
    }

    /// Shows the open long post around the place its reader wants (the end after `G`, the
    /// top after `g`), laid out alone while its whole layout is on its way, when the part
    /// shown does not hold it.
    pub(super) fn show_place_wanted(&mut self) {
        let with = showing(&self.settings, &self.search, self.text_size());
        self.reader.relayout(&self.library.posts, with);
    }

    /// Moves the selection to `position` in the view (clamped) and scrolls the list to it.
    pub(super) fn select(&mut self, position: usize) {
        self.list.select(position, self.list_page());
        self.follow_selection();
    }

    pub(super) fn move_selection(&mut self, by: isize) {
        self.select(self.selected().saturating_add_signed(by));
    }

    /// Scrolls the list by `items` without losing the selection off screen.
    pub(super) fn scroll_list(&mut self, items: isize) {
        if self.list.scroll(items, self.list_page()) {
            self.follow_selection();
        }
    }

    /// Side by side, the reader previews whatever the list selects while the list has focus.
    fn follow_selection(&mut self) {
        if self.focus != Focus::List || !self.two_pane() {
            return;
        }
        match self.selected_post() {
            Some(post) => self.show_post(post),
            None => self.reader.close(),
        }
    }

    /// Puts `post` in the reader (kept as it is when it is already there), where the reader
    /// last left it.
    pub(super) fn show_post(&mut self, post: usize) {
        if self.reader.shows(post) {
            return;
        }
        self.remember_place();
        let Some(post) = self.hold_body(post) else {
            self.reader.close();
            return;
        };
        let post = self.show_as_site_does(post);
        let with = showing(&self.settings, &self.search, self.text_size());
        let post_data = &self.library.posts[post];
        let resume = self.persistence.resume_offset(post, &self.library.posts);
        self.reader.open(post, post_data, resume, with);
    }

    /// `z`: folds or unfolds the open post's repeated passages; whether they are folded
    /// now, or `None` when no post is open.
    pub(super) fn toggle_folds(&mut self) -> Option<bool> {
        let with = showing(&self.settings, &self.search, self.text_size());
        self.reader.toggle_folds(&self.library.posts, with)
    }

    /// Opens the selected post in the reader and gives it the keyboard.
    pub(super) fn open_selected(&mut self) {
        if let Some(post) = self.selected_post() {
            self.show_post(post);
            self.set_focus(Focus::Reader);
        }
    }

    /// Gives the list the keyboard, selecting the post that was being read when it is listed.
    pub(super) fn back_to_list(&mut self) {
        self.remember_place();
        self.focus = Focus::List;
        if let Some(post) = self.reader.get().map(Reader::post) {
            self.list.select_post(post);
        }
        if self.unread_only() || self.starred_only() {
            // The post just read may no longer belong in the list.
            self.refilter_in_place();
        }
        self.list.keep_selection_visible(self.list_page());
        self.follow_selection();
    }

    pub(super) fn cycle_sort(&mut self) {
        self.list.set_sort(self.sort().next());
        self.resort();
    }

    fn resort(&mut self) {
        self.list.resort(&self.library.posts, self.settings.rates);
        self.refilter();
    }

    /// Toggles `label` in the tag filter.
    pub(super) fn toggle_tag(&mut self, label: &str) {
        self.list.toggle_tag(label);
        self.refilter();
    }

    /// Puts back a tag filter (the picker's Esc).
    pub(super) fn set_tags(&mut self, tags: Vec<String>) {
        if self.list.tags() != tags {
            self.list.set_tags(tags);
            self.refilter();
        }
    }

    /// For each of [`labels`](Self::labels), how many posts the list would show with that
    /// tag added to the filter.
    pub fn counts_if_added(&self) -> &[usize] {
        self.list.counts_if_added()
    }

    pub(super) fn clear_tags(&mut self) {
        if self.list.clear_tags() {
            self.refilter();
        }
    }

    pub(super) fn start_search(&mut self) {
        let scroll = self.reader.get().map_or(0, Reader::scroll);
        self.search.open(scroll);
    }

    pub(super) fn edit_search(&mut self, edit: impl FnOnce(&mut String)) {
        use super::search_prompt::{Edited, MAX_QUERY_BYTES};
        let changed = match self.search.edit(edit) {
            Edited::Kept { changed } => changed,
            Edited::Cut { changed } => {
                self.say(format!("a search keeps its first {MAX_QUERY_BYTES} bytes"));
                changed
            }
        };
        // A key that changed nothing (more of a paste past the cap) costs no search.
        if changed {
            self.apply_search();
        }
    }

    /// Enter: keep the search as the filter and close the prompt.
    pub(super) fn accept_search(&mut self) {
        self.search.accept();
    }

    /// Esc: back to the search there was before the prompt opened.
    pub(super) fn cancel_search(&mut self) {
        if self.search.cancel() {
            self.apply_search();
        }
    }

    pub(super) fn clear_search(&mut self) {
        self.search.clear();
        self.apply_search();
    }

    fn apply_search(&mut self) {
        if !self.search.update_query() {
            return;
        }
        self.search_again();
        self.refilter();
        let height = self.text_height();
        let from = self.search.scroll_before();
        let reading = self.focus == Focus::Reader;
        let with = showing(&self.settings, &self.search, (self.text_size().0, height));
        if self.reader.reveal_matches(&self.library.posts, with) {
            self.say("unfolded the repeated passages to show every match");
        }
        let query = self.search.query();
        if let Some(reader) = self.reader.get_mut() {
            reader.set_query(query);
            if !query.is_empty() {
                reader.first_hit_after(if reading { from } else { 0 }, height);
            }
        }
    }

    /// Starts looking for the query in every post, in the list's order, the selected post
    /// first (see [`SearchIndex::start`](super::search_index::SearchIndex::start)).
    fn search_again(&mut self) {
        let query = self.search.query().clone();
        let limit = self.settings.max_post_bytes;
        let selected = self.selected_post();
        self.search.index_mut().start(
            &self.library.posts,
            self.list.sorted(),
            selected,
            &query,
            limit,
        );
    }

    /// Searches from now on run on a worker thread unless they are cheap (see
    /// [`IN_PLACE_MAX_BYTES`](super::search_corpus::IN_PLACE_MAX_BYTES)); its batches of
    /// matches go to `deliver`, which hands them back to [`App::apply_found`] (the event
    /// loop sends them to itself). Without it every search runs to its end at once.
    pub fn search_in_background(mut self, deliver: impl Fn(SearchFound) + Send + 'static) -> Self {
        self.search
            .index_mut()
            .set_worker(super::search_worker::SearchWorker::start(deliver));
        self
    }

    /// Lists the matches a background search found, keeping the selection where it is;
    /// a batch from a search overtaken by a newer query or a change to the library is
    /// dropped.
    pub fn apply_found(&mut self, found: SearchFound) {
        if self.search.index_mut().apply(found) {
            self.refilter();
        }
    }

    /// How the search stands: how many posts it found so far and whether it is still
    /// looking; `None` without a search.
    pub fn search_progress(&self) -> Option<SearchProgress> {
        self.search.index().progress()
    }

    /// Recomputes the view from the filters, keeping the selected post selected when it
    /// is still listed, else selecting the first.
    fn refilter(&mut self) {
        self.refilter_from(0);
    }

    /// Recomputes the view after read or starred changed: when the selected post left the
    /// list, the one that took its place is selected, so marking posts one after another
    /// walks down the list.
    fn refilter_in_place(&mut self) {
        self.refilter_from(self.selected());
    }

    fn refilter_from(&mut self, fallback: usize) {
        let narrowing = Narrowing {
            matching: self.search.index().matching(),
            persistence: &self.persistence,
            // The post being read stays listed while it is open, though reading it made it
            // read.
            pinned: self
                .persistence
                .opened()
                .filter(|_| self.focus == Focus::Reader),
        };
        let page = self.list_page();
        self.list
            .refilter(fallback, narrowing, &self.library.posts, page);
        self.follow_selection();
    }

    /// Refreshes the picker's entries after its filter changed.
    pub(super) fn narrow_picker(&mut self) {
        if let Some(Overlay::TagPicker(picker)) = &mut self.overlay {
            picker.narrow(self.list.labels());
        }
    }
}

/// What the reader needs to lay the open post out and keep its place at a text size. A free
/// function over the two fields it reads, so the reader (another field) can be borrowed
/// mutably beside it.
pub(super) fn showing<'a>(
    settings: &Settings,
    search: &'a SearchPrompt,
    (width, height): (u16, usize),
) -> Showing<'a> {
    Showing {
        rates: settings.rates,
        options: settings.layout_options(width),
        height,
        query: search.query(),
    }
}
