//! What the loader reads out of a Markdown body in one pass: the readable-text counts for the
//! reading time, the first `# heading` (a title fallback) and the start of the first paragraph
//! (an excerpt fallback). Markup, URLs, image alt text and HTML tags and comments are not
//! readable text; code is, since readers read it.
//!
//! This is a skim, not a parse: it finds CommonMark's blocks line by line (the markers
//! themselves are recognised by [`super::block_markers`]) and hands each paragraph and
//! heading to [`inline::skim`], keeping no tree; the excerpt is shaped by
//! [`super::excerpt`]. pulldown-cmark, which the layout uses, builds one: for 10,000 posts
//! that was most of the time spent loading. Its reading of the same Markdown stays in the
//! tests ([`super::oracle`]) as the reference the skim must agree with. Measured with
//! callgrind over 1,000 of the load bench's 4 KB posts: the skim costs 125 M instructions,
//! pulldown-cmark with the same walk 216 M (`parse_post` as a whole: 161 M against 253 M).
//!
//! Over 600 lines only through its tests (the reading itself is about 460), many of them
//! regression tests named after a way the skim once disagreed with pulldown-cmark.

use super::block_markers::{
    atx_heading, fence_opening, first_cells, indent_columns, is_blank, is_closing_fence,
    is_table_delimiter, list_item, setext_underline, strip_quote_markers, strip_task_marker,
    table_cells, thematic_break,
};
use std::collections::HashSet;
use std::hash::BuildHasher;

use super::block_texts::{BlockSummary, BlockText, Both, Copies, counted_since, hash128};
use super::excerpt::{Excerpt, collapse_spaces, without_heading_attributes};
use super::html::{self, BlockEnd, HtmlState};
use super::inline;
use super::references::{self, References};
use super::stats::TextCounter;
use crate::model::{RepeatStats, TextStats};
use crate::repeats::{BlockKind, MIN_CHARS};

/// The facts about a body that the model needs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BodyFacts {
    pub stats: TextStats,
    /// Plain text of the first level-1 heading that has any.
    pub first_heading: Option<String>,
    /// Plain text of the start of the first paragraph that has any, `…` when cut.
    pub first_paragraph: Option<String>,
    /// The line (1-based, in the body) of an HTML comment block that is never closed:
    /// Markdown hides everything after it, which the writer rarely means.
    pub unclosed_comment: Option<usize>,
    /// The part of `stats` in paragraphs and headings that copy earlier ones.
    pub repeats: RepeatStats,
}

/// Reads `markdown` and returns its [`BodyFacts`].
///
/// Most posts repeat nothing, and comparing every block's text without its whitespace
/// ([`super::block_texts`]) costs a good part of the skim of a small post. So a first
/// pass only hashes each long block as written, and stops where two meet; only such a post is
/// read again, comparing every paragraph and heading. A post whose only copies are written
/// differently from their originals (other line breaks or markup) is left to the layout,
/// which folds them.
pub fn scan(markdown: &str) -> BodyFacts {
    read(markdown, false)
        .or_else(|| read(markdown, true))
        .unwrap_or_default()
}

/// One pass over `markdown`. Without `compare`, `None` as soon as two long blocks are the
/// same as written; with it, every block's text is compared, and the pass always ends.
fn read(markdown: &str, compare: bool) -> Option<BodyFacts> {
    let mut reader = BlockReader {
        references: References::new(markdown),
        body: markdown,
        copies: Copies::of_body(markdown),
        compare,
        ..BlockReader::default()
    };
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', markdown.as_bytes()).chain([markdown.len()]);
    for (index, end) in ends.enumerate() {
        reader.line_number = index + 1;
        let line = &markdown[start..end];
        reader.line(line.strip_suffix('\r').unwrap_or(line));
        if reader.met {
            return None;
        }
        start = end + 1;
    }
    let pending = std::mem::take(&mut reader.definition_pending);
    reader.label_line_was_prose(pending);
    reader.end_paragraph();
    if reader.met {
        return None;
    }
    let unclosed_comment =
        matches!(reader.open, Open::Html(BlockEnd::Comment)).then_some(reader.html_block_line);
    Some(BodyFacts {
        stats: reader.counter.stats(),
        first_heading: reader.heading,
        first_paragraph: reader.excerpt,
        unclosed_comment,
        repeats: reader.copies.repeats(),
    })
}

