//! The whole post pipeline on arbitrary bytes: decode, front matter, body, then the layout
//! of the post at a width taken from the input, with pictures when a flag says so (every
//! picture given a size from the input). Must never panic, and every row must fit. The
//! post's first part (ending about where the width byte says) is the whole layout's first
//! rows, row for row (repeats not folded: a run of them may cross the part's end).
#![no_main]

use std::path::Path;

use kiji::layout::{
    Options, PictureGrid, PictureSizes, PixelSize, first_part, invariants, layout_post,
    layout_post_with,
};
use kiji::model::ReadingRates;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&[w, flags], bytes)) = data.split_first_chunk::<2>() else {
        return;
    };
    let (post, _) = kiji::loader::parse_post(Path::new("2024-01-02-fuzz.md"), bytes);
    let Some(post) = post else { return };
    let options = Options {
        width: usize::from(w % 160),
        ambiguous_wide: flags & 1 == 1,
        fold_repeats: flags & 2 == 2,
        pictures: (flags & 4 == 4).then_some(PictureGrid {
            cell_width: 1,
            cell_height: 2,
            max_rows: u16::from(flags >> 3),
        }),
        // The reader's ways too: code lines whole, `<details>` folded, some opened.
        wrap_code: flags & 8 == 0,
        fold_details: flags & 16 == 16,
        details_open: u64::from(flags),
        ..Options::new(usize::from(w % 160))
    };
    let sizing = layout_post(&post, ReadingRates::default(), &options);
    let size = PixelSize {
        width: u32::from(w) * 31,
        height: u32::from(flags) * 17,
    };
    let sizes: PictureSizes = sizing
        .picture_urls
        .iter()
        .map(|u| (u.clone(), size))
        .collect();
    let doc = layout_post_with(&post, ReadingRates::default(), &options, &sizes);
    for place in &doc.pictures {
        assert!(
            place.rows.end <= doc.rows.len()
                && place.column + place.columns <= options.width.max(2)
        );
    }
    for row in &doc.rows {
        let cells: usize = row
            .spans
            .iter()
            .map(|s| kiji::text::width::str_width(&s.text, options.ambiguous_wide))
            .sum();
        // A code line kept whole (`wrap_code` off) is the one row meant to be wider: the
        // reader scrolls it past its gutter, which must still fit.
        let fits = match row.scrolls_from {
            Some(gutter) => gutter <= options.width.max(2),
            None => cells <= options.width.max(2),
        };
        assert!(
            fits || invariants::holds_one_oversized_character(row),
            "row {:?} takes {cells} cells at width {}",
            row.text(),
            options.width
        );
    }
    let near = post.body.len() * usize::from(w) / 256;
    if !options.fold_repeats
        && let Some(part) =
            first_part::layout_first_part(&post, ReadingRates::default(), &options, &sizes, near)
    {
        let n = part.rows.len();
        assert!(n <= doc.rows.len() && part.rows == doc.rows[..n], "the part differs");
    }
});
