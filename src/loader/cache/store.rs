//! The index cache's file: one per library root, replaced whole (a temporary file renamed
//! over it, as the state file is), so that a reader sees the old index or the new, never a
//! mix, however many kiji processes save at once.
//!
//! Layout: `kiji-index\0\0` (twelve bytes), the format version (u32, little-endian), the
//! payload's length (u64) and CRC-32 (u32), then the payload in postcard (serde's compact
//! binary form): the [`Index`], its folders' listings before its entries so that a walk can
//! recall them while the entries are decoded ([`open`]). A file that is short, fails its
//! checksum or does not decode is corrupt; one of another format version is foreign. Either
//! way the caller rebuilds it: it is a cache.
//!
//! Why a flat file and not SQLite: the list needs every entry at once, and on this machine
//! (10,000 entries, 4.8 MB) postcard loaded them in 35 ms against 60 ms for a SQLite table
//! of the same records, and wrote them in 45 ms against 215 ms (see the README's Speed
//! section). Search over bodies, which SQLite's FTS5 would serve, is not what this file is for.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fingerprint::{Fingerprint, Stamp};
use crate::loader::walk::Listed;

const MAGIC: &[u8; 12] = b"kiji-index\0\0";
/// Raised whenever [`Index`] or anything in it changes shape (3: the folders' listings; 4:
/// the same, encoded apart).
pub const FORMAT_VERSION: u32 = 4;
const HEADER_LEN: usize = MAGIC.len() + 4 + 8 + 4;

/// Every post kiji found under one root, as it was when last read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// The kiji that wrote it (version and executable): another kiji may parse differently.
    pub producer: String,
    /// The root, canonical, as bytes.
    pub root: Vec<u8>,
    /// Posts over the limit were skipped: another limit, other outcomes.
    pub max_post_bytes: u64,
    /// The site configurations the posts inherited from ([`crate::loader::SiteFinder::stamp`]).
    pub sites: u64,
    /// Before the entries, so that a walk takes them while the entries are decoded; encoded
    /// apart (see [`folders_apart`]).
    #[serde(with = "folders_apart")]
    pub folders: Vec<Folder>,
    pub entries: Vec<Entry>,
}

/// A folder under the root as a walk listed it, for the next walk to recall (see
/// [`crate::loader::walk::Recall`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    /// The path below the root, as bytes (empty for the root).
    pub relative: Vec<u8>,
    /// The folder's own, when it was listed.
    pub fingerprint: Fingerprint,
    /// When it was listed (no later than): trusted only once settled, as an entry's file.
    pub read_at: Stamp,
    pub listed: Listed,
}

/// One file under the root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The path below the root, as bytes.
    pub relative: Vec<u8>,
    pub fingerprint: Fingerprint,
    /// When the file was read (no later than): see [`Fingerprint::settled`].
    pub read_at: Stamp,
    /// `None` for a file that is not a post (binary, or over the size limit).
    pub post: Option<Meta>,
    pub diagnostics: Vec<StoredDiagnostic>,
}

/// A post's fields but its body, which the file still holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    pub date: Option<StoredDate>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub author: Option<String>,
    pub excerpt: Option<String>,
    pub declared_reading_minutes: Option<u32>,
    pub draft: bool,
    pub lang: Option<String>,
    pub extra: Vec<(String, String)>,
    /// Where the body starts in the decoded text, in bytes.
    pub body_start: u64,
    pub body_line: u64,
    pub cjk_chars: u64,
    pub words: u64,
    pub repeated_cjk_chars: u64,
    pub repeated_words: u64,
    pub repeated_chars: u64,
}

/// A [`crate::model::PostDate`], its zone kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredDate {
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    Day(i32),
    /// Seconds and nanoseconds of a wall-clock time read as if it were UTC.
    Local(i64, u32),
    /// The UTC instant and the offset east of UTC in seconds.
    Zoned(i64, u32, i32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDiagnostic {
    pub line: Option<u64>,
    pub message: String,
}

/// Why an index could not be used.
#[derive(Debug)]
pub enum ReadError {
    /// No index yet: the first run on this root.
    Missing,
    Corrupt(&'static str),
    /// Written by a kiji with another format (its version given).
    Foreign(u32),
    Io(io::Error),
}

pub fn read(path: &Path) -> Result<Index, ReadError> {
    let opened = open(path)?;
    let (folders, entries) = (opened.folders()?, opened.entries()?);
    Ok(Index::of(opened.header, folders, entries))
}

impl Index {
    pub fn of(header: Header, folders: Vec<Folder>, entries: Vec<Entry>) -> Index {
        Index {
            producer: header.producer,
            root: header.root,
            max_post_bytes: header.max_post_bytes,
            sites: header.sites,
            folders,
            entries,
        }
    }
}

/// The folders' records as the file holds them: encoded apart, as a length and their bytes,
/// so that a reader of the entries alone ([`read_each`]) passes over them undecoded (at
/// 100,000 posts they are 37,000 records, a few MB once decoded).
mod folders_apart {
    use serde::{Deserializer, Serializer, de, ser};

    use super::Folder;

    pub fn serialize<S: Serializer>(folders: &[Folder], serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = postcard::to_stdvec(folders).map_err(ser::Error::custom)?;
        serializer.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Folder>, D::Error> {
        deserializer.deserialize_bytes(Decoded)
    }

    struct Decoded;

    impl de::Visitor<'_> for Decoded {
        type Value = Vec<Folder>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("the folders' records, encoded")
        }

        fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<Folder>, E> {
            postcard::from_bytes(bytes).map_err(E::custom)
        }
    }

    /// Folders to encode as [`serialize`] does, in a tuple of fields.
    pub struct Apart<'f>(pub &'f [Folder]);

    impl serde::Serialize for Apart<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(self.0, serializer)
        }
    }
}

