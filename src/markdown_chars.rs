//! The character classes Markdown's inline rules are written in: CommonMark's punctuation
//! and whitespace, which decide whether `*` and `_` can open or close emphasis; the CJK
//! characters of the markdown-cjk-friendly amendment, which relaxes those rules next to
//! Chinese, Japanese and Korean text; and the East-Asian rule for what a soft line break
//! becomes; and the attribute block (`{#id .class}`) that kramdown and goldmark read at the end
//! of a heading. The layout and the loader's skim (for excerpts) both read Markdown with them.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_width::UnicodeWidthChar;

/// Whether a soft line break between `before` and `after` disappears instead of becoming a
/// space: the CSS Text rule for segment breaks, which joins East Asian wide, fullwidth and
/// halfwidth characters (Han, kana, full-width punctuation) but not Hangul, whose words are
/// separated by spaces. After full-width punctuation (`。`, `」`) the break joins whatever
/// follows, Latin too: the punctuation carries its own space (`始まります。Goは`).
pub fn soft_break_joins(before: char, after: char) -> bool {
    if before == '\u{200B}' || after == '\u{200B}' {
        return true;
    }
    if !east_asian_wide(before) || is_hangul(before) || is_hangul(after) {
        return false;
    }
    east_asian_wide(after)
        || (!after.is_whitespace()
            && before.general_category_group() == GeneralCategoryGroup::Punctuation)
}

/// East Asian Width F, W or H.
pub fn east_asian_wide(c: char) -> bool {
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
/// Zs is spelled out (seventeen characters, checked against the table below) because this is
/// asked of the characters around every emphasis mark, and a table lookup is not free.
pub fn is_unicode_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// A heading's trailing attribute block as kramdown and goldmark write it (`## Intro {#intro}`,
/// `{#id .class key=value}`, `{.class}`): the byte where the block starts (the words end
/// before it, trailing spaces aside) and the id it gives, if any. Only blocks made of `#id`,
/// `.class` and `key=value` words count, so a heading about `{a, b}` keeps its braces
/// (pulldown-cmark's own option would take any trailing braces).
pub fn heading_attributes(text: &str) -> Option<(usize, Option<&str>)> {
    let trimmed = text.trim_end();
    let inner_end = trimmed.strip_suffix('}')?.len();
    let open = trimmed[..inner_end].rfind('{')?;
    let inner = &trimmed[open + 1..inner_end];
    let mut id = None;
    let mut words = inner.split_whitespace().peekable();
    words.peek()?;
    for word in words {
        let valid = |name: &str| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        };
        if let Some(name) = word.strip_prefix('#') {
            if !valid(name) {
                return None;
            }
            id = id.or(Some(name));
        } else if let Some(name) = word.strip_prefix('.') {
            if !valid(name) {
                return None;
            }
        } else if let Some((key, _)) = word.split_once('=') {
            if !valid(key) || word.contains(['{', '}', '<', '>']) {
                return None;
            }
        } else {
            return None;
        }
    }
    Some((open, id))
}

/// The code span whose opening backticks start at `text[at]`, on a line that ends at
/// `line_end`: where its text starts (after the backticks), and where its closing run of as
/// many backticks starts, when the line closes it (unclosed, the backticks are text).
pub fn code_span_at(text: &str, at: usize, line_end: usize) -> (usize, Option<usize>) {
    let run = text.as_bytes()[at..line_end]
        .iter()
        .take_while(|&&b| b == b'`')
        .count();
    let after = at + run;
    let close = text[after..line_end]
        .find(&text[at..after])
        .map(|i| after + i);
    (after, close)
}

/// A fence that opens a code block (`` ``` `` or `~~~`, at most three spaces in): its
/// character and length.
pub fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let body = line.trim_start_matches(' ');
    if line.len() - body.len() > 3 {
        return None;
    }
    let ch = *body.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = body.bytes().take_while(|&b| b == ch).count();
    (len >= 3 && !(ch == b'`' && body[len..].contains('`'))).then_some((ch, len))
}

/// Whether `line` closes a code block opened by a fence of `len` `ch`s.
pub fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let body = line.trim_start_matches(' ');
    line.len() - body.len() <= 3
        && body.bytes().take_while(|&b| b == ch).count() >= len
        && body.trim_start_matches(ch as char).trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_span_is_closed_by_as_many_backticks_on_its_line() {
        let line = "a ``b ` c`` d `e";
        assert_eq!(code_span_at(line, 2, line.len()), (4, Some(9)));
        assert_eq!(code_span_at(line, 14, line.len()), (15, None));
    }
    use unicode_properties::GeneralCategory;

    #[test]
    fn soft_breaks_join_between_han_kana_and_fullwidth_punctuation_only() {
        assert!(soft_break_joins('本', 'か'));
        assert!(soft_break_joins('。', 'カ'));
        assert!(soft_break_joins('」', '（'));
        assert!(!soft_break_joins('a', '本'));
        assert!(!soft_break_joins('本', '1'));
        assert!(!soft_break_joins('한', '국'));
        assert!(!soft_break_joins('…', '本'));
        assert!(soft_break_joins('。', 'G'));
        assert!(soft_break_joins('」', '1'));
        // Not after a wide symbol (an emoji), nor before Hangul.
        assert!(!soft_break_joins('🎉', 'N'));
        assert!(!soft_break_joins('。', '한'));
    }

    #[test]
    fn whitespace_is_exactly_zs_and_the_four_controls() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let zs = c.general_category() == GeneralCategory::SpaceSeparator;
            let expected = zs || matches!(c, '\t' | '\n' | '\u{0C}' | '\r');
            assert_eq!(is_unicode_whitespace(c), expected, "U+{:04X}", u32::from(c));
        }
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

    #[test]
    fn heading_attribute_blocks_are_ids_classes_and_pairs_only() {
        fn ends(t: &str) -> Option<(&str, Option<&str>)> {
            heading_attributes(t).map(|(at, id)| (&t[..at], id))
        }
        assert_eq!(ends("Intro {#intro}"), Some(("Intro ", Some("intro"))));
        assert_eq!(
            ends("解決策 {#native-solution .x data-a=b}"),
            Some(("解決策 ", Some("native-solution")))
        );
        assert_eq!(ends("Styled {.wide}  "), Some(("Styled ", None)));
        assert_eq!(ends("Sets {a, b}"), None);
        assert_eq!(ends("Empty {}"), None);
        assert_eq!(ends("Brace }"), None);
        assert_eq!(ends("{#only}"), Some(("", Some("only"))));
    }
}
