//! `kiji --print` and links: with `--color always` the text of each web or mail link is an
//! OSC 8 hyperlink, checked byte by byte; never with `--color never` or under `NO_COLOR`,
//! and never for an address that is not http, https or mailto or that hides a control
//! character.

use assert_cmd::Command;

const POST: &str = "---\ntitle: T\n---\n\n\
see [docs](https://d.test/記) and [bad](javascript:x) [rel](b.md) \
[bell](<https://e.test/&#7;x>) [mail](mailto:a@b.test)\n";

fn print(dir: &tempfile::TempDir, args: &[&str], no_color: bool) -> Vec<u8> {
    let path = dir.path().join("p.md");
    std::fs::write(&path, POST).unwrap();
    let mut cmd = Command::cargo_bin("kiji").unwrap();
    cmd.env("KIJI_CONFIG_DIR", dir.path())
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd
        .args(["--print", "--width", "100"])
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

/// The printed line holding the post's text.
fn text_line(out: &[u8]) -> Vec<u8> {
    out.split(|&b| b == b'\n')
        .find(|line| line.starts_with(b"see "))
        .expect("the text line")
        .to_vec()
}

#[test]
fn web_and_mail_links_are_osc_8_hyperlinks_with_colour() {
    let dir = tempfile::tempdir().unwrap();
    let line = text_line(&print(&dir, &["--color", "always"], false));
    let expected: &[u8] = b"see \
        \x1b]8;;https://d.test/%E8%A8%98\x1b\\\
        \x1b[38;5;12m\x1b[4mdocs\x1b[0m\x1b[38;5;6m[1]\
        \x1b]8;;\x1b\\\
        \x1b[0m and \
        \x1b[38;5;12m\x1b[4mbad\x1b[0m\x1b[38;5;6m[2]\x1b[0m \
        \x1b[38;5;12m\x1b[4mrel\x1b[0m\x1b[38;5;6m[3]\x1b[0m \
        \x1b[38;5;12m\x1b[4mbell\x1b[0m\x1b[38;5;6m[4]\x1b[0m \
        \x1b]8;;mailto:a@b.test\x1b\\\
        \x1b[38;5;12m\x1b[4mmail\x1b[0m\x1b[38;5;6m[5]\x1b[0m\
        \x1b]8;;\x1b\\";
    assert_eq!(
        String::from_utf8_lossy(&line),
        String::from_utf8_lossy(expected)
    );
}

#[test]
fn no_hyperlinks_without_colour_or_under_no_color() {
    let dir = tempfile::tempdir().unwrap();
    for (args, no_color) in [
        (&["--color", "never"][..], false),
        (&["--color", "always"][..], true),
        (&[][..], true),
        (&[][..], false),
    ] {
        let out = print(&dir, args, no_color);
        assert!(
            !out.windows(4).any(|w| w == b"\x1b]8;"),
            "{args:?} NO_COLOR={no_color}: {}",
            String::from_utf8_lossy(&out)
        );
    }
}

#[test]
fn no_address_can_smuggle_an_escape_or_a_bell_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = print(&dir, &["--color", "always"], false);
    let hyperlinks = out.windows(4).filter(|w| *w == b"\x1b]8;").count();
    assert_eq!(hyperlinks, 4, "docs and mail, each opened and closed");
    assert!(!out.contains(&0x07), "no BEL from the &#7; address");
}
