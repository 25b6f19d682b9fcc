//! Finding the post files under a folder: `*.md` and `*.markdown`, following symbolic links
//! (a link loop is reported, not followed), skipping hidden entries, the folders that hold
//! dependencies or generated sites, and a site's machinery: Jekyll's `_includes`, `_layouts`
//! and `_data`, and everything of a Hugo or Zola site root but its `content/`. The order is
//! the paths' order, so it is stable. A pipe, device or socket with a post's name is reported
//! and skipped: reading one could wait forever or never end.
//!
//! The folders are read a level at a time on every core, each listing whole before its
//! entries are judged: the entries' types come with the listing (a link is `stat`ed), and
//! whether a folder is a site root comes from its own entries' names ([`RootMarks`]), so a
//! folder costs one listing and one `stat` (for link loops), whatever it holds. Each post
//! file's [`Fingerprint`] is taken from the listing too (a `stat` by name in an open folder
//! costs a fraction of one by path), for the index cache to tell it unchanged.
//!
//! A walk may also be given what an earlier one listed ([`Recall`]): a folder whose own
//! fingerprint is the one it had then is not read again, its entries are only `stat`ed.
//! Adding, removing or renaming an entry moves a folder's times, so its listing still holds;
//! a file's own change is seen by its `stat`. (git's untracked cache trusts folders' times
//! the same way.) Only a folder of plain files and folders is recalled: a link's target
//! can change while the folder does not.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::fingerprint::Fingerprint;
use super::site_config::RootMarks;
use crate::model::Diagnostic;

/// Folders that never hold posts but may hold many Markdown files (dependencies, build output,
/// generated sites).
const SKIPPED_FOLDERS: &[&str] = &["node_modules", "_site", "public", "target"];

/// How many folders of a level are read before their entries are taken in.
const FOLDERS_AT_ONCE: usize = 512;

/// Entries of one folder below this many are looked at on one core: sharing out the work
/// costs more than a few dozen `stat`s.
const STATS_AT_ONCE: usize = 64;

/// Jekyll's folders of templates, page fragments and data: Markdown there is part of pages
/// (an include, a layout), never a post. The underscore makes the names Jekyll's own.
const JEKYLL_MACHINERY: &[&str] = &["_includes", "_layouts", "_data", "_sass", "_plugins"];

/// Whether `dir` is the root of a Hugo or Zola site, whose posts are all under `content/` (its
/// `archetypes/` hold post templates, its `layouts/` and `themes/` Markdown that is not the
/// site's).
fn is_content_site_root(dir: &Path) -> bool {
    dir.join("content").is_dir() && super::site_config::has_hugo_or_zola_config(dir)
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Whether the entry `name` in `parent` is never walked: hidden, dependencies, build output,
/// or a site's machinery. `parent_is_site_root` is [`is_content_site_root`] of `parent`,
/// asked by the caller only when it can matter.
fn is_skipped_name(name: &OsStr, is_dir: bool, parent_is_site_root: impl FnOnce() -> bool) -> bool {
    let machinery = is_dir
        && (SKIPPED_FOLDERS.iter().any(|s| name == *s)
            || JEKYLL_MACHINERY.iter().any(|s| name == *s));
    is_hidden(name) || machinery || (name != "content" && parent_is_site_root())
}

/// A post file found under the root, or a problem met on the way there.
pub type Found = Result<PathBuf, Diagnostic>;

/// What a walk found: the post files and problems in path order (as [`Spotted`], or what
/// [`walk_keeping`] kept of each), and every folder it read.
#[derive(Debug)]
pub struct Walk<Kept = Spotted> {
    pub found: Vec<Kept>,
    pub folders: Vec<WalkedFolder>,
}

impl<Kept> Default for Walk<Kept> {
    fn default() -> Self {
        Walk {
            found: Vec::new(),
            folders: Vec::new(),
        }
    }
}

/// A post file (or problem) found, with the file's fingerprint as the walk saw it (`None`
/// when it could not be taken, or for a problem).
#[derive(Debug)]
pub struct Spotted {
    pub found: Found,
    pub fingerprint: Option<Fingerprint>,
}

impl From<Found> for Spotted {
    fn from(found: Found) -> Spotted {
        Spotted {
            found,
            fingerprint: None,
        }
    }
}

/// A folder the walk read.
#[derive(Debug)]
pub struct WalkedFolder {
    /// As reached from the root (links not resolved).
    pub path: PathBuf,
    /// Reached as a folder, not through a link (the root: not itself a link).
    pub plain: bool,
    /// What its entries say of it as a site root.
    pub marks: RootMarks,
    /// Whether it holds a post file itself.
    pub posts: bool,
    /// The folder it was found in, by its place among the walk's folders (which comes
    /// before its own); `None` for the root.
    pub parent: Option<usize>,
    /// What a walk that keeps the folders' listings saw of it; `None` in one that does not
    /// ([`walk_keeping`]): boxed, so that a walk of 37,000 folders that needs none holds
    /// 3 MB less.
    pub seen: Option<Box<Seen>>,
}

/// A folder as a walk that keeps listings saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Its own (a link's target's) when the walk came to it, before reading it.
    pub fingerprint: Fingerprint,
    pub read: FolderRead,
}

/// How the walk had a folder's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderRead {
    /// From the listing [`Recall`] gave for the folder's fingerprint, which was its own.
    Recalled,
    /// From the folder itself: its listing, when a later walk may recall it.
    Listed(Option<Listed>),
}

/// A folder's kept entries as a walk listed them, for a later walk to recall (see the
/// module's comment). Only a folder whose entries are all plain files and folders (and
/// neither a problem nor a link among them) has one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    pub marks: RootMarks,
    /// Each kept entry's name in name order, ended by `/` for a folder and by NUL for a
    /// post file: bytes no file name holds.
    names: Vec<u8>,
}

impl Listed {
    const FOLDER_END: u8 = b'/';
    const FILE_END: u8 = 0;

