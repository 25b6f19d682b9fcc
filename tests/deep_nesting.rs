//! Nesting the input controls never takes the stack: 100,000 levels of `>`, `- `, `* `,
//! `<div>`, `<blockquote>` and `<ul><li>` lay out (on a test thread's small stack) and print,
//! in time linear in the input, and keep their text. Past `MAX_NESTING` containers are shown
//! flat, as browsers cap the depth of their DOM.

use assert_cmd::Command;
use kiji::layout::{Options, layout_markdown, width::str_width};

const DEPTH: usize = 100_000;

fn deep_bodies() -> Vec<(&'static str, String)> {
    vec![
        ("quotes", ">".repeat(DEPTH) + " the innermost words\n"),
        (
            "quotes with spaces",
            "> ".repeat(DEPTH) + "the innermost words\n",
        ),
        ("dash lists", "- ".repeat(DEPTH) + "the innermost words\n"),
        ("star lists", "* ".repeat(DEPTH) + "the innermost words\n"),
        (
            "ordered lists",
            "1. ".repeat(DEPTH) + "the innermost words\n",
        ),
        (
            "divs",
            "<div>".repeat(DEPTH) + "the innermost words" + &"</div>".repeat(DEPTH) + "\n",
        ),
        (
            "html quotes",
            "<blockquote>".repeat(DEPTH) + "the innermost words\n",
        ),
        (
            "html lists",
            "<ul><li>".repeat(DEPTH / 2) + "the innermost words" + &"</li></ul>".repeat(DEPTH / 2),
        ),
    ]
}

#[test]
fn layout_of_100000_deep_nesting_keeps_the_text_within_the_width() {
    for (what, body) in deep_bodies() {
        for width in [20, 80] {
            let doc = layout_markdown(&body, &Options::new(width));
            let text: String = doc.rows.iter().map(|r| r.text() + "\n").collect();
            assert!(
                text.contains("innermost") && text.contains("words"),
                "{what} at {width}: the text is kept"
            );
            for row in &doc.rows {
                assert!(
                    str_width(&row.text(), false) <= width,
                    "{what} at {width}: {row:?}"
                );
            }
        }
    }
}

#[test]
fn print_of_100000_deep_nesting_finishes_and_keeps_the_text() {
    let dir = tempfile::tempdir().unwrap();
    for (what, body) in deep_bodies() {
        let path = dir.path().join("deep.md");
        std::fs::write(&path, &body).unwrap();
        let out = Command::cargo_bin("kiji")
            .unwrap()
            .env("KIJI_CONFIG_DIR", dir.path())
            .args(["--print", "--width", "60"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{what}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("the innermost words"), "{what}");
    }
}

#[test]
fn nesting_up_to_the_limit_keeps_its_structure() {
    // Real posts nest a few levels: each level still draws its own gutter.
    let body = ">>> three levels\n";
    let doc = layout_markdown(body, &Options::new(40));
    let row = doc
        .rows
        .iter()
        .map(|r| r.text())
        .find(|t| t.contains("three levels"))
        .unwrap();
    assert_eq!(row.matches('│').count(), 3, "{row}");
}
