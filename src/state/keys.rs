//! The keys of a library's posts, each made the first time it is asked for. A key costs an
//! `lstat` of the post's file and, for a folder not seen yet, of the folder: making all of
//! them for 100,000 posts took longer than the rest of the reader's start, while its first
//! screen reads the state of the few posts it shows. A filter that reads every post's state
//! makes the rest in bulk, on every core. Which post each index is stays with the caller:
//! every method is given the path of the posts it may need.

use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

use super::PostKey;
use crate::canonical::CanonicalFolders;

#[derive(Debug, Default)]
pub struct PostKeys {
    keys: Vec<OnceLock<PostKey>>,
    /// The folders resolved for keys made one at a time.
    folders: Mutex<CanonicalFolders>,
}

impl PostKeys {
    /// Room for the keys of `posts` posts, none made yet.
    pub fn new(posts: usize) -> Self {
        Self {
            keys: (0..posts).map(|_| OnceLock::new()).collect(),
            folders: Mutex::default(),
        }
    }

    /// The key of post `index`, whose file is `path`, as [`PostKey::for_path`] gives it.
    /// Once made it stays the post's key for the run, whatever becomes of the file.
    pub fn get(&self, index: usize, path: &Path) -> &PostKey {
        self.keys[index].get_or_init(|| {
            let mut folders = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
            let folder = path.parent().and_then(|parent| folders.of(parent));
            PostKey::in_folder(folder.as_deref(), path)
        })
    }

