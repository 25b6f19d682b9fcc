//! Counting readable text for the reading-time estimate: CJK characters (Han, Hiragana,
//! Katakana) one by one, everything else as space-separated words. It sees plain text only;
//! [`super::body`] decides which parts of the Markdown are text at all.

#[cfg(target_arch = "x86_64")]
mod avx2;
pub(super) mod rules;

use rules::{CharClass, is_word_breaking_punctuation};

use super::inline::SPECIAL;
use crate::model::TextStats;

/// Counts characters and words over text fed in pieces. A word may span pieces (`**bold**er`
/// arrives as `bold` then `er`), and so may a URL, so the state between pieces is kept until
/// [`Self::boundary`] says a block or line ended.
#[derive(Debug, Default)]
pub struct TextCounter {
    stats: TextStats,
    in_word: bool,
    /// Inside a bare URL, which nobody reads aloud: it ends at whitespace or the first
    /// non-ASCII character (Japanese prose often follows a URL without a space).
    in_url: bool,
}

impl TextCounter {
    /// Adds a piece of running text. It walks bytes rather than `chars()`: this loop sees
    /// every character of every post, and ASCII and the common CJK blocks need neither full
    /// decoding nor Unicode tables.
    pub fn feed(&mut self, text: &str) {
        self.count::<false, true>(text);
    }

    /// [`Self::feed`] up to the first byte that may start inline markup
    /// ([`super::inline::SPECIAL`]): how many bytes it counted, `text.len()` when none.
    /// The skim finds markup and counts the text before it in this one walk.
    pub fn feed_to_markup(&mut self, text: &str) -> usize {
        self.count::<true, true>(text)
    }

    /// [`Self::feed`] without the vector walk that takes most ASCII text: what the tests
    /// hold it to.
    #[cfg(test)]
    fn count_generally(&mut self, text: &str) {
        self.count::<false, false>(text);
    }

    fn count<const TO_MARKUP: bool, const WALKS: bool>(&mut self, text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut stopped = false;
        if self.in_url {
            (i, stopped) = self.url_from::<TO_MARKUP>(bytes, 0);
        }
        let mut words = 0;
        let mut cjk_chars = 0;
        let mut in_word = self.in_word;
        while i < bytes.len() && !stopped {
            if WALKS {
                // Most text is taken by the vector walk; what it stops at (markup, a URL) is
                // taken below.
                let walked =
                    Self::walk::<TO_MARKUP>(bytes, i, &mut in_word, (&mut words, &mut cjk_chars));
                if walked != i {
                    i = walked;
                    continue;
                }
            }
            let b = bytes[i];
            if b.is_ascii() {
                // ASCII comes in runs that cannot change the state: inside a word, letters,
                // digits and inner punctuation (the apostrophe of `don't`, the dots of
                // `1.88.0`); outside one, spaces and punctuation. Each run is skipped in a
                // tight loop, and only the byte that ends it is looked at.
                let run = match (in_word, TO_MARKUP) {
                    (true, false) => &ASCII_CONTINUES_WORD,
                    (false, false) => &ASCII_OUTSIDE_WORD,
                    (true, true) => &TO_MARKUP_CONTINUES_WORD,
                    (false, true) => &TO_MARKUP_OUTSIDE_WORD,
                };
                i += bytes[i..]
                    .iter()
                    .position(|&b| !run[usize::from(b)])
                    .unwrap_or(bytes.len() - i);
                let Some(&b) = bytes.get(i) else { break };
                if !b.is_ascii() {
                    continue;
                }
                if TO_MARKUP && SPECIAL[usize::from(b)] {
                    break;
                }
                i += 1;
                if in_word {
                    in_word = false;
                } else if matches!(b | 0x20, b'h' | b'w') && starts_url(b, &bytes[i..]) {
                    (i, stopped) = self.url_from::<TO_MARKUP>(bytes, i);
                } else {
                    words += 1;
                    in_word = true;
                }
                continue;
            }
            // Lead bytes E4..E9 start U+4000..U+9FFF, all CJK ideographs but the hexagrams
            // of E4 B7: most kanji and hanzi are counted without decoding.
            if (0xE4..=0xE9).contains(&b) && (b != 0xE4 || bytes.get(i + 1) != Some(&0xB7)) {
                i += 3;
                cjk_chars += 1;
                in_word = false;
                continue;
            }
            // Lead bytes EB and EC start U+B000..U+CFFF, all Hangul syllables, and so do
            // EA B0..BF (U+AC00..) and ED 80..9D (..U+D77F): most of Korean text, letters
            // read as words, known without decoding.
            let second = bytes.get(i + 1).copied().unwrap_or(0);
            if matches!(b, 0xEB | 0xEC) || b == 0xEA && second >= 0xB0 || b == 0xED && second < 0x9E
            {
                i += 3;
                words += usize::from(!in_word);
                in_word = true;
                continue;
            }
            let (code, len) = decode(bytes, i);
            i += len;
            match class_of(code) {
                CharClass::Counted => {
                    cjk_chars += 1;
                    in_word = false;
                }
                CharClass::Breaks => in_word = false,
                CharClass::Letter => {
                    words += usize::from(!in_word);
                    in_word = true;
                }
                CharClass::Neutral => {}
            }
        }
        self.in_word = in_word && !self.in_url;
        self.stats.words += words;
        self.stats.cjk_chars += cjk_chars;
        i
    }

