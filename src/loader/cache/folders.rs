//! The folders an index keeps: each one's listing as a walk had it, so that the next walk
//! takes it instead of reading the folder again while the folder's own fingerprint is
//! unchanged ([`walk::Recall`]). A listing is kept only once the folder had been still for
//! the cache's settling time when it was read, as a post's entry is: a change within the
//! same timestamp tick could otherwise leave every time as it was.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::fingerprint::Stamp;
use super::store::{Folder, Header};
use super::{bytes_of, canonical_bytes, producer, relative_bytes};
use crate::loader::walk::{self, FolderRead, Seen, WalkedFolder};

/// The folders of an index a walk of `root` may recall.
pub(super) struct Recollection<'i> {
    root: &'i Path,
    folders: foldhash::HashMap<&'i [u8], &'i Folder>,
}

impl<'i> Recollection<'i> {
    /// Those of `folders`, read from the index with `header`, that hold for a walk of `root`
    /// now: none from another kiji (which may walk otherwise) or another root.
    pub(super) fn of(
        root: &'i Path,
        header: &Header,
        folders: &'i [Folder],
        settle: Duration,
    ) -> Recollection<'i> {
        let ours = header.producer == *producer() && header.root == canonical_bytes(root);
        let folders: &[Folder] = if ours { folders } else { &[] };
        let folders = folders
            .iter()
            .filter(|folder| folder.fingerprint.settled(folder.read_at, settle))
            .map(|folder| (folder.relative.as_slice(), folder))
            .collect();
        Recollection { root, folders }
    }
}

impl walk::Recall for Recollection<'_> {
    fn recall(&self, path: &Path) -> Option<walk::Recalled<'_>> {
        let relative = bytes_of(path.strip_prefix(self.root).ok()?);
        let folder = self.folders.get(relative.as_ref())?;
        Some(walk::Recalled {
            fingerprint: folder.fingerprint,
            listed: &folder.listed,
        })
    }
}

/// A walk's folders against an index's: what the index is to keep of them.
pub(super) struct Folders {
    root: PathBuf,
    walked: Vec<WalkedFolder>,
    /// The index's, when it was this kiji's for this root.
    stored: Vec<Folder>,
    /// When the walk started: the time a folder listed now is kept with.
    started: Stamp,
    settle: Duration,
}

/// What the index keeps of one folder walked.
#[derive(Clone, Copy)]
enum Record {
    /// The record it has (its place among the stored): the folder was recalled, or listed
    /// as it was recorded.
    Stored(usize),
    /// A new one: listed now, and it may be recalled later.
    New,
    None,
}

impl Folders {
    pub(super) fn new(
        root: &Path,
        walked: Vec<WalkedFolder>,
        stored: Vec<Folder>,
        started: Stamp,
        settle: Duration,
    ) -> Folders {
        Folders {
            root: root.to_path_buf(),
            walked,
            stored,
            started,
            settle,
        }
    }

    /// Whether the index would keep other records than it has: a folder listed anew that
    /// may be recalled. (One no longer walked, or no longer to be recalled, only costs its
    /// record's bytes until the next save.)
    pub(super) fn changed(&self) -> bool {
        let listed_anew = |folder: &&WalkedFolder| {
            matches!(
                folder.seen.as_deref(),
                Some(Seen {
                    read: FolderRead::Listed(Some(_)),
                    ..
                })
            )
        };
        if !self.walked.iter().any(|folder| listed_anew(&folder)) {
            return false;
        }
        let stored = self.stored_by_path();
        self.walked
            .iter()
            .filter(listed_anew)
            .any(|folder| matches!(self.record(folder, &stored), Record::New))
    }

    /// The records the index is to keep, in the walk's order (moved, not copied: a save
    /// holds the index's bytes and the library's besides).
    pub(super) fn records(self) -> Vec<Folder> {
        let records: Vec<Record> = {
            let stored = self.stored_by_path();
            self.walked
                .iter()
                .map(|folder| self.record(folder, &stored))
                .collect()
        };
        let mut stored: Vec<Option<Folder>> = self.stored.into_iter().map(Some).collect();
        self.walked
            .into_iter()
            .zip(records)
            .filter_map(
                |(folder, record)| match (record, folder.seen.map(|seen| *seen)) {
                    (Record::Stored(at), _) => stored[at].take(),
                    (
                        Record::New,
                        Some(Seen {
                            fingerprint,
                            read: FolderRead::Listed(Some(listed)),
                        }),
                    ) => Some(Folder {
                        relative: relative_bytes(&self.root, &folder.path),
                        fingerprint,
                        read_at: self.started,
                        listed,
                    }),
                    _ => None,
                },
            )
            .collect()
    }

    /// The stored records' places by path.
    fn stored_by_path(&self) -> foldhash::HashMap<&[u8], usize> {
        self.stored
            .iter()
            .enumerate()
            .map(|(at, folder)| (folder.relative.as_slice(), at))
            .collect()
    }

