//! kramdown's `markdown="1"` on a block element: what the element holds is read as Markdown
//! blocks (lists, headings, code), where CommonMark reads every line after the tag, up to a
//! blank line, as raw HTML. kiji gets kramdown's reading from the Markdown parser it already
//! has: a blank line is opened after a tag that stands alone on its line, and before the line
//! that closes it, so the parser sees the tags as HTML blocks of their own and what lies
//! between as Markdown. `<details markdown="1">` keeps its folding this way too: its tags
//! still mark where it opens and closes.
//!
//! Written through [`super::expand`], so offsets still lead back to the file. Span-level
//! elements (`<p>`, `<h2>`, table cells, `markdown="span"`) are read where they stand
//! ([`super::html_block`]).

use super::expand::{OffsetMap, Rewrite};
use super::tree::MAX_NESTING;
use crate::html::{self, Token};
use crate::markdown_chars::{closes_fence, opens_fence};

/// Elements whose `markdown="1"` content is read as blocks: the containers of a page.
/// (A quote or a list would lose its shape if its tags stood apart from its content; they are
/// read as a whole element, as before.)
const CONTAINERS: &[&str] = &[
    "address", "article", "aside", "center", "details", "dialog", "div", "fieldset", "figure",
    "footer", "header", "main", "nav", "section",
];

/// An open element whose content is Markdown: its name, and how many elements of the same
/// name opened inside it are still open.
struct Open {
    name: String,
    nested: usize,
}

/// `body` with a blank line after every block element marked `markdown="1"` or
/// `markdown="block"` whose tag stands alone on its line, before the line that closes it,
/// and after a whole element on one line inside it (`<summary>…</summary>`); `None` when there
/// is none. One pass over the lines; code fences are left as they are.
pub fn separate(body: &str) -> Option<(String, OffsetMap)> {
    if !body.contains("markdown=") {
        return None;
    }
    let mut rewrite = Rewrite::new(body);
    let mut changed = false;
    let mut open: Vec<Open> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // Where the previous line starts, and whether it was blank (or one was opened after it).
    let mut previous_blank = true;
    let mut blank_after: Option<usize> = None;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let blank = text.trim().is_empty();
        // A blank line owed after the previous line, unless this one is blank already.
        if let Some(end) = blank_after.take()
            && !blank
        {
            rewrite.copy_to(end);
            rewrite.insert("\n");
            changed = true;
            previous_blank = true;
        }
        if let Some((ch, len)) = fence {
            if closes_fence(text, ch, len) {
                fence = None;
            }
            previous_blank = blank;
            continue;
        }
        if let Some(opened) = opens_fence(text) {
            fence = Some(opened);
            previous_blank = false;
            continue;
        }
        let indent = text.len() - text.trim_start_matches(' ').len();
        let tokens: Vec<Token<'_>> = if indent <= 3 && text.trim_start().starts_with('<') {
            html::tokens(text.trim())
                .map(|(_, token)| token)
                .filter(|t| !matches!(t, Token::Text(s) if s.trim().is_empty()))
                .collect()
        } else {
            Vec::new()
        };
        if let [Token::Open { name, attributes }] = tokens.as_slice()
            && CONTAINERS.contains(&&**name)
            && html::attribute(attributes, "markdown").is_some_and(|v| v == "1" || v == "block")
        {
            if open.len() < MAX_NESTING {
                open.push(Open {
                    name: name.to_string(),
                    nested: 0,
                });
                blank_after = line.ends_with('\n').then_some(at);
            }
            previous_blank = false;
            continue;
        }
        if let Some(top) = open.last_mut() {
            if let [Token::Close { name }] = tokens.as_slice()
                && *name == top.name
                && top.nested == 0
            {
                if !previous_blank {
                    rewrite.copy_to(start);
                    rewrite.insert("\n");
                    changed = true;
                }
                open.pop();
                // What follows the element is Markdown again, not the end tag's HTML block.
                blank_after = line.ends_with('\n').then_some(at);
                previous_blank = false;
                continue;
            }
            // A whole element on its line (`<summary>…</summary>`) is an HTML block of its own.
            if let [
                Token::Open { name: first, .. },
                ..,
                Token::Close { name: last },
            ] = tokens.as_slice()
                && first == last
                && html::tags::is_block(first)
            {
                blank_after = line.ends_with('\n').then_some(at);
            }
            // Elements of the same name opened and closed in the content, wherever they
            // stand, so that only the element's own end tag ends it.
            let mut ended = false;
            for (_, token) in html::tokens(text) {
                match token {
                    Token::Open { name, .. } if *name == top.name => top.nested += 1,
                    Token::Close { name } if *name == top.name => {
                        if top.nested == 0 {
                            ended = true;
                            break;
                        }
                        top.nested -= 1;
                    }
                    _ => {}
                }
            }
            if ended {
                open.pop();
            }
        }
        previous_blank = blank;
    }
    changed.then(|| rewrite.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn separated(body: &str) -> String {
        separate(body).map_or_else(|| body.to_string(), |(text, _)| text)
    }

    #[test]
    fn a_marked_container_stands_apart_from_its_markdown() {
        let body = "<div markdown=\"1\">\n- one\n- two\n</div>\nafter\n";
        assert_eq!(
            separated(body),
            "<div markdown=\"1\">\n\n- one\n- two\n\n</div>\n\nafter\n"
        );
        let (text, map) = separate(body).unwrap();
        assert_eq!(
            map.source(text.find("two").unwrap()),
            body.find("two").unwrap()
        );
        assert_eq!(
            map.source(text.find("</div>").unwrap()),
            body.find("</div>").unwrap()
        );
    }

    #[test]
    fn blank_lines_already_there_are_not_doubled() {
        let body = "<section markdown=\"block\">\n\n## 見出し\n\n本文\n\n</section>\n";
        assert_eq!(separate(body), None);
    }

    #[test]
    fn a_summary_line_ends_its_own_block() {
        let body =
            "<details markdown=\"1\">\n<summary>見る</summary>\n本文の**強調**\n</details>\n";
        assert_eq!(
            separated(body),
            "<details markdown=\"1\">\n\n<summary>見る</summary>\n\n本文の**強調**\n\n</details>\n"
        );
    }

    #[test]
    fn only_the_element_s_own_end_tag_ends_it() {
        let body = "<div markdown=\"1\">\n<div class=\"x\">\ninner\n</div>\ntext\n</div>\n";
        let out = separated(body);
        assert!(out.ends_with("text\n\n</div>\n"), "{out:?}");
        assert!(out.contains("inner\n</div>\ntext"), "{out:?}");
    }

    #[test]
    fn spans_fences_unmarked_and_indented_tags_are_left_alone() {
        for body in [
            "<div markdown=\"span\">\n**x**\n</div>\n",
            "<div markdown=\"0\">\n**x**\n</div>\n",
            "<div>\n**x**\n</div>\n",
            "<p markdown=\"1\">\n**x**\n</p>\n",
            "```\n<div markdown=\"1\">\n**x**\n</div>\n```\n",
            "    <div markdown=\"1\">\n    **x**\n",
            "<div markdown=\"1\">text on the tag's line\n**x**\n</div>\n",
        ] {
            assert_eq!(separated(body), body, "{body:?}");
        }
    }

    #[test]
    fn nesting_is_bounded_and_every_line_is_kept() {
        let body = "<div markdown=\"1\">\nx\n".repeat(100);
        let out = separated(&body);
        assert_eq!(out.matches('x').count(), 100);
        assert_eq!(out.matches("<div").count(), 100);
    }
}
