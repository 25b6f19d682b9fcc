//! Watching the folder kiji shows, so that posts added, changed, renamed or removed on disk
//! show without a key press. The `notify` crate watches (inotify on Linux, which costs
//! nothing while no file changes); a thread gathers the bursts an editor's save makes into
//! one batch a quarter of a second after the last event (see [`gather`] for why not a
//! debouncer crate), and reads the files again there, never on the thread that reads keys.
//!
//! When the system's limit on watches is reached (`fs.inotify.max_user_watches`, often 8,192
//! folders), or `KIJI_WATCH=poll` asks for it (network file systems send no events), the
//! folder is polled once a second instead, and the status line says so. `KIJI_WATCH=off`
//! watches nothing; `R` still reads everything again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use notify::{Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::loader::{self, Reread};

/// How long a burst of events must have been quiet before its files are read again.
const QUIET: Duration = Duration::from_millis(250);
/// The longest a burst is gathered, so that a file written without pause still shows.
const LONGEST_BATCH: Duration = Duration::from_millis(700);
/// How often the polling fallback looks at every file.
const POLL_EVERY: Duration = Duration::from_secs(1);

/// What the watcher reports.
pub enum Watched {
    /// Files changed under the root: here they are, read again.
    Changed(Vec<Reread>),
    /// The watch broke down (typically the watch limit reached for a new folder): the
    /// caller starts a polling one.
    Failed {
        limit_reached: bool,
        message: String,
    },
}

/// A running watch; dropping it stops it (and the thread gathering its events).
pub enum Watch {
    Events(RecommendedWatcher),
    Polling(PollWatcher),
}

impl Watch {
    /// Watches `root` recursively, calling `report` from the watch's own thread with the posts
    /// read again (those within `limit` bytes). Returns
    /// the watch (none with `KIJI_WATCH=off`) and, when it had to fall back on polling, a
    /// note for the user.
    pub fn start(
        root: &Path,
        limit: u64,
        report: impl FnMut(Watched) + Send + 'static,
    ) -> Result<(Option<Watch>, Option<String>), String> {
        let asked = std::env::var_os("KIJI_WATCH");
        if asked.as_ref().is_some_and(|v| v == "off") {
            return Ok((None, None));
        }
        if asked.is_some_and(|v| v == "poll") {
            let watch = Self::polling(root, limit, report)?;
            let note = "watching by polling every second (KIJI_WATCH=poll)".to_owned();
            return Ok((Some(watch), Some(note)));
        }
        let (sender, events) = mpsc::channel();
        let cannot = |e: notify::Error| format!("cannot watch {}: {e}", root.display());
        let mut watcher = RecommendedWatcher::new(changes_only(sender), notify::Config::default())
            .map_err(cannot)?;
        match watcher.watch(root, RecursiveMode::Recursive) {
            Ok(()) => {
                gather(root, limit, events, report);
                Ok((Some(Watch::Events(watcher)), None))
            }
            Err(err) if matches!(err.kind, notify::ErrorKind::MaxFilesWatch) => {
                drop(watcher);
                Ok((
                    Some(Self::polling(root, limit, report)?),
                    Some(limit_note()),
                ))
            }
            Err(err) => Err(cannot(err)),
        }
    }

    /// Watches `root` by looking at every file once a second.
    pub fn polling(
        root: &Path,
        limit: u64,
        report: impl FnMut(Watched) + Send + 'static,
    ) -> Result<Watch, String> {
        let (sender, events) = mpsc::channel();
        let cannot = |e: notify::Error| format!("cannot watch {}: {e}", root.display());
        let config = notify::Config::default().with_poll_interval(POLL_EVERY);
        let mut watcher = PollWatcher::new(changes_only(sender), config).map_err(cannot)?;
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(cannot)?;
        gather(root, limit, events, report);
        Ok(Watch::Polling(watcher))
    }
}

/// The watch's events but those of a file read (opened, accessed, closed unwritten), which
/// change nothing: notify 8 watches with inotify's `IN_OPEN`, so every program reading the
/// posts (a `grep -r`, a backup, kiji itself) sends one per file. Passed on, each woke the
/// gathering thread: an idle reader spent 0.36 s of CPU each time a script read 10,000
/// posts, half of it here. (notify 9, in release candidates, can leave `IN_OPEN` out of the
/// watch itself: `EventKindMask::CORE`.)
fn changes_only(
    sender: mpsc::Sender<notify::Result<Event>>,
) -> impl FnMut(notify::Result<Event>) + Send + 'static {
    move |event| {
        if !matches!(&event, Ok(event) if event.kind.is_access()) {
            // The gathering thread is gone only when the watch is being dropped.
            let _ = sender.send(event);
        }
    }
}

/// `path` as the walk from `root` spells it. notify names files from the root resolved to an
/// absolute path, where the library holds them as the walk found them (`posts/a.md`), and
/// a post must be found by its path to be replaced rather than added twice.
fn spelled_from_root(root: &Path, resolved: Option<&Path>, path: PathBuf) -> PathBuf {
    let absolute = std::path::absolute(root).ok();
    [resolved, absolute.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|prefix| path.strip_prefix(prefix).ok())
        .map(|rest| match rest.as_os_str().is_empty() {
            true => root.to_path_buf(),
            false => root.join(rest),
        })
        .unwrap_or(path)
}

/// What the user reads when kiji falls back on polling.
pub fn limit_note() -> String {
    "too many folders for the system's file watches (fs.inotify.max_user_watches): \
     polling every second instead"
        .to_owned()
}

