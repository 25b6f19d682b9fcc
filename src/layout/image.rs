//! An image as a terminal reader shows it. Without a picture (images off, a remote address,
//! a file not read yet or unreadable) it is its alt text and the number of its address in the
//! link list. An image standing alone in its paragraph, whose pixel size the caller knows,
//! becomes a picture: rows kept blank for the interface to draw it over, scaled to the width
//! and a most rows, then its alt text below. Layout never reads the file: the caller passes
//! the sizes in ([`PictureSizes`]) and the cell grid ([`PictureGrid`]).

use std::collections::BTreeMap;
use std::ops::Range;

use super::Role;
use super::links::LinkList;
use super::tree::{InlineItem, SpanStyle};

/// `[image: alt]`, then `[n]` for the address (none when the image has no address).
pub fn image_pieces(alt: &str, url: &str, offset: usize, links: &mut LinkList) -> Vec<InlineItem> {
    let alt = collapse(alt);
    let text = if alt.is_empty() {
        "[image]".to_string()
    } else {
        format!("[image: {alt}]")
    };
    let mut pieces = vec![InlineItem::text(
        text,
        SpanStyle::plain(Role::Image),
        offset,
    )];
    if !url.is_empty() {
        pieces.push(links.reference(url, offset));
    }
    pieces
}

/// The caption under a drawn picture: its alt text (or the file's name when it has none),
/// then `[n]`. `fallback` is [`image_pieces`]' output, whose `[n]` it reuses.
pub fn caption_pieces(
    alt: &str,
    url: &str,
    offset: usize,
    fallback: &[InlineItem],
) -> Vec<InlineItem> {
    let alt = collapse(alt);
    let text = if alt.is_empty() {
        url.rsplit('/').next().unwrap_or(url).to_string()
    } else {
        alt
    };
    let mut pieces = vec![InlineItem::text(
        text,
        SpanStyle::plain(Role::Image),
        offset,
    )];
    pieces.extend(fallback.iter().skip(1).cloned());
    pieces
}

fn collapse(alt: &str) -> String {
    alt.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How pictures are drawn: the terminal cell's size in pixels (what one column and one row
/// of a picture hold) and the most rows a picture may take. Part of the layout
/// [`super::Options`]; `None` there lays every image out as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PictureGrid {
    pub cell_width: u16,
    pub cell_height: u16,
    pub max_rows: u16,
}

/// A picture's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PixelSize {
    pub width: u32,
    pub height: u32,
}

/// The pixel sizes of a post's pictures, by their address as the post wrote it.
pub type PictureSizes = BTreeMap<String, PixelSize>;

/// Where a picture is drawn in a laid-out document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PicturePlace {
    /// The address as the post wrote it: the key of [`PictureSizes`].
    pub url: String,
    /// The rows kept for it.
    pub rows: Range<usize>,
    /// The cell it starts at (after a quote's bar or a list's indent).
    pub column: usize,
    /// Cells wide.
    pub columns: usize,
}

/// The cells (columns, rows) a picture of `size` takes in `avail` columns: its natural size
/// in cells, shrunk to fit `avail` and `grid.max_rows` with its aspect kept; never zero.
pub fn picture_cells(size: PixelSize, grid: PictureGrid, avail: usize) -> (usize, usize) {
    let cell_w = u64::from(grid.cell_width.max(1));
    let cell_h = u64::from(grid.cell_height.max(1));
    let (w, h) = (u64::from(size.width.max(1)), u64::from(size.height.max(1)));
    let max_rows = u64::from(grid.max_rows.max(1));
    let mut columns = w.div_ceil(cell_w).min(avail.max(1) as u64).max(1);
    // Rows for that width: the scaled height in pixels over the cell's height.
    let mut rows = (h * columns * cell_w).div_ceil(w * cell_h).max(1);
    if rows > max_rows {
        rows = max_rows;
        columns = (w * rows * cell_h / (h * cell_w)).clamp(1, columns);
    }
    (columns as usize, rows as usize)
}

/// A picture the emitter drew: its offset (which its rows carry), address, first column,
/// columns and rows.
pub type Drawn = (usize, String, usize, usize, usize);

