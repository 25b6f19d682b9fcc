//! The whole post pipeline on arbitrary bytes: decode, front matter, body, then the layout
//! of the post at a width taken from the input. Must never panic, and every row must fit.
#![no_main]

use std::path::Path;

use kiji::layout::{Options, invariants, layout_post};
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
    };
    let doc = layout_post(&post, ReadingRates::default(), &options);
    for row in &doc.rows {
        let cells: usize = row
            .spans
            .iter()
            .map(|s| kiji::text::width::str_width(&s.text, options.ambiguous_wide))
            .sum();
        assert!(
            cells <= options.width.max(2) || invariants::holds_one_oversized_character(row),
            "row {:?} takes {cells} cells at width {}",
            row.text(),
            options.width
        );
    }
});
