//! How many bytes kiji reads for a file far over the size limit, counted by the kernel
//! (`rchar` in /proc/self/io). Its own test binary with one test, so nothing else in the
//! process reads meanwhile; Linux only, where that count exists.

#![cfg(target_os = "linux")]

use kiji::loader::{LoadOptions, load_with};

/// Bytes this process has read so far, by any means.
fn bytes_read() -> u64 {
    let io = std::fs::read_to_string("/proc/self/io").expect("/proc/self/io");
    let line = io.lines().find(|l| l.starts_with("rchar:")).expect("rchar");
    line["rchar:".len()..].trim().parse().unwrap()
}

/// A sparse 2 GB `.md` was read whole: 2 GB of memory and 11 s. Now a folder skips it
/// without reading it, and named on its own it is read to the limit only.
#[test]
fn a_sparse_2_gb_post_costs_what_the_limit_allows() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.md");
    // Text first, so that what is read is a post (the zeros after it are past the 8 KB
    // that decide whether a file is binary).
    std::fs::write(
        &huge,
        "# Huge\n\n".to_string() + &"text line\n".repeat(1000),
    )
    .unwrap();
    let file = std::fs::File::options().write(true).open(&huge).unwrap();
    file.set_len(2 << 30).unwrap();
    drop(file);
    std::fs::write(dir.path().join("small.md"), "# Small\n").unwrap();

    let before = bytes_read();
    let library = load_with(dir.path(), &LoadOptions::default());
    let read_for_folder = bytes_read() - before;
    assert_eq!(library.posts.len(), 1);
    assert_eq!(library.posts[0].title, "Small");
    assert!(library.diagnostics[0].message.contains("2.0 GB is over"));
    assert!(read_for_folder < 64 * 1024, "{read_for_folder} bytes read");

    let limit = 1024 * 1024;
    let before = bytes_read();
    let library = load_with(
        &huge,
        &LoadOptions {
            max_post_bytes: limit,
        },
    );
    let read_for_file = bytes_read() - before;
    assert_eq!(library.posts[0].title, "Huge");
    assert!(
        library.posts[0]
            .body
            .contains("kiji shows its first 1 MB only")
    );
    assert!(
        read_for_file <= limit + 1 + 64 * 1024,
        "{read_for_file} bytes read for a limit of {limit}"
    );
}
