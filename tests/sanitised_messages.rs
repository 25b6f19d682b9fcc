//! What kiji says on stderr can never act on the terminal: a file name, a `--config` path, a
//! value in config.toml or a state directory holding ESC, BEL, C1 or bidi controls is shown
//! with visible escapes (`\x1b`, `\u202e`), never written raw. And a path that is not UTF-8
//! survives `--list --json` exactly, so a script can reopen it.

mod tmux_support;
mod ui_support;

use std::ffi::OsStr;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tmux_support::{Tmux, kiji as kiji_command};

/// A title-changing OSC sequence ended by BEL: what a hostile file name would carry.
const OSC_TITLE: &str = "\u{1b}]0;pwned\u{7}";
/// A C1 CSI (U+009B), a right-to-left override and a left-to-right isolate.
const C1_AND_BIDI: &str = "\u{9b}2J\u{202e}fdp.\u{2066}";

fn kiji(config_dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kiji").expect("kiji binary");
    cmd.env("KIJI_CONFIG_DIR", config_dir)
        .env("KIJI_STATE_DIR", config_dir.join("state"))
        .env_remove("NO_COLOR");
    cmd
}

/// Fails unless `stderr` is text with no byte below 0x20 but `\n`, no DEL, no C1 control and
/// no bidi control.
fn assert_clean(stderr: &[u8]) -> String {
    let text = String::from_utf8(stderr.to_vec()).expect("stderr is UTF-8");
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    });
    assert_eq!(bad, None, "a raw control character on stderr: {text:?}");
    text
}

