//! A large, deterministic site to measure kiji on, shared by the benches and
//! `cargo run --release --example gen_corpus`: Japanese, Chinese, Korean and English posts
//! (the sentences are written for this generator), YAML and TOML front matter with titles,
//! dates, tags and some drafts, laid out as a Jekyll site (`_posts/YYYY-MM-DD-slug.md`,
//! `_drafts/`), Hugo page bundles (`content/posts/slug/index.md`) and plain note folders.
//!
//! Sizes follow what a long-lived blog holds: most posts a few KB, one in ten tens of KB,
//! one in a hundred hundreds of KB, one in a thousand between 1 and 5 MB. The same seed and
//! count always write the same bytes, so two runs measure the same thing.

#![allow(dead_code)] // each bench uses a part of it

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

pub const KB: usize = 1024;
pub const MB: usize = 1024 * KB;
/// The largest post written: 5 MB, front matter included.
pub const MAX_POST_BYTES: usize = 5 * MB;
/// The smallest: 1 KB.
pub const MIN_POST_BYTES: usize = KB;

/// What to write.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub posts: usize,
    pub seed: u64,
    /// Every post about this size instead of the realistic spread (for figures comparable
    /// with a corpus of equal posts).
    pub fixed_size: Option<usize>,
}

impl Spec {
    pub fn new(posts: usize) -> Spec {
        Spec {
            posts,
            seed: 2026,
            fixed_size: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub posts: usize,
    pub drafts: usize,
    pub bytes: u64,
    pub smallest: usize,
    pub largest: usize,
    /// Posts per language: Japanese, Chinese, Korean, English.
    pub languages: [usize; 4],
    pub yaml: usize,
    pub toml: usize,
}

/// SplitMix64: small, fast, and the same numbers on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Japanese,
    Chinese,
    Korean,
    English,
}

struct Words {
    sentences: &'static [&'static str],
    headings: &'static [&'static str],
    titles: &'static [&'static str],
    tags: &'static [&'static str],
    list_items: &'static [&'static str],
    /// Sentences are joined with a space (Korean, English) or nothing (Japanese, Chinese).
    spaced: bool,
}

const JAPANESE: Words = Words {
    sentences: &[
        "朝の電車で昨日の続きを読み進めた。",
        "設定を一行変えただけで表示が見違えるほど整った。",
        "長い段落は画面の幅に合わせて折り返される。",
        "句読点が行頭に来ないように気をつけている。",
        "古い記事を読み返すと当時の迷いがよく分かる。",
        "検索欄に二文字入れるだけで候補が絞られる。",
        "夜更けに書いたメモは翌朝になると意味が分からない。",
        "表の列幅は全角文字を二つ分として数える。",
        "小さな道具を組み合わせると大きな仕事も片付く。",
        "雨の日は端末の前でゆっくり文章を整える。",
        "見出しを辿れば長い記事でも迷わない。",
        "同じ段落が二度出てくる記事は意外と多い。",
    ],
    headings: &[
        "はじめに",
        "準備",
        "手順",
        "試した結果",
        "気づいたこと",
        "まとめ",
    ],
    titles: &[
        "端末で読む技術メモ",
        "週末の読書記録",
        "静的サイトの移行日記",
        "折り返しの細かい話",
        "小さな道具の使い方",
        "雨の日の作業ログ",
    ],
    tags: &["日本語", "読書", "メモ", "端末", "移行", "日記"],
    list_items: &["設定ファイルを開く", "記事を一覧で選ぶ", "タグで絞り込む"],
    spaced: false,
};

const CHINESE: Words = Words {
    sentences: &[
        "今天早上我把旧文章重新整理了一遍。",
        "终端里的阅读体验比想象中舒服得多。",
        "每个段落都按照屏幕宽度自动换行。",
        "标点符号不应该出现在行首。",
        "把标签整理好以后查找文章就方便多了。",
        "这篇笔记记录了迁移博客时遇到的问题。",
        "中文和英文混排时需要注意空格。",
        "长文章最好配上清楚的小标题。",
        "周末花了一点时间改进了配置文件。",
        "简单的工具组合起来也能完成复杂的任务。",
    ],
    headings: &["背景", "步骤", "遇到的问题", "解决办法", "小结"],
    titles: &[
        "终端阅读笔记",
        "博客迁移记录",
        "周末折腾配置",
        "排版细节杂谈",
        "工具使用心得",
    ],
    tags: &["中文", "笔记", "博客", "工具", "排版"],
    list_items: &["打开配置文件", "按标签筛选", "按日期排序"],
    spaced: false,
};

