//! Markdown body + width → rows of spans tagged with roles. Pure: no colours, no terminal,
//! no files. The render layer maps roles to a theme; [`LayoutCache`] keeps results per width
//! so that scrolling never re-wraps.
//!
//! The pipeline, one module per step: [`liquid`] hides Jekyll/Hugo leftovers, `markdown`
//! parses (with `cjk_emphasis`, and `html_block` for raw HTML on the crate's tokenizer,
//! [`crate::html`]) into a width-independent `tree`; `inline`, `links` and `image` are what
//! Markdown and HTML share. Then `blocks`, `table` and `flow` lay the tree out for a width,
//! breaking lines in [`linebreak`] and measuring in [`width`] ([`crate::text::width`], the
//! one place that knows what a cell is); what may not reach a terminal is taken out by
//! [`crate::text::sanitize`].
//!
//! ```
//! use kiji::layout::{Options, layout_markdown};
//! let doc = layout_markdown("これは**重要。**です", &Options::new(8));
//! let rows: Vec<String> = doc.rows.iter().map(|r| r.text()).collect();
//! assert_eq!(rows, ["これは重", "要。です"]);
//! assert!(doc.rows[0].spans[1].inline.strong);
//! ```

mod alerts;
pub mod anchors;
mod attributes;
mod blocks;
pub mod cache;
mod chars;
mod cjk_emphasis;
mod code_wrap;
mod details;
mod expand;
pub mod first_part;
mod flow;
pub mod fold;
mod footnotes;
pub mod header;
pub mod highlight;
mod html_block;
mod image;
mod inline;
pub mod invariants;
pub mod linebreak;
pub mod links;
pub mod liquid;
mod markdown;
mod markdown_blocks;
mod math;
pub mod part_around;
mod ruby;
pub use ruby::RubyStyle;
mod shortcodes;
mod table;
mod toc;
mod tree;
/// Width is measured in one place for the whole crate; layout's callers find it here too.
pub use crate::text::width;

pub use cache::LayoutCache;
pub use highlight::Highlighting;

use crate::model::{Post, ReadingRates};
pub use crate::style::{Inline, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub role: Role,
    pub inline: Inline,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub spans: Vec<Span>,
    /// Byte offset in the body where this row's text starts: keeps the reader's place
    /// across a resize.
    pub source_offset: usize,
    /// A code line left whole ([`Options::wrap_code`] off): the cells of gutter before the
    /// code, which stays put while the code after it scrolls sideways.
    pub scrolls_from: Option<usize>,
}

impl Row {
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// The id the author gave it (`{#id}`), which links name before any generated one.
    pub id: Option<String>,
    /// Index of the heading's first row.
    pub row: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The number shown as `[n]` in the text.
    pub number: usize,
    pub url: String,
    /// The address as the post wrote it, control characters and all: what following the
    /// link judges (and refuses when it is unsafe), never what is shown.
    pub target: String,
    /// The label of a reference-style link (`[text][label]`): the author's own name for the
    /// address, shown beside it in the link list.
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Options {
    /// Width in terminal cells. Layout never goes below 2, the least that holds a wide
    /// character: rows fit in `max(width, 2)` cells (only a single character wider than
    /// that, such as `⸻`, takes a row of its own and overflows it).
    pub width: usize,
    /// Measure East Asian ambiguous-width characters as two cells.
    pub ambiguous_wide: bool,
    /// Fold runs of passages that repeat earlier ones into one row each (see [`fold`]).
    pub fold_repeats: bool,
    /// Highlight code now, or take only what was highlighted before (the reader, whose
    /// worker thread does the rest).
    pub highlighting: Highlighting,
    /// Wrap code lines wider than `width`. When false, each code line is one row that may
    /// be wider than `width`, marked with [`Row::scrolls_from`] for the reader to scroll.
    pub wrap_code: bool,
    /// Fold each `<details>` to its summary unless [`Options::details_open`] opens it (the
    /// reader); off, every one is open (`--print`).
    pub fold_details: bool,
    /// The `<details>` open while folding: bit `n` for number `n` (numbers past 63 share the
    /// last bit).
    pub details_open: u64,
    /// Draw images standing alone as pictures on this grid, when their size is known (see
    /// [`image`]); `None` shows every image as its alt text.
    pub pictures: Option<PictureGrid>,
    /// How `<ruby>` readings are written after their base.
    pub ruby: RubyStyle,
}

impl Options {
    /// Whether `<details>` number `number` is drawn open.
    pub fn details_is_open(&self, number: usize) -> bool {
        !self.fold_details || self.details_open & (1 << number.min(63)) != 0
    }
}

impl Options {
    pub fn new(width: usize) -> Self {
        Self {
            width,
            ambiguous_wide: false,
            fold_repeats: false,
            highlighting: Highlighting::Now,
            wrap_code: true,
            fold_details: false,
            details_open: 0,
            pictures: None,
            ruby: RubyStyle::Brackets,
        }
    }
}

/// A laid-out document: rows (source offsets never decrease), the heading index for an
/// outline, and the links in the order of their numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub rows: Vec<Row>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// The folded runs of repeated passages, in row order (none unless
    /// [`Options::fold_repeats`]).
    pub folds: Vec<fold::Fold>,
    /// Where each numbered link's text sits, in reading order (see [`links::places`]).
    pub link_places: Vec<LinkPlace>,
    /// Code was left plain for now: laid out with [`Highlighting::Remembered`] before its
    /// highlighting was done. The same rows highlighted come from a layout after it is.
    pub highlight_pending: bool,
    /// The post's code blocks as written, in order.
    pub code_blocks: Vec<CodeSource>,
    /// The `<details>` of the post, in order: where their summary row is.
    pub details: Vec<DetailsPlace>,
    /// The pictures drawn, in row order.
    pub pictures: Vec<PicturePlace>,
    /// The address of every image that could be a picture (alone in its paragraph), drawn
    /// or not, when laid out with [`Options::pictures`]: the ones whose size to find.
    pub picture_urls: Vec<String>,
    /// Only the beginning of a long post was laid out (see [`first_part`]): the whole comes
    /// from another layout.
    pub partial: Option<Partial>,
}

