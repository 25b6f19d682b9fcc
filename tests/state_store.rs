//! The state store through its public API: what a run of kiji saves is what the next run
//! finds, and nothing the user did is ever lost to a damaged file or a concurrent save.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Barrier;

use kiji::layout::{Options, layout_markdown};
use kiji::state::{Anchor, PostKey, STATE_FILE, StateStore};

fn post_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, "---\ntitle: t\n---\nbody\n").unwrap();
    path
}

fn key(path: &str) -> PostKey {
    PostKey::for_path(Path::new(path))
}

fn bad_files(dir: &Path) -> Vec<PathBuf> {
    let mut bad: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bad"))
        .collect();
    bad.sort();
    bad
}

#[test]
fn state_saved_by_one_run_is_what_the_next_run_finds() {
    let posts = tempfile::tempdir().unwrap();
    let state_dir = tempfile::tempdir().unwrap();
    let read = PostKey::for_path(&post_file(posts.path(), "read.md"));
    let starred = PostKey::for_path(&post_file(posts.path(), "starred.md"));
    let body = "長い本文。\n\nSecond paragraph.\n";

    let (mut store, warning) = StateStore::open(state_dir.path());
    assert_eq!(warning, None);
    store.set_read(&read, true);
    store.set_position(&read, Some(Anchor::at(body, body.find("Second").unwrap())));
    assert!(store.toggle_starred(&starred));
    store.save().unwrap();

    let (reopened, warning) = StateStore::open(state_dir.path());
    assert_eq!(warning, None);
    assert_eq!(reopened.get(&read), store.get(&read));
    assert_eq!(reopened.get(&starred), store.get(&starred));
    let position = reopened.get(&read).position.as_ref().unwrap();
    assert!(body[position.resolve(body)..].starts_with("Second paragraph"));
    assert!(!reopened.get(&starred).read);
}

#[test]
fn a_garbage_state_file_is_moved_aside_and_a_fresh_store_opens() {
    let state_dir = tempfile::tempdir().unwrap();
    let garbage = b"\x00\xffthis is not a state file";
    fs::write(state_dir.path().join(STATE_FILE), garbage).unwrap();

    let (mut store, warning) = StateStore::open(state_dir.path());
    let warning = warning.expect("the user is told").to_string();
    assert!(!warning.contains('\n'), "one line: {warning}");
    let bad = bad_files(state_dir.path());
    assert_eq!(bad.len(), 1, "{warning}");
    assert!(warning.contains(&*bad[0].to_string_lossy()), "{warning}");
    assert_eq!(fs::read(&bad[0]).unwrap(), garbage, "nothing is lost");
    assert!(!state_dir.path().join(STATE_FILE).exists());

    store.set_read(&key("/posts/a.md"), true);
    store.save().unwrap();
    let (reopened, warning) = StateStore::open(state_dir.path());
    assert_eq!(warning, None);
    assert!(reopened.get(&key("/posts/a.md")).read);
}

#[test]
fn a_truncated_state_file_is_moved_aside_too() {
    let state_dir = tempfile::tempdir().unwrap();
    let (mut store, _) = StateStore::open(state_dir.path());
    for i in 0..20 {
        store.set_read(&key(&format!("/p/{i}.md")), true);
    }
    store.save().unwrap();
    let file = state_dir.path().join(STATE_FILE);
    let full = fs::read(&file).unwrap();
    fs::write(&file, &full[..full.len() / 2]).unwrap();

    let moved_aside = |warning: Option<kiji::state::Warning>, bad: &std::path::Path| {
        let warning = warning.expect("the user is told").to_string();
        let parsed = format!("{} could not be parsed (", file.display());
        let moved = format!("); moved it to {} and started afresh", bad.display());
        assert!(warning.starts_with(&parsed), "{warning}");
        assert!(warning.ends_with(&moved), "{warning}");
    };
    let (store, warning) = StateStore::open(state_dir.path());
    assert!(!store.get(&key("/p/0.md")).read);
    let first = bad_files(state_dir.path());
    assert_eq!(first.len(), 1);
    moved_aside(warning, &first[0]);

    // A second damaged file does not overwrite the first one moved aside.
    fs::write(&file, "").unwrap();
    let (_, warning) = StateStore::open(state_dir.path());
    let both = bad_files(state_dir.path());
    assert_eq!(both.len(), 2);
    let second = both.iter().find(|b| **b != first[0]).unwrap();
    moved_aside(warning, second);
}

