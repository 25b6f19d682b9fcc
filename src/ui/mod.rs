//! The interactive reader: App state, actions, keymap, `update`, the event loop and the
//! terminal's lifecycle. The only module that touches crossterm. Drawing is `render`'s job;
//! parsing and wrapping belong to `loader` and `layout`.

pub mod action;
pub mod app;
pub use crate::render::geometry;
pub mod keymap;
mod library_view;
mod overlay;
mod persistence;
pub mod reader;
pub mod search;
mod search_index;
mod search_prompt;
mod terminal;
mod update;
mod view;

pub use action::Action;
pub use app::App;
pub use keymap::{InputMode, Keymap};
pub use terminal::{Exit, Start, action_for_event, run};
pub use update::{overlay_box, update};
pub use view::draw;
