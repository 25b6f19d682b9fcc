//! The check a reader makes once it shows a folder: are the files still the posts shown?
//!
//! A reader started from the index alone ([`load_from_index`](super::load_from_index)) has
//! looked at no file. The check walks the folder; when every file is, in order, the one the
//! index knew (same name, same fingerprint, trusted when it was read) and the sites are as
//! they were, nothing changed and the index is not even read: at 100,000 posts that is the
//! difference between a walk and a second copy of the library in memory. Otherwise the
//! folder is compared through the index as a load through it would be, and only what changed
//! is made into posts.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::store::{self, Entry};
use super::{
    Bodies, CacheUse, Fresh, IndexCache, Scan, bytes_of, diagnostics_of, path_bytes,
    path_from_bytes, read_heads, reuse, scan_walked,
};
use crate::loader::{LoadOptions, SiteFinder, walk};
use crate::model::{Diagnostic, Post};
use fingerprint::Stamp;

use super::fingerprint;

/// The files a reader shows, as [`check_index`] compares them with the folder: each one's
/// path below the root and the key of the file it was read from.
#[derive(Debug, Default)]
pub struct Shown {
    /// The paths below the root, one after another: each [`ShownFile::end`] ends one.
    names: Vec<u8>,
    files: Vec<ShownFile>,
    /// The problems the index kept for its files, each with its file's place in `files`.
    problems: Vec<(usize, Diagnostic)>,
    /// The site configurations of the index the files came from; `None` for files that came
    /// from a load (under the configurations the index has).
    sites: Option<u64>,
}

#[derive(Debug, Clone, Copy)]
struct ShownFile {
    end: usize,
    /// The key of the file as it was read, when a change since is sure to alter it (see
    /// [`fingerprint::Fingerprint::settled`]).
    key: Option<u64>,
    /// A post, not a file the index keeps only for its problems (binary, too large).
    post: bool,
}

impl Shown {
    /// The posts of a load of `root` (a post outside it is not compared): each with the key
    /// of the file its body is left in ([`crate::model::BodyOnDisk::file_key`]).
    pub fn of_posts(root: &Path, posts: &[Post]) -> Shown {
        let mut shown = Shown::default();
        for post in posts {
            if let Ok(relative) = post.path.strip_prefix(root) {
                shown.push(
                    &path_bytes(relative),
                    post.body_file.map(|f| f.file_key),
                    true,
                );
            }
        }
        shown
    }

    /// The files pushed, as an index whose sites had the stamp `sites` gave them (see
    /// [`load_from_index`](super::load_from_index)).
    pub(super) fn under_sites(mut self, sites: u64) -> Shown {
        self.sites = Some(sites);
        self
    }

    /// The next entry of an index, in its order, as the post at `path` made of it shows it.
    pub(super) fn push_entry(&mut self, entry: &Entry, path: &Path, settle: Duration) {
        let at = self.files.len();
        self.problems
            .extend(diagnostics_of(path, entry).into_iter().map(|d| (at, d)));
        let settled = entry.fingerprint.settled(entry.read_at, settle);
        let key = settled.then(|| entry.fingerprint.key());
        self.push(&entry.relative, key, entry.post.is_some());
    }

    fn push(&mut self, relative: &[u8], key: Option<u64>, post: bool) {
        self.names.extend_from_slice(relative);
        self.files.push(ShownFile {
            end: self.names.len(),
            key,
            post,
        });
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.names.shrink_to_fit();
        self.files.shrink_to_fit();
        self.problems.shrink_to_fit();
    }

    /// Each file's name below the root, with what was shown of it.
    fn each(&self) -> impl Iterator<Item = (&[u8], ShownFile)> {
        let starts = std::iter::once(0).chain(self.files.iter().map(|f| f.end));
        starts
            .zip(&self.files)
            .map(|(start, file)| (&self.names[start..file.end], *file))
    }

