//! The one rule for what text may never reach a terminal, from a post or from anywhere else
//! (a file name, a config value, an error): C0 and C1 controls and DEL (ESC above all, with
//! which a title or a file name could rewrite the screen), and the
//! bidirectional controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C), with which a title
//! could make text read in another order than it is written. Callers differ only in what
//! they do with such a character:
//!
//! - [`strip`] drops it, tabs and line breaks included (the layout turns those into spaces
//!   itself, before): the reader and `--print` show a post's text, not its bytes.
//! - [`one_line`] drops it and makes tabs and line breaks spaces: `--list` rows.
//! - [`for_message`] writes it as a visible escape, and [`path`] writes a path exactly, on one
//!   line: what kiji says on stderr, where the user must see that a name is strange.
//! - [`escape_in_json`] writes it as a JSON `\uXXXX` escape: scripts get the data exactly.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether `c` must never be written to a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The explicit direction marks, embeddings, overrides and isolates of Unicode's bidi
/// algorithm.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{200E}' | '\u{200F}')
}

/// Whether `bytes` may hold an unsafe character: a quick byte test the layout runs on every
/// piece of text, so it only looks at the bytes an unsafe character can start with.
pub fn may_hold_unsafe(bytes: &[u8]) -> bool {
    // A branch-free pass (it vectorises) rules out almost every text at once.
    bytes.iter().fold(false, |acc, &b| {
        acc | (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2)
    })
}