#[test]
fn disabled_state_neither_reads_nor_writes() {
    let state_dir = tempfile::tempdir().unwrap();
    let (mut store, _) = StateStore::open(state_dir.path());
    let post = key("/posts/a.md");
    store.set_read(&post, true);
    store.save().unwrap();
    let before = fs::read(state_dir.path().join(STATE_FILE)).unwrap();

    let mut disabled = StateStore::disabled();
    assert!(!disabled.get(&post).read, "nothing was read from disk");
    assert!(
        disabled.toggle_starred(&post),
        "state still works for this run"
    );
    assert_eq!(disabled.save().unwrap(), None);
    assert_eq!(disabled.file(), None);
    assert_eq!(fs::read(state_dir.path().join(STATE_FILE)).unwrap(), before);
}

#[test]
fn the_state_directory_is_created_on_first_save() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("nested/kiji");
    let (mut store, warning) = StateStore::open(&dir);
    assert_eq!(warning, None);
    assert!(!dir.exists(), "opening writes nothing");
    store.set_read(&key("/posts/a.md"), true);
    store.save().unwrap();
    assert!(dir.join(STATE_FILE).is_file());
}

#[test]
fn two_stores_saving_in_turn_keep_each_others_changes() {
    let state_dir = tempfile::tempdir().unwrap();
    let (a, b) = (key("/posts/a.md"), key("/posts/b.md"));
    let (mut first, _) = StateStore::open(state_dir.path());
    let (mut second, _) = StateStore::open(state_dir.path());
    first.set_read(&a, true);
    first.toggle_starred(&a);
    second.toggle_starred(&b);
    second.toggle_starred(&a);
    first.save().unwrap();
    second.save().unwrap();

    let (reopened, _) = StateStore::open(state_dir.path());
    assert!(reopened.get(&b).starred);
    assert!(reopened.get(&a).starred, "the last save of a post wins");
    assert!(!reopened.get(&a).read, "…with that post's whole state");
    assert!(
        second.get(&b).starred,
        "a save picks up the other's changes"
    );
}

#[test]
fn concurrent_saves_never_leave_a_damaged_file_or_lose_a_post() {
    const WRITERS: usize = 4;
    const SAVES: usize = 25;
    let state_dir = tempfile::tempdir().unwrap();
    let dir = state_dir.path();
    let start = Barrier::new(WRITERS + 1);
    std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let start = &start;
                scope.spawn(move || {
                    let (mut store, _) = StateStore::open(dir);
                    start.wait();
                    for save in 0..SAVES {
                        store.set_read(&key(&format!("/p/{writer}-{save}.md")), true);
                        store.save().unwrap();
                    }
                })
            })
            .collect();
        start.wait();
        let mut opened = 0;
        while writers.iter().any(|w| !w.is_finished()) {
            let (_, warning) = StateStore::open(dir);
            assert_eq!(warning, None, "a reader saw a damaged file");
            opened += 1;
        }
        assert!(opened > 0);
    });
    let (store, warning) = StateStore::open(dir);
    assert_eq!(warning, None);
    for writer in 0..WRITERS {
        for save in 0..SAVES {
            assert!(store.get(&key(&format!("/p/{writer}-{save}.md"))).read);
        }
    }
    assert!(bad_files(dir).is_empty());
}

#[test]
fn resuming_after_a_width_change_lands_on_the_same_text() {
    let body = "# 見出し\n\n".to_string()
        + &"日本語の段落はここにあります。折り返しの位置は幅によって変わります。".repeat(8)
        + "\n\nAn English paragraph that also wraps differently at different widths, \
           which is the point of anchoring to the source rather than to a row.\n";
    let wide = layout_markdown(&body, &Options::new(80));
    let offset = wide.rows[wide.rows.len() / 2].source_offset;
    let anchor = Anchor::at(&body, offset);

    // The reader scrolls to the last row starting at or before the anchored offset.
    let narrow = layout_markdown(&body, &Options::new(33));
    let resolved = anchor.resolve(&body);
    let landing = narrow
        .rows
        .iter()
        .rposition(|r| r.source_offset <= resolved)
        .unwrap();
    let first_char = body[offset..].trim_start().chars().next().unwrap();
    assert!(
        narrow.rows[landing].text().contains(first_char),
        "the first row shown holds the text that was at the top: {:?} vs {:?}",
        narrow.rows[landing].text(),
        &body[offset..]
    );
    assert!(body[resolved..].starts_with(&anchor.fingerprint));
}
