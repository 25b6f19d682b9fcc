//! `kiji --print` on every sample post at widths 20, 40 and 80, as insta snapshots: what a
//! reader sees in a narrow pane, a half screen and a classic terminal.

use std::path::PathBuf;

use assert_cmd::Command;

fn sample_posts() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/posts");
    let mut posts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("assets/posts exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    posts.sort();
    posts
}

fn print(post: &PathBuf, width: usize) -> String {
    // No config file: the snapshots show kiji's defaults, whatever the developer set.
    let no_config = tempfile::tempdir().expect("temporary directory");
    let output = Command::cargo_bin("kiji")
        .expect("kiji binary")
        .env("KIJI_CONFIG_DIR", no_config.path())
        .env_remove("NO_COLOR")
        .arg("--print")
        .arg(post)
        .args(["--width", &width.to_string()])
        .output()
        .expect("kiji runs");
    assert!(output.status.success(), "{}: {:?}", post.display(), output);
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn sample_posts_print_as_the_reader_shows_them() {
    let posts = sample_posts();
    assert!(!posts.is_empty(), "no sample posts found");
    for post in posts {
        let stem = post.file_stem().unwrap().to_string_lossy().into_owned();
        for width in [20, 40, 80] {
            insta::assert_snapshot!(format!("{stem}@{width}"), print(&post, width));
        }
    }
}
