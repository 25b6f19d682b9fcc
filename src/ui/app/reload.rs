//! The library changing under the reader: posts read again after the watcher saw their
//! files change, after `R`, after `e` and the editor, or the neighbours of `kiji FILE`
//! arriving. What the user was doing stays as it was: the selected post stays selected, the
//! sort, filters and search still apply, and the open post is laid out again on the same
//! text (the place found again in the new text, as resuming does).
//!
//! A file that does not parse (an editor half-way through saving it) never replaces what was
//! shown: the last good version stays until a later change parses. A post deleted while it
//! is being read stays in the reader, and in the list, until the next change on disk or `R`
//! finds the reader has left it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::loader::Reread;
use crate::loader::cache::{self, Check, IndexCache, Shown};
use crate::model::{Diagnostic, Post, PostUpdate};
use crate::state::Anchor;

use super::super::geometry::Focus;
use super::super::overlay::Overlay;
use super::super::reader::Reader;
use super::App;

/// What asked for posts to be read again: it decides what the status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReloadCause {
    /// The watcher saw files change.
    Watch,
    /// `R`.
    Rescan,
    /// The editor `e` started has exited.
    Edited,
    /// The posts around the one `kiji FILE` opened.
    Neighbours,
}

/// The reload requests `update` leaves for the event loop, and what it must remember
/// between them.
#[derive(Debug, Default)]
pub struct Reloading {
    /// The folder the posts come from: watched, and walked again by `R`. None for the
    /// bundled samples.
    root: Option<PathBuf>,
    rescan_requested: bool,
    edit_requested: Option<EditRequest>,
    /// The open post's file was deleted; it is kept while it is open.
    deleted_open: Option<PathBuf>,
    /// The index cache to check the posts against once the watch is on (see
    /// [`App::with_index_check`]).
    index_check: Option<(IndexCache, Option<Shown>)>,
}

/// `e`: the file to open in the editor, at the line being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRequest {
    pub path: PathBuf,
    /// 1-based line of the file.
    pub line: usize,
}

impl App {
    /// The folder the posts were loaded from, watched while the reader runs and walked
    /// again by `R`.
    pub fn with_root(mut self, root: PathBuf) -> Self {
        self.reloading.root = Some(root);
        self
    }

    /// Once the watch on the folder is on, its files are compared with the posts shown
    /// through the index in `cache` (see [`cache::check_index`]): posts shown from the index
    /// alone are brought up to date, and a change made before the watch began is seen.
    /// `shown`: the files as the index gave them, when the posts came from it alone.
    pub fn with_index_check(mut self, cache: IndexCache, shown: Option<Shown>) -> Self {
        self.reloading.index_check = Some((cache, shown));
        self
    }

    /// The check asked for by [`App::with_index_check`], once: the cache, and the files
    /// shown (each post with the key of the file its body is left in, unless the index
    /// gave them).
    pub fn take_index_check(&mut self) -> Option<(IndexCache, Shown)> {
        let (cache, shown) = self.reloading.index_check.take()?;
        let root = self.reloading.root.as_deref()?;
        let shown = shown.unwrap_or_else(|| Shown::of_posts(root, &self.library.posts));
        Some((cache, shown))
    }

    /// Applies what [`cache::check_index`] found, as changes seen by the watcher are.
    pub fn apply_check(&mut self, check: Check) {
        let rereads = check
            .changed
            .into_iter()
            .map(Reread::Parsed)
            .chain(check.gone.into_iter().map(Reread::Gone))
            .collect();
        self.apply_rereads(rereads, ReloadCause::Watch);
        // Each post's problems came with it; what the index alone could not say (the sites'
        // problems, the walk's) comes with the check. Problems found since (Liquid's, as a
        // post is shown) stay.
        let known: std::collections::HashSet<&Diagnostic> =
            self.library.diagnostics.iter().collect();
        let fresh: Vec<Diagnostic> = check
            .diagnostics
            .into_iter()
            .filter(|problem| !known.contains(problem))
            .collect();
        self.library.diagnostics.extend(fresh);
        if let Some(Overlay::Diagnostics { scroll }) = &mut self.overlay {
            *scroll = (*scroll).min(self.library.diagnostics.len().saturating_sub(1));
        }
        if let Some(warning) = check.usage.warning {
            self.say(format!("warning: {warning}"));
        }
    }

