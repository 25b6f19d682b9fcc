//! App state, actions, keymap, event loop and terminal lifecycle. The only module that
//! touches crossterm.
//!
//! (Skeleton: the reader replaces `run`.)

use crate::model::Library;

pub fn run(library: Library) -> anyhow::Result<()> {
    for post in &library.posts {
        println!("{}", post.title);
    }
    Ok(())
}