const KOREAN: Words = Words {
    sentences: &[
        "오늘은 오래된 글을 다시 정리해 보았다.",
        "터미널에서 글을 읽는 것은 생각보다 편하다.",
        "긴 문단도 화면 너비에 맞게 줄이 바뀐다.",
        "태그를 정리하니 글을 찾기가 훨씬 쉬워졌다.",
        "주말에 설정 파일을 조금 손보았다.",
        "작은 도구를 조합하면 큰 일도 끝낼 수 있다.",
        "한글과 영어를 섞어 쓸 때는 띄어쓰기에 주의해야 한다.",
        "제목만 훑어봐도 글의 흐름이 보인다.",
    ],
    headings: &["들어가며", "준비", "과정", "결과", "마치며"],
    titles: &[
        "터미널 읽기 노트",
        "블로그 이전 기록",
        "주말 설정 정리",
        "줄바꿈 이야기",
    ],
    tags: &["한국어", "노트", "블로그", "도구"],
    list_items: &["설정 파일 열기", "태그로 거르기", "날짜순 정렬"],
    spaced: true,
};

const ENGLISH: Words = Words {
    sentences: &[
        "I reread last year's notes on the train this morning.",
        "Changing a single setting made the whole page calmer.",
        "Long paragraphs wrap to the width of the window.",
        "Tags are only useful when they are kept consistent.",
        "Old posts show what I was unsure about at the time.",
        "Two letters in the search box already narrow the list.",
        "Notes written late at night rarely make sense the next day.",
        "Small tools combine into surprisingly large jobs.",
        "A stable order makes the output easy to compare.",
        "Headings let a reader find their way through a long post.",
        "The migration took a weekend and most of a pot of tea.",
        "Every wide character takes two cells on the screen.",
    ],
    headings: &[
        "Background",
        "Setup",
        "Steps",
        "What happened",
        "Notes",
        "Wrapping up",
    ],
    titles: &[
        "Reading in the terminal",
        "Weekend migration log",
        "Notes on line wrapping",
        "A small tool a day",
        "What the archive taught me",
        "Rainy day refactoring",
    ],
    tags: &["rust", "cli", "terminal", "writing", "migration", "notes"],
    list_items: &["open the config file", "filter by tag", "sort by date"],
    spaced: true,
};

