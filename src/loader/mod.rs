//! Files → model. Walks a folder (or takes one file), splits front matter from body, and turns
//! every field into the model's plain values. A bad file becomes a diagnostic, never a failure
//! for the others. kiji only ever reads post files.
//!
//! The steps, one file each: [`walk`] finds the files, [`decode`] makes text of bytes,
//! [`front_matter`] cuts and parses the header into [`values`] (recovering by hand with
//! [`key_lines`], and sending blocks that [`flow_nesting`] finds too deeply nested straight
//! there), [`fields`] interprets it, falling back on [`from_path`] and reading dates
//! with [`dates`]. [`body`] skims the Markdown for counts and fallbacks, with
//! [`block_markers`], [`inline`], [`references`], [`html`] and [`excerpt`], counting with
//! [`stats`]; `oracle` holds it to pulldown-cmark's reading in the tests.

mod block_markers;
mod block_texts;
mod body;
mod dates;
mod decode;
mod excerpt;
mod fields;
mod flow_nesting;
mod from_path;
mod front_matter;
mod html;
mod inline;
mod key_lines;
#[cfg(test)]
mod oracle;
mod references;
mod stats;
mod values;
mod walk;
#[cfg(test)]
mod work;

use std::io::Read as _;
use std::path::Path;

use rayon::prelude::*;

use crate::model::{Diagnostic, Library, Post};
use decode::Decoded;
use front_matter::FrontMatterBlock;
use values::Format;

pub use walk::is_post_file;

/// A problem found in a file whose path the caller knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// 1-based file line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    fn at(self, path: &Path) -> Diagnostic {
        Diagnostic {
            path: path.to_path_buf(),
            line: self.line,
            message: self.message,
        }
    }
}

/// Loads a directory (recursively) or a single file (whatever its extension). Posts come in
/// path order. The walk comes first (it only reads folders: about 2% of the instructions for
/// 10,000 posts); then the files are read and parsed on every core, each taking a share of
/// the list.
pub fn load(path: &Path) -> Library {
    let found: Vec<walk::Found> = if path.is_dir() {
        walk::post_files(path).collect()
    } else {
        vec![Ok(path.to_path_buf())]
    };
    let loaded: Vec<(Option<Post>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|found| match found {
            Ok(file) => load_file(&file),
            Err(problem) => (None, vec![problem]),
        })
        .collect();
    let mut library = Library::default();
    for (post, diagnostics) in loaded {
        library.posts.extend(post);
        library.diagnostics.extend(diagnostics);
    }
    library
}

fn load_file(path: &Path) -> (Option<Post>, Vec<Diagnostic>) {
    match read(path) {
        Ok(bytes) => parse_post(path, &bytes),
        Err(error) => (
            None,
            vec![Diagnostic {
                path: path.to_path_buf(),
                line: None,
                message: format!("cannot read: {error}"),
            }],
        ),
    }
}

