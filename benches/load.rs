//! Loading a large site: 10,000 generated posts of about 4 KB each, mixed Japanese and English,
//! written once into a temporary folder. Target: `loader::load` in 150 ms or less on a 2-core
//! machine once the files are in the page cache (criterion's warm-up puts them there).

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

const POSTS: usize = 10_000;
const POST_BYTES: usize = 4 * 1024;

const JA_SENTENCES: &[&str] = &[
    "今日は新しい読み方を試してみました。",
    "端末の中で記事を読むのは意外と快適です。",
    "日本語の折り返しには禁則処理が欠かせません。",
    "設定ファイルを少し書き換えるだけで動きます。",
    "長い段落でも幅に合わせてきれいに並びます。",
    "タグで絞り込むと目当ての記事がすぐ見つかります。",
];
const EN_SENTENCES: &[&str] = &[
    "The loader reads every file once and keeps the counts.",
    "Front matter comes first, then the Markdown body follows.",
    "Wide characters take two cells on most terminals.",
    "A stable order makes the output easy to compare.",
    "Small modules with one job are easier to test.",
];
const TAGS: &[&str] = &["rust", "日本語", "cli", "terminal", "読書", "layout"];

/// A tiny deterministic generator so every run benchmarks the same files.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

fn post(n: usize, rng: &mut Lcg) -> String {
    let mut text = String::with_capacity(POST_BYTES + 512);
    let yaml = !n.is_multiple_of(4);
    let (open, close) = if yaml { ("---", "---") } else { ("+++", "+++") };
    let tags = [rng.pick(TAGS), rng.pick(TAGS)];
    let day = 1 + n % 28;
    let month = 1 + n % 12;
    writeln!(text, "{open}").unwrap();
    if yaml {
        writeln!(text, "title: \"記事 {n}: {}\"", rng.pick(EN_SENTENCES)).unwrap();
        writeln!(
            text,
            "date: 2024-{month:02}-{day:02} 10:{:02}:00 +0900",
            n % 60
        )
        .unwrap();
        writeln!(text, "tags: [{}, {}]", tags[0], tags[1]).unwrap();
        writeln!(text, "author: Bench Writer").unwrap();
    } else {
        writeln!(text, "title = \"Post {n}\"").unwrap();
        writeln!(text, "date = 2023-{month:02}-{day:02}").unwrap();
        writeln!(
            text,
            "[taxonomies]\ntags = [\"{}\", \"{}\"]",
            tags[0], tags[1]
        )
        .unwrap();
    }
    writeln!(text, "{close}\n").unwrap();
    let mut section = 0;
    while text.len() < POST_BYTES {
        section += 1;
        writeln!(text, "## 見出し {section}\n").unwrap();
        for _ in 0..3 {
            for _ in 0..3 {
                text.push_str(rng.pick(JA_SENTENCES));
            }
            text.push_str(" **");
            text.push_str(rng.pick(EN_SENTENCES));
            text.push_str("** See [the docs](https://example.com/docs) for more.\n\n");
        }
        text.push_str("- 項目 one\n- 項目 two with `code`\n\n");
        if section % 2 == 0 {
            text.push_str("```rust\nfn main() { println!(\"hello\"); }\n```\n\n");
        }
    }
    text
}

fn write_site(root: &Path) {
    let mut rng = Lcg(2024);
    for n in 0..POSTS {
        let folder = root.join(format!("{:02}", n % 50));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("post-{n:05}.md")), post(n, &mut rng)).unwrap();
    }
}

fn load(c: &mut Criterion) {
    let site = tempfile::tempdir().unwrap();
    write_site(site.path());
    let library = kiji::loader::load(site.path());
    assert_eq!(library.posts.len(), POSTS);
    assert!(
        library.diagnostics.is_empty(),
        "{:?}",
        &library.diagnostics[..1]
    );

    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    // Freeing 10,000 posts is not loading them (about 7 ms here): the drop is left out.
    group.bench_function("10k_posts_4kb", |b| {
        b.iter_with_large_drop(|| kiji::loader::load(black_box(site.path())))
    });
    group.finish();

    let one = post(7, &mut Lcg(7));
    c.bench_function("parse_post/4kb", |b| {
        b.iter(|| kiji::loader::parse_post(Path::new("post.md"), black_box(one.as_bytes())))
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
