//! A part of a long post laid out around a place deep in it: its end for `G`, or a place the
//! reader remembered. Its rows are the whole layout's rows for the blocks it holds, so that
//! `G` or a resume deep in a 5 MB post shows its screen without waiting for the whole post to
//! be laid out (the reader's worker does that meanwhile).
//!
//! The whole body is read (parsed into blocks), which is what numbers its links and notes and
//! resolves every reference, wherever it is defined; only the top-level blocks around the
//! place are laid out, which is most of a whole layout's cost. Between top-level blocks the
//! layout keeps nothing but the rows themselves, so a top-level block's rows do not depend
//! on where the layout started. Two things do, and a part gives way to the whole layout
//! when either could show:
//! - a repeated passage folded into one row (see [`super::fold`]), whose label names the row,
//!   counted from the post's top, where the passage first appeared: no part is laid out when
//!   a fold would fall among its blocks;
//! - code highlighting, which stops after a budget spent from the top: a part spends its own,
//!   so in a post with more code above it than the budget it may show a block in colour that
//!   the whole layout leaves plain. Only the colours differ, never the rows.

use super::{Document, Options, ParsedBody, Partial, PictureSizes, Row, fold, header};
use crate::layout::first_part::LONG_POST_BYTES;
use crate::model::Post;

/// The least a part reaches on either side of its place, in bytes of the body.
const LEAST_REACH_BYTES: usize = 8 * 1024;

/// Where in a post a part is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The row holding this byte of the body, at the top of the screen.
    At(usize),
    /// The end of the post, at the bottom of the screen.
    End,
}

/// Lays out the part of a long `post` around `place` for a screen `height` rows tall at
/// `options.width`: from the top-level block holding the place (for the end, from one a
/// couple of screens above it) to a couple of screens past it, with [`Document::partial`]
/// saying which bytes it holds. `None` when the post is not longer than [`LONG_POST_BYTES`],
/// when the part would start at the post's top (its first part is the one to show) or hold
/// the whole post, or when a folded repeat would fall in it (or, folding, the loader found
/// repeats in the post at all).
pub fn layout_part_around(
    post: &Post,
    options: &Options,
    sizes: &PictureSizes,
    place: Place,
    height: usize,
) -> Option<Document> {
    let body = post.body.as_str();
    if body.len() <= LONG_POST_BYTES {
        return None;
    }
    // Copies the loader found mean folds somewhere, most likely among the blocks of a part
    // (a post assembled from drafts repeats all along): not worth reading the post to see.
    if options.fold_repeats && post.repeats.chars > 0 {
        return None;
    }
    let param = |name: &str| post.param(name);
    let parsed = ParsedBody::parse(body, &param, &header::link_targets(post), true, options);
    let starts = block_starts(&parsed);
    let count = parsed.tree.len();
    let height = height.max(1);
    // A screen's cells, three bytes a cell (as a first part estimates it), on each side.
    let mut reach = (options.width.max(2) * height * 3 * 2).max(LEAST_REACH_BYTES);
    let mut runs = None;
    loop {
        let (first, end) = match place {
            Place::At(at) => (
                last_start_at_or_before(&starts, at),
                first_start_after(&starts, at.saturating_add(reach)),
            ),
            Place::End => (
                last_start_at_or_before(&starts, body.len().saturating_sub(reach)),
                None,
            ),
        };
        let (first, from) = first?;
        let (end, laid_out) = end.unwrap_or((count, body.len()));
        let to_end = end == count;
        // The repeats are found in the whole tree, once, beside the first layout.
        let detect = || match (&runs, options.fold_repeats) {
            (None, true) => fold::detect(&parsed.tree, options),
            _ => Vec::new(),
        };
        let mut laid = parsed.lay_out(first..end, options, sizes, to_end, detect);
        let runs = runs.get_or_insert_with(|| std::mem::take(&mut laid.runs));
        let rows = &laid.emitter.rows;
        let enough = match place {
            Place::At(at) => to_end || rows_from(&parsed, rows, at) >= height * 2,
            Place::End => rows.len() >= height * 2,
        };
        if !enough {
            reach = reach.checked_mul(2)?;
            if reach > body.len() {
                return None;
            }
            continue;
        }
        let leaves_before = fold::leaf_count(&parsed.tree[..first], options);
        let leaves =
            leaves_before..leaves_before + fold::leaf_count(&parsed.tree[first..end], options);
        if runs
            .iter()
            .any(|run| run.blocks.start < leaves.end && leaves.start < run.blocks.end)
        {
            return None;
        }
        laid.runs = Vec::new();
        let mut document = parsed.finish(laid, options, 0);
        document.partial = Some(Partial {
            from,
            laid_out,
            body_len: body.len(),
        });
        return Some(document);
    }
}