/// `text` with every unsafe character removed, tabs and line breaks included.
pub fn strip(text: &str) -> Cow<'_, str> {
    if text.contains(is_unsafe) {
        Cow::Owned(text.chars().filter(|&c| !is_unsafe(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` on one line: tabs, line breaks and line or paragraph separators become spaces,
/// other unsafe characters are removed.
pub fn one_line(text: &str) -> Cow<'_, str> {
    let breaks_line = |c: char| matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}');
    if !text.contains(|c| is_unsafe(c) || breaks_line(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if breaks_line(c) => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Whether a message must not write `c` as it is: the unsafe characters, and the line and
/// paragraph separators, which would break a one-line message where no line break is seen.
fn escaped_in_message(c: char) -> bool {
    is_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Writes `c` as bash's `$'…'` quoting spells it: `\x1b` for a C0 control or DEL, `\u202e` for
/// the others. Seen in a message, the escape says which character it was, where dropping it
/// would leave a name that looks ordinary but cannot be typed; and `$'…'` turns it back into
/// the name.
fn push_escape(out: &mut String, c: char) {
    let code = u32::from(c);
    if code < 0x80 {
        let _ = write!(out, "\\x{code:02x}");
    } else {
        let _ = write!(out, "\\u{code:04x}");
    }
}

/// One line of a message for the terminal: every character [`strip`] would drop, line breaks
/// included, and the line and paragraph separators, written as escapes (`\x1b`, `\x0a`,
/// `\u202e`), the rest as it is. Callers that want several lines split them first.
///
/// ```
/// use kiji::text::sanitize::for_message;
/// assert_eq!(for_message("bad \u{1b}]0;title\u{7}.md"), r"bad \x1b]0;title\x07.md");
/// assert_eq!(for_message("\u{202e}dm.exe"), r"\u202edm.exe");
/// assert_eq!(for_message("日本語 fine"), "日本語 fine");
/// ```
pub fn for_message(line: &str) -> Cow<'_, str> {
    if !line.contains(escaped_in_message) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if escaped_in_message(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as messages show it: exactly, on one line, and safe. Bytes that are not UTF-8 become
/// `\xff` (where `Path::display` would show U+FFFD and lose which byte it was), unsafe
/// characters escapes as in [`for_message`], and a backslash `\\`, so that no name can pass
/// for another. An ordinary path is shown as it is.
///
/// ```
/// use std::path::Path;
/// use kiji::text::sanitize::path;
/// assert_eq!(path(Path::new("posts/日本.md")), "posts/日本.md");
/// assert_eq!(path(Path::new("a\u{1b}[2J\\b.md")), r"a\x1b[2J\\b.md");
/// # #[cfg(unix)] {
/// use std::os::unix::ffi::OsStrExt;
/// let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
/// assert_eq!(path(Path::new(latin1)), r"caf\xe9.md");
/// # }
/// ```
pub fn path(path: &Path) -> Cow<'_, str> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let needs_escape = |c: char| escaped_in_message(c) || c == '\\';
    if let Ok(text) = std::str::from_utf8(bytes)
        && !text.contains(needs_escape)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                c if escaped_in_message(c) => push_escape(&mut out, c),
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    Cow::Owned(out)
}

/// JSON text with every character the sanitiser rejects written as a `\uXXXX` escape: scripts
/// get the data exactly, a terminal never gets the character. serde_json escapes C0 controls
/// itself but not DEL, C1 or the bidi controls; all of them are in the BMP and can only be
/// inside strings, so one escape each is valid JSON. Line breaks are kept: outside strings
/// they are the JSON's own layout, and inside strings serde_json has already escaped them.
pub fn escape_in_json(json: &str) -> Cow<'_, str> {
    // A listing of 10,000 posts is megabytes of JSON, with a line break on every line: only
    // the bytes an unsafe character can start with are looked at closer.
    const CHUNK: usize = 64;
    let suspect =
        |byte: u8| (byte < 0x20 && byte != b'\n') | matches!(byte, 0x7F | 0xC2 | 0xD8 | 0xE2);
    let mut out: Option<String> = None;
    let mut copied = 0;
    for (chunk_at, chunk) in json.as_bytes().chunks(CHUNK).enumerate() {
        // Branch-free over a chunk (it vectorises); most chunks hold no suspect at all.
        if !chunk.iter().fold(false, |any, &byte| any | suspect(byte)) {
            continue;
        }
        for (in_chunk, &byte) in chunk.iter().enumerate() {
            if !suspect(byte) {
                continue;
            }
            let at = chunk_at * CHUNK + in_chunk;
            // Each suspect byte is ASCII or a lead byte: a character starts there.
            let c = json[at..].chars().next().unwrap_or_default();
            if !is_unsafe(c) {
                continue;
            }
            let out = out.get_or_insert_with(|| String::with_capacity(json.len() + 16));
            out.push_str(&json[copied..at]);
            let _ = write!(out, "\\u{:04x}", u32::from(c));
            copied = at + c.len_utf8();
        }
    }
    match out {
        None => Cow::Borrowed(json),
        Some(mut out) => {
            out.push_str(&json[copied..]);
            Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn controls_and_bidi_overrides_go() {
        assert_eq!(strip("a\u{1B}[2Jb\u{7F}\u{9B}c"), "a[2Jbc");
        assert_eq!(
            strip("\u{202E}evil\u{202C} \u{2067}x\u{2069}\u{200F}\u{061C}"),
            "evil x"
        );
        assert_eq!(strip("tab\there\n"), "tabhere");
        assert!(matches!(strip("日本語 é ←"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_keeps_word_breaks_as_spaces() {
        assert_eq!(one_line("a\tb\nc\u{2028}d\u{202E}e\u{1B}"), "a b c de");
    }

    #[test]
    fn messages_show_what_they_must_not_write_as_escapes() {
        assert_eq!(
            for_message("a\u{1b}]0;x\u{7}\tb\nc\u{7f}\u{9b}\u{202e}\u{2028}"),
            r"a\x1b]0;x\x07\x09b\x0ac\x7f\u009b\u202e\u2028"
        );
        assert!(matches!(for_message("plain, 日本語"), Cow::Borrowed(_)));
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_show_each_byte_and_backslashes_are_doubled() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"d\xff\xfe/\\x1b\x1b\xe2\x80\xae.md");
        assert_eq!(path(Path::new(name)), r"d\xff\xfe/\\x1b\x1b\u202e.md");
        assert!(matches!(path(Path::new("/tmp/a b/c.md")), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_line_breaks_and_escapes_the_rest() {
        assert_eq!(
            escape_in_json("[\n  \"a\u{7f}\u{202e}\u{9b}\"\n]"),
            "[\n  \"a\\u007f\\u202e\\u009b\"\n]"
        );
    }

    proptest! {
        /// The byte scan escapes exactly what a character by character pass escapes.
        #[test]
        fn json_escapes_are_those_of_a_pass_over_every_character(s in "\\PC*|[\\x00-\\x1F\\x7F\\u{80}-\\u{9F}\\u{202A}-\\u{202E}\\u{2066}-\\u{2069}\\u{200E}\\u{200F}\\u{61C}\\u{2000}-\\u{2070}\\u{600}-\\u{620}\\u{A0}-\\u{FF}a\\n]{0,30}") {
            let mut oracle = String::new();
            for c in s.chars() {
                if is_unsafe(c) && c != '\n' {
                    oracle.push_str(&format!("\\u{:04x}", u32::from(c)));
                } else {
                    oracle.push(c);
                }
            }
            prop_assert_eq!(escape_in_json(&s), oracle);
        }

        #[test]
        fn messages_and_paths_never_carry_a_control_byte(s in "\\PC*|[\\x00-\\x1F\\x7F\\u{80}-\\u{9F}\\u{202A}-\\u{202E}\\u{2066}-\\u{2069}\\u{200E}\\u{200F}\\u{61C}a\\\\]{0,20}") {
            prop_assert!(!for_message(&s).contains(escaped_in_message));
            prop_assert!(!path(Path::new(&s)).contains(escaped_in_message));
        }

        #[test]
        fn nothing_unsafe_survives_and_the_byte_test_never_misses(s in "\\PC*|[\\x00-\\x1F\\x7F\\u{80}-\\u{9F}\\u{202A}-\\u{202E}\\u{2066}-\\u{2069}\\u{200E}\\u{200F}\\u{61C}a]{0,20}") {
            prop_assert!(!strip(&s).contains(is_unsafe));
            prop_assert!(!one_line(&s).contains(is_unsafe));
            if s.contains(is_unsafe) {
                prop_assert!(may_hold_unsafe(s.as_bytes()));
            }
        }
    }
}
