//! Parse + lay out Japanese posts: a ~45 KB one at width 80 (target ≤ 1 ms) and a 1 MB one
//! (target ≤ 20 ms). The texts are generated here (no corpus text): paragraphs of kanji and
//! kana sentences with Latin words and numbers, 「quotes」, now and then CJK emphasis, a link
//! or inline code, and between them headings, lists, quotes, code blocks and tables, in about
//! the proportions of a long Japanese blog post. A 5 MB post assembled from drafts (a third
//! of its blocks pasted again) and a 5 MB post without repeats are each laid out with and
//! without folding: detection should add under 5%. A ~45 KB technical post with 20 code
//! blocks is laid out with its code highlighted and with the fences' languages left out. The
//! reader's first screen of the 45 KB post and of a 5 MB one (target: ≤ 1.5 times the 45 KB
//! post's).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kiji::layout::{Highlighting, Options, highlight, layout_markdown};

/// A small deterministic generator, so every run measures the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn char_in(&mut self, from: u32, to: u32) -> char {
        char::from_u32(from + self.below(u64::from(to - from)) as u32).unwrap_or('あ')
    }
}

fn word(rng: &mut Rng) -> String {
    let len = 1 + rng.below(4);
    match rng.below(10) {
        0..=3 => (0..len).map(|_| rng.char_in(0x4E00, 0x5FFF)).collect(),
        4..=6 => (0..len + 1).map(|_| rng.char_in(0x3042, 0x3093)).collect(),
        7 => (0..len + 2).map(|_| rng.char_in(0x30A2, 0x30F3)).collect(),
        8 => ["Rust", "AI", "NVIDIA", "LLM", "GPU", "API"][rng.below(6) as usize].to_string(),
        _ => rng.below(10_000).to_string(),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let mut s = String::new();
    let words = 6 + rng.below(14);
    for i in 0..words {
        // Markup about as often as in the blog posts kiji is for: now and then, not every
        // sentence.
        match rng.below(400) {
            0..=2 => s.push_str(&format!("**「{}」**", word(rng))),
            3 => s.push_str(&format!("*{}*", word(rng))),
            4 => s.push_str(&format!("[{}](https://example.com/{})", word(rng), i)),
            5 | 6 => s.push_str(&format!("`{}`", word(rng))),
            7..=14 => s.push_str(&format!("「{}」", word(rng))),
            _ => s.push_str(&word(rng)),
        }
        if i + 1 < words && rng.below(6) == 0 {
            s.push('、');
        }
    }
    s.push(['。', '。', '。', '？', '！'][rng.below(5) as usize]);
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let mut p = String::new();
    for _ in 0..3 + rng.below(6) {
        p.push_str(&sentence(rng));
        // Some authors wrap their source lines; the soft breaks must join without a space.
        if rng.below(3) == 0 {
            p.push('\n');
        }
    }
    p.trim_end().to_string()
}

fn block(rng: &mut Rng) -> String {
    match rng.below(60) {
        0..=4 => format!("## {}", word(rng) + &word(rng)),
        5..=7 => (0..3)
            .map(|_| format!("- {}", sentence(rng)))
            .collect::<Vec<_>>()
            .join("\n"),
        8 => format!("> {}", paragraph(rng)),
        9 => format!(
            "```rust\nfn main() {{\n    println!(\"{}\");\n}}\n```",
            sentence(rng)
        ),
        10 => format!(
            "| 項目 | 説明 |\n|---|---|\n| {} | {} |\n| {} | {} |",
            word(rng),
            sentence(rng),
            word(rng),
            sentence(rng)
        ),
        _ => paragraph(rng),
    }
}

fn japanese_post(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut post = String::new();
    while post.len() < bytes {
        post.push_str(&block(&mut rng));
        post.push_str("\n\n");
    }
    post
}

/// A post of `bytes` in which every third block is a copy of an earlier one.
fn post_with_repeats(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut blocks: Vec<String> = Vec::new();
    let mut len = 0;
    while len < bytes {
        let block = if blocks.len() % 3 == 2 {
            blocks[rng.below(blocks.len() as u64) as usize].clone()
        } else {
            block(&mut rng)
        };
        len += block.len() + 2;
        blocks.push(block);
    }
    blocks.join("\n\n")
}

fn folding(c: &mut Criterion) {
    let post = post_with_repeats(5_000_000, 0x2545_F491_4F6C_DD1D);
    let plain = Options::new(80);
    let folded = Options {
        fold_repeats: true,
        ..plain
    };
    let mut group = c.benchmark_group("repeats");
    group.sample_size(10);
    group.bench_function("layout 5 MB post with repeats, not folded", |b| {
        b.iter(|| layout_markdown(black_box(&post), black_box(&plain)))
    });
    group.bench_function("layout 5 MB post with repeats, folded", |b| {
        b.iter(|| layout_markdown(black_box(&post), black_box(&folded)))
    });
    // Most posts repeat nothing: there detection is all the folding costs.
    let unique = japanese_post(5_000_000, 0x2545_F491_4F6C_DD1D);
    group.bench_function("layout 5 MB post without repeats, not folded", |b| {
        b.iter(|| layout_markdown(black_box(&unique), black_box(&plain)))
    });
    group.bench_function("layout 5 MB post without repeats, folded", |b| {
        b.iter(|| layout_markdown(black_box(&unique), black_box(&folded)))
    });
    group.finish();
}

fn layout(c: &mut Criterion) {
    let options = Options::new(80);
    let small = japanese_post(45_000, 0x9E37_79B9_7F4A_7C15);
    let large = japanese_post(1_000_000, 0xD1B5_4A32_D192_ED03);
    c.bench_function("layout 45 KB Japanese post at 80 columns", |b| {
        b.iter(|| layout_markdown(black_box(&small), black_box(&options)))
    });
    let mut group = c.benchmark_group("large");
    group.sample_size(20);
    group.bench_function("layout 1 MB Japanese post at 80 columns", |b| {
        b.iter(|| layout_markdown(black_box(&large), black_box(&options)))
    });
    group.finish();
}

/// Code blocks as a technical post has them: each language's keywords, strings, comments and
/// numbers, and a line now and then wider than 80 columns.
const SNIPPETS: [(&str, &str); 5] = [
    (
        "rust",
        "use std::collections::HashMap;\n\n/// Counts the words of `text`.\nfn word_counts(text: &str) -> HashMap<&str, usize> {\n    let mut counts = HashMap::new();\n    for word in text.split_whitespace().filter(|w| w.chars().all(char::is_alphanumeric)) {\n        *counts.entry(word).or_insert(0) += 1; // NUMBER\n    }\n    counts\n}",
    ),
    (
        "haskell",
        "module Main where\n\nimport qualified Data.Map.Strict as Map\n\n-- | Counts the words of a text.\nwordCounts :: String -> Map.Map String Int\nwordCounts = foldr (\\w -> Map.insertWith (+) w 1) Map.empty . words\n\nmain :: IO ()\nmain = print (wordCounts \"a b a NUMBER\")",
    ),
    (
        "python",
        "import collections\n\ndef word_counts(text: str) -> dict[str, int]:\n    \"\"\"Counts the words of text.\"\"\"\n    counts = collections.Counter(w for w in text.split() if w.isalnum())  # NUMBER\n    return dict(counts)",
    ),
    (
        "go",
        "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n// wordCounts counts the words of text.\nfunc wordCounts(text string) map[string]int {\n\tcounts := make(map[string]int, NUMBER)\n\tfor _, w := range strings.Fields(text) {\n\t\tcounts[w]++\n\t}\n\treturn counts\n}",
    ),
    (
        "yaml",
        "# a site's configuration\ntitle: \"word counts\"\npaginate: NUMBER\nplugins:\n  - jekyll-feed\n  - jekyll-seo-tag\nexclude: [Gemfile, Gemfile.lock, node_modules, vendor/bundle, vendor/cache, vendor/gems]",
    ),
];

/// A ~45 KB technical post: paragraphs between 20 code blocks of ~1 KB in five languages.
fn code_post(seed: u64, with_language: bool) -> String {
    let mut rng = Rng(seed);
    let mut post = String::new();
    for i in 0..20 {
        post.push_str(&paragraph(&mut rng));
        post.push_str("\n\n");
        post.push_str(&paragraph(&mut rng));
        post.push_str("\n\n");
        let (lang, code) = SNIPPETS[i % SNIPPETS.len()];
        post.push_str("```");
        if with_language {
            post.push_str(lang);
        }
        post.push('\n');
        for _ in 0..2 {
            post.push_str(&code.replace("NUMBER", &rng.below(1000).to_string()));
            post.push_str("\n\n");
        }
        post.push_str("```\n\n");
    }
    post
}

fn highlighting(c: &mut Criterion) {
    let options = Options::new(80);
    let remembered = Options {
        highlighting: Highlighting::Remembered,
        ..options
    };
    let highlighted = code_post(0x5851_F42D_4C95_7F2D, true);
    let plain = code_post(0x5851_F42D_4C95_7F2D, false);
    let mut group = c.benchmark_group("code");
    // What the worker thread does: the highlighting itself, nothing remembered.
    group.bench_function("layout 45 KB post with 20 code blocks, highlighted", |b| {
        b.iter(|| {
            highlight::forget_remembered();
            layout_markdown(black_box(&highlighted), black_box(&options))
        })
    });
    // What the reader's input thread does the first time it shows the post: code left plain.
    group.bench_function(
        "reader's first layout of it (highlighting left to the worker)",
        |b| {
            b.iter(|| {
                highlight::forget_remembered();
                layout_markdown(black_box(&highlighted), black_box(&remembered))
            })
        },
    );
    // Every later layout (a resize, the post shown again, the reader after the worker).
    layout_markdown(&highlighted, &options);
    group.bench_function("layout of it with its highlighting remembered", |b| {
        b.iter(|| layout_markdown(black_box(&highlighted), black_box(&remembered)))
    });
    group.bench_function("layout 45 KB post with 20 code blocks, no language", |b| {
        b.iter(|| layout_markdown(black_box(&plain), black_box(&options)))
    });
    if let Some((path, body)) = most_code_in_corpus() {
        let name = format!("highlight the corpus's most code-heavy post ({path})");
        group.bench_function(name, |b| {
            b.iter(|| {
                highlight::forget_remembered();
                layout_markdown(black_box(&body), black_box(&options))
            })
        });
    }
    group.finish();
}

/// The post of `../shared/corpus` with the most bytes of fenced code (none when the corpus is
/// not beside the repository).
fn most_code_in_corpus() -> Option<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut best: Option<(usize, String, String)> = None;
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut inside = false;
            let mut code = 0;
            for line in text.lines() {
                if line.trim_start().starts_with("```") {
                    inside = !inside;
                } else if inside {
                    code += line.len() + 1;
                }
            }
            if best.as_ref().is_none_or(|(most, _, _)| code > *most) {
                let name = path
                    .strip_prefix(&root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                best = Some((code, name, text));
            }
        }
    }
    best.map(|(_, name, text)| (name, text))
}

