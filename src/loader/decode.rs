//! Bytes → text: telling binary files from posts, decoding UTF-8 (lossily, with a problem
//! naming the first bad line), or UTF-16 and UTF-32 when a byte order mark says so, and
//! normalising CRLF and lone CR (classic Mac) line ends so every later step sees `\n`.

use std::borrow::Cow;

use super::Problem;

/// How far a NUL byte marks a file as binary, like git and grep decide.
pub const BINARY_SNIFF_LEN: usize = 8 * 1024;

pub enum Decoded<'a> {
    /// The text, borrowed from the bytes when they are UTF-8 with LF line ends.
    Text(Cow<'a, str>, Option<Problem>),
    Binary(Problem),
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(wide) = Wide::from_bom(bytes) {
        return decode_wide(bytes, wide);
    }
    let sniffed = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if memchr::memchr(0, sniffed).is_some() {
        // Lines mean nothing in a binary file, so none is given.
        return Decoded::Binary(Problem {
            line: None,
            message: "binary file (NUL byte); skipped".to_string(),
        });
    }
    // simdutf8 validates several times faster than std on CJK text; the text is borrowed,
    // not copied: a listing never keeps it.
    let (text, problem) = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(_) => {
            let valid_up_to = std::str::from_utf8(bytes)
                .map_or_else(|error| error.valid_up_to(), |_| bytes.len());
            (
                String::from_utf8_lossy(bytes),
                Some(Problem {
                    line: Some(line_at(bytes, valid_up_to)),
                    message: "invalid UTF-8; bad bytes shown as \u{FFFD}".to_string(),
                }),
            )
        }
    };
    Decoded::Text(normalise_line_ends(text), problem)
}

/// Drops the end of a cut-off prefix that holds only part of a character (in its encoding,
/// known by the same marks [`decode`] reads), so the cut costs no U+FFFD and no problem.
pub fn cut_to_whole_characters(bytes: &mut Vec<u8>) {
    match Wide::from_bom(bytes) {
        Some(wide) => {
            let unit_len = wide.unit_len();
            bytes.truncate(bytes.len() - (bytes.len() - unit_len) % unit_len);
            let last_unit = bytes
                .len()
                .checked_sub(2)
                .map(|at| [bytes[at], bytes[at + 1]]);
            let high_surrogate = last_unit.is_some_and(|unit| {
                let value = match wide {
                    Wide::Utf16Le => u16::from_le_bytes(unit),
                    Wide::Utf16Be => u16::from_be_bytes(unit),
                    Wide::Utf32Le | Wide::Utf32Be => return false,
                };
                (0xD800..0xDC00).contains(&value)
            });
            if high_surrogate && bytes.len() > unit_len {
                bytes.truncate(bytes.len() - 2);
            }
        }
        None => {
            // The last lead byte within a character's length of the end, and how long the
            // character it starts is.
            let tail = bytes.len().saturating_sub(4);
            if let Some(at) = (tail..bytes.len())
                .rev()
                .find(|&at| bytes[at] & 0xC0 != 0x80)
            {
                let needed = match bytes[at] {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    0xC0.. => 2,
                    _ => 1,
                };
                if bytes.len() - at < needed {
                    bytes.truncate(at);
                }
            }
        }
    }
}

/// The encodings in which every character takes two or four bytes, known by their byte
/// order mark (their text is full of NUL bytes, so without one it looks binary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    fn from_bom(bytes: &[u8]) -> Option<Wide> {
        // UTF-32LE's mark begins with UTF-16LE's, so it is looked for first.
        match bytes {
            [0xFF, 0xFE, 0, 0, ..] => Some(Wide::Utf32Le),
            [0, 0, 0xFE, 0xFF, ..] => Some(Wide::Utf32Be),
            [0xFF, 0xFE, ..] => Some(Wide::Utf16Le),
            [0xFE, 0xFF, ..] => Some(Wide::Utf16Be),
            _ => None,
        }
    }

    fn unit_len(self) -> usize {
        match self {
            Wide::Utf16Le | Wide::Utf16Be => 2,
            Wide::Utf32Le | Wide::Utf32Be => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Wide::Utf16Le | Wide::Utf16Be => "UTF-16",
            Wide::Utf32Le | Wide::Utf32Be => "UTF-32",
        }
    }
}