    /// Adds the next entry; `false` (nothing added) for a name this platform cannot keep
    /// as bytes.
    pub(crate) fn push(&mut self, name: &OsStr, folder: bool) -> bool {
        let Some(bytes) = name_bytes(name) else {
            return false;
        };
        self.names.extend_from_slice(bytes);
        self.names.push(match folder {
            true => Self::FOLDER_END,
            false => Self::FILE_END,
        });
        true
    }

    /// The entries in order, each its name and whether it is a folder. A name this
    /// platform cannot make of its bytes is `None` (only a damaged index holds one).
    pub fn entries(&self) -> impl Iterator<Item = (Option<&OsStr>, bool)> {
        self.names
            .split_inclusive(|&b| b == Self::FOLDER_END || b == Self::FILE_END)
            .map(|entry| {
                let (&end, name) = entry
                    .split_last()
                    .expect("split_inclusive gives no empty piece");
                let folder = end == Self::FOLDER_END;
                // A last piece without its end is not an entry either.
                let ended = end == Self::FOLDER_END || end == Self::FILE_END;
                (ended.then(|| name_of_bytes(name)).flatten(), folder)
            })
    }
}

#[cfg(unix)]
fn name_bytes(name: &OsStr) -> Option<&[u8]> {
    Some(std::os::unix::ffi::OsStrExt::as_bytes(name))
}

#[cfg(not(unix))]
fn name_bytes(name: &OsStr) -> Option<&[u8]> {
    name.to_str().map(str::as_bytes)
}

#[cfg(unix)]
fn name_of_bytes(bytes: &[u8]) -> Option<&OsStr> {
    Some(std::os::unix::ffi::OsStrExt::from_bytes(bytes))
}

#[cfg(not(unix))]
fn name_of_bytes(bytes: &[u8]) -> Option<&OsStr> {
    std::str::from_utf8(bytes).ok().map(OsStr::new)
}

/// What an earlier walk listed, by folder: see the module's comment.
pub trait Recall: Sync {
    /// The listing of the folder at `path` (as the walk reaches it), with the fingerprint
    /// the folder had when it was listed.
    fn recall(&self, path: &Path) -> Option<Recalled<'_>>;
}

#[derive(Debug, Clone, Copy)]
pub struct Recalled<'r> {
    pub fingerprint: Fingerprint,
    pub listed: &'r Listed,
}

/// Nothing recalled: every folder is read.
pub struct RecallNothing;

impl Recall for RecallNothing {
    fn recall(&self, _: &Path) -> Option<Recalled<'_>> {
        None
    }
}

/// Every post file under `root`, in path order (each folder's entries sorted by name, which is
/// how paths compare).
pub fn post_files(root: &Path) -> impl Iterator<Item = Found> + Send + use<> {
    walk_to_read_all(root)
        .found
        .into_iter()
        .map(|spotted| spotted.found)
}

/// Every post file under `root` in path order, and the folders read on the way. A `root` that
/// is a file is found itself when it has a post's name. The root is walked whatever its name:
/// `kiji --list public` means it.
pub fn walk(root: &Path) -> Walk {
    walk_recalling(root, &RecallNothing)
}

/// [`walk`], taking the listings `recall` gives of folders unchanged since instead of
/// reading them again.
pub fn walk_recalling(root: &Path, recall: &dyn Recall) -> Walk {
    walk_with(
        root,
        Fingerprints::Take,
        Listings::Kept(recall),
        |found, fingerprint| Spotted { found, fingerprint },
    )
}

/// [`walk`] for a load that reads every file it finds: the fingerprints come from the files
/// as they are opened, so none is taken here (a `stat` of each of 10,000 posts was a fifth of
/// the walk that every load without an index waits for).
pub fn walk_to_read_all(root: &Path) -> Walk {
    walk_with(
        root,
        Fingerprints::Skip,
        Listings::Kept(&RecallNothing),
        |found, fingerprint| Spotted { found, fingerprint },
    )
}

/// Whether the walk takes each post file's fingerprint.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fingerprints {
    Take,
    /// None, but for files reached through a link (whose `stat` the walk needs anyway).
    Skip,
}

/// [`walk`], keeping of each post file (or problem) only what `keep` makes of it, as it is
/// found: a walk that needs no path keeps none of 100,000. Nor does it keep the folders'
/// listings (see [`Seen`]): it is for a caller that saves no index.
pub fn walk_keeping<Kept: Send>(
    root: &Path,
    fingerprints: Fingerprints,
    keep: impl Fn(Found, Option<Fingerprint>) -> Kept + Sync,
) -> Walk<Kept> {
    walk_with(root, fingerprints, Listings::Dropped, keep)
}

/// What a walk does with the folders' listings.
#[derive(Clone, Copy)]
enum Listings<'r> {
    /// Keeps each for a later walk, and recalls those `Recall` gives.
    Kept(&'r dyn Recall),
    /// Neither: 37,000 folders' listings are a few MB.
    Dropped,
}

