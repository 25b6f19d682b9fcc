//! How kiji looks, below everything that draws: what a span of text is ([`Role`]), the
//! colours and modifiers each role and each part of the interface gets ([`Theme`]), and the
//! characters kiji draws itself ([`ChromeGlyphs`], [`StructureGlyphs`]). A leaf: it imports
//! nothing else of the crate, so layout, render, print and config can all use it.

pub mod glyphs;
pub mod role;
pub mod theme;

pub use glyphs::{ChromeGlyphs, StructureGlyphs};
pub use role::{Inline, ROLE_NAMES, Role};
pub use theme::{Theme, ThemeName, colour_allowed};
