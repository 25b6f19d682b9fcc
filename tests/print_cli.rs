//! `kiji --print` as a user runs it: width, colour, bad paths, hostile bytes, closed pipes.

use std::io::Read;
use std::process::Stdio;

use assert_cmd::Command;
use kiji::layout::width::str_width;

fn kiji() -> Command {
    let mut cmd = Command::cargo_bin("kiji").expect("kiji binary");
    // An empty config directory: kiji's defaults, whatever the developer set.
    let no_config = std::env::temp_dir().join("kiji-print-cli-no-config");
    std::fs::create_dir_all(&no_config).expect("temporary directory");
    cmd.env("KIJI_CONFIG_DIR", no_config).env_remove("NO_COLOR");
    cmd
}

fn write_post(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Exit code, stdout and stderr of a finished run.
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("kiji runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

const POST: &str = "---\ntitle: テスト\n---\n\n「AI拡散規則」撤回の真意は？米商務省の動きがAI業界に与える影響を読み解く。**「価値観」**という言葉、これは**重要。**です。\n";

#[test]
fn output_fits_the_requested_width() {
    let dir = tempfile::tempdir().unwrap();
    let post = write_post(&dir, "p.md", POST);
    for width in [16, 20, 33, 57] {
        let out = kiji()
            .args(["--print", "--width", &width.to_string()])
            .arg(&post)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(str_width(line, false) <= width, "{width}: {line:?}");
            assert!(!line.ends_with(' '), "{line:?}");
        }
        assert!(!text.contains("**"), "{text}");
    }
}

#[test]
fn a_pipe_gets_80_columns_and_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("---\ntitle: t\n---\n\n{}\n", "word ".repeat(100));
    let post = write_post(&dir, "p.md", &long);
    let out = kiji().arg("--print").arg(&post).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1B}'));
    let widest = text.lines().map(|l| str_width(l, false)).max().unwrap();
    assert!((70..=80).contains(&widest), "{widest}");
}

#[test]
fn colour_always_writes_sgr_and_never_writes_none() {
    let dir = tempfile::tempdir().unwrap();
    let post = write_post(&dir, "p.md", POST);
    let (code, always, _) = run(kiji().args(["--print", "--color", "always"]).arg(&post));
    assert_eq!(code, 0);
    assert!(always.contains("\u{1B}[1m「"), "{always}");
    let (_, never, _) = run(kiji().args(["--print", "--color", "never"]).arg(&post));
    assert!(!never.contains('\u{1B}'));
}

#[test]
fn escape_sequences_from_the_file_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "---\ntitle: \"x\\e]0;owned\\a\"\n---\n\nclear \u{1B}[2J screen \u{9B}31m and bell \u{7}\n\n```\n\u{1B}]52;c;ZXZpbA==\u{7}\tcode\n```\n";
    let post = write_post(&dir, "evil.md", evil);
    for color in ["never", "always"] {
        let out = kiji()
            .args(["--print", "--color", color])
            .arg(&post)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let stripped: String = text
            .split('\u{1B}')
            .enumerate()
            .map(|(i, part)| {
                // kiji's own SGR sequences are the only escapes allowed.
                if i == 0 {
                    part
                } else {
                    assert!(part.starts_with('['), "foreign escape: {part:?}");
                    let end = part.find('m').expect("SGR ends with m");
                    assert!(part[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'));
                    &part[end + 1..]
                }
            })
            .collect();
        assert!(
            !stripped.chars().any(|c| c.is_control() && c != '\n'),
            "{stripped:?}"
        );
        assert!(
            stripped.contains("clear [2J screen 31m and bell"),
            "{stripped}"
        );
    }
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let (code, _, stderr) = run(kiji().args(["--print", "no/such/post.md"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/post.md"), "{stderr}");
}

#[test]
fn a_directory_is_not_a_post() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(kiji().arg("--print").arg(dir.path()));
    assert_eq!(code, 2);
    assert!(stderr.contains("directory"), "{stderr}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "---\ntitle: t\n---\n\n{}",
        "長い段落の文章です。\n\n".repeat(20_000)
    );
    let post = write_post(&dir, "big.md", &big);
    let bin = assert_cmd::cargo::cargo_bin("kiji");
    let mut child = std::process::Command::new(bin)
        .env("KIJI_CONFIG_DIR", dir.path())
        .args(["--print", "--width", "40"])
        .arg(&post)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the reading end of the pipe is closed.
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{status:?} {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn colour_follows_the_configured_theme() {
    let dir = tempfile::tempdir().unwrap();
    let post = write_post(&dir, "p.md", "---\ntitle: t\n---\n\n# 見出し\n\n本文\n");
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("config.toml"),
        "[colors]\nheading-1 = \"#d787ff\"\n",
    )
    .unwrap();
    let (code, out, err) = run(kiji()
        .env("KIJI_CONFIG_DIR", config.path())
        .args(["--print", "--color", "always"])
        .arg(&post));
    assert_eq!(code, 0, "{err}");
    let heading = out
        .lines()
        .find(|l| l.contains("見出し"))
        .expect("heading row");
    assert!(heading.contains("38;2;215;135;255"), "{heading:?}");
}

#[test]
fn width_1_is_a_usage_error_naming_the_least_width() {
    // Layout needs 2 cells for a wide character; rows wider than asked would break the
    // promise of --width, so 1 is refused rather than quietly widened.
    let dir = tempfile::tempdir().unwrap();
    let path = write_post(&dir, "a.md", "# Title\n\nplain ascii words\n");
    let (code, stdout, stderr) = run(kiji().args(["--print", "--width", "1"]).arg(&path));
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("--width"), "{stderr}");
    assert!(stderr.contains("2.."), "{stderr}");
    let (code, stdout, _) = run(kiji().args(["--print", "--width", "2"]).arg(&path));
    assert_eq!(code, 0);
    assert!(stdout.lines().all(|l| str_width(l, false) <= 2), "{stdout}");
}

#[test]
fn a_picture_prints_as_its_alt_text_never_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    image::RgbImage::from_pixel(40, 20, image::Rgb([200, 100, 50]))
        .save(dir.path().join("pic.png"))
        .unwrap();
    let post = write_post(
        &dir,
        "p.md",
        "# P\n\n![A small picture](pic.png)\n\nAfter.\n",
    );
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "images = \"halfblocks\"\n").unwrap();
    for color in ["never", "always"] {
        let (code, out, _) = run(kiji()
            .arg("--config")
            .arg(&config)
            .args(["--print", "--color", color])
            .arg(&post));
        assert_eq!(code, 0);
        assert!(out.contains("[image: A small picture]"), "{out}");
        assert!(!out.contains(['▀', '▄']), "no half-blocks: {out}");
        // Neither kitty's (ESC _ G), iTerm2's (ESC ] 1337) nor Sixel's (ESC P … q) picture.
        for intro in ["\u{1b}_G", "\u{1b}]1337", "\u{1b}P"] {
            assert!(!out.contains(intro), "{intro:?} in {out:?}");
        }
    }
}
