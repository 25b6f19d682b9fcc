//! Colours as a config file spells them, independent of any terminal library: one of the 16
//! terminal colours by name, `"#rrggbb"`, or an index into the 256-colour palette. The
//! render layer maps them to its own colour type.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    /// The terminal's own foreground colour.
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Rgb(u8, u8, u8),
    /// An index into the 256-colour palette.
    Indexed(u8),
}

/// The named colours; the first spelling of each is the one kiji writes.
const NAMES: &[(&str, Colour)] = &[
    ("default", Colour::Default),
    ("black", Colour::Black),
    ("red", Colour::Red),
    ("green", Colour::Green),
    ("yellow", Colour::Yellow),
    ("blue", Colour::Blue),
    ("magenta", Colour::Magenta),
    ("cyan", Colour::Cyan),
    ("gray", Colour::Gray),
    ("grey", Colour::Gray),
    ("dark-gray", Colour::DarkGray),
    ("dark-grey", Colour::DarkGray),
    ("light-red", Colour::LightRed),
    ("light-green", Colour::LightGreen),
    ("light-yellow", Colour::LightYellow),
    ("light-blue", Colour::LightBlue),
    ("light-magenta", Colour::LightMagenta),
    ("light-cyan", Colour::LightCyan),
    ("white", Colour::White),
];

/// How to spell a colour, for error messages and the printed configuration.
pub const COLOUR_SYNTAX: &str = "a name (default, black, red, green, yellow, blue, magenta, \
    cyan, gray, dark-gray, light-red, light-green, light-yellow, light-blue, light-magenta, \
    light-cyan, white), \"#rrggbb\", or a number from 0 to 255 for the 256-colour palette";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a colour; a colour is {COLOUR_SYNTAX}")]
pub struct BadColour(pub String);

impl FromStr for Colour {
    type Err = BadColour;

    /// ```
    /// use kiji::config::Colour;
    /// assert_eq!("Light_Blue".parse(), Ok(Colour::LightBlue));
    /// assert_eq!("#ff8000".parse(), Ok(Colour::Rgb(255, 128, 0)));
    /// assert_eq!("#f80".parse(), Ok(Colour::Rgb(255, 136, 0)));
    /// assert_eq!("213".parse(), Ok(Colour::Indexed(213)));
    /// ```
    fn from_str(spelling: &str) -> Result<Self, Self::Err> {
        let bad = || BadColour(spelling.to_owned());
        let text = spelling.trim();
        if let Some(hex) = text.strip_prefix('#') {
            return parse_hex(hex).ok_or_else(bad);
        }
        if let Ok(index) = text.parse::<u8>() {
            return Ok(Colour::Indexed(index));
        }
        // "light-blue", "Light_Blue", "light blue" and "LightBlue" are one colour.
        let name = text.to_ascii_lowercase().replace(['-', '_', ' '], "");
        NAMES
            .iter()
            .find(|(n, _)| n.replace('-', "") == name)
            .map(|(_, colour)| *colour)
            .ok_or_else(bad)
    }
}

fn parse_hex(hex: &str) -> Option<Colour> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |digits: &str| u8::from_str_radix(digits, 16).ok();
    match hex.len() {
        6 => Some(Colour::Rgb(
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        // "#f80" is "#ff8800", as in CSS.
        3 => {
            let double = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some(Colour::Rgb(double(0)?, double(1)?, double(2)?))
        }
        _ => None,
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            Colour::Indexed(i) => write!(f, "{i}"),
            named => {
                let (name, _) = NAMES
                    .iter()
                    .find(|(_, c)| c == named)
                    .expect("every other colour has a name");
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_hex_and_indices_parse() {
        assert_eq!("dark-grey".parse(), Ok(Colour::DarkGray));
        assert_eq!("LightMagenta".parse(), Ok(Colour::LightMagenta));
        assert_eq!("light magenta".parse(), Ok(Colour::LightMagenta));
        assert_eq!("#00FF7f".parse(), Ok(Colour::Rgb(0, 255, 127)));
        assert_eq!("0".parse(), Ok(Colour::Indexed(0)));
    }

    #[test]
    fn what_is_not_a_colour_is_refused_with_the_syntax() {
        for bad in ["purple", "#12345", "#gggggg", "256", "-1", ""] {
            let err = bad.parse::<Colour>().unwrap_err().to_string();
            assert!(err.contains(&format!("\"{bad}\"")), "{err}");
            assert!(err.contains("#rrggbb"), "{err}");
        }
    }

    fn any_colour() -> impl Strategy<Value = Colour> {
        prop_oneof![
            proptest::sample::select(NAMES.iter().map(|(_, c)| *c).collect::<Vec<_>>()),
            any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Colour::Rgb(r, g, b)),
            any::<u8>().prop_map(Colour::Indexed),
        ]
    }

    proptest! {
        #[test]
        fn every_colour_is_written_as_a_spelling_that_reads_back_the_same(c in any_colour()) {
            prop_assert_eq!(c.to_string().parse::<Colour>(), Ok(c));
        }
    }
}