/// How much of a post's body a part of its layout holds: its first part (see
/// [`first_part`]), or a part around a place deep in it (see [`part_around`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partial {
    /// The body's bytes from `from` are laid out, as the whole post lays them out: from its
    /// header when 0, else from the top-level block starting there.
    pub from: usize,
    /// The body's bytes before `laid_out` are laid out (all of them when it is `body_len`:
    /// the part ends as the post does, with its notes and links).
    pub laid_out: usize,
    /// The whole body's length.
    pub body_len: usize,
}

impl Partial {
    /// Whether the part starts with the post's header.
    pub fn starts_at_top(&self) -> bool {
        self.from == 0
    }

    /// Whether the part ends as the post does.
    pub fn reaches_end(&self) -> bool {
        self.laid_out >= self.body_len
    }

    /// Whether body offset `offset` (the end, when past it) is among the rows laid out.
    pub fn holds(&self, offset: usize) -> bool {
        offset >= self.from && (offset < self.laid_out || self.reaches_end())
    }
}

/// A `<details>`'s summary row: its source offset and the `<details>`'s number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetailsPlace {
    pub number: usize,
    pub offset: usize,
    pub open: bool,
    /// The source offset of its last row: rows after the summary's up to this one are what
    /// it holds, when it is open.
    pub end: usize,
}

pub use image::{PictureGrid, PicturePlace, PictureSizes, PixelSize, picture_cells};

impl Document {
    /// The first `<details>` whose summary row is among `rows`.
    pub fn details_in(&self, rows: std::ops::Range<usize>) -> Option<DetailsPlace> {
        self.rows_with(rows, Role::DetailsMarker).find_map(|row| {
            self.details
                .iter()
                .find(|d| d.offset == row.source_offset)
                .copied()
        })
    }

    /// The rows among `rows` (clamped to the document) with a span of `role`.
    fn rows_with(&self, rows: std::ops::Range<usize>, role: Role) -> impl Iterator<Item = &Row> {
        let end = rows.end.min(self.rows.len());
        self.rows[rows.start.min(end)..end]
            .iter()
            .filter(move |row| row.spans.iter().any(|s| s.role == role))
    }
}

pub use links::{FootnoteMark, LinkPiece, LinkPlace};

/// A code block as written in the post (its lines, without wrap marks, tabs kept), and the
/// source offsets of its rows: a row with a code role whose offset is in `source` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSource {
    pub source: std::ops::Range<usize>,
    pub text: String,
}

impl Document {
    /// The first code block with a row among `rows`.
    pub fn code_block_in(&self, rows: std::ops::Range<usize>) -> Option<&CodeSource> {
        self.rows_with(rows, Role::CodeBlock).find_map(|row| {
            self.code_blocks
                .iter()
                .find(|block| block.source.contains(&row.source_offset))
        })
    }