    /// Counts from `bytes[at..]` (the start of a character) as far as the vector walk goes,
    /// where the processor has one: where it stopped.
    #[inline]
    fn walk<const TO_MARKUP: bool>(
        bytes: &[u8],
        at: usize,
        in_word: &mut bool,
        (words, cjk_chars): (&mut usize, &mut usize),
    ) -> usize {
        // A text shorter than a block is the general loop's: copied for the walk, such texts
        // counted no faster (measured on the generated corpus).
        #[cfg(target_arch = "x86_64")]
        if bytes.len() >= avx2::BLOCK && is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { avx2::walk::<TO_MARKUP>(bytes, at, in_word, words, cjk_chars) };
        }
        let _ = (bytes, in_word, words, cjk_chars);
        at
    }

    /// Skips the URL that runs through `bytes[from..]`: where it stopped, and whether that is
    /// a byte that may start markup (with `TO_MARKUP`). A URL goes on after markup and after
    /// the end of a piece, not after a space.
    fn url_from<const TO_MARKUP: bool>(&mut self, bytes: &[u8], from: usize) -> (usize, bool) {
        let end = skip_url::<TO_MARKUP>(bytes, from);
        let at_markup = TO_MARKUP && bytes.get(end).is_some_and(|&b| SPECIAL[usize::from(b)]);
        self.in_url = end == bytes.len() || at_markup && bytes[end].is_ascii_graphic();
        (end, at_markup)
    }

    /// Ends the current word: a block ended, a line broke, or non-text came between.
    pub fn boundary(&mut self) {
        self.in_word = false;
        self.in_url = false;
    }

    pub fn stats(&self) -> TextStats {
        self.stats
    }

    /// Adds counts taken from the same text fed before.
    pub fn add(&mut self, counted: TextStats) {
        self.stats.cjk_chars += counted.cjk_chars;
        self.stats.words += counted.words;
    }
}

/// ASCII bytes that leave a word going: letters, digits and the punctuation that joins
/// (apostrophes, hyphens, dots). Every other byte, and every non-ASCII one, is `false`.
const ASCII_CONTINUES_WORD: [bool; 256] = ascii_table(true);

/// ASCII bytes that do not start a word: everything but letters and digits. Non-ASCII
/// bytes are `false`.
const ASCII_OUTSIDE_WORD: [bool; 256] = ascii_table(false);

const fn ascii_table(in_word: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        let breaks = c <= ' ' || c == '\x7f' || is_word_breaking_punctuation(c);
        table[b] = if in_word {
            !breaks
        } else {
            !c.is_ascii_alphanumeric()
        };
        b += 1;
    }
    table
}

/// [`ASCII_CONTINUES_WORD`] and [`ASCII_OUTSIDE_WORD`] without the bytes that may start
/// markup, where [`TextCounter::feed_to_markup`] stops.
const TO_MARKUP_CONTINUES_WORD: [bool; 256] = without_markup(ASCII_CONTINUES_WORD);
const TO_MARKUP_OUTSIDE_WORD: [bool; 256] = without_markup(ASCII_OUTSIDE_WORD);

const fn without_markup(mut table: [bool; 256]) -> [bool; 256] {
    let mut b = 0;
    while b < 256 {
        table[b] &= !SPECIAL[b];
        b += 1;
    }
    table
}

