//! The index cache: what kiji parsed of each post last time (its front matter, counts and
//! diagnostics: everything but the body), kept per library root in the platform's cache
//! directory, so that a start on a folder it has seen stats the files and parses only the
//! new and changed ones.
//!
//! - [`fingerprint`]: how a file is recognised as unchanged, to the nanosecond (the walk
//!   takes each post file's, with the listing at hand).
//! - [`store`]: the versioned, checksummed file, replaced atomically.
//!
//! It is a cache: a missing, corrupt, foreign or unwritable index costs a full load and at
//! most one warning, never the load itself.

pub use super::fingerprint;
mod check;
mod folders;
pub mod store;

pub use check::{Check, Shown, check_index};

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, NaiveDate};
use rayon::prelude::*;

use super::decode::{self, Decoded};
use super::{LoadOptions, read, walk};
use crate::model::{BodyOnDisk, Diagnostic, Library, Post, PostDate, RepeatStats, TextStats};
use crate::text::sanitize;
use fingerprint::{Fingerprint, SETTLE, Stamp};
use store::{Entry, Index, Meta, ReadError, StoredDate, StoredDiagnostic};

/// The environment variable naming the cache directory, over the platform's default.
pub const CACHE_DIR_ENV: &str = "KIJI_CACHE_DIR";

/// Where index files live: `$KIJI_CACHE_DIR` when set and not empty, else the platform's
/// cache directory for kiji (`~/.cache/kiji` on Linux). `None` with no home directory.
pub fn default_dir() -> Option<PathBuf> {
    choose_dir(
        std::env::var_os(CACHE_DIR_ENV),
        directories::ProjectDirs::from("", "", "kiji"),
    )
}

fn choose_dir(
    from_env: Option<OsString>,
    project: Option<directories::ProjectDirs>,
) -> Option<PathBuf> {
    match from_env {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => project.map(|p| p.cache_dir().to_path_buf()),
    }
}

/// Whether a load holds the posts' bodies in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    Read,
    /// Each post says where its body is ([`Post::body_file`]) instead of holding it,
    /// unless its file changed too recently to be recognised later ([`read_body`] could not
    /// tell a change within the same timestamp tick): the list shows no body, and the reader
    /// reads one when it shows or searches the post.
    OnDemand,
}

/// An index cache directory, and how long a file must be still to be trusted.
#[derive(Debug, Clone)]
pub struct IndexCache {
    dir: PathBuf,
    settle: Duration,
}

impl IndexCache {
    pub fn in_dir(dir: impl Into<PathBuf>) -> IndexCache {
        IndexCache {
            dir: dir.into(),
            settle: SETTLE,
        }
    }

    /// The cache a run uses: the one in [`default_dir`], none with `--no-cache` or without a
    /// home directory.
    pub fn for_run(no_cache: bool) -> Option<IndexCache> {
        if no_cache {
            return None;
        }
        let cache = IndexCache::in_dir(default_dir()?);
        Some(cache.with_settle(test_settle().unwrap_or(SETTLE)))
    }

    /// Trusts files that have been still for `settle` (tests that need a warm cache on files
    /// they have just written use zero).
    pub fn with_settle(mut self, settle: Duration) -> IndexCache {
        self.settle = settle;
        self
    }

    /// The index file for the library at `root`.
    pub fn file_for(&self, root: &Path) -> PathBuf {
        let canonical = canonical_bytes(root);
        self.dir
            .join(format!("index-{:016x}.bin", fnv1a(&canonical)))
    }
}

/// Test hook, debug builds only: `KIJI_TEST_CACHE_SETTLE_MS` lets a test that has just
/// written its posts see them served from the cache.
fn test_settle() -> Option<Duration> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let millis = std::env::var("KIJI_TEST_CACHE_SETTLE_MS").ok()?;
    millis.parse().ok().map(Duration::from_millis)
}

/// What a load through the cache did, for the benches and tests (the user sees the posts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheUse {
    /// Posts (and refused files) served from the index without being parsed.
    pub reused: usize,
    /// Files read and parsed.
    pub parsed: usize,
    /// Folders whose listing came from the index (see [`walk::Recall`]).
    pub recalled_folders: usize,
    /// Whether the index file was written.
    pub saved: bool,
    /// The one thing to tell the user, if anything went wrong with the cache.
    pub warning: Option<String>,
}