fn walk_with<Kept: Send>(
    root: &Path,
    fingerprints: Fingerprints,
    listings: Listings,
    keep: impl Fn(Found, Option<Fingerprint>) -> Kept + Sync,
) -> Walk<Kept> {
    let recall = match listings {
        Listings::Kept(recall) => Some(recall),
        Listings::Dropped => None,
    };
    let seen = |fingerprint| {
        recall.map(|_| {
            Box::new(Seen {
                fingerprint,
                read: FolderRead::Listed(None),
            })
        })
    };
    let problem = |problem| keep(Err(problem), None);
    let meta = match fs::metadata(root) {
        Ok(meta) => meta,
        Err(error) => {
            return Walk {
                found: vec![problem(cannot_read(root, &error))],
                folders: Vec::new(),
            };
        }
    };
    if !meta.is_dir() {
        let found = match is_post_file(root) {
            true if meta.is_file() => {
                vec![keep(Ok(root.to_path_buf()), Some(Fingerprint::of(&meta)))]
            }
            true => vec![problem(not_regular(root.to_path_buf()))],
            false => Vec::new(),
        };
        return Walk {
            found,
            folders: Vec::new(),
        };
    }
    let plain = fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_dir());
    let mut nodes = vec![Node {
        path: root.to_path_buf(),
        plain,
        identity: identity(&meta, root),
        parent: None,
        children: Vec::new(),
        marks: RootMarks::default(),
        posts: false,
        seen: seen(Fingerprint::of(&meta)),
    }];
    // Every file found, in the order found; the folders' children say where each goes.
    let mut files: Vec<Kept> = Vec::new();
    // A level at a time, not recursion: a folder as deep as paths allow costs no stack.
    let mut level = vec![0];
    while !level.is_empty() {
        let mut next = Vec::new();
        // A slice of the level at a time: a level of 30,000 folders read whole would hold
        // every listing at once.
        for slice in level.chunks(FOLDERS_AT_ONCE) {
            let listings: Vec<Result<Listing<Kept>, Diagnostic>> = slice
                .par_iter()
                .map(|&at| {
                    let node = &nodes[at];
                    let recalled = node
                        .seen
                        .as_ref()
                        .zip(recall)
                        .and_then(|(seen, recall)| {
                            let now = seen.fingerprint;
                            recall.recall(&node.path).filter(|r| r.fingerprint == now)
                        })
                        .and_then(|recalled| {
                            replay(&node.path, recalled.listed, fingerprints, &keep)
                        });
                    match recalled {
                        Some(listing) => Ok(listing),
                        None => read_folder(&node.path, fingerprints, recall.is_some(), &keep),
                    }
                })
                .collect();
            for (&at, listing) in slice.iter().zip(listings) {
                let listing = match listing {
                    Ok(listing) => listing,
                    Err(trouble) => {
                        files.push(problem(trouble));
                        nodes[at].children.push(Child::Found(files.len() - 1));
                        continue;
                    }
                };
                nodes[at].marks = listing.marks;
                if let Some(seen) = &mut nodes[at].seen {
                    seen.read = listing.read;
                }
                nodes[at].children.reserve_exact(listing.entries.len());
                for entry in listing.entries {
                    let child = match entry {
                        Entry::Found { kept, post } => {
                            nodes[at].posts |= post;
                            files.push(kept);
                            Child::Found(files.len() - 1)
                        }
                        Entry::Folder {
                            path,
                            plain,
                            identity,
                            fingerprint,
                        } => match ancestor_of(&nodes, at, &identity) {
                            Some(ancestor) => {
                                files.push(problem(Diagnostic {
                                    message: format!(
                                        "symbolic link loop (leads back to {}); not followed",
                                        nodes[ancestor].path.display()
                                    ),
                                    path,
                                    line: None,
                                }));
                                Child::Found(files.len() - 1)
                            }
                            None => {
                                nodes.push(Node {
                                    path,
                                    plain,
                                    identity,
                                    parent: Some(at),
                                    children: Vec::new(),
                                    marks: RootMarks::default(),
                                    posts: false,
                                    seen: seen(fingerprint),
                                });
                                next.push(nodes.len() - 1);
                                Child::Folder(nodes.len() - 1)
                            }
                        },
                    };
                    nodes[at].children.push(child);
                }
            }
        }
        level = next;
    }
    let order = in_path_order(&mut nodes);
    let found = permuted(files, order);
    let folders = nodes
        .into_iter()
        .map(|node| WalkedFolder {
            path: node.path,
            plain: node.plain,
            marks: node.marks,
            posts: node.posts,
            parent: node.parent,
            seen: node.seen,
        })
        .collect();
    Walk { found, folders }
}

/// A folder being walked.
struct Node {
    path: PathBuf,
    plain: bool,
    identity: Identity,
    parent: Option<usize>,
    /// Its entries in name order, once read.
    children: Vec<Child>,
    marks: RootMarks,
    posts: bool,
    seen: Option<Box<Seen>>,
}

enum Child {
    /// A file found (or a problem): its index among the walk's files.
    Found(usize),
    Folder(usize),
}

/// What tells two paths to the same folder apart from two folders.
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = PathBuf;

#[cfg(unix)]
fn identity(meta: &fs::Metadata, _path: &Path) -> Identity {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_meta: &fs::Metadata, path: &Path) -> Identity {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The folder among `at` and its ancestors that `identity` names: following it would walk
/// the same folders again, for ever.
fn ancestor_of(nodes: &[Node], at: usize, identity: &Identity) -> Option<usize> {
    let mut next = Some(at);
    while let Some(node) = next {
        if nodes[node].identity == *identity {
            return Some(node);
        }
        next = nodes[node].parent;
    }
    None
}

/// The files of every folder (their indices), each folder's entries in place of it: the
/// walk's order as a depth-first walk in name order would give it.
fn in_path_order(nodes: &mut [Node]) -> Vec<usize> {
    let mut order = Vec::new();
    let mut stack = vec![std::mem::take(&mut nodes[0].children).into_iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(Child::Found(file)) => order.push(file),
            Some(Child::Folder(at)) => {
                stack.push(std::mem::take(&mut nodes[at].children).into_iter());
            }
            None => {
                stack.pop();
            }
        }
    }
    order
}

/// `files` rearranged so that the `k`th is the one at `order[k]` (a permutation), in
/// place: 100,000 files are megabytes, which a second vector would hold twice.
fn permuted<T>(mut files: Vec<T>, mut order: Vec<usize>) -> Vec<T> {
    for start in 0..order.len() {
        // Each cycle of the permutation once; a place is marked done by pointing at itself.
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            files.swap(at, from);
            at = from;
        }
    }
    files
}

/// A folder's entries that the walk keeps, in name order, and its marks as a site root.
struct Listing<Kept> {
    marks: RootMarks,
    entries: Vec<Entry<Kept>>,
    read: FolderRead,
}

enum Entry<Kept> {
    /// A post file (`post`), or a problem.
    Found { kept: Kept, post: bool },
    Folder {
        path: PathBuf,
        plain: bool,
        identity: Identity,
        fingerprint: Fingerprint,
    },
}

