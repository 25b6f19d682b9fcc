//! The character classes the layout rules are written in: JLREQ kinsoku sets, the
//! East-Asian test for joining soft line breaks, and the CJK/punctuation/whitespace classes
//! of the CJK-friendly emphasis rules. Only classification lives here; the rules that use
//! these classes live with the code that applies them.

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_width::UnicodeWidthChar;

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

/// Whether a soft line break between `before` and `after` disappears instead of becoming a
/// space: the CSS Text rule for segment breaks, which joins East Asian wide, fullwidth and
/// halfwidth characters (Han, kana, full-width punctuation) but not Hangul, whose words are
/// separated by spaces.
pub fn soft_break_joins(before: char, after: char) -> bool {
    if before == '\u{200B}' || after == '\u{200B}' {
        return true;
    }
    east_asian_wide(before) && east_asian_wide(after) && !is_hangul(before) && !is_hangul(after)
}

/// East Asian Width F, W or H.
fn east_asian_wide(c: char) -> bool {
    c.width() == Some(2) || matches!(c, '\u{FF61}'..='\u{FFDC}' | '\u{FFE8}'..='\u{FFEE}')
}

pub fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'
        | '\u{FFA0}'..='\u{FFDC}')
}

/// A "CJK character" in the markdown-cjk-friendly sense: East Asian Width F, W or H that is
/// not an emoji shown as emoji by default, or any Hangul.
pub fn is_cjk(c: char) -> bool {
    is_hangul(c) || (east_asian_wide(c) && !is_emoji_presentation(c))
}

/// Characters drawn as emoji by default (Emoji_Presentation=Yes), which the CJK-friendly rules
/// do not count as CJK although they are wide.
fn is_emoji_presentation(c: char) -> bool {
    matches!(c,
        '\u{231A}'..='\u{231B}' | '\u{23E9}'..='\u{23EC}' | '\u{23F0}' | '\u{23F3}'
        | '\u{25FD}'..='\u{25FE}' | '\u{2614}'..='\u{2615}' | '\u{2648}'..='\u{2653}'
        | '\u{267F}' | '\u{2693}' | '\u{26A1}' | '\u{26AA}'..='\u{26AB}'
        | '\u{26BD}'..='\u{26BE}' | '\u{26C4}'..='\u{26C5}' | '\u{26CE}' | '\u{26D4}'
        | '\u{26EA}' | '\u{26F2}'..='\u{26F3}' | '\u{26F5}' | '\u{26FA}' | '\u{26FD}'
        | '\u{2705}' | '\u{270A}'..='\u{270B}' | '\u{2728}' | '\u{274C}' | '\u{274E}'
        | '\u{2753}'..='\u{2755}' | '\u{2757}' | '\u{2795}'..='\u{2797}' | '\u{27B0}'
        | '\u{27BF}' | '\u{2B1B}'..='\u{2B1C}' | '\u{2B50}' | '\u{2B55}'
        | '\u{1F004}' | '\u{1F0CF}' | '\u{1F18E}' | '\u{1F191}'..='\u{1F19A}'
        | '\u{1F1E6}'..='\u{1F1FF}' | '\u{1F201}' | '\u{1F21A}' | '\u{1F22F}'
        | '\u{1F232}'..='\u{1F236}' | '\u{1F238}'..='\u{1F23A}' | '\u{1F250}'..='\u{1F251}'
        | '\u{1F300}'..='\u{1F64F}' | '\u{1F680}'..='\u{1F6FF}' | '\u{1F7E0}'..='\u{1F7FF}'
        | '\u{1F90C}'..='\u{1F9FF}' | '\u{1FA70}'..='\u{1FAFF}')
}

/// CommonMark's Unicode punctuation: general category P (punctuation) or S (symbol).
pub fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol
    )
}

/// CommonMark's Unicode whitespace: category Zs, tab, line feed, form feed, carriage return.
pub fn is_unicode_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{0C}' | '\r')
        || c.general_category() == GeneralCategory::SpaceSeparator
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

    #[test]
    fn soft_breaks_join_between_han_kana_and_fullwidth_punctuation_only() {
        assert!(soft_break_joins('本', 'か'));
        assert!(soft_break_joins('。', 'カ'));
        assert!(soft_break_joins('」', '（'));
        assert!(!soft_break_joins('a', '本'));
        assert!(!soft_break_joins('本', '1'));
        assert!(!soft_break_joins('한', '국'));
        assert!(!soft_break_joins('…', '本'));
    }

    #[test]
    fn cjk_excludes_default_emoji_but_includes_hangul_and_halfwidth_kana() {
        assert!(is_cjk('漢'));
        assert!(is_cjk('」'));
        assert!(is_cjk('한'));
        assert!(is_cjk('ｶ'));
        assert!(!is_cjk('😀'));
        assert!(!is_cjk('a'));
    }

    #[test]
    fn punctuation_covers_symbols_and_cjk_punctuation() {
        for c in "*!「」。$+€".chars() {
            assert!(is_punctuation(c), "{c}");
        }
        assert!(!is_punctuation('a'));
        assert!(!is_punctuation('字'));
    }
}