/// The file's bytes, in one `read` when it does not change meanwhile. `fs::read` always
/// reads once more to see the end of the file: one system call in five per post. Stopping at
/// the size `stat` gave reads the file as it was then. A size of 0 proves nothing (a pipe,
/// `/proc`), so then it reads to the end.
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    let size = metadata.len();
    if size == 0 || !metadata.is_file() {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(size).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses one post from its bytes; `path` names it (and supplies fallbacks such as a date in
/// the file name) but is never opened. `None` when the bytes are not a post at all (binary).
/// The diagnostics are also on the post.
pub fn parse_post(path: &Path, bytes: &[u8]) -> (Option<Post>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut text = match decode::decode(bytes) {
        Decoded::Binary(problem) => return (None, vec![problem.at(path)]),
        Decoded::Text(text, problem) => {
            problems.extend(problem);
            text
        }
    };

    let split = front_matter::split(&text);
    let fields = match split.block {
        FrontMatterBlock::Absent => Vec::new(),
        FrontMatterBlock::Unclosed(format) => {
            let delimiter = match format {
                Format::Yaml => "---",
                Format::Toml => "+++",
            };
            problems.push(Problem {
                line: Some(1),
                message: format!(
                    "front matter opened with `{delimiter}` is never closed; \
                     the whole file is read as the body"
                ),
            });
            Vec::new()
        }
        FrontMatterBlock::Closed(raw) => {
            let (fields, found) = front_matter::parse(&raw);
            problems.extend(found);
            fields
        }
    };
    let body_start = text.len() - split.body.len();
    let body_line = split.body_line;
    let (meta, found) = fields::interpret(fields, path);
    problems.extend(found);

    text.drain(..body_start);
    let body = text;
    let facts = body::scan(&body);
    if let Some(line) = facts.unclosed_comment {
        problems.push(Problem {
            line: Some(body_line + line - 1),
            message: "this HTML comment (`<!--`) is never closed: Markdown hides everything \
                      after it, and so does kiji"
                .to_string(),
        });
    }

    problems.sort_by_key(|p| p.line);
    let diagnostics: Vec<Diagnostic> = problems.into_iter().map(|p| p.at(path)).collect();
    let post = Post {
        path: path.to_path_buf(),
        title: meta
            .title
            .or(facts.first_heading)
            .unwrap_or_else(|| from_path::title_from_path(path)),
        date: meta.date,
        tags: meta.tags,
        categories: meta.categories,
        author: meta.author,
        excerpt: meta.excerpt.or(facts.first_paragraph),
        declared_reading_minutes: meta.declared_reading_minutes,
        draft: meta.draft,
        extra: meta.extra,
        body,
        body_line,
        stats: facts.stats,
        repeats: facts.repeats,
        diagnostics: diagnostics.clone(),
    };
    (Some(post), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextStats;

    fn parse(path: &str, text: &str) -> (Post, Vec<Diagnostic>) {
        let (post, diagnostics) = parse_post(Path::new(path), text.as_bytes());
        (post.expect("a post"), diagnostics)
    }

    #[test]
    fn an_unclosed_html_comment_is_reported_at_its_file_line() {
        let (post, diagnostics) = parse(
            "post.md",
            "---\ntitle: T\n---\n\nShown.\n\n<!-- todo\nHidden.\n",
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].line, Some(7));
        assert!(diagnostics[0].message.contains("never closed"));
        // Nothing is lost from the post itself: the body is kept as written.
        assert!(post.body.ends_with("<!-- todo\nHidden.\n"));
    }

    #[test]
    fn a_full_post_is_parsed_into_the_model() {
        let (post, diagnostics) = parse(
            "_posts/2025-09-29-ai-rules.md",
            "---\ntitle: \"規則の話\"\ndate: 2025-09-29 20:31:25 +0000\ntags: [AI, 規制]\n\
             author: 編集部\nreading_time: 20\nlayout: post\n---\n\n本文です。Some words here.\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(post.title, "規則の話");
        assert_eq!(post.date.unwrap().to_rfc3339(), "2025-09-29T20:31:25+00:00");
        assert_eq!(post.tags, ["AI", "規制"]);
        assert_eq!(post.author.as_deref(), Some("編集部"));
        assert_eq!(post.declared_reading_minutes, Some(20));
        assert_eq!(post.extra["layout"], "post");
        assert_eq!(post.body, "\n本文です。Some words here.\n");
        assert_eq!(post.body_line, 9);
        assert_eq!(
            post.stats,
            TextStats {
                cjk_chars: 4,
                words: 3
            }
        );
        assert_eq!(post.excerpt.as_deref(), Some("本文です。Some words here."));
    }

    #[test]
    fn front_matter_is_not_counted_as_text() {
        let (post, _) = parse("p.md", "---\ntitle: many words in the title\n---\n");
        assert_eq!(post.stats, TextStats::default());
    }

    #[test]
    fn title_falls_back_to_the_first_heading_then_the_file_name() {
        let (post, _) = parse(
            "2024-01-01-name.md",
            "---\ndate: 2024-01-01\n---\n# Heading\n",
        );
        assert_eq!(post.title, "Heading");
        let (post, _) = parse("2024-01-01-name.md", "no heading\n");
        assert_eq!(post.title, "name");
    }

    #[test]
    fn unclosed_front_matter_is_a_diagnostic_and_all_body() {
        let (post, diagnostics) = parse("p.md", "---\ntitle: T\n\n# Real\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, Some(1));
        assert!(diagnostics[0].message.contains("never closed"));
        assert_eq!(post.body, "---\ntitle: T\n\n# Real\n");
        assert_eq!(post.title, "Real");
        assert_eq!(post.diagnostics, diagnostics);
    }

    #[test]
    fn bad_yaml_keeps_simple_fields_and_reports_the_file_line() {
        let (post, diagnostics) = parse(
            "p.md",
            "---\nlayout: post\ntitle: \"One\"\ntitle: \"Two\"\ndate: 2024-05-01\n---\nbody\n",
        );
        assert_eq!(post.title, "Two");
        assert!(post.date.is_some());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, Some(4));
        assert_eq!(diagnostics[0].path, Path::new("p.md"));
    }

    #[test]
    fn binary_bytes_are_not_a_post() {
        let (post, diagnostics) = parse_post(Path::new("x.md"), b"\x00\x01\x02");
        assert!(post.is_none());
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("binary"));
    }

    #[test]
    fn invalid_utf8_still_yields_the_post() {
        let (post, diagnostics) = parse_post(Path::new("x.md"), b"---\ntitle: T\n---\nbad \xfe\n");
        let post = post.unwrap();
        assert_eq!(post.title, "T");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, Some(4));
    }

    #[test]
    fn crlf_and_bom_posts_parse_like_lf_ones() {
        let (post, diagnostics) = parse(
            "p.md",
            "\u{feff}+++\r\ntitle = \"T\"\r\ndate = 2024-05-01\r\n+++\r\nline one\r\nline two\r\n",
        );
        assert!(diagnostics.is_empty());
        assert_eq!(post.title, "T");
        assert_eq!(post.body, "line one\nline two\n");
        assert_eq!(post.body_line, 5);
    }

    /// Classic Mac line ends hid the front matter: the whole file was one line.
    #[test]
    fn cr_only_posts_read_their_front_matter_title_and_body() {
        let (post, diagnostics) = parse(
            "p.md",
            "---\rtitle: Mac\rdate: 2024-05-01\r---\r\rFirst line.\rSecond.\r",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(post.title, "Mac");
        assert!(post.date.is_some());
        assert_eq!(post.body, "\nFirst line.\nSecond.\n");
        assert_eq!(post.body_line, 5);
        assert_eq!(post.excerpt.as_deref(), Some("First line. Second."));
    }

    /// UTF-16 and UTF-32 were called binary for their NUL bytes.
    #[test]
    fn utf16_and_utf32_posts_with_a_byte_order_mark_are_read() {
        let text = "\u{feff}---\r\ntitle: 十六\r\n---\r\n本文 text.\r\n";
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let utf32le: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        let utf32be: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        for bytes in [utf16le, utf16be, utf32le, utf32be] {
            let (post, diagnostics) = parse_post(Path::new("p.md"), &bytes);
            let post = post.expect("a post");
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            assert_eq!(post.title, "十六");
            assert_eq!(post.body, "本文 text.\n");
        }
    }

    #[test]
    fn load_reads_a_folder_in_path_order_and_skips_binaries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.md"), "# B\n").unwrap();
        std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
        std::fs::write(dir.path().join("c.md"), b"\0binary").unwrap();
        let library = load(dir.path());
        let titles: Vec<_> = library.posts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["A", "B"]);
        assert_eq!(library.diagnostics.len(), 1);
        assert!(library.diagnostics[0].path.ends_with("c.md"));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_read_to_its_end() {
        // A pipe's size is 0 whatever it holds (`kiji <(generate-post)`).
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("post.md");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, "# From a pipe\n\nText.\n"))
        };
        let library = load(&fifo);
        writer.join().unwrap().unwrap();
        assert_eq!(library.posts.len(), 1, "{:?}", library.diagnostics);
        assert_eq!(library.posts[0].title, "From a pipe");
        assert_eq!(library.posts[0].body, "# From a pipe\n\nText.\n");
    }

    #[test]
    fn an_empty_file_is_an_empty_post() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2024-05-01-empty.md");
        std::fs::write(&file, "").unwrap();
        let library = load(&file);
        assert_eq!(library.posts.len(), 1);
        assert_eq!(library.posts[0].title, "empty");
        assert_eq!(library.posts[0].body, "");
    }

    #[test]
    fn load_reads_a_named_file_whatever_its_extension() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "# Notes\n").unwrap();
        let library = load(&file);
        assert_eq!(library.posts.len(), 1);
        assert_eq!(library.posts[0].title, "Notes");
    }
}