/// An entry's type, a link's target's: what the walk does with it.
enum Kind {
    /// A regular file, and its fingerprint when it is a post's (and could be taken).
    File(Option<Fingerprint>),
    Folder {
        plain: bool,
        identity: Identity,
        fingerprint: Fingerprint,
    },
    /// A pipe, device or socket.
    Other,
}

/// The listing of `folder` that `listed` recalls, its entries `stat`ed as a listing of the
/// folder would have them; `None` when one is not what it was (a race with a change, or a
/// damaged index): then the folder is read.
fn replay<Kept: Send>(
    folder: &Path,
    listed: &Listed,
    fingerprints: Fingerprints,
    keep: &(impl Fn(Found, Option<Fingerprint>) -> Kept + Sync),
) -> Option<Listing<Kept>> {
    let look = |(name, is_folder): (Option<&OsStr>, bool)| -> Option<Entry<Kept>> {
        let name = name.filter(|name| !name.is_empty() && !is_hidden(name))?;
        let path = folder.join(name);
        let meta = fs::symlink_metadata(&path).ok()?;
        if is_folder {
            meta.is_dir().then(|| Entry::Folder {
                plain: true,
                identity: identity(&meta, &path),
                fingerprint: Fingerprint::of(&meta),
                path,
            })
        } else if meta.is_file() && is_post_file(&path) {
            let fingerprint = (fingerprints == Fingerprints::Take).then(|| Fingerprint::of(&meta));
            Some(Entry::Found {
                kept: keep(Ok(path), fingerprint),
                post: true,
            })
        } else {
            None
        }
    };
    let names: Vec<(Option<&OsStr>, bool)> = listed.entries().collect();
    // As in `read_folder`: a folder of thousands of entries is looked at on every core.
    let entries: Option<Vec<Entry<Kept>>> = if names.len() >= STATS_AT_ONCE {
        names
            .into_par_iter()
            .with_min_len(STATS_AT_ONCE)
            .map(look)
            .collect()
    } else {
        names.into_iter().map(look).collect()
    };
    Some(Listing {
        marks: listed.marks,
        entries: entries?,
        read: FolderRead::Recalled,
    })
}

/// `folder`'s listing, kept as [`Listed`] when `keep_listing`.
fn read_folder<Kept>(
    folder: &Path,
    fingerprints: Fingerprints,
    keep_listing: bool,
    keep: &impl Fn(Found, Option<Fingerprint>) -> Kept,
) -> Result<Listing<Kept>, Diagnostic> {
    let reader = fs::read_dir(folder).map_err(|error| cannot_read(folder, &error))?;
    let problem = |problem| Entry::Found {
        kept: keep(Err(problem), None),
        post: false,
    };
    let mut entries = Vec::new();
    let mut listed = Vec::new();
    for entry in reader {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                if !is_hidden(&name) {
                    listed.push((name, entry));
                }
            }
            Err(error) => entries.push(problem(cannot_read(folder, &error))),
        }
    }
    let look = |(name, entry): (OsString, fs::DirEntry)| {
        let path = entry.path();
        let linked = entry.file_type().is_ok_and(|t| t.is_symlink());
        let kind = kind_of(&entry, &path, fingerprints);
        (name, path, kind, linked)
    };
    // A folder of thousands of entries (a Jekyll `_posts`, Hugo's folder of page bundles)
    // has them looked at on every core: one at a time, the `stat`s of the generated
    // corpus's folder of 3,700 bundles kept one core busy for about 25 ms while the other
    // waited, a tenth of a start from the index.
    let mut seen: Vec<(OsString, PathBuf, io::Result<Kind>, bool)> =
        if listed.len() >= STATS_AT_ONCE {
            listed
                .into_par_iter()
                .with_min_len(STATS_AT_ONCE)
                .map(look)
                .collect()
        } else {
            listed.into_iter().map(look).collect()
        };
    // Recalled later only if nothing here can change while the folder's times do not: no
    // link (whose target can), and no problem (which may be gone next time).
    let mut recallable = true;
    let mut marks = RootMarks::default();
    for (name, _, kind, linked) in &seen {
        recallable &= !linked;
        match kind {
            Ok(Kind::File(_)) => marks.note(name, true, false),
            Ok(Kind::Folder { .. }) => marks.note(name, false, true),
            _ => {}
        }
    }
    seen.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let site_root = marks.is_content_site_root();
    let mut remembered = keep_listing.then(|| Listed {
        marks,
        names: Vec::new(),
    });
    let mut note = |name: &OsStr, folder: bool| {
        recallable = recallable && remembered.as_mut().is_some_and(|l| l.push(name, folder));
    };
    for (name, path, kind, _) in seen {
        let is_dir = matches!(kind, Ok(Kind::Folder { .. }));
        if is_skipped_name(&name, is_dir, || site_root) {
            continue;
        }
        match kind {
            Ok(Kind::Folder {
                plain,
                identity,
                fingerprint,
            }) => {
                note(&name, true);
                entries.push(Entry::Folder {
                    path,
                    plain,
                    identity,
                    fingerprint,
                })
            }
            Ok(Kind::File(fingerprint)) if is_post_file(&path) => {
                note(&name, false);
                entries.push(Entry::Found {
                    kept: keep(Ok(path), fingerprint),
                    post: true,
                })
            }
            Ok(Kind::Other) if is_post_file(&path) => entries.push(problem(not_regular(path))),
            Ok(_) => {}
            Err(error) => entries.push(problem(cannot_read(&path, &error))),
        }
    }
    recallable &= entries
        .iter()
        .all(|entry| !matches!(entry, Entry::Found { post: false, .. }));
    Ok(Listing {
        marks,
        entries,
        read: FolderRead::Listed(remembered.filter(|_| recallable)),
    })
}