/// What an index says of itself, before its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub producer: String,
    pub root: Vec<u8>,
    pub max_post_bytes: u64,
    pub sites: u64,
}

/// Reads the index at `path` entry by entry, handing each to `each` as it is decoded, so
/// that a caller making posts of them never holds every entry and every post at once. The
/// entries are read only when `wanted` accepts the header; `Ok(None)` when it does not.
pub fn read_each(
    path: &Path,
    wanted: impl FnOnce(&Header) -> bool,
    each: impl FnMut(Entry),
) -> Result<Option<Header>, ReadError> {
    let opened = open(path)?;
    if !wanted(&opened.header) {
        return Ok(None);
    }
    opened.each_entry(each)?;
    Ok(Some(opened.header))
}

/// An index file read and checked whole, its header decoded, its folders and entries not
/// yet: each is decoded when asked for, a walk can take the folders while the entries are
/// decoded, and a reader of the entries alone never decodes the folders.
pub struct Opened {
    pub header: Header,
    file: Vec<u8>,
    folders: std::ops::Range<usize>,
    /// Where the entries start in the file.
    entries: usize,
}

impl Opened {
    pub fn folders(&self) -> Result<Vec<Folder>, ReadError> {
        postcard::from_bytes(&self.file[self.folders.clone()])
            .map_err(|_| ReadError::Corrupt("does not decode"))
    }

    pub fn entries(&self) -> Result<Vec<Entry>, ReadError> {
        postcard::from_bytes(&self.file[self.entries..])
            .map_err(|_| ReadError::Corrupt("does not decode"))
    }

    /// Hands each entry to `each` as it is decoded.
    pub fn each_entry(&self, mut each: impl FnMut(Entry)) -> Result<(), ReadError> {
        let mut deserializer = postcard::Deserializer::from_bytes(&self.file[self.entries..]);
        serde::de::DeserializeSeed::deserialize(Entries(&mut each), &mut deserializer)
            .map_err(|_| ReadError::Corrupt("does not decode"))
    }
}

/// [`Index`] but its entries, as postcard lays it out (its fields one after another), the
/// folders' bytes left encoded.
#[derive(Deserialize)]
struct Front<'f> {
    producer: String,
    root: Vec<u8>,
    max_post_bytes: u64,
    sites: u64,
    folders: &'f [u8],
}

pub fn open(path: &Path) -> Result<Opened, ReadError> {
    match std::fs::read(path) {
        Ok(file) => open_bytes(file),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Err(ReadError::Missing),
        Err(error) => Err(ReadError::Io(error)),
    }
}

/// [`open`] of a file's bytes.
pub fn open_bytes(file: Vec<u8>) -> Result<Opened, ReadError> {
    let payload = checked_payload(&file)?;
    let (front, rest): (Front, &[u8]) =
        postcard::take_from_bytes(payload).map_err(|_| ReadError::Corrupt("does not decode"))?;
    // Both slices are of `file`: their places in it.
    let place = |part: &[u8]| part.as_ptr() as usize - file.as_ptr() as usize;
    let folders = place(front.folders)..place(front.folders) + front.folders.len();
    let entries = file.len() - rest.len();
    let header = Header {
        producer: front.producer,
        root: front.root,
        max_post_bytes: front.max_post_bytes,
        sites: front.sites,
    };
    Ok(Opened {
        header,
        file,
        folders,
        entries,
    })
}

/// The entries of an index, each handed to the function as it is decoded.
struct Entries<'f, E>(&'f mut E);

impl<'de, E: FnMut(Entry)> serde::de::DeserializeSeed<'de> for Entries<'_, E> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, E: FnMut(Entry)> serde::de::Visitor<'de> for Entries<'_, E> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("index entries")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element::<Entry>()? {
            (self.0)(entry);
        }
        Ok(())
    }
}

