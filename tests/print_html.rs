//! `kiji --print` on raw HTML in a post: character references read the same inside a
//! `<div>` as in a Markdown paragraph, with HTML5's whole table of names.

use assert_cmd::Command;

fn print(post_text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("p.md");
    std::fs::write(&post, post_text).unwrap();
    let no_config = dir.path().join("config");
    std::fs::create_dir_all(&no_config).unwrap();
    let out = Command::cargo_bin("kiji")
        .expect("kiji binary")
        .env("KIJI_CONFIG_DIR", no_config)
        .args(["--print", "--width", "40"])
        .arg(&post)
        .output()
        .expect("kiji runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

fn body_line(output: &str) -> &str {
    output
        .lines()
        .find(|line| line.contains('♥') || line.contains("&hearts;"))
        .unwrap_or_else(|| panic!("no body line in {output:?}"))
}

#[test]
fn references_in_a_div_decode_like_in_a_paragraph() {
    let html = print("---\ntitle: t\n---\n\n<div>&hearts; &nbsp; &#x1F600;</div>\n");
    let markdown = print("---\ntitle: t\n---\n\n&hearts; &nbsp; &#x1F600;\n");
    let line = body_line(&html);
    assert!(line.contains('♥'), "{line:?}");
    assert!(line.contains('\u{A0}'), "{line:?}");
    assert!(line.contains('😀'), "{line:?}");
    assert_eq!(line, body_line(&markdown));
}

#[test]
fn a_name_outside_the_table_stays_as_written() {
    let out = print("---\ntitle: t\n---\n\n<div>&bogus; &hearts;</div>\n");
    assert!(body_line(&out).contains("&bogus; ♥"), "{out:?}");
}
