//! Loading a large site: 10,000 and 100,000 posts from the shared generator
//! (`support/corpus.rs`: Japanese, Chinese, Korean and English, YAML and TOML, 1 KB to 5 MB),
//! written once into a temporary folder. Cold is a load that parses every post; warm is a load
//! through an index cache saved by the load before, as `kiji --list` (bodies left in their
//! files) starts; `from_index` is the reader's start on a folder it has seen (the index alone)
//! and `check` the comparison of the files with it that follows in the background. The files
//! are in the page cache either way (criterion's warm-up).

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kiji::loader::LoadOptions;
use kiji::loader::cache::{Bodies, IndexCache, Shown, check_index, load_from_index, load_indexed};

fn load(c: &mut Criterion) {
    for posts in [10_000, 100_000] {
        load_site(c, posts);
    }
    let mut rng = corpus::Rng::new(7);
    let one = corpus::post(7, &mut rng, Some(4 * corpus::KB));
    c.bench_function("parse_post/4kb", |b| {
        b.iter(|| kiji::loader::parse_post(Path::new("post.md"), black_box(one.text.as_bytes())))
    });
}

fn load_site(c: &mut Criterion, posts: usize) {
    let site = tempfile::tempdir().unwrap();
    let written = corpus::write(site.path(), &corpus::Spec::new(posts)).unwrap();
    eprintln!(
        "corpus: {posts} posts, {:.1} MB, {} to {} bytes",
        written.bytes as f64 / 1e6,
        written.smallest,
        written.largest
    );
    let cache_dir = tempfile::tempdir().unwrap();
    // The files were written a moment ago: trust them at once, as a later start would.
    let cache = IndexCache::in_dir(cache_dir.path()).with_settle(Duration::ZERO);
    let options = LoadOptions::default();
    let (library, usage) = load_indexed(site.path(), &options, &cache, Bodies::OnDemand);
    assert!(usage.saved);
    assert_eq!(library.posts.len(), posts);
    assert!(
        library.diagnostics.is_empty(),
        "{:?}",
        &library.diagnostics[..1]
    );
    // A reader started from the index checks the files it shows; one started from a load,
    // the posts it loaded (compared through the index).
    let from_posts = Shown::of_posts(site.path(), &library.posts);
    drop(library);
    let (_, from_index) = load_from_index(site.path(), &options, &cache).unwrap();

    let mut group = c.benchmark_group(format!("load_{}k", posts / 1000));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    // Freeing the posts is not loading them: the drop is left out.
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
    group.bench_function("from_index", |b| {
        b.iter_with_large_drop(|| load_from_index(site.path(), &options, &cache).unwrap())
    });
    for (name, shown) in [("check", &from_index), ("check_through_index", &from_posts)] {
        group.bench_function(name, |b| {
            b.iter_with_large_drop(|| {
                let check = check_index(site.path(), &options, &cache, shown);
                assert!(check.changed.is_empty() && check.gone.is_empty());
                check
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