impl CacheUse {
    fn record_save(&mut self, saved: Result<(), String>) {
        match saved {
            Ok(()) => self.saved = true,
            Err(warning) => self.warning = Some(warning),
        }
    }
}

/// Loads like [`super::load_with`], through the index in `cache`: unchanged posts come from
/// the index, the rest are read and parsed, and the index is saved when anything changed.
/// A file (not a folder) is loaded without the cache. With [`Bodies::OnDemand`], every post's
/// body is left empty.
pub fn load_indexed(
    path: &Path,
    options: &LoadOptions,
    cache: &IndexCache,
    bodies: Bodies,
) -> (Library, CacheUse) {
    let (library, usage, ()) = load_indexed_meanwhile(path, options, cache, bodies, |_| ());
    (library, usage)
}

/// [`load_indexed`], with `meanwhile` given the library while the index is being saved: a
/// listing is written while the index is, rather than after it.
pub fn load_indexed_meanwhile<R>(
    path: &Path,
    options: &LoadOptions,
    cache: &IndexCache,
    bodies: Bodies,
    meanwhile: impl FnOnce(&Library) -> R,
) -> (Library, CacheUse, R) {
    if !path.is_dir() {
        let library = super::load_with(path, options);
        let usage = CacheUse::default();
        let result = meanwhile(&library);
        return (library, usage, result);
    }
    let Scan {
        outcomes,
        stored,
        changed,
        mut usage,
        problems,
        saving,
    } = scan(path, options, cache, bodies);
    // An index that is not saved again gives its entries to the posts instead of copies.
    let mut stored = stored;
    let mut library = Library::default();
    library.diagnostics.extend(problems);
    library.posts.reserve_exact(outcomes.len());
    let mut kept = Vec::with_capacity(if changed { outcomes.len() } else { 0 });
    for outcome in outcomes {
        let (post, diagnostics) = match outcome.entry {
            Fresh::Reused { at, path, body } => {
                let entry = &mut stored[at];
                let reused = match changed {
                    true => reuse(&path, entry, body),
                    false => reuse_owned(&path, entry, body),
                };
                if changed {
                    kept.push(Fresh::Reused {
                        at,
                        path: PathBuf::new(),
                        body: None,
                    });
                }
                reused
            }
            fresh => {
                if changed {
                    kept.push(fresh);
                }
                (outcome.post.map(|post| *post), outcome.diagnostics)
            }
        };
        library.posts.extend(post);
        library.diagnostics.extend(diagnostics);
    }
    if !changed {
        let result = meanwhile(&library);
        return (library, usage, result);
    }
    let (saved, result) = std::thread::scope(|scope| {
        let saver = scope.spawn(|| saving.save(kept, |at| Some(&stored[at]), cache));
        let result = meanwhile(&library);
        (saver.join(), result)
    });
    usage.record_save(saved.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
    (library, usage, result)
}

/// The library as the index saved it, without looking at the posts' files: what the reader
/// shows at once on a folder it has seen, while [`check_index`] compares the files with what
/// it shows. `None` without a usable index (missing, damaged, another kiji's, another limit).
///
/// Without excerpts: only listings print them, and at 100,000 posts they are 25 MB.
pub fn load_from_index(
    root: &Path,
    options: &LoadOptions,
    cache: &IndexCache,
) -> Option<(Library, Shown)> {
    let canonical = canonical_bytes(root);
    let wanted = |header: &store::Header| {
        header.producer == *producer()
            && header.max_post_bytes == options.max_post_bytes
            && header.root == canonical
    };
    let mut library = Library::default();
    let mut shown = Shown::default();
    // Each entry becomes a post as it is read: never every entry and every post at once.
    let each = |mut entry: Entry| {
        let path = root.join(path_from_bytes(&entry.relative));
        shown.push_entry(&entry, &path, cache.settle);
        if let Some(meta) = &mut entry.post {
            meta.excerpt = None;
        }
        let (post, diagnostics) = reuse_owned(&path, &mut entry, None);
        library.posts.extend(post);
        library.diagnostics.extend(diagnostics);
    };
    let header = store::read_each(&cache.file_for(root), wanted, each)
        .ok()
        .flatten()?;
    library.posts.shrink_to_fit();
    shown.shrink_to_fit();
    Some((library, shown.under_sites(header.sites)))
}

/// A pass over the folder against the index: each file's [`Outcome`], no post made yet from
/// an entry reused.
struct Scan {
    outcomes: Vec<Outcome>,
    /// The usable index's entries (none without one).
    stored: Vec<Entry>,
    /// Whether the index is to be saved again.
    changed: bool,
    usage: CacheUse,
    /// The sites' problems.
    problems: Vec<Diagnostic>,
    saving: Saving,
}

/// The index at `file` with its entries' heads only: each post's fields dropped,
/// [`Entry::post`] then only says whether it had one.
fn read_heads(file: &Path) -> Result<Index, ReadError> {
    let opened = store::open(file)?;
    let folders = opened.folders()?;
    let mut entries = Vec::new();
    opened.each_entry(|mut entry| {
        // An empty title stands for the post left out: only whether there was one counts.
        if let Some(meta) = &mut entry.post {
            *meta = Meta::default();
        }
        entries.push(entry);
    })?;
    Ok(Index::of(opened.header, folders, entries))
}

/// What saving the index again needs besides its entries.
struct Saving {
    file: PathBuf,
    canonical: Vec<u8>,
    max_post_bytes: u64,
    sites: u64,
    folders: folders::Folders,
}

impl Saving {
    /// Saves the entries of `kept`, in order, each reused one as `stored` gives it (an
    /// entry it cannot give is left out: its file is read again next time). The warning to
    /// give when it cannot.
    fn save<'s>(
        self,
        kept: Vec<Fresh>,
        stored: impl Fn(usize) -> Option<&'s Entry>,
        cache: &IndexCache,
    ) -> Result<(), String> {
        let entries: Vec<store::EncodedEntry> = kept
            .into_iter()
            .filter_map(|fresh| match fresh {
                Fresh::Reused { at, .. } => stored(at).map(store::EncodedEntry::of),
                Fresh::Parsed(entry) => entry,
                Fresh::NotKept => None,
            })
            .collect();
        let head = store::Head {
            producer: producer().clone(),
            root: self.canonical,
            max_post_bytes: self.max_post_bytes,
            sites: self.sites,
        };
        let folders = self.folders.records();
        // The one warning: a save that fails says more than the read that failed.
        store::write(&self.file, &store::encode_with(&head, &folders, &entries)).map_err(|error| {
            format!(
                "cannot save the index cache in {}: {error}; every start reads all posts",
                sanitize::path(&cache.dir)
            )
        })
    }
}

