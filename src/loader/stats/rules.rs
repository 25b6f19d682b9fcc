//! What each character does to the reading-time counts. The build script includes this file
//! too: it tabulates [`class_of`] for every character of the Basic Multilingual Plane, which
//! the counter looks up instead of asking Unicode's tables one character at a time.

/// What a character does to the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum CharClass {
    /// Read one by one (Han, kana): a character counted, and the end of a word.
    Counted = 0,
    /// Whitespace, controls and punctuation that separates words: the end of a word.
    Breaks = 1,
    /// A letter or digit of a script read in words: one starts a word, or goes on with it.
    Letter = 2,
    /// Anything else (marks, quotes, symbols): a word goes on through it, none starts.
    Neutral = 3,
}

impl CharClass {
    /// Every class, by its number.
    pub const ALL: [CharClass; 4] = [
        CharClass::Counted,
        CharClass::Breaks,
        CharClass::Letter,
        CharClass::Neutral,
    ];
}

/// The class of `c`.
pub fn class_of(c: char) -> CharClass {
    if is_counted_by_character(c) {
        CharClass::Counted
    } else if is_word_breaking_punctuation(c) || c.is_whitespace() || c.is_control() {
        CharClass::Breaks
    } else if c.is_alphanumeric() {
        CharClass::Letter
    } else {
        CharClass::Neutral
    }
}

/// Han, Hiragana and Katakana: the scripts read character by character.
pub const fn is_counted_by_character(c: char) -> bool {
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
pub const fn is_word_breaking_punctuation(c: char) -> bool {
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
            | '\u{3000}'..='\u{303F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{30FB}'
    )
}
