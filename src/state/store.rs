//! The store of per-post state (read, starred, position) and the one JSON file that keeps it
//! between runs. Nothing is ever lost: saves replace the file atomically, a file that cannot
//! be parsed is moved aside before anything is written, and a file kiji cannot safely
//! replace is left alone for the whole run.
//!
//! Over 600 lines with its tests: the code is under 500, and the tests of crashes, merges
//! and damaged files stay beside the file handling they hold to.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::PostKey;
use super::anchor::Anchor;
use super::atomic;
use super::lists::{ListState, StoredList};
use crate::text::sanitize;

/// How each folder's list was left, by the folder's key.
type Lists = BTreeMap<PostKey, ListState>;

/// The state file's name inside the state directory.
pub const STATE_FILE: &str = "state.json";
/// Held (advisory lock) while a save reads, merges and replaces the state file.
const LOCK_FILE: &str = "state.lock";
/// Bumped when the file format changes incompatibly; an older kiji then leaves the file alone.
const FORMAT_VERSION: u32 = 1;

/// What kiji remembers about one post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostState {
    pub read: bool,
    pub starred: bool,
    /// Where the reader stopped; `None` for the top.
    pub position: Option<Anchor>,
}

impl PostState {
    /// The state every post has until something happens to it.
    pub const UNTOUCHED: PostState = PostState {
        read: false,
        starred: false,
        position: None,
    };

    fn is_untouched(&self) -> bool {
        *self == Self::UNTOUCHED
    }
}

/// Something the user should hear about, on one line, that does not stop kiji.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning(String);

impl Warning {
    pub(crate) fn new(message: String) -> Warning {
        Warning(message)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A save that did not happen; the store keeps its changes, so a later save can retry.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}: {source}", sanitize::path(path))]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{}: written by a newer kiji (format {version}); not replacing it",
        sanitize::path(path)
    )]
    Newer { path: PathBuf, version: u32 },
}

/// Read, starred and position state of every post, keyed by [`PostKey`].
#[derive(Debug)]
pub struct StateStore {
    /// Where saves go; `None` when nothing may be written (`--no-state`, or a state file
    /// kiji could not read or move aside, which must not be overwritten).
    file: Option<PathBuf>,
    posts: BTreeMap<PostKey, PostState>,
    /// Posts changed since the last save: only these are written over what is on disk, so
    /// two kiji processes saving in turn keep each other's changes.
    changed: BTreeSet<PostKey>,
    lists: Lists,
    /// Folders whose list changed since the last save, merged as `changed` is.
    lists_changed: BTreeSet<PostKey>,
}

impl StateStore {
    /// A store that starts empty and never touches the disk (`--no-state`).
    pub fn disabled() -> StateStore {
        StateStore {
            file: None,
            posts: BTreeMap::new(),
            changed: BTreeSet::new(),
            lists: Lists::new(),
            lists_changed: BTreeSet::new(),
        }
    }

    /// Opens the state kept in `dir` (which need not exist yet). Never fails: a problem
    /// becomes a one-line warning and a store that starts afresh, or one that keeps state
    /// for this run only when the file on disk must not be replaced.
    pub fn open(dir: &Path) -> (StateStore, Option<Warning>) {
        let file = dir.join(STATE_FILE);
        let shown = sanitize::path(&file);
        let (saves_to, (posts, lists), warning) = match read_state_file(&file) {
            Ok(OnDisk::Missing) => (Some(file.clone()), Default::default(), None),
            Ok(OnDisk::Current(contents)) => (Some(file.clone()), contents, None),
            Ok(OnDisk::Newer { version, contents }) => (
                None,
                contents,
                Some(format!(
                    "{shown} was written by a newer kiji (format {version}); \
                     using it, but not saving state this run"
                )),
            ),
            Err(ReadFailure::Io(err)) => (
                None,
                Default::default(),
                Some(format!(
                    "cannot read {shown} ({err}); not saving state this run"
                )),
            ),
            Err(ReadFailure::Corrupt(reason)) => match move_aside(&file) {
                Ok(bad) => (
                    Some(file.clone()),
                    Default::default(),
                    Some(format!(
                        "{shown} could not be parsed ({reason}); moved it to {} and started afresh",
                        sanitize::path(&bad)
                    )),
                ),
                Err(err) => (
                    None,
                    Default::default(),
                    Some(format!(
                        "{shown} could not be parsed ({reason}) nor moved aside ({err}); \
                         not saving state this run"
                    )),
                ),
            },
        };
        let store = StateStore {
            file: saves_to,
            posts,
            changed: BTreeSet::new(),
            lists,
            lists_changed: BTreeSet::new(),
        };
        (store, warning.map(Warning))
    }

