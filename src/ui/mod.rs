//! The interactive reader: App state, actions, keymap, `update`, the event loop and the
//! terminal's lifecycle. The only module that reads terminal events or sets the terminal
//! up. Events become actions, `update` applies them, `view` turns the state into the values
//! `render` draws; render never sees the app. Parsing and wrapping belong to `loader` and
//! `layout`.

pub mod action;
pub mod app;
pub mod backend;
mod editor;
mod follow;
pub mod hyperlinks;
mod input;
pub mod keymap;
mod library_view;
mod opener;
mod overflow_guard;
mod overlay;
mod persistence;
pub mod pictures;
pub mod reader;
mod reader_slot;
pub mod search;
mod search_corpus;
mod search_index;
mod search_prompt;
mod search_worker;
mod settings;
mod terminal;
mod update;
mod view;
pub mod watch;

/// Screen geometry lives in render, below ui, so both can use it.
pub use crate::render::geometry;

pub use action::Action;
pub use app::App;
pub use keymap::{InputMode, Keymap};
pub use reader_slot::{HighlightRequest, LaidOut, Outgoing, WholeLayout};
pub use terminal::{Exit, Start, action_for_event, run};
pub use update::{overlay_box, update};
pub use view::draw;
