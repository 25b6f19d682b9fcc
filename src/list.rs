//! `kiji --list`: the index of the posts, as rows aligned by display width (so Japanese titles
//! line up) or as JSON for scripts. Filtering by tag and sorting happen here; loading does not.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Post, ReadingRates, SortKey, label_key, sort_posts};
use crate::text::sanitize;
use crate::text::width::str_width;

/// `--list` has no ambiguous-width setting of its own: ambiguous characters count narrow,
/// as most terminals draw them.
fn cells(text: &str) -> usize {
    str_width(text, false)
}

/// Titles wider than this overflow their row instead of widening every row.
pub const TITLE_COLUMN_MAX: usize = 60;

pub struct ListOptions {
    pub json: bool,
    /// Posts must carry every one of these (as tag or category, ignoring case).
    pub tags: Vec<String>,
    /// Only posts in this language (`zh` takes `zh-tw` too).
    pub lang: Option<String>,
    pub sort: SortKey,
    pub rates: ReadingRates,
}

/// Writes the index of `library` to `out`.
pub fn write_list(
    library: &crate::model::Library,
    options: &ListOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut posts: Vec<&Post> = library
        .posts
        .iter()
        .filter(|post| options.tags.iter().all(|tag| post.has_label(tag)))
        .filter(|post| {
            options
                .lang
                .as_deref()
                .is_none_or(|lang| post.is_in_language(lang))
        })
        .collect();
    sort_posts(&mut posts, options.sort, options.rates);
    if options.json {
        write_json(&posts, options.rates, out)
    } else {
        write_rows(&posts, options.rates, out)
    }
}

/// One post in `--json`.
#[derive(Serialize)]
struct JsonPost<'a> {
    /// The path as text; a byte that is not UTF-8 becomes U+FFFD, so then…
    path: Cow<'a, str>,
    /// …the path's bytes exactly, to reopen the file with. Only for such paths, so that the
    /// common case stays one plain string.
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<&'a [u8]>,
    title: &'a str,
    /// RFC 3339: a full-date, or a date-time with the offset the post gave.
    date: Option<String>,
    tags: &'a [String],
    categories: &'a [String],
    author: Option<&'a str>,
    /// The post's language tag (`ja`, `zh-tw`), when known.
    lang: Option<&'a str>,
    excerpt: Option<&'a str>,
    draft: bool,
    /// Minutes for the text read once: passages that repeat earlier ones left out.
    reading_minutes: u32,
    /// Minutes for all of the text, copies included.
    reading_minutes_all: u32,
    /// Characters (whitespace not counted) in passages that repeat earlier ones.
    repeated_chars: usize,
    /// The copies' share of the reading time, 0 to 1 (rounded to three decimals).
    repeated_ratio: f64,
    declared_reading_time: Option<u32>,
    cjk_chars: usize,
    words: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    line: Option<usize>,
    message: &'a str,
}

fn write_json(posts: &[&Post], rates: ReadingRates, out: &mut dyn Write) -> io::Result<()> {
    use rayon::prelude::*;
    if posts.is_empty() {
        return writeln!(out, "[]");
    }
    // Ten thousand posts are megabytes of JSON: it is written a chunk of posts at a time,
    // on every core, each chunk as an array of its own whose elements serde_json indents
    // as the whole array's; the chunks' brackets are dropped. (Writing each post alone and
    // indenting its lines again was a quarter of a start from the index.)
    let pieces: Vec<serde_json::Result<String>> = posts
        .par_chunks(256)
        .map(|chunk| {
            let chunk: Vec<JsonPost<'_>> =
                chunk.iter().map(|post| json_post(post, rates)).collect();
            let array = serde_json::to_string_pretty(&chunk)?;
            let elements = array
                .strip_prefix("[\n")
                .and_then(|rest| rest.strip_suffix("\n]"))
                .expect("a non-empty array, pretty");
            Ok(sanitize::escape_in_json(elements).into_owned())
        })
        .collect();
    out.write_all(b"[\n")?;
    for (at, piece) in pieces.into_iter().enumerate() {
        if at > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(piece?.as_bytes())?;
    }
    out.write_all(b"\n]\n")
}

