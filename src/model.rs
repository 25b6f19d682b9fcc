//! Plain data: what a post is once loaded, the library of posts with its tag index, and the
//! reading-time arithmetic. No files, no terminal, no styles: the loader fills these values,
//! layout and the interface only read them.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

mod extras;
pub use extras::Extras;

/// CJK characters (Han, Hiragana, Katakana) a reader gets through in a minute.
pub const DEFAULT_CJK_CHARS_PER_MINUTE: u32 = 500;
/// Space-separated words (Latin, Hangul, digits…) a reader gets through in a minute.
pub const DEFAULT_WORDS_PER_MINUTE: u32 = 238;

/// Reading speeds; a config file can override the defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingRates {
    pub cjk_chars_per_minute: u32,
    pub words_per_minute: u32,
}

impl Default for ReadingRates {
    fn default() -> Self {
        Self {
            cjk_chars_per_minute: DEFAULT_CJK_CHARS_PER_MINUTE,
            words_per_minute: DEFAULT_WORDS_PER_MINUTE,
        }
    }
}

/// How much readable text a body holds (front matter, markup, URLs and comments excluded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    pub cjk_chars: usize,
    pub words: usize,
}

impl TextStats {
    /// Estimated minutes at `rates`: rounded up, never less than one.
    pub fn reading_minutes(&self, rates: ReadingRates) -> u32 {
        (self.exact_reading_minutes(rates).ceil() as u32).max(1)
    }

    /// Minutes to read the text at `rates`, unrounded: the reader takes a share of it for
    /// the time left.
    pub fn exact_reading_minutes(&self, rates: ReadingRates) -> f64 {
        self.cjk_chars as f64 / rates.cjk_chars_per_minute.max(1) as f64
            + self.words as f64 / rates.words_per_minute.max(1) as f64
    }
}

/// How much of a body's text repeats an earlier passage of the same post (see
/// [`crate::repeats`]): what a reader who skips the copies does not read again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RepeatStats {
    /// The counts of the copies alone.
    pub stats: TextStats,
    /// Characters (whitespace not counted) of the copies.
    pub chars: usize,
}

/// A post's date as its front matter (or file name) gave it: a day, or a moment with or
/// without a time zone. The zone is kept, never converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostDate {
    Day(NaiveDate),
    Local(NaiveDateTime),
    Zoned(DateTime<FixedOffset>),
}

impl PostDate {
    /// A key that orders dates chronologically; days sort as their midnight, zoned times
    /// by their UTC instant.
    pub fn sort_key(&self) -> NaiveDateTime {
        match self {
            PostDate::Day(d) => d.and_hms_opt(0, 0, 0).expect("midnight exists"),
            PostDate::Local(t) => *t,
            PostDate::Zoned(t) => t.naive_utc(),
        }
    }

    pub fn day(&self) -> NaiveDate {
        match self {
            PostDate::Day(d) => *d,
            PostDate::Local(t) => t.date(),
            PostDate::Zoned(t) => t.date_naive(),
        }
    }

    /// RFC 3339: a full-date for a day, a date-time with offset for a zoned time, and a
    /// date-time without offset when the source gave none.
    pub fn to_rfc3339(&self) -> String {
        match self {
            PostDate::Day(d) => d.format("%Y-%m-%d").to_string(),
            PostDate::Local(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            PostDate::Zoned(t) => t.to_rfc3339(),
        }
    }
}

impl fmt::Display for PostDate {
    /// The day, which is what lists and headers show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.day().format("%Y-%m-%d"))
    }
}

/// A problem found while loading; never fatal for the other files.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// `path:line: message`, the path exact and escaped (`bin\x1b.md`, `caf\xe9.md`), so the
    /// user can tell which file it is even when its name is strange.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::sanitize::path(&self.path);
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {}", self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