/// The folder walked and compared with its whole index, read meanwhile.
fn scan(root: &Path, options: &LoadOptions, cache: &IndexCache, bodies: Bodies) -> Scan {
    let started = Stamp::now();
    let file = cache.file_for(root);
    let opened = store::open(&file).and_then(|opened| Ok((opened.folders()?, opened)));
    let (found, stored) = match opened {
        // The walk recalls the index's folders while its entries are decoded.
        Ok((folders, opened)) => {
            let header = &opened.header;
            let recollection = folders::Recollection::of(root, header, &folders, cache.settle);
            let (found, entries) = rayon::join(
                || walk::walk_recalling(root, &recollection),
                || opened.entries(),
            );
            drop(recollection);
            (
                found,
                entries.map(|entries| Index::of(opened.header, folders, entries)),
            )
        }
        // Without a usable index every file is read, and its fingerprint taken as it is:
        // the walk need not take them.
        Err(error) => (walk::walk_to_read_all(root), Err(error)),
    };
    // Each post in its site, as a load without the index places it, once one is parsed.
    scan_walked(
        root,
        options,
        cache,
        bodies,
        started,
        super::WalkSites::of(found),
        stored,
    )
}

/// The files of a walk that started at `started`, placed in their sites, compared with the
/// index `stored`.
fn scan_walked(
    root: &Path,
    options: &LoadOptions,
    cache: &IndexCache,
    bodies: Bodies,
    started: Stamp,
    sites: super::WalkSites,
    stored: Result<Index, ReadError>,
) -> Scan {
    let file = cache.file_for(root);
    let canonical = canonical_bytes(root);
    let sites_stamp = sites.finder().stamp();
    let mut usage = CacheUse::default();
    let shown = sanitize::path(&file).into_owned();
    let (stored, stored_folders) = match stored {
        // Its folders hold whatever the limit and the sites: a listing does not depend on them.
        Ok(index) if index.producer == *producer() && index.root == canonical => {
            let usable =
                index.max_post_bytes == options.max_post_bytes && index.sites == sites_stamp;
            (usable.then_some(index.entries), index.folders)
        }
        // Another kiji or root: its entries say nothing about this load.
        Ok(_) | Err(ReadError::Missing) => (None, Vec::new()),
        Err(ReadError::Corrupt(why)) => {
            usage.warning = Some(format!(
                "the index cache {shown} is damaged ({why}); rebuilt"
            ));
            (None, Vec::new())
        }
        Err(ReadError::Foreign(version)) => {
            usage.warning = Some(format!(
                "the index cache {shown} has format {version}, this kiji writes {}; rebuilt",
                store::FORMAT_VERSION
            ));
            (None, Vec::new())
        }
        Err(ReadError::Io(error)) => {
            usage.warning = Some(format!(
                "cannot read the index cache {shown}: {error}; loading without it"
            ));
            (None, Vec::new())
        }
    };
    let stored = stored.unwrap_or_default();
    let known: foldhash::HashMap<&[u8], usize> = stored
        .iter()
        .enumerate()
        .map(|(at, entry)| (entry.relative.as_slice(), at))
        .collect();
    let settle = cache.settle;
    let outcomes: Vec<Outcome> = sites
        .found()
        .par_iter()
        .enumerate()
        .map(|(found_at, spotted)| match &spotted.found {
            Ok(file) => {
                let relative = relative_bytes(root, file);
                let cached = known.get(relative.as_slice()).map(|&at| (at, &stored[at]));
                let at = Place {
                    relative,
                    sites: &sites,
                    found_at,
                    started,
                    settle,
                    walked: spotted.fingerprint,
                };
                load_one(file, at, cached, options, bodies)
            }
            Err(problem) => Outcome {
                post: None,
                diagnostics: vec![problem.clone()],
                entry: Fresh::NotKept,
            },
        })
        .collect();
    drop(known);
    usage.reused = outcomes
        .iter()
        .filter(|o| matches!(o.entry, Fresh::Reused { .. }))
        .count();
    usage.parsed = outcomes
        .iter()
        .filter(|o| matches!(o.entry, Fresh::Parsed(_)))
        .count();
    let problems = sites.finder().problems();
    usage.recalled_folders = sites
        .folders()
        .iter()
        .filter(|f| {
            f.seen
                .as_ref()
                .is_some_and(|s| s.read == walk::FolderRead::Recalled)
        })
        .count();
    let folders =
        folders::Folders::new(root, sites.into_folders(), stored_folders, started, settle);
    // A post that left is a change too: the index would keep it forever.
    let changed = usage.parsed > 0 || stored.len() != usage.reused || folders.changed();
    Scan {
        outcomes,
        stored,
        changed,
        usage,
        problems,
        saving: Saving {
            file,
            canonical,
            max_post_bytes: options.max_post_bytes,
            sites: sites_stamp,
            folders,
        },
    }
}

