//! LaTeX's own math delimiters, `\(…\)` inline and `\[…\]` on lines of their own, which
//! CommonMark reads as escaped brackets with Markdown between them (`\(a*b*c\)` lost its
//! asterisks to emphasis). `$…$` and `$$…$$` are pulldown-cmark's (`ENABLE_MATH`); these two
//! are found in its events: an escaped `(` starts a text event right after its backslash, so
//! the pair is two text events, and what lies between them becomes one math event again, as
//! written.
//!
//! `\[` counts only at the start of a line with its `\]` ending one, since `\[sic\]` in prose
//! is an escaped bracket.

use pulldown_cmark::{CowStr, Event};

use super::cjk_emphasis::Spanned;

/// `inline` (one container's events) with `\(…\)` and display `\[…\]` as math events whose
/// text is the math between the delimiters.
pub fn join_escaped_delimiters<'a>(inline: Vec<Spanned<'a>>, src: &'a str) -> Vec<Spanned<'a>> {
    // Only this container's text is looked at: a post is thousands of containers.
    let start = inline.iter().map(|(_, r)| r.start).min().unwrap_or(0);
    let end = inline.iter().map(|(_, r)| r.end).max().unwrap_or(0);
    let text = src.get(start.saturating_sub(1)..end).unwrap_or_default();
    if !text.contains("\\(") && !text.contains("\\[") {
        return inline;
    }
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(inline.len());
    let mut i = 0;
    while i < inline.len() {
        let Some((open, close)) = opening(&inline[i], src)
            .and_then(|close| closing(&inline, i, close, src).map(|end| (close, end)))
        else {
            out.push(inline[i].clone());
            i += 1;
            continue;
        };
        let (close_char, end) = (open, close);
        let start = inline[i].1.start - 1;
        let close_at = inline[end].1.start;
        let math = &src[start + 2..close_at - 1];
        let event = match close_char {
            ')' => Event::InlineMath(CowStr::Borrowed(math)),
            _ => Event::DisplayMath(CowStr::Borrowed(math)),
        };
        out.push((event, start..close_at + 1));
        // What follows the closing bracket in its text event stays text.
        let (last, range) = &inline[end];
        if let Event::Text(text) = last
            && text.len() > 1
        {
            let rest = &src[close_at + 1..range.end];
            out.push((Event::Text(CowStr::Borrowed(rest)), close_at + 1..range.end));
        }
        i = end + 1;
    }
    out
}

/// The closing bracket `event` would need, when it is a text event that starts with an
/// escaped `(` (or a `[` that starts a line).
fn opening(event: &Spanned<'_>, src: &str) -> Option<char> {
    let (Event::Text(text), range) = event else {
        return None;
    };
    let escaped = range.start >= 1 && src.as_bytes()[range.start - 1] == b'\\';
    if !escaped || src.get(range.start..range.end) != Some(text.as_ref()) {
        return None;
    }
    match text.chars().next()? {
        '(' => Some(')'),
        '[' if at_line_start(src, range.start - 1) => Some(']'),
        _ => None,
    }
}

/// The index of the text event that starts with the escaped `close` matching an opening at
/// `open`, when the events between them are balanced (an emphasis that started outside the
/// math must not lose its end to it).
fn closing(inline: &[Spanned<'_>], open: usize, close: char, src: &str) -> Option<usize> {
    let mut depth = 0i32;
    // Math is short: looking no further than this keeps a paragraph of unclosed `\(`s linear.
    const FURTHEST: usize = 1000;
    for (j, (event, range)) in inline.iter().enumerate().skip(open + 1).take(FURTHEST) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            Event::Text(text) => {
                let escaped = range.start >= 1 && src.as_bytes()[range.start - 1] == b'\\';
                if depth == 0
                    && escaped
                    && text.starts_with(close)
                    && src.get(range.start..range.end) == Some(text.as_ref())
                    && (close == ')' || at_line_end(src, range.start + 1))
                {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn at_line_start(src: &str, at: usize) -> bool {
    src[..at].trim_end_matches([' ', '\t']).ends_with('\n') || src[..at].trim().is_empty()
}

fn at_line_end(src: &str, at: usize) -> bool {
    let rest = &src[at..];
    rest.trim_start_matches([' ', '\t'])
        .starts_with(['\n', '\r'])
        || rest.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn math(src: &str) -> Vec<String> {
        let events: Vec<Spanned<'_>> = Parser::new_ext(src, Options::ENABLE_MATH)
            .into_offset_iter()
            .collect();
        join_escaped_delimiters(events, src)
            .into_iter()
            .filter_map(|(e, r)| match e {
                Event::InlineMath(m) => Some(format!("inline {m} {}", &src[r])),
                Event::DisplayMath(m) => Some(format!("display {m} {}", &src[r])),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn latex_delimiters_keep_their_math_whole() {
        assert_eq!(math("a \\(x*y*z\\) b"), ["inline x*y*z \\(x*y*z\\)"]);
        assert_eq!(
            math("\\[\na*b*c\n\\]\n"),
            ["display \na*b*c\n \\[\na*b*c\n\\]"]
        );
        assert_eq!(math("$x *y* z$"), ["inline x *y* z $x *y* z$"]);
    }

    #[test]
    fn escaped_brackets_in_prose_stay_text() {
        assert!(math("an escaped \\[sic\\] here").is_empty());
        assert!(math("an open \\( without its end").is_empty());
        assert!(math("costs $5 and $10").is_empty());
    }

    #[test]
    fn emphasis_around_the_math_is_left_alone() {
        // The emphasis ends inside: joining would drop its end.
        assert!(math("*a \\(b* c\\)").is_empty());
    }

    #[test]
    fn math_is_laid_out_as_written_with_its_role() {
        use crate::layout::{Options, Role, layout_markdown};
        let src = "Sum $a_1 * b_2 * c$, \\(x*y*z\\) and $$p *q* r$$ here.\n\n\\[\nn*m*k\n\\]\n";
        let doc = layout_markdown(src, &Options::new(80));
        let math: Vec<&str> = doc
            .rows
            .iter()
            .flat_map(|r| &r.spans)
            .filter(|s| s.role == Role::Math)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            math,
            [
                "$a_1 * b_2 * c$",
                "\\(x*y*z\\)",
                "$$p *q* r$$",
                "\\[ n*m*k \\]"
            ]
        );
    }

    #[test]
    fn math_in_an_image_description_is_kept() {
        let rows = crate::layout::row_texts("![a $x$ b](i.png)", 40);
        assert!(rows[0].contains("a $x$ b"), "{rows:?}");
    }
}
