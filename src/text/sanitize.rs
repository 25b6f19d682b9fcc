//! The one rule for what text from a post may never reach a terminal: C0 and C1 controls
//! and DEL (ESC above all, with which a title could rewrite the screen), and the
//! bidirectional controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C), with which a title
//! could make text read in another order than it is written. Callers differ only in what
//! they do with tabs and line breaks: [`strip`] drops them with the rest (the layout turns
//! them into spaces itself, before), [`one_line`] makes them spaces.

use std::borrow::Cow;

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

    proptest! {
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