/// Where the pictures `drawn` (in order) stand in `rows`: the first run of rows carrying
/// the picture's offset. One pass over the rows.
pub fn places(rows: &[super::Row], drawn: Vec<Drawn>) -> Vec<PicturePlace> {
    let mut places = Vec::with_capacity(drawn.len());
    let mut at = 0;
    for (offset, url, column, columns, count) in drawn {
        let Some(first) = rows[at..]
            .iter()
            .position(|r| r.source_offset == offset)
            .map(|i| at + i)
        else {
            continue;
        };
        let end = (first + count).min(rows.len());
        places.push(PicturePlace {
            url,
            rows: first..end,
            column,
            columns,
        });
        at = end;
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRID: PictureGrid = PictureGrid {
        cell_width: 10,
        cell_height: 20,
        max_rows: 15,
    };

    fn size(width: u32, height: u32) -> PixelSize {
        PixelSize { width, height }
    }

    #[test]
    fn a_small_picture_keeps_its_natural_size() {
        assert_eq!(picture_cells(size(100, 100), GRID, 80), (10, 5));
    }

    #[test]
    fn a_wide_picture_is_shrunk_to_the_width_with_its_aspect() {
        assert_eq!(picture_cells(size(4000, 3000), GRID, 40), (40, 15));
        assert_eq!(picture_cells(size(4000, 1000), GRID, 40), (40, 5));
    }

    #[test]
    fn a_tall_picture_is_held_to_the_most_rows() {
        let (columns, rows) = picture_cells(size(1000, 4000), GRID, 80);
        assert_eq!(rows, 15);
        assert_eq!(
            columns, 7,
            "15 rows of 20 px hold 300 px, and a quarter of that 75 px"
        );
    }

    fn sized(url: &str, width: u32, height: u32) -> PictureSizes {
        PictureSizes::from([(url.to_string(), size(width, height))])
    }

    fn with_grid(width: usize) -> crate::layout::Options {
        crate::layout::Options {
            pictures: Some(GRID),
            ..crate::layout::Options::new(width)
        }
    }

    /// The rows' texts up to the link list.
    fn texts(doc: &crate::layout::Document) -> Vec<String> {
        let text = doc.rows.len() - doc.links.len() - 2;
        doc.rows[..text]
            .iter()
            .map(crate::layout::Row::text)
            .collect()
    }

    #[test]
    fn a_sized_picture_keeps_blank_rows_then_its_caption() {
        let src = "Before.\n\n![A lake](img/lake.png)\n\nAfter.";
        let doc = crate::layout::layout_markdown_with(
            src,
            &with_grid(40),
            &sized("img/lake.png", 200, 100),
        );
        assert_eq!(
            texts(&doc),
            ["Before.", "", "", "", "", "", "", "A lake[1]", "", "After."]
        );
        assert_eq!(
            doc.pictures,
            [PicturePlace {
                url: "img/lake.png".into(),
                rows: 2..7,
                column: 0,
                columns: 20,
            }]
        );
        assert_eq!(doc.picture_urls, ["img/lake.png"]);
        let at = src.find("![").unwrap();
        assert!(doc.rows[2..8].iter().all(|r| r.source_offset == at));
        assert_eq!(
            doc.links[0].url, "img/lake.png",
            "the address is still numbered"
        );
    }

    #[test]
    fn a_hugo_figure_is_a_picture_with_its_caption_under_it() {
        let src = "Text {{< figure src=\"img/lake.png\" alt=\"A lake\" caption=\"At dawn\" >}}";
        let doc = crate::layout::layout_markdown_with(
            src,
            &with_grid(40),
            &sized("img/lake.png", 200, 100),
        );
        assert_eq!(doc.picture_urls, ["img/lake.png"]);
        assert_eq!(doc.pictures.len(), 1, "{:?}", texts(&doc));
        assert!(
            texts(&doc).iter().any(|r| r == "At dawn"),
            "{:?}",
            texts(&doc)
        );
    }

    #[test]
    fn a_picture_in_a_quote_starts_after_the_bar_and_fits_what_is_left() {
        let doc = crate::layout::layout_markdown_with(
            "> ![q](q.png)",
            &with_grid(12),
            &sized("q.png", 1000, 100),
        );
        assert_eq!(doc.pictures[0].column, 2);
        assert_eq!(doc.pictures[0].columns, 10);
        assert_eq!(texts(&doc), ["│", "│ q[1]"]);
    }

    #[test]
    fn an_unsized_picture_or_pictures_off_show_the_alt_text_as_before() {
        let src = "![A lake](lake.png)";
        let not_sized =
            crate::layout::layout_markdown_with(src, &with_grid(40), &PictureSizes::new());
        assert_eq!(texts(&not_sized), ["[image: A lake][1]"]);
        assert_eq!(
            not_sized.picture_urls,
            ["lake.png"],
            "the caller is asked to size it"
        );
        assert!(not_sized.pictures.is_empty());
        let off = crate::layout::layout_markdown_with(
            src,
            &crate::layout::Options::new(40),
            &sized("lake.png", 10, 10),
        );
        assert_eq!(texts(&off), ["[image: A lake][1]"]);
        assert!(off.picture_urls.is_empty());
    }

    #[test]
    fn an_image_inside_text_stays_text() {
        let doc = crate::layout::layout_markdown_with(
            "see ![a](a.png) here",
            &with_grid(40),
            &sized("a.png", 10, 10),
        );
        assert_eq!(texts(&doc), ["see [image: a][1] here"]);
        assert!(doc.pictures.is_empty());
    }

    #[test]
    fn degenerate_sizes_still_take_a_cell() {
        assert_eq!(picture_cells(size(0, 0), GRID, 0), (1, 1));
        assert_eq!(picture_cells(size(u32::MAX, 1), GRID, 5), (5, 1));
        assert_eq!(picture_cells(size(1, u32::MAX), GRID, 5), (1, 15));
    }
}