/// UTF-16 or UTF-32 after its byte order mark; std decodes both, so no crate is needed.
/// Bad units (a lone surrogate, a value past U+10FFFF, a last unit cut short) become
/// U+FFFD with a problem naming the first one's line, as bad UTF-8 does.
fn decode_wide(bytes: &[u8], wide: Wide) -> Decoded<'static> {
    let unit_len = wide.unit_len();
    let units = bytes[unit_len..].chunks_exact(unit_len);
    let cut_short = !units.remainder().is_empty();
    let mut text = String::with_capacity(bytes.len());
    let mut first_bad_line = None;
    let mut bad = |text: &str| {
        first_bad_line.get_or_insert_with(|| line_at(text.as_bytes(), text.len()));
        char::REPLACEMENT_CHARACTER
    };
    match wide {
        Wide::Utf16Le | Wide::Utf16Be => {
            let units = units.map(|unit| match wide {
                Wide::Utf16Le => u16::from_le_bytes([unit[0], unit[1]]),
                _ => u16::from_be_bytes([unit[0], unit[1]]),
            });
            for decoded in char::decode_utf16(units) {
                let c = decoded.unwrap_or_else(|_| bad(&text));
                text.push(c);
            }
        }
        Wide::Utf32Le | Wide::Utf32Be => {
            for unit in units {
                let unit: [u8; 4] = [unit[0], unit[1], unit[2], unit[3]];
                let value = match wide {
                    Wide::Utf32Le => u32::from_le_bytes(unit),
                    _ => u32::from_be_bytes(unit),
                };
                let c = char::from_u32(value).unwrap_or_else(|| bad(&text));
                text.push(c);
            }
        }
    }
    if cut_short {
        let c = bad(&text);
        text.push(c);
    }
    let sniffed = &text.as_bytes()[..text.len().min(BINARY_SNIFF_LEN)];
    if memchr::memchr(0, sniffed).is_some() {
        return Decoded::Binary(Problem {
            line: None,
            message: format!("binary file (NUL character in {}); skipped", wide.name()),
        });
    }
    let problem = first_bad_line.map(|line| Problem {
        line: Some(line),
        message: format!("invalid {}; bad characters shown as \u{FFFD}", wide.name()),
    });
    Decoded::Text(normalise_line_ends(Cow::Owned(text)), problem)
}