/// The code point of the multi-byte UTF-8 sequence starting at `bytes[at]`, and its length.
/// `bytes` comes from a `str`, so the sequence is complete and valid.
#[inline]
fn decode(bytes: &[u8], at: usize) -> (u32, usize) {
    let lead = u32::from(bytes[at]);
    let next = |k: usize| u32::from(bytes.get(at + k).map_or(0, |b| b & 0x3F));
    if lead < 0xE0 {
        ((lead & 0x1F) << 6 | next(1), 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3)
    } else {
        (
            (lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3),
            4,
        )
    }
}

/// The class of the character `code` (decoded from valid UTF-8) by [`rules::class_of`]:
/// looked up in a table for the Basic Multilingual Plane, which the build made from the
/// rules, since the Unicode tables behind them cost tens of nanoseconds a character.
#[inline]
fn class_of(code: u32) -> CharClass {
    match u16::try_from(code) {
        Ok(code) => {
            let code = usize::from(code);
            let block = usize::from(BMP_BLOCKS[code >> BMP_SHIFT]);
            CharClass::ALL[usize::from(BMP_CLASSES[block][code & ((1 << BMP_SHIFT) - 1)])]
        }
        Err(_) => rules::class_of(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)),
    }
}

include!(concat!(env!("OUT_DIR"), "/char_classes.rs"));

/// Where the URL that runs through `bytes[from..]` ends: at whitespace, a control character
/// or the first non-ASCII byte.
fn skip_url<const TO_MARKUP: bool>(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !b.is_ascii_graphic() || TO_MARKUP && SPECIAL[usize::from(b)])
        .map_or(bytes.len(), |end| from + end)
}