/// A body left in its file: where it starts there and a key of the file as it was read, so
/// that a file changed since is never taken for this post's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BodyOnDisk {
    /// Byte offset of the body in the file's decoded text.
    pub start: usize,
    /// A hash of the file's size, times, inode and device when it was read.
    pub file_key: u64,
}

/// One post, fully loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub path: PathBuf,
    pub title: String,
    pub date: Option<PostDate>,
    /// Deduplicated case-insensitively, first spelling kept.
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub author: Option<String>,
    pub excerpt: Option<String>,
    /// What the front matter declared (`reading_time: 20`, `"20 min"`, `"20分"`), in minutes.
    pub declared_reading_minutes: Option<u32>,
    pub draft: bool,
    /// The post's language as a short tag (`ja`, `zh-tw`): from its front matter, its site's
    /// folders or defaults, or its file name (`x.ja.md`).
    pub lang: Option<String>,
    /// Front matter fields kiji does not interpret, as display strings.
    pub extra: Extras,
    /// The Markdown body (front matter removed), as text. For a post with a `body_file`,
    /// empty but while the reader shows it (see [`Post::body_is_read`]).
    pub body: String,
    /// Where the body is in the post's file, for a post loaded with its body left there (a
    /// library of thousands of posts holds their metadata only); `None` when `body` is the
    /// body for good (a post read whole, the bundled samples, standard input).
    pub body_file: Option<BodyOnDisk>,
    /// 1-based line of the file on which `body` starts, for diagnostics and positions.
    pub body_line: usize,
    pub stats: TextStats,
    /// The part of `stats` in passages that repeat earlier ones.
    pub repeats: RepeatStats,
    /// Problems met while loading this post (also reported in the load's list).
    pub diagnostics: Vec<Diagnostic>,
}

impl Post {
    /// Whether `body` holds the body: false for a post whose body is still in its file.
    pub fn body_is_read(&self) -> bool {
        self.body_file.is_none() || !self.body.is_empty()
    }

    /// Whether `other` is this post as read from the same file, whether or not either holds
    /// its body: everything but the body equal, and the same file (unchanged since) for
    /// posts whose body is left there.
    pub fn is_same_post(&self, other: &Post) -> bool {
        let bodies_agree = match (self.body_file, other.body_file) {
            (Some(file), Some(other_file)) => file == other_file,
            _ => self.body == other.body && self.body_file == other.body_file,
        };
        bodies_agree && self.is_same_but_body(other)
    }

    /// Whether everything but the body and where it lies is equal.
    pub fn is_same_but_body(&self, other: &Post) -> bool {
        // Every field named, so that a new one cannot be forgotten here.
        let Post {
            path,
            title,
            date,
            tags,
            categories,
            author,
            excerpt,
            declared_reading_minutes,
            draft,
            lang,
            extra,
            body: _,
            body_file: _,
            body_line,
            stats,
            repeats,
            diagnostics,
        } = self;
        *path == other.path
            && *title == other.title
            && *date == other.date
            && *tags == other.tags
            && *categories == other.categories
            && *author == other.author
            && *excerpt == other.excerpt
            && *declared_reading_minutes == other.declared_reading_minutes
            && *draft == other.draft
            && *lang == other.lang
            && *extra == other.extra
            && *body_line == other.body_line
            && *stats == other.stats
            && *repeats == other.repeats
            && *diagnostics == other.diagnostics
    }

    pub fn reading_minutes(&self, rates: ReadingRates) -> u32 {
        self.stats.reading_minutes(rates)
    }

    /// The text once each passage is read once: the copies of earlier passages left out.
    pub fn unique_stats(&self) -> TextStats {
        TextStats {
            cjk_chars: self
                .stats
                .cjk_chars
                .saturating_sub(self.repeats.stats.cjk_chars),
            words: self.stats.words.saturating_sub(self.repeats.stats.words),
        }
    }