/// The entry's type from the listing; a link's (or an unknown type's) from a `stat`.
fn kind_of(entry: &fs::DirEntry, path: &Path, fingerprints: Fingerprints) -> io::Result<Kind> {
    let listed = entry.file_type()?;
    let (meta, plain) = if listed.is_symlink() {
        (fs::metadata(path)?, false)
    } else if listed.is_dir() {
        (entry.metadata()?, true)
    } else if listed.is_file() {
        let fingerprint = (fingerprints == Fingerprints::Take && is_post_file(path))
            .then(|| entry.metadata().ok())
            .flatten()
            .map(|meta| Fingerprint::of(&meta));
        return Ok(Kind::File(fingerprint));
    } else {
        return Ok(Kind::Other);
    };
    Ok(if meta.is_dir() {
        Kind::Folder {
            plain,
            identity: identity(&meta, path),
            fingerprint: Fingerprint::of(&meta),
        }
    } else if meta.is_file() {
        Kind::File(Some(Fingerprint::of(&meta)))
    } else {
        Kind::Other
    })
}

fn cannot_read(path: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read: {error}"),
    }
}

fn not_regular(path: PathBuf) -> Diagnostic {
    Diagnostic {
        path,
        line: None,
        message: "not a regular file (a pipe, device or socket); skipped".to_string(),
    }
}

/// Whether the walk from `root` would go down to `path`: no hidden name, skipped folder or
/// site machinery among them. The file's own extension is not checked. A path outside `root`
/// is judged by all its names.
pub fn is_walked(root: &Path, path: &Path) -> bool {
    let (mut parent, below) = match path.strip_prefix(root) {
        Ok(below) => (root.to_path_buf(), below),
        Err(_) => (PathBuf::new(), path),
    };
    let mut names = below.components().peekable();
    while let Some(component) = names.next() {
        if let std::path::Component::Normal(name) = component {
            // Every name but the last is a folder; the last is a file or a folder.
            let is_dir = names.peek().is_some() || parent.join(name).is_dir();
            if is_skipped_name(name, is_dir, || is_content_site_root(&parent)) {
                return false;
            }
        }
        parent.push(component);
    }
    true
}

