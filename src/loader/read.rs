//! Getting a post's bytes, bounded: a file larger than the limit is skipped in a folder
//! (without reading a byte of it) and cut to the limit when named on its own, and nothing is
//! ever read past the limit and one byte (`Read::take`), so a sparse 2 GB file or an endless
//! one costs what a small one does. Special files (pipes, devices, sockets) are never opened:
//! opening a pipe waits for a writer, and a device such as `/dev/zero` never ends.
//! Turning bytes into text is [`super::decode`]'s job.

use std::fs::{File, FileType, Metadata};
use std::io::{self, Read};
use std::path::Path;

use super::Problem;

/// The largest post read whole, unless configured: far above any article (the longest in
/// a large blog's archive is about 1 MB), far below what would strain memory.
pub const DEFAULT_MAX_POST_BYTES: u64 = 16 * MB;

const MB: u64 = 1024 * 1024;

/// A post's bytes as read.
pub enum Contents {
    Whole(Vec<u8>),
    /// The first `limit` bytes of a larger file (of `size` bytes, when its size is known).
    Cut {
        bytes: Vec<u8>,
        size: Option<u64>,
    },
}

/// Reads the file at `path`: whole when it is at most `limit` bytes; else, when it was
/// `named` on its own, its first `limit` bytes, and when it was found in a folder, nothing.
pub fn file(path: &Path, limit: u64, named: bool) -> Result<Contents, Problem> {
    file_and_metadata(path, limit, named).0
}

/// [`file`], with the metadata of the file as opened (when it could be): what the bytes
/// read belong to, for the index cache to recognise the file by.
pub fn file_and_metadata(
    path: &Path,
    limit: u64,
    named: bool,
) -> (Result<Contents, Problem>, Option<Metadata>) {
    let cannot_read = |error: io::Error| problem(format!("cannot read: {error}"));
    // The walk has seen each file's type in its folder listing already; a file named on its
    // own is looked at before it is opened, since opening a pipe blocks.
    if named {
        match std::fs::metadata(path) {
            Err(error) => return (Err(cannot_read(error)), None),
            Ok(metadata) => {
                if let Some(kind) = special_kind(metadata.file_type()) {
                    let refusal = problem(format!("{kind}, not a post file; skipped"));
                    return (Err(refusal), Some(metadata));
                }
            }
        }
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return (Err(cannot_read(error)), None),
    };
    let metadata = match file.metadata() {
        Ok(metadata) => metadata,
        Err(error) => return (Err(cannot_read(error)), None),
    };
    let size = metadata.len();
    if size > limit && !named {
        return (Err(too_large(size, limit)), Some(metadata));
    }
    // A size of 0 proves nothing (`/proc` files), so then the bound is the limit's.
    let expected = if size == 0 || !metadata.is_file() {
        None
    } else {
        Some(size.min(limit))
    };
    let (bytes, over) = match bounded(file, limit, expected) {
        Ok(read) => read,
        // A failed read says nothing lasting about the file: no metadata to remember it by.
        Err(error) => return (Err(cannot_read(error)), None),
    };
    let contents = match (over || size > limit, named) {
        (false, _) => Ok(Contents::Whole(bytes)),
        (true, true) => Ok(Contents::Cut {
            bytes,
            size: (size > limit).then_some(size),
        }),
        (true, false) => Err(problem(format!(
            "larger than the {} limit for a post; skipped (raise max_post_size_mb in \
             config.toml to read it)",
            human_size(limit)
        ))),
    };
    (contents, Some(metadata))
}

/// At most `limit` bytes of `reader`, and whether there was more. Reads `limit + 1` bytes
/// at most, however long the stream. `expected` (a regular file's size, when known) sizes
/// the buffer and stops the read there, without the extra `read` that finds the end.
pub fn bounded(
    reader: impl Read,
    limit: u64,
    expected: Option<u64>,
) -> io::Result<(Vec<u8>, bool)> {
    let (bound, capacity) = match expected {
        Some(size) => (size, size),
        None => (limit.saturating_add(1), 0),
    };
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    reader.take(bound).read_to_end(&mut bytes)?;
    let over = bytes.len() as u64 > limit;
    if over {
        bytes.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    Ok((bytes, over))
}

/// Why kiji will not open `path` when it is named on the command line, or `None` when it is
/// a file or folder (or missing, which the caller reports its own way).
pub fn refusal(path: &Path) -> Option<String> {
    let metadata = std::fs::metadata(path).ok()?;
    let kind = special_kind(metadata.file_type())?;
    let mut message = format!(
        "{}: {kind}; kiji reads post files and folders only",
        path.display()
    );
    if kind.starts_with("a named pipe") {
        message.push_str(" (to read from a pipe, send it to standard input: `… | kiji --print -`)");
    }
    Some(message)
}

/// What a special file is, in words, or `None` for a file or folder.
fn special_kind(file_type: FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

fn too_large(size: u64, limit: u64) -> Problem {
    problem(format!(
        "{} is over the {} limit for a post; skipped (raise max_post_size_mb in config.toml \
         to read it)",
        human_size(size),
        human_size(limit)
    ))
}

fn problem(message: String) -> Problem {
    Problem {
        line: None,
        message,
    }
}

/// `512 bytes`, `48 KB`, `16 MB`, `2.0 GB` (powers of 1024, as the setting counts).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const GB: u64 = 1024 * MB;
    match bytes {
        b if b >= GB => format!("{:.1} GB", b as f64 / GB as f64),
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= MB => format!("{:.1} MB", b as f64 / MB as f64),
        b if b >= KB => format!("{} KB", b / KB),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(16 * MB), "16 MB");
        assert_eq!(human_size(2048 * MB), "2.0 GB");
        assert_eq!(human_size(MB + MB / 2), "1.5 MB");
        assert_eq!(human_size(4096), "4 KB");
        assert_eq!(human_size(7), "7 bytes");
    }

    /// An endless stream (`/dev/zero` through a pipe) is read up to the limit and a byte.
    #[test]
    fn an_endless_stream_is_read_to_the_limit_and_one_byte() {
        let mut counted = CountingReader {
            inner: io::repeat(b'a'),
            read: 0,
        };
        let (bytes, over) = bounded(&mut counted, 1000, None).unwrap();
        assert!(over);
        assert_eq!(bytes.len(), 1000);
        assert_eq!(counted.read, 1001);
    }

    #[test]
    fn a_stream_within_the_limit_is_read_whole() {
        let (bytes, over) = bounded(&b"short"[..], 1000, None).unwrap();
        assert!(!over);
        assert_eq!(bytes, b"short");
        let (bytes, over) = bounded(&b"exactly"[..], 7, None).unwrap();
        assert!(!over);
        assert_eq!(bytes, b"exactly");
    }

    struct CountingReader<R> {
        inner: R,
        read: usize,
    }

    impl<R: Read> Read for CountingReader<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n;
            Ok(n)
        }
    }
}
