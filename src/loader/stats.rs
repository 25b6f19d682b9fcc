//! Counting readable text for the reading-time estimate: CJK characters (Han, Hiragana,
//! Katakana) one by one, everything else as space-separated words. It sees plain text only;
//! [`super::body`] decides which parts of the Markdown are text at all.

use crate::model::TextStats;

/// Counts characters and words over text fed in pieces. A word may span pieces (`**bold**er`
/// arrives as `bold` then `er`), so the state between pieces is kept until [`Self::boundary`]
/// says a block or line ended.
#[derive(Debug, Default)]
pub struct TextCounter {
    stats: TextStats,
    in_word: bool,
}

impl TextCounter {
    /// Adds a piece of running text. Bare URLs are not read aloud by anyone, so they are skipped.
    pub fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
            if !self.in_word && starts_url(&bytes[i..]) {
                i += url_len(&bytes[i..]);
                continue;
            }
            let c = text[i..].chars().next().expect("i is on a char boundary");
            i += c.len_utf8();
            if is_cjk(c) {
                self.stats.cjk_chars += 1;
                self.in_word = false;
            } else if c.is_alphanumeric() {
                if !self.in_word {
                    self.stats.words += 1;
                    self.in_word = true;
                }
            } else if c.is_whitespace() || is_word_breaking_punctuation(c) {
                self.in_word = false;
            }
            // Other punctuation (apostrophes, hyphens, dots in `1.88.0`) stays inside a word.
        }
    }

    /// Ends the current word: a block ended, a line broke, or non-text came between.
    pub fn boundary(&mut self) {
        self.in_word = false;
    }

    pub fn stats(&self) -> TextStats {
        self.stats
    }
}

/// Han, Hiragana and Katakana: the scripts read character by character.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3007}'              // 々 〇
        | '\u{3021}'..='\u{3029}'            // Hangzhou numerals
        | '\u{3038}'..='\u{303B}'            // 〸〹〺〻
        | '\u{3041}'..='\u{3096}'            // Hiragana
        | '\u{309D}'..='\u{309F}'            // ゝゞゟ
        | '\u{30A1}'..='\u{30FA}'            // Katakana
        | '\u{30FC}'..='\u{30FF}'            // ー ヽヾヿ
        | '\u{31F0}'..='\u{31FF}'            // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'            // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'            // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'            // compatibility ideographs
        | '\u{FF66}'..='\u{FF9D}'            // halfwidth Katakana
        | '\u{1B000}'..='\u{1B16F}'          // Kana supplement and extensions
        | '\u{20000}'..='\u{3FFFF}'          // extensions B and later
    )
}

/// Punctuation that separates words even without a space: `a/b`, `(x)`, `foo,bar`, and the
/// fullwidth marks of CJK text. Apostrophes, hyphens and dots are left out on purpose: `don't`,
/// `well-known` and `1.88.0` are one word each.
fn is_word_breaking_punctuation(c: char) -> bool {
    matches!(
        c,
        '/' | '\\'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '|'
            | '='
            | '+'
            | '*'
            | '&'
            | '~'
            | '—'
            | '–'
            | '…'
    ) || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF01}'..='\u{FF0F}').contains(&c)
        || ('\u{FF1A}'..='\u{FF20}').contains(&c)
        || c == '\u{30FB}'
}

fn starts_url(bytes: &[u8]) -> bool {
    let starts = |prefix: &[u8]| {
        bytes
            .get(..prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix))
    };
    matches!(bytes.first(), Some(b'h' | b'H' | b'w' | b'W'))
        && (starts(b"http://") || starts(b"https://") || starts(b"www."))
}

/// A URL runs until whitespace or the first non-ASCII byte: Japanese prose often follows a
/// URL without a space (`https://example.com/を参照`).
fn url_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii_graphic())
        .unwrap_or(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> TextStats {
        let mut counter = TextCounter::default();
        counter.feed(text);
        counter.stats()
    }

    fn stats(cjk_chars: usize, words: usize) -> TextStats {
        TextStats { cjk_chars, words }
    }

    #[test]
    fn counts_each_kanji_hiragana_and_katakana_character() {
        assert_eq!(count("日本語のテキスト"), stats(8, 0));
        assert_eq!(count("人々"), stats(2, 0));
    }

    #[test]
    fn counts_latin_words_by_spaces() {
        assert_eq!(count("The quick brown fox"), stats(0, 4));
        assert_eq!(count("  spaced   out  "), stats(0, 2));
    }

    #[test]
    fn japanese_punctuation_is_neither_character_nor_word() {
        assert_eq!(count("「はい」。、"), stats(2, 0));
    }

    #[test]
    fn latin_and_digits_inside_japanese_are_words() {
        assert_eq!(count("この20年間、AI業界は"), stats(7, 2));
    }

    #[test]
    fn apostrophes_hyphens_and_version_dots_stay_inside_a_word() {
        assert_eq!(count("don't use well-known 1.88.0"), stats(0, 4));
    }

    #[test]
    fn hangul_counts_as_words() {
        assert_eq!(count("안녕하세요 세계"), stats(0, 2));
    }

    #[test]
    fn bare_urls_are_not_counted() {
        assert_eq!(count("see https://example.com/a_b?c=d now"), stats(0, 2));
        assert_eq!(count("詳細はhttps://example.jp/docsを参照"), stats(6, 0));
        assert_eq!(count("www.example.com"), stats(0, 0));
    }

    #[test]
    fn a_word_split_across_pieces_counts_once() {
        let mut counter = TextCounter::default();
        counter.feed("bold");
        counter.feed("er text");
        assert_eq!(counter.stats(), stats(0, 2));
        counter.boundary();
        counter.feed("next");
        assert_eq!(counter.stats(), stats(0, 3));
    }

    #[test]
    fn fullwidth_and_bracket_punctuation_break_words() {
        assert_eq!(count("foo/bar (baz)"), stats(0, 3));
        assert_eq!(count("ＡＢＣ、ＤＥＦ"), stats(0, 2));
    }
}
