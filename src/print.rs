//! `kiji --print`: a post written as the reader pane shows it, for pipes and terminals.
//!
//! (Skeleton.)

use std::io::{self, Write};

use crate::layout::{Options, layout_markdown};
use crate::model::Post;

pub struct PrintOptions {
    pub width: usize,
    pub color: bool,
}

pub fn write_post(post: &Post, options: &PrintOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", post.title)?;
    for row in layout_markdown(&post.body, &Options::new(options.width)).rows {
        writeln!(out, "{}", row.text())?;
    }
    Ok(())
}
