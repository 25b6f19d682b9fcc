//! Text the layout lost, found by the differential oracle (`kiji::layout::invariants`, its
//! property test and the `layout_oracle` fuzz target): each case, kept so it stays found.

use kiji::layout::invariants::check;
use kiji::layout::{Options, layout_markdown};

fn shown(markdown: &str, width: usize) -> String {
    let options = Options::new(width);
    let doc = layout_markdown(markdown, &options);
    check(markdown, &options, &doc).unwrap_or_else(|v| panic!("width {width}: {v:?}"));
    doc.rows
        .iter()
        .map(|r| r.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_header_only_table_too_narrow_for_a_grid_still_shows_its_header() {
    let text = shown("| alpha | beta |\n|---|:-:|\n", 8);
    assert!(text.contains("alpha") && text.contains("beta"), "{text}");
}

#[test]
fn a_code_row_filled_by_one_wide_character_leaves_out_the_continuation_mark() {
    // `ﾅﾞ` is three cells: with the quote's and the code's indent it fills a row of 6.
    let markdown = "> ```\n> ｶﾀｶﾅﾞｶ\n";
    let options = Options::new(6);
    let doc = layout_markdown(markdown, &options);
    check(markdown, &options, &doc).unwrap_or_else(|v| panic!("{v:?}"));
}

#[test]
fn hugo_shortcodes_expanded_lose_no_text_at_any_width() {
    let file = std::fs::read("tests/fixtures/hugo-site/content/posts/shortcodes.md").unwrap();
    let (post, _) = kiji::loader::parse_post(std::path::Path::new("shortcodes.md"), &file);
    let body = post.expect("the fixture is a post").body;
    for width in [20, 40, 80] {
        let text = shown(&body, width);
        assert!(
            text.contains("Mind the gap") && !text.contains("{{%"),
            "{text}"
        );
    }
}
