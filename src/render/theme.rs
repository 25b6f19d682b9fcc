//! Role → style: every colour kiji shows comes from here.

use ratatui::style::{Color, Modifier, Style};

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
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            name: ThemeName::Dark,
            color: true,
        }
    }
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
        let base = match role {
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
}
