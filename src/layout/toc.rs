//! kramdown's table of contents: a one-item list (`* toc`) followed by `{:toc}` stands for a
//! list of the post's headings, drawn where the marker stands; a heading followed by
//! `{:.no_toc}` is left out of it. The marker lines themselves are hidden by
//! [`super::liquid`] before parsing, so these read the body as written.

use super::Role;
use super::tree::{Block, InlineItem, Item, SpanStyle};

/// Whether a list, `written` as the author wrote it, with these items, is the `{:toc}` marker:
/// a one-item list followed by `{:toc}`, whatever the item says (kramdown's own example reads
/// "it doesn't matter what you write here"; `* toc` and `* 目次` alike).
pub fn is_marker(written: &str, items: &[Item]) -> bool {
    matches!(items, [item] if matches!(item.blocks.as_slice(), [Block::Paragraph { .. }]))
        && attribute_lists(written).any(|list| list.split_whitespace().eq([":toc"]))
}

/// Whether the text after a heading opens with the `{:.no_toc}` (or `{: .no_toc}`) line.
pub fn leaves_out(after: &str) -> bool {
    let next = after.trim_start_matches([' ', '\t', '\r', '\n']);
    let line = next.lines().next().unwrap_or("");
    line.trim_start().starts_with("{:")
        && attribute_lists(line).any(|list| {
            list.trim_start_matches(':')
                .split_whitespace()
                .any(|w| w == ".no_toc")
        })
}

/// The language a kramdown attribute list on the line after a code block names
/// (`{: .language-ruby}`, `{:.language-ruby .numbered}`, `{: lang="ruby"}`).
pub fn language_after(after: &str) -> Option<String> {
    let line = after.trim_start_matches(['\r', '\n']).lines().next()?;
    if !line.trim_start().starts_with("{:") {
        return None;
    }
    attribute_lists(line).find_map(|list| {
        list.trim_start_matches(':')
            .split_whitespace()
            .find_map(|w| {
                let lang = w
                    .strip_prefix(".language-")
                    .or_else(|| w.strip_prefix("lang=").map(|l| l.trim_matches(['"', '\''])))?;
                (!lang.is_empty()).then(|| lang.to_string())
            })
    })
}

/// The insides of the `{…}` groups in `text`.
fn attribute_lists(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(inside, _)| inside))
}

/// The contents: a list of the headings among `blocks` (outside those at `left_out`
/// offsets), nested by level, their words without link or footnote marks.
pub fn contents(blocks: &[Block], left_out: &[usize], start: Option<u64>, offset: usize) -> Block {
    // Open lists, outermost first, each with the level of its items.
    let mut open: Vec<(u8, Vec<Item>)> = Vec::new();
    let close = |open: &mut Vec<(u8, Vec<Item>)>| {
        let (_, items) = open.pop()?;
        let list = Block::List {
            start,
            loose: false,
            items,
            offset,
        };
        match open.last_mut().and_then(|(_, items)| items.last_mut()) {
            Some(parent) => {
                parent.blocks.push(list);
                None
            }
            None => Some(list),
        }
    };
    for block in blocks {
        let Block::Heading {
            level,
            pieces,
            offset: at,
            ..
        } = block
        else {
            continue;
        };
        if left_out.contains(at) {
            continue;
        }
        while open.len() > 1 && open.last().is_some_and(|(l, _)| l > level) {
            close(&mut open);
        }
        if open.last().is_none_or(|(l, _)| l < level) {
            open.push((*level, Vec::new()));
        }
        let words = pieces
            .iter()
            .filter_map(|p| match p {
                InlineItem::Text { style, .. }
                    if matches!(style.role, Role::LinkRef | Role::FootnoteRef) =>
                {
                    None
                }
                // The entry stands where the marker does: its rows carry the marker's offset,
                // not the heading's further down, or every row after the contents would be
                // taken to come from past the last heading (offsets only grow).
                InlineItem::Text { text, style, .. } => Some(InlineItem::text(
                    text.clone(),
                    SpanStyle {
                        role: Role::Body,
                        inline: style.inline,
                    },
                    offset,
                )),
                InlineItem::SoftBreak { .. } => Some(InlineItem::SoftBreak { offset }),
                InlineItem::HardBreak { .. } => Some(InlineItem::HardBreak { offset }),
            })
            .collect();
        if let Some((_, items)) = open.last_mut() {
            items.push(Item {
                task: None,
                blocks: vec![Block::Paragraph {
                    pieces: words,
                    offset,
                }],
                offset,
            });
        }
    }
    let mut list = None;
    while !open.is_empty() {
        list = close(&mut open).or(list);
    }
    list.unwrap_or(Block::Paragraph {
        pieces: Vec::new(),
        offset,
    })
}

#[cfg(test)]
mod tests {
    use crate::layout::{Options, layout_markdown};

    fn rows(src: &str) -> Vec<String> {
        let doc = layout_markdown(src, &Options::new(30));
        doc.rows.iter().map(|r| r.text()).collect()
    }

    #[test]
    fn the_toc_marker_becomes_the_headings_nested_by_level() {
        let src =
            "# Post\n{:.no_toc}\n\n* toc\n{:toc}\n\n## One [x](/x)\n\n### One.a\n\n## Two {#two}\n";
        assert_eq!(
            rows(src),
            [
                "# Post",
                "",
                "• One x",
                "  ◦ One.a",
                "• Two",
                "",
                "## One x[1]",
                "",
                "### One.a",
                "",
                "## Two",
                "",
                "─".repeat(30).as_str(),
                "[1] /x",
            ]
        );
    }

    #[test]
    fn the_contents_stand_first_after_a_dropped_opening_rule() {
        assert_eq!(
            rows("---\n\n* toc\n{:toc}\n\n## A")[..3],
            ["• A", "", "## A"]
        );
    }

    #[test]
    fn an_ordered_marker_numbers_the_contents() {
        let shown = rows("1. toc\n{:toc}\n\n## A\n\n## B");
        assert_eq!(shown[..2], ["1. A", "2. B"]);
    }

    #[test]
    fn rows_after_the_contents_keep_their_own_offsets() {
        let src = "* toc\n{:toc}\n\nfirst paragraph\n\n## A\n\n## B\n";
        let doc = crate::layout::layout_markdown(src, &crate::layout::Options::new(40));
        let first = doc
            .rows
            .iter()
            .find(|r| r.text() == "first paragraph")
            .unwrap();
        assert_eq!(first.source_offset, src.find("first").unwrap());
        for entry in doc.rows.iter().filter(|r| r.text().starts_with('•')) {
            assert!(entry.source_offset <= first.source_offset, "{entry:?}");
        }
    }

    #[test]
    fn the_marker_s_item_may_say_anything() {
        assert_eq!(
            rows("* 目次\n{:toc}\n\n## 一\n\n## 二")[..2],
            ["• 一", "• 二"]
        );
    }

    #[test]
    fn a_list_about_toc_without_the_marker_is_a_list() {
        assert_eq!(rows("* toc\n\n## A"), ["• toc", "", "## A"]);
        assert_eq!(rows("* toc\n* more\n{:toc}")[0], "• toc");
    }
}
