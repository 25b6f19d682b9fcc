//! The attribute block kramdown and goldmark read at the end of a heading (`## Intro {#intro}`):
//! never shown, its id kept as the heading's anchor. Which blocks count is
//! [`crate::markdown_chars::heading_attributes`]'s rule, shared with the loader's skim.

use super::tree::InlineItem;
use crate::markdown_chars::heading_attributes;

/// Takes a trailing attribute block off a heading's pieces; returns the id it gave. The block
/// may span several text pieces (pulldown-cmark splits text at an unmatched `_`), never code.
pub fn take_heading_id(pieces: &mut Vec<InlineItem>) -> Option<String> {
    let run_start = pieces
        .iter()
        .rposition(|p| {
            !matches!(
                p,
                InlineItem::Text {
                    verbatim: false,
                    ..
                }
            )
        })
        .map_or(0, |i| i + 1);
    let joined: String = pieces[run_start..]
        .iter()
        .filter_map(|p| match p {
            InlineItem::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let (at, id) = heading_attributes(&joined)?;
    // Cut the run at byte `at`: the piece holding it keeps what comes before, later ones go.
    let mut start = 0;
    for i in run_start..pieces.len() {
        let InlineItem::Text { text, .. } = &mut pieces[i] else {
            continue;
        };
        if at < start + text.len() {
            text.truncate(at - start);
            pieces.truncate(i + 1);
            break;
        }
        start += text.len();
    }
    // The space that separated the words from the block.
    while let Some(InlineItem::Text { text, .. }) = pieces.last_mut() {
        text.truncate(text.trim_end().len());
        if !text.is_empty() {
            break;
        }
        pieces.pop();
    }
    id.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use crate::layout::{Options, layout_markdown};

    #[test]
    fn heading_ids_are_never_shown_and_become_the_anchor() {
        let src =
            "## Native solution {#native-solution}\n\n# 見出し {#midashi .x}\n\n## Set {a, b}";
        let doc = layout_markdown(src, &Options::new(40));
        let rows: Vec<String> = doc.rows.iter().map(|r| r.text()).collect();
        assert_eq!(
            rows,
            ["## Native solution", "", "# 見出し", "", "## Set {a, b}"]
        );
        let outline: Vec<_> = doc
            .headings
            .iter()
            .map(|h| (h.text.as_str(), h.id.as_deref()))
            .collect();
        assert_eq!(
            outline,
            [
                ("Native solution", Some("native-solution")),
                ("見出し", Some("midashi")),
                ("Set {a, b}", None)
            ]
        );
        assert_eq!(
            crate::layout::anchors::find(&doc.headings, "midashi"),
            Some(2)
        );
    }

    #[test]
    fn an_id_split_by_underscores_or_after_emphasis_is_still_taken() {
        let doc = layout_markdown("## *Big* word {#my_long_id}", &Options::new(40));
        assert_eq!(doc.rows[0].text(), "## Big word");
        assert_eq!(doc.headings[0].id.as_deref(), Some("my_long_id"));
        // Code is never read as attributes.
        let doc = layout_markdown("## `x {#y}`", &Options::new(40));
        assert_eq!(doc.rows[0].text(), "## x {#y}");
    }
}