    /// The file saves go to, or `None` when this store never writes.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    pub fn get(&self, key: &PostKey) -> &PostState {
        self.posts.get(key).unwrap_or(&PostState::UNTOUCHED)
    }

    pub fn set_read(&mut self, key: &PostKey, read: bool) {
        self.update(key, |state| state.read = read);
    }

    /// Flips read/unread and returns the new value.
    pub fn toggle_read(&mut self, key: &PostKey) -> bool {
        self.update(key, |state| state.read = !state.read);
        self.get(key).read
    }

    /// Flips the star and returns the new value.
    pub fn toggle_starred(&mut self, key: &PostKey) -> bool {
        self.update(key, |state| state.starred = !state.starred);
        self.get(key).starred
    }

    /// Remembers where the reader stopped; `None` forgets it (back to the top).
    pub fn set_position(&mut self, key: &PostKey, position: Option<Anchor>) {
        self.update(key, |state| state.position = position);
    }

    /// True when something changed since the last save.
    pub fn has_unsaved_changes(&self) -> bool {
        self.file.is_some() && !(self.changed.is_empty() && self.lists_changed.is_empty())
    }

    /// How the list of the folder keyed `folder` was left, if it was remembered.
    pub fn list(&self, folder: &PostKey) -> Option<&ListState> {
        self.lists.get(folder)
    }

    /// Remembers how the list of `folder` is now.
    pub fn set_list(&mut self, folder: &PostKey, list: ListState) {
        if self.lists.get(folder) != Some(&list) {
            self.lists.insert(folder.clone(), list);
            self.lists_changed.insert(folder.clone());
        }
    }

    fn update(&mut self, key: &PostKey, change: impl FnOnce(&mut PostState)) {
        let mut state = self.get(key).clone();
        change(&mut state);
        if state == *self.get(key) {
            return;
        }
        if state.is_untouched() {
            self.posts.remove(key);
        } else {
            self.posts.insert(key.clone(), state);
        }
        self.changed.insert(key.clone());
    }

    /// Writes the changes since the last save over the state on disk, atomically. Does
    /// nothing when nothing changed or the store does not save. Returns a warning when the
    /// file on disk had been damaged meanwhile (it is moved aside first).
    pub fn save(&mut self) -> Result<Option<Warning>, StateError> {
        self.save_with(|_| Ok(()))
    }

    /// [`save`](Self::save), running `before_rename` when the new file is written but not
    /// yet in place: tests put a simulated crash there.
    fn save_with(
        &mut self,
        before_rename: impl FnOnce(&Path) -> io::Result<()>,
    ) -> Result<Option<Warning>, StateError> {
        let Some(file) = self.file.clone() else {
            return Ok(None);
        };
        if self.changed.is_empty() && self.lists_changed.is_empty() {
            return Ok(None);
        }
        let dir = file.parent().unwrap_or(Path::new("."));
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StateError::Io { path, source }
        };
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        let lock = lock(dir);
        if lock.is_some() {
            // Every saver holds the lock while its temporary file exists, so any temporary
            // file seen now was left by a crash.
            remove_leftover_temps(dir);
        }
        let mut warning = None;
        let (mut merged, mut merged_lists) = match read_state_file(&file) {
            Ok(OnDisk::Missing) => Default::default(),
            Ok(OnDisk::Current(contents)) => contents,
            Ok(OnDisk::Newer { version, .. }) => {
                return Err(StateError::Newer {
                    path: file,
                    version,
                });
            }
            Err(ReadFailure::Io(source)) => return Err(StateError::Io { path: file, source }),
            Err(ReadFailure::Corrupt(reason)) => {
                let bad = move_aside(&file).map_err(io_error(&file))?;
                warning = Some(Warning(format!(
                    "{} had been damaged ({reason}); moved it to {} before saving",
                    sanitize::path(&file),
                    sanitize::path(&bad)
                )));
                Default::default()
            }
        };
        for key in &self.changed {
            match self.posts.get(key) {
                Some(state) => merged.insert(key.clone(), state.clone()),
                None => merged.remove(key),
            };
        }
        for folder in &self.lists_changed {
            if let Some(list) = self.lists.get(folder) {
                merged_lists.insert(folder.clone(), list.clone());
            }
        }
        let bytes = encode(&merged, &merged_lists);
        atomic::replace_file(&file, &bytes, before_rename).map_err(io_error(&file))?;
        drop(lock);
        self.posts = merged;
        self.changed.clear();
        self.lists = merged_lists;
        self.lists_changed.clear();
        Ok(warning)
    }
}