/// One file's post and problems, and what the index keeps of it.
struct Outcome {
    /// Boxed: most outcomes of a warm start have none, and there are as many as files.
    post: Option<Box<Post>>,
    diagnostics: Vec<Diagnostic>,
    entry: Fresh,
}

enum Fresh {
    /// Unchanged: the stored entry `at`, the post to be made from it (after the files are
    /// all seen: see [`load_indexed`]), with its body when it was read.
    Reused {
        at: usize,
        path: PathBuf,
        body: Option<String>,
    },
    /// Read and parsed, its entry encoded for the index file; `None` when the file could
    /// not be read (tried again next time).
    Parsed(Option<store::EncodedEntry>),
    /// A problem of the walk, not a file's.
    NotKept,
}

/// Where a file stands: below the root, in its site, and when this load started.
struct Place<'p> {
    relative: Vec<u8>,
    /// The walk's sites, and the file's index among the files found: its site is looked
    /// up only if it is parsed.
    sites: &'p super::WalkSites,
    found_at: usize,
    started: Stamp,
    settle: Duration,
    /// The file's fingerprint as the walk took it.
    walked: Option<Fingerprint>,
}

fn load_one(
    path: &Path,
    at: Place<'_>,
    cached: Option<(usize, &Entry)>,
    options: &LoadOptions,
    bodies: Bodies,
) -> Outcome {
    let settle = at.settle;
    let limit = options.max_post_bytes;
    let trusted = cached.filter(|(_, entry)| entry.fingerprint.settled(entry.read_at, settle));
    if let Some((stored_at, entry)) = trusted {
        let reused = |body| Outcome {
            post: None,
            diagnostics: Vec::new(),
            entry: Fresh::Reused {
                at: stored_at,
                path: path.to_path_buf(),
                body,
            },
        };
        // A file that is not a post has no body to read either.
        match (bodies, &entry.post) {
            (Bodies::OnDemand, _) | (Bodies::Read, None) => {
                let now = match at.walked {
                    Some(walked) => Some(walked),
                    None => std::fs::metadata(path).ok().map(|m| Fingerprint::of(&m)),
                };
                if now == Some(entry.fingerprint) {
                    return reused(None);
                }
            }
            (Bodies::Read, Some(_)) => {
                let (contents, metadata) = read::file_and_metadata(path, limit, false);
                let same = metadata
                    .as_ref()
                    .is_some_and(|m| Fingerprint::of(m) == entry.fingerprint);
                if same
                    && let Ok(read::Contents::Whole(bytes)) = &contents
                    && let Some(body) = body_of(bytes, entry)
                {
                    return reused(Some(body));
                }
                // Changed since: what was just read is the post now.
                return parse_read(path, at, contents, metadata, bodies);
            }
        }
    }
    let (contents, metadata) = read::file_and_metadata(path, limit, false);
    parse_read(path, at, contents, metadata, bodies)
}

