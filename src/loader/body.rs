//! What the loader reads out of a Markdown body in one pass: the readable-text counts for the
//! reading time, the first `# heading` (a title fallback) and the start of the first paragraph
//! (an excerpt fallback). Markup, URLs, image alt text and HTML tags and comments are not
//! readable text; code is, since readers read it.
//!
//! This is a skim, not a parse: it finds CommonMark's blocks line by line and hands each
//! paragraph and heading to [`inline::skim`], keeping no tree. pulldown-cmark, which the
//! layout uses, builds one: for 10,000 posts that was most of the time spent loading. Its
//! reading of the same Markdown stays in the tests ([`super::oracle`]) as the reference the
//! skim must agree with.

use super::html::{self, BlockEnd, HtmlState};
use super::inline::{self, Capture};
use super::references::{self, References};
use super::stats::TextCounter;
use crate::markdown_chars::soft_break_joins;
use crate::model::TextStats;

/// How much of the first paragraph an excerpt keeps, in characters.
pub const EXCERPT_MAX_CHARS: usize = 200;

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
}

/// Reads `markdown` once and returns its [`BodyFacts`].
pub fn scan(markdown: &str) -> BodyFacts {
    let mut skim = Skim {
        references: References::new(markdown),
        ..Skim::default()
    };
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', markdown.as_bytes()).chain([markdown.len()]);
    for (index, end) in ends.enumerate() {
        skim.line_number = index + 1;
        let line = &markdown[start..end];
        skim.line(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
    }
    skim.end_paragraph();
    let unclosed_comment =
        matches!(skim.open, Open::Html(BlockEnd::Comment)).then_some(skim.html_block_line);
    BodyFacts {
        stats: skim.counter.stats(),
        first_heading: skim.heading,
        first_paragraph: skim.excerpt,
        unclosed_comment,
    }
}

#[derive(Default)]
struct Skim<'a> {
    references: References<'a>,
    counter: TextCounter,
    open: Open,
    html: HtmlState,
    paragraph: Paragraph,
    /// Inside a list item or a footnote definition, whose paragraphs are not the excerpt.
    nested: bool,
    /// Columns of indentation of the line being read.
    line_indent: usize,
    /// 1-based number of the line being read, and of the line the open HTML block began on.
    line_number: usize,
    html_block_line: usize,
    /// A link reference definition ended at its `:`; its destination may be on this line.
    definition_pending: bool,
    heading: Option<String>,
    excerpt: Option<String>,
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
    lines: usize,
    kind: Kind,
    /// How many `>` it sits in: a line with more starts a new quote.
    quotes: usize,
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

impl Skim<'_> {
    fn line(&mut self, line: &str) {
        let (quotes, content) = strip_quote_markers(line);
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
        self.block(text, quotes, indent == 0);
    }

    /// A line that is not inside a fence or an HTML block, its indentation removed.
    fn block(&mut self, mut text: &str, quotes: usize, mut at_margin: bool) {
        let in_paragraph = self.paragraph.lines > 0;
        if std::mem::take(&mut self.definition_pending)
            && !in_paragraph
            && references::is_destination(text)
        {
            return;
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
            // Only the first item of a list is restricted in what paragraph it may interrupt.
            let interrupts = self.paragraph.lines > 0 && self.paragraph.kind != Kind::Nested;
            let Some(rest) = list_item(text, interrupts) else {
                break;
            };
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
            self.definition_pending = text.trim_end().ends_with(':');
            return;
        }
        if let Some(rest) = footnote_definition(text) {
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
            return;
        }
        if !in_paragraph {
            self.start_paragraph(quotes);
        }
        self.push_line(text);
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
        }
        self.paragraph.text.push_str(text);
        self.paragraph.lines += 1;
    }

    fn end_paragraph(&mut self) {
        if self.paragraph.lines == 0 {
            return;
        }
        self.counter.boundary();
        let text = &self.paragraph.text;
        if self.paragraph.kind == Kind::Prose && self.excerpt.is_none() {
            let mut excerpt = Excerpt::default();
            inline::skim(text, &mut self.references, &mut self.counter, &mut excerpt);
            if !excerpt.is_empty() {
                self.excerpt = Some(excerpt.finish());
            }
        } else {
            inline::skim(text, &mut self.references, &mut self.counter, &mut ());
        }
        self.counter.boundary();
        self.paragraph.text.clear();
        self.paragraph.lines = 0;
    }

    fn heading(&mut self, level: u8, content: &str) {
        self.counter.boundary();
        if level == 1 && self.heading.is_none() {
            let mut text = String::new();
            inline::skim(content, &mut self.references, &mut self.counter, &mut text);
            let text = collapse_spaces(&text);
            if !text.is_empty() {
                self.heading = Some(text);
            }
        } else {
            inline::skim(content, &mut self.references, &mut self.counter, &mut ());
        }
        self.counter.boundary();
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

fn is_blank(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b == b'\t')
}

