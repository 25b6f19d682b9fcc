//! Role → style: every colour kiji shows comes from here.

use ratatui::style::{Color, Modifier, Style};

use std::collections::HashMap;

use crate::config::{Colour, Palette, ThemeConfig};
use crate::layout::{Inline, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    /// When false (NO_COLOR), only modifiers (bold, italic, reverse…) are used.
    pub color: bool,
    /// Foreground colours the user gave to roles, over the palette's.
    pub overrides: HashMap<Role, Color>,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            name: ThemeName::Dark,
            color: true,
            overrides: HashMap::new(),
        }
    }
}

/// The names a config file gives the roles (`[colors] heading-1 = "magenta"`).
pub const ROLE_NAMES: &[&str] = &[
    "title",
    "metadata",
    "tag",
    "body",
    "heading-1",
    "heading-2",
    "heading-3",
    "heading-4",
    "heading-5",
    "heading-6",
    "inline-code",
    "code-block",
    "code-continuation",
    "quote-bar",
    "list-marker",
    "link",
    "link-ref",
    "image",
    "table-border",
    "table-header",
    "rule",
    "footnote-ref",
];

/// The role a config file names, the inverse of [`ROLE_NAMES`].
pub fn role_named(name: &str) -> Option<Role> {
    Some(match name {
        "title" => Role::Title,
        "metadata" => Role::Metadata,
        "tag" => Role::Tag,
        "body" => Role::Body,
        "inline-code" => Role::InlineCode,
        "code-block" => Role::CodeBlock,
        "code-continuation" => Role::CodeContinuation,
        "quote-bar" => Role::QuoteBar,
        "list-marker" => Role::ListMarker,
        "link" => Role::Link,
        "link-ref" => Role::LinkRef,
        "image" => Role::Image,
        "table-border" => Role::TableBorder,
        "table-header" => Role::TableHeader,
        "rule" => Role::Rule,
        "footnote-ref" => Role::FootnoteRef,
        _ => {
            let level: u8 = name.strip_prefix("heading-")?.parse().ok()?;
            return (1..=6).contains(&level).then_some(Role::Heading(level));
        }
    })
}

/// A config colour as the terminal knows it.
fn terminal_colour(colour: Colour) -> Color {
    match colour {
        Colour::Default => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
        Colour::Indexed(i) => Color::Indexed(i),
    }
}