fn on_disk(meta: &Meta, fingerprint: &Fingerprint) -> BodyOnDisk {
    BodyOnDisk {
        start: usize::try_from(meta.body_start).unwrap_or(usize::MAX),
        file_key: fingerprint.key(),
    }
}

/// The body of a post loaded with [`Bodies::OnDemand`], read from its file; `None` when the
/// file is no longer as it was read (changed, replaced, removed, grown past `limit`): the
/// post is then to be read again whole, as a change on disk is.
pub fn read_body(path: &Path, unread: &BodyOnDisk, limit: u64) -> Option<String> {
    let (contents, metadata) = read::file_and_metadata(path, limit, false);
    if Fingerprint::of(&metadata?).key() != unread.file_key {
        return None;
    }
    let Ok(read::Contents::Whole(bytes)) = contents else {
        return None;
    };
    cut_body(&bytes, unread.start)
}

/// Whether the file at `path` is still the one a body was left in.
pub fn is_as_read(path: &Path, unread: &BodyOnDisk) -> bool {
    std::fs::metadata(path).is_ok_and(|m| Fingerprint::of(&m).key() == unread.file_key)
}

/// The body of an unchanged post: its file decoded again, the front matter cut at the
/// offset the index kept. `None` when that no longer fits (the post is then parsed).
fn body_of(bytes: &[u8], entry: &Entry) -> Option<String> {
    let meta = entry.post.as_ref()?;
    cut_body(bytes, usize::try_from(meta.body_start).ok()?)
}

fn cut_body(bytes: &[u8], start: usize) -> Option<String> {
    let Decoded::Text(text, _) = decode::decode(bytes) else {
        return None;
    };
    text.get(start..).map(str::to_owned)
}

