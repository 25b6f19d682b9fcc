//! kiji (記事): a terminal reader for Markdown posts with front matter.
//!
//! Data flows one way: files → [`loader`] → [`model`] → [`layout`] (cached per width) →
//! [`render`] → screen ([`ui`]). `--list` and `--print` reuse the same pieces without a
//! terminal interface.

pub mod canonical;
pub mod cli;
pub mod config;
pub mod contain;
pub mod entities;
pub mod html;
pub mod layout;
pub mod links;
pub mod list;
pub mod loader;
pub mod markdown_chars;
pub mod model;
pub mod pictures;
pub mod print;
pub mod render;
pub mod repeats;
pub mod report;
pub mod samples;
pub mod shortcode;
pub mod site;
pub mod state;
pub mod style;
pub mod text;
pub mod ui;
