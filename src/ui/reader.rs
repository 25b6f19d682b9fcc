//! The open post: its rows laid out at the current width (from the layout cache, so switching
//! back and forth or resizing to and fro costs nothing), where it is scrolled to, and the
//! search matches inside it, and the link `]`/`[`, the picker or a click selected. Keeps the
//! reader's place across a resize through the rows' source offsets.

use std::ops::Range;
use std::sync::Arc;

use crate::layout::part_around::Place;
use crate::layout::{Document, LinkPlace, Row};

use super::search::{Folded, Query};

/// A highlighted piece of one row: a byte range of the row's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub row: usize,
    pub bytes: Range<usize>,
}

/// One match of the search, which may run over several rows when the text wrapped inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    row: usize,
    /// Its pieces in `Reader::highlights`.
    pieces: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Reader {
    post: usize,
    document: Arc<Document>,
    width: u16,
    scroll: usize,
    highlights: Vec<Highlight>,
    hits: Vec<Hit>,
    current: Option<usize>,
    /// Set by a resize and kept through further resizes until the reader scrolls, so that
    /// going 120 → 70 → 120 columns lands on the very row it started from.
    anchor: Option<Anchor>,
    /// The document has repeated passages folded (it was laid out with `fold_repeats`).
    folded: bool,
    /// Index into the document's `link_places` of the selected link.
    selected_link: Option<usize>,
    /// Cells the code lines left whole are scrolled sideways (`<` / `>`).
    sideways: usize,
}

impl Reader {
    pub fn new(post: usize, document: Arc<Document>, width: u16) -> Self {
        Self {
            post,
            document,
            width,
            scroll: 0,
            highlights: Vec::new(),
            hits: Vec::new(),
            current: None,
            anchor: None,
            folded: false,
            selected_link: None,
            sideways: 0,
        }
    }

    /// The same reader on the same post, which the library now keeps at index `post`.
    pub fn renumbered(self, post: usize) -> Self {
        Self { post, ..self }
    }

    /// Index into the document's `link_places` of the selected link.
    pub fn selected_link_index(&self) -> Option<usize> {
        self.selected_link
            .filter(|&i| i < self.document.link_places.len())
    }

    /// The selected link, while the layout still has it.
    pub fn selected_link(&self) -> Option<&LinkPlace> {
        self.document.link_places.get(self.selected_link?)
    }

    /// Selects link `index` of the document's `link_places` and scrolls it on screen.
    pub fn select_link(&mut self, index: usize, height: usize) {
        let Some(place) = self.document.link_places.get(index) else {
            return;
        };
        let (first, last) = (place.row(), place.pieces.last().map_or(0, |p| p.row));
        let height = height.max(1);
        if first < self.scroll || last >= self.scroll + height {
            // A third of the way down: the text that leads to the link stays in sight.
            self.scroll_to(first.saturating_sub(height / 3), height);
        }
        self.selected_link = Some(index);
    }

    /// `]`/`[`: selects the next or previous link in reading order (from the first one on
    /// screen when none is selected), wrapping around. False when the post has no link.
    pub fn step_link(&mut self, forward: bool, height: usize) -> bool {
        let places = &self.document.link_places;
        if places.is_empty() {
            return false;
        }
        let count = places.len();
        let next = match self.selected_link.filter(|&i| i < count) {
            Some(i) if forward => (i + 1) % count,
            Some(i) => (i + count - 1) % count,
            None => {
                let top = self.scroll;
                let bottom = self.scroll + height.max(1);
                if forward {
                    places.iter().position(|p| p.row() >= top).unwrap_or(0)
                } else {
                    places
                        .iter()
                        .rposition(|p| p.row() < bottom)
                        .unwrap_or(count - 1)
                }
            }
        };
        self.select_link(next, height);
        true
    }

    /// The link whose text covers cell `column` of row `row`, measured as the screen draws.
    pub fn link_at(&self, row: usize, column: usize, ambiguous_wide: bool) -> Option<usize> {
        let text = self.document.rows.get(row)?.text();
        let width = |bytes: &str| crate::text::width::str_width(bytes, ambiguous_wide);
        self.document.link_places.iter().position(|place| {
            place.pieces.iter().any(|piece| {
                piece.row == row
                    && text.get(..piece.bytes.start).is_some_and(|before| {
                        let start = width(before);
                        let end = start + text.get(piece.bytes.clone()).map_or(0, width);
                        (start..end).contains(&column)
                    })
            })
        })
    }