    /// The byte ranges of the body that folds hide (`body_len` ends the last one).
    pub fn folded_source(&self, body_len: usize) -> Vec<std::ops::Range<usize>> {
        self.folds
            .iter()
            .filter_map(|fold| {
                let start = self.rows.get(fold.rows.start)?.source_offset;
                let end = self.rows[fold.rows.end..]
                    .iter()
                    .map(|r| r.source_offset)
                    .find(|&o| o > start)
                    .unwrap_or(body_len);
                Some(start..end.max(start))
            })
            .collect()
    }

    /// The fold that row `row` belongs to, if any.
    pub fn fold_at(&self, row: usize) -> Option<&fold::Fold> {
        let i = self.folds.partition_point(|f| f.rows.end <= row);
        self.folds.get(i).filter(|f| f.rows.contains(&row))
    }

    /// The row to show at the top to keep the place of a row that started at `offset` in an
    /// earlier layout (after a resize): the first row of the last run of rows starting at or
    /// before `offset`. Row offsets never decrease, so this is a binary search.
    pub fn row_at_offset(&self, offset: usize) -> usize {
        let after = self.rows.partition_point(|r| r.source_offset <= offset);
        let Some(last) = after.checked_sub(1) else {
            return 0;
        };
        let start = self.rows[last].source_offset;
        self.rows[..last].partition_point(|r| r.source_offset < start)
    }
}

/// Lays out a Markdown body.
pub fn layout_markdown(markdown: &str, options: &Options) -> Document {
    layout_body(
        markdown,
        options,
        &PictureSizes::new(),
        0,
        &|_| None,
        &[],
        true,
    )
}

/// Lays out a Markdown body whose pictures have the sizes `sizes`.
pub fn layout_markdown_with(markdown: &str, options: &Options, sizes: &PictureSizes) -> Document {
    layout_body(markdown, options, sizes, 0, &|_| None, &[], true)
}

/// A body as the parser reads it: kramdown's block elements marked `markdown="1"` set apart
/// from their Markdown ([`markdown_blocks`]), Hugo shortcodes expanded ([`shortcodes`]), then
/// Liquid and kramdown leftovers hidden ([`liquid`]). `param` looks up a page parameter.
pub(crate) fn markdown_source<'a>(
    body: &'a str,
    param: &dyn Fn(&str) -> Option<String>,
) -> (shortcodes::Expanded<'a>, String) {
    let expanded = match markdown_blocks::separate(body) {
        None => shortcodes::expand(body, param),
        Some((separated, map)) => {
            let expanded = shortcodes::expand(&separated, param);
            shortcodes::Expanded {
                map: Some(
                    expanded
                        .map
                        .as_ref()
                        .map_or_else(|| map.clone(), |m| m.then(&map)),
                ),
                text: std::borrow::Cow::Owned(expanded.text.into_owned()),
                labels: expanded.labels,
            }
        }
    };
    let source = liquid::preprocess(&expanded.text).into_owned();
    (expanded, source)
}

/// Lays out a Markdown body whose pictures have the sizes `sizes` and that will stand below
/// `row_shift` other rows; `param` looks up a page parameter for Hugo's `param` shortcode, and
/// kramdown's `default_lang` (the language of code blocks that name none). `first_links` are
/// the addresses the rows above the body link to, numbered first. A body that is not `whole`
/// (the first part of a post) ends without the footnotes and the list of links, which end the
/// post.
fn layout_body(
    markdown: &str,
    options: &Options,
    sizes: &PictureSizes,
    row_shift: usize,
    param: &dyn Fn(&str) -> Option<String>,
    first_links: &[String],
    whole: bool,
) -> Document {
    let parsed = ParsedBody::parse(markdown, param, first_links, whole, options);
    let blocks = 0..parsed.tree.len();
    let laid = parsed.lay_out(blocks, options, sizes, whole, || {
        if options.fold_repeats {
            fold::detect(&parsed.tree, options)
        } else {
            fold::Repeats::default()
        }
    });
    parsed.finish(laid, options, Some(row_shift))
}

/// A body read into blocks, before any width: what every layout of it, whole or in part,
/// starts from.
struct ParsedBody<'a> {
    markdown: &'a str,
    expanded: shortcodes::Expanded<'a>,
    tree: Vec<tree::Block>,
    links: Vec<Link>,
    /// kramdown's `default_lang`: the language of code blocks that name none.
    default_lang: Option<String>,
}

/// Some of a parsed body's blocks laid out, their repeats not yet folded.
struct LaidBlocks {
    emitter: blocks::Emitter,
    repeats: fold::Repeats,
    /// The index the runs give the first leaf block laid out.
    first_leaf: usize,
    /// Rows of the list of links that ends the post (none when it was not laid out).
    list_rows: usize,
}

