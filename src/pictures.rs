//! Image files a post shows: where an image's address leads on disk, its size in pixels (read
//! from its header alone), and the decoded picture, each within limits, so that a huge or
//! corrupt file is a problem to report and never a crash, a stall or gigabytes of memory.
//! No terminal and no layout: the interface runs these on a worker thread and draws what
//! they return; nothing here opens a network connection (remote addresses are refused).

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Component, Path, PathBuf};

use image::{DynamicImage, ImageReader, Limits};

/// The largest image file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The most pixels a picture may have: 64 megapixels (a 4000×3000 photo is 12).
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;
/// The longest side a picture may have, in pixels.
pub const MAX_SIDE: u32 = 16_384;
/// The most memory decoding one picture may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// How far up from a post a `/`-rooted address is looked for (the site's root, Hugo's
/// `static/`).
const MAX_ROOT_DISTANCE: usize = 8;

/// Why a picture cannot be shown: said in the diagnostics, the alt text shown instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureProblem {
    #[error("the image {0} is not on disk")]
    Missing(String),
    #[error("the image {0} is not a regular file")]
    NotAFile(String),
    #[error("the image {file} is {bytes} bytes, over the {MAX_FILE_BYTES}-byte limit")]
    TooLarge { file: String, bytes: u64 },
    #[error(
        "the image {file} is {width}×{height} pixels, over the limit of {MAX_SIDE} a side and {MAX_PIXELS} pixels"
    )]
    TooManyPixels {
        file: String,
        width: u32,
        height: u32,
    },
    #[error("the image {file} could not be read: {message}")]
    Unreadable { file: String, message: String },
}

/// Whether `url` names a file on this machine: not a web address, a `data:` URL or any
/// other scheme, and not `//host/…`.
pub fn is_local(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.starts_with("//") {
        return false;
    }
    // A scheme is letters (and + - .) before the first ':', ahead of any '/', '?' or '#'.
    match url.find([':', '/', '?', '#']) {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = &url[..i];
            // `C:\…` is a Windows drive, not a scheme.
            scheme.len() == 1 && scheme.chars().all(|c| c.is_ascii_alphabetic())
        }
        _ => true,
    }
}

/// The file a local image address leads to from the post at `post`: relative to the post's
/// folder (a Hugo page bundle keeps its images next to `index.md`), or for `/…` the first of
/// the post's ancestor folders (the site's root) that holds it, directly or under Hugo's
/// `static/`. `None` for a remote address.
pub fn resolve(url: &str, post: &Path) -> Option<Result<PathBuf, PictureProblem>> {
    if !is_local(url) {
        return None;
    }
    let path = url.trim();
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let relative = Path::new(decoded.as_ref());
    let folder = post.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if !relative.has_root() {
        return Some(Ok(folder.join(relative)));
    }
    let inside: PathBuf = relative
        .components()
        .filter(|c| matches!(c, Component::Normal(_) | Component::ParentDir))
        .collect();
    let start = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let found = start
        .ancestors()
        .take(MAX_ROOT_DISTANCE)
        .flat_map(|dir| [dir.join(&inside), dir.join("static").join(&inside)])
        .find(|candidate| candidate.is_file());
    Some(found.ok_or_else(|| PictureProblem::Missing(url.to_string())))
}

/// The picture's size in pixels, from its header, after checking the file's size.
pub fn probe(file: &Path) -> Result<(u32, u32), PictureProblem> {
    if let Some(bytes) = crate::samples::file(file) {
        return size_of_bytes(bytes, &shown(file));
    }
    let name = check_file(file)?;
    let (width, height) = ImageReader::open(file)
        .map_err(|e| unreadable(&name, e))?
        .with_guessed_format()
        .map_err(|e| unreadable(&name, e))?
        .into_dimensions()
        .map_err(|e| unreadable(&name, e))?;
    check_pixels(&name, width, height)?;
    Ok((width, height))
}

/// The decoded picture in `file`.
pub fn decode(file: &Path) -> Result<DynamicImage, PictureProblem> {
    if let Some(bytes) = crate::samples::file(file) {
        return decode_bytes(bytes, &shown(file));
    }
    let bytes = read_bounded(file)?;
    decode_bytes(&bytes, &shown(file))
}

/// The size in pixels of the image in `bytes`, from its header.
fn size_of_bytes(bytes: &[u8], name: &str) -> Result<(u32, u32), PictureProblem> {
    let (width, height) = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(name, e))?
        .into_dimensions()
        .map_err(|e| unreadable(name, e))?;
    check_pixels(name, width, height)?;
    Ok((width, height))
}

/// Decodes the bytes of an image file named `name` (for messages), within the limits.
pub fn decode_bytes(bytes: &[u8], name: &str) -> Result<DynamicImage, PictureProblem> {
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| unreadable(name, e))
    };
    size_of_bytes(bytes, name)?;
    let mut reader = reader()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    reader.decode().map_err(|e| unreadable(name, e))
}

fn check_pixels(name: &str, width: u32, height: u32) -> Result<(), PictureProblem> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PictureProblem::TooManyPixels {
            file: name.to_string(),
            width,
            height,
        });
    }
    if width == 0 || height == 0 {
        return Err(PictureProblem::Unreadable {
            file: name.to_string(),
            message: "it has no pixels".to_string(),
        });
    }
    Ok(())
}