    /// Whether the document was laid out with its repeated passages folded.
    pub fn sideways(&self) -> usize {
        self.sideways
    }

    /// Scrolls the code lines left whole by `cells` (left when negative), no further than
    /// shows the end of the widest of them in a text area `width` cells wide. False when
    /// nothing moved.
    pub fn scroll_sideways(&mut self, cells: isize, width: usize, ambiguous_wide: bool) -> bool {
        let widest = self
            .document
            .rows
            .iter()
            .filter(|row| row.scrolls_from.is_some())
            .map(|row| {
                let all: usize = row
                    .spans
                    .iter()
                    .map(|s| crate::text::width::str_width(&s.text, ambiguous_wide))
                    .sum();
                all.saturating_sub(width)
            })
            .max()
            .unwrap_or(0);
        let to = self.sideways.saturating_add_signed(cells).min(widest);
        let moved = to != self.sideways;
        self.sideways = to;
        moved
    }

    pub fn folded(&self) -> bool {
        self.folded
    }

    pub fn set_folded(&mut self, folded: bool) {
        self.folded = folded;
    }

    /// Scrolls to where the first fold on screen first appeared. `None` when no fold is on
    /// screen; `Some(false)` when that place is above the part of the post laid out so far.
    pub fn jump_from_fold(&mut self, height: usize) -> Option<bool> {
        let visible = self.scroll..self.scroll + height;
        let fold = self
            .document
            .folds
            .iter()
            .find(|f| f.rows.end > visible.start && f.rows.start < visible.end)?;
        let target = fold.target;
        if let Some(row) = target {
            self.scroll_to(row, height);
        }
        Some(target.is_some())
    }

