//! ratatui widgets only: role → style through one theme, drawing only the visible rows.

pub mod theme;

pub use theme::Theme;