/// The debouncing, on a thread of its own: it sleeps until an event comes, gathers the
/// burst around it (an editor's save is several events on two or three paths), reads the
/// files again and reports them. It ends when the watcher is dropped.
///
/// Not `notify-debouncer-mini`: it forgets what kind each event was, and inotify reports
/// every time a file is opened, kiji's own reads included, so each reading again would
/// bring another. Not `notify-debouncer-full`: it wakes up every tick while idle.
fn gather(
    root: &Path,
    limit: u64,
    events: Receiver<notify::Result<Event>>,
    mut report: impl FnMut(Watched) + Send + 'static,
) {
    let root = root.to_path_buf();
    thread::spawn(move || {
        let resolved = std::fs::canonicalize(&root).ok();
        while let Ok(first) = events.recv() {
            let started = Instant::now();
            let mut paths = BTreeSet::new();
            let mut take =
                |event: notify::Result<Event>, report: &mut dyn FnMut(Watched)| match event {
                    Ok(event) => paths.extend(event.paths),
                    Err(err) => report(Watched::Failed {
                        limit_reached: matches!(err.kind, notify::ErrorKind::MaxFilesWatch),
                        message: err.to_string(),
                    }),
                };
            take(first, &mut report);
            loop {
                let left = LONGEST_BATCH.saturating_sub(started.elapsed());
                match events.recv_timeout(QUIET.min(left)) {
                    Ok(event) => take(event, &mut report),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            if !paths.is_empty() {
                let paths: Vec<PathBuf> = paths
                    .into_iter()
                    .map(|path| spelled_from_root(&root, resolved.as_deref(), path))
                    .collect();
                report(Watched::Changed(loader::reread_changed(
                    &root, &paths, limit,
                )));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Instant;

    #[test]
    fn only_changes_reach_the_gathering_thread() {
        use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
        let (sender, events) = mpsc::channel();
        let mut handle = changes_only(sender);
        let event = |kind| Ok(Event::new(kind).add_path(PathBuf::from("post.md")));
        handle(event(EventKind::Access(AccessKind::Open(AccessMode::Any))));
        handle(event(EventKind::Access(AccessKind::Close(
            AccessMode::Read,
        ))));
        handle(event(EventKind::Modify(ModifyKind::Any)));
        handle(Err(notify::Error::generic("lost")));
        let passed: Vec<_> = events.try_iter().collect();
        assert_eq!(passed.len(), 2);
        assert!(matches!(&passed[0], Ok(e) if e.kind == EventKind::Modify(ModifyKind::Any)));
        assert!(passed[1].is_err());
    }

    /// Waits for a batch that mentions `name`, with a deadline.
    fn wait_for(receiver: &mpsc::Receiver<Watched>, name: &str) -> Vec<Reread> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match receiver.recv_timeout(left) {
                Ok(Watched::Changed(rereads))
                    if rereads.iter().any(|r| r.path().ends_with(name)) =>
                {
                    return rereads;
                }
                Ok(_) => {}
                Err(err) => panic!("no change reported for {name}: {err}"),
            }
        }
    }

    fn check_watch(polling: bool) {
        // A relative root, as `kiji posts` gives one: the posts come back spelled from it.
        let dir = tempfile::tempdir_in("target").unwrap();
        let here = std::env::current_dir().unwrap();
        let root = dir.path().strip_prefix(&here).unwrap().to_path_buf();
        assert!(root.is_relative());
        let (sender, receiver) = mpsc::channel();
        let report = move |w| {
            let _ = sender.send(w);
        };
        let _watch = if polling {
            Watch::polling(&root, loader::DEFAULT_MAX_POST_BYTES, report).unwrap()
        } else {
            Watch::start(&root, loader::DEFAULT_MAX_POST_BYTES, report)
                .unwrap()
                .0
                .unwrap()
        };
        std::fs::write(root.join("new.md"), "# New\n").unwrap();
        let rereads = wait_for(&receiver, "new.md");
        assert!(
            rereads
                .iter()
                .any(|r| matches!(r, Reread::Parsed(p) if p.title == "New" && p.path == root.join("new.md"))),
            "{rereads:?}"
        );
        std::fs::remove_file(root.join("new.md")).unwrap();
        let rereads = wait_for(&receiver, "new.md");
        assert!(rereads.iter().any(|r| matches!(r, Reread::Gone(_))));
    }

    #[test]
    fn opening_a_file_is_not_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("read.md"), "# Read\n").unwrap();
        let (sender, receiver) = mpsc::channel();
        let report = move |w| {
            let _ = sender.send(w);
        };
        let _watch = Watch::start(&root, loader::DEFAULT_MAX_POST_BYTES, report)
            .unwrap()
            .0
            .unwrap();
        // Reading (as kiji itself does when it reads a post again) reports nothing; a
        // change made after it is the first thing reported.
        std::fs::read(root.join("read.md")).unwrap();
        std::fs::write(root.join("written.md"), "# Written\n").unwrap();
        let rereads = wait_for(&receiver, "written.md");
        assert!(
            rereads.iter().all(|r| !r.path().ends_with("read.md")),
            "{rereads:?}"
        );
    }

    #[test]
    fn a_post_written_and_removed_is_reported_read_again() {
        check_watch(false);
    }

    #[test]
    fn the_polling_fallback_reports_the_same_changes() {
        check_watch(true);
    }
}
