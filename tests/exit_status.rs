//! The exit status of each mode, as the README documents it: 0 when kiji did what was asked
//! (even with problems in some posts), 1 when `--print` was given something that is not a
//! post (a binary file) or an error stopped kiji, 2 for bad usage (arguments, a path that
//! does not exist, a bad config file), 128 + the signal when a signal ended the reader.

mod tmux_support;

use std::path::Path;

use assert_cmd::Command;
use tmux_support::{PROMPT, Tmux, kiji as kiji_command};

fn kiji(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kiji").expect("kiji binary");
    cmd.env("KIJI_CONFIG_DIR", dir.join("config"))
        .env("KIJI_STATE_DIR", dir.join("state"))
        .env_remove("NO_COLOR");
    cmd
}

/// A folder with one good post, one binary file and one with unclosed front matter.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    std::fs::write(posts.join("good.md"), "# Good\n\ntext\n").unwrap();
    std::fs::write(posts.join("binary.md"), b"\x00\x01\x02").unwrap();
    std::fs::write(posts.join("open.md"), "---\ntitle: [unclosed\n").unwrap();
    dir
}

fn status(cmd: &mut Command) -> i32 {
    let out = cmd.output().unwrap();
    out.status
        .code()
        .unwrap_or_else(|| panic!("killed: {out:?}"))
}

#[test]
fn print_exits_0_for_a_post_1_for_a_binary_file_and_2_for_bad_usage() {
    let dir = site();
    let posts = dir.path().join("posts");
    let d = dir.path();
    assert_eq!(status(kiji(d).arg("--print").arg(posts.join("good.md"))), 0);
    assert_eq!(
        status(kiji(d).arg("--print").arg(posts.join("binary.md"))),
        1
    );
    assert_eq!(status(kiji(d).arg("--print").arg(posts.join("none.md"))), 2);
    assert_eq!(status(kiji(d).arg("--print").arg(&posts)), 2);
    assert_eq!(
        status(
            kiji(d)
                .args(["--print", "--width", "1"])
                .arg(posts.join("good.md"))
        ),
        2
    );
    assert_eq!(status(kiji(d).arg("--print").write_stdin("# piped\n")), 0);
    assert_eq!(
        status(kiji(d).arg("--print").write_stdin(&b"\x00binary"[..])),
        1
    );
}

#[test]
fn list_exits_0_even_with_problem_files_and_2_for_a_missing_path() {
    let dir = site();
    let posts = dir.path().join("posts");
    let d = dir.path();
    for json in [false, true] {
        let mut cmd = kiji(d);
        cmd.arg("--list").arg(&posts);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "json {json}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("binary file"));
    }
    assert_eq!(status(kiji(d).arg("--list").arg(d.join("empty"))), 0);
    assert_eq!(status(kiji(d).arg("--list").arg(d.join("nowhere"))), 2);
    // Not a terminal and not a file: the folder is listed, with the same status.
    assert_eq!(status(kiji(d).arg(&posts)), 0);
}

#[test]
fn print_config_exits_0_and_a_bad_config_2_in_every_mode() {
    let dir = site();
    let d = dir.path();
    assert_eq!(status(kiji(d).arg("--print-config")), 0);
    std::fs::create_dir_all(d.join("config")).unwrap();
    std::fs::write(d.join("config/config.toml"), "theme = \"blue\"\n").unwrap();
    let good = d.join("posts/good.md");
    assert_eq!(status(kiji(d).arg("--print-config")), 2);
    assert_eq!(status(kiji(d).arg("--print").arg(&good)), 2);
    assert_eq!(status(kiji(d).arg("--list").arg(d.join("posts"))), 2);
    assert_eq!(
        status(kiji(d).args(["--config", "/no/such/config.toml", "--list"])),
        2
    );
}

#[test]
fn usage_errors_exit_2_and_help_and_version_0() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(status(kiji(d).arg("--no-such-option")), 2);
    assert_eq!(status(kiji(d).arg("--json")), 2, "--json needs --list");
    assert_eq!(status(kiji(d).args(["--list", "--print"])), 2);
    assert_eq!(status(kiji(d).args(["--sort", "size", "--list"])), 2);
    for flag in ["--help", "--version"] {
        let out = kiji(d).arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert!(!out.stdout.is_empty() && out.stderr.is_empty(), "{flag}");
    }
}

#[test]
fn the_reader_exits_0_when_quit_and_128_plus_the_signal_when_signalled() {
    let tmux = Tmux::start("exit-status");
    for (quit, expected) in [("q", "status=0"), ("C-c", "status=0")] {
        tmux.command(&kiji_command("assets/posts"));
        tmux.wait_for("the post list", |s| s.contains("11 posts"));
        tmux.keys(&[quit]);
        tmux.wait_for_prompt();
        tmux.command("echo status=$?");
        tmux.wait_for(expected, |s| s.contains(expected));
        tmux.command("clear");
        tmux.wait_for("a cleared screen", |s| s.trim_end() == PROMPT.trim_end());
    }
    tmux.command(&kiji_command("assets/posts"));
    tmux.wait_for("the post list", |s| s.contains("11 posts"));
    tmux.signal_child("HUP");
    tmux.wait_for_prompt();
    tmux.command("echo status=$?");
    tmux.wait_for("status=129", |s| s.contains("status=129"));
    tmux.assert_terminal_restored();
}
