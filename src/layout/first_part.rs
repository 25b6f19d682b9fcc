//! The beginning of a long post, laid out alone, so that the reader's first screen of a 5 MB
//! post costs what a short post's does while the whole post is laid out elsewhere (the
//! reader's worker thread).
//!
//! The part ends where the whole post's layout would start a new top-level block, so that its
//! rows are the whole layout's first rows, row for row: never inside a fence, a list, a table,
//! a quote, an HTML block or a `<details>` (HTML containers are counted open and closed), a
//! Liquid or kramdown block (the preprocessor reads line by line, left to right, so what it
//! makes of the part is what it makes of the post's beginning), or a Hugo shortcode or
//! `{{/* comment */}}` (which may pair or close across any distance: the part ends before the
//! first one). A post with a kramdown
//! `{:toc}` in its beginning has no first part: the contents list every heading.
//!
//! A part that names a label defined further down (`[guide][g]` … `[g]: https://…`, a
//! footnote) is not laid out alone: whether that definition holds only the whole post's
//! reading can say (it may stand in code, a comment, a quote). The post is then laid out
//! whole, as a short one is. The part ends without the footnotes and the list of links,
//! which end the whole post.

use memchr::{memchr, memmem, memrchr};

use super::{Document, Options, Partial, PictureSizes, layout_post_body, liquid, markdown};
use crate::model::{Post, ReadingRates};

/// Posts whose body is longer than this are shown from their first part first. Laying out
/// 256 KB takes a few milliseconds; the whole of a 5 MB post a hundred or more.
pub const LONG_POST_BYTES: usize = 256 * 1024;

/// The least a first part holds, in bytes of the body.
const LEAST_PART_BYTES: usize = 8 * 1024;

/// HTML elements that hold Markdown blocks between their tags, so that a top-level block
/// boundary inside one is no boundary of the layout.
const CONTAINERS: &[&str] = &[
    "details",
    "div",
    "table",
    "section",
    "article",
    "aside",
    "figure",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "center",
    "nav",
    "header",
    "footer",
    "main",
    "pre",
];

/// Lays out the first part of a long `post`: enough of its beginning to fill a screen
/// `height` rows tall at `options.width`, with [`Document::partial`] saying how much. `None`
/// when the post is not longer than [`LONG_POST_BYTES`], or its beginning has no place to end
/// a part (one block longer than a screen's worth of the post): the whole layout it is.
pub fn layout_first_screen(
    post: &Post,
    rates: ReadingRates,
    options: &Options,
    sizes: &PictureSizes,
    height: usize,
) -> Option<Document> {
    if post.body.len() <= LONG_POST_BYTES {
        return None;
    }
    // A screen's cells, three bytes a cell (a CJK character is three bytes and two cells;
    // markup and short lines take more), and twice that for what the part leaves off.
    let screen = options.width.max(2) * height.max(1) * 3;
    let mut near = screen.max(LEAST_PART_BYTES);
    let mut last = None;
    while near <= LONG_POST_BYTES {
        if let Some(document) = layout_first_part(post, rates, options, sizes, near) {
            let enough = document.rows.len() >= height * 2;
            last = Some(document);
            if enough {
                break;
            }
        }
        near *= 2;
    }
    last
}

/// Lays out `post`'s header and the beginning of its body up to a [`cut`] about `near` bytes
/// in, with [`Document::partial`] saying where it ends.
pub fn layout_first_part(
    post: &Post,
    rates: ReadingRates,
    options: &Options,
    sizes: &PictureSizes,
    near: usize,
) -> Option<Document> {
    let body = post.body.as_str();
    let cut = cut(body, near)?;
    let part = &body[..cut];
    if names_a_later_definition(body, cut, part) {
        return None;
    }
    let mut document = layout_post_body(post, part, rates, options, sizes, false);
    document.partial = Some(Partial {
        from: 0,
        laid_out: cut,
        body_len: body.len(),
    });
    Some(document)
}