/// CRLF and a lone CR both become `\n`, as CommonMark reads them. The scan for `\r` is
/// one memchr, so posts with LF line ends pay nothing more.
fn normalise_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut normalised = String::with_capacity(text.len());
    let mut rest = &*text;
    while let Some(at) = memchr::memchr(b'\r', rest.as_bytes()) {
        normalised.push_str(&rest[..at]);
        normalised.push('\n');
        rest = &rest[at + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    normalised.push_str(rest);
    Cow::Owned(normalised)
}

/// The 1-based line holding `offset`, counting CRLF, LF and lone CR line ends.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset];
    let lone_crs = memchr::memchr_iter(b'\r', before)
        .filter(|&at| before.get(at + 1) != Some(&b'\n'))
        .count();
    1 + memchr::memchr_iter(b'\n', before).count() + lone_crs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (String, Option<Problem>) {
        match decode(bytes) {
            Decoded::Text(text, problem) => (text.into_owned(), problem),
            Decoded::Binary(p) => panic!("binary: {p:?}"),
        }
    }

    #[test]
    fn valid_utf8_is_kept_as_is() {
        assert_eq!(text("日本語\n".as_bytes()), ("日本語\n".to_string(), None));
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(text(b"a\r\nb\r\n").0, "a\nb\n");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_with_the_line() {
        let (text, problem) = text(b"ok\nstill ok\nbad \xff here\n");
        assert_eq!(text, "ok\nstill ok\nbad \u{FFFD} here\n");
        let problem = problem.unwrap();
        assert_eq!(problem.line, Some(3));
        assert!(problem.message.contains("UTF-8"));
    }

    #[test]
    fn a_cut_keeps_whole_characters_only() {
        let cut = |bytes: &[u8], at: usize| {
            let mut bytes = bytes[..at].to_vec();
            cut_to_whole_characters(&mut bytes);
            bytes
        };
        let utf8 = "a日😀".as_bytes();
        assert_eq!(cut(utf8, 3), b"a");
        assert_eq!(cut(utf8, 4), "a日".as_bytes());
        assert_eq!(cut(utf8, 7), "a日".as_bytes());
        assert_eq!(cut(utf8, 8), utf8);
        let utf16 = encode("a😀", Wide::Utf16Be);
        assert_eq!(cut(&utf16, 7), encode("a", Wide::Utf16Be));
        assert_eq!(cut(&utf16, 5), encode("a", Wide::Utf16Be));
        let utf32 = encode("ab", Wide::Utf32Le);
        assert_eq!(cut(&utf32, 11), encode("a", Wide::Utf32Le));
    }

    #[test]
    fn a_lone_cr_ends_a_line_like_crlf_and_lf() {
        assert_eq!(text(b"a\rb\r\nc\n\rd\r").0, "a\nb\nc\n\nd\n");
    }

    #[test]
    fn a_bad_byte_after_cr_only_lines_is_placed_on_its_line() {
        let (_, problem) = text(b"one\rtwo\r\nthree\rbad \xff\r");
        assert_eq!(problem.unwrap().line, Some(4));
    }

    fn encode(text: &str, wide: Wide) -> Vec<u8> {
        let mut bytes = Vec::new();
        let text = format!("\u{feff}{text}");
        match wide {
            Wide::Utf16Le | Wide::Utf16Be => {
                for unit in text.encode_utf16() {
                    bytes.extend(match wide {
                        Wide::Utf16Le => unit.to_le_bytes(),
                        _ => unit.to_be_bytes(),
                    });
                }
            }
            Wide::Utf32Le | Wide::Utf32Be => {
                for c in text.chars() {
                    bytes.extend(match wide {
                        Wide::Utf32Le => u32::from(c).to_le_bytes(),
                        _ => u32::from(c).to_be_bytes(),
                    });
                }
            }
        }
        bytes
    }

    const ALL_WIDE: [Wide; 4] = [Wide::Utf16Le, Wide::Utf16Be, Wide::Utf32Le, Wide::Utf32Be];

    #[test]
    fn utf16_and_utf32_with_a_byte_order_mark_are_text() {
        for wide in ALL_WIDE {
            let bytes = encode("---\r\ntitle: 題\r\n---\r\n絵文字 😀\r\n", wide);
            assert_eq!(Wide::from_bom(&bytes), Some(wide));
            assert_eq!(
                text(&bytes),
                ("---\ntitle: 題\n---\n絵文字 😀\n".to_string(), None),
                "{wide:?}"
            );
        }
    }

    #[test]
    fn bad_utf16_and_utf32_units_become_replacement_characters_on_their_line() {
        let mut utf16 = encode("ok\nbad ", Wide::Utf16Le);
        utf16.extend(0xD800u16.to_le_bytes()); // a high surrogate with no low one
        utf16.extend(encode("x\n", Wide::Utf16Le)[2..].iter());
        utf16.push(b'!'); // half a unit
        let (decoded, problem) = text(&utf16);
        assert_eq!(decoded, "ok\nbad \u{FFFD}x\n\u{FFFD}");
        let problem = problem.unwrap();
        assert_eq!(problem.line, Some(2));
        assert!(problem.message.contains("UTF-16"), "{problem:?}");

        let mut utf32 = encode("a\n", Wide::Utf32Be);
        utf32.extend(0x0011_0000u32.to_be_bytes());
        let (decoded, problem) = text(&utf32);
        assert_eq!(decoded, "a\n\u{FFFD}");
        assert_eq!(problem.unwrap().line, Some(2));
    }

    #[test]
    fn utf16_holding_nul_characters_is_binary() {
        assert!(matches!(
            decode(&encode("text\0more", Wide::Utf16Be)),
            Decoded::Binary(_)
        ));
    }

    #[test]
    fn nul_in_the_first_8_kib_is_binary() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Decoded::Binary(_)
        ));
    }

    #[test]
    fn nul_after_the_first_8_kib_is_not_looked_for() {
        let mut bytes = vec![b'a'; BINARY_SNIFF_LEN];
        bytes.push(0);
        assert!(matches!(decode(&bytes), Decoded::Text(..)));
    }
}
