//! Files → model. Walks a folder (or takes one file), splits front matter from body, and turns
//! every field into the model's plain values. A bad file becomes a diagnostic, never a failure
//! for the others. kiji never writes to a post file.
//!
//! (Skeleton: the real loader replaces this.)

use std::path::Path;

use crate::model::{Diagnostic, Library, Post, TextStats};

/// Loads a directory (recursively) or a single file.
pub fn load(path: &Path) -> Library {
    let mut library = Library::default();
    match std::fs::read(path) {
        Ok(bytes) => {
            let (post, diagnostics) = parse_post(path, &bytes);
            library.posts.extend(post);
            library.diagnostics.extend(diagnostics);
        }
        Err(e) => library.diagnostics.push(Diagnostic {
            path: path.to_path_buf(),
            line: None,
            message: e.to_string(),
        }),
    }
    library
}

/// Parses one post from its bytes; `path` names it (and supplies fallbacks such as a date in
/// the file name). `None` when the bytes are not a post at all (binary).
pub fn parse_post(path: &Path, bytes: &[u8]) -> (Option<Post>, Vec<Diagnostic>) {
    let body = String::from_utf8_lossy(bytes).into_owned();
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let post = Post {
        path: path.to_path_buf(),
        title,
        date: None,
        tags: vec![],
        categories: vec![],
        author: None,
        excerpt: None,
        declared_reading_minutes: None,
        draft: false,
        extra: Default::default(),
        body,
        body_line: 1,
        stats: TextStats::default(),
        diagnostics: vec![],
    };
    (Some(post), vec![])
}