/// The reader's first screen: opening a post in a 120 × 40 terminal and drawing the frame,
/// as a user waits for it. The 45 KB post is the sample article of the figures above; the
/// 5 MB one is the same kind of text. With the workers (as `kiji` runs), a post over 256 KB
/// opens on its first part (`layout::first_part`); without it, it is laid out whole first.
fn first_screen(c: &mut Criterion) {
    use kiji::model::Library;
    use kiji::ui::{Action, App, update};
    use ratatui::{Terminal, backend::TestBackend};

    let library = |body: &str| {
        let path = std::path::Path::new("posts/post.md");
        let (post, _) = kiji::loader::parse_post(path, body.as_bytes());
        Library {
            posts: vec![post.expect("the generated post loads")],
            diagnostics: vec![],
        }
    };
    let sample = library(&japanese_post(45_000, 0x9E37_79B9_7F4A_7C15));
    let large = library(&japanese_post(5_000_000, 0x2545_F491_4F6C_DD1D));
    // As `kiji` runs: code highlighting left to its worker too, and, `in_parts`, a long
    // post's whole layout.
    let ready = |library: &Library, in_parts: bool| {
        let app = App::new(library.clone()).highlight_in_background();
        let mut app = if in_parts {
            app.lay_out_in_background()
        } else {
            app
        };
        update(
            &mut app,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        app
    };
    // The 5 MB post must open on a first part, or its figure would be the whole layout's.
    let mut app = ready(&large, true);
    update(&mut app, Action::Open);
    assert!(
        app.reader().is_some_and(|r| r.document().partial.is_some()),
        "the 5 MB post opens on a first part"
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut group = c.benchmark_group("first screen");
    group.sample_size(20);
    for (name, library, in_parts) in [
        ("first screen of the sample article (45 KB)", &sample, true),
        ("first screen of a 5 MB post", &large, true),
        ("first screen of a 5 MB post, laid out whole", &large, false),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || ready(library, in_parts),
                |mut app| {
                    update(&mut app, Action::Open);
                    terminal.draw(|f| kiji::ui::draw(f, &app)).unwrap();
                    app
                },
                criterion::BatchSize::PerIteration,
            )
        });
    }
    // `G` pressed at once: the end of the post laid out alone shows (`layout::part_around`),
    // the whole layout left to the worker. In a post with repeats, folded as `kiji` folds
    // them by default, the part finds the repeats in the whole post first.
    let repeating = library(&post_with_repeats(5_000_000, 0x2545_F491_4F6C_DD1D));
    group.sample_size(10);
    for (name, library) in [
        ("G on a 5 MB post just opened, until the end shows", &large),
        (
            "G on a 5 MB post with repeats just opened, until the end shows folded",
            &repeating,
        ),
    ] {
        let mut app = ready(library, true);
        update(&mut app, Action::Open);
        update(&mut app, Action::Bottom);
        let document = app.reader().expect("a reader").document();
        assert!(
            document
                .partial
                .is_some_and(|p| p.reaches_end() && !p.starts_at_top()),
            "{name}: the end laid out alone"
        );
        assert!(
            library.posts[0].repeats.chars == 0 || !document.folds.is_empty(),
            "{name}: the repeats folded"
        );
        group.bench_function(name, |b| {
            b.iter_batched(
                || ready(library, true),
                |mut app| {
                    update(&mut app, Action::Open);
                    update(&mut app, Action::Bottom);
                    terminal.draw(|f| kiji::ui::draw(f, &app)).unwrap();
                    app
                },
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, layout, highlighting, folding, first_screen);
criterion_main!(benches);