    /// How many files are shown.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// What changed on disk against the posts a reader shows (see [`check_index`]).
#[derive(Debug, Default)]
pub struct Check {
    /// Posts new, or whose file is not the one shown: as they are now.
    pub changed: Vec<Post>,
    /// Posts shown that are no longer there.
    pub gone: Vec<PathBuf>,
    /// Every problem of the load, as [`load_indexed`](super::load_indexed) would give them.
    pub diagnostics: Vec<Diagnostic>,
    pub usage: CacheUse,
}

/// Compares the folder with the files `shown`, as [`load_indexed`](super::load_indexed)
/// would load it, and saves the index when anything changed. Only what changed is made into
/// posts; when nothing did, the index is not read.
pub fn check_index(root: &Path, options: &LoadOptions, cache: &IndexCache, shown: &Shown) -> Check {
    if let Some(check) = unchanged(root, shown) {
        return check;
    }
    let started = Stamp::now();
    let walked = crate::loader::WalkSites::of(walk::walk(root));
    // Posts shown under other site configurations than the files' now are all changed:
    // what they inherit (language, defaults) may be.
    let same_sites = shown
        .sites
        .is_none_or(|stamp| stamp == walked.finder().stamp());
    // Only the entries' heads are kept while the files are compared: a post shown as it is
    // needs nothing more, and the few others are made from the index read again.
    let stored = read_heads(&cache.file_for(root));
    let Scan {
        outcomes,
        stored,
        changed,
        usage,
        problems,
        saving,
    } = scan_walked(
        root,
        options,
        cache,
        Bodies::OnDemand,
        started,
        walked,
        stored,
    );
    let mut check = Check {
        usage,
        diagnostics: problems,
        ..Check::default()
    };
    let places: foldhash::HashMap<&[u8], usize> = shown
        .each()
        .enumerate()
        .filter(|(_, (_, file))| file.post)
        .map(|(at, (name, _))| (name, at))
        .collect();
    let mut found = vec![false; shown.len()];
    // Whether the post at `path` is shown from the file whose key is `key`; it is found.
    let mut is_shown = |path: &Path, key: Option<u64>| {
        let relative = bytes_of(path.strip_prefix(root).unwrap_or(path));
        let Some(&at) = places.get(relative.as_ref()) else {
            return false;
        };
        found[at] = true;
        same_sites && key.is_some() && shown.files[at].key == key
    };
    let mut wanted: Vec<(usize, PathBuf)> = Vec::new();
    let mut kept = Vec::with_capacity(if changed { outcomes.len() } else { 0 });
    for outcome in outcomes {
        match &outcome.entry {
            Fresh::Reused { at, path, .. } => {
                let head = &stored[*at];
                let key = Some(head.fingerprint.key());
                if !is_shown(path, key) && head.post.is_some() {
                    wanted.push((*at, path.clone()));
                }
                check.diagnostics.extend(diagnostics_of(path, head));
            }
            _ => {
                if let Some(post) = &outcome.post
                    && !is_shown(&post.path, post.body_file.map(|f| f.file_key))
                {
                    check.changed.push((**post).clone());
                }
                check
                    .diagnostics
                    .extend(outcome.diagnostics.iter().cloned());
            }
        }
        if changed {
            kept.push(outcome.entry);
        }
    }
    check.gone = shown
        .each()
        .zip(&found)
        .filter(|((_, file), found)| file.post && !**found)
        .map(|((name, _), _)| root.join(path_from_bytes(name)))
        .collect();
    check.gone.sort();
    if wanted.is_empty() && !changed {
        return check;
    }
    // The whole index again, each entry taken only if it is still the one compared (another
    // kiji may have saved the index meanwhile).
    let whole: foldhash::HashMap<Vec<u8>, Entry> = store::read(&saving.file)
        .map(|index| index.entries)
        .unwrap_or_default()
        .into_iter()
        .map(|entry| (entry.relative.clone(), entry))
        .collect();
    let full = |at: usize| {
        let head = &stored[at];
        whole
            .get(&head.relative)
            .filter(|entry| entry.fingerprint == head.fingerprint && entry.read_at == head.read_at)
    };
    for (at, path) in wanted {
        match full(at) {
            Some(entry) => check.changed.extend(reuse(&path, entry, None).0),
            // Not in the index as compared: the file as it is now.
            None => {
                if let crate::loader::Reread::Parsed(post) =
                    crate::loader::reread(&path, options.max_post_bytes)
                {
                    check.changed.push(post);
                }
            }
        }
    }
    if changed {
        let saved = saving.save(kept, full, cache);
        check.usage.record_save(saved);
    }
    check
}

/// The check when every file walked is, in order, one `shown` from the index as it was read
/// (and the sites are as the index had them); `None` when any is not, or may not be. Of each
/// file only that answer is kept, never its path.
fn unchanged(root: &Path, shown: &Shown) -> Option<Check> {
    let stamp = shown.sites?;
    let places: foldhash::HashMap<&[u8], usize> = shown
        .each()
        .enumerate()
        .map(|(at, (name, _))| (name, at))
        .collect();
    let walked = walk::walk_keeping(root, walk::Fingerprints::Take, |found, fingerprint| {
        let file = match found {
            Ok(file) => file,
            Err(problem) => return Seen::Problem(Box::new(problem)),
        };
        let relative = bytes_of(file.strip_prefix(root).unwrap_or(&file));
        match places.get(relative.as_ref()) {
            Some(&at) if fingerprint.is_some_and(|f| shown.files[at].key == Some(f.key())) => {
                Seen::Same(at)
            }
            _ => Seen::Other,
        }
    });
    let sites = SiteFinder::of_walk(&walked.folders)?;
    if sites.stamp() != stamp {
        return None;
    }
    let mut diagnostics = sites.problems();
    let mut problems = shown.problems.iter().peekable();
    let mut next = 0;
    for seen in walked.found {
        match seen {
            Seen::Problem(problem) => diagnostics.push(*problem),
            Seen::Same(at) if at == next => {
                next += 1;
                while let Some((_, problem)) = problems.next_if(|(of, _)| *of == at) {
                    diagnostics.push(problem.clone());
                }
            }
            // A file not shown, changed, or out of the order shown.
            Seen::Same(_) | Seen::Other => return None,
        }
    }
    (next == shown.len()).then(|| Check {
        diagnostics,
        usage: CacheUse {
            reused: next,
            ..CacheUse::default()
        },
        ..Check::default()
    })
}

/// What [`unchanged`] keeps of a file walked.
enum Seen {
    /// The file shown at this place, as it was read.
    Same(usize),
    /// Any other file.
    Other,
    /// Boxed: a walk holds one of these per file, and problems are few.
    Problem(Box<Diagnostic>),
}
