//! The index cache through the binary: `--list --json` cold and warm say the same, a post
//! changed between two runs is seen, a damaged or unwritable cache costs one warning, and
//! two kiji processes loading and saving at once leave a cache both can use.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const KIJI: &str = env!("CARGO_BIN_EXE_kiji");

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A small site of `n` posts in four languages, YAML and TOML.
fn site(n: usize) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    for i in 0..n {
        let (relative, text) = match i % 4 {
            0 => (
                format!("_posts/2024-01-{:02}-p{i}.md", 1 + i % 28),
                format!("---\ntitle: \"記事 {i}\"\ntags: [日本語]\n---\n本文です。{i}\n"),
            ),
            1 => (
                format!("content/p{i}/index.md"),
                format!("+++\ntitle = \"文章 {i}\"\ndate = 2023-05-06\n+++\n中文正文。\n"),
            ),
            2 => (
                format!("notes/p{i}.md"),
                format!("---\ntitle: 글 {i}\ndraft: true\n---\n한국어 본문입니다.\n"),
            ),
            _ => (
                format!("notes/en{i}.md"),
                format!("# Post {i}\n\nSome words.\n"),
            ),
        };
        write(root.path(), &relative, &text);
    }
    root
}

fn kiji(cache: &Path) -> Command {
    let mut cmd = Command::new(KIJI);
    cmd.env("KIJI_CACHE_DIR", cache)
        .env("KIJI_CONFIG_DIR", cache.join("no-config"))
        .env("KIJI_STATE_DIR", cache.join("state"))
        .stdin(Stdio::null());
    cmd
}

