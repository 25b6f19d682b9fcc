//! What the index cache recognises a file by: its size, inode and device, and its
//! modification and status-change times to the nanosecond. A post rewritten in the same
//! second with the same size still differs in its times; a rename keeps its inode but not
//! its path (the cache's key); a file replaced by another has a new inode and change time.
//!
//! Times are only as fine as the file system keeps them, so a file changed again within one
//! tick of the change the cache saw could keep every number. An entry is trusted only once
//! its file had been still for [`SETTLE`] when it was read: until then, the post is parsed
//! again (git's index handles "racily clean" files the same way).

use std::fs::Metadata;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How long a file must have been unchanged, when it was read, for its entry to be trusted:
/// more than the coarsest timestamps in common use (FAT's two seconds).
pub const SETTLE: Duration = Duration::from_secs(2);

/// A moment, as seconds and nanoseconds since the Unix epoch (negative before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub secs: i64,
    pub nanos: u32,
}

impl Stamp {
    pub fn now() -> Stamp {
        Stamp::of(SystemTime::now())
    }

    pub fn of(time: SystemTime) -> Stamp {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Stamp {
                secs: after.as_secs() as i64,
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let (secs, nanos) = (before.as_secs() as i64, before.subsec_nanos());
                if nanos == 0 {
                    Stamp { secs: -secs, nanos }
                } else {
                    Stamp {
                        secs: -secs - 1,
                        nanos: 1_000_000_000 - nanos,
                    }
                }
            }
        }
    }

    /// Whether at least `span` separates `earlier` from `self` (false when `earlier` is
    /// later, as a file's time in the future is).
    pub fn at_least_after(self, earlier: Stamp, span: Duration) -> bool {
        let nanos = |s: Stamp| i128::from(s.secs) * 1_000_000_000 + i128::from(s.nanos);
        nanos(self) - nanos(earlier) >= span.as_nanos() as i128
    }
}

/// A file as `stat` sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    pub size: u64,
    pub modified: Stamp,
    /// The status change time (`ctime`): moves on every write, rename into place, or
    /// `touch -d`, and no program can set it back.
    pub changed: Stamp,
    pub inode: u64,
    pub device: u64,
}

impl Fingerprint {
    #[cfg(unix)]
    pub fn of(metadata: &Metadata) -> Fingerprint {
        use std::os::unix::fs::MetadataExt;
        Fingerprint {
            size: metadata.size(),
            modified: Stamp {
                secs: metadata.mtime(),
                nanos: metadata.mtime_nsec() as u32,
            },
            changed: Stamp {
                secs: metadata.ctime(),
                nanos: metadata.ctime_nsec() as u32,
            },
            inode: metadata.ino(),
            device: metadata.dev(),
        }
    }

    /// Without `ctime` and inodes, the modification time and size are all there is.
    #[cfg(not(unix))]
    pub fn of(metadata: &Metadata) -> Fingerprint {
        let modified = metadata
            .modified()
            .map_or(Stamp { secs: 0, nanos: 0 }, Stamp::of);
        Fingerprint {
            size: metadata.len(),
            modified,
            changed: modified,
            inode: 0,
            device: 0,
        }
    }

    /// The fingerprint as one number, for a post that keeps only that of its file
    /// ([`crate::model::BodyOnDisk`]): equal fingerprints give equal keys, and different ones
    /// differ but with a chance of one in 2^64.
    pub fn key(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(self, &mut h);
        std::hash::Hasher::finish(&h)
    }

    /// Whether the file had been still for `settle` at `read_at`, so that a later change is
    /// sure to move one of its times.
    pub fn settled(&self, read_at: Stamp, settle: Duration) -> bool {
        read_at.at_least_after(self.modified.max(self.changed), settle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(modified: Stamp, changed: Stamp) -> Fingerprint {
        Fingerprint {
            size: 10,
            modified,
            changed,
            inode: 7,
            device: 1,
        }
    }

    const fn at(secs: i64, nanos: u32) -> Stamp {
        Stamp { secs, nanos }
    }

    #[test]
    fn a_change_within_the_same_second_is_a_different_fingerprint() {
        let before = print(at(100, 1), at(100, 1));
        assert_ne!(before, print(at(100, 2), at(100, 2)));
        // `touch -d` can set the modification time back; the change time still moves.
        assert_ne!(before, print(at(100, 1), at(100, 900)));
        assert_ne!(before, Fingerprint { inode: 8, ..before });
    }

    #[test]
    fn a_file_is_trusted_only_once_it_has_been_still_long_enough() {
        let settle = Duration::from_secs(2);
        let file = print(at(100, 500), at(100, 500));
        assert!(!file.settled(at(100, 500), settle));
        assert!(!file.settled(at(102, 499), settle));
        assert!(file.settled(at(102, 500), settle));
        // The change time counts too: a file whose times were set back is not old.
        assert!(!print(at(1, 0), at(101, 0)).settled(at(102, 0), settle));
        // A time in the future is never settled.
        assert!(!file.settled(at(50, 0), settle));
    }

    #[test]
    fn stamps_before_the_epoch_order_correctly() {
        let before = Stamp::of(UNIX_EPOCH - Duration::new(1, 250_000_000));
        assert_eq!(before, at(-2, 750_000_000));
        assert!(before < Stamp::of(UNIX_EPOCH));
        assert!(at(0, 0).at_least_after(before, Duration::new(1, 250_000_000)));
    }
}
