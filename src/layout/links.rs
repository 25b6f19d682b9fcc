//! The numbered list of addresses a post links to, shown after it: every link and image in
//! the text gets the number of its address, `[n]`, in the order a reader meets them. And,
//! once the rows are laid out, where each link's text sits ([`places`]), so that the reader
//! can select, highlight, scroll to and click a link without knowing how lines were broken.

use std::collections::HashMap;
use std::ops::Range;

use super::tree::{InlineItem, SpanStyle};
use super::{Link, Role, Row};
use crate::text::sanitize;

/// A piece of a link's text on one row: bytes of the row's [`Row::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPiece {
    pub row: usize,
    pub bytes: Range<usize>,
}

/// One occurrence of a numbered link in the text: its number and the pieces of its text (the
/// `[n]` included), in order; a link whose text wrapped has a piece on each row. A footnote's
/// mark is a place too, so that `]`/`[` and Enter reach it; it has no number (0, which names
/// no link) and leads to its note, or from the note back to the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPlace {
    pub number: usize,
    pub pieces: Vec<LinkPiece>,
    pub footnote: Option<FootnoteMark>,
}

/// A footnote's mark: `^n` in the text, or the same mark before its note at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FootnoteMark {
    pub number: usize,
    /// The mark before the note, not a reference to it.
    pub is_note: bool,
}

/// The number in a footnote mark `^n`.
fn footnote_number(text: &str) -> Option<usize> {
    let digits = text.strip_prefix('^')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl LinkPlace {
    /// The row the link starts on.
    pub fn row(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.row)
    }
}

