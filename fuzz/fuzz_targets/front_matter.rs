//! Front matter alone: the input is put between delimiter lines (YAML or TOML, chosen by the
//! first byte) above a one-line body, so every run reaches the front matter parsers and the
//! recovery reader. Must never panic, and the body must survive whatever the block holds.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, block)) = data.split_first() else {
        return;
    };
    let Ok(block) = std::str::from_utf8(block) else {
        return;
    };
    let fence = if kind & 1 == 0 { "---" } else { "+++" };
    let file = format!("{fence}\n{block}\n{fence}\nBODY-END\n");
    let (post, _) = kiji::loader::parse_post(Path::new("fuzz.md"), file.as_bytes());
    if let Some(post) = post {
        // A delimiter line inside the block may end it early; the body still ends with ours.
        assert!(
            post.body.ends_with("BODY-END\n"),
            "body lost: {:?}",
            post.body
        );
    }
});