fn json_post(post: &Post, rates: ReadingRates) -> JsonPost<'_> {
    JsonPost {
        path: post.path.to_string_lossy(),
        path_bytes: bytes_unless_utf8(&post.path),
        title: &post.title,
        date: post.date.map(|d| d.to_rfc3339()),
        tags: &post.tags,
        categories: &post.categories,
        author: post.author.as_deref(),
        lang: post.lang.as_deref(),
        excerpt: post.excerpt.as_deref(),
        draft: post.draft,
        reading_minutes: post.unique_reading_minutes(rates),
        reading_minutes_all: post.reading_minutes(rates),
        repeated_chars: post.repeats.chars,
        repeated_ratio: (post.repeated_ratio(rates) * 1000.0).round() / 1000.0,
        declared_reading_time: post.declared_reading_minutes,
        cjk_chars: post.stats.cjk_chars,
        words: post.stats.words,
        diagnostics: post
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                line: d.line,
                message: &d.message,
            })
            .collect(),
    }
}

/// A path's bytes when it is not UTF-8. Only Unix paths are bytes a script can hand back to
/// `open`; elsewhere `path` is all there is.
fn bytes_unless_utf8(path: &std::path::Path) -> Option<&[u8]> {
    if path.to_str().is_some() {
        return None;
    }
    #[cfg(unix)]
    {
        Some(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

pub use crate::repeats::REPEATS_MARK;

/// One plain row: `date  reading time [mark]  [lang]  title  labels`.
struct Row {
    date: String,
    minutes: String,
    repeats: bool,
    lang: String,
    title: String,
    labels: String,
}

fn write_rows(posts: &[&Post], rates: ReadingRates, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<Row> = posts.iter().map(|post| row(post, rates)).collect();
    let date_width = rows.iter().map(|r| cells(&r.date)).max().unwrap_or(0);
    let minutes_width = rows.iter().map(|r| cells(&r.minutes)).max().unwrap_or(0);
    let any_repeats = rows.iter().any(|r| r.repeats);
    // The language only where the list holds several: the copies of one title then differ.
    let lang_width = if crate::model::several_languages(posts.iter().copied()) {
        rows.iter().map(|r| cells(&r.lang)).max().unwrap_or(0)
    } else {
        0
    };
    let title_width = rows
        .iter()
        .map(|r| cells(&r.title))
        .max()
        .unwrap_or(0)
        .min(TITLE_COLUMN_MAX);
    for row in &rows {
        let mut line = String::new();
        // A folder without any dated post gets no empty date column.
        if date_width > 0 {
            pad_right(&mut line, &row.date, date_width);
            line.push_str("  ");
        }
        pad_left(&mut line, &row.minutes, minutes_width);
        if any_repeats {
            line.push(' ');
            pad_right(&mut line, if row.repeats { REPEATS_MARK } else { "" }, 1);
        }
        line.push_str("  ");
        if lang_width > 0 {
            pad_right(&mut line, &row.lang, lang_width);
            line.push_str("  ");
        }
        if row.labels.is_empty() {
            line.push_str(&row.title);
        } else {
            pad_right(&mut line, &row.title, title_width);
            line.push_str("  ");
            line.push_str(&row.labels);
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn row(post: &Post, rates: ReadingRates) -> Row {
    let mut title = printable(&post.title).into_owned();
    if post.draft {
        title.push_str(" (draft)");
    }
    let mut seen = std::collections::HashSet::new();
    let labels: Vec<Cow<'_, str>> = post
        .labels()
        .filter(|label| seen.insert(label_key(label)))
        .map(printable)
        .collect();
    Row {
        date: post.date.map(|d| d.to_string()).unwrap_or_default(),
        minutes: format!("{} min", post.unique_reading_minutes(rates)),
        repeats: post.repeats.chars > 0,
        lang: post
            .lang
            .as_deref()
            .map(printable)
            .unwrap_or_default()
            .into_owned(),
        title,
        labels: labels.join(", "),
    }
}

fn pad_right(line: &mut String, text: &str, width: usize) {
    line.push_str(text);
    line.extend(std::iter::repeat_n(' ', width.saturating_sub(cells(text))));
}

fn pad_left(line: &mut String, text: &str, width: usize) {
    line.extend(std::iter::repeat_n(' ', width.saturating_sub(cells(text))));
    line.push_str(text);
}

/// Text safe to print on one line of a terminal, by the crate's one sanitiser.
pub use crate::text::sanitize::one_line as printable;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::parse_post;
    use crate::model::Library;
    use std::path::Path;

    fn library(posts: &[(&str, &str)]) -> Library {
        Library {
            posts: posts
                .iter()
                .map(|(path, text)| parse_post(Path::new(path), text.as_bytes()).0.unwrap())
                .collect(),
            diagnostics: vec![],
        }
    }

    /// Written post by post on every core, the listing is the text of the whole array as
    /// serde_json writes it, escapes included: across chunks, with empty and full lists,
    /// and with characters that must be escaped.
    #[test]
    fn json_written_in_pieces_is_the_whole_array_as_serde_json_writes_it() {
        let texts: Vec<(String, String)> = (0..600)
            .map(|i| {
                let front = match i % 4 {
                    0 => format!(
                        "---\ntitle: \"p{i} \\u202e\\x1b[2J\"\ntags: [a, \"b\\u0085\"]\n---\n"
                    ),
                    1 => format!("---\ntitle: 題{i}\ndate: 2024-01-0{}\n---\n", 1 + i % 9),
                    2 => "---\ntitle: [unclosed\n---\n".to_string(),
                    _ => String::new(),
                };
                (
                    format!("/p/{i:04}.md"),
                    format!("{front}本文 “quoted” {i}\n\nline\u{2066}two\n"),
                )
            })
            .collect();
        let posts: Vec<(&str, &str)> = texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let library = library(&posts);
        let written = list(&library, true, &[], SortKey::Title);
        let mut sorted: Vec<&Post> = library.posts.iter().collect();
        sort_posts(&mut sorted, SortKey::Title, ReadingRates::default());
        let whole: Vec<JsonPost<'_>> = sorted
            .iter()
            .map(|post| json_post(post, ReadingRates::default()))
            .collect();
        let expected = serde_json::to_string_pretty(&whole).unwrap();
        assert!(expected.contains("\u{202e}"), "the escapes are exercised");
        assert_eq!(
            written,
            format!("{}\n", sanitize::escape_in_json(&expected))
        );
    }

    fn list(library: &Library, json: bool, tags: &[&str], sort: SortKey) -> String {
        let options = ListOptions {
            json,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            lang: None,
            sort,
            rates: ReadingRates::default(),
        };
        let mut out = Vec::new();
        write_list(library, &options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Library {
        library(&[
            (
                "a.md",
                "---\ntitle: 日本語のタイトル\ndate: 2024-05-01\ntags: [Rust, CLI]\n---\n本文\n",
            ),
            (
                "b.md",
                "---\ntitle: English title\ndate: 2025-01-02 09:00:00 +0900\ntags: rust\ndraft: true\n---\nwords\n",
            ),
            ("c.md", "# Undated\n\nno tags here\n"),
        ])
    }

    #[test]
    fn rows_are_newest_first_and_aligned_by_display_width() {
        let text = list(&sample(), false, &[], SortKey::Date);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("2025-01-02  1 min  English title (draft)"));
        assert!(lines[1].starts_with("2024-05-01  1 min  日本語のタイトル"));
        assert!(lines[2].starts_with("            1 min  Undated"));
        // Tags start at the same column although one title is CJK.
        let tag_column =
            |line: &str| cells(&line[..line.find("rust").or(line.find("Rust")).unwrap()]);
        assert_eq!(tag_column(lines[0]), tag_column(lines[1]));
        assert!(lines.iter().all(|l| !l.ends_with(' ')));
    }

    #[test]
    fn undated_posts_only_have_no_date_column() {
        let lib = library(&[
            ("a.md", "# A\n"),
            ("b.md", &format!("# B\n\n{}", "w ".repeat(2400))),
        ]);
        let text = list(&lib, false, &[], SortKey::Title);
        assert_eq!(text, " 1 min  A\n11 min  B\n");
    }

    #[test]
    fn tag_filter_needs_every_tag_ignoring_case() {
        let lib = sample();
        let titles = |tags: &[&str]| {
            list(&lib, false, tags, SortKey::Title)
                .lines()
                .map(|l| l[19..].split("  ").next().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            titles(&["RUST"]),
            ["English title (draft)", "日本語のタイトル"]
        );
        assert_eq!(titles(&["rust", "cli"]), ["日本語のタイトル"]);
        assert!(titles(&["nothing"]).is_empty());
    }

    #[test]
    fn sort_by_title_and_reading_time() {
        let lib = library(&[
            ("x.md", &format!("# Beta\n\n{}\n", "word ".repeat(600))),
            ("y.md", "# alpha\n\nshort\n"),
        ]);
        let by_title = list(&lib, false, &[], SortKey::Title);
        assert!(by_title.lines().next().unwrap().contains("alpha"));
        let by_time = list(&lib, false, &[], SortKey::ReadingTime);
        let first = by_time.lines().next().unwrap();
        assert!(
            first.contains("1 min") && first.contains("alpha"),
            "{by_time}"
        );
        assert!(by_time.lines().nth(1).unwrap().contains("3 min"));
    }

    #[test]
    fn repeated_passages_are_timed_once_and_marked() {
        let para = "同じ段落が二度貼り付けられた記事は、読む人に同じ文章を二度読ませることになってしまいます。".repeat(40);
        let other =
            "こちらは一度しか現れない段落で、読む時間にそのまま数えられるべき文章です。".repeat(40);
        let body = format!("# T\n\n{para}\n\n{other}\n\n{para}\n");
        let lib = library(&[("r.md", &body), ("s.md", "# U\n\nshort\n")]);
        let json: serde_json::Value =
            serde_json::from_str(&list(&lib, true, &[], SortKey::Title)).unwrap();
        let post = &json[0];
        assert!(post["reading_minutes"].as_u64() < post["reading_minutes_all"].as_u64());
        let ratio = post["repeated_ratio"].as_f64().unwrap();
        assert!((0.3..0.4).contains(&ratio), "{ratio}");
        assert_eq!(
            post["repeated_chars"].as_u64(),
            Some(para.chars().count() as u64)
        );
        assert_eq!(json[1]["repeated_ratio"].as_f64(), Some(0.0));
        let rows = list(&lib, false, &[], SortKey::Title);
        let marked: Vec<bool> = rows.lines().map(|l| l.contains(REPEATS_MARK)).collect();
        assert_eq!(marked, [true, false], "{rows}");
    }

    #[test]
    fn json_has_exactly_the_documented_fields() {
        let text = list(&sample(), true, &[], SortKey::Date);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let posts = value.as_array().unwrap();
        assert_eq!(posts.len(), 3);
        let mut keys: Vec<&str> = posts[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "author",
                "categories",
                "cjk_chars",
                "date",
                "declared_reading_time",
                "diagnostics",
                "draft",
                "excerpt",
                "lang",
                "path",
                "reading_minutes",
                "reading_minutes_all",
                "repeated_chars",
                "repeated_ratio",
                "tags",
                "title",
                "words"
            ]
        );
        assert_eq!(posts[0]["date"], "2025-01-02T09:00:00+09:00");
        assert_eq!(posts[0]["draft"], true);
        assert_eq!(posts[1]["date"], "2024-05-01");
        assert_eq!(posts[1]["cjk_chars"], 2);
        assert_eq!(posts[2]["date"], serde_json::Value::Null);
        assert_eq!(posts[2]["title"], "Undated");
    }

    #[test]
    fn control_characters_never_reach_plain_output() {
        let lib = library(&[(
            "evil.md",
            "---\ntitle: \"bad\\e[2Jtitle\\u202Eabc\"\ntags: [\"x\\ty\"]\n---\n",
        )]);
        let text = list(&lib, false, &[], SortKey::Date);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(!text.contains('\u{202E}'));
        assert!(text.contains("bad[2Jtitleabc"), "{text:?}");
        assert!(text.contains("x y"));
    }

    #[test]
    fn json_escapes_what_plain_output_strips_and_keeps_the_data() {
        let lib = library(&[(
            "evil.md",
            "---\ntitle: \"bad\\e[2J\\u009Bti\\u202Etle\\x7F\"\n---\n",
        )]);
        let text = list(&lib, true, &[], SortKey::Date);
        assert!(
            !text.contains(|c| sanitize::is_unsafe(c) && c != '\n'),
            "{text:?}"
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value[0]["title"], "bad\u{1b}[2J\u{9b}ti\u{202e}tle\u{7f}");
    }

    #[cfg(unix)]
    #[test]
    fn json_gives_the_exact_bytes_of_a_path_that_is_not_utf8_and_only_then() {
        use std::os::unix::ffi::OsStrExt;
        let latin1 = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
        let lib = Library {
            posts: vec![
                parse_post(latin1, b"# A\n").0.unwrap(),
                parse_post(Path::new("b.md"), b"# B\n").0.unwrap(),
            ],
            diagnostics: vec![],
        };
        let json: serde_json::Value =
            serde_json::from_str(&list(&lib, true, &[], SortKey::Title)).unwrap();
        assert_eq!(json[0]["path"], "caf\u{FFFD}.md");
        assert_eq!(
            json[0]["path_bytes"],
            serde_json::json!([b'c', b'a', b'f', 0xe9, b'.', b'm', b'd'])
        );
        assert_eq!(json[1]["path"], "b.md");
        assert!(json[1].get("path_bytes").is_none());
    }

    #[test]
    fn an_empty_library_prints_nothing_in_rows_and_an_empty_array_in_json() {
        let lib = Library::default();
        assert_eq!(list(&lib, false, &[], SortKey::Date), "");
        assert_eq!(list(&lib, true, &[], SortKey::Date).trim(), "[]");
    }
}
