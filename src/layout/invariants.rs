//! What every layout must satisfy whatever the input, checked against pulldown-cmark as a
//! differential oracle (as pulldown-cmark itself is fuzzed against commonmark.js): no row
//! wider than the width, and no text lost. Shared by the property test below and by the
//! `layout_oracle` fuzz target in `fuzz/`, which is why it is public; kiji itself never
//! calls it.
//!
//! "No text lost" is checked on what is fair to ask of a reader, not of an HTML renderer:
//! every character of pulldown-cmark's `Text` and `Code` events for the same body (after
//! Hugo's shortcodes are expanded and [`liquid::preprocess`](super::liquid::preprocess) has
//! hidden `{% … %}` on purpose)
//! must appear in kiji's rows, in order (the text of table cells only somewhere: see
//! [`oracle_text`]). Left out of the comparison:
//! - whitespace, which wrapping and indentation rearrange;
//! - `*`, `_` and `~`, which kiji reads as emphasis where CommonMark's flanking rules leave
//!   them literal next to CJK punctuation (`**「価値観」**という`);
//! - the invisible break and no-break marks U+200B, U+2060 and U+FEFF, which wrapping may
//!   consume where they fall at a break;
//! - characters [`sanitize`](crate::text::sanitize) keeps from the terminal (controls, bidi);
//! - text of raw HTML (`Html`/`InlineHtml` events): kiji shows an HTML block's text, not its
//!   tags, and pulldown-cmark does not say which is which.
//!
//! The [`GRAMMAR`] tokens are what generated inputs are made of: Markdown, HTML, Liquid and
//! multilingual text (CJK, Korean, emoji with VS16 and ZWJ, RTL), with nesting capped so the
//! known deep-nesting stack overflow does not hide everything else.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options as ParseOptions, Parser, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;

use super::{Document, Options, Role, Row, Span};
use crate::text::{sanitize, width};
use crate::{entities, html};

/// A way a layout broke its contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// Row `row` takes `cells` cells where at most `limit` fit (and it is not a single
    /// character too wide for any row).
    TooWide {
        row: usize,
        cells: usize,
        limit: usize,
        text: String,
    },
    /// The oracle's text from `at` (in compared characters) never appears in kiji's rows.
    LostText {
        at: usize,
        missing: String,
        expected: String,
        shown: String,
    },
}

/// The characters the comparison looks at.
fn compared(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(c, '*' | '_' | '~' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
        && !sanitize::is_unsafe(c)
}

/// The text pulldown-cmark finds in `markdown`, as compared characters: the text outside
/// tables and footnotes, in order, and the text of table cells, whose order a narrow table
/// changes (cells wrap inside their columns, or become `header: value` records with the
/// header repeated), with that of footnotes, which kiji gathers at the end in the order they
/// are referred to.
///
/// Tables include an HTML `<table>…</table>` with blank lines inside that opens an HTML block
/// of the document (not of a list or quote): CommonMark ends the block at the first blank
/// line and reads what follows as paragraphs, but kramdown (and kiji, and a browser) read
/// the element whole, so that text is a cell's, wrapped in its column beside the others
/// (`<table><tr><td>\n\nlong words</td><td>b</td>…`); see [`html_text`] for what it shows. Whether
/// it is shown at all is still checked.
pub fn oracle_text(markdown: &str) -> (String, String) {
    let (_, source) = super::markdown_source(markdown, &|_| None);
    let options = ParseOptions::ENABLE_TABLES
        | ParseOptions::ENABLE_STRIKETHROUGH
        | ParseOptions::ENABLE_TASKLISTS
        | ParseOptions::ENABLE_FOOTNOTES
        | ParseOptions::ENABLE_GFM
        | ParseOptions::ENABLE_DEFINITION_LIST
        | ParseOptions::ENABLE_MATH;
    let (mut flowing, mut in_tables) = (String::new(), String::new());
    let mut table_depth = 0usize;
    let mut footnote_depth = 0usize;
    // A heading's text, held until its end shows whether it closes with `{#id}`, which
    // kiji does not show.
    let mut heading: Option<String> = None;
    let events: Vec<_> = Parser::new_ext(&source, options)
        .into_offset_iter()
        .collect();
    let (html_tables, html_table_text) = whole_html_tables(&source, &events);
    let html_table_at = |at: usize| {
        let i = html_tables.partition_point(|t| t.end <= at);
        html_tables.get(i).filter(|t| t.contains(&at))
    };
    for (event, range) in events {
        let html_table = html_table_at(range.start);
        let in_tables_now = table_depth > 0 || footnote_depth > 0 || html_table.is_some();
        // Text that runs on past the table's end (a fence opened in a cell and closed after
        // `</table>`) keeps pulldown-cmark's reading, so what follows the table is still asked
        // for.
        let within = html_table.is_some_and(|t| range.end <= t.end);
        let event = match event {
            // Math is shown as the text reads it, delimiters and all, as kiji shows it.
            Event::InlineMath(_) | Event::DisplayMath(_) => Event::Text(
                source
                    .get(range.clone())
                    .unwrap_or_default()
                    .to_string()
                    .into(),
            ),
            Event::Text(_) | Event::Code(_) if within => {
                Event::Text(html_text(&source, &html_table_text, range.clone()).into())
            }
            other => other,
        };
        match event {
            Event::Start(Tag::Table(_)) => table_depth += 1,
            Event::End(TagEnd::Table) => table_depth = table_depth.saturating_sub(1),
            Event::Start(Tag::FootnoteDefinition(_)) => footnote_depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                footnote_depth = footnote_depth.saturating_sub(1)
            }
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                let text = heading.take().unwrap_or_default();
                let words = match crate::markdown_chars::heading_attributes(&text) {
                    Some((at, _)) => &text[..at],
                    None => &text,
                };
                let into = if in_tables_now {
                    &mut in_tables
                } else {
                    &mut flowing
                };
                into.extend(words.chars().filter(|&c| compared(c)));
            }
            Event::Text(t) if heading.is_some() => {
                heading.get_or_insert_default().push_str(&t);
            }
            Event::Code(t) if heading.is_some() => {
                // Code ends any attribute block: a `}` that cannot be read as one.
                let held = heading.get_or_insert_default();
                held.extend(t.chars().filter(|&c| compared(c)));
                held.push('\u{1}');
            }
            Event::Text(t) | Event::Code(t) => {
                let into = if in_tables_now {
                    &mut in_tables
                } else {
                    &mut flowing
                };
                into.extend(t.chars().filter(|&c| compared(c)));
            }
            _ => {}
        }
    }
    (flowing, in_tables)
}