impl Drop for ParsedBody<'_> {
    /// Freeing a long post's tree block by block takes a tenth of its layout (5 MB: about
    /// 10 ms), which the reader waits for when it comes last: a thread of its own frees it
    /// while the rows are shown. Inline when no thread can be had.
    fn drop(&mut self) {
        if self.markdown.len() > first_part::LONG_POST_BYTES {
            let tree = std::mem::take(&mut self.tree);
            let _ = std::thread::Builder::new()
                .name("kiji-free".into())
                .spawn(move || drop(tree));
        }
    }
}

impl<'a> ParsedBody<'a> {
    fn parse(
        markdown: &'a str,
        param: &dyn Fn(&str) -> Option<String>,
        first_links: &[String],
        end_notes: bool,
        options: &Options,
    ) -> Self {
        let (expanded, source) = markdown_source(markdown, param);
        let (tree, links) = markdown::parse_written(
            &source,
            &expanded.text,
            &expanded.labels,
            first_links,
            end_notes,
            options.ruby,
        );
        let default_lang = param("default_lang")
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty() && l.len() <= 40);
        ParsedBody {
            markdown,
            expanded,
            tree,
            links,
            default_lang,
        }
    }

    /// Where top-level block `index` starts in the body as written.
    fn block_start(&self, index: usize) -> usize {
        self.tree.get(index).map_or(self.markdown.len(), |block| {
            self.expanded
                .source(block.offset())
                .min(self.markdown.len())
        })
    }

    /// Lays out the top-level blocks `range`, then, when `with_list`, the list of links;
    /// `detect` finds the repeats meanwhile.
    fn lay_out(
        &self,
        range: std::ops::Range<usize>,
        options: &Options,
        sizes: &PictureSizes,
        with_list: bool,
        detect: impl FnOnce() -> fold::Repeats + Send,
    ) -> LaidBlocks {
        let mut emitter = blocks::Emitter::new(options).with_pictures(options.pictures, sizes);
        emitter.default_lang = self.default_lang.clone();
        // Detection reads the tree and layout only reads it too, so the two run side by side:
        // on a second core, finding the repeats of a 5 MB post adds next to nothing to the wait.
        let ((), repeats) = rayon::join(|| emitter.blocks(&self.tree[range], false), detect);
        let text_rows = emitter.rows.len();
        if with_list {
            emitter.link_list(&self.links, self.expanded.text.len());
        }
        let list_rows = emitter.rows.len() - text_rows;
        LaidBlocks {
            emitter,
            repeats,
            first_leaf: 0,
            list_rows,
        }
    }

    /// The document of blocks laid out: their repeats folded, their rows' offsets taken
    /// back to the body as written, and what the reader finds its way by. `row_shift`: the
    /// rows above (the header), or `None` for a part whose rows are not counted from the top.
    fn finish(&self, laid: LaidBlocks, options: &Options, row_shift: Option<usize>) -> Document {
        let LaidBlocks {
            mut emitter,
            repeats,
            first_leaf,
            list_rows,
        } = laid;
        let expanded = &self.expanded;
        let markdown = self.markdown;
        let leaf_rows = std::mem::take(&mut emitter.leaf_rows);
        let highlight_pending = emitter.highlight_pending;
        // Code blocks are copied by the rows that show them, whose offsets are taken back to the
        // body as written below: so are theirs.
        let code_blocks: Vec<CodeSource> = std::mem::take(&mut emitter.code_blocks)
            .into_iter()
            .map(|block| CodeSource {
                source: expanded.source(block.source.start)
                    ..expanded.source(block.source.end - 1) + 1,
                ..block
            })
            .collect();
        let emitted_details = std::mem::take(&mut emitter.details);
        let drawn = std::mem::take(&mut emitter.drawn);
        let picture_urls = std::mem::take(&mut emitter.picture_urls);
        let mut headings = emitter.headings;
        let runs = repeats.runs;
        let (mut rows, folds) = if runs.is_empty() {
            (emitter.rows, Vec::new())
        } else {
            fold::apply(
                emitter.rows,
                &leaf_rows,
                first_leaf,
                &runs,
                &mut headings,
                row_shift,
                options.width,
                options.ambiguous_wide,
            )
        };
        // Folds never hide a picture, but move its rows: they are found by the offset they carry.
        let pictures = image::places(&rows, drawn);
        // Offsets only grow, so a reader can binary-search them (generated rows such as a link
        // number may point a little back). They were offsets in the expanded text: each is taken
        // back to the body as written.
        let mut floor = 0;
        for row in &mut rows {
            let offset = expanded.source(row.source_offset);
            row.source_offset = offset.max(floor).min(markdown.len());
            floor = row.source_offset;
        }
        // The summary rows, in order, are those of the `<details>` the emitter drew.
        let details = rows
            .iter()
            .filter(|row| row.spans.iter().any(|s| s.role == Role::DetailsMarker))
            .zip(&emitted_details)
            .map(|(row, &(number, open, end))| DetailsPlace {
                number,
                offset: row.source_offset,
                open,
                end: expanded
                    .source(end)
                    .min(markdown.len())
                    .max(row.source_offset),
            })
            .collect();
        // Folds only touch the text, so the link list is still the last `list_rows` rows.
        let link_places = links::places(&rows[..rows.len().saturating_sub(list_rows)]);
        Document {
            rows,
            headings,
            links: self.links.clone(),
            folds,
            link_places,
            highlight_pending,
            code_blocks,
            details,
            pictures,
            picture_urls,
            partial: None,
        }
    }
}

