//! Reading posts again while the reader runs: one file after the watcher saw it change, a
//! folder that appeared, or everything for `R`. Each file comes back as a [`Reread`], which
//! says whether it parsed; deciding to keep the last good version of a post is the
//! interface's business, which knows what it showed.
//!
//! "Parses" here means: the file could be read, holds text (not binary), is not empty, and
//! its front matter, when it opens one, is closed. An editor saving a post may let kiji see
//! it empty or cut short; a cut inside the front matter shows as an unclosed block, a cut
//! in the body cannot be told from a short post and is shown until the next save.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::decode::{self, Decoded};
use super::front_matter::{self, FrontMatterBlock};
use super::site_config::{Placed, SiteFinder};
use super::{parse_post_in, read, walk};
use crate::model::{Diagnostic, Post};

/// What reading a file again found.
#[derive(Debug, Clone, PartialEq)]
pub enum Reread {
    /// The file parses: here is the post as it is now.
    Parsed(Post),
    /// The file is there but does not parse (see the module docs); `post` is what could be
    /// made of it anyway, for a file kiji had not shown before.
    Unfinished {
        path: PathBuf,
        post: Option<Post>,
        reason: String,
    },
    /// Nothing is at this path any more (or it is no longer a post file).
    Gone(PathBuf),
}

impl Reread {
    pub fn path(&self) -> &Path {
        match self {
            Reread::Parsed(post) => &post.path,
            Reread::Unfinished { path, .. } | Reread::Gone(path) => path,
        }
    }
}

/// Reads the post at `path` again, within the size limit of a post (bytes), as a post found
/// in a folder: a larger one is not read.
pub fn reread(path: &Path, limit: u64) -> Reread {
    let site = SiteFinder::default().place(path);
    reread_in(path, limit, site.as_ref())
}

/// [`reread`] of a post whose site was found already.
fn reread_in(path: &Path, limit: u64, site: Option<&Placed>) -> Reread {
    match std::fs::metadata(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Reread::Gone(path.into()),
        Ok(meta) if meta.is_dir() => return Reread::Gone(path.into()),
        _ => {}
    }
    let unfinished = |post: Option<Post>, reason: String| Reread::Unfinished {
        path: path.to_path_buf(),
        post,
        reason,
    };
    let bytes = match read::file(path, limit, false) {
        Ok(read::Contents::Whole(bytes)) => bytes,
        Ok(read::Contents::Cut { .. }) => return unfinished(None, "too large".into()),
        Err(_) if !path.exists() => return Reread::Gone(path.into()),
        Err(problem) => return unfinished(None, problem.message),
    };
    let (post, diagnostics) = parse_post_in(path, &bytes, site);
    let Some(post) = post else {
        let reason = diagnostics
            .first()
            .map_or_else(|| "not a post".to_owned(), |d| d.message.clone());
        return unfinished(None, reason);
    };
    if bytes.is_empty() {
        return unfinished(Some(post), "the file is empty".into());
    }
    if front_matter_unclosed(&bytes) {
        return unfinished(Some(post), "its front matter is not closed".into());
    }
    Reread::Parsed(post)
}

/// Reads `files` again on every core, their sites found first (each once).
fn reread_all(files: BTreeSet<PathBuf>, limit: u64) -> Vec<Reread> {
    let mut sites = SiteFinder::default();
    let files: Vec<(PathBuf, Option<Placed>)> = files
        .into_iter()
        .map(|file| {
            let site = sites.place(&file);
            (file, site)
        })
        .collect();
    files
        .par_iter()
        .map(|(file, site)| reread_in(file, limit, site.as_ref()))
        .collect()
}

fn front_matter_unclosed(bytes: &[u8]) -> bool {
    match decode::decode(bytes) {
        Decoded::Text(text, _) => matches!(
            front_matter::split(&text).block,
            FrontMatterBlock::Unclosed(_)
        ),
        Decoded::Binary(_) => false,
    }
}

/// Reads again what changed under `root`: each path that is a post file as the walk would
/// find it, every post file under a path that is a folder, and a `Gone` for each path that
/// is no longer there. Paths the walk skips (hidden, `node_modules`…, not Markdown) are
/// left out, as are problems met walking a new folder.
pub fn reread_changed(root: &Path, paths: &[PathBuf], limit: u64) -> Vec<Reread> {
    let mut files = BTreeSet::new();
    let mut gone = Vec::new();
    for path in paths {
        if !walk::is_walked(root, path) {
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                files.extend(walk::post_files(path).filter_map(Result::ok));
            }
            Ok(_) if walk::is_post_file(path) => {
                files.insert(path.clone());
            }
            Ok(_) => {}
            Err(_) => gone.push(Reread::Gone(path.clone())),
        }
    }
    let mut rereads = reread_all(files, limit);
    rereads.extend(gone);
    rereads
}

/// Everything again, for `R`: every post file under `root` and every file in `known` (the
/// posts shown now, which may include a file named on the command line whatever its
/// extension), each read again; a known file that is gone comes back as `Gone`. Problems
/// met on the walk come back too.
pub fn rescan(root: &Path, known: &[PathBuf], limit: u64) -> (Vec<Reread>, Vec<Diagnostic>) {
    let mut files: BTreeSet<PathBuf> = known.iter().cloned().collect();
    let mut problems = Vec::new();
    if root.is_dir() {
        for found in walk::post_files(root) {
            match found {
                Ok(file) => {
                    files.insert(file);
                }
                Err(problem) => problems.push(problem),
            }
        }
    } else {
        files.insert(root.to_path_buf());
    }
    let rereads = reread_all(files, limit);
    (rereads, problems)
}