/// The HTML tables kramdown reads whole (those that open in an HTML block at the top of the
/// document), and the byte ranges of the text they show, in order.
fn whole_html_tables(
    source: &str,
    events: &[(Event<'_>, Range<usize>)],
) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut depth = 0usize;
    let mut blocks = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::HtmlBlock) if depth == 0 => blocks.push(range.clone()),
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    // As kiji decides (layout's `markdown`): not a table that Markdown begun inside it runs
    // on past, which is read as CommonMark reads it.
    let straddled = |t: &Range<usize>| {
        events.iter().any(|(_, r)| {
            r.start >= t.start && r.start < t.end && super::markdown::runs_past(source, r, t.end)
        })
    };
    let tables: Vec<_> = super::html_block::table_spans(source)
        .into_iter()
        .filter(|t| {
            let i = blocks.partition_point(|b| b.end <= t.start);
            blocks.get(i).is_some_and(|b| b.contains(&t.start)) && !straddled(t)
        })
        .collect();
    let text = tables
        .iter()
        .flat_map(|t| {
            html::tokens(&source[t.clone()]).filter_map(|(at, token)| match token {
                html::Token::Text(s) => Some(t.start + at..t.start + at + s.len()),
                _ => None,
            })
        })
        .collect();
    (tables, text)
}

/// What a table kramdown reads whole shows of the source at `range`: its text as HTML, with
/// entities decoded, where pulldown-cmark reads Markdown. So the tags in a code block (a
/// fence's `` ```\n# </td></tr></table> ``) are tags there, and a code span's `&lt;` is `<`
/// between its backticks, which are shown.
fn html_text(source: &str, text: &[Range<usize>], range: Range<usize>) -> String {
    let first = text.partition_point(|t| t.end <= range.start);
    text[first..]
        .iter()
        .take_while(|t| t.start < range.end)
        .map(|t| {
            let piece = &source[t.start.max(range.start)..t.end.min(range.end)];
            entities::decode_html_text(piece).into_owned()
        })
        .collect()
}