pub fn decode(bytes: &[u8]) -> Result<Index, ReadError> {
    let payload = checked_payload(bytes)?;
    postcard::from_bytes(payload).map_err(|_| ReadError::Corrupt("does not decode"))
}

/// The payload of an index file whose header and checksum hold.
fn checked_payload(bytes: &[u8]) -> Result<&[u8], ReadError> {
    if bytes.len() < HEADER_LEN || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ReadError::Corrupt("not an index file, or cut short"));
    }
    let number = |at: usize, len: usize| {
        let mut le = [0u8; 8];
        le[..len].copy_from_slice(&bytes[at..at + len]);
        u64::from_le_bytes(le)
    };
    let version = number(MAGIC.len(), 4) as u32;
    if version != FORMAT_VERSION {
        return Err(ReadError::Foreign(version));
    }
    let length = number(MAGIC.len() + 4, 8);
    let checksum = number(MAGIC.len() + 12, 4) as u32;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != length {
        return Err(ReadError::Corrupt("cut short"));
    }
    if crc32fast::hash(payload) != checksum {
        return Err(ReadError::Corrupt("checksum mismatch"));
    }
    Ok(payload)
}

pub fn encode(index: &Index) -> Vec<u8> {
    let entries: Vec<EncodedEntry> = index.entries.iter().map(EncodedEntry::of).collect();
    encode_with(&index.head(), &index.folders, &entries)
}

/// An [`Index`] but its folders and entries.
pub struct Head {
    pub producer: String,
    pub root: Vec<u8>,
    pub max_post_bytes: u64,
    pub sites: u64,
}

impl Index {
    fn head(&self) -> Head {
        Head {
            producer: self.producer.clone(),
            root: self.root.clone(),
            max_post_bytes: self.max_post_bytes,
            sites: self.sites,
        }
    }
}

/// An [`Entry`] as the index file holds it: encoded on the core that parsed its post, so
/// that saving an index of 10,000 posts is copying bytes (encoding them all at the end was
/// most of the save, which kept `--list` from ending for 20 ms after the listing).
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedEntry(Vec<u8>);

impl EncodedEntry {
    pub fn of(entry: &Entry) -> EncodedEntry {
        EncodedEntry(postcard::to_stdvec(entry).expect("an entry always serialises"))
    }
}

/// The file of an index with the head `head`, the folders `folders` and the entries
/// `entries`: byte for byte [`encode`] of that index (postcard lays out a struct as its
/// fields one after another, and a list as its length and its elements).
pub fn encode_with(head: &Head, folders: &[Folder], entries: &[EncodedEntry]) -> Vec<u8> {
    let fields = (
        &head.producer,
        &head.root,
        head.max_post_bytes,
        head.sites,
        folders_apart::Apart(folders),
        entries.len(),
    );
    file_of(&fields, entries)
}

/// The file of an index whose fields before its entries are `fields` (the count of the
/// entries last), and whose entries are `entries`.
fn file_of(fields: &impl Serialize, entries: &[EncodedEntry]) -> Vec<u8> {
    let mut bytes =
        postcard::to_extend(fields, vec![0; HEADER_LEN]).expect("a head always serialises");
    bytes.reserve_exact(entries.iter().map(|entry| entry.0.len()).sum());
    for entry in entries {
        bytes.extend_from_slice(&entry.0);
    }
    seal(&mut bytes);
    bytes
}

/// Writes the file's header (the payload's length and checksum) into the room left for it
/// before the payload.
fn seal(bytes: &mut [u8]) {
    let payload_len = (bytes.len() - HEADER_LEN) as u64;
    let checksum = crc32fast::hash(&bytes[HEADER_LEN..]);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    header.extend_from_slice(&payload_len.to_le_bytes());
    header.extend_from_slice(&checksum.to_le_bytes());
    bytes[..HEADER_LEN].copy_from_slice(&header);
}

/// The index file of any payload, its header and checksum right: what a fuzzer hands to
/// [`open`] to reach the decoding behind the checksum.
pub fn sealed(payload: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0; HEADER_LEN];
    bytes.extend_from_slice(payload);
    seal(&mut bytes);
    bytes
}

/// The payload of an index file whose header and checksum hold (a fuzzer's seed).
pub fn payload(file: &[u8]) -> Result<&[u8], ReadError> {
    checked_payload(file)
}