/// Lays out a whole post: its header (title, date, author, labels, reading time), then its
/// body. Header rows have source offset 0; body rows the offset in `post.body`.
pub fn layout_post(post: &Post, rates: ReadingRates, options: &Options) -> Document {
    layout_post_with(post, rates, options, &PictureSizes::new())
}

/// Lays out a whole post whose pictures have the sizes `sizes`.
pub fn layout_post_with(
    post: &Post,
    rates: ReadingRates,
    options: &Options,
    sizes: &PictureSizes,
) -> Document {
    layout_post_body(post, &post.body, rates, options, sizes, true)
}

/// Lays out `post`'s header, then `body`: the post's body, or the beginning of it (not
/// `whole`; see [`first_part`]).
fn layout_post_body(
    post: &Post,
    body: &str,
    rates: ReadingRates,
    options: &Options,
    sizes: &PictureSizes,
    whole: bool,
) -> Document {
    let mut header = header::header_rows(post, rates, options);
    let shift = header.len();
    let mut body = layout_body(
        body,
        options,
        sizes,
        shift,
        &|name| post.param(name),
        &header::link_targets(post),
        whole,
    );
    for picture in &mut body.pictures {
        picture.rows = picture.rows.start + shift..picture.rows.end + shift;
    }
    for heading in &mut body.headings {
        heading.row += shift;
    }
    for fold in &mut body.folds {
        fold.rows = fold.rows.start + shift..fold.rows.end + shift;
        if let Some(target) = &mut fold.target {
            *target += shift;
        }
    }
    for piece in body
        .link_places
        .iter_mut()
        .flat_map(|p| p.pieces.iter_mut())
    {
        piece.row += shift;
    }
    // The header's links (an author's page) come first in reading order.
    let mut link_places = links::places(&header);
    link_places.append(&mut body.link_places);
    header.append(&mut body.rows);
    Document {
        rows: header,
        headings: body.headings,
        links: body.links,
        folds: body.folds,
        link_places,
        highlight_pending: body.highlight_pending,
        code_blocks: body.code_blocks,
        details: body.details,
        pictures: body.pictures,
        picture_urls: body.picture_urls,
        partial: None,
    }
}