/// `http://`, `https://` or `www.` starting with the byte `first`, followed by `rest`.
fn starts_url(first: u8, rest: &[u8]) -> bool {
    let starts = |prefix: &[u8]| {
        rest.get(..prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix))
    };
    match first {
        b'h' | b'H' => starts(b"ttp://") || starts(b"ttps://"),
        b'w' | b'W' => starts(b"ww."),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::rules::is_counted_by_character;
    use super::*;
    use proptest::prelude::*;

    /// The table the build made says what the rules say, for every character it holds.
    #[test]
    fn the_table_agrees_with_the_rules() {
        for c in (0..0x10000).filter_map(char::from_u32) {
            assert_eq!(class_of(u32::from(c)), rules::class_of(c), "{c:?}");
        }
    }

    /// The rules applied one `char` at a time, without the byte-level shortcuts (and without
    /// URLs).
    fn reference(text: &str) -> TextStats {
        let mut stats = TextStats::default();
        let mut in_word = false;
        for c in text.chars() {
            if is_counted_by_character(c) {
                stats.cjk_chars += 1;
                in_word = false;
            } else if c.is_whitespace() || c.is_control() || is_word_breaking_punctuation(c) {
                in_word = false;
            } else if c.is_alphanumeric() && !in_word {
                stats.words += 1;
                in_word = true;
            }
        }
        stats
    }

    proptest! {
        /// The byte-level loop agrees with the plain rules on any text.
        #[test]
        fn byte_walk_agrees_with_char_rules(text in "[^hHwW]{0,60}") {
            prop_assert_eq!(count(&text), reference(&text));
        }

        /// The edges of the Hangul syllables known by their first two bytes.
        #[test]
        fn hangul_edges_agree_with_char_rules(
            text in "[\u{A000}-\u{A010}\u{ABF0}-\u{AC10}\u{D770}-\u{D7FF}a ]{0,60}",
        ) {
            prop_assert_eq!(count(&text), reference(&text));
        }

        /// The ideographs known by their first byte agree with the rules, next to the
        /// hexagrams of U+4DC0..U+4DFF, which share one with them.
        #[test]
        fn ideograph_shortcut_agrees_with_char_rules(
            text in "[\u{3FF0}-\u{4FFF}\u{4DB0}-\u{4E10}\u{9FF0}-\u{A010}a-z ]{0,60}",
        ) {
            prop_assert_eq!(count(&text), reference(&text));
        }

        /// Kana and CJK punctuation, which a table classifies, agree with the rules too.
        #[test]
        fn kana_table_agrees_with_char_rules(text in "[\u{3000}-\u{3FFF}a-z0-9 ]{0,60}") {
            prop_assert_eq!(count(&text), reference(&text));
        }

        /// Hangul syllables, which skip the alphabetic tables, agree with the rules too,
        /// next to the letters, marks and punctuation around them.
        #[test]
        fn hangul_shortcut_agrees_with_char_rules(
            text in "[\u{A000}-\u{ABFF}\u{AC00}-\u{D7FF}\u{1100}-\u{11FF}\u{3130}-\u{318F}a-z0-9é ,.。]{0,60}",
        ) {
            prop_assert_eq!(count(&text), reference(&text));
        }

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

    proptest! {
        /// The vector walk over ASCII counts as the general rules do, whatever stops it: a
        /// URL, markup, text beyond ASCII, the end; wherever the text is cut (the same cut
        /// for both); and fed up to markup.
        #[test]
        fn vector_walk_counts_as_the_general_rules(
            text in "(https://x\\.y|www\\.|[a-zA-Z0-9]{1,9}|[ .,'\\-#@^?/]|[*_`\\[\\]<&~!\n]|[あ한é]){0,120}",
            cut in 0usize..400,
        ) {
            let cut = text.char_indices().map(|(i, _)| i).find(|&i| i >= cut).unwrap_or(text.len());
            let mut walking = TextCounter::default();
            walking.feed(&text[..cut]);
            walking.feed(&text[cut..]);
            let mut general = TextCounter::default();
            general.count_generally(&text[..cut]);
            general.count_generally(&text[cut..]);
            prop_assert_eq!(walking.stats(), general.stats());
            prop_assert_eq!((walking.in_word, walking.in_url), (general.in_word, general.in_url));
            let mut rest = text.as_str();
            let mut to_markup = TextCounter::default();
            while !rest.is_empty() {
                let stop = to_markup.feed_to_markup(rest);
                let (special, after) = rest[stop..].split_at(1.min(rest.len() - stop));
                to_markup.feed(special);
                rest = after;
            }
            let mut whole = TextCounter::default();
            whole.count_generally(&text);
            prop_assert_eq!(to_markup.stats(), whole.stats());
        }
    }

    proptest! {
        /// The vector walk counts text beyond ASCII as the rules do: the ideographs, kana
        /// and syllables it tells by their first bytes up to the edges of their ranges, and
        /// every other character it decodes (two, three and four bytes long), wherever a
        /// character falls in a block or across its end; fed whole, cut in two, and fed up to
        /// markup.
        #[test]
        fn vector_walk_counts_every_script_as_the_rules(
            text in concat!(
                "([a-gi-vx-zA-GI-VX-Z0-9]{1,5}|[ .,'\\-/\n*_`]|[\u{80}-\u{7FF}]",
                "|[\u{3000}-\u{30FF}]|[\u{3400}-\u{3410}\u{4DB0}-\u{4E10}\u{9FF0}-\u{A010}]",
                "|[\u{ABF0}-\u{AC10}\u{D770}-\u{D7FF}]|[\u{E000}-\u{E010}\u{FF00}-\u{FFFD}]",
                "|[\u{0E00}-\u{0E7F}\u{2000}-\u{206F}]",
                "|[\u{10000}-\u{10010}\u{1F600}-\u{1F610}\u{20000}-\u{20010}]){0,150}",
            ),
            cut in 0usize..600,
        ) {
            let expected = reference(&text);
            prop_assert_eq!(count(&text), expected);
            let cut = text.char_indices().map(|(i, _)| i).find(|&i| i >= cut).unwrap_or(text.len());
            let mut halves = TextCounter::default();
            halves.feed(&text[..cut]);
            halves.feed(&text[cut..]);
            prop_assert_eq!(halves.stats(), expected);
            let mut to_markup = TextCounter::default();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let stop = to_markup.feed_to_markup(rest);
                let (special, after) = rest[stop..].split_at(1.min(rest.len() - stop));
                to_markup.feed(special);
                rest = after;
            }
            prop_assert_eq!(to_markup.stats(), expected);
        }
    }

    proptest! {
        /// Fed up to each byte that may start markup, then that byte alone, and so on (as a
        /// skim that finds no markup feeds it), any text counts as it does fed whole, URLs
        /// with markup bytes inside them included.
        #[test]
        fn feeding_to_markup_counts_as_feeding_whole(
            text in "(https://|www\\.|[a-z0-9 .'\\-]|[*_~!\\[\\]<&`\\\\\n]|[あ漢한])*",
        ) {
            let mut counter = TextCounter::default();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let stop = counter.feed_to_markup(rest);
                prop_assert!(stop == rest.len() || SPECIAL[usize::from(rest.as_bytes()[stop])]);
                // The byte that may start markup, fed alone (all are ASCII).
                let (special, after) = rest[stop..].split_at(1.min(rest.len() - stop));
                counter.feed(special);
                rest = after;
            }
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