    /// Index of the post in the library.
    pub fn post(&self) -> usize {
        self.post
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    /// Whether the reader shows `document` (that very layout).
    pub fn shows(&self, document: &Arc<Document>) -> bool {
        Arc::ptr_eq(&self.document, document)
    }

    /// Whether byte `offset` of the body lies past what the document laid out (the first
    /// part of a long post, whose whole layout is on its way).
    fn beyond_layout(&self, offset: usize) -> bool {
        self.document
            .partial
            .is_some_and(|part| !part.holds(offset))
    }

    /// Where the reader wants to be, for a part of a long post laid out around it: the end
    /// after `G` (until it scrolls), else its place.
    pub fn place_wanted(&self) -> Place {
        match self.anchor {
            Some(Anchor::END) => Place::End,
            _ => Place::At(self.place()),
        }
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    /// The first row on screen.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Scrolls to `row`, never past the point where the last row sits at the bottom of a
    /// `height`-row pane.
    pub fn scroll_to(&mut self, row: usize, height: usize) {
        self.scroll = row.min(self.max_scroll(height));
        self.anchor = None;
    }

    /// Scrolls to the row holding byte `offset` of the body (a place remembered from an
    /// earlier run, perhaps at another width), and keeps that place through resizes until
    /// the reader scrolls.
    /// A place past a first part is kept until the whole layout arrives, the screen staying
    /// where it is meanwhile.
    pub fn resume_at(&mut self, offset: usize, height: usize) {
        let anchor = Anchor { offset, nth: 0 };
        if !self.beyond_layout(offset) {
            let row = anchor.resolve(&self.document.rows);
            self.scroll_to(row, height);
        }
        self.anchor = Some(anchor);
    }

    /// `G`: scrolls to the end; in a part that does not reach it, keeps the end as the place
    /// to go once a layout that does arrives (and returns false: the end is not on screen
    /// yet). In a part that does, the end stays the place kept for the whole layout.
    pub fn scroll_to_end(&mut self, height: usize) -> bool {
        let part = self.document.partial;
        if part.is_some_and(|part| !part.reaches_end()) {
            self.anchor = Some(Anchor::END);
            return false;
        }
        self.scroll_to(usize::MAX, height);
        if part.is_some() {
            self.anchor = Some(Anchor::END);
        }
        true
    }

    /// `g`: scrolls to the top; in a part that starts further down, keeps the top as the
    /// place to go (and returns false).
    pub fn scroll_to_top(&mut self, height: usize) -> bool {
        if self
            .document
            .partial
            .is_some_and(|part| !part.starts_at_top())
        {
            self.anchor = Some(Anchor { offset: 0, nth: 0 });
            return false;
        }
        self.scroll_to(0, height);
        true
    }

    /// The byte offset in the body of the reader's place: the text at the top row, or the
    /// place a resize or [`resume_at`](Self::resume_at) is keeping. 0 at the top.
    pub fn place(&self) -> usize {
        let end = self.document.partial.map_or_else(
            || self.document.rows.last().map_or(0, |r| r.source_offset),
            |part| part.body_len,
        );
        self.anchor.map_or_else(
            || {
                self.document
                    .rows
                    .get(self.scroll)
                    .map_or(0, |r| r.source_offset)
            },
            |a| a.offset.min(end),
        )
    }

    /// Keeps the scroll valid for a new pane height without losing a resize anchor.
    pub fn fit(&mut self, height: usize) {
        self.scroll = self.scroll.min(self.max_scroll(height));
    }

    pub fn scroll_by(&mut self, rows: isize, height: usize) {
        let target = self.scroll.saturating_add_signed(rows);
        self.scroll_to(target, height);
    }

    pub fn max_scroll(&self, height: usize) -> usize {
        self.document.rows.len().saturating_sub(height.max(1))
    }

    /// Replaces the layout (after a resize), scrolls to the row that now holds the text that
    /// was at the top, and finds the search's matches in the new rows.
    pub fn relayout(&mut self, document: Arc<Document>, width: u16, height: usize, query: &Query) {
        let anchor = self
            .anchor
            .unwrap_or_else(|| Anchor::of(&self.document.rows, self.scroll));
        if self.document.link_places.len() != document.link_places.len() {
            self.selected_link = None;
        }
        self.document = document;
        self.width = width;
        if self.beyond_layout(anchor.offset) {
            // Kept for the whole layout; meanwhile the screen stays where it is.
            self.fit(height);
        } else {
            let row = anchor.resolve(&self.document.rows);
            self.scroll_to(row, height);
        }
        self.anchor = Some(anchor);
        self.refind(query);
    }

    /// Finds `query` in the laid-out text; an empty query clears the highlights.
    pub fn set_query(&mut self, query: &Query) {
        (self.highlights, self.hits) = find_in_rows(&self.document.rows, query);
        self.current = None;
    }

    /// Finds `query` again after a re-layout, staying on the same match.
    fn refind(&mut self, query: &Query) {
        let (current, count) = (self.current, self.hits.len());
        self.set_query(query);
        if self.hits.len() == count {
            self.current = current;
        }
    }

    /// Highlights in rows `rows`, in order.
    pub fn highlights_in(&self, rows: Range<usize>) -> &[Highlight] {
        let start = self.highlights.partition_point(|h| h.row < rows.start);
        let end = self.highlights.partition_point(|h| h.row < rows.end);
        &self.highlights[start..end]
    }

    /// True when `highlight` (an element of [`highlights_in`](Self::highlights_in)) belongs
    /// to the match `n`/`N` last moved to.
    pub fn is_current(&self, highlight: &Highlight) -> bool {
        let Some(hit) = self.current.and_then(|i| self.hits.get(i)) else {
            return false;
        };
        self.highlights[hit.pieces.clone()].contains(highlight)
    }

    pub fn hit_count(&self) -> usize {
        self.hits.len()
    }

    /// How many matches of `query` `document` has, as [`set_query`](Self::set_query) finds
    /// them.
    pub fn count_hits(document: &Document, query: &Query) -> usize {
        find_in_rows(&document.rows, query).1.len()
    }

    /// The source offsets of the rows where `document`'s matches of `query` begin.
    pub fn hit_offsets(document: &Document, query: &Query) -> Vec<usize> {
        find_in_rows(&document.rows, query)
            .1
            .iter()
            .map(|hit| document.rows[hit.row].source_offset)
            .collect()
    }

    /// 1-based number of the current match.
    pub fn current_hit(&self) -> Option<usize> {
        self.current.map(|i| i + 1)
    }

    /// Moves to the next match after the current one (or the first at or below the top row
    /// when none is current), wrapping at the end; keeps it on screen.
    pub fn next_hit(&mut self, height: usize) -> bool {
        let after = match self.current {
            Some(i) => i + 1,
            None => self.hits.partition_point(|h| h.row < self.scroll),
        };
        if after >= self.hits.len() && self.document.partial.is_some() {
            // The next match may be in the part not laid out yet: not the first one.
            return false;
        }
        let next = if after >= self.hits.len() { 0 } else { after };
        self.go_to_hit(next, height)
    }

    pub fn prev_hit(&mut self, height: usize) -> bool {
        let count = self.hits.len().max(1);
        let before = match self.current {
            Some(i) => i,
            None => self.first_hit_from(self.scroll),
        };
        if before == 0 && self.document.partial.is_some() {
            // The last match is in the part not laid out yet.
            return false;
        }
        self.go_to_hit((before + count - 1) % count, height)
    }

    /// Moves to the first match at or below `row` (wrapping to the first of all).
    pub fn first_hit_after(&mut self, row: usize, height: usize) -> bool {
        let first = self.first_hit_from(row);
        self.go_to_hit(first, height)
    }

    fn first_hit_from(&self, row: usize) -> usize {
        let i = self.hits.partition_point(|h| h.row < row);
        if i == self.hits.len() { 0 } else { i }
    }

    fn go_to_hit(&mut self, index: usize, height: usize) -> bool {
        let Some(hit) = self.hits.get(index) else {
            self.current = None;
            return false;
        };
        self.current = Some(index);
        let last_row = self.highlights[hit.pieces.end - 1].row;
        let visible = self.scroll..self.scroll + height;
        if !(visible.contains(&hit.row) && visible.contains(&last_row)) {
            // A third of the way down: context above, room for what follows.
            self.scroll_to(hit.row.saturating_sub(height / 3), height);
        }
        true
    }

    /// Byte offset in the body of the last row on screen, for "minutes left".
    pub fn bottom_offset(&self, height: usize) -> usize {
        let rows = &self.document.rows;
        let last = (self.scroll + height).min(rows.len()).saturating_sub(1);
        rows.get(last).map_or(0, |r| r.source_offset)
    }
}

/// A place in the text that survives re-layout: the source offset of a row, and which of
/// the rows starting at that offset it was (header rows and blank rows share offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    offset: usize,
    nth: usize,
}

impl Anchor {
    /// The end of the post, wherever the layout puts it.
    const END: Anchor = Anchor {
        offset: usize::MAX,
        nth: 0,
    };

