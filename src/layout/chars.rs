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

#[cfg(test)]
mod tests {
    use super::*;

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