impl Language {
    fn words(self) -> &'static Words {
        match self {
            Language::Japanese => &JAPANESE,
            Language::Chinese => &CHINESE,
            Language::Korean => &KOREAN,
            Language::English => &ENGLISH,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How a post is laid out on disk, and so which front matter it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `jekyll/_posts/YYYY-MM-DD-slug.md`, YAML.
    JekyllPost,
    /// `jekyll/_drafts/slug.md`, YAML, no date.
    JekyllDraft,
    /// `hugo/content/posts/slug/index.md`, TOML (`draft = true` now and then).
    HugoBundle,
    /// `notes/YYYY/slug.md`, YAML or TOML.
    Note,
}

/// One generated post: where it goes below the root, and its text.
pub struct Generated {
    pub relative: PathBuf,
    pub text: String,
    pub language: Language,
    pub toml: bool,
    pub draft: bool,
}

/// The size a post is written at: the spread of a real archive, 1 KB to 5 MB.
fn target_size(rng: &mut Rng, fixed: Option<usize>) -> usize {
    if let Some(size) = fixed {
        return size.clamp(MIN_POST_BYTES, MAX_POST_BYTES - 2 * KB);
    }
    let roll = rng.below(1000);
    if roll == 0 {
        // The last paragraph overshoots the target by less than a kilobyte.
        rng.between(MB, MAX_POST_BYTES - 2 * KB)
    } else if roll < 10 {
        rng.between(64 * KB, MB)
    } else if roll < 110 {
        rng.between(8 * KB, 64 * KB)
    } else {
        rng.between(MIN_POST_BYTES, 8 * KB)
    }
}

/// Post number `n` of a corpus, drawn from `rng`.
pub fn post(n: usize, rng: &mut Rng, fixed_size: Option<usize>) -> Generated {
    let language = match rng.below(100) {
        0..35 => Language::Japanese,
        35..55 => Language::Chinese,
        55..70 => Language::Korean,
        _ => Language::English,
    };
    let kind = match rng.below(100) {
        0..40 => Kind::JekyllPost,
        40..43 => Kind::JekyllDraft,
        43..80 => Kind::HugoBundle,
        _ => Kind::Note,
    };
    let words = language.words();
    let year = 2010 + rng.below(17);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let (hour, minute) = (rng.below(24), rng.below(60));
    let slug = format!(
        "{}-{n}",
        ["notes", "log", "memo", "draft", "essay"][rng.below(5)]
    );
    let title = format!("{} {}", rng.pick(words.titles), n);
    let mut tags: Vec<&str> = Vec::new();
    for _ in 0..rng.below(4) {
        let tag = rng.pick(words.tags);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if rng.chance(20) {
        tags.push(rng.pick(ENGLISH.tags));
    }
    let draft = match kind {
        Kind::JekyllDraft => true,
        Kind::HugoBundle | Kind::Note => rng.chance(3),
        Kind::JekyllPost => false,
    };
    let toml = match kind {
        Kind::HugoBundle => true,
        Kind::Note => rng.chance(50),
        Kind::JekyllPost | Kind::JekyllDraft => false,
    };
    let relative = match kind {
        Kind::JekyllPost => PathBuf::from(format!(
            "jekyll/_posts/{year}-{month:02}-{day:02}-{slug}.md"
        )),
        Kind::JekyllDraft => PathBuf::from(format!("jekyll/_drafts/{slug}.md")),
        Kind::HugoBundle => PathBuf::from(format!("hugo/content/posts/{slug}/index.md")),
        Kind::Note => PathBuf::from(format!("notes/{year}/{slug}.md")),
    };

    let size = target_size(rng, fixed_size);
    let mut text = String::with_capacity(size + 4 * KB);
    let quoted: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    if toml {
        text.push_str("+++\n");
        writeln!(text, "title = \"{title}\"").unwrap();
        if kind != Kind::JekyllDraft {
            writeln!(
                text,
                "date = {year}-{month:02}-{day:02}T{hour:02}:{minute:02}:00+09:00"
            )
            .unwrap();
        }
        writeln!(text, "tags = [{}]", quoted.join(", ")).unwrap();
        if draft {
            text.push_str("draft = true\n");
        }
        text.push_str("+++\n\n");
    } else {
        text.push_str("---\n");
        writeln!(text, "title: \"{title}\"").unwrap();
        if kind != Kind::JekyllDraft {
            writeln!(
                text,
                "date: {year}-{month:02}-{day:02} {hour:02}:{minute:02}:00 +0900"
            )
            .unwrap();
        }
        writeln!(text, "tags: [{}]", quoted.join(", ")).unwrap();
        if rng.chance(30) {
            writeln!(text, "categories: [{}]", rng.pick(words.tags)).unwrap();
        }
        if rng.chance(50) {
            text.push_str("author: kiji bench\n");
        }
        if draft && kind != Kind::JekyllDraft {
            text.push_str("draft: true\n");
        }
        text.push_str("layout: post\n---\n\n");
    }
    body(&mut text, words, rng, size);
    Generated {
        relative,
        text,
        language,
        toml,
        draft,
    }
}

/// Sections of paragraphs, lists, links and code until the post reaches `size` bytes.
fn body(text: &mut String, words: &Words, rng: &mut Rng, size: usize) {
    let separator = if words.spaced { " " } else { "" };
    let mut section = 0;
    while text.len() < size {
        section += 1;
        writeln!(text, "## {} {section}\n", rng.pick(words.headings)).unwrap();
        for _ in 0..rng.between(1, 4) {
            let sentences = rng.between(2, 6);
            for i in 0..sentences {
                if i > 0 {
                    text.push_str(separator);
                }
                text.push_str(rng.pick(words.sentences));
            }
            if rng.chance(25) {
                text.push_str(separator);
                text.push_str("See [the notes](https://example.com/notes) and **");
                text.push_str(rng.pick(ENGLISH.sentences));
                text.push_str("**");
            }
            text.push_str("\n\n");
            if text.len() >= size {
                return;
            }
        }
        if rng.chance(40) {
            for item in words.list_items {
                writeln!(text, "- {item}").unwrap();
            }
            text.push('\n');
        }
        if rng.chance(20) {
            text.push_str("```rust\nfn main() {\n    println!(\"記事\");\n}\n```\n\n");
        }
    }
}

/// Writes the corpus under `root` (created if missing) and says what it wrote.
pub fn write(root: &Path, spec: &Spec) -> io::Result<Summary> {
    let mut rng = Rng::new(spec.seed);
    let mut summary = Summary {
        smallest: usize::MAX,
        ..Summary::default()
    };
    for n in 0..spec.posts {
        let post = post(n, &mut rng, spec.fixed_size);
        let path = root.join(&post.relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(&path, &post.text)?;
        summary.posts += 1;
        summary.drafts += usize::from(post.draft);
        summary.bytes += post.text.len() as u64;
        summary.smallest = summary.smallest.min(post.text.len());
        summary.largest = summary.largest.max(post.text.len());
        summary.languages[post.language.index()] += 1;
        if post.toml {
            summary.toml += 1;
        } else {
            summary.yaml += 1;
        }
    }
    if summary.posts == 0 {
        summary.smallest = 0;
    }
    Ok(summary)
}
