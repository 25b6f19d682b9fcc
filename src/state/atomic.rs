//! Replacing a file so that a reader of it sees the old contents or the new, never a mix:
//! write a uniquely named temporary file beside it, flush it to disk, rename it over the
//! target, then flush the directory so the rename itself survives a power cut.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The suffix of the temporary files, so a later save can recognise leftovers of a crash.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// Replaces `target` with `bytes` atomically, running `before_rename` once the temporary file
/// is complete: the window a crash would hit, which tests fill with a failure.
pub(crate) fn replace_file(
    target: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let (temp_path, mut temp) = create_temp_beside(target)?;
    let written = (|| {
        temp.write_all(bytes)?;
        temp.sync_all()?;
        drop(temp);
        before_rename(&temp_path)?;
        fs::rename(&temp_path, target)
    })();
    if let Err(err) = written {
        let _ = fs::remove_file(&temp_path);
        return Err(err);
    }
    sync_parent(target)
}

/// Whether `name` is a temporary file that [`replace_file`] made for `target_name`.
pub(crate) fn is_temp_for(name: &str, target_name: &str) -> bool {
    name.strip_prefix(target_name)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|rest| rest.ends_with(TEMP_SUFFIX))
}

/// A new file next to `target` whose name no other writer, in this process or another, uses:
/// two savers racing each write their own file, and the last rename wins whole.
fn create_temp_beside(target: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    loop {
        let unique = format!(
            "{name}.{}-{}-{nanos}{TEMP_SUFFIX}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let path = target.with_file_name(unique);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            // What someone read is nobody else's business.
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    }
}

#[cfg(unix)]
fn sync_parent(target: &Path) -> io::Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)?.sync_all()
}

/// Windows cannot open a directory as a file; its rename is durable once it returns.
#[cfg(not(unix))]
fn sync_parent(_target: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_contents_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        fs::write(&target, "old").unwrap();
        replace_file(&target, b"new", |_| Ok(())).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(super::super::file_names_in(dir.path()), ["state.json"]);
    }

    #[test]
    fn a_failure_before_the_rename_keeps_the_old_contents() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        fs::write(&target, "old").unwrap();
        let mut seen = None;
        let result = replace_file(&target, b"new", |temp| {
            seen = Some(fs::read_to_string(temp)?);
            Err(io::Error::other("simulated crash"))
        });
        assert_eq!(result.unwrap_err().to_string(), "simulated crash");
        assert_eq!(
            seen.as_deref(),
            Some("new"),
            "the temporary file was complete"
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(super::super::file_names_in(dir.path()), ["state.json"]);
    }

    #[test]
    fn temporary_names_are_recognised_and_unique() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state.json");
        let (a, _) = create_temp_beside(&target).unwrap();
        let (b, _) = create_temp_beside(&target).unwrap();
        assert_ne!(a, b);
        for temp in [&a, &b] {
            let name = temp.file_name().unwrap().to_str().unwrap();
            assert!(is_temp_for(name, "state.json"), "{name}");
        }
        assert!(!is_temp_for("state.json", "state.json"));
        assert!(!is_temp_for("state.20250101T000000Z.bad", "state.json"));
    }
}