/// Whether colour may be used, given the value of `NO_COLOR`: any value but the empty one
/// turns colour off (<https://no-color.org>).
pub fn colour_allowed(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

impl Theme {
    pub fn monochrome() -> Self {
        Self {
            color: false,
            ..Self::default()
        }
    }

    /// The theme a config file describes; `color` false (NO_COLOR) keeps only modifiers.
    pub fn from_config(config: &ThemeConfig, color: bool) -> Self {
        Self {
            name: match config.palette {
                Palette::Dark => ThemeName::Dark,
                Palette::Light => ThemeName::Light,
            },
            color,
            overrides: config
                .colors
                .iter()
                .filter_map(|(name, colour)| Some((role_named(name)?, terminal_colour(*colour))))
                .collect(),
        }
    }

    fn fg(&self, dark: Color, light: Color) -> Style {
        if !self.color {
            return Style::default();
        }
        match self.name {
            ThemeName::Dark => Style::default().fg(dark),
            ThemeName::Light => Style::default().fg(light),
        }
    }

    /// The style of a span with `role` and `inline` emphasis.
    pub fn span(&self, role: Role, inline: Inline) -> Style {
        let mut base = match role {
            Role::Body => Style::default(),
            Role::Heading(1) => self
                .fg(Color::LightMagenta, Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Role::Heading(2) => self
                .fg(Color::LightCyan, Color::Blue)
                .add_modifier(Modifier::BOLD),
            Role::Heading(_) => self
                .fg(Color::LightBlue, Color::Blue)
                .add_modifier(Modifier::BOLD),
            Role::InlineCode => self.fg(Color::LightYellow, Color::Red),
            Role::CodeBlock => self.fg(Color::Yellow, Color::DarkGray),
            Role::CodeContinuation | Role::QuoteBar | Role::TableBorder | Role::Rule => {
                self.fg(Color::DarkGray, Color::Gray)
            }
            Role::ListMarker => self.fg(Color::LightCyan, Color::Blue),
            Role::Link => self
                .fg(Color::LightBlue, Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            Role::LinkRef | Role::FootnoteRef => self.fg(Color::Cyan, Color::Cyan),
            Role::Image => self
                .fg(Color::LightGreen, Color::Green)
                .add_modifier(Modifier::ITALIC),
            Role::TableHeader => Style::default().add_modifier(Modifier::BOLD),
            Role::Title => self
                .fg(Color::White, Color::Black)
                .add_modifier(Modifier::BOLD),
            Role::Metadata => self.fg(Color::Gray, Color::DarkGray),
            Role::Tag => self.fg(Color::LightGreen, Color::Green),
        };
        if let Some(colour) = self.overrides.get(&role).filter(|_| self.color) {
            base = base.fg(*colour);
        }
        let mut style = base;
        if inline.strong {
            style = style.add_modifier(Modifier::BOLD);
        }
        if inline.emphasis {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if inline.strikethrough {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        style
    }

    /// Reverse video stands in for a background colour when colour is off.
    fn bg_or_reverse(&self, dark: Color, light: Color) -> Style {
        if !self.color {
            return Style::default().add_modifier(Modifier::REVERSED);
        }
        match self.name {
            ThemeName::Dark => Style::default().bg(dark),
            ThemeName::Light => Style::default().bg(light),
        }
    }

    /// A post title in the list.
    pub fn list_title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Date and reading time under a title in the list.
    pub fn list_meta(&self) -> Style {
        self.fg(Color::Gray, Color::DarkGray)
    }

    /// The selected post's rows; brighter while the list has the keyboard.
    pub fn selection(&self, focused: bool) -> Style {
        if focused {
            self.bg_or_reverse(Color::Rgb(48, 58, 86), Color::Rgb(200, 215, 245))
        } else {
            self.bg_or_reverse(Color::Rgb(42, 42, 48), Color::Rgb(228, 228, 232))
        }
    }

    /// The bar left of the selected post.
    pub fn selection_marker(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::LightCyan, Color::Blue)
                .add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray, Color::Gray)
        }
    }

    /// The `●` before a post not read yet.
    pub fn unread_marker(&self) -> Style {
        self.fg(Color::LightCyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }

    /// The `★` before a starred post.
    pub fn star_marker(&self) -> Style {
        self.fg(Color::Yellow, Color::Rgb(176, 120, 0))
            .add_modifier(Modifier::BOLD)
    }

    /// Drafts: listed, but quieter than published posts.
    pub fn draft(&self) -> Modifier {
        Modifier::DIM
    }

    pub fn divider(&self) -> Style {
        self.fg(Color::DarkGray, Color::Gray)
    }

    pub fn status(&self) -> Style {
        self.bg_or_reverse(Color::Rgb(30, 30, 36), Color::Rgb(235, 235, 238))
    }

    /// Filters and keys named in the status line.
    pub fn status_accent(&self) -> Style {
        self.fg(Color::LightCyan, Color::Blue)
    }

    /// `3 files had problems (!)`.
    pub fn warning(&self) -> Style {
        self.fg(Color::LightYellow, Color::Red)
            .add_modifier(Modifier::BOLD)
    }

    /// A search match in the reader.
    pub fn search_match(&self) -> Style {
        if !self.color {
            return Style::default().add_modifier(Modifier::UNDERLINED);
        }
        Style::default()
            .bg(Color::Rgb(110, 90, 20))
            .fg(Color::White)
    }

    /// The match `n`/`N` moved to.
    pub fn current_match(&self) -> Style {
        if !self.color {
            return Style::default().add_modifier(Modifier::REVERSED);
        }
        Style::default()
            .bg(Color::Yellow)
            .fg(Color::Black)
            .add_modifier(Modifier::BOLD)
    }

    pub fn overlay_border(&self) -> Style {
        self.fg(Color::LightCyan, Color::Blue)
    }

    /// Keys in the help overlay, a checked tag in the picker.
    pub fn emphasis(&self) -> Style {
        self.fg(Color::LightYellow, Color::Magenta)
            .add_modifier(Modifier::BOLD)
    }

    /// Hints and empty-state messages.
    pub fn hint(&self) -> Style {
        self.fg(Color::DarkGray, Color::Gray)
            .add_modifier(Modifier::ITALIC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_with_any_value_but_empty_turns_colour_off() {
        assert!(colour_allowed(None));
        assert!(colour_allowed(Some("".as_ref())));
        assert!(!colour_allowed(Some("1".as_ref())));
        assert!(!colour_allowed(Some("0".as_ref())));
    }

    #[test]
    fn every_role_name_names_a_role_and_back() {
        for name in ROLE_NAMES {
            assert!(role_named(name).is_some(), "{name}");
        }
        assert_eq!(role_named("heading-7"), None);
        assert_eq!(role_named("heading-x"), None);
    }

    #[test]
    fn configured_colours_apply_unless_colour_is_off() {
        let mut config = ThemeConfig::default();
        config.colors.insert("link".into(), Colour::Rgb(0, 255, 0));
        let theme = Theme::from_config(&config, true);
        let link = theme.span(Role::Link, Inline::default());
        assert_eq!(link.fg, Some(Color::Rgb(0, 255, 0)));
        assert!(link.add_modifier.contains(Modifier::UNDERLINED));
        let plain = Theme::from_config(&config, false);
        assert_eq!(plain.span(Role::Link, Inline::default()).fg, None);
    }

    #[test]
    fn the_light_palette_differs_from_the_dark_one() {
        let light = ThemeConfig {
            palette: Palette::Light,
            ..ThemeConfig::default()
        };
        let heading = Role::Heading(1);
        assert_ne!(
            Theme::from_config(&light, true).span(heading, Inline::default()),
            Theme::default().span(heading, Inline::default())
        );
    }
}