    /// Minutes to read the post skipping repeated passages, as the folded reader shows it.
    pub fn unique_reading_minutes(&self, rates: ReadingRates) -> u32 {
        self.unique_stats().reading_minutes(rates)
    }

    /// The share of the reading time spent in repeated passages, 0 to 1.
    pub fn repeated_ratio(&self, rates: ReadingRates) -> f64 {
        let all = self.stats.exact_reading_minutes(rates);
        if all <= 0.0 {
            return 0.0;
        }
        (self.repeats.stats.exact_reading_minutes(rates) / all).clamp(0.0, 1.0)
    }

    /// A page parameter as Hugo's `param` shortcode reads it: a front matter field by name
    /// (case-insensitive, dotted for nested tables), or one under the front matter's own
    /// `params` table.
    pub fn param(&self, name: &str) -> Option<String> {
        let name = name.trim();
        match name.to_ascii_lowercase().as_str() {
            "title" => return Some(self.title.clone()),
            "author" => return self.author.clone(),
            "tags" if !self.tags.is_empty() => return Some(self.tags.join(", ")),
            "categories" if !self.categories.is_empty() => {
                return Some(self.categories.join(", "));
            }
            _ => {}
        }
        let nested = format!("params.{name}");
        [name, nested.as_str()].iter().find_map(|key| {
            self.extra
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.clone())
        })
    }

    /// Tags and categories together, as the tag filter sees them.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.tags
            .iter()
            .chain(self.categories.iter())
            .map(String::as_str)
    }

    /// Whether the post is in `lang` or one of its regional forms (`zh` takes `zh-tw`).
    pub fn is_in_language(&self, lang: &str) -> bool {
        let Some(own) = self.lang.as_deref() else {
            return false;
        };
        let wanted = lang.trim().replace('_', "-").to_ascii_lowercase();
        own == wanted
            || own
                .strip_prefix(wanted.as_str())
                .is_some_and(|rest| rest.starts_with('-'))
    }

    /// True when the post carries `label` as a tag or category (case and surrounding space
    /// ignored).
    pub fn has_label(&self, label: &str) -> bool {
        let wanted = label_key(label);
        self.labels().any(|l| label_key(l) == wanted)
    }
}

/// Whether `posts` are in more than one language: only then is a post's language worth
/// showing beside its title.
pub fn several_languages<'a>(posts: impl IntoIterator<Item = &'a Post>) -> bool {
    let mut first: Option<&str> = None;
    for lang in posts.into_iter().filter_map(|p| p.lang.as_deref()) {
        match first {
            None => first = Some(lang),
            Some(seen) if seen != lang => return true,
            Some(_) => {}
        }
    }
    false
}

/// The identity of a tag: trimmed and case-folded, so `Rust`, `rust ` and `RUST` are one tag.
pub fn label_key(label: &str) -> String {
    label_key_borrowed(label).into_owned()
}

/// [`label_key`] without a copy when the label is lowercase ASCII already, as most are.
fn label_key_borrowed(label: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = label.trim();
    if trimmed
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(trimmed)
    } else {
        std::borrow::Cow::Owned(trimmed.to_lowercase())
    }
}

/// Every post kiji loaded, plus the problems met along the way.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub posts: Vec<Post>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One change to a library seen on disk: a post read again (new or changed), or a file
/// or folder that is no longer there. Short-lived and few (one batch of changes), so the
/// post is not boxed.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum PostUpdate {
    /// The post at `post.path`, added or replacing the one loaded from there before.
    Changed(Post),
    /// Every post at this path or under it (a removed folder) leaves the library.
    Removed(PathBuf),
}

/// Where each post of a library went after [`Library::apply`]: its new index, or `None`
/// when it left. Posts that stayed keep their relative order; new ones come after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remap {
    new_index: Vec<Option<usize>>,
}

impl Remap {
    /// The new index of the post that was at `old`.
    pub fn get(&self, old: usize) -> Option<usize> {
        self.new_index.get(old).copied().flatten()
    }

