//! `<details>`: folded to its summary in the reader, where Enter on it opens it, and open in
//! `--print`. Its HTML may be one block (`<details><summary>A</summary>text</details>`) or
//! stand around Markdown (`<details>`, blank line, Markdown, blank line, `</details>`): the HTML
//! leaves marks where the element opens, where its summary is and where it closes
//! ([`Block::DetailsMark`]), and [`group`] gathers the blocks between into one
//! [`Block::Details`] per container, nested ones included, without recursing.

use super::tree::{Block, DetailsMark, InlineItem, SpanStyle};
use super::{Inline, Role};

/// Deepest `<details>` nesting gathered; deeper marks stay marks (they draw their summary).
const MAX_NESTING: usize = 32;

/// The summary a `<details>` without one shows, as browsers do.
const NO_SUMMARY: &str = "Details";

/// A `<details>` being gathered: where it opened, its summary, its blocks so far.
type Open = (usize, Option<Vec<InlineItem>>, Vec<Block>);

/// `blocks` with each `<details>` mark and what follows it up to its closing mark gathered into
/// a [`Block::Details`], numbered from `*next` on. A closing mark with nothing open goes; an
/// opening mark never closed gives its blocks back as they were.
pub fn group(blocks: Vec<Block>, next: &mut usize) -> Vec<Block> {
    if !blocks
        .iter()
        .any(|b| matches!(b, Block::DetailsMark { .. }))
    {
        return blocks;
    }
    // The blocks of the container, then one level per open `<details>`: where it opened,
    // its summary and its blocks so far.
    let mut outer: Vec<Block> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    for block in blocks {
        let target =
            |open: &mut Vec<Open>, outer: &mut Vec<Block>, block: Block| match open.last_mut() {
                Some((_, _, blocks)) => blocks.push(block),
                None => outer.push(block),
            };
        match block {
            Block::DetailsMark {
                mark: DetailsMark::Open,
                offset,
            } if open.len() < MAX_NESTING => open.push((offset, None, Vec::new())),
            Block::DetailsMark {
                mark: DetailsMark::Summary(pieces),
                offset,
            } => match open.last_mut() {
                Some((_, summary @ None, blocks)) if blocks.is_empty() => *summary = Some(pieces),
                _ => target(
                    &mut open,
                    &mut outer,
                    Block::DetailsMark {
                        mark: DetailsMark::Summary(pieces),
                        offset,
                    },
                ),
            },
            Block::DetailsMark {
                mark: DetailsMark::Close,
                ..
            } => {
                if let Some((offset, summary, blocks)) = open.pop() {
                    let number = *next;
                    *next += 1;
                    let details = Block::Details {
                        summary: summary.unwrap_or_else(|| default_summary(offset)),
                        blocks,
                        number,
                        offset,
                    };
                    target(&mut open, &mut outer, details);
                }
            }
            block => target(&mut open, &mut outer, block),
        }
    }
    // Never closed: what followed the mark is given back in place.
    while let Some((offset, summary, blocks)) = open.pop() {
        let mut back = Vec::new();
        if let Some(pieces) = summary {
            back.push(Block::DetailsMark {
                mark: DetailsMark::Summary(pieces),
                offset,
            });
        }
        back.extend(blocks);
        match open.last_mut() {
            Some((_, _, blocks)) => blocks.extend(back),
            None => outer.extend(back),
        }
    }
    outer
}

fn default_summary(offset: usize) -> Vec<InlineItem> {
    vec![InlineItem::text(
        NO_SUMMARY,
        SpanStyle {
            role: Role::Body,
            inline: Inline {
                strong: true,
                ..Inline::default()
            },
        },
        offset,
    )]
}

#[cfg(test)]
mod tests {
    use crate::layout::{Options, row_texts};

    #[test]
    fn html_around_markdown_is_one_details_block() {
        let src = "<details>\n<summary>More</summary>\n\nInside *text*.\n\n</details>\n\nAfter.\n";
        assert_eq!(row_texts(src, 40), ["More", "Inside text.", "", "After."]);
        let folded = Options {
            fold_details: true,
            ..Options::new(40)
        };
        let doc = crate::layout::layout_markdown(src, &folded);
        let rows: Vec<String> = doc.rows.iter().map(|r| r.text()).collect();
        assert_eq!(rows, ["▸ More", "", "After."]);
        assert_eq!(doc.details.len(), 1);
        let open = Options {
            details_open: 1 << doc.details[0].number,
            ..folded
        };
        let doc = crate::layout::layout_markdown(src, &open);
        let rows: Vec<String> = doc.rows.iter().map(|r| r.text()).collect();
        assert_eq!(rows, ["▾ More", "Inside text.", "", "After."]);
    }

    #[test]
    fn details_in_one_html_block_and_nested_details_fold_one_by_one() {
        let src = "<details><summary>Outer</summary><p>a</p><details><summary>Inner</summary><p>b</p></details></details>\n";
        let layout = |open: u64| {
            let options = Options {
                fold_details: true,
                details_open: open,
                ..Options::new(40)
            };
            let doc = crate::layout::layout_markdown(src, &options);
            doc.rows.iter().map(|r| r.text()).collect::<Vec<_>>()
        };
        assert_eq!(layout(0), ["▸ Outer"]);
        let outer = {
            let doc = crate::layout::layout_markdown(
                src,
                &Options {
                    fold_details: true,
                    ..Options::new(40)
                },
            );
            doc.details[0].number
        };
        let opened = layout(1 << outer);
        assert!(opened.contains(&"▸ Inner".to_string()), "{opened:?}");
        assert!(opened.iter().any(|r| r == "a"), "{opened:?}");
        assert!(!opened.iter().any(|r| r == "b"), "{opened:?}");
    }

    #[test]
    fn an_unclosed_details_gives_its_text_back() {
        let rows = row_texts("<details><summary>S</summary>\n\nText.\n", 40);
        assert!(rows.iter().any(|r| r.contains('S')), "{rows:?}");
        assert!(rows.iter().any(|r| r.contains("Text.")), "{rows:?}");
        let rows = row_texts("</details>\n\nText.\n", 40);
        assert!(rows.iter().any(|r| r.contains("Text.")), "{rows:?}");
    }
}