/// The top-level blocks a part may start or end at, in order: each block's index and where
/// it starts in the body as written. The first block is left out (a part from there is the
/// first part), and so are blocks laid out where they are not written (the notes at the end,
/// gathered from wherever they were defined): a part starts and ends only where the blocks
/// before it are all written before it.
fn block_starts(parsed: &ParsedBody) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut latest = 0;
    for index in 0..parsed.tree.len() {
        let start = parsed.block_start(index);
        if start >= latest && index > 0 {
            starts.push((index, start));
        }
        latest = latest.max(start);
    }
    starts
}

/// The last block of `starts` starting at or before `at`.
fn last_start_at_or_before(starts: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    let after = starts.partition_point(|&(_, start)| start <= at);
    after.checked_sub(1).map(|i| starts[i])
}

/// The first block of `starts` starting after `at`.
fn first_start_after(starts: &[(usize, usize)], at: usize) -> Option<(usize, usize)> {
    let after = starts.partition_point(|&(_, start)| start <= at);
    starts.get(after).copied()
}

/// How many of `rows` (laid out, their offsets still in the expanded text) stand from the
/// one holding body byte `at` on.
fn rows_from(parsed: &ParsedBody, rows: &[Row], at: usize) -> usize {
    let holding = rows.partition_point(|row| parsed.expanded.source(row.source_offset) <= at);
    rows.len() - holding.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout_post;
    use crate::model::ReadingRates;

    fn post(body: &str) -> Post {
        Post::for_test("long.md", "Long", body)
    }

    /// Over 256 KB of the blocks a post is made of, numbered so that no two repeat: headings,
    /// Japanese and English paragraphs with emphasis, inline and reference links and notes
    /// (defined at the top, in the middle and at the end), lists, quotes, code, tables, rules,
    /// `<details>` and pictures.
    fn varied_body() -> String {
        let mut body = String::from("[top]: https://top.test\n\nOpening with [a link][end].\n\n");
        let mut n = 0;
        while body.len() < LONG_POST_BYTES + 150_000 {
            n += 1;
            let block = match n % 11 {
                0 => format!("## 見出し {n}\n"),
                1 => format!(
                    "日本語の段落 {n} は**「強調」**の後で、句読点が行頭に来ないように折り返されます。\
                     長い文章が続きます。長い文章が続きます。{n}\n"
                ),
                2 => format!(
                    "English paragraph {n} with *emphasis*, `code`, [an inline link](https://x.test/{n}) \
                     and [a reference][top], long enough to wrap over a row or two at most widths.\n"
                ),
                3 => format!("- item {n} one\n- item {n} two\n  - nested {n}\n"),
                4 => format!("> quoted {n}\n>\n> - a list {n} in a quote\n"),
                5 => format!("```rust\nfn f{n}() {{ let x = {n}; }}\n```\n"),
                6 => format!("| a {n} | b |\n| --- | --- |\n| 1 | {n} |\n"),
                7 => format!("A note[^n{n}] in paragraph {n}.\n\n[^n{n}]: The note {n}.\n"),
                8 => {
                    format!("<details>\n<summary>More {n}</summary>\n\nInside {n}.\n\n</details>\n")
                }
                9 => format!("![A picture {n}](p{n}.png)\n\n---\n"),
                _ => format!(
                    "1. first {n}\n2. second [mid][mid{n}]\n\n[mid{n}]: https://mid.test/{n}\n"
                ),
            };
            body.push_str(&block);
            body.push('\n');
        }
        body.push_str("The last paragraph, with [the end link][end].\n\n[end]: https://end.test\n");
        body
    }

    /// The part's rows are the whole layout's rows from some row on, row for row, offsets and
    /// roles included; and its links are the whole's. Returns the part.
    fn assert_part_of_whole(body: &str, place: Place, width: usize, height: usize) -> Document {
        let p = post(body);
        let options = Options::new(width);
        let part = layout_part_around(&p, &options, &PictureSizes::new(), place, height)
            .expect("a part around the place");
        let whole = layout_post(&p, ReadingRates::default(), &options);
        let n = part.rows.len();
        let partial = part.partial.expect("a part says so");
        let first = part.rows[0].source_offset;
        assert!(first >= partial.from, "{first} from {}", partial.from);
        let start = match place {
            Place::End => whole.rows.len() - n,
            Place::At(_) => whole
                .rows
                .iter()
                .enumerate()
                .position(|(i, r)| {
                    r.source_offset == first && whole.rows.get(i..i + n) == Some(&part.rows[..])
                })
                .expect("the part's rows are found in the whole's"),
        };
        assert_eq!(
            part.rows,
            whole.rows[start..start + n],
            "{place:?} at {width}"
        );
        assert_eq!(part.links, whole.links);
        if let Place::At(at) = place {
            assert!(partial.holds(at), "{partial:?} holds {at}");
            let from = part.rows.partition_point(|r| r.source_offset <= at) - 1;
            assert!(
                partial.reaches_end() || part.rows.len() - from >= height * 2,
                "two screens from the place"
            );
        } else {
            assert!(partial.reaches_end());
            assert!(part.rows.len() >= height * 2);
        }
        part
    }

    #[test]
    fn a_part_at_the_end_is_the_whole_layouts_end() {
        let body = varied_body();
        for width in [20, 60, 100, 200] {
            assert_part_of_whole(&body, Place::End, width, 30);
        }
    }

    #[test]
    fn a_part_around_a_place_is_the_whole_layouts_rows_there() {
        let body = varied_body();
        for fraction in [3, 5, 7, 9] {
            let at = body.len() * fraction / 10;
            for width in [20, 60, 100] {
                assert_part_of_whole(&body, Place::At(at), width, 30);
            }
        }
    }

    #[test]
    fn no_part_for_a_short_post_or_a_place_near_the_top() {
        let options = Options::new(60);
        let short = post("Short.\n\nPost.\n");
        assert!(
            layout_part_around(&short, &options, &PictureSizes::new(), Place::End, 30).is_none()
        );
        let long = post(&varied_body());
        assert!(
            layout_part_around(&long, &options, &PictureSizes::new(), Place::At(10), 30).is_none(),
            "the first part is the one to show"
        );
    }

    #[test]
    fn no_part_where_a_repeat_would_fold() {
        let body = varied_body();
        let repeated = "繰り返される段落。この段落は前にも出てきた文章とまったく同じ内容で、折りたたまれるべきものです。";
        let body = format!("{repeated}\n\n{body}\n{repeated}\n\nThe end.\n");
        let p = post(&body);
        let mut options = Options::new(60);
        options.fold_repeats = true;
        assert!(
            !crate::layout::layout_post(&p, ReadingRates::default(), &options)
                .folds
                .is_empty()
        );
        assert!(layout_part_around(&p, &options, &PictureSizes::new(), Place::End, 30).is_none());
        // Far from the fold, a part is laid out.
        let at = body.len() / 2;
        assert!(
            layout_part_around(&p, &options, &PictureSizes::new(), Place::At(at), 30).is_some()
        );
    }
}
