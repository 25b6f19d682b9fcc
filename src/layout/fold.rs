//! Repeated passages folded into one row. The tree's leaf blocks go to the crate's one
//! detector ([`crate::repeats`]) in the order the emitter lays them out; each run of copies
//! it finds is then replaced, after layout, by a row in the [`Role::Fold`] role that says how
//! many blocks it hides and on which row they first appeared. Folding is a pass over rows
//! already laid out, so the unfolded rows are exactly those of a layout without folding, and
//! a fold row keeps the source offset of the text it hides (a place inside a fold resolves to
//! the fold; unfolded, to the text itself).

use std::ops::Range;

use super::flow::StyledText;
use super::tree::{Block, DetailsMark, InlineItem, SpanStyle};
use super::width::str_width;
use super::{Heading, Options, Role, Row, Span};
use crate::repeats::{BlockKind, Detector, Opening, Run, normalise_into};

/// A folded run of repeated blocks, as it stands in a [`super::Document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// The fold's own rows (one, unless the width made its label wrap).
    pub rows: Range<usize>,
    /// The row where the first of the hidden blocks first appeared; `None` in a part of a
    /// post (see [`super::part_around`]) that does not hold that row.
    pub target: Option<usize>,
    /// How many blocks it hides.
    pub blocks: usize,
    /// How many rows of the unfolded layout it stands for.
    pub hidden_rows: usize,
}

/// The runs of copies among a tree's leaf blocks, and where each top-level block's leaves
/// start in the numbering the runs use.
#[derive(Debug, Default)]
pub struct Repeats {
    pub runs: Vec<Run>,
    /// For each top-level block, the index of its first leaf block, and last the number of
    /// leaves: block `i`'s leaves are `leaf_starts[i]..leaf_starts[i + 1]`.
    pub leaf_starts: Vec<usize>,
}