/// The number of `>` markers that open `line`, and what follows them.
fn strip_quote_markers(line: &str) -> (usize, &str) {
    let mut quotes = 0;
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() > 3 {
            return (quotes, rest);
        }
        let Some(after) = trimmed.strip_prefix('>') else {
            return (quotes, rest);
        };
        quotes += 1;
        rest = after
            .strip_prefix(' ')
            .or_else(|| after.strip_prefix('\t'))
            .unwrap_or(after);
    }
}

/// Leading columns of blank, tabs reaching the next multiple of four.
fn indent_columns(text: &str) -> usize {
    let mut columns = 0;
    for b in text.bytes() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// `===` makes the paragraph above a level-1 heading, `---` a level-2 one.
fn setext_underline(text: &str) -> Option<u8> {
    let text = text.trim_end();
    let first = *text.as_bytes().first()?;
    let level = match first {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    text.bytes().all(|b| b == first).then_some(level)
}

/// `***`, `- - -`, `___`: three or more of one marker and nothing else but blanks.
/// `Ok` for a thematic break; else `Err` with how far the check read: the first byte that
/// rules it out, or the end when there were too few markers.
fn thematic_break(text: &str) -> Result<(), usize> {
    let Some(&first) = text.as_bytes().first() else {
        return Err(0);
    };
    if !matches!(first, b'*' | b'-' | b'_') {
        return Err(0);
    }
    let mut markers = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == first {
            markers += 1;
        } else if b != b' ' && b != b'\t' {
            // Checked for every list marker of a line: it must stop at the first other byte.
            return Err(i);
        }
    }
    if markers >= 3 {
        Ok(())
    } else {
        Err(text.len())
    }
}

/// The content after a list marker (`-`, `+`, `*`, `1.`, `1)`). A list that `interrupts` a
/// paragraph must start with an item that has content and, if ordered, is numbered 1.
fn list_item(text: &str, interrupts: bool) -> Option<&str> {
    let bytes = text.as_bytes();
    let (marker_len, number) = match bytes.first()? {
        b'-' | b'+' | b'*' => (1, None),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            (digits + 1, Some(&text[..digits]))
        }
        _ => return None,
    };
    let rest = &text[marker_len..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    if interrupts && (is_blank(rest) || number.is_some_and(|n| n.parse::<u32>().ok() != Some(1))) {
        return None;
    }
    Some(rest.trim_start_matches([' ', '\t']))
}

/// The text after a GitHub task list item's `[ ]` or `[x]`, which is a check box, not text.
fn strip_task_marker(text: &str) -> Option<&str> {
    ["[ ]", "[x]", "[X]"].iter().find_map(|marker| {
        let rest = text.strip_prefix(marker)?;
        rest.starts_with([' ', '\t'])
            .then(|| rest.trim_start_matches([' ', '\t']))
    })
}

/// `## Title ##` → level 2, `Title`.
fn atx_heading(text: &str) -> Option<(u8, &str)> {
    let level = text.bytes().take_while(|&b| b == b'#').count();
    let rest = &text[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let content = rest.trim_matches([' ', '\t']);
    let without_closing = content.trim_end_matches('#');
    let content = if without_closing.is_empty() {
        ""
    } else if without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end_matches([' ', '\t'])
    } else {
        content
    };
    Some((u8::try_from(level).ok()?, content))
}

/// ```` ``` ```` or `~~~` (three or more) opening a fenced code block.
fn fence_opening(text: &str) -> Option<(u8, usize)> {
    let marker = *text.as_bytes().first()?;
    if !matches!(marker, b'`' | b'~') {
        return None;
    }
    let len = text.bytes().take_while(|&b| b == marker).count();
    (len >= 3 && !(marker == b'`' && text[len..].contains('`'))).then_some((marker, len))
}

fn is_closing_fence(line: &str, marker: u8, len: usize, indent: usize) -> bool {
    if indent_columns(line) > indent + 3 {
        return false;
    }
    let text = line.trim_start_matches([' ', '\t']);
    let run = text.bytes().take_while(|&b| b == marker).count();
    run >= len && is_blank(&text[run..])
}

/// `[^label]: text`: the text of a footnote definition.
fn footnote_definition(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("[^")?;
    let close = inner.find(']')?;
    let label = &inner[..close];
    if label.is_empty() || label.contains([' ', '\t', '[']) {
        return None;
    }
    inner[close + 1..]
        .strip_prefix(':')
        .map(|rest| rest.trim_start_matches([' ', '\t']))
}

/// `| --- | :-: |` under a header row with as many cells.
fn is_table_delimiter(text: &str, header: &str) -> bool {
    if !header.contains('|') {
        return false;
    }
    let cells = table_cells(text);
    let delimiters = cells.iter().all(|cell| {
        let cell = cell.trim_matches([' ', '\t']);
        let inner = cell.strip_prefix(':').unwrap_or(cell);
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        !inner.is_empty() && inner.bytes().all(|b| b == b'-')
    });
    delimiters
        && (text.contains('|') || cells.len() > 1)
        && cells.len() == table_cells(header).len()
}

/// A table row's cells: split at `|` not escaped, the outer pipes dropped.
fn table_cells(row: &str) -> Vec<&str> {
    let row = row.trim_matches([' ', '\t']);
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = if row.ends_with('|') && !row.ends_with("\\|") {
        &row[..row.len() - 1]
    } else {
        row
    };
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = row.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => {
                cells.push(&row[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    cells.push(&row[start..]);
    cells
}

/// The start of a paragraph as one line of plain text.
#[derive(Default)]
pub(super) struct Excerpt {
    text: String,
    chars: usize,
    truncated: bool,
    pending_break: bool,
}

impl Capture for Excerpt {
    fn push(&mut self, piece: &str) {
        for c in piece.chars() {
            if self.chars >= EXCERPT_MAX_CHARS {
                self.truncated = true;
                return;
            }
            let c = if c.is_whitespace() { ' ' } else { c };
            if self.pending_break {
                self.pending_break = false;
                // Japanese and Chinese have no spaces between words, wherever the source
                // wrapped; the rule is the layout's.
                let joins = self
                    .text
                    .chars()
                    .next_back()
                    .is_some_and(|before| soft_break_joins(before, c));
                if !joins {
                    self.push_char(' ');
                }
            }
            self.push_char(c);
        }
    }

    fn soft_break(&mut self) {
        self.pending_break = true;
    }
}

impl Excerpt {
    fn push_char(&mut self, c: char) {
        if c == ' ' && (self.text.is_empty() || self.text.ends_with(' ')) {
            return;
        }
        self.text.push(c);
        self.chars += 1;
    }

    pub(super) fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub(super) fn finish(self) -> String {
        let mut text = self.text.trim_end().to_string();
        if self.truncated {
            text.push('…');
        }
        text
    }
}

pub(super) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Markdown as posts are written: paragraphs of Latin and Japanese words with the usual
    /// inline markup, headings, lists, quotes, fences, tables, HTML blocks, definitions.
    fn document() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            "[a-z]{1,8}",
            "[A-Z][a-z]{0,6}",
            "[0-9]{1,4}",
            "[ぁ-んァ-ン一-龠]{1,6}",
            Just("don't".to_string()),
            Just("well-known".to_string()),
            Just("1.88.0".to_string()),
            Just("、".to_string()),
            Just("。".to_string()),
            Just("「引用」".to_string()),
            Just("(aside)".to_string()),
            Just("snake_case".to_string()),
            Just("2 * 3".to_string()),
        ];
        let atom = prop_oneof![
            4 => word.clone(),
            1 => word.clone().prop_map(|w| format!("**{w}**")),
            1 => word.clone().prop_map(|w| format!("*{w}*")),
            1 => "[a-z]{1,6}".prop_map(|w| format!("_{w}_")),
            1 => "[a-z]{1,6}".prop_map(|w| format!("un**{w}**ed")),
            1 => word.clone().prop_map(|w| format!("`{w} x`")),
            1 => word.clone().prop_map(|w| format!("[{w} link](https://example.com/a_(b))")),
            1 => word.clone().prop_map(|w| format!("[{w}][ref]")),
            1 => word.clone().prop_map(|w| format!("![{w} alt](p.png)")),
            1 => Just("<https://example.com/x>".to_string()),
            1 => Just("<me@example.com>".to_string()),
            1 => word.clone().prop_map(|w| format!("<span class=\"k\">{w}</span>")),
            1 => Just("&amp;".to_string()),
            1 => Just("caf&eacute;".to_string()),
            1 => Just("<!-- note -->".to_string()),
            1 => Just("[^1]".to_string()),
            1 => Just("https://example.com/bare".to_string()),
            1 => Just("~~gone~~".to_string()),
            1 => Just("\\*".to_string()),
        ];
        let line = prop::collection::vec(atom, 1..7).prop_map(|atoms| atoms.join(" "));
        let lines = prop::collection::vec(line.clone(), 1..4);
        let block = prop_oneof![
            4 => lines.clone().prop_map(|l| l.join("\n")),
            1 => lines.clone().prop_map(|l| l.join("  \n")),
            1 => (1..4usize, line.clone()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
            1 => line.clone().prop_map(|l| format!("{l}\n====")),
            1 => line.clone().prop_map(|l| format!("{l}\n----")),
            1 => lines.clone().prop_map(|l| format!("```rust\n{}\n```", l.join("\n"))),
            // After a list, indented lines would continue its last item.
            1 => (line.clone(), lines.clone())
                .prop_map(|(p, l)| format!("{p}\n\n    {}", l.join("\n    "))),
            // `\u{1}` and `\u{2}` become list markers below.
            1 => lines.clone().prop_map(|l| format!("\u{1} {}", l.join("\n\u{1} "))),
            1 => lines.clone().prop_map(|l| format!("\u{2} {}", l.join("\n\u{2} "))),
            1 => lines.clone().prop_map(|l| format!("\u{1} [ ] {}", l.join("\n\u{1} [x] "))),
            1 => lines.clone().prop_map(|l| format!("> {}", l.join("\n> "))),
            1 => (line.clone(), line.clone()).prop_map(|(a, b)| format!("| {a} | b |\n|---|:-:|\n| {b} | c |")),
            1 => line.clone().prop_map(|l| format!("<div class=\"note\">\n{l}\n</div>")),
            1 => line.clone().prop_map(|l| format!("<!--\n{l}\n-->")),
            1 => Just("***".to_string()),
        ];
        prop::collection::vec(block, 0..8).prop_map(|blocks| {
            // Neighbouring lists take different markers, or they would join into one loose
            // list, whose paragraphs the excerpt leaves out on purpose.
            let blocks: Vec<String> = blocks
                .iter()
                .enumerate()
                .map(|(n, block)| {
                    block
                        .replace('\u{1}', ["-", "+", "*"][n % 3])
                        .replace('\u{2}', ["1.", "1)"][n % 2])
                })
                .collect();
            format!(
                "{}\n\n[ref]: https://example.com/ref \"Title\"\n[^1]: A footnote.\n",
                blocks.join("\n\n")
            )
        })
    }

    /// On the bundled samples, real posts with all their odd corners, the skim counts within
    /// 1% of the full parse and finds the same headings.
    #[test]
    fn samples_read_as_the_full_parse_reads_them() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/posts");
        let mut posts = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let body = super::super::front_matter::split(&text).body;
            let (skim, full) = (scan(body), super::super::oracle::scan(body));
            assert_eq!(skim.first_heading, full.first_heading);
            for (a, b) in [
                (skim.stats.words, full.stats.words),
                (skim.stats.cjk_chars, full.stats.cjk_chars),
            ] {
                assert!(a.abs_diff(b) * 100 <= b, "{a} against {b} in {text}");
            }
            posts += 1;
        }
        assert!(posts >= 8);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The skim finds what pulldown-cmark's full parse finds: the same counts, the same
        /// first heading and the same excerpt.
        #[test]
        fn skim_agrees_with_the_full_parse(markdown in document()) {
            prop_assert_eq!(scan(&markdown), super::super::oracle::scan(&markdown));
        }

        /// On any text at all it ends, and counts no more CJK characters than there are.
        #[test]
        fn any_text_is_skimmed_without_harm(text in "(?s).{0,300}") {
            let facts = scan(&text);
            let cjk = text.chars().filter(|&c| super::super::stats::is_counted_by_character(c)).count();
            prop_assert!(facts.stats.cjk_chars <= cjk);
        }
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
    }

    #[test]
    fn a_long_first_paragraph_is_cut_with_an_ellipsis() {
        let long = "あ".repeat(EXCERPT_MAX_CHARS + 50);
        let excerpt = scan(&long).first_paragraph.unwrap();
        assert_eq!(excerpt.chars().count(), EXCERPT_MAX_CHARS + 1);
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