/// Checks `doc`, the layout of `markdown` with `options`, against the contract.
pub fn check(markdown: &str, options: &Options, doc: &Document) -> Result<(), Violation> {
    let limit = options.width.max(2);
    for (index, row) in doc.rows.iter().enumerate() {
        let cells: usize = row
            .spans
            .iter()
            .map(|s| width::str_width(&s.text, options.ambiguous_wide))
            .sum();
        if cells > limit && !holds_one_oversized_character(row) {
            return Err(Violation::TooWide {
                row: index,
                cells,
                limit,
                text: row.text(),
            });
        }
    }
    let (expected, in_tables) = oracle_text(markdown);
    let shown: String = doc
        .rows
        .iter()
        .flat_map(|r| r.spans.iter())
        .flat_map(|s| s.text.chars())
        .filter(|&c| compared(c))
        .collect();
    let mut remaining = shown.chars();
    for (at, wanted) in expected.chars().enumerate() {
        if !remaining.any(|c| c == wanted) {
            return Err(Violation::LostText {
                at,
                missing: expected.chars().skip(at).take(40).collect(),
                expected,
                shown,
            });
        }
    }
    let mut available: HashMap<char, usize> = HashMap::new();
    for c in shown.chars() {
        *available.entry(c).or_default() += 1;
    }
    for (at, wanted) in expected.chars().chain(in_tables.chars()).enumerate() {
        match available.get_mut(&wanted) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                return Err(Violation::LostText {
                    at,
                    missing: wanted.to_string(),
                    expected: expected + &in_tables,
                    shown,
                });
            }
        }
    }
    Ok(())
}

/// A row whose content after its gutter (quote bars, list markers, indentation) is one
/// grapheme may overflow: a character too wide for what the gutter leaves gets a row of its
/// own (see [`Options::width`]).
pub fn holds_one_oversized_character(row: &Row) -> bool {
    let gutter =
        |s: &&Span| matches!(s.role, Role::QuoteBar | Role::ListMarker) || s.text.trim().is_empty();
    let mut visible = row
        .spans
        .iter()
        .skip_while(gutter)
        .flat_map(|s| s.text.graphemes(true))
        .filter(|g| !g.trim().is_empty());
    visible.next().is_some() && visible.next().is_none()
}

/// The tokens generated inputs are made of.
pub const GRAMMAR: &[&str] = &[
    // Markdown
    "# ",
    "## ",
    "###### ",
    "> ",
    "- ",
    "* ",
    "1. ",
    "- [ ] ",
    "- [x] ",
    "**",
    "*",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "```\n",
    "```rust\n",
    "~~~\n",
    "    ",
    "\t",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](https://example.com/a_b)",
    "[^1]",
    "\n[^1]: ",
    "[ref]",
    "\n[ref]: /url \"T\"\n",
    "|",
    "\n| a | b |\n|---|:-:|\n",
    "\n",
    "\n\n",
    "\n---\n",
    "\n===\n",
    "\\",
    "&amp;",
    "&hearts;",
    "&#x1F600;",
    "&#0;",
    "&nbsp;",
    "<",
    ">",
    "<https://example.com>",
    "  \n",
    "$x$",
    // HTML
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<br>",
    "<hr>",
    "<img src=\"a.png\" alt=\"代替\">",
    "<img alt=a>",
    "<a href=\"https://x.y\">",
    "</a>",
    "<b>",
    "</b>",
    "<em>",
    "</em>",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<!-- ",
    " -->",
    "<pre>",
    "</pre>",
    "<code>",
    "</code>",
    "<span style=\"color:red\">",
    "</span>",
    "<details><summary>",
    "</summary>",
    "</details>",
    "<ruby>漢<rt>かん</rt></ruby>",
    "<sup>",
    "</sup>",
    "<kbd>",
    "</kbd>",
    "<li>",
    "<ul>",
    "</ul>",
    "<h2>",
    "</h2>",
    "<blockquote>",
    "</blockquote>",
    // Liquid / kramdown
    "{% highlight ruby %}\n",
    "{% endhighlight %}\n",
    "{% raw %}",
    "{% endraw %}",
    "{{ site.title }}",
    "{% include note.html %}",
    "{: .note}",
    "{%",
    "%}",
    "{{",
    "}}",
    "{% comment %}",
    "{% endcomment %}",
    // Text
    "word",
    "Hello, world. ",
    "a",
    "1",
    "supercalifragilisticexpialidocious",
    "日本語の文章です。",
    "「括弧」",
    "、",
    "。",
    "ｶﾀｶﾅﾞ",
    "ＡＩ",
    "中文字符",
    "한국어 문장입니다",
    "👍",
    "👇️",
    "👨‍👩‍👧",
    "🇯🇵",
    "مرحبا بالعالم",
    "שלום",
    "\u{202E}",
    "\u{200B}",
    "é",
    "e\u{301}",
    "⸻",
    "…",
    "─",
    "\u{FEFF}",
    "\r\n",
    "\u{7}",
    "ℹ️",
    " ",
];

/// Tokens that open a level of nesting; each may appear at most [`NESTING_CAP`] times.
const NESTING: &[&str] = &[
    "> ",
    "- ",
    "* ",
    "1. ",
    "- [ ] ",
    "- [x] ",
    "[",
    "![",
    "<div>",
    "<blockquote>",
    "    ",
];
/// Far below the depth at which the known stack overflow (issue 14, item 2) happens.
pub const NESTING_CAP: usize = 24;