#[test]
fn a_missing_file_named_with_escapes_is_reported_with_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    for name in [format!("{OSC_TITLE}.md"), format!("{C1_AND_BIDI}.md")] {
        for args in [&[][..], &["--print"], &["--list"]] {
            let out = kiji(dir.path())
                .args(args)
                .arg(dir.path().join(&name))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let stderr = assert_clean(&out.stderr);
            assert!(stderr.contains("no such file or directory"), "{stderr}");
            assert!(
                stderr.contains(r"\x1b]0;pwned\x07.md")
                    || stderr.contains(r"\u009b2J\u202efdp.\u2066.md"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn a_binary_file_named_with_escapes_is_reported_with_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    for name in [format!("{OSC_TITLE}.md"), format!("{C1_AND_BIDI}.md")] {
        let path = dir.path().join(&name);
        std::fs::write(&path, b"\x00\x01binary\xff").unwrap();
        let printed = kiji(dir.path()).arg("--print").arg(&path).output().unwrap();
        assert_eq!(printed.status.code(), Some(1));
        let stderr = assert_clean(&printed.stderr);
        assert!(stderr.contains("binary file"), "{stderr}");
        assert!(stderr.contains("not a post kiji can read"), "{stderr}");

        let listed = kiji(dir.path())
            .arg("--list")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(listed.status.code(), Some(0));
        let stderr = assert_clean(&listed.stderr);
        assert!(stderr.contains("binary file"), "{stderr}");
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn a_config_path_with_escapes_is_reported_with_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(format!("{OSC_TITLE}\u{202e}.toml"));
    let out = kiji(dir.path())
        .arg("--config")
        .arg(&config)
        .arg("--print-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = assert_clean(&out.stderr);
    assert!(
        stderr.contains(r"\x1b]0;pwned\x07\u202e.toml: No such file"),
        "{stderr}"
    );

    // The same path, existing and holding a mistake: the diagnostic names it the same way.
    std::fs::write(&config, "theme = 3\n").unwrap();
    let out = kiji(dir.path())
        .arg("--config")
        .arg(&config)
        .arg("--print-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = assert_clean(&out.stderr);
    assert!(
        stderr.contains(r"\x1b]0;pwned\x07\u202e.toml:1:9: theme:"),
        "{stderr}"
    );
}

#[test]
fn a_bad_colour_value_with_escapes_is_quoted_with_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[colors]\nlink = \"\\u001b[31m\\u009b\\u202e\"\nlinc = \"red\"\n\"\\u001b]0;x\\u0007\" = \"red\"\n",
    )
    .unwrap();
    let out = kiji(dir.path()).arg("--print-config").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = assert_clean(&out.stderr);
    assert!(
        stderr.contains(r#"colors.link: "\x1b[31m\u009b\u202e" is not a colour"#),
        "{stderr}"
    );
    assert!(stderr.contains(r"\x1b]0;x\x07"), "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with("kiji: ")), "{stderr}");
}

#[test]
fn a_usage_error_quoting_an_argument_with_escapes_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiji(dir.path())
        .args(["--sort", "\u{202e}date\u{7}\u{9b}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = assert_clean(&out.stderr);
    assert!(stderr.starts_with("kiji: invalid value"), "{stderr}");
    assert!(stderr.contains(r"\u202edate"), "{stderr}");
}

#[test]
fn a_state_directory_with_escapes_that_fails_is_reported_with_visible_escapes() {
    let tmux = Tmux::start("state-escapes");
    // A state "directory" that is a file: the state file under it cannot be read.
    let blocked = tmux.state.path().join("st\u{1b}]0;pwned\u{7}\u{202e}");
    std::fs::write(&blocked, "not a directory").unwrap();
    let errors = tmux.state.path().join("stderr.txt");
    // bash's $'…' makes the escapes into the bytes, so the typed line holds none (and U+202E
    // as its UTF-8 bytes: `\u` would depend on the shell's locale).
    let state_dir = format!(
        "$'{}/st\\e]0;pwned\\a\\xe2\\x80\\xae'",
        tmux.state.path().display()
    );
    tmux.command(&format!(
        "KIJI_STATE_DIR={state_dir} {} 2>'{}'",
        kiji_command("assets/posts"),
        errors.display()
    ));
    let screen = tmux.wait_for("the list and the warning in the status line", |s| {
        Tmux::status_line(s).contains("warning: cannot read state.json")
    });
    assert!(screen.contains("My terminal toolbox, mid-2024"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    let stderr = std::fs::read(&errors).unwrap();
    let stderr = assert_clean(&stderr);
    assert!(
        stderr.contains(r"/st\x1b]0;pwned\x07\u202e/state.json"),
        "{stderr}"
    );
    assert!(stderr.starts_with("kiji: warning: cannot read"), "{stderr}");
    tmux.assert_terminal_restored();
}

fn latin1_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    let name = OsStr::from_bytes(b"caf\xe9 \x1b.md");
    let path = posts.join(name);
    std::fs::write(&path, "---\ntitle: Latin-1 name\n---\n\nCafé au lait.\n").unwrap();
    std::fs::write(posts.join("plain.md"), "# Plain\n\ntext\n").unwrap();
    (dir, path)
}

#[test]
fn a_path_that_is_not_utf8_round_trips_through_list_json() {
    let (dir, original) = latin1_dir();
    let out = kiji(dir.path())
        .args(["--list", "--json"])
        .arg(dir.path().join("posts"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let posts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let posts = posts.as_array().unwrap();
    let latin1 = posts.iter().find(|p| p["title"] == "Latin-1 name").unwrap();
    let plain = posts.iter().find(|p| p["title"] == "Plain").unwrap();
    assert!(
        plain.get("path_bytes").is_none(),
        "only for paths not UTF-8"
    );
    assert!(latin1["path"].as_str().unwrap().contains('\u{FFFD}'));

    let bytes: Vec<u8> = latin1["path_bytes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
        .collect();
    let reopened = PathBuf::from(std::ffi::OsString::from_vec(bytes));
    assert_eq!(reopened, original);
    let printed = kiji(dir.path())
        .args(["--print", "--width", "40"])
        .arg(&reopened)
        .output()
        .unwrap();
    assert!(printed.status.success(), "{printed:?}");
    assert!(String::from_utf8_lossy(&printed.stdout).contains("Café au lait."));
}

#[test]
fn a_path_that_is_not_utf8_is_shown_escaped_in_diagnostics() {
    let (dir, original) = latin1_dir();
    std::fs::write(&original, b"\x00binary").unwrap();
    let listed = kiji(dir.path())
        .arg("--list")
        .arg(dir.path().join("posts"))
        .output()
        .unwrap();
    assert!(listed.status.success());
    let stderr = assert_clean(&listed.stderr);
    assert!(stderr.contains(r"caf\xe9 \x1b.md: binary file"), "{stderr}");
    let stdout = String::from_utf8(listed.stdout).expect("UTF-8 rows");
    assert_eq!(stdout.trim(), "1 min  Plain");

    let printed = kiji(dir.path())
        .arg("--print")
        .arg(&original)
        .output()
        .unwrap();
    assert_eq!(printed.status.code(), Some(1));
    let stderr = assert_clean(&printed.stderr);
    assert!(
        stderr.contains(r"caf\xe9 \x1b.md: not a post kiji can read"),
        "{stderr}"
    );
}

#[test]
fn the_problems_overlay_shows_a_strange_file_name_with_visible_escapes() {
    let mut library = ui_support::library();
    let name = OsStr::from_bytes(b"posts/bin\x1b]0;pwned\x07\xe2\x80\xaefdp\xe9.md");
    library.diagnostics.push(kiji::model::Diagnostic {
        path: PathBuf::from(name),
        line: None,
        message: "binary file (NUL byte); skipped".into(),
    });
    let mut app = ui_support::app(library, 100, 20);
    ui_support::apply(&mut app, &[kiji::ui::Action::Diagnostics]);
    let screen = ui_support::screen_lines(&ui_support::draw(&app)).join("\n");
    assert!(
        screen.contains(r"posts/bin\x1b]0;pwned\x07\u202efdp\xe9.md: binary file"),
        "{screen}"
    );
}

/// Whether `line` names stderr as a word (`io::stderr()`, `Stderr`), not as part of another
/// name such as clap's `use_stderr`.
fn names_stderr(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.match_indices("stderr").any(|(at, word)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        let part_of_name = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !part_of_name(before) && !part_of_name(after)
    })
}

/// Architecture check: `src/report.rs` is the one door to stderr, so a new message cannot
/// skip the sanitiser.
#[test]
fn only_the_report_module_writes_to_stderr() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut folders = vec![src.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path == src.join("report.rs") || path.extension() != Some(OsStr::new("rs")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.lines().enumerate().filter(|(_, l)| {
                let l = l.trim_start();
                !l.starts_with("//")
            });
            for (n, line) in code {
                // Giving a child process (the opener, the editor) a stderr of its own is not
                // kiji writing there.
                let child_stream = line.trim_start().starts_with(".stderr(Stdio::");
                if line.contains("eprint")
                    || line.contains("dbg!")
                    || (names_stderr(line) && !child_stream)
                {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "write to stderr through kiji::report:\n{}",
        offenders.join("\n")
    );
}
