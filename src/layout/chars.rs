//! The character classes the layout rules are written in: JLREQ kinsoku sets (Markdown's
//! own classes are in [`crate::markdown_chars`]). Only classification lives here; the rules
//! that use these classes live with the code that applies them.

/// Characters that may not begin a line (JLREQ "strict" kinsoku: closing brackets and quotes,
/// hyphens, dividing punctuation, middle dots, full stops, commas, iteration marks, the
/// prolonged sound mark and small kana), with their halfwidth forms.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        // closing brackets and quotation marks (cl-02)
        '’' | '”' | '）' | '〕' | '］' | '｝' | '〉' | '》' | '」' | '』' | '】' | '〙' | '〗'
        | '〟' | '｠' | '»' | '｣'
        // hyphens (cl-03)
        | '‐' | '〜' | '゠' | '–'
        // dividing punctuation (cl-04)
        | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
        // middle dots (cl-05), full stops (cl-06), commas (cl-07)
        | '・' | '：' | '；' | '。' | '．' | '、' | '，' | '･' | '｡' | '､'
        // iteration marks and the prolonged sound mark (cl-09)
        | 'ヽ' | 'ヾ' | 'ゝ' | 'ゞ' | '々' | '〻' | 'ー' | 'ｰ'
        // small kana (cl-11)
        | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
        | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{FF67}'..='\u{FF6F}'
    )
}

/// Characters that may not end a line: opening brackets and quotation marks (JLREQ cl-01).
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '‘' | '“'
            | '（'
            | '〔'
            | '［'
            | '｛'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〘'
            | '〖'
            | '〝'
            | '｟'
            | '«'
            | '｢'
    )
}

/// Marks that JLREQ keeps together when doubled (`……`, `――`).
pub fn never_split_doubled(c: char) -> bool {
    matches!(c, '…' | '‥' | '―' | '—' | '─')
}

/// Hangul: syllables and jamo, conjoining and compatibility.
pub fn is_hangul(c: char) -> bool {
    matches!(
        c,
        '\u{1100}'..='\u{11FF}'
            | '\u{3130}'..='\u{318F}'
            | '\u{A960}'..='\u{A97F}'
            | '\u{AC00}'..='\u{D7FF}'
            | '\u{FFA0}'..='\u{FFDC}'
    )
}

/// Whether a break between `a` and `b` would split a Korean word. Korean is set with spaces
/// between words and breaks only there (KLREQ; CSS `word-break: keep-all`), where UAX #14
/// allows a break between any two syllables as between ideographs. A word is Hangul with the
/// letters and digits written into it (`Rust는`, `3개`); kana and ideographs are not part of
/// one.
pub fn splits_korean_word(a: char, b: char) -> bool {
    let in_word = |c: char| is_hangul(c) || (c.is_alphanumeric() && c < '\u{2E80}');
    (is_hangul(a) && in_word(b)) || (in_word(a) && is_hangul(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_words_hold_their_syllables_and_the_latin_written_into_them() {
        assert!(splits_korean_word('한', '국'));
        assert!(splits_korean_word('t', '는'));
        assert!(splits_korean_word('3', '개'));
        assert!(!splits_korean_word('다', '.'));
        assert!(!splits_korean_word('日', '本'));
        assert!(!splits_korean_word('한', '日'));
        assert!(!splits_korean_word('a', 'b'));
    }

    #[test]
    fn japanese_punctuation_cannot_start_a_line() {
        for c in "、。，．・：；？！」』）】〉》〕］｝〙〗”’ーっャ".chars()
        {
            assert!(no_line_start(c), "{c}");
        }
        assert!(!no_line_start('あ'));
    }

    #[test]
    fn opening_brackets_cannot_end_a_line() {
        for c in "「『（【〈《〔［｛〘〖“‘".chars() {
            assert!(no_line_end(c), "{c}");
        }
        assert!(!no_line_end('」'));
    }
}