    pub fn root(&self) -> Option<&Path> {
        self.reloading.root.as_deref()
    }

    /// `R`: asks the event loop to read every post again. False when there is no folder to
    /// read (the bundled samples).
    pub(in crate::ui) fn request_rescan(&mut self) -> bool {
        if self.reloading.root.is_none() {
            return false;
        }
        self.reloading.rescan_requested = true;
        true
    }

    /// The folder and the files to read again, once after `R`.
    pub fn take_rescan_request(&mut self) -> Option<(PathBuf, Vec<PathBuf>)> {
        if !std::mem::take(&mut self.reloading.rescan_requested) {
            return None;
        }
        let root = self.reloading.root.clone()?;
        let known = self.library.posts.iter().map(|p| p.path.clone()).collect();
        Some((root, known))
    }

    /// `e`: asks the event loop to open the post being read (else the selected one) in an
    /// editor, at the line at the top of the reader. False when there is no file to edit.
    pub(in crate::ui) fn request_edit(&mut self) -> bool {
        let Some(post) = self.target_post() else {
            return false;
        };
        let data = &self.library.posts[post];
        // The file itself is the event loop's to check: update touches no files.
        if self.reloading.root.is_none() {
            return false;
        }
        let place = self
            .reader
            .get()
            .filter(|r| r.post() == post)
            .map_or(0, Reader::place);
        let upto = place.min(data.body.len());
        let newlines = data.body.as_bytes()[..upto]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.reloading.edit_requested = Some(EditRequest {
            path: data.path.clone(),
            line: data.body_line + newlines,
        });
        true
    }

    pub fn take_edit_request(&mut self) -> Option<EditRequest> {
        self.reloading.edit_requested.take()
    }

    /// Applies posts read again from disk (see the module docs for what is kept).
    pub fn apply_rereads(&mut self, rereads: Vec<Reread>, cause: ReloadCause) {
        // The post being read; one merely previewed beside the list just goes when deleted.
        let open_path = self
            .reader
            .get()
            .filter(|_| self.focus == Focus::Reader)
            .map(|r| self.library.posts[r.post()].path.clone());
        // `R` brings every post: find each by its path in one lookup, not a scan.
        let known: HashMap<&Path, usize> = self
            .library
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.as_path(), i))
            .collect();
        let mut updates = Vec::new();
        let mut notes = Notes::default();
        if let Some(deleted) = self.reloading.deleted_open.take() {
            if open_path.as_ref() == Some(&deleted) {
                self.reloading.deleted_open = Some(deleted);
            } else if cause != ReloadCause::Neighbours {
                updates.push(PostUpdate::Removed(deleted));
            }
        }
        for reread in rereads {
            match reread {
                Reread::Parsed(post) => {
                    let known = known.get(post.path.as_path()).copied();
                    if known.is_some_and(|i| is_unchanged(&self.library.posts[i], &post))
                        || self.site_posts.is_original(&post)
                    {
                        continue;
                    }
                    self.site_posts.forget(&post);
                    if self.reloading.deleted_open.as_ref() == Some(&post.path) {
                        self.reloading.deleted_open = None;
                    }
                    notes.changed(&post.path, known.is_some());
                    updates.push(PostUpdate::Changed(post));
                }
                Reread::Unfinished { path, post, reason } => {
                    if known.contains_key(path.as_path()) {
                        notes.kept(&path, &reason);
                    } else if let Some(post) = post {
                        notes.changed(&path, false);
                        updates.push(PostUpdate::Changed(post));
                    }
                }
                Reread::Gone(path) => {
                    for post in &self.library.posts {
                        if !post.path.starts_with(&path) {
                            continue;
                        }
                        if open_path.as_ref() == Some(&post.path) {
                            notes.deleted_open(&post.path);
                            self.reloading.deleted_open = Some(post.path.clone());
                        } else {
                            notes.removed(&post.path);
                            updates.push(PostUpdate::Removed(post.path.clone()));
                        }
                    }
                }
            }
        }
        if !updates.is_empty() {
            self.apply_updates(updates);
            // The open post, read again, is shown rendered again.
            if let Some(open) = self.reader.get().map(Reader::post) {
                self.show_as_site_does(open);
            }
        }
        if let Some(note) = notes.say(cause) {
            self.say(note);
        }
    }

    pub(super) fn apply_updates(&mut self, updates: Vec<PostUpdate>) {
        // The open post's place, as text, to find again in its new version.
        let open = self.reader.get().map(|r| {
            let post = &self.library.posts[r.post()];
            (post.path.clone(), Anchor::at(&post.body, r.place()))
        });
        let changed_open = open.as_ref().is_some_and(|(path, _)| {
            updates
                .iter()
                .any(|u| matches!(u, PostUpdate::Changed(post) if &post.path == path))
        });
        let remap = self.library.apply(updates);
        self.persistence.remap(&self.library.posts, &remap);
        self.list
            .replace_library(&self.library, &remap, self.settings.rates);
        self.reader.remap(&remap);
        self.read_shown_body();
        // The post offered by Space at the end, and the one to reopen, by their new places.
        self.next_unread_offer = self.next_unread_offer.and_then(|p| remap.get(p));
        self.reopen_on_start = self.reopen_on_start.and_then(|p| remap.get(p));
        self.search.index_mut().library_changed(&remap);
        // Found before the change, its batches would name posts by their old places.
        self.search_again();
        if let (true, Some((_, anchor)), Some(post)) =
            (changed_open, open, self.reader.get().map(Reader::post))
        {
            let with = super::showing(&self.settings, &self.search, self.text_size());
            let data = &self.library.posts[post];
            self.reader.reload(data, anchor.resolve(&data.body), with);
            if matches!(self.overlay, Some(Overlay::Outline { .. })) {
                // Its headings were the old version's.
                self.overlay = None;
            }
        }
        if let Some(Overlay::Diagnostics { scroll }) = &mut self.overlay {
            *scroll = (*scroll).min(self.library.diagnostics.len().saturating_sub(1));
        }
        self.narrow_picker();
        self.refilter_in_place();
        // The panes may change (one post became many): lay out for them.
        self.resize(self.area.width, self.area.height);
    }
}

