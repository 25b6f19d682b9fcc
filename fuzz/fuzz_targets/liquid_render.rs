//! Jekyll Liquid on arbitrary text, with includes that include each other: a render ends
//! (within the loop, depth and output limits) with text or a diagnostic, never a panic, a
//! stack overflow or a hang.
#![no_main]

use std::sync::Arc;

use kiji::site::jekyll_liquid::{Includes, Limits, render};
use libfuzzer_sys::fuzz_target;

/// Includes named `a.md` and `b.md` hold the input itself, so it can include itself.
struct Itself(String);

impl Includes for Itself {
    fn read(&self, name: &str) -> Result<String, String> {
        match name {
            "a.md" | "b.md" => Ok(self.0.clone()),
            _ => Err("not found".into()),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let globals = liquid_core::object!({
        "page": {"title": "T", "tags": ["a", "b"], "n": 3},
        "site": {"data": {"list": [{"k": 1}, {"k": 2}], "name": "S"}},
    });
    // Small limits keep each run short; the limits themselves are what is tested.
    let limits = Limits {
        iterations: 10_000,
        include_depth: 8,
        output_bytes: 1 << 20,
    };
    let _ = render(text, &globals, Arc::new(Itself(text.to_owned())), limits);
});
