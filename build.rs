//! Rebuild when a sample post is added to or removed from `assets/posts/`: they are embedded
//! in the binary, and the compiler only notices changes to files it already included.
//!
//! Tabulate what each character of the Basic Multilingual Plane does to the reading-time
//! counts, by the counter's own rules (the same file), for the counter to look up.

use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/loader/stats/rules.rs"]
mod rules;

/// Characters per block of the table: the table has a block number for each 64 characters,
/// and each different block once.
const SHIFT: u32 = 6;

fn main() {
    println!("cargo:rerun-if-changed=assets/posts");
    println!("cargo:rerun-if-changed=src/loader/stats/rules.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("char_classes.rs"), char_classes()).expect("OUT_DIR is writable");
}

fn char_classes() -> String {
    let size = 1usize << SHIFT;
    let mut blocks: Vec<Vec<u8>> = Vec::new();
    let mut numbers = Vec::new();
    for first in (0..0x10000u32).step_by(size) {
        // Surrogates are no characters: their entries are never looked up.
        let block: Vec<u8> = (first..first + size as u32)
            .map(|code| char::from_u32(code).map_or(0, |c| rules::class_of(c) as u8))
            .collect();
        let number = match blocks.iter().position(|known| *known == block) {
            Some(number) => number,
            None => {
                blocks.push(block);
                blocks.len() - 1
            }
        };
        numbers.push(u8::try_from(number).expect("fewer than 256 different blocks"));
    }
    let mut source = String::new();
    writeln!(
        source,
        "/// Characters per block of [`BMP_CLASSES`], as a shift."
    )
    .unwrap();
    writeln!(source, "const BMP_SHIFT: usize = {SHIFT};").unwrap();
    writeln!(
        source,
        "/// The block of [`BMP_CLASSES`] of each {size} characters."
    )
    .unwrap();
    writeln!(
        source,
        "static BMP_BLOCKS: [u8; {}] = {numbers:?};",
        numbers.len()
    )
    .unwrap();
    writeln!(
        source,
        "/// Each different block: a [`CharClass`] number per character."
    )
    .unwrap();
    writeln!(
        source,
        "static BMP_CLASSES: [[u8; {size}]; {}] = [",
        blocks.len()
    )
    .unwrap();
    for block in &blocks {
        writeln!(source, "    {block:?},").unwrap();
    }
    writeln!(source, "];").unwrap();
    source
}