/// The post and problems of an unchanged file, from its entry: its body as read, or left in
/// the file.
fn reuse(path: &Path, entry: &Entry, body: Option<String>) -> (Option<Post>, Vec<Diagnostic>) {
    post_of(path, entry.post.clone(), entry, body)
}

/// [`reuse`], taking the entry's strings instead of copying them: the entry is left without
/// its post.
fn reuse_owned(
    path: &Path,
    entry: &mut Entry,
    body: Option<String>,
) -> (Option<Post>, Vec<Diagnostic>) {
    let meta = entry.post.take();
    post_of(path, meta, entry, body)
}

/// The post `meta` describes (the fields of `entry`'s post) and the entry's problems.
fn post_of(
    path: &Path,
    meta: Option<Meta>,
    entry: &Entry,
    body: Option<String>,
) -> (Option<Post>, Vec<Diagnostic>) {
    let diagnostics = diagnostics_of(path, entry);
    let post = meta.map(|meta| meta.into_post(path, diagnostics.clone(), body, &entry.fingerprint));
    (post, diagnostics)
}

fn diagnostics_of(path: &Path, entry: &Entry) -> Vec<Diagnostic> {
    entry
        .diagnostics
        .iter()
        .map(|d| Diagnostic {
            path: path.to_path_buf(),
            line: d.line.and_then(|l| usize::try_from(l).ok()),
            message: d.message.clone(),
        })
        .collect()
}

fn parse_read(
    path: &Path,
    at: Place<'_>,
    contents: Result<read::Contents, super::Problem>,
    metadata: Option<std::fs::Metadata>,
    bodies: Bodies,
) -> Outcome {
    let Place {
        relative,
        sites,
        found_at,
        started,
        settle,
        walked: _,
    } = at;
    let fingerprint = metadata.as_ref().map(Fingerprint::of);
    // A body is left in its file only when a change to the file can be told later.
    let leave_body = bodies == Bodies::OnDemand
        && fingerprint.is_some_and(|fingerprint| fingerprint.settled(started, settle));
    let (mut post, diagnostics, body_start) = match contents {
        Ok(read::Contents::Whole(bytes)) => {
            let placed = sites.of_file(found_at);
            let parsed = super::parse_whole(path, &bytes, placed, !leave_body);
            (parsed.post, parsed.diagnostics, parsed.body_start)
        }
        // Only a file named on its own is cut, and those are not loaded through the index.
        Ok(read::Contents::Cut { .. }) => unreachable!("a file in a folder is never cut"),
        Err(problem) => (None, vec![problem.at(path)], 0),
    };
    let entry = fingerprint.map(|fingerprint| Entry {
        relative,
        fingerprint,
        read_at: started,
        post: post.as_ref().map(|p| Meta::of(p, body_start)),
        diagnostics: diagnostics
            .iter()
            .map(|d| StoredDiagnostic {
                line: d.line.map(|l| l as u64),
                message: d.message.clone(),
            })
            .collect(),
    });
    if leave_body
        && let Some(post) = &mut post
        && let Some(Entry {
            fingerprint,
            post: Some(meta),
            ..
        }) = &entry
    {
        post.body_file = Some(on_disk(meta, fingerprint));
    }
    Outcome {
        post: post.map(Box::new),
        diagnostics,
        entry: Fresh::Parsed(entry.as_ref().map(store::EncodedEntry::of)),
    }
}

impl Meta {
    fn of(post: &Post, body_start: usize) -> Meta {
        Meta {
            title: post.title.clone(),
            date: post.date.map(StoredDate::of),
            tags: post.tags.clone(),
            categories: post.categories.clone(),
            author: post.author.clone(),
            excerpt: post.excerpt.clone(),
            declared_reading_minutes: post.declared_reading_minutes,
            draft: post.draft,
            lang: post.lang.clone(),
            extra: post
                .extra
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            body_start: body_start as u64,
            body_line: post.body_line as u64,
            cjk_chars: post.stats.cjk_chars as u64,
            words: post.stats.words as u64,
            repeated_cjk_chars: post.repeats.stats.cjk_chars as u64,
            repeated_words: post.repeats.stats.words as u64,
            repeated_chars: post.repeats.chars as u64,
        }
    }

