//! A part of a long post laid out around a place deep in it: its end for `G`, or a place the
//! reader remembered. Its rows are the whole layout's rows for the blocks it holds, so that
//! `G` or a resume deep in a 5 MB post shows its screen without waiting for the whole post to
//! be laid out (the reader's worker does that meanwhile).
//!
//! The whole body is read (parsed into blocks), which is what numbers its links and notes and
//! resolves every reference, wherever it is defined; only the top-level blocks around the
//! place are laid out, which is most of a whole layout's cost. Between top-level blocks the
//! layout keeps nothing but the rows themselves, so a top-level block's rows do not depend
//! on where the layout started. Two things do:
//! - a repeated passage folded into one row (see [`super::fold`]). The repeats are found in
//!   the whole post, and a part is widened until no run of copies crosses its edges, so it
//!   folds what the whole layout folds; but the label's row where the passage first appeared
//!   counts rows from the post's top, which a part does not know. Its labels leave the row
//!   out (and may take a row less where they wrap) until the whole layout lands;
//! - code highlighting, which stops after a budget spent from the top: a part spends its own,
//!   so in a post with more code above it than the budget it may show a block in colour that
//!   the whole layout leaves plain. Only the colours differ, never the rows.

use super::{Document, Options, ParsedBody, Partial, PictureSizes, fold, header};
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
/// or when the part would start at the post's top (its first part is the one to show) or
/// hold the whole post.
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
    let param = |name: &str| post.param(name);
    let parsed = ParsedBody::parse(body, &param, &header::link_targets(post), true, options);
    let starts = block_starts(&parsed);
    let count = parsed.tree.len();
    let height = height.max(1);
    // A screen's cells, three bytes a cell (as a first part estimates it), on each side.
    let mut reach = (options.width.max(2) * height * 3 * 2).max(LEAST_REACH_BYTES);
    let mut repeats: Option<fold::Repeats> = None;
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
        let (mut first, _) = first?;
        let mut end = end.map_or(count, |(index, _)| index);
        if let Some(repeats) = &repeats {
            (first, end) = around_runs(repeats, &starts, first, end)?;
        }
        let to_end = end == count;
        // The repeats are found in the whole tree, once, beside the first layout.
        let detect = || match (&repeats, options.fold_repeats) {
            (None, true) => fold::detect(&parsed.tree, options),
            _ => fold::Repeats::default(),
        };
        let mut laid = parsed.lay_out(first..end, options, sizes, to_end, detect);
        let found = repeats.get_or_insert_with(|| std::mem::take(&mut laid.repeats));
        if around_runs(found, &starts, first, end)? != (first, end) {
            // A run of copies crosses the part's edges: lay out the part that holds it.
            continue;
        }
        if !found.runs.is_empty() {
            laid.repeats.runs = found.runs.clone();
            laid.first_leaf = found.leaf_starts[first];
        }
        let mut document = parsed.finish(laid, options, None);
        // Counted folded: a run of copies may fold many screens into a row.
        let rows = &document.rows;
        let enough = match place {
            Place::At(at) => {
                to_end || rows.len() - rows.partition_point(|r| r.source_offset <= at) >= height * 2
            }
            Place::End => rows.len() >= height * 2,
        };
        if !enough {
            reach = reach.checked_mul(2)?;
            if reach > body.len() {
                return None;
            }
            continue;
        }
        document.partial = Some(Partial {
            from: parsed.block_start(first),
            laid_out: if to_end {
                body.len()
            } else {
                parsed.block_start(end)
            },
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

/// The blocks `first..end` widened until no run of copies crosses their edges: `first` one
/// of `starts`, `end` one of them or the number of blocks. `None` when the widened part would
/// have to start at the top.
fn around_runs(
    repeats: &fold::Repeats,
    starts: &[(usize, usize)],
    mut first: usize,
    mut end: usize,
) -> Option<(usize, usize)> {
    let fold::Repeats { runs, leaf_starts } = repeats;
    if runs.is_empty() {
        return Some((first, end));
    }
    // The block holding leaf `leaf`.
    let block_of = |leaf: usize| leaf_starts.partition_point(|&start| start <= leaf) - 1;
    let count = leaf_starts.len() - 1;
    loop {
        let (low, high) = (leaf_starts[first], leaf_starts[end]);
        let crossing = |edge: usize| {
            let after = runs.partition_point(|run| run.blocks.end <= edge);
            runs.get(after).filter(|run| run.blocks.start < edge)
        };
        if let Some(run) = crossing(low) {
            let holding = block_of(run.blocks.start);
            let at = starts.partition_point(|&(index, _)| index <= holding);
            first = starts[at.checked_sub(1)?].0;
        } else if let Some(run) = crossing(high) {
            let holding = block_of(run.blocks.end - 1);
            let at = starts.partition_point(|&(index, _)| index <= holding);
            end = starts.get(at).map_or(count, |&(index, _)| index);
        } else {
            return Some((first, end));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout_post;
    use crate::layout::{Role, Row};
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

    /// A paragraph copied all along the post, long enough to fold.
    fn copied(n: usize) -> String {
        format!(
            "写された段落 {n}。この段落は記事の先頭にあり、あとで何度も貼り直されるので、読む人には折り畳んで見せるべきものです。"
        )
    }

    /// The varied body with copies of three paragraphs from its top all along it (one run of
    /// three copies every few blocks), and a run of hundreds of copies in the middle and at
    /// the end, longer than a part reaches.
    fn body_with_repeats() -> (String, usize) {
        let originals: String = (0..3).map(|n| copied(n) + "\n\n").collect();
        let long_run = originals.repeat(150);
        let varied = varied_body();
        let mut body = originals.clone();
        let mut middle = 0;
        for (i, block) in varied.split("\n\n").enumerate() {
            body.push_str(block);
            body.push_str("\n\n");
            if i % 23 == 22 {
                body.push_str(&originals);
            }
            if middle == 0 && body.len() > varied.len() / 2 {
                middle = body.len() + long_run.len() / 2;
                body.push_str(&long_run);
            }
        }
        body.push_str(&long_run);
        (body, middle)
    }

    /// The rows with each fold's label (its rows joined, the row it names left out) in one.
    fn unwrapped(rows: &[Row]) -> Vec<(String, usize, bool)> {
        let mut out: Vec<(String, usize, bool)> = Vec::new();
        let mut in_fold = false;
        for row in rows {
            let fold = row.spans.iter().any(|s| s.role == Role::Fold);
            match out.last_mut() {
                Some(last) if fold && in_fold => last.0.push_str(&row.text()),
                _ => out.push((row.text(), row.source_offset, fold)),
            }
            in_fold = fold;
        }
        for (text, _, fold) in &mut out {
            if *fold {
                // Wrapped, a label loses the spaces it broke at.
                text.retain(|c| c != ' ');
                if let Some(at) = text.find("(row") {
                    let close = at + text[at..].find(')').expect("a closed row number");
                    text.replace_range(at..=close, "");
                }
            }
        }
        out
    }

    #[test]
    fn a_part_folds_the_copies_the_whole_layout_folds() {
        let (body, middle) = body_with_repeats();
        let p = post(&body);
        for width in [20, 60, 100, 200] {
            let mut options = Options::new(width);
            options.fold_repeats = true;
            let whole = layout_post(&p, ReadingRates::default(), &options);
            let whole_rows = unwrapped(&whole.rows);
            for place in [Place::End, Place::At(middle), Place::At(body.len() / 3)] {
                let part = layout_part_around(&p, &options, &PictureSizes::new(), place, 30)
                    .expect("a part around the place");
                assert!(!part.folds.is_empty(), "{place:?} at {width}: folds");
                let rows = unwrapped(&part.rows);
                let start = whole_rows
                    .windows(rows.len())
                    .position(|window| window == rows.as_slice())
                    .unwrap_or_else(|| panic!("{place:?} at {width}: the part is in the whole"));
                // Each fold hides what the whole's fold at the same place hides.
                for fold in &part.folds {
                    let offset = part.rows[fold.rows.start].source_offset;
                    let same = whole
                        .folds
                        .iter()
                        .find(|f| whole.rows[f.rows.start].source_offset == offset)
                        .expect("the whole folds there too");
                    assert_eq!(
                        (fold.blocks, fold.hidden_rows),
                        (same.blocks, same.hidden_rows)
                    );
                    if let Some(target) = fold.target {
                        assert_eq!(
                            part.rows[target].source_offset,
                            whole.rows[same.target.unwrap()].source_offset
                        );
                    }
                }
                let partial = part.partial.expect("a part says so");
                match place {
                    Place::End => assert_eq!(start + rows.len(), whole_rows.len()),
                    Place::At(at) => {
                        assert!(partial.holds(at), "{partial:?} holds {at}");
                        let rest = part.rows.iter().filter(|r| r.source_offset > at).count();
                        assert!(partial.reaches_end() || rest >= 60, "two screens");
                    }
                }
            }
        }
    }
}