fn list(cmd: &mut Command, root: &Path) -> Output {
    cmd.args(["--list", "--json"]).arg(root).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn index_files(cache: &Path) -> Vec<std::path::PathBuf> {
    fs::read_dir(cache)
        .map(|dir| {
            dir.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "bin"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn cold_and_warm_lists_are_the_same_and_no_cache_writes_nothing() {
    let root = site(12);
    let cache = tempfile::tempdir().unwrap();
    let uncached = stdout(&list(kiji(cache.path()).arg("--no-cache"), root.path()));
    assert!(
        index_files(cache.path()).is_empty(),
        "--no-cache saved an index"
    );
    // Files written a moment ago are not trusted yet; the hook lets this run trust them.
    let mut trusting = kiji(cache.path());
    trusting.env("KIJI_TEST_CACHE_SETTLE_MS", "0");
    let cold = list(&mut trusting, root.path());
    assert_eq!(stdout(&cold), uncached);
    assert!(
        cold.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&cold.stderr)
    );
    assert_eq!(index_files(cache.path()).len(), 1);
    let warm = list(
        kiji(cache.path()).env("KIJI_TEST_CACHE_SETTLE_MS", "0"),
        root.path(),
    );
    assert_eq!(stdout(&warm), uncached);
    // Plain rows too, and the list of a tag.
    let rows = |extra: &[&str]| {
        let mut cmd = kiji(cache.path());
        cmd.arg("--list").args(extra).arg(root.path());
        stdout(&cmd.output().unwrap())
    };
    assert_eq!(rows(&["--tag", "日本語"]), {
        let mut cmd = kiji(cache.path());
        cmd.args(["--no-cache", "--list", "--tag", "日本語"])
            .arg(root.path());
        stdout(&cmd.output().unwrap())
    });
    assert!(rows(&[]).contains("(draft)"));
}

/// The same size, the modification time put back: the next run still lists the new title.
#[test]
fn a_post_changed_between_two_runs_is_listed_as_it_is_now() {
    let root = site(4);
    let cache = tempfile::tempdir().unwrap();
    let post = root.path().join("notes/en3.md");
    let then = fs::metadata(&post).unwrap().modified().unwrap();
    let before = stdout(&list(&mut kiji(cache.path()), root.path()));
    assert!(before.contains("\"Post 3\""), "{before}");
    fs::write(&post, "# Pots 3\n\nSome words.\n").unwrap();
    let file = fs::File::options().write(true).open(&post).unwrap();
    file.set_modified(then).unwrap();
    drop(file);
    let after = stdout(&list(&mut kiji(cache.path()), root.path()));
    assert!(after.contains("\"Pots 3\""), "{after}");
    fs::remove_file(&post).unwrap();
    let gone = stdout(&list(&mut kiji(cache.path()), root.path()));
    assert!(!gone.contains("Pots 3"), "{gone}");
}

/// A warm run takes the listing of each folder unchanged since from the index: a post added,
/// renamed or removed, a folder added or removed, each between two runs, is listed as the
/// folder is now.
#[test]
fn posts_and_folders_added_renamed_and_removed_between_runs_are_listed_as_they_are_now() {
    let root = site(12);
    let cache = tempfile::tempdir().unwrap();
    let run = || {
        let mut trusting = kiji(cache.path());
        trusting.env("KIJI_TEST_CACHE_SETTLE_MS", "0");
        stdout(&list(&mut trusting, root.path()))
    };
    let uncached = || stdout(&list(kiji(cache.path()).arg("--no-cache"), root.path()));
    run();
    assert_eq!(run(), uncached());
    type Change<'c> = (&'c str, &'c dyn Fn(&Path));
    let changes: [Change; 5] = [
        ("added", &|r| write(r, "notes/added.md", "# Added\n")),
        ("renamed", &|r| {
            fs::rename(r.join("notes/en3.md"), r.join("notes/renamed.md")).unwrap()
        }),
        ("folder added", &|r| {
            write(r, "notes/deeper/inner.md", "# Inner\n")
        }),
        ("folder removed", &|r| {
            fs::remove_dir_all(r.join("content/p1")).unwrap()
        }),
        ("removed", &|r| {
            fs::remove_file(r.join("notes/p2.md")).unwrap()
        }),
    ];
    for (change, make) in changes {
        make(root.path());
        let listed = run();
        assert_eq!(listed, uncached(), "{change}");
        assert_eq!(run(), listed, "{change}, warm");
    }
    let listed = run();
    for seen in ["Added", "renamed", "Inner"] {
        assert!(listed.contains(seen), "{seen}: {listed}");
    }
    for gone in ["notes/en3.md", "文章 1\"", "글 2\""] {
        assert!(!listed.contains(gone), "{gone}: {listed}");
    }
}

#[test]
fn a_damaged_cache_is_one_warning_and_the_list_is_whole() {
    let root = site(8);
    let cache = tempfile::tempdir().unwrap();
    let expected = stdout(&list(&mut kiji(cache.path()), root.path()));
    let files = index_files(cache.path());
    assert_eq!(files.len(), 1);
    let bytes = fs::read(&files[0]).unwrap();
    fs::write(&files[0], &bytes[..bytes.len() - 3]).unwrap();
    let output = list(&mut kiji(cache.path()), root.path());
    assert_eq!(stdout(&output), expected);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("kiji: warning: the index cache "),
        "{stderr}"
    );
    assert!(stderr.contains("damaged (cut short); rebuilt"), "{stderr}");
    let again = list(&mut kiji(cache.path()), root.path());
    assert!(again.stderr.is_empty(), "rebuilt: no warning the next time");
}

#[cfg(unix)]
#[test]
fn an_unwritable_cache_directory_is_one_warning() {
    use std::os::unix::fs::PermissionsExt;
    let root = site(3);
    let cache = tempfile::tempdir().unwrap();
    let readonly = cache.path().join("ro");
    fs::create_dir(&readonly).unwrap();
    fs::set_permissions(&readonly, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(readonly.join("probe"), "").is_ok() {
        return; // root ignores the permissions
    }
    let expected = stdout(&list(kiji(cache.path()).arg("--no-cache"), root.path()));
    let output = list(&mut kiji(&readonly), root.path());
    assert_eq!(stdout(&output), expected);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot save the index cache"), "{stderr}");
}

/// Two processes started together on one folder and one cache, several times over, some
/// trusting the cache at once so that they also read what the other saved: every output is
/// the whole list, and the cache left behind is whole and used.
#[test]
fn two_processes_loading_and_saving_at_once_never_corrupt_the_cache() {
    let root = site(200);
    let cache = tempfile::tempdir().unwrap();
    let expected = stdout(&list(kiji(cache.path()).arg("--no-cache"), root.path()));
    for round in 0..6 {
        let spawn = || {
            let mut cmd = kiji(cache.path());
            cmd.env("KIJI_TEST_CACHE_SETTLE_MS", "0")
                .args(["--list", "--json"])
                .arg(root.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let output = child.wait_with_output().unwrap();
            assert_eq!(stdout(&output), expected, "round {round}");
            assert!(
                output.stderr.is_empty(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let files = index_files(cache.path());
        assert_eq!(files.len(), 1, "round {round}: {files:?}");
        let leftovers: Vec<_> = fs::read_dir(cache.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
