//! HTML character references as posts use them: numeric ones (`&#12354;`, `&#x3042;`) and
//! the named ones people actually type into Markdown (HTML's full table has over 2,000). The
//! layout shows what they stand for; the loader counts it.

/// What the reference `&name;` stands for, given `name`; `None` leaves it literal text.
pub fn decode(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if (1..=6).contains(&hex.len()) => u32::from_str_radix(hex, 16).ok()?,
            Some(_) => return None,
            None if (1..=7).contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_digit()) =>
            {
                number.parse().ok()?
            }
            None => return None,
        };
        // CommonMark: an invalid code point, and NUL, stand for U+FFFD.
        return Some(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwsp" => '\u{200B}',
        "ZeroWidthSpace" => '\u{200B}',
        "shy" => '\u{AD}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "yen" => '¥',
        "euro" => '€',
        "pound" => '£',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "rArr" => '⇒',
        "lArr" => '⇐',
        "check" => '✓',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "infin" => '∞',
        "quot" => '"',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "aacute" => 'á',
        "ccedil" => 'ç',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_known_names_decode() {
        assert_eq!(decode("amp"), Some('&'));
        assert_eq!(decode("nbsp"), Some('\u{A0}'));
        assert_eq!(decode("eacute"), Some('é'));
        assert_eq!(decode("#12354"), Some('あ'));
        assert_eq!(decode("#x3042"), Some('あ'));
        assert_eq!(decode("#0"), Some('\u{FFFD}'));
        assert_eq!(decode("#xD800"), Some('\u{FFFD}'));
    }

    #[test]
    fn other_names_and_malformed_numbers_stay_text() {
        assert_eq!(decode("unknownthing"), None);
        assert_eq!(decode("#+65"), None);
        assert_eq!(decode("#x"), None);
        assert_eq!(decode("#12345678"), None);
    }
}
