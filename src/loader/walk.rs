//! Finding the post files under a folder: `*.md` and `*.markdown`, following symbolic links
//! (a link loop is reported, not followed), skipping hidden entries and the folders that hold
//! dependencies or generated sites. The order is the paths' order, so it is stable. A pipe,
//! device or socket with a post's name is reported and skipped: reading one could wait
//! forever or never end.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::model::Diagnostic;

/// Folders that never hold posts but may hold many Markdown files (dependencies, build output,
/// generated sites).
const SKIPPED_FOLDERS: &[&str] = &["node_modules", "_site", "public", "target"];

/// A post file found under the root, or a problem met on the way there.
pub type Found = Result<PathBuf, Diagnostic>;

/// Every post file under `root`, in path order (each folder's entries sorted by name, which is
/// how paths compare), lazily, so that reading can start before the walk ends.
pub fn post_files(root: &Path) -> impl Iterator<Item = Found> + Send + use<> {
    let fallback = root.to_path_buf();
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // The root is walked whatever its name: `kiji --list public` means it.
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped(entry))
        .filter_map(move |entry| match entry {
            Ok(entry) if !is_post_file(entry.path()) => None,
            Ok(entry) if entry.file_type().is_file() => Some(Ok(entry.into_path())),
            Ok(entry) if entry.file_type().is_dir() => None,
            Ok(entry) => Some(Err(Diagnostic {
                path: entry.into_path(),
                line: None,
                message: "not a regular file (a pipe, device or socket); skipped".to_string(),
            })),
            Err(error) => Some(Err(Diagnostic {
                path: error
                    .path()
                    .map_or_else(|| fallback.clone(), Path::to_path_buf),
                line: None,
                message: walk_error_message(&error),
            })),
        })
}

fn is_skipped(entry: &DirEntry) -> bool {
    let name = entry.file_name();
    let hidden = name.to_str().is_some_and(|n| n.starts_with('.'));
    hidden || (entry.file_type().is_dir() && SKIPPED_FOLDERS.iter().any(|s| name == *s))
}

/// Whether the walk from `root` would go down to `path`: no hidden name and no skipped
/// folder among them (a file is never named like one: they have no extension). The file's
/// own extension is not checked. A path outside `root` is judged by all its names.
pub fn is_walked(root: &Path, path: &Path) -> bool {
    let below = path.strip_prefix(root).unwrap_or(path);
    below.components().all(|component| match component {
        std::path::Component::Normal(name) => {
            let hidden = name.to_str().is_some_and(|n| n.starts_with('.'));
            !hidden && !SKIPPED_FOLDERS.iter().any(|s| name == *s)
        }
        _ => true,
    })
}

/// `*.md` and `*.markdown`, whatever the case of the extension.
pub fn is_post_file(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
}

fn walk_error_message(error: &walkdir::Error) -> String {
    if let Some(ancestor) = error.loop_ancestor() {
        return format!(
            "symbolic link loop (leads back to {}); not followed",
            ancestor.display()
        );
    }
    match error.io_error() {
        Some(io) => format!("cannot read: {io}"),
        None => error.to_string(),
    }
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
}