    /// True when no post moved or left (posts may have been added or changed in place).
    pub fn is_identity(&self) -> bool {
        self.new_index
            .iter()
            .enumerate()
            .all(|(i, n)| *n == Some(i))
    }
}

/// A tag or category with the number of posts that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCount {
    pub label: String,
    pub count: usize,
}

impl Library {
    /// Applies what changed on disk: a changed post replaces the one with its path in
    /// place (or is added at the end), a removal takes out the posts at or under its path.
    /// The load's diagnostics for those paths are replaced by the new ones. Returns where
    /// each old post went, so that indices held elsewhere can follow.
    pub fn apply(&mut self, updates: Vec<PostUpdate>) -> Remap {
        let mut by_path: std::collections::HashMap<PathBuf, usize> = self
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        // Indexed like `self.posts` while it grows: true for a post to take out.
        let mut removed = vec![false; self.posts.len()];
        for update in updates {
            match update {
                PostUpdate::Changed(post) => {
                    self.diagnostics.retain(|d| d.path != post.path);
                    self.diagnostics.extend(post.diagnostics.iter().cloned());
                    match by_path.get(&post.path) {
                        Some(&i) => {
                            removed[i] = false;
                            self.posts[i] = post;
                        }
                        None => {
                            by_path.insert(post.path.clone(), self.posts.len());
                            self.posts.push(post);
                            removed.push(false);
                        }
                    }
                }
                PostUpdate::Removed(path) => {
                    self.diagnostics.retain(|d| !d.path.starts_with(&path));
                    for (post, gone) in self.posts.iter().zip(removed.iter_mut()) {
                        if post.path.starts_with(&path) {
                            *gone = true;
                        }
                    }
                }
            }
        }
        let mut next = 0;
        let new_index: Vec<Option<usize>> = removed
            .iter()
            .map(|gone| {
                (!gone).then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let mut kept = removed.iter().map(|gone| !gone);
        self.posts.retain(|_| kept.next().unwrap_or(true));
        Remap { new_index }
    }

    /// The index of the post loaded from `path`.
    pub fn position(&self, path: &std::path::Path) -> Option<usize> {
        self.posts.iter().position(|p| p.path == path)
    }

    /// How many distinct files the load reported problems for.
    pub fn problem_files(&self) -> usize {
        let files: BTreeSet<_> = self.diagnostics.iter().map(|d| &d.path).collect();
        files.len()
    }

    /// Every tag and category, counted once per post, most used first, then by name.
    pub fn label_counts(&self) -> Vec<LabelCount> {
        self.label_index().counts
    }

    /// The labels and which posts carry each, in one pass over the posts (100,000 posts
    /// carry about 300,000 labels).
    pub fn label_index(&self) -> LabelIndex {
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut counts: Vec<LabelCount> = Vec::new();
        let mut starts = Vec::with_capacity(self.posts.len() + 1);
        let mut of_posts = Vec::new();
        let mut own = Vec::new();
        starts.push(0);
        for post in &self.posts {
            own.clear();
            for label in post.labels() {
                let key = label_key_borrowed(label);
                let index = match index_of.get(key.as_ref()) {
                    Some(&index) => index,
                    None => {
                        // The first spelling met is the one shown.
                        counts.push(LabelCount {
                            label: label.trim().to_string(),
                            count: 0,
                        });
                        index_of.insert(key.into_owned(), counts.len() - 1);
                        counts.len() - 1
                    }
                };
                own.push(index);
            }
            own.sort_unstable();
            own.dedup();
            for &index in &own {
                counts[index].count += 1;
            }
            of_posts.extend_from_slice(&own);
            starts.push(of_posts.len());
        }
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&counts[a], &counts[b]);
            b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label))
        });
        let mut rank = vec![0; counts.len()];
        for (place, &index) in order.iter().enumerate() {
            rank[index] = place;
        }
        for index in &mut of_posts {
            *index = rank[*index];
        }
        for post in starts.windows(2) {
            of_posts[post[0]..post[1]].sort_unstable();
        }
        LabelIndex {
            counts: order
                .into_iter()
                .map(|index| LabelCount {
                    label: std::mem::take(&mut counts[index].label),
                    count: counts[index].count,
                })
                .collect(),
            starts,
            of_posts,
        }
    }
}

