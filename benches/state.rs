//! State at scale: opening and saving the state of 100,000 posts, and resolving a reading
//! position in a 5 MB post whose anchored text is gone (the slowest path).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kiji::state::{Anchor, PostKey, StateStore};

const POSTS: usize = 100_000;

fn filled_store(dir: &Path) -> StateStore {
    let (mut store, _) = StateStore::open(dir);
    let body = "本文の段落。".repeat(40);
    for i in 0..POSTS {
        let key = PostKey::for_path(Path::new(&format!("/blog/_posts/2024-01-01-post-{i}.md")));
        store.set_read(&key, true);
        if i % 3 == 0 {
            store.set_position(&key, Some(Anchor::at(&body, i % body.len())));
        }
    }
    store
}

fn state(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = filled_store(dir.path());
    store.save().unwrap();
    let mut group = c.benchmark_group("state");
    group.sample_size(10);
    group.bench_function("open 100k posts", |b| {
        b.iter(|| black_box(StateStore::open(dir.path())))
    });
    let key = PostKey::for_path(Path::new("/blog/_posts/2024-01-01-post-7.md"));
    group.bench_function("save 100k posts after one change", |b| {
        b.iter(|| {
            store.toggle_starred(&key);
            store.save().unwrap();
        })
    });
    group.finish();

    let body = "日本語の本文と English words が混ざった段落です。\n\n".repeat(80_000);
    assert!(body.len() > 5_000_000);
    let gone = Anchor {
        offset: body.len() / 2,
        fingerprint: "この文章は本文のどこにも現れない一節です。".into(),
    };
    c.bench_function("resolve a lost anchor in 5 MB", |b| {
        b.iter(|| black_box(gone.resolve(black_box(&body))))
    });
}

criterion_group!(benches, state);
criterion_main!(benches);
