//! Where the reader stopped in a post, kept as a place in the source text rather than a row
//! number, so it survives a change of terminal width and, as far as the text allows, an edit
//! of the file in between.

use serde::{Deserialize, Serialize};

/// How much text after the position an anchor remembers: long enough to be unique in a real
/// post, short enough that an edit nearby rarely touches it.
const FINGERPRINT_CHARS: usize = 32;

/// A fingerprint piece shorter than this matches too many places to mean anything.
const MIN_PIECE_CHARS: usize = 8;

/// A byte offset into a post's body plus the text that followed it when it was taken.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Anchor {
    /// Byte offset into the body (front matter excluded), on a character boundary.
    pub offset: usize,
    /// Up to 32 characters of the body starting at `offset`.
    pub fingerprint: String,
}

impl Anchor {
    /// The anchor for `offset` in `body`; an offset past the end or inside a character is
    /// moved back to the nearest character boundary.
    ///
    /// ```
    /// use kiji::state::Anchor;
    /// let body = "# 見出し\n\n本文です。";
    /// let at = body.find("本文").unwrap();
    /// let anchor = Anchor::at(body, at);
    /// assert_eq!(anchor.fingerprint, "本文です。");
    /// // Text added above moves the position with the text it marks.
    /// assert_eq!(anchor.resolve(&format!("追記\n{body}")), at + "追記\n".len());
    /// ```
    pub fn at(body: &str, offset: usize) -> Anchor {
        let offset = floor_char_boundary(body, offset);
        Anchor {
            offset,
            fingerprint: body[offset..].chars().take(FINGERPRINT_CHARS).collect(),
        }
    }

    /// Where this anchor lands in `body`, which may have changed since the anchor was taken.
    /// See [`resolve`].
    pub fn resolve(&self, body: &str) -> usize {
        resolve(self, body)
    }
}

/// The byte offset in `body` that best matches `anchor`: always a character boundary, never
/// past the end.
///
/// In order of preference: the stored offset when the fingerprint is still there; the
/// occurrence of the fingerprint nearest to the stored offset (text was added or removed
/// before it); the nearest occurrence of either half of the fingerprint (the edit touched
/// the anchored text itself); the stored offset, clamped (the text is gone).
pub fn resolve(anchor: &Anchor, body: &str) -> usize {
    let wanted = floor_char_boundary(body, anchor.offset);
    let fingerprint = anchor.fingerprint.as_str();
    if fingerprint.is_empty() || body[wanted..].starts_with(fingerprint) {
        return wanted;
    }
    if let Some(found) = nearest_occurrence(body, fingerprint, wanted) {
        return found;
    }
    let half = fingerprint
        .char_indices()
        .nth(fingerprint.chars().count() / 2)
        .map_or(fingerprint.len(), |(i, _)| i);
    let (head, tail) = fingerprint.split_at(half);
    let from_head = long_enough(head).and_then(|head| nearest_occurrence(body, head, wanted));
    // The tail sat `head.len()` bytes after the anchored place; keep the place, not the tail.
    let from_tail = long_enough(tail)
        .and_then(|tail| {
            nearest_occurrence(body, tail, floor_char_boundary(body, wanted + head.len()))
        })
        .map(|at| floor_char_boundary(body, at.saturating_sub(head.len())));
    [from_head, from_tail]
        .into_iter()
        .flatten()
        .min_by_key(|&at| at.abs_diff(wanted))
        .unwrap_or(wanted)
}

fn long_enough(piece: &str) -> Option<&str> {
    (piece.chars().count() >= MIN_PIECE_CHARS).then_some(piece)
}

/// The start of the occurrence of `needle` closest to `near` (a character boundary); ties
/// go to the earlier one.
fn nearest_occurrence(haystack: &str, needle: &str, near: usize) -> Option<usize> {
    let after = haystack[near..].find(needle).map(|i| near + i);
    let before_end = floor_char_boundary(haystack, near.saturating_add(needle.len()));
    let before = haystack[..before_end].rfind(needle);
    match (before, after) {
        (Some(b), Some(a)) => Some(if near - b <= a - near { b } else { a }),
        (b, a) => b.or(a),
    }
}

