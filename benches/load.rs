//! Loading a large site: 10,000 posts from the shared generator (`support/corpus.rs`:
//! Japanese, Chinese, Korean and English, YAML and TOML, 1 KB to 5 MB), written once into a
//! temporary folder. Cold is a load that parses every post; warm is a load through an index
//! cache saved by the load before, as `kiji --list` (no bodies) and the reader (bodies read,
//! not parsed) start. The files are in the page cache either way (criterion's warm-up).

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kiji::loader::LoadOptions;
use kiji::loader::cache::{Bodies, IndexCache, load_indexed};

const POSTS: usize = 10_000;

fn load(c: &mut Criterion) {
    let site = tempfile::tempdir().unwrap();
    let written = corpus::write(site.path(), &corpus::Spec::new(POSTS)).unwrap();
    let library = kiji::loader::load(site.path());
    assert_eq!(library.posts.len(), POSTS);
    assert!(
        library.diagnostics.is_empty(),
        "{:?}",
        &library.diagnostics[..1]
    );
    eprintln!(
        "corpus: {POSTS} posts, {:.1} MB, {} to {} bytes",
        written.bytes as f64 / 1e6,
        written.smallest,
        written.largest
    );
    let cache_dir = tempfile::tempdir().unwrap();
    // The files were written a moment ago: trust them at once, as a later start would.
    let cache = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::ZERO);
    let options = LoadOptions::default();
    let (_, usage) = load_indexed(site.path(), &options, &cache, Bodies::Read);
    assert!(usage.saved);

    let mut group = c.benchmark_group("load_10k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    // Freeing 10,000 posts is not loading them: the drop is left out.
    group.bench_function("cold", |b| {
        b.iter_with_large_drop(|| kiji::loader::load(black_box(site.path())))
    });
    for (name, bodies) in [
        ("warm_no_bodies", Bodies::OnDemand),
        ("warm_bodies", Bodies::Read),
    ] {
        group.bench_function(name, |b| {
            b.iter_with_large_drop(|| {
                let (library, usage) = load_indexed(site.path(), &options, &cache, bodies);
                assert_eq!(usage.parsed, 0);
                library
            })
        });
    }
    group.finish();

    let mut rng = corpus::Rng::new(7);
    let one = corpus::post(7, &mut rng, Some(4 * corpus::KB));
    c.bench_function("parse_post/4kb", |b| {
        b.iter(|| kiji::loader::parse_post(Path::new("post.md"), black_box(one.text.as_bytes())))
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
