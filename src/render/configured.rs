//! The theme a config file describes: config spellings (palette names, colour names, role
//! names) → a [`Theme`]. Config stays free of terminal types; the theme free of config.

use ratatui::style::Color;

use crate::config::{Colour, Palette, ThemeConfig};
use crate::style::{Role, Theme, ThemeName};

/// The theme `config` describes; `color` false (NO_COLOR) keeps only modifiers.
pub fn configured_theme(config: &ThemeConfig, color: bool) -> Theme {
    Theme {
        name: match config.palette {
            Palette::Dark => ThemeName::Dark,
            Palette::Light => ThemeName::Light,
        },
        color,
        overrides: config
            .colors
            .iter()
            .filter_map(|(name, colour)| Some((Role::named(name)?, terminal_colour(*colour))))
            .collect(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Inline;
    use ratatui::style::Modifier;

    #[test]
    fn configured_colours_apply_unless_colour_is_off() {
        let mut config = ThemeConfig::default();
        config.colors.insert("link".into(), Colour::Rgb(0, 255, 0));
        let theme = configured_theme(&config, true);
        let link = theme.span(Role::Link, Inline::default());
        assert_eq!(link.fg, Some(Color::Rgb(0, 255, 0)));
        assert!(link.add_modifier.contains(Modifier::UNDERLINED));
        let plain = configured_theme(&config, false);
        assert_eq!(plain.span(Role::Link, Inline::default()).fg, None);
    }

    #[test]
    fn the_configured_palette_is_the_themes() {
        let light = ThemeConfig {
            palette: Palette::Light,
            ..ThemeConfig::default()
        };
        assert_eq!(configured_theme(&light, true).name, ThemeName::Light);
        assert_eq!(
            configured_theme(&ThemeConfig::default(), true).name,
            ThemeName::Dark
        );
    }
}