/// `offset` clamped to `text` and moved back to the start of the character it falls in.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BODY: &str = "# はじめに\n\n記事の本文はここから始まります。長い段落が続きます。\n\n## Next\n\nSecond section, in English, with enough words to anchor to.\n";

    fn offset_of(body: &str, text: &str) -> usize {
        body.find(text).expect("fixture holds the text")
    }

    #[test]
    fn unchanged_body_resolves_to_the_same_offset() {
        let at = offset_of(BODY, "長い段落");
        assert_eq!(Anchor::at(BODY, at).resolve(BODY), at);
    }

    #[test]
    fn text_added_before_the_anchor_moves_it_with_its_text() {
        let at = offset_of(BODY, "Second section");
        let anchor = Anchor::at(BODY, at);
        let edited = BODY.replace("# はじめに\n", "# はじめに\n\n追加された段落。\n");
        let resolved = anchor.resolve(&edited);
        assert!(edited[resolved..].starts_with("Second section"));
    }

    #[test]
    fn text_removed_before_the_anchor_moves_it_back() {
        let at = offset_of(BODY, "Second section");
        let anchor = Anchor::at(BODY, at);
        let edited = BODY.replace("記事の本文はここから始まります。", "");
        let resolved = anchor.resolve(&edited);
        assert!(edited[resolved..].starts_with("Second section"));
    }

    #[test]
    fn an_edit_inside_the_anchored_text_still_finds_its_start() {
        let at = offset_of(BODY, "Second section");
        let anchor = Anchor::at(BODY, at);
        let edited = format!(
            "preface\n{}",
            BODY.replace("in English", "in plain English")
        );
        let resolved = anchor.resolve(&edited);
        assert_eq!(resolved, offset_of(&edited, "Second section"));
    }

    #[test]
    fn an_edit_at_the_start_of_the_anchored_text_lands_where_it_began() {
        let at = offset_of(BODY, "Second section");
        let anchor = Anchor::at(BODY, at);
        let edited = BODY.replace("Second section,", "The second part,");
        let resolved = anchor.resolve(&edited);
        // What replaced the first half is unknown, so its length is a guess: close is enough.
        assert!(resolved.abs_diff(offset_of(&edited, "The second part")) <= 2);
    }

    #[test]
    fn anchored_text_that_is_gone_keeps_the_offset() {
        let at = offset_of(BODY, "長い段落");
        let anchor = Anchor::at(BODY, at);
        let edited = "まったく別の本文。".repeat(20);
        let resolved = anchor.resolve(&edited);
        assert!(edited.is_char_boundary(resolved));
        assert!(resolved <= at && at - resolved < "別".len());
    }

    #[test]
    fn a_truncated_body_clamps_to_its_end() {
        let at = offset_of(BODY, "Second section");
        let anchor = Anchor::at(BODY, at);
        let edited = &BODY[..offset_of(BODY, "## Next")];
        assert_eq!(anchor.resolve(edited), edited.len());
        assert_eq!(anchor.resolve(""), 0);
    }

    #[test]
    fn the_nearest_of_repeated_texts_wins() {
        let body = "same line of text here\n".repeat(50);
        let at = body.len() / 2 / 23 * 23;
        let anchor = Anchor::at(&body, at);
        let edited = format!("x{body}");
        assert_eq!(anchor.resolve(&edited), at + 1);
    }

    #[test]
    fn an_offset_inside_a_wide_character_moves_to_its_start() {
        let at = offset_of(BODY, "記事") + 1;
        assert_eq!(Anchor::at(BODY, at).offset, at - 1);
        let stale = Anchor {
            offset: at,
            fingerprint: "no such text anywhere, not at all".into(),
        };
        assert_eq!(stale.resolve(BODY), at - 1);
    }

    proptest! {
        #[test]
        fn resolving_never_goes_past_the_end_or_into_a_character(
            body in "\\PC{0,200}",
            offset in 0usize..1000,
            fingerprint in "\\PC{0,40}",
        ) {
            let resolved = resolve(&Anchor { offset, fingerprint }, &body);
            prop_assert!(resolved <= body.len());
            prop_assert!(body.is_char_boundary(resolved));
        }

        #[test]
        fn an_unchanged_body_gives_back_the_anchored_offset(
            body in "[a-zあ-ん \n#]{0,200}",
            offset in 0usize..700,
        ) {
            let anchor = Anchor::at(&body, offset);
            prop_assert_eq!(anchor.resolve(&body), anchor.offset);
        }

        #[test]
        fn text_inserted_before_the_anchor_keeps_it_on_its_text(
            body in "[a-zあ-ん \n#]{1,200}",
            offset in 0usize..700,
            insert_at in 0usize..700,
            inserted in "[a-zア-ン \n]{0,50}",
        ) {
            let anchor = Anchor::at(&body, offset);
            let insert_at = floor_char_boundary(&body, insert_at.min(anchor.offset));
            let edited = format!("{}{inserted}{}", &body[..insert_at], &body[insert_at..]);
            let resolved = anchor.resolve(&edited);
            prop_assert!(edited[resolved..].starts_with(&anchor.fingerprint));
        }
    }
}