/// The rows of `src` laid out at `width`, as text: what most layout tests compare.
#[cfg(test)]
pub(crate) fn row_texts(src: &str, width: usize) -> Vec<String> {
    let doc = layout_markdown(src, &Options::new(width));
    doc.rows.iter().map(Row::text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn texts(doc: &Document) -> Vec<String> {
        doc.rows.iter().map(Row::text).collect()
    }

    fn lay(markdown: &str, width: usize) -> Vec<String> {
        texts(&layout_markdown(markdown, &Options::new(width)))
    }

    #[test]
    fn every_issue_example_renders_as_emphasis_without_stars() {
        for (src, emphasised) in [
            ("**「価値観」**という", "「価値観」"),
            ("*「強調」*です", "「強調」"),
            ("~~「削除」~~です", "「削除」"),
            ("これは**重要。**です", "重要。"),
            (
                "**企業評価における「地政学」**は",
                "企業評価における「地政学」",
            ),
        ] {
            let doc = layout_markdown(src, &Options::new(80));
            let row = &doc.rows[0];
            assert!(!row.text().contains(['*', '~']), "{src}: {}", row.text());
            let styled: String = row
                .spans
                .iter()
                .filter(|s| s.inline != Inline::default())
                .map(|s| s.text.as_str())
                .collect();
            assert_eq!(styled, emphasised, "{src}");
        }
    }

    #[test]
    fn a_rule_opening_the_body_is_not_drawn_but_a_later_one_is() {
        // The header ends in a rule already; `...` then `---` must not draw two.
        assert_eq!(lay("\n---\n\ntext\n\n***\n\nmore", 10)[0], "text");
        assert_eq!(lay("***\ntext", 10), ["text"]);
        let rows = lay("text\n\n***\n\nmore", 10);
        assert_eq!(rows, ["text", "", "─".repeat(10).as_str(), "", "more"]);
    }

    #[test]
    fn task_items_show_a_box_for_a_bullet_and_ascii_where_ambiguous_is_wide() {
        let src = "- [ ] open\n- [x] done\n  - [ ] inner\n- plain\n\n3. [x] numbered";
        assert_eq!(
            lay(src, 20),
            [
                "☐ open",
                "☑ done",
                "  ☐ inner",
                "• plain",
                "",
                "3. ☑ numbered"
            ]
        );
        let wide = Options {
            ambiguous_wide: true,
            ..Options::new(20)
        };
        let rows: Vec<String> = layout_markdown(src, &wide)
            .rows
            .iter()
            .map(Row::text)
            .collect();
        assert_eq!(rows[..3], ["[ ] open", "[x] done", "    [ ] inner"]);
    }

    #[test]
    fn a_line_break_after_cjk_punctuation_joins_even_before_latin() {
        assert_eq!(
            lay("始まります。\nGoは速い。\nRust", 40),
            ["始まります。Goは速い。Rust"]
        );
        assert_eq!(lay("English.\nGoは", 40), ["English. Goは"]);
    }

    #[test]
    fn github_alerts_are_quotes_headed_by_their_label() {
        let doc = layout_markdown(
            "> [!WARNING]\n> Be careful.\n\n> [!TIP]\n> - a list\n\n> a [!NOTE] in text",
            &Options::new(20),
        );
        assert_eq!(
            texts(&doc),
            [
                "│ Warning",
                "│ Be careful.",
                "",
                "│ Tip",
                "│",
                "│ • a list",
                "",
                "│ a [!NOTE] in text"
            ]
        );
        assert_eq!(doc.rows[0].spans[1].role, Role::AlertLabel);
    }

    #[test]
    fn rows_of_expanded_shortcodes_keep_offsets_into_the_body_as_written() {
        let body = "{{% notice tip %}}\nOne line\n\nTwo\n{{% /notice %}}\n\n\
                    {{< youtube abc >}} then\n\nLast";
        let doc = layout_markdown(body, &Options::new(40));
        let offset_of = |text: &str| {
            doc.rows
                .iter()
                .find(|r| r.text().contains(text))
                .map(|r| r.source_offset)
                .unwrap()
        };
        assert_eq!(offset_of("│ Tip"), 0);
        assert_eq!(offset_of("Two"), body.find("Two").unwrap());
        assert_eq!(offset_of("YouTube: abc"), body.find("{{< youtube").unwrap());
        assert_eq!(offset_of("Last"), body.find("Last").unwrap());
        let mut previous = 0;
        for row in &doc.rows {
            assert!(row.source_offset >= previous && row.source_offset <= body.len());
            previous = row.source_offset;
        }
    }

    #[test]
    fn details_print_their_summary_strong_then_the_body() {
        for src in [
            "<details>\n<summary>More</summary>\n\nThe body.\n\n</details>",
            "<details><summary>More</summary>The body.</details>",
        ] {
            let doc = layout_markdown(src, &Options::new(30));
            let shown: Vec<String> = texts(&doc).into_iter().filter(|r| !r.is_empty()).collect();
            assert_eq!(shown, ["More", "The body."], "{src}");
            assert!(doc.rows[0].spans[0].inline.strong, "{src}");
        }
    }

    #[test]
    fn headings_show_their_level_and_are_indexed() {
        let doc = layout_markdown("# One\n\ntext\n\n### Three", &Options::new(40));
        assert_eq!(texts(&doc), ["# One", "", "text", "", "### Three"]);
        let index: Vec<_> = doc
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.row))
            .collect();
        assert_eq!(index, [(1, "One", 0), (3, "Three", 4)]);
    }

    #[test]
    fn outline_names_headings_without_link_numbers() {
        let doc = layout_markdown(
            "## See [the docs](https://d.test)[^1]\n\n[^1]: x",
            &Options::new(40),
        );
        assert_eq!(doc.headings[0].text, "See the docs");
        assert_eq!(doc.rows[0].text(), "## See the docs[1]^1");
    }

    #[test]
    fn code_blocks_keep_text_and_mark_continuation_rows_at_the_line_s_indentation() {
        let rows = lay(
            "```\nlet x = 1; // long comment here\n\tindented and continued further\n```",
            20,
        );
        assert_eq!(
            rows,
            [
                "  let x = 1; // long",
                "  ↪ comment here",
                "      indented and",
                "      ↪ continued",
                "      ↪ further"
            ]
        );
    }

    #[test]
    fn lists_hang_their_continuation_rows_under_the_text() {
        let rows = lay("- one two three four\n- 二つ目の項目です\n  1. nested", 12);
        assert_eq!(
            rows,
            [
                "• one two",
                "  three four",
                "• 二つ目の項",
                "  目です",
                "  1. nested"
            ]
        );
    }

    #[test]
    fn quote_bars_are_on_every_row_including_blank_ones() {
        let rows = lay("> 引用の文章がここに続きます\n>\n> 二段落目", 16);
        assert_eq!(
            rows,
            ["│ 引用の文章がこ", "│ こに続きます", "│", "│ 二段落目"]
        );
    }

    #[test]
    fn tables_are_boxed_and_sized_by_display_width() {
        let rows = lay("| 名前 | n |\n|---|--:|\n| 東京 | 1 |\n| Osaka | 22 |", 40);
        assert_eq!(
            rows,
            [
                "┌───────┬────┐",
                "│ 名前  │  n │",
                "├───────┼────┤",
                "│ 東京  │  1 │",
                "│ Osaka │ 22 │",
                "└───────┴────┘",
            ]
        );
    }

    #[test]
    fn too_wide_tables_wrap_their_cells() {
        let rows = lay("| a | b |\n|---|---|\n| 長い長い長い長い説明文 | x |", 16);
        for row in &rows {
            assert!(width::str_width(row, false) <= 16, "{row}");
        }
        assert!(
            rows.iter().filter(|r| r.starts_with("│ ")).count() > 2,
            "{rows:?}"
        );
    }

    #[test]
    fn links_are_numbered_and_listed_at_the_end() {
        let rows = lay("[kiji](https://k.test) と [記事](https://k.test/2)", 40);
        assert_eq!(rows[0], "kiji[1] と 記事[2]");
        assert_eq!(rows[rows.len() - 2], "[1] https://k.test");
        assert_eq!(rows[rows.len() - 1], "[2] https://k.test/2");
    }

    #[test]
    fn reference_links_show_their_label_beside_the_address() {
        let src = "[docs][guide] and [again][guide] and [more][]\n\n\
                   [guide]: https://g.test\n[more]: https://m.test";
        let rows = lay(src, 40);
        assert_eq!(rows[0], "docs[1] and again[1] and more[2]");
        assert_eq!(rows[rows.len() - 2], "[1] guide: https://g.test");
        assert_eq!(rows[rows.len() - 1], "[2] https://m.test");
    }

    #[test]
    fn html_comments_vanish_and_tags_leave_their_text() {
        let rows = lay(
            "<!-- note -->\n\n<div class=\"x\">箱の<b>中</b></div>\n\na<br>b",
            40,
        );
        assert_eq!(rows, ["箱の中", "", "a", "b"]);
    }

    #[test]
    fn jekyll_highlight_becomes_code_and_other_tags_hide() {
        let src = "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\nA {% include x %}B {{ y }}\n{: .c}";
        assert_eq!(lay(src, 40), ["  ruby", "  puts 1", "", "A B {{ y }}"]);
    }

    #[test]
    fn footnotes_hang_under_their_mark() {
        let rows = lay("本文[^1]\n\n[^1]: 注の文章がここに長く続きます", 16);
        assert_eq!(
            rows,
            [
                "本文^1",
                "",
                "─".repeat(16).as_str(),
                "",
                "^1 注の文章がこ",
                "   こに長く続き",
                "   ます"
            ]
        );
    }

    #[test]
    fn escape_sequences_in_the_body_never_reach_the_output() {
        let doc = layout_markdown(
            "a\u{1B}[2Jb\n\n```\n\u{1B}]52;c;x\u{7}\n```\n\n|\u{9B}x|\n|-|\n|\u{7F}|",
            &Options::new(30),
        );
        for row in &doc.rows {
            assert!(!row.text().contains(char::is_control), "{:?}", row.text());
        }
    }

    #[test]
    fn bidi_controls_are_stripped_as_list_strips_them() {
        // `--list` dropped them; the reader and --print showed them, so a title or a line
        // could read in another order than it was written.
        let doc = layout_markdown(
            "abc\u{202E}def\u{202C} \u{2067}x\u{2069}\u{200F}\n\n```\n\u{202E}code\n```\n\n[l](https://x.test/\u{202E}a)",
            &Options::new(40),
        );
        for row in &doc.rows {
            assert!(
                !row.text().contains(crate::text::sanitize::is_unsafe),
                "{:?}",
                row.text()
            );
        }
        assert_eq!(doc.rows[0].text(), "abcdef x");
        assert_eq!(doc.links[0].url, "https://x.test/a");
    }

    #[test]
    fn windows_line_endings_leave_no_trace() {
        let doc = layout_markdown(
            "一行目\r\n二行目\r\n\r\n```\r\ncode\r\n```\r\n",
            &Options::new(40),
        );
        assert_eq!(texts(&doc), ["一行目二行目", "", "  code"]);
    }

    #[test]
    fn link_addresses_are_cleaned_too() {
        let doc = layout_markdown(
            "<a href=\"https://x.test/\u{1B}[31m\">x</a>",
            &Options::new(40),
        );
        assert!(!doc.links[0].url.contains('\u{1B}'));
    }

    #[test]
    fn place_is_kept_across_a_resize() {
        let body = "第一段落の文章です。".repeat(20) + "\n\n" + &"第二段落の文章です。".repeat(20);
        let wide = layout_markdown(&body, &Options::new(80));
        let narrow = layout_markdown(&body, &Options::new(30));
        let top = wide
            .rows
            .iter()
            .position(|r| r.text().starts_with("第二"))
            .unwrap();
        let at = narrow.row_at_offset(wide.rows[top].source_offset);
        assert!(
            narrow.rows[at].text().starts_with("第二"),
            "{}",
            narrow.rows[at].text()
        );
    }

    #[test]
    fn tiny_widths_still_fit_every_row() {
        let src = "> - 1. **深い入れ子の中の文章**\n>   - `code` and [link](u)\n\n| a | b | c |\n|-|-|-|\n| 1 | 2 | 3 |";
        for width in 2..12 {
            for row in layout_markdown(src, &Options::new(width)).rows {
                let w: usize = row
                    .spans
                    .iter()
                    .map(|s| width::str_width(&s.text, false))
                    .sum();
                assert!(w <= width, "{width}: {:?}", row.text());
            }
        }
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[一-龥]{1,8}",
            "[ぁ-ゖ]{1,8}",
            "[ァ-ヺー]{1,6}",
            "[가-힣]{1,4}",
            "[a-zA-Z]{1,12}",
            "[0-9]{1,5}",
            "[😀🦀]",
            "[、。，．・：；？！「」『』（）【】〈〉《》“”‘’]",
            "[,.;:!?()\"'-]",
            Just("\u{A0}".to_string()),
            Just("\u{200B}".to_string()),
            Just("\u{3000}".to_string()),
            Just("……".to_string()),
            Just("――".to_string()),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec((word(), prop::bool::ANY), 1..12).prop_map(|ws| {
            ws.into_iter()
                .map(|(w, space)| if space { w + " " } else { w })
                .collect()
        })
    }

    fn block() -> impl Strategy<Value = String> {
        (line(), line(), 0..8u8).prop_map(|(a, b, kind)| match kind {
            0 => format!("{a}\n{b}"),
            1 => format!("- {a}\n  - {b}"),
            2 => format!("> {a}\n> {b}"),
            3 => format!("1. **{a}**\n2. {b}"),
            4 => format!(
                "| {} | {} |\n|---|---|\n| {} | x |",
                a.replace('|', ""),
                "h",
                b.replace('|', "")
            ),
            5 => format!("```\n{a}\n{b}\n```"),
            6 => format!("## {a}"),
            _ => format!("[^n]: {a}\n\n*{b}*"),
        })
    }

    fn document() -> impl Strategy<Value = String> {
        proptest::collection::vec(block(), 1..5).prop_map(|bs| bs.join("\n\n"))
    }

    fn cjk_counts(text: &str) -> HashMap<char, usize> {
        let mut counts = HashMap::new();
        for c in text.chars().filter(|&c| {
            matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
        }) {
            *counts.entry(c).or_default() += 1;
        }
        counts
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn documents_fit_keep_their_text_and_offsets_only_grow(
            src in document(),
            width in 2usize..=200,
        ) {
            let doc = layout_markdown(&src, &Options::new(width));
            let mut previous = 0;
            let mut all = String::new();
            for row in &doc.rows {
                let w: usize = row.spans.iter().map(|s| width::str_width(&s.text, false)).sum();
                prop_assert!(w <= width, "{} wide at {}: {:?}", w, width, row.text());
                prop_assert!(!row.text().contains(char::is_control));
                prop_assert!(!row.text().ends_with(' '));
                prop_assert!(row.source_offset >= previous && row.source_offset <= src.len());
                previous = row.source_offset;
                all.push_str(&row.text());
            }
            prop_assert_eq!(cjk_counts(&all), cjk_counts(&src));
        }
    }
}