/// The state file as found on disk.
enum OnDisk {
    Missing,
    Current(Contents),
    /// A newer kiji's file: readable as far as this version understands it, never replaced.
    Newer {
        version: u32,
        contents: Contents,
    },
}

/// What a state file holds: every post's state and every folder's list.
type Contents = (BTreeMap<PostKey, PostState>, Lists);

enum ReadFailure {
    Io(io::Error),
    Corrupt(String),
}

fn read_state_file(file: &Path) -> Result<OnDisk, ReadFailure> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
        Err(err) => return Err(ReadFailure::Io(err)),
    };
    match serde_json::from_slice::<StateFile>(&bytes) {
        Ok(parsed) if parsed.version <= FORMAT_VERSION => Ok(OnDisk::Current(decode(parsed))),
        Ok(parsed) => Ok(OnDisk::Newer {
            version: parsed.version,
            contents: decode(parsed),
        }),
        Err(err) => match serde_json::from_slice::<VersionOnly>(&bytes) {
            Ok(VersionOnly { version }) if version > FORMAT_VERSION => Ok(OnDisk::Newer {
                version,
                contents: Default::default(),
            }),
            _ => Err(ReadFailure::Corrupt(err.to_string())),
        },
    }
}

/// Renames a damaged state file to `state.<UTC time>.bad` (never over an earlier one) and
/// returns the new path.
fn move_aside(file: &Path) -> io::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut bad = file.with_file_name(format!("state.{stamp}.bad"));
    let mut n = 1;
    while bad.try_exists()? {
        n += 1;
        bad = file.with_file_name(format!("state.{stamp}-{n}.bad"));
    }
    fs::rename(file, &bad)?;
    Ok(bad)
}

/// An exclusive advisory lock on the state directory, released when the file is dropped.
/// `None` where the file system cannot lock; saving then still works, only a concurrent
/// save may win over this one's changes.
fn lock(dir: &Path) -> Option<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .ok()?;
    file.lock().ok()?;
    Some(file)
}

fn remove_leftover_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if atomic::is_temp_for(&entry.file_name().to_string_lossy(), STATE_FILE) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The file format: a version, one entry per post that has any state, and one per folder
/// whose list was left (added within format 1: an older kiji ignores it).
#[derive(Deserialize)]
struct StateFile {
    version: u32,
    #[serde(default)]
    posts: Vec<StoredPost>,
    #[serde(default)]
    lists: Vec<StoredList>,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

#[derive(Serialize, Deserialize)]
struct StoredPost {
    path: StoredPath,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    read: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    starred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<Anchor>,
}

/// A path as JSON: text when it is UTF-8, else its raw bytes, so no post's state is dropped
/// or merged with another's for want of a spelling.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum StoredPath {
    Text(String),
    Bytes { bytes: Vec<u8> },
}

