//! `kiji --print` and `kiji --list` take control characters out of text from posts by the
//! same rule: bidirectional controls included, which once reached `--print` but not `--list`.

use assert_cmd::Command;

const POST: &str =
    "---\ntitle: \"Ti\u{202E}tle\u{202C}\"\n---\n\nbo\u{2066}dy\u{2069} \u{200E}text\u{1B}[2J\n";

fn kiji(dir: &tempfile::TempDir, args: &[&str]) -> String {
    let post = dir.path().join("p.md");
    std::fs::write(&post, POST).unwrap();
    let no_config = dir.path().join("config");
    std::fs::create_dir_all(&no_config).unwrap();
    let out = Command::cargo_bin("kiji")
        .expect("kiji binary")
        .env("KIJI_CONFIG_DIR", no_config)
        .args(args)
        .arg(&post)
        .output()
        .expect("kiji runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{200E}' | '\u{200F}')
}

#[test]
fn print_and_list_strip_bidi_controls_alike() {
    let dir = tempfile::tempdir().unwrap();
    let print = kiji(&dir, &["--print", "--width", "40"]);
    let list = kiji(&dir, &["--list"]);
    for out in [&print, &list] {
        assert!(!out.contains(is_bidi_control), "{out:?}");
        assert!(!out.contains('\u{1B}'), "{out:?}");
        assert!(out.contains("Title"), "{out:?}");
    }
    assert!(print.contains("body text[2J"), "{print:?}");
}
