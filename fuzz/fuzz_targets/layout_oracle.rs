//! The differential layout oracle (`kiji::layout::invariants`) on documents drawn from its
//! grammar of Markdown, HTML, Liquid and multilingual tokens: each input byte picks a token,
//! the first two pick the width and the ambiguous-width setting. No panic, no row past the
//! width, no text pulldown-cmark sees that kiji's rows lose.
#![no_main]

use kiji::layout::invariants::{assemble, check};
use kiji::layout::{Options, layout_markdown};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&[w, flags], picks)) = data.split_first_chunk::<2>() else {
        return;
    };
    let markdown = assemble(picks.iter().map(|&b| usize::from(b)));
    let options = Options {
        width: usize::from(w % 120),
        ambiguous_wide: flags & 1 == 1,
        // Folded text is hidden on purpose; the oracle checks that nothing else is.
        fold_repeats: false,
        pictures: None,
        // Every `<details>` open and code wrapped: the oracle asks for all the text.
        ..Options::new(usize::from(w % 120))
    };
    let doc = layout_markdown(&markdown, &options);
    if let Err(violation) = check(&markdown, &options, &doc) {
        panic!("width {}, input {markdown:?}: {violation:?}", options.width);
    }
});