/// One pass over a body's lines: the block open across lines, the paragraph being gathered
/// and the facts found so far.
#[derive(Default)]
struct BlockReader<'a> {
    body: &'a str,
    references: References<'a>,
    counter: TextCounter,
    open: Open,
    html: HtmlState,
    paragraph: Paragraph,
    /// Inside a list item or a footnote definition, whose paragraphs are not the excerpt.
    nested: bool,
    /// Columns of indentation of the line being read.
    line_indent: usize,
    /// The column where the text of the innermost list item opened so far begins.
    item_content_column: usize,
    /// 1-based number of the line being read, and of the line the open HTML block began on.
    line_number: usize,
    html_block_line: usize,
    /// What of a link reference definition may still come on this line.
    definition_pending: Definition<'a>,
    heading: Option<String>,
    excerpt: Option<String>,
    /// Whether each paragraph's and heading's text is compared with the earlier ones (see
    /// [`scan`]); without, the hashes of the long blocks as written, and whether two met.
    compare: bool,
    copies: Copies<'a>,
    /// The summary of the text of the block being read, when compared.
    block_summary: BlockSummary,
    /// Where the text of a block read again is built, to be hashed.
    block_text: BlockText,
    as_written: HashSet<u64, foldhash::fast::FixedState>,
    met: bool,
}

/// The [`hash128`] of the text of the paragraph or heading `source`, built in `text`.
fn text_hash(source: &str, references: &mut References<'_>, text: &mut BlockText) -> u128 {
    text.0.clear();
    inline::skim(source, references, &mut TextCounter::default(), text);
    hash128(&text.0)
}