/// Where a first part of `body` may end, at or before the end of the line `near` bytes in: the
/// start of the line where the last top-level block that starts before then starts. `None`
/// when there is none but the first, or the part would be the whole body.
pub fn cut(body: &str, near: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    if near >= bytes.len() {
        return None;
    }
    let end = memchr(b'\n', &bytes[near..]).map_or(bytes.len(), |i| near + i + 1);
    let end = crate::shortcode::OPENERS
        .iter()
        .filter_map(|opener| memmem::find(&bytes[..end], opener.as_bytes()))
        .fold(end, usize::min);
    let end = unfinished_markup(&body[..end]).map_or(end, |at| at.min(end));
    // An HTML table is read whole, blank lines and all, unless Markdown begun inside it runs
    // on past its end (`markdown::runs_past`): which of the two only the rest of the post can
    // say, so the part ends before the first one.
    let end = first_table(&bytes[..end]).map_or(end, |at| at.min(end));
    // Whole lines only: a line read up to a point may read otherwise whole (a fence's info
    // string with a backtick further on is no fence).
    let end = if end == 0 || end == bytes.len() || bytes[end - 1] == b'\n' {
        end
    } else {
        memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1)
    };
    let candidate = &body[..end];
    if candidate.contains("{:toc}") {
        return None;
    }
    let source = liquid::preprocess(candidate);
    let mut open = [0usize; CONTAINERS.len()];
    let mut best = None;
    for (i, block) in markdown::top_level_blocks(&source).iter().enumerate() {
        if i > 0 && open.iter().all(|&n| n == 0) {
            best = Some(block.range.start);
        }
        if !block.code {
            html_containers(&source[block.range.clone()], &mut open);
        }
    }
    let start = best?;
    // A block indented a little starts after its indentation: the part ends with the line.
    let line = memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    let cut = if body[line..start].trim().is_empty() {
        line
    } else {
        start
    };
    (cut > 0 && cut < bytes.len()).then_some(cut)
}

/// Where the first `<table` tag of `bytes` starts, in any case.
fn first_table(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'<', bytes).find(|&lt| {
        bytes
            .get(lt + 1..lt + 6)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"table"))
            && bytes
                .get(lt + 6)
                .is_none_or(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
    })
}

/// Where the first piece of HTML in `text` starts whose reading depends on what follows
/// `text`: a tag whose quoted value or `>` is not in it, a comment or CDATA section not closed
/// in it. Read in the whole post, such a piece ends somewhere past the cut (a quote left open
/// swallows a `</table>`), so the part must end before it. Found by reading each piece again
/// with what could finish it put after `text`: a piece read the same every way is whole.
fn unfinished_markup(text: &str) -> Option<usize> {
    use crate::html::{Grammar, markup_at};
    // What may follow `text` and finish a piece of it: a quote and the tag's end, the tag's
    // end alone, a comment's, a CDATA section's, a processing instruction's.
    const CLOSERS: [&str; 6] = ["\">", "'>", ">", "-->", "]]>", "?>"];
    let bytes = text.as_bytes();
    let closed: Vec<Vec<u8>> = CLOSERS
        .iter()
        .map(|closer| [bytes, closer.as_bytes()].concat())
        .collect();
    let mut at = 0;
    while let Some(i) = memchr(b'<', &bytes[at..]) {
        let lt = at + i;
        let here = markup_at(bytes, lt, Grammar::Browser);
        if closed
            .iter()
            .any(|more| markup_at(more, lt, Grammar::Browser) != here)
        {
            return Some(lt);
        }
        at = here.map_or(lt + 1, |markup| markup.end);
    }
    None
}

/// Counts the HTML containers `text` opens and closes into `open`, one count per name (as
/// [`CONTAINERS`] orders them): a stray `</div>` does not close a `<table>`, whose end only
/// its own `</table>` is, as the layout reads a table whole up to it.
fn html_containers(text: &str, open: &mut [usize; CONTAINERS.len()]) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = memchr(b'<', &bytes[at..]) {
        at += i + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = &text[name_start..name_start + name_len];
        let Some(kind) = CONTAINERS.iter().position(|c| c.eq_ignore_ascii_case(name)) else {
            continue;
        };
        let tag_end = memchr(b'>', &bytes[name_start..]).map(|i| name_start + i);
        let self_closing = tag_end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        let count = &mut open[kind];
        *count = match (closing, self_closing) {
            (true, _) => count.saturating_sub(1),
            (false, false) => *count + 1,
            (false, true) => *count,
        };
    }
}

