//! Counting readable text for the reading-time estimate: CJK characters (Han, Hiragana,
//! Katakana) one by one, everything else as space-separated words. It sees plain text only;
//! [`super::body`] decides which parts of the Markdown are text at all.

use crate::model::TextStats;

/// Counts characters and words over text fed in pieces. A word may span pieces (`**bold**er`
/// arrives as `bold` then `er`), and so may a URL, so the state between pieces is kept until
/// [`Self::boundary`] says a block or line ended.
#[derive(Debug, Default)]
pub struct TextCounter {
    stats: TextStats,
    state: State,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Between,
    InWord,
    /// Inside a bare URL, which nobody reads aloud: it ends at whitespace or the first
    /// non-ASCII character (Japanese prose often follows a URL without a space).
    InUrl,
}

impl TextCounter {
    /// Adds a piece of running text.
    pub fn feed(&mut self, text: &str) {
        let mut rest = text.chars();
        while let Some(c) = rest.next() {
            if self.state == State::InUrl {
                if c.is_ascii_graphic() {
                    continue;
                }
                self.state = State::Between;
            }
            // ASCII is most of most posts; it needs no Unicode tables.
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    if self.state == State::Between {
                        if starts_url(c, rest.as_str()) {
                            self.state = State::InUrl;
                            continue;
                        }
                        self.stats.words += 1;
                        self.state = State::InWord;
                    }
                } else if c <= ' ' || is_word_breaking_punctuation(c) {
                    self.state = State::Between;
                }
                // Other punctuation (apostrophes, hyphens, dots in `1.88.0`) stays inside a
                // word.
                continue;
            }
            if is_cjk(c) {
                self.stats.cjk_chars += 1;
                self.state = State::Between;
            } else if is_word_breaking_punctuation(c) || c.is_whitespace() {
                // Checked before `is_alphanumeric`, whose tables are slow, since CJK text is
                // full of `。「」、`.
                self.state = State::Between;
            } else if c.is_alphanumeric() && self.state == State::Between {
                self.stats.words += 1;
                self.state = State::InWord;
            }
        }
    }

    /// Ends the current word: a block ended, a line broke, or non-text came between.
    pub fn boundary(&mut self) {
        self.state = State::Between;
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

/// `http://`, `https://` or `www.` starting with `first`, followed by `rest`.
fn starts_url(first: char, rest: &str) -> bool {
    let rest = rest.as_bytes();
    let starts = |prefix: &[u8]| {
        rest.get(..prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix))
    };
    match first {
        'h' | 'H' => starts(b"ttp://") || starts(b"ttps://"),
        'w' | 'W' => starts(b"ww."),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Where pulldown-cmark cuts the text into events must not change the counts. (`h` and
        /// `w` are left out: a URL cut inside its `https://` is not recognised.)
        #[test]
        fn counts_do_not_depend_on_where_text_is_cut(
            text in "[a-gi-vx-z0-9 .,'/「」。、あいう漢字カナ한국\\-]{0,40}",
            cut in 0usize..40,
        ) {
            let cut = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
            let mut counter = TextCounter::default();
            counter.feed(&text[..cut]);
            counter.feed(&text[cut..]);
            prop_assert_eq!(counter.stats(), count(&text));
        }
    }

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
    fn a_url_split_across_pieces_is_skipped_whole() {
        let mut counter = TextCounter::default();
        counter.feed("see https://example.com/a");
        counter.feed("_b/c then");
        assert_eq!(counter.stats(), stats(0, 2));
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