/// The leaf blocks as the detector sees them, in layout order: a kind, and the inline items
/// whose text it compares (none for code, tables and rules, which never fold); and the index
/// of the first leaf of each top-level block, then their number.
fn leaves<'t>(
    tree: &'t [Block],
    options: &Options,
) -> (Vec<(BlockKind, &'t [InlineItem])>, Vec<usize>) {
    let mut out = Vec::new();
    let mut starts = Vec::with_capacity(tree.len() + 1);
    // An explicit stack: nesting is the input's to choose, so no recursion on it.
    let mut stack: Vec<(std::slice::Iter<'_, Block>, BlockKind)> =
        vec![(tree.iter(), BlockKind::Paragraph)];
    loop {
        let top_level = stack.len() == 1;
        let Some((iter, context)) = stack.last_mut() else {
            break;
        };
        let context = *context;
        let Some(block) = iter.next() else {
            stack.pop();
            continue;
        };
        if top_level {
            starts.push(out.len());
        }
        match block {
            Block::Paragraph { pieces, .. } => out.push((context, pieces.as_slice())),
            // A picture's rows are where the interface draws it: never folded away.
            Block::Image { .. } => out.push((BlockKind::Other, &[][..])),
            Block::Heading { pieces, .. } => out.push((BlockKind::Heading, pieces.as_slice())),
            Block::Code { .. } => out.push((BlockKind::Code, &[][..])),
            Block::Table { .. } | Block::Rule { .. } => out.push((BlockKind::Other, &[][..])),
            Block::Quote { blocks, .. } => stack.push((blocks.iter(), BlockKind::Quote)),
            Block::Footnote { blocks, .. } => stack.push((blocks.iter(), BlockKind::Paragraph)),
            // As the emitter draws it: the summary's row, then the blocks when it is open.
            Block::Details { blocks, number, .. } => {
                out.push((BlockKind::Other, &[][..]));
                if options.details_is_open(*number) {
                    stack.push((blocks.iter(), context));
                }
            }
            Block::DetailsMark {
                mark: DetailsMark::Summary(pieces),
                ..
            } => out.push((context, pieces.as_slice())),
            Block::DetailsMark { .. } => {}
            Block::List { items, .. } => {
                // Items are pushed last first, so the first is walked first.
                for item in items.iter().rev() {
                    stack.push((item.blocks.iter(), BlockKind::ListItem));
                }
            }
        }
    }
    starts.push(out.len());
    (out, starts)
}

/// The pieces of a block's text the detector compares: link and footnote numbers are the
/// layout's, not the author's text, and left out.
fn compared_texts(pieces: &[InlineItem]) -> impl Iterator<Item = &str> {
    pieces.iter().filter_map(|piece| match piece {
        InlineItem::Text { text, style, .. }
            if !matches!(style.role, Role::LinkRef | Role::FootnoteRef) =>
        {
            Some(text.as_str())
        }
        _ => None,
    })
}

/// Appends a block's whole text, normalised, to `out`.
fn text_into(pieces: &[InlineItem], out: &mut String) {
    for text in compared_texts(pieces) {
        normalise_into(text, out);
    }
}

/// The runs of copies among the tree's leaf blocks.
pub fn detect(tree: &[Block], options: &Options) -> Repeats {
    let (leaves, leaf_starts) = leaves(tree, options);
    let mut detector = Detector::default();
    let mut opening = Opening::default();
    for &(kind, pieces) in &leaves {
        opening.clear();
        for text in compared_texts(pieces) {
            opening.push(text);
            if opening.is_complete() {
                break;
            }
        }
        detector.push_opening(kind, opening.as_str(), |block, out| {
            text_into(leaves[block].1, out)
        });
    }
    Repeats {
        runs: detector.runs(),
        leaf_starts,
    }
}

/// Replaces the rows of each run by a fold row. `leaf_rows` are the rows each leaf block
/// took, in layout order, the first of them leaf `first_leaf` of the runs' numbering (not 0
/// in a part of a post); a run not wholly among them is left alone. `row_shift` is how many
/// rows will stand above these (the post's header), for the row number the label shows, or
/// `None` in a part, whose rows are not numbered from the top. Headings inside a fold point
/// at the fold.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    rows: Vec<Row>,
    leaf_rows: &[Range<usize>],
    first_leaf: usize,
    runs: &[Run],
    headings: &mut [Heading],
    row_shift: Option<usize>,
    width: usize,
    ambiguous_wide: bool,
) -> (Vec<Row>, Vec<Fold>) {
    let leaf = |index: usize| leaf_rows.get(index.checked_sub(first_leaf)?);
    let hidden_ranges = runs.iter().filter_map(|run| {
        let first = leaf(run.blocks.start)?;
        let last = leaf(run.blocks.end - 1)?;
        let target = leaf(run.first).map(|rows| rows.start);
        (first.start < last.end).then_some((first.start..last.end, target, run))
    });
    let mut new_index = Vec::with_capacity(rows.len());
    let mut out = Vec::with_capacity(rows.len());
    let mut folds = Vec::new();
    let mut rows = rows.into_iter().enumerate().peekable();
    for (hidden, target, run) in hidden_ranges {
        while let Some((_, row)) = rows.next_if(|(i, _)| *i < hidden.start) {
            new_index.push(out.len());
            out.push(row);
        }
        let target = target.and_then(|row| new_index.get(row).copied());
        let offset = rows.peek().map_or(0, |(_, r)| r.source_offset);
        let fold_start = out.len();
        let numbered = target.zip(row_shift).map(|(row, shift)| row + shift);
        out.extend(label_rows(run, numbered, offset, width, ambiguous_wide));
        while rows.next_if(|(i, _)| *i < hidden.end).is_some() {
            new_index.push(fold_start);
        }
        folds.push(Fold {
            rows: fold_start..out.len(),
            target,
            blocks: run.blocks.len(),
            hidden_rows: hidden.len(),
        });
    }
    for (_, row) in rows {
        new_index.push(out.len());
        out.push(row);
    }
    for heading in headings {
        if let Some(&row) = new_index.get(heading.row) {
            heading.row = row;
        }
    }
    (out, folds)
}

/// `⋯ 8 paragraphs repeated from above (row 41) — z`, wrapped to the width; without the row
/// when it is not known.
fn label_rows(
    run: &Run,
    target: Option<usize>,
    offset: usize,
    width: usize,
    ambiguous_wide: bool,
) -> Vec<Row> {
    let count = run.blocks.len();
    let noun = match (run.all_paragraphs, count) {
        (true, 1) => "paragraph",
        (true, _) => "paragraphs",
        (false, 1) => "block",
        (false, _) => "blocks",
    };
    let label = match target {
        Some(row) => format!("⋯ {count} {noun} repeated from above (row {}) — z", row + 1),
        None => format!("⋯ {count} {noun} repeated from above — z"),
    };
    let width = width.max(2);
    // Most labels fit: a post assembled from drafts can have thousands of folds, and line
    // breaking each label cost more than detecting the repeats.
    if str_width(&label, ambiguous_wide) <= width {
        return vec![Row {
            spans: vec![Span {
                text: label,
                role: Role::Fold,
                inline: Default::default(),
            }],
            source_offset: offset,
            scrolls_from: None,
        }];
    }
    let flow = StyledText::new(&[InlineItem::text(
        label,
        SpanStyle::plain(Role::Fold),
        offset,
    )]);
    flow.rows(width, width, ambiguous_wide)
        .into_iter()
        .map(|row| Row {
            spans: row.spans,
            source_offset: offset,
            scrolls_from: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Document, Options, layout_markdown};
    use crate::repeats::normalise;
    use proptest::prelude::*;

    /// Paragraph `n`: distinct from every other, long enough to fold, and wrapping over
    /// several rows at most widths.
    fn paragraph(n: usize) -> String {
        format!(
            "第{n}段落。これは折り畳みの検査に使う文章で、どの段落とも違う番号{n}を持ち、閾値より十分に長い。Paragraph {n} ends here."
        )
    }

    fn lay(order: &[usize], width: usize, fold: bool) -> Document {
        let body: Vec<String> = order.iter().map(|&n| paragraph(n)).collect();
        let options = Options {
            fold_repeats: fold,
            ..Options::new(width)
        };
        layout_markdown(&body.join("\n\n"), &options)
    }

    #[test]
    fn a_run_of_copies_becomes_one_row_naming_its_size_and_first_row() {
        let doc = lay(&[0, 1, 2, 0, 1, 3], 200, true);
        let texts: Vec<String> = doc.rows.iter().map(|r| r.text()).collect();
        assert_eq!(texts.len(), 9, "{texts:#?}");
        assert_eq!(texts[6], "⋯ 2 paragraphs repeated from above (row 1) — z");
        assert_eq!(doc.folds.len(), 1);
        assert_eq!(doc.folds[0].target, Some(0));
        assert_eq!(doc.fold_at(6).map(|f| f.blocks), Some(2));
        assert!(doc.fold_at(5).is_none() && doc.fold_at(7).is_none());
        assert!(
            doc.rows[6]
                .spans
                .iter()
                .all(|s| s.role == super::Role::Fold)
        );
    }

    #[test]
    fn without_folding_the_layout_is_unchanged() {
        let order = [0, 1, 0, 1, 2];
        let body: Vec<String> = order.iter().map(|&n| paragraph(n)).collect();
        let plain = layout_markdown(&body.join("\n\n"), &Options::new(30));
        assert_eq!(lay(&order, 30, false), plain);
        assert!(plain.folds.is_empty());
    }

    #[test]
    fn short_repeated_lines_and_code_stay_unfolded() {
        let src = "---END---\n\n続く\n\n```\nlet x = compute_a_long_value(one, two, three);\n```\n\n---END---\n\n続く\n\n```\nlet x = compute_a_long_value(one, two, three);\n```";
        let options = Options {
            fold_repeats: true,
            ..Options::new(40)
        };
        assert!(layout_markdown(src, &options).folds.is_empty());
    }

    #[test]
    fn a_heading_named_in_the_table_of_contents_is_not_folded() {
        let title = "長い見出しはそのまま目次にも載るので、本文の見出しと同じ文字列が二度現れることになります";
        let src = format!("- [{title}](#section)\n\n## {title}\n\n{}", paragraph(1));
        let options = Options {
            fold_repeats: true,
            ..Options::new(60)
        };
        assert!(layout_markdown(&src, &options).folds.is_empty());
    }

    #[test]
    fn copies_inside_lists_and_quotes_fold_too() {
        let p = paragraph(7);
        let src = format!("- {p}\n\n> {p}\n\n{p}");
        let options = Options {
            fold_repeats: true,
            ..Options::new(60)
        };
        let doc = layout_markdown(&src, &options);
        assert_eq!(doc.folds.len(), 1, "{:#?}", doc.rows);
        assert_eq!(doc.folds[0].blocks, 2);
        assert!(
            doc.rows[doc.folds[0].rows.start]
                .text()
                .contains("2 blocks")
        );
    }

    #[test]
    fn a_place_inside_a_folded_copy_resolves_to_the_fold_and_unfolded_to_the_copy() {
        let order = [0, 1, 2, 1, 3];
        let folded = lay(&order, 24, true);
        let unfolded = lay(&order, 24, false);
        let copy_row = unfolded
            .rows
            .iter()
            .rposition(|r| r.text().starts_with("第1段落"))
            .unwrap();
        // A place a few rows into the copy, as a resize or a resume remembers it.
        let place = unfolded.rows[copy_row + 2].source_offset;
        let fold = &folded.folds[0];
        assert_eq!(folded.row_at_offset(place), fold.rows.start);
        assert_eq!(unfolded.row_at_offset(place), copy_row + 2);
        // The text after the fold is found at the same text either way.
        let after = unfolded
            .rows
            .iter()
            .position(|r| r.text().starts_with("第3段落"))
            .unwrap();
        let offset = unfolded.rows[after].source_offset;
        assert!(
            folded.rows[folded.row_at_offset(offset)]
                .text()
                .starts_with("第3段落")
        );
    }

    proptest! {
        /// N distinct paragraphs with some repeated anywhere (in runs, interleaved): the folds
        /// hide exactly the later copies, nothing that appears once is hidden, and putting each
        /// fold's rows back gives the unfolded layout row for row.
        #[test]
        fn folds_hide_exactly_the_later_copies_and_lose_no_text(
            order in proptest::collection::vec(0usize..10, 1..30),
            width in 8usize..120,
        ) {
            let folded = lay(&order, width, true);
            let unfolded = lay(&order, width, false);
            let mut seen = std::collections::HashSet::new();
            let copies: Vec<usize> =
                order.iter().copied().filter(|n| !seen.insert(*n)).collect();
            let folded_blocks: usize = folded.folds.iter().map(|f| f.blocks).sum();
            prop_assert_eq!(folded_blocks, copies.len());

            let mut hidden_text = String::new();
            let mut u = 0;
            let mut f = 0;
            while f < folded.rows.len() {
                if let Some(fold) = folded.fold_at(f) {
                    for row in &unfolded.rows[u..u + fold.hidden_rows] {
                        hidden_text.push_str(&row.text());
                    }
                    u += fold.hidden_rows;
                    f = fold.rows.end;
                    continue;
                }
                prop_assert_eq!(&folded.rows[f], &unfolded.rows[u]);
                f += 1;
                u += 1;
            }
            prop_assert_eq!(u, unfolded.rows.len());
            let expected: String = copies.iter().map(|&n| normalise(&paragraph(n))).collect();
            prop_assert_eq!(normalise(&hidden_text), expected);
        }
    }
}
