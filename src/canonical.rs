//! Canonical folder paths for many files at once. `fs::canonicalize` resolves every component
//! of a path with a system call of its own; the posts of a site share their folders' parents,
//! so each folder here is resolved once, from its parent's answer and one `lstat` of its own
//! (a symbolic link is resolved whole, as `canonicalize` does).

// foldhash: tens of thousands of paths are hashed on a start; SipHash was a visible share.
use foldhash::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

/// Folders resolved so far, as given → canonical (`None`: it could not be resolved).
#[derive(Debug, Default)]
pub struct CanonicalFolders {
    known: HashMap<PathBuf, Option<PathBuf>>,
    /// Whether each folder expected is a folder and not a link, found on every core
    /// beforehand (see [`CanonicalFolders::expecting`]).
    plain: HashMap<PathBuf, bool>,
}

impl CanonicalFolders {
    /// Ready for `folders`, each `lstat`ed beforehand on every core: the answers then come
    /// from memory (a site of 100,000 posts has tens of thousands of folders).
    pub fn expecting(folders: &[&Path]) -> CanonicalFolders {
        use rayon::prelude::*;
        let plain = folders
            .par_iter()
            .map(|folder| (folder.to_path_buf(), is_plain_dir(folder)))
            .collect();
        CanonicalFolders::knowing(plain)
    }

    /// Ready for folders already known to be plain folders (`true`) or links (`false`), as a
    /// walk that read their parents knows them.
    pub fn knowing(plain: HashMap<PathBuf, bool>) -> CanonicalFolders {
        CanonicalFolders {
            known: HashMap::default(),
            plain,
        }
    }

    fn is_plain_dir(&self, path: &Path) -> bool {
        match self.plain.get(path) {
            Some(&plain) => plain,
            None => is_plain_dir(path),
        }
    }

    /// What `fs::canonicalize(dir)` gives (`""` is the current folder), from what is known.
    pub fn of(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self.known.get(dir) {
            return known.clone();
        }
        // Up to the first folder known or not resolvable from its parent, then back down:
        // a loop, not recursion, however deep the folder.
        let mut pending: Vec<&Path> = Vec::new();
        let mut at = dir;
        let mut base = loop {
            if let Some(known) = self.known.get(at) {
                break known.clone();
            }
            match (at.parent(), at.file_name()) {
                (Some(parent), Some(_))
                    if !parent.as_os_str().is_empty() && self.is_plain_dir(at) =>
                {
                    pending.push(at);
                    at = parent;
                }
                _ => {
                    let resolved = fs::canonicalize(dir_or_here(at)).ok();
                    self.known.insert(at.to_path_buf(), resolved.clone());
                    break resolved;
                }
            }
        };
        while let Some(folder) = pending.pop() {
            let name: &OsStr = folder.file_name().expect("only named folders are pending");
            base = base.map(|b| b.join(name));
            self.known.insert(folder.to_path_buf(), base.clone());
        }
        base
    }
}

/// A folder that is not a symbolic link: its canonical path is its parent's and its name.
fn is_plain_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_dir())
}

/// `parent` of a bare file name is empty: the current directory.
pub fn dir_or_here(parent: &Path) -> &Path {
    if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_resolve_as_canonicalize_does_links_and_dots_included() {
        let root = tempfile::tempdir().unwrap();
        let base = root.path();
        fs::create_dir_all(base.join("a/b/c")).unwrap();
        fs::create_dir_all(base.join("x/y")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("x"), base.join("a/link")).unwrap();
            std::os::unix::fs::symlink("../../x/y", base.join("a/b/rel")).unwrap();
        }
        let mut folders = CanonicalFolders::default();
        let mut expecting =
            CanonicalFolders::expecting(&[&base.join("a/b/c"), &base.join("a/link")]);
        let asked = [
            "a/b/c",
            "a/b",
            "a/link",
            "a/link/y",
            "a/b/rel",
            "a/./b/c",
            "a/b/../b/c",
            "missing/deeper",
            "a/b/c/file-not-folder",
        ];
        for relative in asked {
            let dir = base.join(relative);
            assert_eq!(folders.of(&dir), fs::canonicalize(&dir).ok(), "{relative}");
            // Asked again, from what is known.
            assert_eq!(folders.of(&dir), fs::canonicalize(&dir).ok(), "{relative}");
            assert_eq!(
                expecting.of(&dir),
                fs::canonicalize(&dir).ok(),
                "{relative}"
            );
        }
        assert_eq!(folders.of(Path::new("")), fs::canonicalize(".").ok());
    }
}
