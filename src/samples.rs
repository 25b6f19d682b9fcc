//! The sample posts bundled in the binary: `assets/posts/`, embedded at build time so that
//! `kiji` with no argument has something to show from any directory. They are loaded through
//! the same `loader::parse_post` as files on disk.

use std::path::Path;

use include_dir::{Dir, File, include_dir};

use crate::loader::parse_post;
use crate::model::Library;

static POSTS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/posts");

/// The folder the samples appear to live in. Not a real directory: nothing is ever read
/// from or written to it.
pub const SAMPLES_DIR: &str = "kiji-samples";

/// The bundled posts, in file-name order.
pub fn library() -> Library {
    let mut files = Vec::new();
    collect(&POSTS, &mut files);
    files.sort_by_key(|f| f.path());
    let mut library = Library::default();
    for file in files {
        let path = Path::new(SAMPLES_DIR).join(file.path());
        let (post, diagnostics) = parse_post(&path, file.contents());
        library.posts.extend(post);
        library.diagnostics.extend(diagnostics);
    }
    library
}

/// The bytes of a bundled file other than a post (a sample post's picture), by the path it
/// appears at (`kiji-samples/images/a.png`).
pub fn file(path: &Path) -> Option<&'static [u8]> {
    let inside = path.strip_prefix(SAMPLES_DIR).ok()?;
    // Paths inside the embedded folder are plain: `a/../b` is not one of them.
    if inside
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return None;
    }
    POSTS.get_file(inside).map(File::contents)
}

fn collect<'a>(dir: &'a Dir<'a>, files: &mut Vec<&'a File<'a>>) {
    files.extend(dir.files().filter(|f| {
        f.path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
    }));
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_sample_loads_as_a_post() {
        let library = library();
        assert!(library.posts.len() >= 5, "{} samples", library.posts.len());
        assert!(
            library
                .posts
                .iter()
                .all(|p| p.path.starts_with(SAMPLES_DIR))
        );
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/posts"))
            .unwrap()
            .filter(|e| {
                let path = e.as_ref().unwrap().path();
                matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("md" | "markdown")
                )
            })
            .count();
        assert_eq!(
            library.posts.len(),
            on_disk,
            "embedded and on-disk samples differ"
        );
    }
}