/// A library's labels ([`Library::label_counts`]) and each post's labels as indices into
/// them, each once, ascending: all the posts' in one vector, not a vector per post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelIndex {
    pub counts: Vec<LabelCount>,
    /// Where each post's labels start in `of_posts`, and where the last post's end.
    starts: Vec<usize>,
    of_posts: Vec<usize>,
}

impl LabelIndex {
    /// Post `post`'s labels, as indices into `counts`.
    pub fn of_post(&self, post: usize) -> &[usize] {
        &self.of_posts[self.starts[post]..self.starts[post + 1]]
    }
}

/// The orders a post list can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Newest first; undated posts last.
    #[default]
    Date,
    Title,
    /// Shortest first.
    ReadingTime,
}

impl SortKey {
    pub fn next(self) -> Self {
        match self {
            SortKey::Date => SortKey::Title,
            SortKey::Title => SortKey::ReadingTime,
            SortKey::ReadingTime => SortKey::Date,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Title => "title",
            SortKey::ReadingTime => "reading-time",
        }
    }
}

/// Orders posts by `key`, ties broken by path so the order is stable across runs (as
/// [`sorted_order`] orders them: `--list` of 10,000 posts compared dates and paths anew at
/// each of 130,000 comparisons, an eighth of a start from the index).
pub fn sort_posts(posts: &mut [&Post], key: SortKey, rates: ReadingRates) {
    let order = order_of(posts.len(), |at| posts[at], key, rates);
    let sorted: Vec<&Post> = order.into_iter().map(|at| posts[at]).collect();
    posts.copy_from_slice(&sorted);
}

/// The order of two posts under `key`: newest first, titles A to Z, or shortest first; the
/// path breaks ties so the order is total.
pub fn compare_posts(a: &Post, b: &Post, key: SortKey, rates: ReadingRates) -> Ordering {
    let primary = Primary::of(a, key, rates).cmp(&Primary::of(b, key, rates));
    primary.then_with(|| a.path.cmp(&b.path))
}

/// The indices of `posts` in the order of [`compare_posts`], with what each post is ordered
/// by (a date's instant, a title in lowercase) worked out once per post instead of at every
/// comparison, and sorted on every core: the list's order of 100,000 posts.
pub fn sorted_order(posts: &[Post], key: SortKey, rates: ReadingRates) -> Vec<usize> {
    order_of(posts.len(), |at| &posts[at], key, rates)
}

/// [`sorted_order`] of the `len` posts `post(0)`, `post(1)`, ….
fn order_of<'a>(
    len: usize,
    post: impl Fn(usize) -> &'a Post + Sync,
    key: SortKey,
    rates: ReadingRates,
) -> Vec<usize> {
    use rayon::prelude::*;
    let primaries: Vec<Primary> = (0..len)
        .into_par_iter()
        .map(|at| Primary::of(post(at), key, rates))
        .collect();
    let mut order: Vec<usize> = (0..len).collect();
    order.par_sort_by(|&a, &b| {
        let primary = primaries[a].cmp(&primaries[b]);
        primary.then_with(|| post(a).path.cmp(&post(b).path))
    });
    order
}

/// What a post is ordered by before its path, under one sort key: two of them compare as
/// their posts do.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Primary {
    /// Whether the post is undated (dated posts first), then newest first.
    Date(bool, std::cmp::Reverse<Option<NaiveDateTime>>),
    Title(String),
    Minutes(u32),
}