/// `*.md` and `*.markdown`, whatever the case of the extension.
pub fn is_post_file(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(root: &Path, relative: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }

    fn walk(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let (files, problems): (Vec<_>, Vec<_>) = post_files(root).partition(Result::is_ok);
        (
            files.into_iter().map(Result::unwrap).collect(),
            problems.into_iter().map(|p| p.unwrap_err()).collect(),
        )
    }

    fn relative(root: &Path, files: &[PathBuf]) -> Vec<String> {
        files
            .iter()
            .map(|f| {
                f.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn finds_markdown_files_recursively_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "b.md",
            "a/z.markdown",
            "a/b/c.MD",
            "a-c.md",
            "notes.txt",
            "img.png",
        ] {
            touch(dir.path(), f);
        }
        let (files, problems) = walk(dir.path());
        assert!(problems.is_empty());
        assert_eq!(
            relative(dir.path(), &files),
            ["a/b/c.MD", "a/z.markdown", "a-c.md", "b.md"]
        );
    }

    #[test]
    fn skips_hidden_entries_and_generated_folders() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "post.md",
            ".hidden.md",
            ".git/x.md",
            ".obsidian/y.md",
            "node_modules/pkg/README.md",
            "_site/index.md",
            "public/page.md",
            "target/doc.md",
            "content/public.md",
        ] {
            touch(dir.path(), f);
        }
        let (files, _) = walk(dir.path());
        assert_eq!(
            relative(dir.path(), &files),
            ["content/public.md", "post.md"]
        );
    }

    #[test]
    fn jekyll_includes_layouts_and_data_are_not_posts() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "_posts/2024-01-01-a.md",
            "_docs/guide.md",
            "_includes/specials/intro.md",
            "_layouts/post.md",
            "_data/notes.md",
            "index.md",
        ] {
            touch(dir.path(), f);
        }
        let (files, _) = walk(dir.path());
        let found = relative(dir.path(), &files);
        assert_eq!(
            found,
            ["_docs/guide.md", "_posts/2024-01-01-a.md", "index.md"]
        );
        for f in &found {
            assert!(is_walked(dir.path(), &dir.path().join(f)), "{f}");
        }
        assert!(!is_walked(
            dir.path(),
            &dir.path().join("_includes/specials/intro.md")
        ));
    }

    #[test]
    fn a_hugo_or_zola_site_root_is_walked_only_in_its_content() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "content/posts/a.md",
            "content/_index.md",
            "archetypes/default.md",
            "layouts/shortcodes/note.md",
            "themes/t/exampleSite/content/b.md",
            "README.md",
        ] {
            touch(dir.path(), f);
        }
        // Without a config file beside `content/`, it is a folder like any other.
        let (files, _) = walk(dir.path());
        assert_eq!(files.len(), 6);
        touch(dir.path(), "hugo.toml");
        let (files, _) = walk(dir.path());
        assert_eq!(
            relative(dir.path(), &files),
            ["content/_index.md", "content/posts/a.md"]
        );
        assert!(is_walked(
            dir.path(),
            &dir.path().join("content/posts/a.md")
        ));
        assert!(!is_walked(
            dir.path(),
            &dir.path().join("archetypes/default.md")
        ));
        assert!(!is_walked(dir.path(), &dir.path().join("README.md")));
        // Named as the root, a folder of the site is walked: the user asked for it.
        let (files, _) = walk(&dir.path().join("layouts"));
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_folder_named_layouts_outside_a_site_is_walked() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "notes/layouts/grid.md");
        touch(dir.path(), "notes/config.toml");
        let (files, _) = walk(dir.path());
        assert_eq!(relative(dir.path(), &files), ["notes/layouts/grid.md"]);
    }

    #[test]
    fn a_skipped_folder_named_as_the_root_is_walked() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "public/page.md");
        let (files, _) = walk(&dir.path().join("public"));
        assert_eq!(files.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_with_a_post_name_is_reported_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "post.md");
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let (files, problems) = walk(dir.path());
        assert_eq!(relative(dir.path(), &files), ["post.md"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, fifo);
        assert!(problems[0].message.contains("not a regular file"));
    }

    /// What the walk reads off each folder's listing is what asking each name gives:
    /// configuration files as files or links to files, `content` as a folder or a link to
    /// one, and the same names as the wrong kind of entry.
    #[cfg(unix)]
    #[test]
    fn a_folders_marks_from_its_listing_are_what_stat_says() {
        use crate::loader::site_config::{has_hugo_or_zola_config, is_site_root};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(root, "elsewhere/config.toml");
        fs::create_dir_all(root.join("elsewhere/folder")).unwrap();
        let names = [
            "_config.yml",
            "_config.yaml",
            "hugo.toml",
            "hugo.json",
            "config.toml",
            "config.yml",
        ];
        let mut cases = 0;
        for (n, name) in names.iter().enumerate() {
            // Each name as a file, a folder, a link to a file; with and without `content`
            // as a folder, a file, or a link to a folder.
            for entry in 0..3 {
                for content in 0..4 {
                    let case = root.join(format!("s/case{n}-{entry}-{content}"));
                    fs::create_dir_all(&case).unwrap();
                    touch(&case, "post.md");
                    match entry {
                        0 => fs::write(case.join(name), "x").unwrap(),
                        1 => fs::create_dir(case.join(name)).unwrap(),
                        _ => std::os::unix::fs::symlink(
                            root.join("elsewhere/config.toml"),
                            case.join(name),
                        )
                        .unwrap(),
                    }
                    match content {
                        0 => {}
                        1 => fs::create_dir(case.join("content")).unwrap(),
                        2 => fs::write(case.join("content"), "x").unwrap(),
                        _ => std::os::unix::fs::symlink(
                            root.join("elsewhere/folder"),
                            case.join("content"),
                        )
                        .unwrap(),
                    }
                    cases += 1;
                }
            }
        }
        let walked = super::walk(&root.join("s"));
        let mut checked = 0;
        for folder in &walked.folders {
            let name = folder.path.file_name().unwrap().to_string_lossy();
            if !name.starts_with("case") {
                continue;
            }
            assert_eq!(
                folder.marks.is_site_root(),
                is_site_root(&folder.path),
                "{name}"
            );
            assert_eq!(
                folder.marks.is_content_site_root(),
                folder.path.join("content").is_dir() && has_hugo_or_zola_config(&folder.path),
                "{name}"
            );
            checked += 1;
        }
        assert_eq!(checked, cases);
        assert!(walked.folders.iter().any(|f| f.marks.is_site_root()));
        assert!(
            walked
                .folders
                .iter()
                .any(|f| f.marks.is_content_site_root())
        );
    }

    /// The fingerprint the walk takes of each post file is the one a `stat` of its path
    /// gives, a file reached through a link included; and a folder reached through a link
    /// is not plain.
    #[cfg(unix)]
    #[test]
    fn each_post_file_comes_with_its_fingerprint_and_each_folder_says_if_it_is_a_link() {
        use crate::loader::fingerprint::Fingerprint;
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "real/a.md");
        touch(dir.path(), "b.md");
        std::os::unix::fs::symlink(dir.path().join("b.md"), dir.path().join("c.md")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("via")).unwrap();
        let walked = super::walk(dir.path());
        let files: Vec<&PathBuf> = walked
            .found
            .iter()
            .map(|s| s.found.as_ref().unwrap())
            .collect();
        assert_eq!(
            relative(
                dir.path(),
                &files.iter().map(|p| p.to_path_buf()).collect::<Vec<_>>()
            ),
            ["b.md", "c.md", "real/a.md", "via/a.md"]
        );
        for spotted in &walked.found {
            let path = spotted.found.as_ref().unwrap();
            let stat = Fingerprint::of(&fs::metadata(path).unwrap());
            assert_eq!(spotted.fingerprint, Some(stat), "{}", path.display());
        }
        let plain = |name: &str| {
            walked
                .folders
                .iter()
                .find(|f| f.path == dir.path().join(name))
                .map(|f| f.plain)
        };
        assert_eq!(plain("real"), Some(true));
        assert_eq!(plain("via"), Some(false));
    }

    /// A walk for a load that reads every file finds what a full walk finds, folders and
    /// sites included, and takes no fingerprint but those of files reached through a link.
    #[cfg(unix)]
    #[test]
    fn a_walk_to_read_all_finds_the_same_without_fingerprints() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "site/content/posts/a.md");
        touch(dir.path(), "site/content/b/index.md");
        touch(dir.path(), "site/hugo.toml");
        touch(dir.path(), "site/layouts/x.md");
        touch(dir.path(), "notes/c.markdown");
        std::os::unix::fs::symlink(dir.path().join("notes/c.markdown"), dir.path().join("d.md"))
            .unwrap();
        let full = super::walk(dir.path());
        let light = super::walk_to_read_all(dir.path());
        let paths = |walk: &Walk| -> Vec<PathBuf> {
            walk.found
                .iter()
                .map(|s| s.found.clone().unwrap())
                .collect()
        };
        assert_eq!(paths(&light), paths(&full));
        assert_eq!(paths(&full).len(), 4, "{:?}", paths(&full));
        let folders = |walk: &Walk| -> Vec<(PathBuf, bool, bool)> {
            walk.folders
                .iter()
                .map(|f| (f.path.clone(), f.posts, f.marks.is_content_site_root()))
                .collect()
        };
        assert_eq!(folders(&light), folders(&full));
        for (light, full) in light.found.iter().zip(&full.found) {
            let path = light.found.as_ref().unwrap();
            assert!(full.fingerprint.is_some());
            let linked = fs::symlink_metadata(path).unwrap().is_symlink();
            assert_eq!(
                light.fingerprint,
                linked.then_some(full.fingerprint).flatten()
            );
        }
    }

    #[test]
    fn a_walk_keeping_less_finds_the_same_and_says_which_folders_hold_posts() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "posts/2024/a.md");
        touch(dir.path(), "posts/2024/b.md");
        touch(dir.path(), "posts/c.md");
        touch(dir.path(), "empty/notes.txt");
        touch(dir.path(), "deep/er/d.markdown");
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("broken.md")).unwrap();
        let whole = super::walk(dir.path());
        let kept = walk_keeping(
            dir.path(),
            Fingerprints::Take,
            |found, fingerprint| match found {
                Ok(path) => Ok((path, fingerprint)),
                Err(problem) => Err(problem.message),
            },
        );
        let expected: Vec<_> = whole
            .found
            .iter()
            .map(|s| match &s.found {
                Ok(path) => Ok((path.clone(), s.fingerprint)),
                Err(problem) => Err(problem.message.clone()),
            })
            .collect();
        assert_eq!(kept.found, expected);
        assert_eq!(expected.iter().filter(|f| f.is_err()).count(), 1);
        let holding: Vec<_> = kept
            .folders
            .iter()
            .filter(|f| f.posts)
            .map(|f| f.path.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        let expected = ["posts", "deep/er", "posts/2024"].map(PathBuf::from);
        assert_eq!(holding, expected);
        // It keeps no listing for a later walk; a walk for the index keeps one of each
        // folder without a link or a problem.
        let listed = |walk: &[WalkedFolder]| {
            walk.iter()
                .filter(|f| {
                    matches!(
                        f.seen.as_deref(),
                        Some(Seen {
                            read: FolderRead::Listed(Some(_)),
                            ..
                        })
                    )
                })
                .count()
        };
        assert!(kept.folders.iter().all(|f| f.seen.is_none()));
        assert_eq!(whole.folders.len(), 6);
        assert_eq!(listed(&whole.folders), whole.folders.len() - 1);
    }

    proptest::proptest! {
        /// Rearranged in place, the files are those a gather by `order` gives.
        #[test]
        fn a_permutation_in_place_is_the_gather(seed in proptest::collection::vec(0..1000u32, 0..40)) {
            let mut order: Vec<usize> = (0..seed.len()).collect();
            order.sort_by_key(|&i| (seed[i], i));
            let files: Vec<String> = (0..seed.len()).map(|i| format!("f{i}")).collect();
            let gathered: Vec<String> = order.iter().map(|&i| files[i].clone()).collect();
            proptest::prop_assert_eq!(permuted(files, order), gathered);
        }
    }

    /// A folder nested as deep as a path can name is walked without recursion.
    #[test]
    fn a_deeply_nested_folder_is_walked() {
        let dir = tempfile::tempdir().unwrap();
        let deep: PathBuf = std::iter::repeat_n("d", 1500).collect();
        touch(dir.path(), &deep.join("deep.md").to_string_lossy());
        let (files, problems) = walk(dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(files, [dir.path().join(&deep).join("deep.md")]);
    }

    /// A level wider than the folders read at once is read in slices, in order all the same.
    #[test]
    fn a_level_of_more_folders_than_are_read_at_once_is_walked_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let wide = 2 * FOLDERS_AT_ONCE + 7;
        let mut expected = Vec::new();
        for i in (0..wide).rev() {
            let name = format!("f{i}/sub/p.md");
            touch(dir.path(), &name);
            expected.push(dir.path().join(name));
        }
        expected.sort();
        let (files, problems) = walk(dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(files, expected);
    }

    #[cfg(unix)]
    #[test]
    fn follows_links_and_reports_a_link_loop_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "real/post.md");
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("real/loop")).unwrap();
        let (files, problems) = walk(dir.path());
        assert_eq!(
            relative(dir.path(), &files),
            ["linked/post.md", "real/post.md"]
        );
        assert!(!problems.is_empty());
        assert!(
            problems.iter().all(|p| p.message.contains("loop")),
            "{problems:?}"
        );
    }

    /// What a test recalls: listings by folder path.
    #[derive(Default)]
    struct Remembered(std::collections::HashMap<PathBuf, (Fingerprint, Listed)>);

    impl Remembered {
        /// Every listing `walk` made that a later walk may recall.
        fn of(walk: &Walk) -> Remembered {
            let mut remembered = Remembered::default();
            for folder in &walk.folders {
                if let Some(Seen {
                    fingerprint,
                    read: FolderRead::Listed(Some(listed)),
                }) = folder.seen.as_deref()
                {
                    remembered
                        .0
                        .insert(folder.path.clone(), (*fingerprint, listed.clone()));
                }
            }
            remembered
        }
    }

    impl Recall for Remembered {
        fn recall(&self, path: &Path) -> Option<Recalled<'_>> {
            self.0.get(path).map(|(fingerprint, listed)| Recalled {
                fingerprint: *fingerprint,
                listed,
            })
        }
    }

    /// What a walk gives that does not depend on how it had the folders' entries.
    fn seen(walk: &Walk) -> (Vec<(Found, Option<Fingerprint>)>, Vec<String>) {
        let found = walk
            .found
            .iter()
            .map(|s| (s.found.clone(), s.fingerprint))
            .collect();
        let folders = walk
            .folders
            .iter()
            .map(|f| {
                format!(
                    "{} plain={} posts={} parent={:?} marks={:?} fingerprint={:?}",
                    f.path.display(),
                    f.plain,
                    f.posts,
                    f.parent,
                    f.marks,
                    f.seen.as_ref().map(|seen| seen.fingerprint)
                )
            })
            .collect();
        (found, folders)
    }

    fn recalled(walk: &Walk) -> Vec<PathBuf> {
        walk.folders
            .iter()
            .filter(|f| {
                f.seen
                    .as_ref()
                    .is_some_and(|s| s.read == FolderRead::Recalled)
            })
            .map(|f| f.path.clone())
            .collect()
    }

    /// A walk that recalls every folder it can finds exactly what a walk reading them all
    /// finds; a folder holding a link, a pipe or hidden machinery only a site root skips is
    /// recalled only when nothing in it can change unseen.
    #[cfg(unix)]
    #[test]
    fn a_walk_recalling_its_folders_finds_what_reading_them_finds() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "_posts/2024-01-01-a.md");
        touch(dir.path(), "_posts/2024-01-02-b.markdown");
        touch(dir.path(), "_posts/notes.txt");
        touch(dir.path(), "_posts/.hidden.md");
        touch(dir.path(), "_config.yml");
        touch(dir.path(), "_includes/x.md");
        touch(dir.path(), "site/hugo.toml");
        touch(dir.path(), "site/content/c/index.md");
        touch(dir.path(), "site/layouts/l.md");
        touch(dir.path(), "linked/d.md");
        std::os::unix::fs::symlink(dir.path().join("_posts"), dir.path().join("linked/posts"))
            .unwrap();
        let fifo = dir.path().join("piped/p.md");
        touch(dir.path(), "piped/q.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let read = super::walk(dir.path());
        let remembered = Remembered::of(&read);
        let recalling = walk_recalling(dir.path(), &remembered);
        assert_eq!(seen(&recalling), seen(&read));
        let name = |path: &Path| path.strip_prefix(dir.path()).unwrap().display().to_string();
        let mut recalled: Vec<String> = recalled(&recalling).iter().map(|p| name(p)).collect();
        recalled.sort();
        assert_eq!(
            recalled,
            [
                "",
                "_posts",
                "linked/posts",
                "site",
                "site/content",
                "site/content/c"
            ]
        );
        // A file in a recalled folder changed: its fingerprint is the new one.
        fs::write(dir.path().join("_posts/2024-01-01-a.md"), "changed").unwrap();
        let again = walk_recalling(dir.path(), &remembered);
        assert_eq!(seen(&again), seen(&super::walk(dir.path())));
    }

    /// A listing is recalled only for the fingerprint it was listed with, and one that no
    /// longer holds (an entry gone, or of another kind) is dropped for a reading.
    #[cfg(unix)]
    #[test]
    fn a_listing_is_recalled_only_while_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "a/one.md");
        touch(dir.path(), "a/two.md");
        touch(dir.path(), "b/three.md");
        let first = super::walk(dir.path());
        let mut remembered = Remembered::of(&first);
        // The folder's times moved: its listing is not taken, whatever it says.
        let root = remembered.0.get_mut(dir.path()).unwrap();
        root.0.modified.nanos ^= 1;
        root.1 = Listed::default();
        let walked = walk_recalling(dir.path(), &remembered);
        assert_eq!(seen(&walked), seen(&first));
        assert!(!recalled(&walked).contains(&dir.path().to_path_buf()));
        // The same times, but an entry is no longer what the listing says (as after a change
        // within one timestamp tick, or from a damaged index): the folder is read.
        let mut remembered = Remembered::of(&first);
        fs::remove_file(dir.path().join("a/two.md")).unwrap();
        fs::remove_dir_all(dir.path().join("b")).unwrap();
        touch(dir.path(), "b");
        let a = dir.path().join("a");
        for folder in [&a, dir.path()] {
            let (fingerprint, _) = remembered.0.get_mut(folder).unwrap();
            *fingerprint = Fingerprint::of(&fs::metadata(folder).unwrap());
        }
        let walked = walk_recalling(dir.path(), &remembered);
        assert_eq!(seen(&walked), seen(&super::walk(dir.path())));
        assert_eq!(relative(dir.path(), &walk(dir.path()).0), ["a/one.md"]);
        assert!(recalled(&walked).is_empty(), "{:?}", recalled(&walked));
        // A listing naming what no listing holds (a crafted index) leads nowhere else.
        let now = Fingerprint::of(&fs::metadata(dir.path()).unwrap());
        for name in ["..", ".", "", ".hidden"] {
            let mut crafted = Listed::default();
            crafted.push(OsStr::new(name), true);
            crafted.push(OsStr::new("a"), true);
            let remembered = Remembered([(dir.path().to_path_buf(), (now, crafted))].into());
            let walked = walk_recalling(dir.path(), &remembered);
            assert_eq!(seen(&walked), seen(&super::walk(dir.path())), "{name:?}");
        }
    }

    /// A link's target can change while the folder holding the link does not: a folder
    /// with a link in it is read every time, whatever its times say.
    #[cfg(unix)]
    #[test]
    fn a_folder_holding_a_link_is_read_every_time() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "site/content/a.md");
        touch(dir.path(), "site/layouts/x.md");
        touch(dir.path(), "elsewhere/hugo.toml");
        std::os::unix::fs::symlink(
            dir.path().join("elsewhere/hugo.toml"),
            dir.path().join("site/hugo.toml"),
        )
        .unwrap();
        let site = dir.path().join("site");
        let first = super::walk(&site);
        assert_eq!(relative(&site, &walk(&site).0), ["content/a.md"]);
        let remembered = Remembered::of(&first);
        // The configuration the link named is gone: `site` is no site root any more, and
        // its own times have not moved.
        fs::remove_file(dir.path().join("elsewhere/hugo.toml")).unwrap();
        let walked = walk_recalling(&site, &remembered);
        assert_eq!(seen(&walked), seen(&super::walk(&site)));
        assert!(!recalled(&walked).contains(&site));
        let (files, problems) = walk(&site);
        assert_eq!(relative(&site, &files), ["content/a.md", "layouts/x.md"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[cfg(unix)]
    proptest::proptest! {
        /// A listing gives back the names pushed, in order, whatever bytes they hold (but
        /// the two no name can).
        #[test]
        fn a_listing_gives_back_its_names(
            names in proptest::collection::vec(
                (proptest::collection::vec(1u8..=255, 1..12), proptest::bool::ANY), 0..8)
        ) {
            use std::os::unix::ffi::OsStrExt;
            let mut listed = Listed::default();
            let mut pushed = Vec::new();
            for (name, folder) in &names {
                let name: Vec<u8> = name.iter().map(|&b| if b == b'/' { b'x' } else { b }).collect();
                proptest::prop_assert!(listed.push(OsStr::from_bytes(&name), *folder));
                pushed.push((name, *folder));
            }
            let back: Vec<(Vec<u8>, bool)> = listed
                .entries()
                .map(|(name, folder)| (name.unwrap().as_bytes().to_vec(), folder))
                .collect();
            proptest::prop_assert_eq!(back, pushed);
        }
    }
}
