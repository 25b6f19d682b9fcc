//! The interface at scale: a frame of the list over 100,000 posts, a frame in the middle of a
//! 5 MB post, and the list filters (search as you type, a tag) over 100,000 posts.
//!
//! Targets: a frame well under a millisecond wherever the reader is; a keystroke of search
//! over 100,000 posts (≈ 200 MB of text) within a few hundred milliseconds, narrowing faster.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kiji::model::{Library, Post, PostDate, TextStats};
use kiji::ui::{Action, App, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn post(i: usize, body: String) -> Post {
    let day = chrono::NaiveDate::from_ymd_opt(
        2000 + (i % 25) as i32,
        1 + (i % 12) as u32,
        1 + (i % 28) as u32,
    );
    Post {
        path: format!("posts/{i:06}.md").into(),
        title: format!("Post number {i}: 記事の題名 {}", i * 7919 % 100_003),
        date: day.map(PostDate::Day),
        tags: vec![format!("tag{}", i % 50), format!("タグ{}", i % 7)],
        categories: vec![],
        author: None,
        excerpt: None,
        declared_reading_minutes: None,
        draft: i.is_multiple_of(97),
        lang: None,
        extra: Default::default(),
        stats: TextStats {
            cjk_chars: body.chars().filter(|c| !c.is_ascii()).count(),
            words: body.split_ascii_whitespace().count(),
        },
        body,
        body_file: None,
        body_line: 1,
        repeats: Default::default(),
        diagnostics: vec![],
    }
}

fn paragraph(i: usize) -> String {
    format!(
        "Paragraph {i} of a post that mixes English words with 日本語の文章、句読点も含めて。\
         The quick brown fox jumps over the lazy dog while the reader scrolls on. \
         ＡＩと全角英数字も混ざる。\n\n"
    )
}

fn library(posts: usize, paragraphs: usize) -> Library {
    let body: String = (0..paragraphs).map(paragraph).collect();
    Library {
        posts: (0..posts).map(|i| post(i, body.clone())).collect(),
        diagnostics: vec![],
    }
}

fn sized(library: Library, width: u16, height: u16) -> App {
    let mut app = App::new(library);
    update(&mut app, Action::Resize { width, height });
    app
}

fn frames(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let mut list = sized(library(100_000, 1), 120, 40);
    update(&mut list, Action::Bottom);
    c.bench_function("frame: list of 100,000 posts, at the end", |b| {
        b.iter(|| {
            terminal
                .draw(|f| kiji::ui::draw(f, black_box(&list)))
                .unwrap();
        })
    });

    // One post of about 5 MB, read in the middle.
    let mut big = sized(library(1, 30_000), 120, 40);
    update(&mut big, Action::SwitchFocus);
    let rows = big.reader().unwrap().document().rows.len();
    for _ in 0..rows / 2 / 39 {
        update(&mut big, Action::PageDown);
    }
    c.bench_function("frame: middle of a 5 MB post", |b| {
        b.iter(|| {
            terminal
                .draw(|f| kiji::ui::draw(f, black_box(&big)))
                .unwrap();
        })
    });
}

fn filters(c: &mut Criterion) {
    let mut group = c.benchmark_group("100,000 posts");
    group.sample_size(10);
    let posts = library(100_000, 8);
    group.bench_function("first search (folds every post once)", |b| {
        b.iter_batched(
            || sized(posts.clone(), 120, 40),
            |mut app| {
                update(&mut app, Action::Search);
                update(&mut app, Action::Insert('q'));
                app
            },
            criterion::BatchSize::PerIteration,
        )
    });
    let mut app = sized(posts, 120, 40);
    // The first search builds the folded index once; measure keystrokes after that.
    update(&mut app, Action::Search);
    update(&mut app, Action::Insert('x'));
    update(&mut app, Action::ClearInput);
    group.bench_function("search keystroke from empty (`q`)", |b| {
        b.iter(|| {
            update(&mut app, Action::Insert('q'));
            update(&mut app, Action::ClearInput);
        })
    });
    group.bench_function("search keystroke matching nothing (`#`)", |b| {
        b.iter(|| {
            update(&mut app, Action::Insert('#'));
            update(&mut app, Action::ClearInput);
        })
    });
    group.bench_function("search keystroke narrowing (`quick` → `quickl`)", |b| {
        b.iter(|| {
            for c in "quick".chars() {
                update(&mut app, Action::Insert(c));
            }
            update(&mut app, Action::Insert('l'));
            update(&mut app, Action::ClearInput);
        })
    });
    update(&mut app, Action::Back);
    group.bench_function("toggle a tag", |b| {
        b.iter(|| {
            update(&mut app, Action::TagPicker);
            update(&mut app, Action::Open);
            update(&mut app, Action::Open);
            update(&mut app, Action::Back);
        })
    });
    group.bench_function("cycle the sort", |b| {
        b.iter(|| update(&mut app, Action::CycleSort))
    });
    group.finish();
}

fn folding(c: &mut Criterion) {
    let mixed: String = (0..5_000).map(paragraph).collect();
    let english = "The quick brown fox jumps over the lazy dog. ".repeat(20_000);
    let mut group = c.benchmark_group("fold");
    for (name, text) in [("mixed", &mixed), ("english", &english)] {
        group.throughput(criterion::Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| kiji::ui::search::fold(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, folding, frames, filters);
criterion_main!(benches);
