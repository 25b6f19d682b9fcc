//! The state file on arbitrary bytes: opening never fails or panics; a file it could not
//! parse is moved aside and never overwritten unread; and whatever was opened saves and
//! reopens without a warning. Runs in one temporary directory per process.
#![no_main]

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use kiji::state::PostKey;
use kiji::state::store::{STATE_FILE, StateStore};
use libfuzzer_sys::fuzz_target;
use tempfile::TempDir;

static DIR: OnceLock<TempDir> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"));
    let dir = dir.path();
    for entry in fs::read_dir(dir).expect("the directory is readable") {
        let path = entry.expect("an entry").path();
        let _ = fs::remove_file(path);
    }
    let file = dir.join(STATE_FILE);
    fs::write(&file, data).expect("the state file is written");
    let (mut store, _) = StateStore::open(dir);
    if store.file().is_none() {
        // A file kiji must not replace (written by a newer kiji) is left exactly as it was.
        assert_eq!(fs::read(&file).expect("still there"), data);
        return;
    }
    let key = PostKey::for_path(Path::new("posts/fuzz.md"));
    store.toggle_starred(&key);
    let starred = store.get(&key).starred;
    store.save().expect("a store that may save, saves");
    let (reopened, warning) = StateStore::open(dir);
    assert!(
        warning.is_none(),
        "what kiji saved reopens with {warning:?}"
    );
    assert!(reopened.file().is_some());
    assert_eq!(reopened.get(&key).starred, starred, "the change was saved");
});
