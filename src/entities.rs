//! HTML character references (`&hearts;`, `&#x1F600;`), with HTML5's full table of names.
//! Markdown and raw HTML read them by different rules: CommonMark wants the semicolon and
//! caps the digits of a number, HTML5 also knows the legacy names written without one. Both
//! rules are here, on one table (htmlize's copy of WHATWG's `entities.json`), so a reference
//! reads the same in the loader's counts as on the layout's screen. This is the only file
//! that names htmlize.

use std::borrow::Cow;

/// What a character reference stands for: one character for a number, a static string for
/// a name (a few names stand for two code points, `&NotEqualTilde;` among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    Char(char),
    Named(&'static str),
}

impl Expansion {
    /// The text, using `buffer` when it is a single character.
    pub fn as_str<'b>(&self, buffer: &'b mut [u8; 4]) -> &'b str {
        match *self {
            Expansion::Char(c) => c.encode_utf8(buffer),
            Expansion::Named(text) => text,
        }
    }
}

/// The longest name in the table, `&CounterClockwiseContourIntegral;`, without `&` and `;`.
const LONGEST_NAME: usize = 31;

/// What the reference `&name;` stands for in Markdown, given `name` (between `&` and `;`);
/// `None` leaves it literal text, as CommonMark does.
pub fn decode(name: &str) -> Option<Expansion> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex)
                if (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                u32::from_str_radix(hex, 16).ok()?
            }
            Some(_) => return None,
            None if (1..=7).contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_digit()) =>
            {
                number.parse().ok()?
            }
            None => return None,
        };
        // CommonMark: an invalid code point, and NUL, stand for U+FFFD.
        return Some(Expansion::Char(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        ));
    }
    if name.is_empty() || name.len() > LONGEST_NAME {
        return None;
    }
    // The table's keys are written `&name;`; a stack buffer spares an allocation per lookup.
    let mut key = [0u8; LONGEST_NAME + 2];
    key[0] = b'&';
    key[1..=name.len()].copy_from_slice(name.as_bytes());
    key[name.len() + 1] = b';';
    let text = htmlize::ENTITIES.get(&key[..name.len() + 2])?;
    std::str::from_utf8(text).ok().map(Expansion::Named)
}

/// Decodes the references in text of raw HTML by HTML5's rules, legacy names included.
pub fn decode_html_text(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    htmlize::unescape(text)
}

/// Decodes the references in an attribute value by HTML5's rules (a legacy name followed by
/// a letter, digit or `=` stays as written, so query strings survive).
pub fn decode_html_attribute(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    htmlize::unescape_attribute(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str) -> Option<String> {
        decode(name).map(|e| e.as_str(&mut [0; 4]).to_string())
    }

    #[test]
    fn numbers_and_known_names_decode() {
        assert_eq!(text("amp").as_deref(), Some("&"));
        assert_eq!(text("nbsp").as_deref(), Some("\u{A0}"));
        assert_eq!(text("eacute").as_deref(), Some("é"));
        assert_eq!(text("#12354").as_deref(), Some("あ"));
        assert_eq!(text("#x3042").as_deref(), Some("あ"));
        assert_eq!(text("#x1F600").as_deref(), Some("😀"));
        assert_eq!(text("#0").as_deref(), Some("\u{FFFD}"));
        assert_eq!(text("#xD800").as_deref(), Some("\u{FFFD}"));
    }

    #[test]
    fn the_whole_html5_table_is_known() {
        assert_eq!(text("hearts").as_deref(), Some("♥"));
        assert_eq!(
            text("CounterClockwiseContourIntegral").as_deref(),
            Some("∳")
        );
        assert_eq!(text("NotEqualTilde").as_deref(), Some("\u{2242}\u{338}"));
        assert_eq!(htmlize::ENTITIES.len(), 2231);
    }

    #[test]
    fn other_names_and_malformed_numbers_stay_text() {
        assert_eq!(decode("unknownthing"), None);
        assert_eq!(decode("#+65"), None);
        assert_eq!(decode("#x"), None);
        assert_eq!(decode("#xZZ"), None);
        assert_eq!(decode("#12345678"), None);
        assert_eq!(decode(""), None);
        assert_eq!(decode("averyveryveryverylongnamethatisnotinthetable"), None);
    }

    #[test]
    fn html_text_knows_legacy_names_and_attributes_keep_query_strings() {
        assert_eq!(decode_html_text("&hearts; &copy 2020"), "♥ © 2020");
        assert_eq!(decode_html_attribute("?a=1&copy=2"), "?a=1&copy=2");
        assert_eq!(decode_html_attribute("a &amp; b"), "a & b");
    }
}