    /// Makes every key not made yet, together (see [`PostKey::for_paths`]); `path` gives
    /// post `index`'s file.
    pub fn make_all<'a>(&self, path: impl Fn(usize) -> &'a Path) {
        let missing: Vec<usize> = (0..self.keys.len())
            .filter(|&i| self.keys[i].get().is_none())
            .collect();
        if missing.is_empty() {
            return;
        }
        let made = PostKey::for_paths(missing.iter().map(|&i| path(i)));
        for (i, key) in missing.into_iter().zip(made) {
            // Set unless a key was made meanwhile, which is the same key.
            let _ = self.keys[i].set(key);
        }
    }

    /// A post whose key is the path `key`. A post's key ends in its own file name unless
    /// the file is a symlink, so the posts named as `key` is are tried first, and every
    /// key is made only when none of them has it. When two posts share a key (a post and a
    /// link to it), either may be the one found: their state is one.
    pub fn find<'a>(&self, key: &Path, path: impl Fn(usize) -> &'a Path) -> Option<usize> {
        let name = key.file_name();
        let named_alike = (0..self.keys.len())
            .filter(|&i| path(i).file_name() == name)
            .find(|&i| self.get(i, path(i)).as_path() == key);
        named_alike.or_else(|| {
            self.make_all(&path);
            self.keys
                .iter()
                .position(|made| made.get().is_some_and(|k| k.as_path() == key))
        })
    }

    /// Follows the library after posts were added, moved or removed: `new_index` says where
    /// the post at each old index went (`None`: it left), and there are `posts` posts now.
    /// The keys made of posts that stayed are kept; the others are made when asked for, with
    /// folders resolved afresh (one may have been moved or linked since).
    pub fn remap(&mut self, posts: usize, new_index: impl Fn(usize) -> Option<usize>) {
        let mut keys: Vec<OnceLock<PostKey>> = (0..posts).map(|_| OnceLock::new()).collect();
        for (old, made) in std::mem::take(&mut self.keys).into_iter().enumerate() {
            let slot = new_index(old).and_then(|new| keys.get_mut(new));
            if let (Some(key), Some(slot)) = (made.into_inner(), slot) {
                *slot = OnceLock::from(key);
            }
        }
        self.keys = keys;
        self.folders = Mutex::default();
    }

    /// How many keys are made: what the tests see of the laziness.
    #[cfg(test)]
    fn made(&self) -> usize {
        self.keys.iter().filter(|k| k.get().is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// A folder of posts, one of them a symlink with a name of its own, one in a symlinked
    /// folder, one gone, and the paths of them all.
    fn folder_of_posts(dir: &Path) -> Vec<PathBuf> {
        let posts = dir.join("posts");
        std::fs::create_dir(&posts).unwrap();
        std::fs::write(posts.join("a.md"), "a").unwrap();
        std::fs::write(dir.join("b.md"), "b").unwrap();
        let mut paths = vec![
            posts.join("a.md"),
            dir.join("posts/./a.md"),
            dir.join("b.md"),
            PathBuf::from("bundled/samples/gone.md"),
        ];
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(posts.join("a.md"), dir.join("link.md")).unwrap();
            std::os::unix::fs::symlink(&posts, dir.join("linked")).unwrap();
            paths.push(dir.join("link.md"));
            paths.push(dir.join("linked").join("a.md"));
            paths.push(dir.join("linked/../b.md"));
        }
        paths
    }

    #[test]
    fn keys_made_one_at_a_time_or_together_are_the_keys_of_for_path() {
        let dir = tempfile::tempdir().unwrap();
        let paths = folder_of_posts(dir.path());
        let expected: Vec<PostKey> = paths.iter().map(|p| PostKey::for_path(p)).collect();
        let one_by_one = PostKeys::new(paths.len());
        let made: Vec<PostKey> = (0..paths.len())
            .rev()
            .map(|i| one_by_one.get(i, &paths[i]).clone())
            .rev()
            .collect();
        assert_eq!(made, expected);
        let together = PostKeys::new(paths.len());
        together.get(1, &paths[1]);
        together.make_all(|i| &paths[i]);
        let made: Vec<PostKey> = (0..paths.len())
            .map(|i| together.get(i, &paths[i]).clone())
            .collect();
        assert_eq!(made, expected);
    }

    #[test]
    fn a_key_is_made_when_asked_for_and_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let paths = folder_of_posts(dir.path());
        let keys = PostKeys::new(paths.len());
        assert_eq!(keys.made(), 0);
        let first = keys.get(2, &paths[2]).clone();
        assert_eq!(keys.made(), 1);
        // The file replaced by a link elsewhere: its key for this run stays the one made.
        #[cfg(unix)]
        {
            std::fs::remove_file(&paths[2]).unwrap();
            std::os::unix::fs::symlink(&paths[0], &paths[2]).unwrap();
            assert_eq!(keys.get(2, &paths[2]), &first);
            assert_ne!(PostKey::for_path(&paths[2]), first);
        }
    }

    #[test]
    fn a_post_is_found_by_its_key_whatever_its_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let paths = folder_of_posts(dir.path());
        let b = PostKey::for_path(&paths[2]);
        let keys = PostKeys::new(paths.len());
        assert_eq!(keys.find(b.as_path(), |i| &paths[i]), Some(2));
        // Found among the posts named `b.md`: no other key was made.
        assert_eq!(keys.made(), 1);
        let gone = Path::new("/nowhere/gone.md");
        assert_eq!(keys.find(gone, |i| &paths[i]), None);
        assert_eq!(keys.made(), paths.len());
        #[cfg(unix)]
        {
            // Only `link.md` leads to `a.md` in the list without `posts/a.md` itself.
            let without_a = &paths[2..];
            let a = PostKey::for_path(&paths[0]);
            let keys = PostKeys::new(without_a.len());
            let found = keys.find(a.as_path(), |i| &without_a[i]);
            assert!(found.is_some_and(|i| PostKey::for_path(&without_a[i]) == a));
            let only_the_link = [dir.path().join("link.md")];
            let keys = PostKeys::new(1);
            assert_eq!(keys.find(a.as_path(), |i| &only_the_link[i]), Some(0));
        }
    }

    #[test]
    fn remapped_keys_follow_their_posts_and_the_new_ones_are_made_when_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let paths = folder_of_posts(dir.path());
        let mut keys = PostKeys::new(3);
        let b = keys.get(2, &paths[2]).clone();
        // Post 0 left, the others moved up one, and one was added at the end.
        keys.remap(3, |old| old.checked_sub(1));
        assert_eq!(keys.made(), 1);
        let now = [&paths[1], &paths[2], &paths[0]];
        assert_eq!(keys.get(1, now[1]), &b);
        assert_eq!(keys.get(2, now[2]), &PostKey::for_path(now[2]));
        assert_eq!(keys.made(), 2);
    }
}