/// Replaces the index at `path` whole with `bytes` ([`encode`]'s), making its folder if
/// needed.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::state::atomic::replace_file(path, bytes, |_| Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Index {
        let at = Stamp { secs: 1, nanos: 2 };
        Index {
            producer: "kiji test".into(),
            root: b"/root".to_vec(),
            max_post_bytes: 100,
            sites: 7,
            folders: vec![Folder {
                relative: Vec::new(),
                fingerprint: Fingerprint {
                    size: 4096,
                    modified: at,
                    changed: at,
                    inode: 2,
                    device: 5,
                },
                read_at: at,
                listed: {
                    let mut listed = Listed::default();
                    listed.push(std::ffi::OsStr::new("a.md"), false);
                    listed.push(std::ffi::OsStr::new("sub"), true);
                    listed
                },
            }],
            entries: vec![Entry {
                relative: b"a.md".to_vec(),
                fingerprint: Fingerprint {
                    size: 3,
                    modified: at,
                    changed: at,
                    inode: 4,
                    device: 5,
                },
                read_at: at,
                post: None,
                diagnostics: vec![StoredDiagnostic {
                    line: Some(1),
                    message: "binary".into(),
                }],
            }],
        }
    }

    #[test]
    fn an_index_reads_back_as_written() {
        assert_eq!(decode(&encode(&sample())).unwrap(), sample());
    }

    /// Entries encoded one by one and put together are the index postcard writes whole.
    #[test]
    fn entries_encoded_apart_make_the_index_encoded_whole() {
        let mut index = sample();
        for n in 0..300 {
            let mut entry = index.entries[0].clone();
            entry.relative = format!("posts/{n}.md").into_bytes();
            entry.diagnostics.truncate(n % 2);
            index.entries.push(entry);
        }
        for len in [0, 1, 2, 301] {
            let mut part = index.clone();
            part.entries.truncate(len);
            let payload = postcard::to_stdvec(&part).unwrap();
            let bytes = encode(&part);
            assert_eq!(&bytes[HEADER_LEN..], &payload[..], "{len} entries");
            assert_eq!(decode(&bytes).unwrap(), part);
        }
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused() {
        let bytes = encode(&sample());
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_err(), "cut at {len}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            assert!(decode(&bad).is_err(), "byte {at} flipped");
        }
    }

    #[test]
    fn entries_read_one_by_one_are_the_entries_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.bin");
        let mut index = sample();
        let mut second = index.entries[0].clone();
        second.relative = b"b.md".to_vec();
        index.entries.push(second);
        write(&path, &encode(&index)).unwrap();
        let mut entries = Vec::new();
        let header = read_each(&path, |h| h.sites == 7, |e| entries.push(e)).unwrap();
        assert_eq!(header.unwrap().producer, index.producer);
        assert_eq!(entries, index.entries);
        // A header not wanted: no entry is read.
        let mut none = Vec::new();
        assert_eq!(read_each(&path, |_| false, |e| none.push(e)).unwrap(), None);
        assert!(none.is_empty());
        // Damaged: refused like a whole read.
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert!(matches!(
            read_each(&path, |_| true, |_| {}),
            Err(ReadError::Corrupt(_))
        ));
    }

    /// The folders' records are decoded only when asked for: a reader of the entries alone
    /// passes over them (here, bytes that decode as no folders at all).
    #[test]
    fn a_reader_of_the_entries_alone_passes_over_the_folders() {
        struct Raw<'b>(&'b [u8]);
        impl Serialize for Raw<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        let index = sample();
        let entries: Vec<EncodedEntry> = index.entries.iter().map(EncodedEntry::of).collect();
        let fields = (
            &index.producer,
            &index.root,
            index.max_post_bytes,
            index.sites,
            Raw(&[0xff; 9]),
            entries.len(),
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.bin");
        write(&path, &file_of(&fields, &entries)).unwrap();
        let mut read = Vec::new();
        let header = read_each(&path, |_| true, |e| read.push(e))
            .unwrap()
            .unwrap();
        assert_eq!((header.sites, read), (index.sites, index.entries));
        let opened = open(&path).unwrap();
        assert!(matches!(opened.folders(), Err(ReadError::Corrupt(_))));
        assert!(matches!(super::read(&path), Err(ReadError::Corrupt(_))));
    }

    /// What a fuzzer hands over: a file's payload, sealed anew, opens as the file did.
    #[test]
    fn a_payload_sealed_anew_is_the_file_it_came_from() {
        let file = encode(&sample());
        let sealed = sealed(payload(&file).unwrap());
        assert_eq!(sealed, file);
        let opened = open_bytes(sealed).unwrap();
        assert_eq!(
            Index::of(
                opened.header.clone(),
                opened.folders().unwrap(),
                opened.entries().unwrap()
            ),
            sample()
        );
    }

    #[test]
    fn another_format_version_is_foreign() {
        let mut bytes = encode(&sample());
        bytes[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&0u32.to_le_bytes());
        assert!(matches!(decode(&bytes), Err(ReadError::Foreign(0))));
    }
}