impl Primary {
    fn of(post: &Post, key: SortKey, rates: ReadingRates) -> Primary {
        match key {
            SortKey::Date => {
                let at = post.date.as_ref().map(PostDate::sort_key);
                Primary::Date(at.is_none(), std::cmp::Reverse(at))
            }
            SortKey::Title => Primary::Title(post.title.to_lowercase()),
            SortKey::ReadingTime => Primary::Minutes(post.reading_minutes(rates)),
        }
    }
}

#[cfg(test)]
impl Post {
    /// A post with a title and a body and nothing else, for tests.
    pub(crate) fn for_test(path: &str, title: &str, body: &str) -> Post {
        Post {
            path: path.into(),
            title: title.into(),
            date: None,
            tags: vec![],
            categories: vec![],
            author: None,
            excerpt: None,
            declared_reading_minutes: None,
            draft: false,
            lang: None,
            extra: Extras::new(),
            body: body.into(),
            body_file: None,
            body_line: 1,
            stats: TextStats::default(),
            repeats: RepeatStats::default(),
            diagnostics: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn post(path: &str, date: Option<PostDate>, title: &str, cjk: usize) -> Post {
        Post {
            path: path.into(),
            title: title.into(),
            date,
            tags: vec!["Rust".into()],
            categories: vec!["rust ".into(), "日本語".into()],
            author: None,
            excerpt: None,
            declared_reading_minutes: None,
            draft: false,
            lang: None,
            extra: Extras::new(),
            body: String::new(),
            body_file: None,
            body_line: 1,
            stats: TextStats {
                cjk_chars: cjk,
                words: 0,
            },
            repeats: RepeatStats::default(),
            diagnostics: vec![],
        }
    }

    #[test]
    fn a_post_is_the_same_whether_or_not_it_holds_its_body_but_not_from_another_file() {
        let file = BodyOnDisk {
            start: 10,
            file_key: 7,
        };
        let on_disk = Post {
            body_file: Some(file),
            ..post("a.md", None, "A", 3)
        };
        let read = Post {
            body: "text".into(),
            ..on_disk.clone()
        };
        assert!(on_disk.is_same_post(&read) && read.is_same_post(&on_disk));
        let other_file = Post {
            body_file: Some(BodyOnDisk {
                file_key: 8,
                ..file
            }),
            ..on_disk.clone()
        };
        assert!(!on_disk.is_same_post(&other_file));
        assert!(on_disk.is_same_but_body(&other_file));
        let retitled = Post {
            title: "B".into(),
            ..on_disk.clone()
        };
        assert!(!on_disk.is_same_post(&retitled) && !on_disk.is_same_but_body(&retitled));
        // A body held for good is compared as text.
        let held = post("a.md", None, "A", 3);
        assert!(!held.is_same_post(&Post {
            body: "other".into(),
            ..held.clone()
        }));
    }

    #[test]
    fn a_language_filter_takes_the_language_and_its_regional_forms() {
        let mut p = post("a.md", None, "A", 0);
        assert!(!p.is_in_language("ja"));
        p.lang = Some("zh-tw".into());
        assert!(p.is_in_language("zh"));
        assert!(p.is_in_language("zh_TW"));
        assert!(!p.is_in_language("zh-cn"));
        p.lang = Some("zhx".into());
        assert!(!p.is_in_language("zh"));
        p.lang = Some("zh".into());
        assert!(!p.is_in_language("zh-tw"));
    }

    #[test]
    fn several_languages_means_two_different_tags() {
        let mut a = post("a.md", None, "A", 0);
        let mut b = post("b.md", None, "B", 0);
        assert!(!several_languages([&a, &b]));
        a.lang = Some("ja".into());
        assert!(!several_languages([&a, &b]));
        b.lang = Some("ja".into());
        assert!(!several_languages([&a, &b]));
        b.lang = Some("zh".into());
        assert!(several_languages([&a, &b]));
    }

    #[test]
    fn reading_time_rounds_up_and_is_at_least_one_minute() {
        let rates = ReadingRates::default();
        assert_eq!(TextStats::default().reading_minutes(rates), 1);
        let s = TextStats {
            cjk_chars: 501,
            words: 0,
        };
        assert_eq!(s.reading_minutes(rates), 2);
        let s = TextStats {
            cjk_chars: 500,
            words: 238,
        };
        assert_eq!(s.reading_minutes(rates), 2);
        let s = TextStats {
            cjk_chars: 250,
            words: 119,
        };
        assert_eq!(s.reading_minutes(rates), 1);
    }

    /// Spellings of a few labels: in case, spaces, non-ASCII and title case.
    const SPELLINGS: [&str; 12] = [
        "Rust",
        "rust",
        " rust ",
        "RUST",
        "go",
        "Go",
        "Ämne",
        "ämne",
        "日本語",
        "ǅ",
        "ǆ",
        "",
    ];

    proptest::proptest! {
        #[test]
        fn the_label_index_counts_as_has_label_finds(
            labels in proptest::collection::vec(
                proptest::collection::vec((0..SPELLINGS.len(), proptest::bool::ANY), 0..5),
                0..8,
            )
        ) {
            let posts = labels.iter().enumerate().map(|(i, labels)| {
                let mut post = post(&format!("{i}.md"), None, "t", 0);
                let spelled = |tag: bool| -> Vec<String> {
                    let chosen = labels.iter().filter(|l| l.1 == tag);
                    chosen.map(|l| SPELLINGS[l.0].to_string()).collect()
                };
                post.tags = spelled(true);
                post.categories = spelled(false);
                post
            });
            let library = Library { posts: posts.collect(), diagnostics: vec![] };
            let index = library.label_index();
            let counts = &index.counts;
            for (i, post) in library.posts.iter().enumerate() {
                let carried: Vec<usize> =
                    (0..counts.len()).filter(|&l| post.has_label(&counts[l].label)).collect();
                proptest::prop_assert_eq!(index.of_post(i), carried.as_slice());
            }
            for (l, count) in counts.iter().enumerate() {
                let carrying = library.posts.iter().filter(|p| p.has_label(&count.label));
                proptest::prop_assert_eq!(count.count, carrying.count());
                // The first spelling met, trimmed.
                let first = library.posts.iter().flat_map(Post::labels)
                    .find(|label| label_key(label) == label_key(&count.label));
                proptest::prop_assert_eq!(first.map(str::trim), Some(count.label.as_str()));
                if let Some(next) = counts.get(l + 1) {
                    proptest::prop_assert!((next.count, &count.label) < (count.count, &next.label));
                }
            }
        }
    }

    #[test]
    fn labels_differing_in_case_or_spaces_count_once_per_post() {
        let lib = Library {
            posts: vec![post("a", None, "a", 1), post("b", None, "b", 1)],
            diagnostics: vec![],
        };
        let counts = lib.label_counts();
        assert_eq!(counts.len(), 2);
        assert_eq!(counts[0].count, 2);
        assert!(lib.posts[0].has_label(" RUST"));
    }

    #[test]
    fn applying_updates_replaces_in_place_appends_new_posts_and_says_where_each_went() {
        let mut lib = Library {
            posts: vec![
                post("a.md", None, "a", 1),
                post("dir/b.md", None, "b", 1),
                post("c.md", None, "c", 1),
            ],
            diagnostics: vec![Diagnostic {
                path: "dir/b.md".into(),
                line: None,
                message: "old problem".into(),
            }],
        };
        let remap = lib.apply(vec![
            PostUpdate::Changed(post("c.md", None, "c changed", 1)),
            PostUpdate::Changed(post("d.md", None, "d", 1)),
            PostUpdate::Removed("dir".into()),
        ]);
        let titles: Vec<_> = lib.posts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["a", "c changed", "d"]);
        assert_eq!(
            (remap.get(0), remap.get(1), remap.get(2)),
            (Some(0), None, Some(1))
        );
        assert!(!remap.is_identity());
        assert!(
            lib.diagnostics.is_empty(),
            "the removed file's problems leave with it"
        );
        assert_eq!(lib.position(Path::new("d.md")), Some(2));
        let unchanged = lib.apply(vec![PostUpdate::Changed(post("a.md", None, "a2", 1))]);
        assert!(unchanged.is_identity());
    }

    /// The comparison as it was written before `Primary`, one key at a time.
    fn compared_field_by_field(a: &Post, b: &Post, key: SortKey, rates: ReadingRates) -> Ordering {
        let primary = match key {
            SortKey::Date => match (&a.date, &b.date) {
                (Some(x), Some(y)) => y.sort_key().cmp(&x.sort_key()),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            SortKey::ReadingTime => a.reading_minutes(rates).cmp(&b.reading_minutes(rates)),
        };
        primary.then_with(|| a.path.cmp(&b.path))
    }

    proptest::proptest! {
        #[test]
        fn the_sorted_order_is_the_order_of_compare_posts(
            posts in proptest::collection::vec(
                (0..4usize, 0..4usize, 0..5usize, 0..600usize),
                0..12,
            )
        ) {
            let dates = [
                None,
                Some(PostDate::Day(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap())),
                Some(PostDate::Local(
                    NaiveDate::from_ymd_opt(2024, 5, 1).unwrap().and_hms_opt(9, 0, 0).unwrap(),
                )),
                Some(PostDate::Zoned(
                    DateTime::parse_from_rfc3339("2024-05-01T09:00:00+09:00").unwrap(),
                )),
            ];
            let titles = ["Éte", "éte", "b", "B"];
            let paths = ["a/b.md", "a.b/c.md", "a.md", "b.md", "a.md"];
            let posts: Vec<Post> = posts
                .iter()
                .map(|&(date, title, path, cjk)| post(paths[path], dates[date], titles[title], cjk))
                .collect();
            let rates = ReadingRates::default();
            for key in [SortKey::Date, SortKey::Title, SortKey::ReadingTime] {
                let mut expected: Vec<usize> = (0..posts.len()).collect();
                expected
                    .sort_by(|&a, &b| compared_field_by_field(&posts[a], &posts[b], key, rates));
                let mut compared: Vec<usize> = (0..posts.len()).collect();
                compared.sort_by(|&a, &b| compare_posts(&posts[a], &posts[b], key, rates));
                proptest::prop_assert_eq!(&compared, &expected);
                proptest::prop_assert_eq!(&sorted_order(&posts, key, rates), &expected);
                let mut sorted: Vec<&Post> = posts.iter().collect();
                sort_posts(&mut sorted, key, rates);
                let by_sort: Vec<&Post> = expected.iter().map(|&at| &posts[at]).collect();
                proptest::prop_assert!(
                    sorted.iter().zip(&by_sort).all(|(a, b)| std::ptr::eq(*a, *b))
                );
            }
        }
    }

    #[test]
    fn date_sort_is_newest_first_with_undated_last() {
        let d = |y, m, day| Some(PostDate::Day(NaiveDate::from_ymd_opt(y, m, day).unwrap()));
        let a = post("a", d(2020, 1, 1), "a", 1);
        let b = post("b", None, "b", 1);
        let c = post("c", d(2024, 5, 1), "c", 1);
        let mut v = vec![&a, &b, &c];
        sort_posts(&mut v, SortKey::Date, ReadingRates::default());
        let order: Vec<_> = v.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(order, ["c", "a", "b"]);
    }

    #[test]
    fn zoned_dates_keep_their_offset_in_rfc3339() {
        let t = DateTime::parse_from_rfc3339("2025-09-29T20:31:25+09:00").unwrap();
        assert_eq!(PostDate::Zoned(t).to_rfc3339(), "2025-09-29T20:31:25+09:00");
    }
}
