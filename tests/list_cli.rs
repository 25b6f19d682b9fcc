//! `kiji --list` as a user runs it: the real binary on a folder of posts written by the test.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs kiji with `args`, failing the test if it has not finished within [`TIMEOUT`] (a
/// symlink loop must not hang it). Output goes to files so a full pipe cannot stall it.
fn kiji(args: &[&str]) -> Output {
    let scratch = tempfile::tempdir().unwrap();
    let out_path = scratch.path().join("out");
    let err_path = scratch.path().join("err");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiji"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().unwrap();
            panic!("kiji {args:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: fs::read(out_path).unwrap(),
        stderr: fs::read(err_path).unwrap(),
    }
}

fn write(root: &Path, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// A small site: YAML and TOML front matter, a Jekyll folder, no front matter, a draft, and
/// files that must not be listed.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "yaml.md",
        "---\ntitle: \"Rust と日本語\"\ndate: 2025-09-29 20:31:25 +0900\ntags: [Rust, CLI]\n\
         categories: [\"Tools\"]\nauthor: Ann\nreading_time: \"7 min\"\n---\n\n\
         本文はここから始まります。Then some English words follow.\n",
    );
    write(
        root,
        "toml.md",
        "+++\ntitle = \"Zola post\"\ndate = 2024-05-01\nauthors = [\"Bo\", \"Cy\"]\n\
         [taxonomies]\ntags = [\"rust\"]\n+++\n\nBody text.\n",
    );
    write(
        root,
        "blog/_posts/2023-02-03-jekyll-post.markdown",
        "---\ntags: rust web\ndraft: true\n---\n\n# The Jekyll Title\n\nText.\n",
    );
    write(
        root,
        "plain.md",
        "Just text, no front matter, no heading.\n",
    );
    write(root, ".hidden.md", "---\ntitle: hidden\n---\n");
    write(root, "node_modules/pkg/README.md", "# dependency\n");
    write(root, "notes.txt", "not a post by extension\n");
    dir
}

fn json(output: &Output) -> Vec<Value> {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Value>(&output.stdout)
        .expect("stdout is JSON")
        .as_array()
        .expect("a JSON array")
        .clone()
}

fn titles(posts: &[Value]) -> Vec<&str> {
    posts.iter().map(|p| p["title"].as_str().unwrap()).collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn json_lists_every_post_newest_first_with_its_fields() {
    let site = site();
    let posts = json(&kiji(&["--list", site.path().to_str().unwrap(), "--json"]));
    assert_eq!(
        titles(&posts),
        ["Rust と日本語", "Zola post", "The Jekyll Title", "plain"]
    );

    let yaml = &posts[0];
    assert_eq!(yaml["date"], "2025-09-29T20:31:25+09:00");
    assert_eq!(yaml["tags"], serde_json::json!(["Rust", "CLI"]));
    assert_eq!(yaml["categories"], serde_json::json!(["Tools"]));
    assert_eq!(yaml["author"], "Ann");
    assert_eq!(yaml["declared_reading_time"], 7);
    assert_eq!(yaml["reading_minutes"], 1);
    assert_eq!(yaml["cjk_chars"], 12);
    assert_eq!(yaml["words"], 5);
    assert_eq!(yaml["draft"], false);
    assert_eq!(yaml["diagnostics"], serde_json::json!([]));
    assert!(yaml["path"].as_str().unwrap().ends_with("yaml.md"));
    assert!(yaml["excerpt"].as_str().unwrap().starts_with("本文は"));

    assert_eq!(posts[1]["date"], "2024-05-01");
    assert_eq!(posts[1]["author"], "Bo, Cy");
    assert_eq!(posts[1]["tags"], serde_json::json!(["rust"]));

    let jekyll = &posts[2];
    assert_eq!(jekyll["date"], "2023-02-03");
    assert_eq!(jekyll["tags"], serde_json::json!(["rust", "web"]));
    assert_eq!(jekyll["draft"], true);

    let plain = &posts[3];
    assert_eq!(plain["date"], Value::Null);
    assert_eq!(plain["author"], Value::Null);
    assert_eq!(plain["declared_reading_time"], Value::Null);
}

#[test]
fn tag_filter_requires_every_tag_ignoring_case() {
    let site = site();
    let root = site.path().to_str().unwrap();
    let rust = json(&kiji(&["--list", root, "--json", "--tag", "RUST"]));
    assert_eq!(
        titles(&rust),
        ["Rust と日本語", "Zola post", "The Jekyll Title"]
    );
    let both = json(&kiji(&[
        "--list", root, "--json", "--tag", "rust", "--tag", "cli",
    ]));
    assert_eq!(titles(&both), ["Rust と日本語"]);
    let category = json(&kiji(&["--list", root, "--json", "--tag", "tools"]));
    assert_eq!(titles(&category), ["Rust と日本語"]);
}

#[test]
fn sort_by_title_and_by_reading_time() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "1.md",
        format!("# beta\n\n{}\n", "word ".repeat(500)),
    );
    write(
        dir.path(),
        "2.md",
        format!("# Alpha\n\n{}\n", "字".repeat(1200)),
    );
    write(dir.path(), "3.md", "# gamma\n\nshort\n");
    let root = dir.path().to_str().unwrap();
    let by_title = json(&kiji(&["--list", root, "--json", "--sort", "title"]));
    assert_eq!(titles(&by_title), ["Alpha", "beta", "gamma"]);
    let by_time = json(&kiji(&["--list", root, "--json", "--sort", "reading-time"]));
    assert_eq!(titles(&by_time), ["gamma", "beta", "Alpha"]);
    let minutes: Vec<_> = by_time
        .iter()
        .map(|p| p["reading_minutes"].clone())
        .collect();
    assert_eq!(minutes, [1, 3, 3]);
}

