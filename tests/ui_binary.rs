//! The binary's ways in that do not need a terminal: what `kiji` does when its output is a
//! pipe, and where it looks for posts when given no path.

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn kiji() -> Command {
    Command::cargo_bin("kiji").unwrap()
}

#[test]
fn a_file_into_a_pipe_is_printed_not_opened() {
    let output = kiji()
        .current_dir(ROOT)
        .arg("assets/posts/2024-08-15-kyoto-trip.md")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("夏の京都"), "{text}");
    assert!(
        !text.contains("\x1b[?1049h"),
        "no alternate screen in a pipe"
    );
}

#[test]
fn a_folder_into_a_pipe_is_listed() {
    let output = kiji()
        .current_dir(ROOT)
        .arg("assets/posts")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("夏の京都、早朝の散歩"), "{text}");
    assert!(text.contains("My terminal toolbox, mid-2024"), "{text}");
}

#[test]
fn no_path_and_no_site_here_means_the_bundled_samples() {
    let empty = tempfile::tempdir().unwrap();
    let output = kiji().current_dir(empty.path()).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("My terminal toolbox, mid-2024"), "{text}");
}

#[test]
fn no_path_in_a_jekyll_site_means_its_posts_folder() {
    let site = tempfile::tempdir().unwrap();
    let posts = site.path().join("_posts");
    std::fs::create_dir(&posts).unwrap();
    std::fs::write(
        posts.join("2025-02-01-hello.md"),
        "---\ntitle: Hello from a Jekyll site\ndate: 2025-02-01\n---\n\nBody.\n",
    )
    .unwrap();
    let output = kiji().current_dir(site.path()).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Hello from a Jekyll site"), "{text}");
    assert!(!text.contains("My terminal toolbox"), "{text}");
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let output = kiji()
        .current_dir(ROOT)
        .arg("no/such/place")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/place"));
}

#[test]
fn listing_and_printing_never_read_or_write_the_state() {
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("state.json");
    std::fs::write(&file, "not json at all").unwrap();
    for args in [
        &["--list", "assets/posts"][..],
        &["--print", "assets/posts/2024-08-15-kyoto-trip.md"][..],
    ] {
        let output = kiji()
            .current_dir(ROOT)
            .env("KIJI_STATE_DIR", state.path())
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(output.stderr.is_empty(), "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not json at all");
    assert_eq!(std::fs::read_dir(state.path()).unwrap().count(), 1);
}
