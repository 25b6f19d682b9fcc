//! `kiji --list`: the index of the posts as aligned rows or JSON.
//!
//! (Skeleton.)

use std::io::{self, Write};

use crate::model::{Library, ReadingRates};

pub struct ListOptions {
    pub json: bool,
    pub tags: Vec<String>,
    pub sort: crate::model::SortKey,
    pub rates: ReadingRates,
}

/// Writes the index of `library` to `out`.
pub fn write_list(library: &Library, options: &ListOptions, out: &mut dyn Write) -> io::Result<()> {
    let _ = options;
    for post in &library.posts {
        writeln!(out, "{}", post.title)?;
    }
    Ok(())
}
