//! `kiji --print-config`, `--config FILE` and a bad config, through the real binary.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn kiji(config_dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kiji").unwrap();
    cmd.env("KIJI_CONFIG_DIR", config_dir)
        .env("KIJI_STATE_DIR", config_dir.join("state"));
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn printed_config_saved_as_the_config_file_prints_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let printed = stdout_of(kiji(dir.path()).arg("--print-config"));
    assert!(printed.contains("theme = \"dark\""), "{printed}");
    assert!(
        printed.contains("half-page-down = [\"ctrl-d\"]"),
        "{printed}"
    );

    fs::write(dir.path().join("config.toml"), &printed).unwrap();
    assert_eq!(stdout_of(kiji(dir.path()).arg("--print-config")), printed);
    let named = dir.path().join("elsewhere.toml");
    fs::write(&named, &printed).unwrap();
    let again = stdout_of(
        kiji(dir.path())
            .arg("--config")
            .arg(&named)
            .arg("--print-config"),
    );
    assert_eq!(again, printed);
}

#[test]
fn print_config_shows_the_settings_in_effect() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("config.toml"),
        "theme = \"light\"\n[keys]\ndown = [\"j\", \"k\"]\n[colors]\nlink = \"#00ff00\"\n",
    )
    .unwrap();
    let printed = stdout_of(kiji(dir.path()).arg("--print-config"));
    assert!(printed.contains("theme = \"light\""), "{printed}");
    assert!(printed.contains("down = [\"j\", \"k\"]"), "{printed}");
    assert!(printed.contains("up = [\"up\"]"), "{printed}");
    assert!(printed.contains("link = \"#00ff00\""), "{printed}");
}

#[test]
fn a_bad_config_exits_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    fs::write(
        &file,
        "theme = \"dark\"\n\n[keys]\ndown = [\"j\"]\nup = [\"j\"]\n",
    )
    .unwrap();
    let posts = tempfile::tempdir().unwrap();
    for args in [vec!["--print-config"], vec!["--list"]] {
        let output = kiji(dir.path())
            .args(&args)
            .arg(posts.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        let expected = format!(
            "kiji: {}:5:7: keys.up: \"j\" is already bound to \"down\" on line 4",
            file.display()
        );
        assert!(stderr.starts_with(&expected), "{stderr}");
    }
}

#[test]
fn every_problem_gets_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("config.toml"),
        "theme = \"blue\"\nambiguous_width = 2\n",
    )
    .unwrap();
    let output = kiji(dir.path()).arg("--print-config").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines.iter().all(|l| l.starts_with("kiji: ")), "{stderr}");
    assert!(
        lines[0].contains(":1:9: theme: unknown theme \"blue\""),
        "{stderr}"
    );
    assert!(
        lines[1].contains(":2:19: ambiguous_width: expected a string"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_setting_is_a_warning_and_kiji_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("config.toml"),
        "theme = \"light\"\nthem = \"dark\"\n",
    )
    .unwrap();
    let output = kiji(dir.path()).arg("--print-config").output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("kiji: warning: ")
            && stderr.contains(
                "config.toml:2:1: them: unknown setting, ignored; did you mean \"theme\"?"
            ),
        "{stderr}"
    );
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("theme = \"light\"")
    );
}

#[test]
fn a_missing_named_config_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = kiji(dir.path())
        .args(["--config", "no-such-config.toml", "--print-config"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no-such-config.toml"), "{stderr}");
}

/// `--config /dev/zero` read without end, and a huge file whole: neither is a config file.
#[test]
fn a_config_that_is_a_device_or_huge_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiji(dir.path())
        .args(["--config", "/dev/zero", "--print-config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "kiji: /dev/zero: not a regular file\n"
    );

    // Sparse: 4 GB on paper, nothing on disk; only the first megabyte and a byte are read.
    let huge = dir.path().join("huge.toml");
    fs::File::create(&huge).unwrap().set_len(4 << 30).unwrap();
    let out = kiji(dir.path())
        .arg("--config")
        .arg(&huge)
        .arg("--print-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("larger than 1 MB"),
        "{out:?}"
    );
}