/// A document made of the [`GRAMMAR`] tokens `choices` picks (each taken modulo the number
/// of tokens), nesting tokens capped at [`NESTING_CAP`] each.
pub fn assemble(choices: impl IntoIterator<Item = usize>) -> String {
    let mut used = [0usize; NESTING.len()];
    let mut out = String::new();
    for choice in choices {
        let token = GRAMMAR[choice % GRAMMAR.len()];
        if let Some(i) = NESTING.iter().position(|t| *t == token) {
            if used[i] == NESTING_CAP {
                continue;
            }
            used[i] += 1;
        }
        out.push_str(token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout_markdown;
    use proptest::prelude::*;

    fn holds(markdown: &str, width: usize) -> Result<(), Violation> {
        let options = Options::new(width);
        check(markdown, &options, &layout_markdown(markdown, &options))
    }

    #[test]
    fn the_oracle_sees_text_and_code_but_not_markup() {
        let (flowing, in_tables) = oracle_text("# Ti*t*le\n\n`co de` and <b>x</b>\n\n|é|\n|-|\n");
        assert_eq!(
            (flowing.as_str(), in_tables.as_str()),
            ("Titlecodeandx", "é")
        );
    }

    #[test]
    fn text_before_a_nested_html_table_is_kept() {
        let nested = "<table><tr><td>\n\n`<table><tr><td></td></tr></table></td></tr></table>";
        assert_eq!(holds(nested, 1), Ok(()));
    }

    #[test]
    fn text_of_an_html_table_read_whole_is_a_cell_text() {
        // The long word wraps in its column beside `#`, which a narrow table shows first.
        let md = "# ```\n<table><tr><td>\n\nsupercalifragilisticexpialidocious</td><td># </td></tr></table>";
        let (flowing, in_tables) = oracle_text(md);
        assert_eq!(
            (flowing.as_str(), in_tables.as_str()),
            ("```", "supercalifragilisticexpialidocious#")
        );
        assert_eq!(holds(md, 14), Ok(()));
    }

    #[test]
    fn tags_in_code_inside_an_html_table_read_whole_are_tags() {
        let md = "<table><tr><td>\n\n```\n# </td></tr></table>";
        assert_eq!(oracle_text(md), (String::new(), "#".to_string()));
        assert_eq!(holds(md, 1), Ok(()));
        // Escaped, they are text, shown as the HTML reads it.
        let md = "<table><tr><td>\n\n`&lt;b&gt;`</td></tr></table>";
        assert_eq!(oracle_text(md).1, "`<b>`");
        assert_eq!(holds(md, 1), Ok(()));
    }

    #[test]
    fn an_html_table_inside_a_paragraph_is_not_read_whole() {
        let md = "<img src=\"a.png\" alt=\"代替\"><table><tr><td>```\n**<pre>&hearts;```\n</td></tr></table>";
        assert_eq!(oracle_text(md).0, "<pre>&hearts;");
        assert_eq!(holds(md, 1), Ok(()));
    }

    #[test]
    fn a_dropped_word_is_a_violation() {
        let options = Options::new(20);
        let mut doc = layout_markdown("one two three", &options);
        for span in doc.rows.iter_mut().flat_map(|r| r.spans.iter_mut()) {
            span.text = span.text.replace("two", "");
        }
        assert!(matches!(
            check("one two three", &options, &doc),
            Err(Violation::LostText { .. })
        ));
    }

    #[test]
    fn a_row_past_the_width_is_a_violation() {
        let options = Options::new(4);
        let mut doc = layout_markdown("one", &options);
        doc.rows[0].spans[0].text = "onetwo".into();
        assert!(matches!(
            check("one", &options, &doc),
            Err(Violation::TooWide { .. })
        ));
    }

    #[test]
    fn a_character_too_wide_for_what_a_quote_leaves_may_overflow_its_row() {
        // `ﾅﾞ` is three cells; inside a quote at width 4 only two are left.
        assert_eq!(holds("> ｶﾀｶﾅﾞ", 4), Ok(()));
    }

    #[test]
    fn assembled_inputs_cap_nesting() {
        let depth = assemble(std::iter::repeat_n(3, 1000)).matches("> ").count();
        assert_eq!(depth, NESTING_CAP);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn layout_keeps_every_row_in_width_and_loses_no_text(
            choices in prop::collection::vec(0..GRAMMAR.len(), 0..60),
            width in 1usize..100,
        ) {
            let markdown = assemble(choices);
            if let Err(violation) = holds(&markdown, width) {
                panic!("width {width}, input {markdown:?}: {violation:?}");
            }
        }
    }
}