/// The folder whose posts are the neighbours of `file` (`kiji FILE`): the site's posts
/// folder it sits in (`_posts` for Jekyll, `content` for Hugo and Zola), else its own
/// folder. Spelled from `file` as given, so that the walk from it finds `file` under the
/// same path (`post.md` has no folder to walk: name it `./post.md`).
pub fn neighbourhood(file: &Path) -> Option<PathBuf> {
    let parent = file.parent().filter(|p| !p.as_os_str().is_empty())?;
    let site = parent.ancestors().find(|dir| {
        dir.file_name()
            .is_some_and(|n| n == "_posts" || n == "content")
    });
    Some(site.unwrap_or(parent).to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::DEFAULT_MAX_POST_BYTES;
    use std::fs;

    #[test]
    fn a_complete_post_parses() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.md");
        fs::write(&file, "---\ntitle: T\n---\nbody\n").unwrap();
        let Reread::Parsed(post) = reread(&file, DEFAULT_MAX_POST_BYTES) else {
            panic!("parses");
        };
        assert_eq!(post.title, "T");
    }

    #[test]
    fn an_empty_or_half_written_file_is_unfinished() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.md");
        fs::write(&file, "").unwrap();
        assert!(matches!(
            reread(&file, DEFAULT_MAX_POST_BYTES),
            Reread::Unfinished { post: Some(_), .. }
        ));
        fs::write(&file, "---\ntitle: T\nta").unwrap();
        let Reread::Unfinished { reason, post, .. } = reread(&file, DEFAULT_MAX_POST_BYTES) else {
            panic!("unfinished");
        };
        assert!(reason.contains("front matter"), "{reason}");
        assert!(post.is_some());
        fs::write(&file, b"\0\x01binary").unwrap();
        assert!(matches!(
            reread(&file, DEFAULT_MAX_POST_BYTES),
            Reread::Unfinished { post: None, .. }
        ));
    }

    #[test]
    fn a_post_grown_past_the_configured_limit_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.md");
        fs::write(&file, format!("# Title\n\n{}\n", "word ".repeat(100))).unwrap();
        assert!(matches!(reread(&file, 4096), Reread::Parsed(_)));
        let Reread::Unfinished { reason, post, .. } = reread(&file, 100) else {
            panic!("a post over the limit is not read");
        };
        assert!(reason.contains("limit"), "{reason}");
        assert!(post.is_none());
    }

    #[test]
    fn a_missing_file_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.md");
        assert_eq!(reread(&file, DEFAULT_MAX_POST_BYTES), Reread::Gone(file));
    }

    #[test]
    fn changed_paths_expand_folders_and_skip_what_the_walk_skips() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("new/deeper")).unwrap();
        fs::write(root.join("new/deeper/a.md"), "# A\n").unwrap();
        fs::write(root.join("new/b.md"), "# B\n").unwrap();
        fs::write(root.join("notes.txt"), "x").unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join(".git/c.md"), "# C\n").unwrap();
        let paths = [
            root.join("new"),
            root.join("notes.txt"),
            root.join(".git/c.md"),
            root.join("removed.md"),
        ];
        let rereads = reread_changed(root, &paths, DEFAULT_MAX_POST_BYTES);
        let seen: Vec<String> = rereads
            .iter()
            .map(|r| match r {
                Reread::Parsed(p) => p.title.clone(),
                Reread::Gone(p) => format!("gone {}", p.file_name().unwrap().to_string_lossy()),
                Reread::Unfinished { .. } => "unfinished".into(),
            })
            .collect();
        // In path order: `new/b.md` before `new/deeper/a.md`.
        assert_eq!(seen, ["B", "A", "gone removed.md"]);
    }

    #[test]
    fn rescan_keeps_a_known_file_of_any_extension_and_finds_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.md"), "# A\n").unwrap();
        fs::write(root.join("notes.txt"), "# Notes\n").unwrap();
        let known = [root.join("notes.txt"), root.join("deleted.md")];
        let (rereads, problems) = rescan(root, &known, DEFAULT_MAX_POST_BYTES);
        assert!(problems.is_empty());
        let paths: Vec<_> = rereads.iter().map(|r| r.path().to_path_buf()).collect();
        assert_eq!(
            paths,
            [
                root.join("a.md"),
                root.join("deleted.md"),
                root.join("notes.txt")
            ]
        );
        assert!(matches!(rereads[1], Reread::Gone(_)));
    }

    #[test]
    fn a_post_in_a_site_has_the_site_posts_folder_as_neighbourhood() {
        let file = Path::new("site/blog/_posts/2024/p.md");
        assert_eq!(neighbourhood(file), Some(PathBuf::from("site/blog/_posts")));
        let loose = Path::new("notes/q.md");
        assert_eq!(neighbourhood(loose), Some(PathBuf::from("notes")));
        assert_eq!(neighbourhood(Path::new("./q.md")), Some(PathBuf::from(".")));
        assert_eq!(neighbourhood(Path::new("q.md")), None);
    }
}
