//! What kiji remembers between runs: which posts were read, which are starred, where
//! the reader stopped in each, and how each folder's list was left. Plain data and file handling only; the interface decides
//! when a post counts as read and when to save (leaving a post, and at exit).
//!
//! - [`anchor`]: a reading position as a place in the source text, and how to find that
//!   place again in a body that changed meanwhile.
//! - [`store`]: the store and its file, saved atomically and never lost.
//! - [`lists`]: how each folder's list was left (sort, filters, selection, open post).
//! - [`keys`]: the keys of a library's posts, each made when first asked for.

pub mod anchor;
pub(crate) mod atomic;
pub mod keys;
pub mod lists;
pub mod store;

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use anchor::{Anchor, resolve};
pub use keys::PostKeys;
pub use lists::ListState;
pub use store::{PostState, STATE_FILE, StateError, StateStore, Warning};

/// The environment variable naming the state directory, over the platform's default.
pub const STATE_DIR_ENV: &str = "KIJI_STATE_DIR";

/// Identifies a post in the store: its canonical path, so the same file reached through a
/// relative path or a symlink keeps one state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PostKey(PathBuf);

impl PostKey {
    /// The key of the post at `path`. A path that cannot be canonicalised (a bundled sample
    /// with no file behind it, or a file deleted since it was loaded) is kept as given, so
    /// its key stays the same from run to run.
    pub fn for_path(path: &Path) -> PostKey {
        PostKey(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }

    /// The keys of many posts, as [`for_path`](Self::for_path) gives them, but each folder
    /// is resolved once (see [`crate::canonical`]): a post whose file is not a symlink is its
    /// folder's canonical path joined with its name. For 100,000 posts this is one `lstat`
    /// per post and per folder instead of one `readlink` per path component.
    pub fn for_paths<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Vec<PostKey> {
        let paths: Vec<&Path> = paths.into_iter().collect();
        let mut parents: Vec<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
        parents.sort_unstable();
        parents.dedup();
        let mut canonical = crate::canonical::CanonicalFolders::expecting(&parents);
        let folders: HashMap<&Path, Option<PathBuf>> = parents
            .into_iter()
            .map(|parent| (parent, canonical.of(parent)))
            .collect();
        paths
            .par_iter()
            .map(|path| {
                let folder = path.parent().and_then(|parent| folders[parent].as_deref());
                PostKey::in_folder(folder, path)
            })
            .collect()
    }

    /// The key of the post at `path` whose folder's canonical path is `folder` (`None`: not
    /// known): that folder and the file's name, unless the file is a symlink.
    fn in_folder(folder: Option<&Path>, path: &Path) -> PostKey {
        let is_link = std::fs::symlink_metadata(path).map(|m| m.file_type().is_symlink());
        match (folder, path.file_name(), is_link) {
            (Some(folder), Some(name), Ok(false)) => PostKey(folder.join(name)),
            _ => PostKey::for_path(path),
        }
    }

    /// A key read back from the state file, already canonical when it was stored.
    fn from_stored(path: PathBuf) -> PostKey {
        PostKey(path)
    }

    pub fn as_path(&self) -> &Path {
        &self.0
    }
}

/// Where state lives: `$KIJI_STATE_DIR` when set and not empty, else the platform's state
/// directory for kiji (`~/.local/state/kiji` on Linux; the local data directory elsewhere).
/// `None` when the platform has no home directory to put it in.
pub fn default_dir() -> Option<PathBuf> {
    choose_dir(
        std::env::var_os(STATE_DIR_ENV),
        directories::ProjectDirs::from("", "", "kiji"),
    )
}

fn choose_dir(
    from_env: Option<OsString>,
    project: Option<directories::ProjectDirs>,
) -> Option<PathBuf> {
    match from_env {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => project.map(|p| {
            p.state_dir()
                .unwrap_or_else(|| p.data_local_dir())
                .to_path_buf()
        }),
    }
}

/// The store a run of kiji uses: none at all with `--no-state`, else the one in
/// [`default_dir`]. The warning, if any, is one line for the user.
pub fn open_for_run(no_state: bool) -> (StateStore, Option<Warning>) {
    if no_state {
        return (StateStore::disabled(), None);
    }
    match default_dir() {
        Some(dir) => StateStore::open(&dir),
        None => (
            StateStore::disabled(),
            Some(Warning::new(format!(
                "no home directory to keep state in; set {STATE_DIR_ENV} to keep it"
            ))),
        ),
    }
}

/// The sorted names of the files in `dir`: what a test sees of the state directory.
#[cfg(test)]
fn file_names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_overrides_the_platform_directory() {
        let project = directories::ProjectDirs::from("", "", "kiji");
        assert_eq!(
            choose_dir(Some("/tmp/kiji-state".into()), project.clone()),
            Some(PathBuf::from("/tmp/kiji-state"))
        );
        let fallback = choose_dir(Some("".into()), project.clone());
        assert_eq!(fallback, choose_dir(None, project));
        if let Some(dir) = fallback {
            assert!(dir.ends_with("kiji"), "{}", dir.display());
        }
    }

    #[test]
    fn a_post_reached_through_a_symlink_or_a_relative_path_has_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let post = dir.path().join("post.md");
        std::fs::write(&post, "# x").unwrap();
        let key = PostKey::for_path(&post);
        let dotted = dir.path().join(".").join("post.md");
        assert_eq!(PostKey::for_path(&dotted), key);
        #[cfg(unix)]
        {
            let link = dir.path().join("link.md");
            std::os::unix::fs::symlink(&post, &link).unwrap();
            assert_eq!(PostKey::for_path(&link), key);
        }
    }

    #[test]
    fn keys_made_in_bulk_are_the_keys_made_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("posts");
        std::fs::create_dir(&posts).unwrap();
        std::fs::write(posts.join("a.md"), "a").unwrap();
        std::fs::write(dir.path().join("b.md"), "b").unwrap();
        let mut paths = vec![
            posts.join("a.md"),
            dir.path().join("posts/./a.md"),
            dir.path().join("b.md"),
            PathBuf::from("bundled/samples/gone.md"),
            PathBuf::from("gone.md"),
            PathBuf::from("/"),
        ];
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(posts.join("a.md"), dir.path().join("link.md")).unwrap();
            std::os::unix::fs::symlink(&posts, dir.path().join("linked")).unwrap();
            paths.push(dir.path().join("link.md"));
            paths.push(dir.path().join("linked").join("a.md"));
            paths.push(dir.path().join("linked/../b.md"));
        }
        let one_by_one: Vec<PostKey> = paths.iter().map(|p| PostKey::for_path(p)).collect();
        assert_eq!(
            PostKey::for_paths(paths.iter().map(PathBuf::as_path)),
            one_by_one
        );
    }

    #[test]
    fn a_path_with_no_file_behind_it_is_kept_as_given() {
        let key = PostKey::for_path(Path::new("bundled/samples/hello.md"));
        assert_eq!(key.as_path(), Path::new("bundled/samples/hello.md"));
    }
}