impl From<&Path> for StoredPath {
    fn from(path: &Path) -> Self {
        match path.to_str() {
            Some(text) => StoredPath::Text(text.to_owned()),
            None => StoredPath::Bytes {
                bytes: path.as_os_str().as_encoded_bytes().to_vec(),
            },
        }
    }
}

impl From<StoredPath> for PathBuf {
    fn from(stored: StoredPath) -> Self {
        match stored {
            StoredPath::Text(text) => PathBuf::from(text),
            StoredPath::Bytes { bytes } => bytes_to_path(bytes),
        }
    }
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

fn decode(file: StateFile) -> Contents {
    let lists = file
        .lists
        .into_iter()
        .map(|stored| {
            let (folder, list) = stored.into_parts();
            (PostKey::from_stored(folder), list)
        })
        .collect();
    let posts = file
        .posts
        .into_iter()
        .map(|stored| {
            let state = PostState {
                read: stored.read,
                starred: stored.starred,
                position: stored.position,
            };
            (PostKey::from_stored(stored.path.into()), state)
        })
        .filter(|(_, state)| !state.is_untouched())
        .collect();
    (posts, lists)
}

/// The file's text: one post per line, which keeps it compact for 100,000 posts and still
/// readable (and diffable) by a person.
fn encode(posts: &BTreeMap<PostKey, PostState>, lists: &Lists) -> Vec<u8> {
    let mut bytes = format!("{{\"version\": {FORMAT_VERSION}, \"posts\": [").into_bytes();
    for (i, (key, state)) in posts.iter().enumerate() {
        let stored = StoredPost {
            path: key.as_path().into(),
            read: state.read,
            starred: state.starred,
            position: state.position.clone(),
        };
        bytes.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
        serde_json::to_writer(&mut bytes, &stored).expect("plain data always serialises");
    }
    bytes.extend_from_slice(b"\n]");
    if !lists.is_empty() {
        bytes.extend_from_slice(b", \"lists\": [");
        for (i, (folder, list)) in lists.iter().enumerate() {
            bytes.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
            let stored = StoredList::new(folder.as_path(), list);
            serde_json::to_writer(&mut bytes, &stored).expect("plain data always serialises");
        }
        bytes.extend_from_slice(b"\n]");
    }
    bytes.extend_from_slice(b"}\n");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> PostKey {
        PostKey::from_stored(PathBuf::from("/posts").join(name))
    }

    #[test]
    fn a_crash_between_writing_and_renaming_keeps_the_old_state() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = StateStore::open(dir.path());
        store.set_read(&key("old.md"), true);
        store.save().unwrap();
        let before = fs::read(dir.path().join(STATE_FILE)).unwrap();

        store.toggle_starred(&key("new.md"));
        let mut written = String::new();
        let crashed = store.save_with(|temp| {
            written = fs::read_to_string(temp)?;
            Err(io::Error::other("simulated crash before rename"))
        });
        let file = dir.path().join(STATE_FILE);
        assert_eq!(
            crashed.unwrap_err().to_string(),
            format!("{}: simulated crash before rename", file.display())
        );
        assert!(
            written.contains("new.md"),
            "the new state was fully written"
        );
        assert_eq!(fs::read(dir.path().join(STATE_FILE)).unwrap(), before);

        let (reopened, warning) = StateStore::open(dir.path());
        assert_eq!(warning, None);
        assert!(reopened.get(&key("old.md")).read);
        assert!(!reopened.get(&key("new.md")).starred);

        // The change was kept in memory, so the next save still writes it.
        assert!(store.has_unsaved_changes());
        store.save().unwrap();
        let (reopened, _) = StateStore::open(dir.path());
        assert!(reopened.get(&key("new.md")).starred);
    }