/// The file's bytes, refusing what is not a regular file (a pipe would wait for a writer,
/// `/dev/zero` never ends) and anything over [`MAX_FILE_BYTES`].
fn read_bounded(file: &Path) -> Result<Vec<u8>, PictureProblem> {
    let name = check_file(file)?;
    let mut bytes = Vec::new();
    fs::File::open(file)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| unreadable(&name, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PictureProblem::TooLarge {
            file: name,
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// The file's name as shown, once it is known to be a regular file within the size limit.
fn check_file(file: &Path) -> Result<String, PictureProblem> {
    let name = shown(file);
    let meta = fs::metadata(file).map_err(|_| PictureProblem::Missing(name.clone()))?;
    if !meta.is_file() {
        return Err(PictureProblem::NotAFile(name));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(PictureProblem::TooLarge {
            file: name,
            bytes: meta.len(),
        });
    }
    Ok(name)
}

fn shown(file: &Path) -> String {
    crate::text::sanitize::path(file).to_string()
}

fn unreadable(name: &str, err: impl std::fmt::Display) -> PictureProblem {
    PictureProblem::Unreadable {
        file: name.to_string(),
        message: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A small picture in `format`, the seed the property test damages.
    fn encoded(format: image::ImageFormat) -> Vec<u8> {
        let image = image::RgbaImage::from_fn(9, 7, |x, y| {
            image::Rgba([(x * 28) as u8, (y * 36) as u8, 200, 255])
        });
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba8(image)
            .to_rgb8()
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Damaged pictures of every format kiji decodes, and bytes of no format at all,
        /// are a problem or a picture, never a panic.
        #[test]
        fn damaged_pictures_never_panic(
            format in prop::sample::select(vec![
                image::ImageFormat::Png,
                image::ImageFormat::Jpeg,
                image::ImageFormat::Gif,
                image::ImageFormat::WebP,
            ]),
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            cut in any::<prop::sample::Index>(),
            noise in prop::collection::vec(any::<u8>(), 0..64),
        ) {
            let mut bytes = encoded(format);
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            bytes.truncate(cut.index(bytes.len() + 1));
            if let Ok(image) = decode_bytes(&bytes, "damaged") {
                prop_assert!(u64::from(image.width()) * u64::from(image.height()) <= MAX_PIXELS);
            }
            let _ = decode_bytes(&noise, "noise");
        }
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, 128])
        });
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    /// PNG's chunk checksum (CRC-32, as zlib computes it).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn remote_and_data_addresses_are_never_local() {
        for url in [
            "https://x.test/a.png",
            "http://x.test/a.png",
            "data:image/png;base64,AAAA",
            "//cdn.test/a.png",
            "mailto:a@b.test",
            "",
        ] {
            assert!(!is_local(url), "{url}");
            assert!(resolve(url, Path::new("p/post.md")).is_none(), "{url}");
        }
        for url in [
            "a.png",
            "img/a.png",
            "/assets/a.png",
            "../a.png",
            "a%20b.png?x=1#y",
        ] {
            assert!(is_local(url), "{url}");
        }
    }

    #[test]
    fn addresses_resolve_next_to_the_post_and_from_the_site_root_or_static() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/posts/trip")).unwrap();
        fs::create_dir_all(root.join("static/images")).unwrap();
        fs::create_dir_all(root.join("assets")).unwrap();
        fs::write(root.join("static/images/s.png"), png(2, 2)).unwrap();
        fs::write(root.join("assets/a b.png"), png(2, 2)).unwrap();
        fs::write(root.join("content/posts/trip/bundle.png"), png(2, 2)).unwrap();
        let post = root.join("content/posts/trip/index.md");
        let found = |url: &str| {
            resolve(url, &post)
                .unwrap()
                .map(|p| fs::canonicalize(p).unwrap())
        };
        let canon = |p: &str| Ok(fs::canonicalize(root.join(p)).unwrap());
        assert_eq!(found("bundle.png"), canon("content/posts/trip/bundle.png"));
        assert_eq!(found("/images/s.png"), canon("static/images/s.png"));
        assert_eq!(found("/assets/a%20b.png"), canon("assets/a b.png"));
        assert!(matches!(
            found("/nowhere.png"),
            Err(PictureProblem::Missing(_))
        ));
    }

    #[test]
    fn a_picture_is_sized_from_its_header_and_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.png");
        fs::write(&file, png(30, 20)).unwrap();
        assert_eq!(probe(&file), Ok((30, 20)));
        assert_eq!(decode(&file).unwrap().width(), 30);
    }

    #[test]
    fn corrupt_truncated_and_not_images_are_problems_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let whole = png(40, 40);
        for (name, bytes) in [
            ("text.png", b"not an image at all".to_vec()),
            ("cut.png", whole[..whole.len() / 2].to_vec()),
            ("empty.png", Vec::new()),
        ] {
            let file = dir.path().join(name);
            fs::write(&file, &bytes).unwrap();
            assert!(decode(&file).is_err(), "{name}");
        }
        assert!(matches!(
            probe(dir.path()),
            Err(PictureProblem::NotAFile(_))
        ));
        assert!(matches!(
            probe(&dir.path().join("gone.png")),
            Err(PictureProblem::Missing(_))
        ));
    }

    #[test]
    fn a_header_claiming_too_many_pixels_is_refused_before_decoding() {
        // A PNG whose header says 100,000 × 100,000 (its checksum mended), over one pixel.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let problem = decode_bytes(&bytes, "big.png").unwrap_err();
        assert!(
            matches!(problem, PictureProblem::TooManyPixels { .. }),
            "{problem}"
        );
    }
}