/// The number in an in-text reference `[n]`.
fn reference_number(text: &str) -> Option<usize> {
    let digits = text.strip_prefix('[')?.strip_suffix(']')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Finds the links in laid-out rows (the text's, not the link list's after it): a run of
/// link-styled text (across rows when it wrapped) ended by its `[n]`. One pass over the spans; text between a link and a number that is
/// not blank breaks the run, so nothing is attributed to a link it does not belong to.
pub fn places(rows: &[Row]) -> Vec<LinkPlace> {
    let mut places = Vec::new();
    let mut pending: Vec<LinkPiece> = Vec::new();
    for (row_index, row) in rows.iter().enumerate() {
        let mut at = 0;
        for span in &row.spans {
            let bytes = at..at + span.text.len();
            at = bytes.end;
            let piece = LinkPiece {
                row: row_index,
                bytes,
            };
            match span.role {
                Role::Link => extend(&mut pending, piece),
                // A soft line break after a link leaves its space in the `[n]` span.
                Role::LinkRef => match reference_number(span.text.trim_end()) {
                    Some(number) => {
                        let end = piece.bytes.start + span.text.trim_end().len();
                        extend(
                            &mut pending,
                            LinkPiece {
                                bytes: piece.bytes.start..end,
                                ..piece
                            },
                        );
                        places.push(LinkPlace {
                            number,
                            pieces: std::mem::take(&mut pending),
                            footnote: None,
                        });
                    }
                    None => pending.clear(),
                },
                // A note's mark is the gutter its first row starts with; a reference is held
                // to the word before it, so it never starts a row of the text.
                Role::FootnoteRef => {
                    pending.clear();
                    let text = span.text.trim_end();
                    let trimmed = text.trim_start();
                    if let Some(number) = footnote_number(trimmed) {
                        let start = piece.bytes.start + (text.len() - trimmed.len());
                        places.push(LinkPlace {
                            number: 0,
                            pieces: vec![LinkPiece {
                                row: row_index,
                                bytes: start..start + trimmed.len(),
                            }],
                            footnote: Some(FootnoteMark {
                                number,
                                is_note: piece.bytes.start == 0,
                            }),
                        });
                    }
                }
                // Gutters and the spaces a wrap leaves do not end a link.
                _ if span.text.trim().is_empty() => {}
                _ => pending.clear(),
            }
        }
    }
    places
}

/// An address broken into lines for the link list: the first line `first` cells wide, the
/// others `rest`. Lines end after a `/` (a run of them, so `https://` stays whole), a `?`
/// or `&`, and in the path also after `-`, `_`, `.`, `=`, `+`; so the scheme and the host
/// are never cut while such a break exists. Only a piece wider than a whole line is cut, at
/// the last cell that fits. Linear in the address.
pub fn url_lines(url: &str, first: usize, rest: usize, ambiguous_wide: bool) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    let width = |text: &str| crate::text::width::str_width(text, ambiguous_wide);
    let mut pieces: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes = url.as_bytes();
    // The scheme and host end at the first `/` after `://`; after them, the path may also
    // break after the punctuation that separates its words.
    let host_end = url.find("://").map_or(0, |i| {
        url[i + 3..].find('/').map_or(url.len(), |j| i + 3 + j)
    });
    for (i, &b) in bytes.iter().enumerate() {
        let ends_piece = match b {
            b'/' => bytes.get(i + 1) != Some(&b'/'),
            b'?' | b'&' => true,
            b'-' | b'_' | b'.' | b'=' | b'+' | b',' | b';' => i >= host_end,
            _ => false,
        };
        if ends_piece {
            pieces.push(&url[start..=i]);
            start = i + 1;
        }
    }
    if start < url.len() {
        pieces.push(&url[start..]);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    let room = |lines: &Vec<String>| if lines.is_empty() { first } else { rest }.max(1);
    for piece in pieces {
        let w = width(piece);
        if used + w <= room(&lines) {
            line.push_str(piece);
            used += w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for grapheme in piece.graphemes(true) {
            let g = width(grapheme);
            if used + g > room(&lines) && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push_str(grapheme);
            used += g;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Adds `piece` to a link's pieces, merged with the last when they touch on one row.
fn extend(pieces: &mut Vec<LinkPiece>, piece: LinkPiece) {
    match pieces.last_mut() {
        Some(last) if last.row == piece.row && last.bytes.end == piece.bytes.start => {
            last.bytes.end = piece.bytes.end;
        }
        _ => pieces.push(piece),
    }
}

/// Numbers links in the order they first appear; the same URL keeps its number.
#[derive(Debug, Default)]
pub struct LinkList {
    pub links: Vec<Link>,
    seen: HashMap<String, usize>,
}

impl LinkList {
    pub fn number(&mut self, target: &str) -> usize {
        // The list is shown to the reader: no control character from the file gets in.
        let url = sanitize::strip(target);
        if let Some(&n) = self.seen.get(url.as_ref()) {
            return n;
        }
        let n = self.links.len() + 1;
        self.links.push(Link {
            number: n,
            url: url.to_string(),
            target: target.to_string(),
            label: None,
        });
        self.seen.insert(url.into_owned(), n);
        n
    }

    /// Names link `n` by its reference label, unless an earlier reference already named it.
    pub fn label(&mut self, n: usize, label: &str) {
        let label = sanitize::strip(label.trim());
        if let Some(link) = self.links.get_mut(n - 1)
            && link.label.is_none()
            && !label.is_empty()
        {
            link.label = Some(label.into_owned());
        }
    }

    /// The `[n]` shown after a link's text or an image, numbering `url`.
    pub fn reference(&mut self, url: &str, offset: usize) -> InlineItem {
        let n = self.number(url);
        InlineItem::text(format!("[{n}]"), SpanStyle::plain(Role::LinkRef), offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Options, layout_markdown};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn places_are_whole_characters_of_their_rows_in_reading_order(
            src in "([a-z記 ]{0,12}\\[[a-z記 *]{0,8}\\]\\((https://x.test/|b.md|#h)[a-z]{0,4}\\)\n?){0,6}",
            width in 2usize..30,
        ) {
            let doc = layout_markdown(&src, &Options::new(width));
            let mut last = (0, 0);
            for place in &doc.link_places {
                prop_assert!(place.number >= 1 && place.number <= doc.links.len());
                for piece in &place.pieces {
                    let text = doc.rows[piece.row].text();
                    prop_assert!(text.get(piece.bytes.clone()).is_some(), "{piece:?} in {text:?}");
                    prop_assert!((piece.row, piece.bytes.start) >= last);
                    last = (piece.row, piece.bytes.end);
                }
            }
        }

        #[test]
        fn url_lines_keep_every_character_within_the_width(
            url in "[a-z:/.?&=_記-]{0,60}",
            width in 1usize..30,
        ) {
            let lines = url_lines(&url, width, width, false);
            prop_assert_eq!(lines.concat(), url.clone());
            for line in &lines {
                let w = crate::text::width::str_width(line, false);
                prop_assert!(w <= width.max(2), "{line:?} at {width}");
            }
        }
    }

    fn texts_of(doc: &crate::layout::Document, place: &LinkPlace) -> Vec<String> {
        place
            .pieces
            .iter()
            .map(|p| doc.rows[p.row].text()[p.bytes.clone()].to_string())
            .collect()
    }

    #[test]
    fn places_cover_each_links_text_and_number_in_reading_order() {
        let doc = layout_markdown(
            "see [one](https://a.test) and [two](b.md), [one again](https://a.test)",
            &Options::new(80),
        );
        let numbers: Vec<usize> = doc.link_places.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [1, 2, 1]);
        assert_eq!(texts_of(&doc, &doc.link_places[0]), ["one[1]"]);
        assert_eq!(texts_of(&doc, &doc.link_places[1]), ["two[2]"]);
        assert_eq!(texts_of(&doc, &doc.link_places[2]), ["one again[1]"]);
    }

    #[test]
    fn a_link_followed_by_a_line_break_is_placed() {
        let doc = layout_markdown("our [status report](/a/)\nlast week", &Options::new(80));
        assert_eq!(doc.link_places.len(), 1);
        assert_eq!(texts_of(&doc, &doc.link_places[0]), ["status report[1]"]);
    }

    #[test]
    fn a_wrapped_link_has_a_piece_on_each_row() {
        let doc = layout_markdown(
            "ab [several words of link](https://a.test)",
            &Options::new(12),
        );
        assert_eq!(doc.link_places.len(), 1);
        let place = &doc.link_places[0];
        assert!(place.pieces.len() > 1, "{place:?}");
        assert_eq!(
            texts_of(&doc, place).concat().replace(' ', ""),
            "severalwordsoflink[1]"
        );
        assert!(place.pieces.windows(2).all(|w| w[0].row < w[1].row));
    }

    #[test]
    fn the_link_list_at_the_end_is_not_a_place_in_the_text() {
        let doc = layout_markdown("[x](https://a.test)\n\n![pic](p.png)", &Options::new(40));
        let numbers: Vec<usize> = doc.link_places.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [1, 2], "the link, then the image's number");
        let last_place_row = doc.link_places.iter().map(LinkPlace::row).max().unwrap();
        let list_row = doc
            .rows
            .iter()
            .position(|r| r.text().starts_with("[1] "))
            .unwrap();
        assert!(last_place_row < list_row);
    }

    #[test]
    fn long_addresses_break_after_slashes_never_inside_the_scheme_or_host() {
        let url = "https://subdomain.example-long-host.test/path/to/some/article-name.html?q=1&r=2";
        assert_eq!(
            url_lines(url, 36, 36, false),
            [
                "https://",
                "subdomain.example-long-host.test/",
                "path/to/some/article-name.html?q=1&",
                "r=2"
            ]
        );
        assert_eq!(
            url_lines("2023-11-20-morning-coffee.markdown", 16, 16, false),
            ["2023-11-20-", "morning-coffee.", "markdown"],
            "a path breaks after its word separators"
        );
        assert_eq!(
            url_lines(url, 20, 20, false),
            [
                "https://",
                "subdomain.example-lo",
                "ng-host.test/path/",
                "to/some/article-",
                "name.html?q=1&r=2"
            ],
            "a host wider than the line is cut only because nothing else fits"
        );
        assert_eq!(
            url_lines("https://a.test/b", 80, 80, false),
            ["https://a.test/b"]
        );
        for width in 1..40 {
            let lines = url_lines(url, width, width, false);
            assert_eq!(lines.concat(), url, "no text lost at {width}");
            assert!(lines.iter().all(|l| l.len() <= width.max(1)), "{lines:?}");
        }
    }

    #[test]
    fn the_link_list_breaks_a_long_address_after_a_slash() {
        let doc = layout_markdown(
            "[a](https://subdomain.example-long-host.test/path/to/some/article.html)",
            &Options::new(40),
        );
        let rows: Vec<String> = doc.rows.iter().map(|r| r.text()).collect();
        let list = rows.iter().position(|r| r.starts_with("[1] ")).unwrap();
        assert_eq!(
            &rows[list..],
            [
                "[1] https://",
                "    subdomain.example-long-host.test/",
                "    path/to/some/article.html"
            ]
        );
    }

    #[test]
    fn cjk_link_text_is_placed_by_bytes_of_the_row() {
        let doc = layout_markdown("これは[記事](b.md)です", &Options::new(40));
        assert_eq!(texts_of(&doc, &doc.link_places[0]), ["記事[1]"]);
    }

    #[test]
    fn the_raw_target_is_kept_beside_the_shown_address() {
        let doc = layout_markdown("[x](<http://a\u{7}b>)", &Options::new(40));
        assert_eq!(doc.links[0].target, "http://a\u{7}b");
        assert!(!doc.links[0].url.contains('\u{7}'));
    }
}