/// The longest label a definition may have (CommonMark's limit is 999 characters).
const MAX_LABEL_BYTES: usize = 4 * 1000;

/// Whether a reference-link or footnote definition after `cut` may define a label that `part`
/// names. Such a part is not laid out alone: whether the definition holds (at the top level,
/// in a quote or a list item, or not at all, inside code or a comment) only the whole post's
/// reading can say, and a part that guessed could differ from the whole. Every `]:` after the
/// cut is looked at, wherever it stands; labels are compared as CommonMark matches them, case
/// and runs of spaces aside.
fn names_a_later_definition(body: &str, cut: usize, part: &str) -> bool {
    let bytes = body.as_bytes();
    let named = normalized_label(part);
    memmem::find_iter(&bytes[cut..], "]:").any(|i| {
        let colon = cut + i;
        let from = colon.saturating_sub(MAX_LABEL_BYTES).max(cut);
        memrchr(b'[', &bytes[from..colon]).is_some_and(|open| {
            let label = normalized_label(&body[from + open + 1..colon]);
            !label.is_empty() && named.contains(&format!("[{label}]"))
        })
    })
}

/// `text` as labels are matched: lower case, each run of whitespace one space.
fn normalized_label(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Row, layout_post};
    use proptest::prelude::*;

    fn post(body: String) -> Post {
        Post::for_test("long.md", "Long", &body)
    }

    fn texts(rows: &[Row]) -> Vec<String> {
        rows.iter().map(Row::text).collect()
    }

    /// The part's rows are the whole layout's first rows, row for row, offsets and roles
    /// included.
    fn assert_part_is_the_beginning(body: &str, near: usize, width: usize) -> Option<usize> {
        let p = post(body.to_string());
        let options = Options::new(width);
        let rates = ReadingRates::default();
        let part = layout_first_part(&p, rates, &options, &PictureSizes::new(), near)?;
        let whole = layout_post(&p, rates, &options);
        let laid_out = part.partial.expect("a part says so").laid_out;
        let n = part.rows.len();
        assert!(n <= whole.rows.len(), "{body:?}");
        assert_eq!(
            texts(&part.rows),
            texts(&whole.rows[..n]),
            "cut at {laid_out} of {body:?}"
        );
        assert_eq!(part.rows, whole.rows[..n], "cut at {laid_out} of {body:?}");
        Some(laid_out)
    }

    fn long(block: &str, times: usize) -> String {
        (0..times).map(|i| format!("{block} {i}\n\n")).collect()
    }

    #[test]
    fn a_cut_falls_between_blocks_never_inside_a_fence() {
        let body = format!(
            "Intro.\n\n```\nline one\n\nline two after a blank\n```\n\n{}",
            long("Paragraph", 100)
        );
        let fence_end = body.find("```\n\n").unwrap() + 3;
        for near in 1..fence_end + 10 {
            if let Some(cut) = cut(&body, near) {
                assert!(
                    cut <= body.find("```").unwrap() || cut > fence_end,
                    "{near}: {cut}"
                );
            }
        }
    }

    #[test]
    fn a_details_block_is_kept_whole() {
        let body = format!(
            "<details>\n<summary>More</summary>\n\nInside.\n\nStill inside.\n\n</details>\n\n{}",
            long("After", 10)
        );
        let end = body.find("</details>").unwrap();
        for near in 1..end + 5 {
            assert_eq!(cut(&body, near), None, "{near}");
        }
        assert!(cut(&body, end + 20).unwrap() > end);
    }

    #[test]
    fn a_part_naming_a_link_or_note_defined_later_is_not_laid_out_alone() {
        for (names, defined) in [
            ("See [the guide][g].", "[g]: https://g.test"),
            ("A note[^n].", "[^n]: The note."),
            ("See [The  Guide].", "> [the guide]: https://g.test"),
            ("See [g].", "```\n[g]: inside code\n```"),
        ] {
            let body = format!("{names}\n\n{}\n{defined}\n", long("Filler", 50));
            let p = post(body.clone());
            let part = layout_first_part(
                &p,
                ReadingRates::default(),
                &Options::new(60),
                &PictureSizes::new(),
                60,
            );
            assert!(part.is_none(), "{names} / {defined}");
        }
        // Labels it does not name do not matter.
        let body = format!(
            "Plain text.\n\n{}\n[g]: https://g.test\n",
            long("Filler", 50)
        );
        assert_part_is_the_beginning(&body, 60, 60).unwrap();
    }

    #[test]
    fn a_stray_end_tag_does_not_end_a_table_the_layout_reads_whole() {
        let body = format!(
            "{}<table>\n<tr><td>\n\ntext\n</div>\n\n{}</td></tr>\n</table>\n\n{}",
            long("A", 5),
            long("B", 20),
            long("C", 20)
        );
        let (open, close) = (
            body.find("<table>").unwrap(),
            body.find("</table>").unwrap(),
        );
        let near = body.find("B 5").unwrap();
        let at = cut(&body, near).unwrap();
        assert!(
            at <= open || at > close,
            "cut at {at} inside the table {open}..{close}"
        );
        assert_part_is_the_beginning(&body, near, 40).unwrap();
    }

    #[test]
    fn a_line_cut_short_by_a_shortcode_is_left_out_whole() {
        // Read up to the shortcode, the line opens a fence; read whole, its info string holds
        // a backtick, so it is no fence and continues the paragraph above.
        let body = format!(
            "{}A paragraph\n```info {{{{< param x >}}}} `tick`\n\n{}",
            long("A", 5),
            long("B", 40)
        );
        let near = body.find("```").unwrap() + 4;
        assert_part_is_the_beginning(&body, near, 40);
        let at = cut(&body, near);
        assert!(
            at.is_none_or(|c| c <= body.find("A paragraph").unwrap()),
            "{at:?}"
        );
    }

    #[test]
    fn an_html_table_ends_the_part_before_it() {
        // Whether it is read whole depends on what follows it: Markdown begun inside it may
        // run on past its end.
        let body = format!(
            "{}<TABLE class=x>\n<tr><td>a</td></tr>\n</table>\n\n{}",
            long("A", 5),
            long("B", 40)
        );
        let at = body.find("<TABLE").unwrap();
        assert!(cut(&body, body.len() / 2).is_some_and(|c| c <= at));
        assert_eq!(first_table(b"<tables> <table>"), Some(9));
    }

    #[test]
    fn html_left_unfinished_before_the_cut_ends_the_part_before_it() {
        for unfinished in [
            "<td markdown=\"s First *stable*\n\n",
            "<!-- a comment\n\n",
            "<a href='x\n\n",
        ] {
            let body = format!(
                "{}<table>\n<tr>{unfinished}{}</td></tr>\n</table>\n\n\"'>\n\n{}",
                long("A", 5),
                long("B", 20),
                long("C", 20)
            );
            let open = body.find("<table>").unwrap();
            let near = body.find("B 5").unwrap();
            assert!(
                cut(&body, near).is_none_or(|at| at <= open),
                "{unfinished:?}"
            );
            assert_part_is_the_beginning(&body, near, 40);
        }
        assert_eq!(unfinished_markup("<b>x</b> <i a=\"1\">y"), None);
        assert_eq!(unfinished_markup("ok <i a=\"1>y"), Some(3));
    }

    #[test]
    fn a_hugo_comment_ends_the_part_before_it() {
        // A comment that closes past the cut hides text the part would otherwise show (here a
        // setext heading's underline).
        let body = format!(
            "{}{{{{/* a note\n---\n{}\n*/}}}}\n\n{}",
            long("A", 5),
            long("B", 10),
            long("C", 10)
        );
        let at = body.find("{{/*").unwrap();
        assert!(cut(&body, body.len() / 2).is_some_and(|c| c <= at));
        assert_part_is_the_beginning(&body, body.len() / 2, 60).unwrap();
    }

    #[test]
    fn a_shortcode_ends_the_part_before_it() {
        let body = format!("{}{{{{< youtube x >}}}}\n\n{}", long("A", 5), long("B", 10));
        let at = body.find("{{<").unwrap();
        assert!(cut(&body, at + 50).unwrap() <= at);
    }

    #[test]
    fn a_toc_or_a_short_post_has_no_first_part() {
        let toc = format!("* toc\n{{:toc}}\n\n{}", long("## Heading", 100));
        assert_eq!(cut(&toc, 100), None);
        assert_eq!(cut("one\n\ntwo\n", 100), None);
        let short = post(long("Short", 10));
        let options = Options::new(40);
        let none = layout_first_screen(
            &short,
            ReadingRates::default(),
            &options,
            &PictureSizes::new(),
            20,
        );
        assert_eq!(none, None);
    }

    #[test]
    fn a_long_post_has_a_first_screen_that_ends_early() {
        let body = long(
            "A paragraph that goes on for a while, 日本語の文も少し。",
            10_000,
        );
        let p = post(body.clone());
        let document = layout_first_screen(
            &p,
            ReadingRates::default(),
            &Options::new(80),
            &PictureSizes::new(),
            40,
        )
        .unwrap();
        let partial = document.partial.unwrap();
        assert!(document.rows.len() >= 40);
        assert!(partial.laid_out < 64 * 1024, "{}", partial.laid_out);
        assert_eq!(partial.body_len, body.len());
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,8}",
            "[一-龥]{1,6}",
            "[ぁ-ゖ]{1,6}",
            Just("**b**".to_string()),
            Just("[l](https://l.test)".to_string()),
            Just("[r][ref]".to_string()),
            Just("[^f]".to_string()),
            Just("`c`".to_string()),
            Just("<b>x</b>".to_string()),
            Just("$x$".to_string()),
            Just("{% if x %}".to_string()),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec(word(), 1..8).prop_map(|w| w.join(" "))
    }

    /// Blocks whose insides hold blank lines and what looks like other blocks.
    fn block() -> impl Strategy<Value = String> {
        (line(), line(), 0..18u8).prop_map(|(a, b, kind)| match kind {
            0 => format!("```\n{a}\n\n# {b}\n```"),
            1 => format!("- {a}\n\n  {b}\n- {b}"),
            2 => format!("> {a}\n>\n> {b}"),
            3 => format!("<div>\n\n{a}\n\n{b}\n\n</div>"),
            4 => format!("<details>\n<summary>{a}</summary>\n\n{b}\n\n</details>"),
            5 => format!(
                "| {} | h |\n|---|---|\n| {} | x |",
                a.replace('|', ""),
                b.replace('|', "")
            ),
            6 => format!("$$\n{a}\n$$"),
            7 => format!("{{% highlight rust %}}\n{a}\n\n{b}\n{{% endhighlight %}}"),
            8 => format!("{{% raw %}}\n{a}\n\n{b}\n{{% endraw %}}"),
            9 => format!("    {a}\n\n    {b}"),
            10 => format!("<!--\n{a}\n\n{b}\n-->"),
            11 => format!("## {a}"),
            12 => format!("[ref]: https://r.test/{}", b.len()),
            13 => format!("[^f]: {a}\n\n    {b}"),
            14 => format!("{a}\n: {b}"),
            15 => format!("{{{{< notice tip >}}}}\n{a}\n\n{b}\n{{{{< /notice >}}}}"),
            16 => "* toc\n{:toc}".to_string(),
            _ => format!("{a}\n{b}"),
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Laid out alone, the part never loses or changes a row of the whole post's
        /// beginning, wherever it is asked to end.
        #[test]
        fn a_first_part_is_the_whole_layout_s_beginning(
            blocks in proptest::collection::vec(block(), 2..12),
            near in 0usize..2000,
            width in 8usize..=120,
        ) {
            let body = blocks.join("\n\n");
            assert_part_is_the_beginning(&body, near.min(body.len()), width);
        }
    }
}