    #[test]
    fn a_crash_that_leaves_a_temporary_file_is_cleaned_up_by_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = dir.path().join(format!("{STATE_FILE}.999-0-1.tmp"));
        fs::write(&leftover, "{\"version\": 1, \"posts\": [").unwrap();
        let (mut store, warning) = StateStore::open(dir.path());
        assert_eq!(warning, None);
        store.set_read(&key("a.md"), true);
        store.save().unwrap();
        assert_eq!(
            super::super::file_names_in(dir.path()),
            [STATE_FILE, LOCK_FILE]
        );
    }

    #[test]
    fn nothing_is_written_when_nothing_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = StateStore::open(dir.path());
        store.set_read(&key("a.md"), false);
        store.set_position(&key("a.md"), None);
        assert!(!store.has_unsaved_changes());
        assert_eq!(store.save().unwrap(), None);
        assert!(super::super::file_names_in(dir.path()).is_empty());
    }

    #[test]
    fn untouched_posts_are_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = StateStore::open(dir.path());
        store.toggle_starred(&key("a.md"));
        store.toggle_starred(&key("a.md"));
        store.set_read(&key("b.md"), true);
        store.save().unwrap();
        let text = fs::read_to_string(dir.path().join(STATE_FILE)).unwrap();
        assert!(!text.contains("a.md"), "{text}");
        assert!(text.contains("b.md"), "{text}");
    }

    #[test]
    fn a_file_damaged_while_running_is_moved_aside_before_saving() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = StateStore::open(dir.path());
        fs::write(dir.path().join(STATE_FILE), "{ not json").unwrap();
        store.set_read(&key("a.md"), true);
        let warning = store.save().unwrap().expect("the damage is reported");
        assert!(warning.to_string().contains(".bad"), "{warning}");
        let bad: Vec<_> = super::super::file_names_in(dir.path())
            .into_iter()
            .filter(|n| n.ends_with(".bad"))
            .collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(
            fs::read_to_string(dir.path().join(&bad[0])).unwrap(),
            "{ not json"
        );
    }

    #[test]
    fn a_newer_format_is_read_but_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(STATE_FILE);
        let newer =
            r#"{"version": 9, "posts": [{"path": "/posts/a.md", "read": true}], "more": {}}"#;
        fs::write(&file, newer).unwrap();
        let (mut store, warning) = StateStore::open(dir.path());
        assert!(warning.unwrap().to_string().contains("newer kiji"));
        assert!(store.get(&key("a.md")).read);
        assert_eq!(store.file(), None);
        store.toggle_starred(&key("a.md"));
        store.save().unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), newer);
    }

    #[test]
    fn a_newer_format_this_version_cannot_parse_is_left_alone_too() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(STATE_FILE);
        let newer = r#"{"version": 2, "posts": {"a": "different shape"}}"#;
        fs::write(&file, newer).unwrap();
        let (_, warning) = StateStore::open(dir.path());
        assert!(warning.unwrap().to_string().contains("newer kiji"));
        assert_eq!(super::super::file_names_in(dir.path()), [STATE_FILE]);
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_keep_their_own_state() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let odd = PostKey::from_stored(PathBuf::from(std::ffi::OsStr::from_bytes(
            b"/posts/caf\xe9.md",
        )));
        let (mut store, _) = StateStore::open(dir.path());
        store.set_read(&odd, true);
        store.save().unwrap();
        let (reopened, _) = StateStore::open(dir.path());
        assert!(reopened.get(&odd).read);
        assert!(!reopened.get(&key("caf\u{fffd}.md")).read);
    }

    #[cfg(unix)]
    #[test]
    fn the_state_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = StateStore::open(dir.path());
        store.set_read(&key("a.md"), true);
        store.save().unwrap();
        let mode = fs::metadata(dir.path().join(STATE_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