    fn of(rows: &[Row], index: usize) -> Self {
        let Some(row) = rows.get(index) else {
            return Anchor { offset: 0, nth: 0 };
        };
        let offset = row.source_offset;
        let nth = rows[..index]
            .iter()
            .rev()
            .take_while(|r| r.source_offset == offset)
            .count();
        Anchor { offset, nth }
    }

    /// The row holding the anchored text: the last row starting at or before the offset,
    /// then the same one among rows sharing that start.
    fn resolve(self, rows: &[Row]) -> usize {
        let after = rows.partition_point(|r| r.source_offset <= self.offset);
        let Some(last) = after.checked_sub(1) else {
            return 0;
        };
        if rows[last].source_offset != self.offset {
            // The anchored text is inside this row, which starts earlier.
            return last;
        }
        let first = rows[..last]
            .iter()
            .rposition(|r| r.source_offset != self.offset)
            .map_or(0, |i| i + 1);
        (first + self.nth).min(last)
    }
}

/// Finds the query in the rows as the reader sees them. Rows are joined so a match can run
/// over a line break: with nothing between two wide (CJK) characters, which wrap without a
/// space, and with a space elsewhere, where wrapping swallowed one.
fn find_in_rows(rows: &[Row], query: &Query) -> (Vec<Highlight>, Vec<Hit>) {
    if query.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut haystack = String::new();
    let mut starts = Vec::with_capacity(rows.len());
    let mut previous_last: Option<char> = None;
    for row in rows {
        let text = row.text();
        let first = text.chars().next();
        match (previous_last, first) {
            (Some(a), Some(b)) if is_wide(a) && is_wide(b) => {}
            (Some(_), Some(_)) => haystack.push(' '),
            _ => haystack.push('\n'),
        }
        starts.push(haystack.len());
        haystack.push_str(&text);
        previous_last = text.chars().next_back();
    }
    let mut highlights = Vec::new();
    let mut hits = Vec::new();
    for range in Folded::new(&haystack).find(query) {
        let first_piece = highlights.len();
        let mut row = starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        while row < rows.len() && starts[row] < range.end {
            let row_start = starts[row];
            let text_end = row_start + rows[row].spans.iter().map(|s| s.text.len()).sum::<usize>();
            let start = range.start.max(row_start);
            let end = range.end.min(text_end);
            if start < end {
                highlights.push(Highlight {
                    row,
                    bytes: start - row_start..end - row_start,
                });
            }
            row += 1;
        }
        if highlights.len() > first_piece {
            hits.push(Hit {
                row: highlights[first_piece].row,
                pieces: first_piece..highlights.len(),
            });
        }
    }
    (highlights, hits)
}

fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Inline, Role, Span};

    fn rows(lines: &[(&str, usize)]) -> Vec<Row> {
        lines
            .iter()
            .map(|(text, offset)| Row {
                spans: vec![Span {
                    text: (*text).into(),
                    role: Role::Body,
                    inline: Inline::default(),
                }],
                source_offset: *offset,
                scrolls_from: None,
            })
            .collect()
    }

    #[test]
    fn an_anchor_finds_the_row_holding_its_text_after_rewrapping() {
        let narrow = rows(&[
            ("", 0),
            ("", 0),
            ("aaaa", 0),
            ("bbbb", 4),
            ("cccc", 8),
            ("dd", 12),
        ]);
        let wide = rows(&[("", 0), ("", 0), ("aaaabbbb", 0), ("ccccdd", 8)]);
        for (index, expected) in [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (5, 3)] {
            let anchor = Anchor::of(&narrow, index);
            assert_eq!(anchor.resolve(&wide), expected, "narrow row {index}");
        }
        assert_eq!(Anchor::of(&wide, 3).resolve(&narrow), 4);
        assert_eq!(Anchor::of(&narrow, 99).resolve(&wide), 0);
        assert_eq!(Anchor::of(&narrow, 3).resolve(&[]), 0);
    }

    #[test]
    fn matches_run_over_a_cjk_line_break_and_a_latin_one() {
        let r = rows(&[
            ("米国のAI輸出", 0),
            ("管理の強化", 0),
            ("hello", 0),
            ("world", 0),
        ]);
        let (highlights, hits) = find_in_rows(&r, &Query::new("輸出管理"));
        assert_eq!(hits.len(), 1);
        let pieces: Vec<_> = highlights
            .iter()
            .map(|h| &r[h.row].spans[0].text[h.bytes.clone()])
            .collect();
        assert_eq!(pieces, ["輸出", "管理"]);
        let (_, hits) = find_in_rows(&r, &Query::new("hello world"));
        assert_eq!(hits.len(), 2, "two terms, two hits");
    }

    #[test]
    fn next_and_previous_hits_wrap_and_stay_on_screen() {
        let mut lines: Vec<(String, usize)> = (0..100).map(|i| (format!("line {i}"), i)).collect();
        lines[10].0 = "needle".into();
        lines[70].0 = "needle".into();
        let borrowed: Vec<(&str, usize)> = lines.iter().map(|(t, o)| (t.as_str(), *o)).collect();
        let document = Arc::new(Document {
            rows: rows(&borrowed),
            ..Document::default()
        });
        let mut reader = Reader::new(0, document, 20);
        reader.set_query(&Query::new("NEEDLE"));
        assert_eq!(reader.hit_count(), 2);
        assert!(reader.next_hit(10));
        assert_eq!(reader.current_hit(), Some(1));
        assert!((reader.scroll()..reader.scroll() + 10).contains(&10));
        assert!(reader.next_hit(10));
        assert!((reader.scroll()..reader.scroll() + 10).contains(&70));
        assert!(reader.next_hit(10));
        assert_eq!(reader.current_hit(), Some(1), "wraps to the first");
        assert!(reader.prev_hit(10));
        assert_eq!(reader.current_hit(), Some(2), "wraps to the last");
        reader.set_query(&Query::new("absent"));
        assert!(!reader.next_hit(10));
        assert_eq!(reader.current_hit(), None);
    }
}
