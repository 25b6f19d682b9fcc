//! Finding the post files under a folder: `*.md` and `*.markdown`, following symbolic links
//! (a link loop is reported, not followed), skipping hidden entries, the folders that hold
//! dependencies or generated sites, and a site's machinery: Jekyll's `_includes`, `_layouts`
//! and `_data`, and everything of a Hugo or Zola site root but its `content/`. The order is the paths' order, so it is stable. A pipe,
//! device or socket with a post's name is reported and skipped: reading one could wait
//! forever or never end.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::Diagnostic;

/// Folders that never hold posts but may hold many Markdown files (dependencies, build output,
/// generated sites).
const SKIPPED_FOLDERS: &[&str] = &["node_modules", "_site", "public", "target"];

/// Jekyll's folders of templates, page fragments and data: Markdown there is part of pages
/// (an include, a layout), never a post. The underscore makes the names Jekyll's own.
const JEKYLL_MACHINERY: &[&str] = &["_includes", "_layouts", "_data", "_sass", "_plugins"];

/// Whether `dir` is the root of a Hugo or Zola site, whose posts are all under `content/` (its
/// `archetypes/` hold post templates, its `layouts/` and `themes/` Markdown that is not the
/// site's).
fn is_content_site_root(dir: &Path) -> bool {
    dir.join("content").is_dir() && super::site_config::has_hugo_or_zola_config(dir)
}

/// Whether the entry `name` in `parent` is never walked: hidden, dependencies, build output,
/// or a site's machinery. `parent_is_site_root` is [`is_content_site_root`] of `parent`,
/// asked by the caller only when it can matter.
fn is_skipped_name(name: &OsStr, is_dir: bool, parent_is_site_root: impl FnOnce() -> bool) -> bool {
    let hidden = name.to_str().is_some_and(|n| n.starts_with('.'));
    let machinery = is_dir
        && (SKIPPED_FOLDERS.iter().any(|s| name == *s)
            || JEKYLL_MACHINERY.iter().any(|s| name == *s));
    hidden || machinery || (name != "content" && parent_is_site_root())
}

/// A post file found under the root, or a problem met on the way there.
pub type Found = Result<PathBuf, Diagnostic>;

/// Every post file under `root`, in path order (each folder's entries sorted by name, which is
/// how paths compare), lazily, so that reading can start before the walk ends.
pub fn post_files(root: &Path) -> impl Iterator<Item = Found> + Send + use<> {
    let fallback = root.to_path_buf();
    // Siblings come one after another: the last parent's answer serves them all.
    let mut last_parent: Option<(PathBuf, bool)> = None;
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // The root is walked whatever its name: `kiji --list public` means it.
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let is_dir = entry.file_type().is_dir();
            !is_skipped_name(entry.file_name(), is_dir, || {
                let parent = entry.path().parent().unwrap_or(Path::new(""));
                match &last_parent {
                    Some((known, answer)) if known == parent => *answer,
                    _ => {
                        let answer = is_content_site_root(parent);
                        last_parent = Some((parent.to_path_buf(), answer));
                        answer
                    }
                }
            })
        })
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
