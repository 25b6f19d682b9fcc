//! Role → style: every colour kiji shows comes from here, on screen and in `--print`.
//! What the user configured arrives as a palette and per-role colours; turning config
//! spellings into a theme is `render::configured_theme`'s job.

use std::collections::HashMap;

use ratatui::style::{Color, Modifier, Style};

use super::role::{Inline, Role};

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
            // Code roles use the 16 named colours, which every colour terminal has, so
            // highlighting needs no 256-colour fallback. Dark: the bright half of the
            // palette; light: the normal half, which reads on a white background.
            Role::CodeKeyword => self.fg(Color::LightMagenta, Color::Magenta),
            Role::CodeString => self.fg(Color::LightGreen, Color::Green),
            Role::CodeComment => self
                .fg(Color::DarkGray, Color::Cyan)
                .add_modifier(Modifier::ITALIC),
            Role::CodeNumber | Role::CodeConstant => self.fg(Color::LightRed, Color::Red),
            Role::CodeType => self.fg(Color::LightCyan, Color::Blue),
            Role::CodeFunction => self.fg(Color::LightBlue, Color::Black),
            Role::CodeOperator => self.fg(Color::White, Color::Black),
            Role::CodeInserted => self.fg(Color::Green, Color::Green),
            Role::CodeDeleted => self.fg(Color::Red, Color::Red),
            Role::CodeLanguage => self
                .fg(Color::Gray, Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
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
            // The metadata's colour, set apart as something kiji wrote, not the author.
            Role::Fold => self
                .fg(Color::Gray, Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            Role::Tag => self.fg(Color::LightGreen, Color::Green),
            Role::Highlight => {
                self.bg_or_reverse(Color::Rgb(92, 80, 20), Color::Rgb(255, 240, 150))
            }
            Role::Raised => self.fg(Color::Gray, Color::DarkGray),
            Role::Math => self.fg(Color::LightCyan, Color::Blue),
            Role::DetailsMarker => self.fg(Color::LightCyan, Color::Blue),
            Role::AlertLabel => self
                .fg(Color::LightYellow, Color::Red)
                .add_modifier(Modifier::BOLD),
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

    /// The link `]`/`[` selected in the reader (reversed, so it never looks like a match).
    pub fn selected_link(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
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
    fn user_colours_apply_unless_colour_is_off() {
        let mut theme = Theme::default();
        theme.overrides.insert(Role::Link, Color::Rgb(0, 255, 0));
        let link = theme.span(Role::Link, Inline::default());
        assert_eq!(link.fg, Some(Color::Rgb(0, 255, 0)));
        assert!(link.add_modifier.contains(Modifier::UNDERLINED));
        theme.color = false;
        assert_eq!(theme.span(Role::Link, Inline::default()).fg, None);
    }

    #[test]
    fn keywords_strings_and_comments_differ_from_each_other_and_from_plain_code() {
        for name in [ThemeName::Dark, ThemeName::Light] {
            let theme = Theme {
                name,
                ..Theme::default()
            };
            let fg = |role| theme.span(role, Inline::default()).fg;
            let roles = [
                Role::CodeBlock,
                Role::CodeKeyword,
                Role::CodeString,
                Role::CodeComment,
            ];
            for (i, a) in roles.iter().enumerate() {
                for b in &roles[i + 1..] {
                    assert_ne!(fg(*a), fg(*b), "{name:?}: {a:?} and {b:?}");
                }
            }
        }
    }

    #[test]
    fn without_colour_code_roles_have_no_colour() {
        let theme = Theme::monochrome();
        for role in Role::ALL {
            let style = theme.span(role, Inline::default());
            assert_eq!((style.fg, style.bg), (None, None), "{role:?}");
        }
    }

    #[test]
    fn the_light_palette_differs_from_the_dark_one() {
        let light = Theme {
            name: ThemeName::Light,
            ..Theme::default()
        };
        let heading = Role::Heading(1);
        assert_ne!(
            light.span(heading, Inline::default()),
            Theme::default().span(heading, Inline::default())
        );
    }
}
