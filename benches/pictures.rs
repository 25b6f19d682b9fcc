//! A large photo in the reader: reading a 4000×3000 PNG's header (what layout waits for),
//! decoding it, and decoding plus scaling it to the cells layout keeps for it and encoding
//! those as half-blocks (what the picture worker does before the picture appears). The PNG
//! is made here, not committed: smooth gradients with noise, so it compresses as a photo
//! does (about 20 MB), not as a flat colour would.
//!
//! Target: the picture on screen within a second of opening the post on a slow machine,
//! without the input thread ever waiting for it (it runs on the worker).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use kiji::layout::{PictureGrid, PixelSize, picture_cells};
use kiji::ui::pictures::{Done, Job, work};
use ratatui::layout::Size;
use ratatui_image::picker::Picker;

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

fn photo(file: &Path) {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let image = image::RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let noise = (seed & 0x0F) as u32;
        image::Rgb([
            ((x * 255 / WIDTH + noise) & 0xFF) as u8,
            ((y * 255 / HEIGHT + noise) & 0xFF) as u8,
            (((x + y) / 28 + noise) & 0xFF) as u8,
        ])
    });
    image.save(file).unwrap();
}

fn pictures(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("photo.png");
    photo(&file);
    let post = dir.path().join("post.md");
    let grid = PictureGrid {
        cell_width: 1,
        cell_height: 2,
        max_rows: 20,
    };
    let size = PixelSize {
        width: WIDTH,
        height: HEIGHT,
    };
    let (columns, rows) = picture_cells(size, grid, 100);
    let cells = Size::new(columns as u16, rows as u16);

    let mut group = c.benchmark_group("picture");
    group.sample_size(10);
    group.bench_function("header of a 4000x3000 PNG", |b| {
        b.iter(|| kiji::pictures::probe(black_box(&file)).unwrap())
    });
    group.bench_function("decode a 4000x3000 PNG", |b| {
        b.iter(|| kiji::pictures::decode(black_box(&file)).unwrap())
    });
    group.bench_function("decode and scale a 4000x3000 PNG to half-blocks", |b| {
        b.iter(|| {
            let done = work(Job::Draw {
                post: post.clone(),
                url: "photo.png".into(),
                file: file.clone(),
                cells,
                picker: Box::new(Picker::halfblocks()),
            });
            assert!(matches!(done, Done::Drawn { result: Ok(_), .. }));
            black_box(done)
        })
    });
    group.finish();
}

criterion_group!(benches, pictures);
criterion_main!(benches);