/// Whether `read` (a post read again) is the post `shown` is. A post whose body was left in
/// its file is the same when its file is and everything else is.
fn is_unchanged(shown: &Post, read: &Post) -> bool {
    match (&shown.body_file, &read.body_file) {
        (Some(file), None) => cache::is_as_read(&shown.path, file) && shown.is_same_but_body(read),
        _ => shown.is_same_post(read),
    }
}

/// What the status line says after a reload: the one change by name, or how many.
#[derive(Debug, Default)]
struct Notes {
    added: Vec<String>,
    changed: Vec<String>,
    removed: Vec<String>,
    kept: Option<String>,
    deleted_open: Option<String>,
}

fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

impl Notes {
    fn changed(&mut self, path: &Path, known: bool) {
        match known {
            true => self.changed.push(name(path)),
            false => self.added.push(name(path)),
        }
    }

    fn removed(&mut self, path: &Path) {
        self.removed.push(name(path));
    }

    fn kept(&mut self, path: &Path, reason: &str) {
        self.kept = Some(format!(
            "{}: {reason}; showing the last version that parsed",
            name(path)
        ));
    }

    fn deleted_open(&mut self, path: &Path) {
        self.deleted_open = Some(format!(
            "{} was deleted on disk; showing what was loaded",
            name(path)
        ));
    }

    fn say(self, cause: ReloadCause) -> Option<String> {
        if let Some(note) = self.deleted_open.or(self.kept) {
            return Some(note);
        }
        let counts = [
            (self.added, "added"),
            (self.changed, "reloaded"),
            (self.removed, "removed"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .filter(|(names, _)| !names.is_empty())
            .map(|(names, what)| match names.as_slice() {
                [one] => format!("{what} {one}"),
                many => format!("{what} {} posts", many.len()),
            })
            .collect();
        match (parts.is_empty(), cause) {
            (_, ReloadCause::Neighbours) => None,
            (true, ReloadCause::Rescan) => Some("read every post again: nothing changed".into()),
            (true, _) => None,
            (false, ReloadCause::Rescan) => {
                Some(format!("read every post again: {}", parts.join(", ")))
            }
            (false, _) => Some(parts.join(", ")),
        }
    }
}
