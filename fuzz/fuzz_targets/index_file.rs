//! The index cache's file on any payload behind a right checksum (what a damaged disk, a
//! crafted file or a bug of our own could leave): decoding never panics, and a load through
//! it gives the posts a load without it gives. Then, when the payload decodes, its folders'
//! listings are made to look trusted (this kiji's, this root's, each with the fingerprint its
//! folder has now) and loaded through: a listing that lies can hide a post (the walk trusts
//! a folder whose times have not moved), but never leads the walk outside the root, to a
//! file that is not a post, or to the same file twice. Runs in one folder per process.
#![no_main]

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use kiji::loader::LoadOptions;
use kiji::loader::cache::fingerprint::{Fingerprint, Stamp};
use kiji::loader::cache::store::{self, Index};
use kiji::loader::cache::{Bodies, IndexCache, load_indexed};
use kiji::model::Post;
use libfuzzer_sys::fuzz_target;
use tempfile::TempDir;

/// The posts of the folder the payloads are an index of (`seeds/index_file` holds the
/// payload of its real index).
const POSTS: &[&str] = &["a/one.md", "a/b/two.md", "c.md", "d/index.md"];

struct Site {
    _dir: TempDir,
    root: PathBuf,
    cache: IndexCache,
    /// The index a load saved, this kiji's.
    real: Index,
    /// The posts without the index.
    posts: Vec<Post>,
}

static SITE: OnceLock<Site> = OnceLock::new();

fn site() -> &'static Site {
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("site");
        for post in POSTS {
            let path = root.join(post);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, format!("# {post}\n\nText.\n")).unwrap();
        }
        fs::write(root.join("d/pic.png"), "not a post").unwrap();
        let cache = IndexCache::in_dir(dir.path().join("cache")).with_settle(Duration::ZERO);
        load_indexed(&root, &LoadOptions::default(), &cache, Bodies::Read);
        let real = store::read(&cache.file_for(&root)).expect("the index just saved");
        let posts = kiji::loader::load(&root).posts;
        Site {
            _dir: dir,
            root,
            cache,
            real,
            posts,
        }
    })
}

fuzz_target!(|payload: &[u8]| {
    let site = site();
    let file = site.cache.file_for(&site.root);
    let sealed = store::sealed(payload);
    let decoded = store::decode(&sealed);
    if let Ok(opened) = store::open_bytes(sealed.clone()) {
        let _ = (opened.folders(), opened.entries());
    }
    // As it is, from another kiji (or none): the posts as they are. (Written without
    // `store::write`'s syncs, which would be most of each run.)
    fs::write(&file, &sealed).unwrap();
    let (library, _) = load_indexed(&site.root, &LoadOptions::default(), &site.cache, Bodies::Read);
    assert_eq!(library.posts, site.posts);
    let Ok(decoded) = decoded else {
        return;
    };
    // Its listings as if this kiji had made them of these folders just now.
    let mut index = site.real.clone();
    index.folders = decoded.folders;
    for folder in &mut index.folders {
        let path = site.root.join(String::from_utf8_lossy(&folder.relative).as_ref());
        if let Ok(meta) = fs::metadata(&path) {
            folder.fingerprint = Fingerprint::of(&meta);
        }
        folder.read_at = Stamp::now();
    }
    fs::write(&file, store::encode(&index)).unwrap();
    let (library, _) = load_indexed(&site.root, &LoadOptions::default(), &site.cache, Bodies::Read);
    let mut seen = HashSet::new();
    for post in &library.posts {
        let path = &post.path;
        assert!(path.starts_with(&site.root), "{path:?}");
        let relative = path.strip_prefix(&site.root).unwrap();
        assert!(
            relative.components().all(|c| matches!(c, std::path::Component::Normal(_))),
            "{path:?}"
        );
        assert!(fs::symlink_metadata(path).is_ok_and(|m| m.is_file()), "{path:?}");
        assert!(kiji::loader::is_post_file(path), "{path:?}");
        assert!(seen.insert(path.clone()), "{path:?} twice");
        assert!(site.posts.iter().any(|p| p == post), "{path:?} not as it is");
    }
});
