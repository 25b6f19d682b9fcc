//! Repeated passages from the command line: `--list` times the text read once and says how
//! much repeats, `--print` gives the whole text unless `--fold-repeats` asks for the reader's
//! folds. The fixture is a post assembled from drafts, three paragraphs pasted twice.

use assert_cmd::Command;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/repeated-drafts.md"
);

fn kiji() -> Command {
    let mut cmd = Command::cargo_bin("kiji").expect("kiji binary");
    let no_config = std::env::temp_dir().join("kiji-repeats-cli-no-config");
    std::fs::create_dir_all(&no_config).expect("temporary directory");
    cmd.env("KIJI_CONFIG_DIR", no_config);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("kiji runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The fixture's paragraphs long enough to fold (front matter, heading and short lines
/// left out).
fn long_paragraphs() -> Vec<String> {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    body.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.starts_with('#') && p.chars().count() >= 40)
        .map(str::to_string)
        .collect()
}

fn joined(printed: &str) -> String {
    printed.lines().collect()
}

#[test]
fn list_json_times_the_unique_text_and_gives_the_repeated_share() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(kiji().args(["--list", "--json", FIXTURE]))).unwrap();
    let post = &json[0];
    assert_eq!(post["reading_minutes"], 1);
    assert_eq!(post["reading_minutes_all"], 2);
    let ratio = post["repeated_ratio"].as_f64().unwrap();
    assert!((0.3..0.36).contains(&ratio), "{ratio}");
    let paragraphs = long_paragraphs();
    let repeated: usize = paragraphs[1..4].iter().map(|p| p.chars().count()).sum();
    assert_eq!(post["repeated_chars"].as_u64(), Some(repeated as u64));
}

#[test]
fn list_rows_mark_posts_with_repeats() {
    let rows = stdout(kiji().args(["--list", FIXTURE]));
    assert!(rows.contains("1 min ⋯"), "{rows}");
}

#[test]
fn print_shows_every_copy_by_default() {
    let printed = joined(&stdout(kiji().args(["--print", "--width", "200", FIXTURE])));
    for paragraph in &long_paragraphs()[1..4] {
        assert_eq!(
            printed.matches(paragraph.as_str()).count(),
            2,
            "{paragraph}"
        );
    }
    assert!(!printed.contains("repeated from above"));
}

#[test]
fn print_fold_repeats_shows_each_long_paragraph_once() {
    let printed = stdout(kiji().args(["--print", "--fold-repeats", "--width", "200", FIXTURE]));
    let text = joined(&printed);
    let mut paragraphs = long_paragraphs();
    paragraphs.dedup_by(|a, b| a == b);
    for paragraph in &paragraphs {
        assert_eq!(text.matches(paragraph.as_str()).count(), 1, "{paragraph}");
    }
    assert!(
        printed.contains("⋯ 3 paragraphs repeated from above (row 10) — z"),
        "{printed}"
    );
    assert!(
        printed.contains("≈ 1 min (declared 2 min) · 33% repeated"),
        "{printed}"
    );
    // Short lines repeated on purpose are left alone.
    assert_eq!(printed.matches("---END---").count(), 2);
}

#[test]
fn the_fold_row_names_the_row_where_its_text_first_appeared() {
    let printed = stdout(kiji().args(["--print", "--fold-repeats", "--width", "200", FIXTURE]));
    let lines: Vec<&str> = printed.lines().collect();
    let fold = lines
        .iter()
        .find(|l| l.starts_with('⋯'))
        .expect("a fold row");
    let row: usize = fold
        .split("(row ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse().ok())
        .expect("a row number");
    assert_eq!(lines[row - 1], long_paragraphs()[1]);
}

#[test]
fn print_config_lists_fold_repeats() {
    let config = stdout(kiji().arg("--print-config"));
    assert!(config.contains("\nfold_repeats = true\n"), "{config}");
}

#[test]
fn fold_repeats_false_in_the_config_is_read_and_a_wrong_type_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "fold_repeats = false\n").unwrap();
    let config = stdout(kiji().arg("--config").arg(&file).arg("--print-config"));
    assert!(config.contains("\nfold_repeats = false\n"), "{config}");
    std::fs::write(&file, "fold_repeats = \"yes\"\n").unwrap();
    let out = kiji()
        .arg("--config")
        .arg(&file)
        .arg("--print-config")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("fold_repeats"), "{stderr}");
    assert!(stderr.contains("true or false"), "{stderr}");
}