/// Where `body` holds `text` as it is: where `text` lies when it is a slice of `body`, else
/// `start` when `text` is written there.
fn in_body(body: &str, text: &str, start: usize) -> Option<usize> {
    let offset = (text.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    if body
        .get(offset..offset.wrapping_add(text.len()))
        .is_some_and(|slice| slice.as_ptr() == text.as_ptr())
    {
        return Some(offset);
    }
    (body.get(start..start.checked_add(text.len())?) == Some(text)).then_some(start)
}

/// Without comparing: remembers a long block as written; true when the same text was seen
/// before. Hashed whole, not word by word: splitting cost a fifth of the skim.
fn note_as_written(text: &str, seen: &mut HashSet<u64, foldhash::fast::FixedState>) -> bool {
    if text.len() < MIN_CHARS {
        return false;
    }
    !seen.insert(foldhash::fast::FixedState::default().hash_one(text.trim()))
}

/// The part of a link reference definition that may follow on the next line.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Definition<'a> {
    #[default]
    Complete,
    /// The label ended the line at its `:`. If no destination follows, that line was prose.
    Destination { label_line: &'a str, quotes: usize },
    /// The line ended after the destination: a title alone on the next line belongs to it.
    Title,
}

/// A block that runs over lines until its own end marker.
#[derive(Default, Clone, Copy)]
enum Open {
    #[default]
    Nothing,
    Fence {
        marker: u8,
        len: usize,
        /// Columns of indentation of the opening fence (in a list item, say): the closing
        /// one may have as many, and three more.
        indent: usize,
    },
    Html(BlockEnd),
}

/// The paragraph being read: its lines joined by `\n`, block markers removed. Its inline
/// markup is read when it ends, since a code span or a link may run over several lines.
#[derive(Default)]
struct Paragraph {
    text: String,
    /// Where its first line starts in the body: the whole text is there too when nothing
    /// was removed from its lines (see [`in_body`]).
    start: usize,
    lines: usize,
    kind: Kind,
    /// How many `>` it sits in: a line with more starts a new quote.
    quotes: usize,
    /// A table's number of columns, set by its header: cells past it are dropped.
    columns: usize,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Kind {
    #[default]
    Prose,
    /// In a list item or a footnote definition.
    Nested,
    /// A table: the header line was followed by a delimiter row.
    Table,
}

impl<'a> BlockReader<'a> {
    fn line(&mut self, line: &'a str) {
        // What a definition left pending belongs to the very next line only.
        let mut pending = std::mem::take(&mut self.definition_pending);
        let (quotes, content) = strip_quote_markers(line);
        if let Definition::Destination { .. } = pending
            && !references::is_destination(content.trim_start_matches([' ', '\t']))
        {
            self.label_line_was_prose(pending);
            pending = Definition::Complete;
        }
        match self.open {
            Open::Fence {
                marker,
                len,
                indent,
            } => {
                if is_closing_fence(content, marker, len, indent) {
                    self.open = Open::Nothing;
                }
                self.code_line(content);
                return;
            }
            Open::Html(end) => {
                if end == BlockEnd::BlankLine && is_blank(content) {
                    self.close_html();
                } else {
                    self.html_line(content);
                    if end.ends_at(content) {
                        self.close_html();
                    }
                }
                return;
            }
            Open::Nothing => {}
        }
        if is_blank(content) {
            self.end_paragraph();
            return;
        }
        let in_paragraph = self.paragraph.lines > 0;
        if in_paragraph && quotes > self.paragraph.quotes {
            self.end_paragraph();
        }
        let indent = indent_columns(content);
        let text = content.trim_start_matches([' ', '\t']);
        if indent >= 4 && !self.nested {
            if self.paragraph.lines > 0 {
                // Indented code cannot interrupt a paragraph: this line continues it.
                self.push_line(text);
            } else {
                self.code_line(text);
            }
            return;
        }
        self.line_indent = indent;
        // A quote marker right of a list item's text column opens a quote inside the item.
        let quote_in_item =
            self.nested && quotes > 0 && indent_columns(line) >= self.item_content_column;
        self.block(text, quotes, indent == 0 && !quote_in_item, pending);
    }

    /// A line that is not inside a fence or an HTML block, its indentation removed.
    fn block(
        &mut self,
        mut text: &'a str,
        mut quotes: usize,
        mut at_margin: bool,
        pending: Definition<'a>,
    ) {
        let in_paragraph = self.paragraph.lines > 0;
        match pending {
            Definition::Destination { .. } if !in_paragraph && references::is_destination(text) => {
                if references::destination_without_title(text) {
                    self.definition_pending = Definition::Title;
                }
                return;
            }
            Definition::Title if !in_paragraph && references::is_title(text) => return,
            _ => {}
        }
        if in_paragraph
            && self.paragraph.kind != Kind::Table
            && !(self.paragraph.kind == Kind::Nested && at_margin)
            && let Some(level) = setext_underline(text)
        {
            let text = std::mem::take(&mut self.paragraph.text);
            self.paragraph.lines = 0;
            self.heading(level, &text);
            self.paragraph.text = text;
            self.paragraph.text.clear();
            return;
        }
        // List markers, one for each level of nesting (`- 1. text`), then what the innermost
        // item holds. (A loop, not recursion: a line of a million `- ` must not take the stack.)
        let mut column = self.line_indent;
        // Where a thematic-break check last failed, as (marker, address of the failing byte):
        // each nested marker's text is a suffix of the last, and one with the same first byte
        // that starts before that point fails there too, so `- - - … x` is scanned once.
        let mut not_a_break: Option<(u8, usize)> = None;
        loop {
            let start = text.as_ptr() as usize;
            let known = matches!(
                (not_a_break, text.as_bytes().first()),
                (Some((marker, fails_at)), Some(&first)) if marker == first && start < fails_at
            );
            let verdict = if known { Err(0) } else { thematic_break(text) };
            if let (Err(at), false) = (verdict, known) {
                not_a_break = text.as_bytes().first().map(|&m| (m, start + at));
            }
            if verdict.is_ok() {
                self.end_paragraph();
                self.counter.boundary();
                return;
            }
            // Only the first item of a list is restricted in what paragraph it may interrupt:
            // a marker inside an item's text (`  2016. That year…` under `* `) starts a new,
            // nested list, while one left of it is the next item of a list already open.
            let interrupts = self.paragraph.lines > 0
                && (self.paragraph.kind != Kind::Nested || column >= self.item_content_column);
            let Some(rest) = list_item(text, interrupts) else {
                break;
            };
            column += text.len() - rest.len();
            self.item_content_column = column;
            self.end_paragraph();
            self.nested = true;
            self.counter.boundary();
            if let Some(item_text) = strip_task_marker(rest) {
                // A check box makes the item's text a paragraph, whatever it starts with.
                self.counter.boundary();
                if !is_blank(item_text) {
                    self.start_paragraph(quotes);
                    self.push_line(item_text);
                }
                return;
            }
            // A quote may open inside the item (`- > text`), and a list inside that quote.
            let (inner_quotes, rest) = strip_quote_markers(rest);
            quotes += inner_quotes;
            if is_blank(rest) {
                return;
            }
            text = rest;
            at_margin = false;
        }
        let in_paragraph = self.paragraph.lines > 0;
        if at_margin && !in_paragraph {
            self.nested = false;
        }
        if let Some((level, content)) = atx_heading(text) {
            self.end_paragraph();
            self.heading(level, content);
            return;
        }
        if let Some((marker, len)) = fence_opening(text) {
            self.end_paragraph();
            self.counter.boundary();
            self.open = Open::Fence {
                marker,
                len,
                indent: self.line_indent,
            };
            return;
        }
        if let Some(end) = html::block_start(text, in_paragraph) {
            self.end_paragraph();
            self.html_line(text);
            if end.ends_at(text) {
                self.close_html();
            } else {
                self.open = Open::Html(end);
                self.html_block_line = self.line_number;
            }
            return;
        }
        if !in_paragraph && references::definition_label(text).is_some() {
            self.definition_pending = if references::destination_may_follow(text) {
                Definition::Destination {
                    label_line: text,
                    quotes,
                }
            } else if references::title_may_follow(text) {
                Definition::Title
            } else {
                Definition::Complete
            };
            return;
        }
        if let Some((_, rest)) = references::footnote_definition(text) {
            self.end_paragraph();
            self.nested = true;
            self.counter.boundary();
            if !is_blank(rest) {
                self.start_paragraph(quotes);
                self.push_line(rest);
            }
            return;
        }
        if self.paragraph.lines == 1
            && self.paragraph.kind != Kind::Table
            && is_table_delimiter(text, &self.paragraph.text)
        {
            self.paragraph.kind = Kind::Table;
            self.paragraph.columns = table_cells(&self.paragraph.text).len();
            return;
        }
        if !in_paragraph {
            self.start_paragraph(quotes);
        }
        if self.paragraph.kind == Kind::Table {
            self.push_line(first_cells(text, self.paragraph.columns));
        } else {
            self.push_line(text);
        }
    }

    /// `[label]:` with no destination under it: the line was the start of a paragraph.
    fn label_line_was_prose(&mut self, pending: Definition<'a>) {
        if let Definition::Destination { label_line, quotes } = pending {
            self.start_paragraph(quotes);
            self.push_line(label_line);
        }
    }

    fn start_paragraph(&mut self, quotes: usize) {
        self.paragraph.kind = if self.nested {
            Kind::Nested
        } else {
            Kind::Prose
        };
        self.paragraph.quotes = quotes;
    }

    fn push_line(&mut self, text: &str) {
        if self.paragraph.lines > 0 {
            self.paragraph.text.push('\n');
        } else {
            self.paragraph.start =
                (text.as_ptr() as usize).wrapping_sub(self.body.as_ptr() as usize);
        }
        self.paragraph.text.push_str(text);
        self.paragraph.lines += 1;
    }

    fn end_paragraph(&mut self) {
        if self.paragraph.lines == 0 {
            return;
        }
        self.read_paragraph();
        self.paragraph.text.clear();
        self.paragraph.lines = 0;
    }

    fn read_paragraph(&mut self) {
        self.counter.boundary();
        let text = &self.paragraph.text;
        let kind = match self.paragraph.kind {
            Kind::Table => BlockKind::Other,
            Kind::Nested => BlockKind::ListItem,
            Kind::Prose if self.paragraph.quotes > 0 => BlockKind::Quote,
            Kind::Prose => BlockKind::Paragraph,
        };
        let before = self.counter.stats();
        let block = &mut self.block_summary;
        let wants_excerpt = self.paragraph.kind == Kind::Prose && self.excerpt.is_none();
        if wants_excerpt {
            let mut excerpt = Excerpt::default();
            if self.compare {
                let mut both = Both(block, &mut excerpt);
                inline::skim(text, &mut self.references, &mut self.counter, &mut both);
            } else {
                inline::skim(text, &mut self.references, &mut self.counter, &mut excerpt);
            }
            if !excerpt.is_empty() {
                self.excerpt = Some(excerpt.finish());
            }
        } else if self.compare
            && let Some(counted) = self.copies.again(kind, text)
        {
            self.counter.add(counted);
            return;
        } else if self.paragraph.kind == Kind::Table || !self.compare {
            // Tables never fold: their text is counted, not compared.
            inline::skim(text, &mut self.references, &mut self.counter, &mut ());
        } else {
            inline::skim(text, &mut self.references, &mut self.counter, block);
        }
        self.counter.boundary();
        if self.compare {
            let counted = counted_since(before, self.counter.stats());
            let (references, block_text) = (&mut self.references, &mut self.block_text);
            let at = in_body(self.body, text, self.paragraph.start);
            let summary = &mut self.block_summary;
            self.copies
                .push(kind, text, at, summary, counted, |source| {
                    text_hash(source, references, block_text)
                });
        } else if kind.foldable() && note_as_written(text, &mut self.as_written) {
            self.met = true;
        }
    }

    fn heading(&mut self, level: u8, content: &str) {
        self.counter.boundary();
        let before = self.counter.stats();
        let block = &mut self.block_summary;
        if level == 1 && self.heading.is_none() {
            let mut text = String::new();
            if self.compare {
                let mut both = Both(block, &mut text);
                inline::skim(content, &mut self.references, &mut self.counter, &mut both);
            } else {
                inline::skim(content, &mut self.references, &mut self.counter, &mut text);
            }
            let text = without_heading_attributes(collapse_spaces(&text));
            if !text.is_empty() {
                self.heading = Some(text);
            }
        } else if self.compare
            && let Some(counted) = self.copies.again(BlockKind::Heading, content)
        {
            self.counter.add(counted);
            return;
        } else if self.compare {
            inline::skim(content, &mut self.references, &mut self.counter, block);
        } else {
            inline::skim(content, &mut self.references, &mut self.counter, &mut ());
        }
        self.counter.boundary();
        if self.compare {
            let counted = counted_since(before, self.counter.stats());
            let (references, block_text) = (&mut self.references, &mut self.block_text);
            let (kind, summary) = (BlockKind::Heading, &mut self.block_summary);
            let at = in_body(self.body, content, usize::MAX);
            self.copies
                .push(kind, content, at, summary, counted, |source| {
                    text_hash(source, references, block_text)
                });
        } else if note_as_written(content, &mut self.as_written) {
            self.met = true;
        }
    }

    fn code_line(&mut self, text: &str) {
        self.counter.feed(text);
        self.counter.boundary();
    }

    fn html_line(&mut self, text: &str) {
        self.html.strip(text, &mut self.counter);
        self.counter.boundary();
    }

    fn close_html(&mut self) {
        self.open = Open::Nothing;
        self.html = HtmlState::Text;
        self.counter.boundary();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// On any text at all it ends, and counts no more CJK characters than there are.
        #[test]
        fn any_text_is_skimmed_without_harm(text in "(?s).{0,300}") {
            let facts = scan(&text);
            let cjk = text.chars().filter(|&c| super::super::stats::rules::is_counted_by_character(c)).count();
            prop_assert!(facts.stats.cjk_chars <= cjk);
        }
    }

    /// Paragraphs for the repeat tests: long enough to fold but the third; the last two
    /// differ but share a summary (see `crate::repeats::Summary`), so the skim tells them
    /// apart by hashing their texts.
    const POOL: [&str; 5] = [
        "同じ段落が二度貼られると、二度目は折り畳まれて読む時間にも一度しか数えられない。",
        "A long English paragraph that is pasted twice in the post, once near the top and once below.",
        "短い段落。",
        "Two paragraphs of the same letters, placed so that their sums agree: abba",
        "Two paragraphs of the same letters, placed so that their sums agree: baab",
    ];

    proptest! {
        /// The copies the skim counts are the ones the detector finds among the paragraphs'
        /// texts, however each copy is wrapped, in a post where two long paragraphs are the
        /// same as written; in any other, none (those are left to the layout).
        #[test]
        fn the_skim_counts_the_copies_the_detector_finds(
            order in proptest::collection::vec((0..POOL.len(), any::<bool>(), any::<bool>()), 1..12),
        ) {
            let mut detector = crate::repeats::Detector::default();
            let mut paragraphs = Vec::new();
            let mut expected = 0;
            for (i, &(n, rewrap, quoted)) in order.iter().enumerate() {
                let text = if rewrap {
                    POOL[n].replacen(' ', "\n", 3).replacen('、', "、\n", 1)
                } else {
                    POOL[n].to_string()
                };
                let normalised = crate::repeats::normalise(&text);
                let chars = normalised.chars().count();
                if detector.push(BlockKind::Paragraph, normalised).is_some() {
                    expected += chars;
                }
                // A quote's text is not in the body as it is (its markers are removed).
                let text = if quoted { text.replace('\n', "\n> ").replacen("", "> ", 1) } else { text };
                paragraphs.push(format!("{text}\n\nBetween {i}."));
            }
            // Quote markers aside, two long paragraphs the same as written.
            let long = order.iter().filter(|&&(n, ..)| n != 2).map(|&(n, rewrap, _)| (n, rewrap));
            let met = long.clone().enumerate().any(|(i, a)| long.clone().skip(i + 1).any(|b| a == b));
            let expected = if met { expected } else { 0 };
            prop_assert_eq!(scan(&paragraphs.join("\n\n")).repeats.chars, expected);
        }
    }

    #[test]
    fn a_copy_counts_once_with_what_it_holds_and_short_or_other_blocks_never() {
        let long = POOL[0];
        let facts = scan(&format!(
            "{long}\n\n## {long}\n\n{long}\n\n短い段落。\n\n短い段落。"
        ));
        let chars = long.chars().count();
        assert_eq!(
            facts.repeats.chars, chars,
            "the heading copies no paragraph"
        );
        assert_eq!(facts.repeats.stats.cjk_chars, stats(long).0);
        let code = format!("```\n{long}\n```\n\n```\n{long}\n```\n");
        assert_eq!(scan(&code).repeats.chars, 0, "code never folds");
    }

    fn stats(markdown: &str) -> (usize, usize) {
        let s = scan(markdown).stats;
        (s.cjk_chars, s.words)
    }

    #[test]
    fn markup_is_not_counted() {
        assert_eq!(
            stats("# Title\n\n**bold** and _it_\n\n- one\n- two\n"),
            (0, 6)
        );
    }

    #[test]
    fn emphasis_inside_a_word_does_not_split_it() {
        assert_eq!(stats("un**believ**able"), (0, 1));
        assert_eq!(stats("**「強調」**の話"), (4, 0));
    }

    #[test]
    fn link_targets_and_autolinks_are_not_counted() {
        assert_eq!(
            stats("[the docs](https://example.com/very/long) here"),
            (0, 3)
        );
        assert_eq!(
            stats("<https://example.com/x> and <me@example.com>"),
            (0, 1)
        );
    }

    #[test]
    fn image_alt_text_is_not_counted() {
        assert_eq!(stats("![a picture of a cat](cat.png) 猫"), (1, 0));
        assert_eq!(stats("[![badge alt](b.svg)](https://x.y) text"), (0, 1));
    }

    #[test]
    fn html_tags_comments_and_entities_are_not_counted() {
        assert_eq!(stats("<!-- a hidden\nnote here -->\n\nvisible"), (0, 1));
        assert_eq!(stats("text <!-- inline comment --> more"), (0, 2));
        assert_eq!(
            stats("<div class=\"note\">\nboxed words&nbsp;here\n</div>\n"),
            (0, 3)
        );
        assert_eq!(
            stats("<img src=\"a.png\" alt=\"many words here\">\n"),
            (0, 0)
        );
    }

    #[test]
    fn a_definition_title_on_the_next_line_is_not_text() {
        assert_eq!(stats("[a]: /u\n  \"Three word title\"\n\nText.\n"), (0, 1));
        assert_eq!(stats("[a]:\n/u\n(Three word title)\n"), (0, 0));
        // Past a blank line, what looks like a title is prose.
        assert_eq!(stats("[a]: /u\n\n(Thanks to you.)\n"), (0, 3));
    }

    #[test]
    fn a_year_opening_a_line_of_a_list_item_continues_its_text() {
        // `2016.` could open an ordered list only if it were numbered 1: it is text.
        let item = "* He joined in late 2014 and\n  2016. That year\n";
        assert_eq!(stats(item), (0, 9));
        assert_eq!(scan(item), super::super::oracle::scan(item));
        // Left of the item's text, a marker is the next item, whatever its number.
        assert_eq!(stats("1. one\n2. two\n"), (0, 2));
    }

    #[test]
    fn table_cells_past_the_header_are_dropped() {
        // GitHub's tables drop them; the reader never shows them.
        let table = "| a | b |\n|---|---\n| c | d | extra words\n";
        assert_eq!(stats(table), (0, 4));
        assert_eq!(scan(table), super::super::oracle::scan(table));
    }

    #[test]
    fn a_label_without_a_destination_under_it_is_prose() {
        for markdown in [
            "- [compiletest]:\n    - [Delete it](https://x.y)\n",
            "[compiletest]:\n\nNext.\n",
            "[compiletest]:",
            "[j]:\n[k]: /k\n\n[k]\n",
            "[k]\n\n[k]: https://x.y/#examples:\nText.\n",
        ] {
            assert_eq!(
                scan(markdown),
                super::super::oracle::scan(markdown),
                "{markdown:?}"
            );
        }
        assert_eq!(stats("[compiletest]:\n"), (0, 1));
    }

    #[test]
    fn a_quote_inside_a_list_item_is_part_of_the_item() {
        for markdown in [
            // Its paragraphs are the item's, so not the excerpt.
            "- > a\n  > b\n",
            "- item\n\n  > quoted in the item\n",
            // What the quote holds is read as blocks: here an HTML block.
            "- > <!-- note --> ![a alt](p.png)\n",
        ] {
            assert_eq!(
                scan(markdown),
                super::super::oracle::scan(markdown),
                "{markdown:?}"
            );
        }
        assert_eq!(scan("- item\n\n  > quoted\n").first_paragraph, None);
        // At the margin, the quote is no longer in the list.
        let after = scan("- item\n\n> quoted\n");
        assert_eq!(after.first_paragraph.as_deref(), Some("quoted"));
    }

    #[test]
    fn code_is_read_and_counted() {
        assert_eq!(
            stats("use `cargo build` now\n\n```\nlet x = 1;\n```\n"),
            (0, 7)
        );
    }

    #[test]
    fn words_on_separate_lines_are_separate() {
        assert_eq!(stats("one\ntwo\\\nthree"), (0, 3));
    }

    #[test]
    fn first_level_one_heading_is_found_as_plain_text() {
        let facts = scan("intro\n\n## Not this\n\n# The *real* `title`\n\n# Later\n");
        assert_eq!(facts.first_heading.as_deref(), Some("The real title"));
        let setext = scan("Setext Title\n============\n\nbody\n");
        assert_eq!(setext.first_heading.as_deref(), Some("Setext Title"));
        assert_eq!(scan("## only h2\n").first_heading, None);
        let with_id = scan("# Native solution {#native}\n");
        assert_eq!(with_id.first_heading.as_deref(), Some("Native solution"));
    }

    #[test]
    fn first_paragraph_skips_image_only_paragraphs() {
        let facts = scan("# T\n\n![logo](l.png)\n\nThe **first** real\nparagraph.\n\nSecond.\n");
        assert_eq!(
            facts.first_paragraph.as_deref(),
            Some("The first real paragraph.")
        );
    }

    #[test]
    fn first_paragraph_joins_japanese_lines_without_a_space() {
        let facts = scan("一行目の文で\n二行目に続く。\n");
        assert_eq!(
            facts.first_paragraph.as_deref(),
            Some("一行目の文で二行目に続く。")
        );
        // Korean separates words with spaces, so its line breaks stay spaces.
        let korean = scan("한국어\n문장입니다\n");
        assert_eq!(korean.first_paragraph.as_deref(), Some("한국어 문장입니다"));
        // Full-width punctuation carries its own space, before Latin text too.
        let mixed = scan("始まります。\nGoは速い\n");
        assert_eq!(
            mixed.first_paragraph.as_deref(),
            Some("始まります。Goは速い")
        );
    }

    #[test]
    fn a_long_first_paragraph_is_cut_with_an_ellipsis() {
        let long = "あ".repeat(super::super::excerpt::EXCERPT_MAX_CHARS + 50);
        let excerpt = scan(&long).first_paragraph.unwrap();
        assert_eq!(
            excerpt.chars().count(),
            super::super::excerpt::EXCERPT_MAX_CHARS + 1
        );
        assert!(excerpt.ends_with('…'));
    }

    /// Markup that never closes must not make the skim quadratic, nor nesting take the
    /// stack. Each text here is a few hundred kilobytes on one line: a quadratic skim would
    /// take hours over them, this one takes milliseconds. The counts show nothing was lost.
    #[test]
    fn unclosed_markup_at_scale_is_read_in_one_pass() {
        let n = 100_000;
        for (unit, words_per_unit) in [
            ("[a ", 1),
            ("*a ", 1),
            ("_a ", 1),
            ("[`a ", 1),
            ("x <!--a ", 2),
            ("x <a b='c ", 4),
            ("[a](b (x ", 3),
            ("- ", 0),
            ("> ", 0),
            ("1. - ", 0),
        ] {
            let text = unit.repeat(n);
            let stats = scan(&text).stats;
            assert_eq!(stats.words, words_per_unit * n, "{unit:?}");
        }
    }

    #[test]
    fn an_html_comment_block_that_never_closes_is_found() {
        let facts = scan("Intro.\n\n<!-- draft notes\nhidden text\n\nmore hidden\n");
        assert_eq!(facts.unclosed_comment, Some(3));
        assert_eq!(facts.stats.words, 1);
        // Closed, or inline in a paragraph (where `<!--` alone is just text): nothing hidden.
        assert_eq!(scan("<!-- a\nb -->\nshown\n").unclosed_comment, None);
        assert_eq!(scan("text <!-- not a block\n").unclosed_comment, None);
    }

    #[test]
    fn an_empty_body_has_no_facts() {
        assert_eq!(scan(""), BodyFacts::default());
    }
}