#[test]
fn plain_rows_line_up_and_carry_no_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "---\ntitle: \"日本語の題\"\ndate: 2024-01-01\ntags: [x]\n---\n",
    );
    write(
        dir.path(),
        "b.md",
        "---\ntitle: \"esc\\e[31mape\"\ndate: 2023-01-01\ntags: [y]\n---\n",
    );
    let output = kiji(&["--list", dir.path().to_str().unwrap()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "{text:?}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("2024-01-01  1 min  日本語の題"));
    assert!(lines[1].starts_with("2023-01-01  1 min  esc[31mape"));
    // The tag column starts at the same display column: 5 wide characters = 10 cells.
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    assert_eq!(
        width(&lines[0][..lines[0].rfind('x').unwrap()]),
        width(&lines[1][..lines[1].rfind('y').unwrap()])
    );
}

#[test]
fn a_missing_path_exits_2_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let output = kiji(&["--list", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no-such-folder"), "{err}");
    assert!(output.stdout.is_empty());
}

#[test]
fn an_empty_folder_says_so_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "README.txt", "not a post");
    let output = kiji(&["--list", dir.path().to_str().unwrap()]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("no post files"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_binary_file_is_skipped_with_a_diagnostic_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.md", "# Fine\n");
    write(dir.path(), "image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let output = kiji(&["--list", dir.path().to_str().unwrap(), "--json"]);
    assert_eq!(titles(&json(&output)), ["Fine"]);
    let err = stderr(&output);
    assert!(err.contains("image.md: binary file"), "{err}");
}

#[test]
fn bad_yaml_keeps_the_post_and_names_the_file_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dup.md",
        "---\nlayout: post\ntitle: First\ntitle: Second\ndate: 2024-05-01\n---\nBody.\n",
    );
    let output = kiji(&["--list", dir.path().to_str().unwrap(), "--json"]);
    let posts = json(&output);
    assert_eq!(titles(&posts), ["Second"]);
    assert_eq!(posts[0]["date"], "2024-05-01");
    assert_eq!(posts[0]["diagnostics"][0]["line"], 4);
    let err = stderr(&output);
    assert!(
        err.contains("dup.md:4: front matter is not valid YAML"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_is_listed_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "latin1.md",
        b"---\ntitle: Caf\xe9\n---\nna\xefve text\n",
    );
    let output = kiji(&["--list", dir.path().to_str().unwrap(), "--json"]);
    let posts = json(&output);
    assert_eq!(titles(&posts), ["Caf\u{FFFD}"]);
    assert!(stderr(&output).contains("latin1.md:2: invalid UTF-8"));
}

#[test]
fn unclosed_front_matter_is_read_as_body_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "open.md",
        "---\ntitle: never closed\n\n# Heading\n",
    );
    let output = kiji(&["--list", dir.path().to_str().unwrap(), "--json"]);
    assert_eq!(titles(&json(&output)), ["Heading"]);
    assert!(stderr(&output).contains("open.md:1: front matter"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "posts/a.md", "# A\n");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("posts/back-to-top")).unwrap();
    let output = kiji(&["--list", dir.path().to_str().unwrap(), "--json"]);
    assert_eq!(titles(&json(&output)), ["A"]);
    assert!(stderr(&output).contains("loop"), "{}", stderr(&output));
}

#[test]
fn a_file_named_directly_is_read_whatever_its_extension() {
    let site = site();
    let file = site.path().join("notes.txt");
    let posts = json(&kiji(&["--list", file.to_str().unwrap(), "--json"]));
    assert_eq!(titles(&posts), ["notes"]);
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        write(dir.path(), &format!("{i}.md"), format!("# Post {i}\n"));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiji"))
        .args(["--list", dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closing our end before kiji writes makes its first write fail with a broken pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(stderr(&output), "");
}