    fn record(&self, folder: &WalkedFolder, stored: &foldhash::HashMap<&[u8], usize>) -> Record {
        let relative = relative_bytes(&self.root, &folder.path);
        let recorded = stored.get(relative.as_slice()).copied();
        let Some(Seen { fingerprint, read }) = folder.seen.as_deref() else {
            return Record::None;
        };
        let fingerprint = *fingerprint;
        match read {
            FolderRead::Recalled => recorded.map_or(Record::None, Record::Stored),
            FolderRead::Listed(Some(listed)) => {
                let as_recorded = recorded.filter(|&at| {
                    let record = &self.stored[at];
                    record.fingerprint == fingerprint
                        && record.listed == *listed
                        && record.fingerprint.settled(record.read_at, self.settle)
                });
                if let Some(at) = as_recorded {
                    return Record::Stored(at);
                }
                // Where a folder has no status-change time to catch a time set back, its
                // times are not trusted to tell it unchanged.
                match cfg!(unix) && fingerprint.settled(self.started, self.settle) {
                    true => Record::New,
                    false => Record::None,
                }
            }
            FolderRead::Listed(None) => Record::None,
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::loader::fingerprint::Fingerprint;
    use crate::loader::walk::Listed;

    const SETTLE: Duration = Duration::from_secs(2);

    fn at(secs: i64) -> Stamp {
        Stamp { secs, nanos: 0 }
    }

    fn fingerprint(changed: i64) -> Fingerprint {
        Fingerprint {
            size: 4096,
            modified: at(changed),
            changed: at(changed),
            inode: 7,
            device: 1,
        }
    }

    fn listed(names: &[&str]) -> Listed {
        let mut listed = Listed::default();
        for name in names {
            assert!(listed.push(std::ffi::OsStr::new(name), false));
        }
        listed
    }

    fn walked(fingerprint: Fingerprint, read: FolderRead) -> WalkedFolder {
        WalkedFolder {
            path: PathBuf::from("/root/notes"),
            plain: true,
            marks: Default::default(),
            posts: true,
            parent: None,
            seen: Some(Box::new(Seen { fingerprint, read })),
        }
    }

    fn record(fingerprint: Fingerprint, read_at: Stamp, listed: Listed) -> Folder {
        Folder {
            relative: b"notes".to_vec(),
            fingerprint,
            read_at,
            listed,
        }
    }

    fn folders(walked: WalkedFolder, stored: Vec<Folder>, started: Stamp) -> Folders {
        Folders::new(Path::new("/root"), vec![walked], stored, started, SETTLE)
    }

    #[test]
    fn only_this_kijis_listings_of_this_root_are_recalled() {
        use walk::Recall;
        let root = Path::new("/root");
        let records = [record(fingerprint(90), at(95), listed(&["a.md"]))];
        let header = |producer: &str, root: &[u8]| Header {
            producer: producer.to_string(),
            root: root.to_vec(),
            max_post_bytes: 0,
            sites: 0,
        };
        let recalled = |header: &Header| {
            Recollection::of(root, header, &records, SETTLE)
                .recall(&root.join("notes"))
                .map(|recalled| (recalled.fingerprint, recalled.listed.clone()))
        };
        let ours = header(producer(), &canonical_bytes(root));
        assert_eq!(recalled(&ours), Some((fingerprint(90), listed(&["a.md"]))));
        assert_eq!(recalled(&header("kiji 0.0.1 1 2.3", &ours.root)), None);
        assert_eq!(recalled(&header(producer(), b"/elsewhere")), None);
    }

    #[test]
    fn a_folder_listed_anew_is_kept_only_once_settled() {
        let read = || FolderRead::Listed(Some(listed(&["a.md"])));
        // Changed a second before the walk: a later change could share its times.
        let recent = folders(walked(fingerprint(99), read()), Vec::new(), at(100));
        assert!(!recent.changed());
        assert!(recent.records().is_empty());
        let settled = folders(walked(fingerprint(90), read()), Vec::new(), at(100));
        assert!(settled.changed());
        assert_eq!(
            settled.records(),
            [record(fingerprint(90), at(100), listed(&["a.md"]))]
        );
    }

    #[test]
    fn a_folder_listed_as_recorded_keeps_its_record_and_one_listed_otherwise_a_new_one() {
        let stored = record(fingerprint(90), at(95), listed(&["a.md"]));
        let same = folders(
            walked(fingerprint(90), FolderRead::Listed(Some(listed(&["a.md"])))),
            vec![stored.clone()],
            at(100),
        );
        assert!(!same.changed());
        assert_eq!(same.records(), std::slice::from_ref(&stored));
        // The same times, other entries (a change within one tick, or a damaged index).
        let other = folders(
            walked(fingerprint(90), FolderRead::Listed(Some(listed(&["b.md"])))),
            vec![stored.clone()],
            at(100),
        );
        assert!(other.changed());
        assert_eq!(
            other.records(),
            [record(fingerprint(90), at(100), listed(&["b.md"]))]
        );
        // The same, but recorded too soon to be trusted (by a cache less wary than this one).
        let hasty = record(fingerprint(90), at(91), listed(&["a.md"]));
        let again = folders(
            walked(fingerprint(90), FolderRead::Listed(Some(listed(&["a.md"])))),
            vec![hasty],
            at(100),
        );
        assert!(again.changed());
        assert_eq!(
            again.records(),
            [record(fingerprint(90), at(100), listed(&["a.md"]))]
        );
        // Recalled: the record as it is; read but not to be recalled: none.
        let recalled = folders(
            walked(fingerprint(90), FolderRead::Recalled),
            vec![stored.clone()],
            at(100),
        );
        assert!(!recalled.changed());
        assert_eq!(recalled.records(), std::slice::from_ref(&stored));
        let linked = folders(
            walked(fingerprint(90), FolderRead::Listed(None)),
            vec![stored],
            at(100),
        );
        assert!(!linked.changed());
        assert!(linked.records().is_empty());
    }
}