    /// The post this entry describes, with its body as read (`Some`) or left in its file,
    /// which was `file` when it was read.
    fn into_post(
        self,
        path: &Path,
        diagnostics: Vec<Diagnostic>,
        body: Option<String>,
        file: &Fingerprint,
    ) -> Post {
        let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        let body_file = match body {
            Some(_) => None,
            None => Some(on_disk(&self, file)),
        };
        Post {
            path: path.to_path_buf(),
            title: self.title,
            date: self.date.and_then(StoredDate::to_date),
            tags: self.tags,
            categories: self.categories,
            author: self.author,
            excerpt: self.excerpt,
            declared_reading_minutes: self.declared_reading_minutes,
            draft: self.draft,
            lang: self.lang,
            extra: self.extra.into_iter().collect(),
            body: body.unwrap_or_default(),
            body_file,
            body_line: count(self.body_line),
            stats: TextStats {
                cjk_chars: count(self.cjk_chars),
                words: count(self.words),
            },
            repeats: RepeatStats {
                stats: TextStats {
                    cjk_chars: count(self.repeated_cjk_chars),
                    words: count(self.repeated_words),
                },
                chars: count(self.repeated_chars),
            },
            diagnostics,
        }
    }
}

impl StoredDate {
    fn of(date: PostDate) -> StoredDate {
        match date {
            PostDate::Day(day) => StoredDate::Day(chrono::Datelike::num_days_from_ce(&day)),
            PostDate::Local(time) => {
                let utc = time.and_utc();
                StoredDate::Local(utc.timestamp(), utc.timestamp_subsec_nanos())
            }
            PostDate::Zoned(time) => StoredDate::Zoned(
                time.timestamp(),
                time.timestamp_subsec_nanos(),
                time.offset().local_minus_utc(),
            ),
        }
    }

    fn to_date(self) -> Option<PostDate> {
        Some(match self {
            StoredDate::Day(days) => PostDate::Day(NaiveDate::from_num_days_from_ce_opt(days)?),
            StoredDate::Local(secs, nanos) => {
                PostDate::Local(DateTime::from_timestamp(secs, nanos)?.naive_utc())
            }
            StoredDate::Zoned(secs, nanos, offset) => {
                let offset = chrono::FixedOffset::east_opt(offset)?;
                PostDate::Zoned(DateTime::from_timestamp(secs, nanos)?.with_timezone(&offset))
            }
        })
    }
}

/// The kiji that writes the index: its version, and its executable's size and time, so a
/// rebuilt kiji (whose parser may have changed without a new version number) starts afresh.
fn producer() -> &'static String {
    static PRODUCER: OnceLock<String> = OnceLock::new();
    PRODUCER.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| Fingerprint::of(&m));
        match exe {
            Ok(exe) => format!(
                "kiji {} {} {}.{:09}",
                env!("CARGO_PKG_VERSION"),
                exe.size,
                exe.modified.secs,
                exe.modified.nanos
            ),
            Err(_) => format!("kiji {}", env!("CARGO_PKG_VERSION")),
        }
    })
}

fn canonical_bytes(root: &Path) -> Vec<u8> {
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    path_bytes(&canonical)
}

fn relative_bytes(root: &Path, file: &Path) -> Vec<u8> {
    path_bytes(file.strip_prefix(root).unwrap_or(file))
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

fn path_bytes(path: &Path) -> Vec<u8> {
    bytes_of(path).into_owned()
}

#[cfg(unix)]
fn bytes_of(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).into()
}

/// Elsewhere a path that is not Unicode is told apart by its lossy form only, which two
/// such names may share: then both are parsed on every start (they fight over one entry).
#[cfg(not(unix))]
fn bytes_of(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    path.to_string_lossy().into_owned().into_bytes().into()
}

/// FNV-1a, 64 bits: a file name for a root that stays the same from build to build (std's
/// hasher promises no such thing). A collision only costs a rebuild: the root is checked.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
