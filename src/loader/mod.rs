//! Files → model. Walks a folder (or takes one file), splits front matter from body, and turns
//! every field into the model's plain values. A bad file becomes a diagnostic, never a failure
//! for the others. kiji only ever reads post files.
//!
//! The steps, one file each: [`walk`] finds the files, [`read`] reads them (within the size
//! limit, refusing special files), [`decode`] makes text of bytes,
//! [`front_matter`] cuts and parses the header into [`values`] (recovering by hand with
//! [`key_lines`], and sending blocks that [`flow_nesting`] finds too deeply nested straight
//! there), [`fields`] interprets it, falling back on [`from_path`] and reading dates
//! with [`dates`]. [`body`] skims the Markdown for counts and fallbacks, with
//! [`block_markers`], [`inline`], [`references`], [`html`] and [`excerpt`], counting with
//! [`stats`]; `oracle` holds it to pulldown-cmark's reading in the tests. [`reload`] reads
//! posts again while the reader runs.

mod block_markers;
mod block_texts;
mod body;
pub mod cache;
mod data;
mod dates;
mod decode;
mod excerpt;
mod fields;
pub mod fingerprint;
mod flow_nesting;
mod from_path;
mod front_matter;
mod html;
mod inline;
mod key_lines;
mod language;
#[cfg(test)]
mod oracle;
mod read;
mod references;
mod reload;
mod site_config;
mod stats;
mod values;
mod walk;
#[cfg(test)]
mod work;

use std::path::Path;

use rayon::prelude::*;

use crate::model::{Diagnostic, Library, Post};
use decode::Decoded;
use front_matter::FrontMatterBlock;
use values::Format;

pub use data::{DataFormat, data_format, front_matter_value, parse_data, with_body};
pub use fields::display as display_value;
pub use from_path::title_from_path;
pub use language::{normalize as normalize_lang, translation_paths};
pub use read::{DEFAULT_MAX_POST_BYTES, refusal};
pub use reload::{Reread, neighbourhood, reread, reread_changed, rescan};
pub use site_config::{Engine, Placed, SiteConfig, SiteFinder, get as config_value, read_text};
pub use values::Value;
pub use walk::is_post_file;

/// What the caller decides about loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Larger posts are skipped in a folder, and cut to this size when named on their own.
    pub max_post_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_post_bytes: DEFAULT_MAX_POST_BYTES,
        }
    }
}

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

/// The site each file found belongs to, and the sites. Sites are found before the parallel
/// part of a load: one question per folder, one read per site. The files stay where they
/// are: a placement is kept per run of files in one folder, not per file.
pub(crate) fn place_in_sites(walked: walk::Walk) -> (Vec<walk::Spotted>, Placements, SiteFinder) {
    let (placements, sites) = place(&walked.found, &walked.folders);
    (walked.found, placements, sites)
}

/// Each of the files `found` in its site, and the finder that placed them; `folders` are the
/// walk's, or empty for files not found by a walk.
fn place(found: &[walk::Spotted], folders: &[walk::WalkedFolder]) -> (Placements, SiteFinder) {
    let mut sites = if folders.is_empty() {
        let mut folders: Vec<&Path> = found
            .iter()
            .filter_map(|f| f.found.as_ref().ok()?.parent())
            .collect();
        folders.sort_unstable();
        folders.dedup();
        SiteFinder::expecting(&folders)
    } else {
        SiteFinder::from_listings(
            folders
                .iter()
                .map(|folder| (folder.path.as_path(), folder.plain, folder.marks)),
        )
    };
    let mut placements = Placements::default();
    let mut last_folder: Option<&Path> = None;
    for (at, spotted) in found.iter().enumerate() {
        let Ok(file) = &spotted.found else {
            continue;
        };
        if last_folder.is_some() && last_folder == file.parent() {
            continue;
        }
        last_folder = file.parent();
        placements.starts.push(at);
        placements.placed.push(sites.place(file));
    }
    (placements, sites)
}

/// The sites of a walk's files: what tells an index made under other site configurations
/// (their [`SiteFinder::stamp`]) at once, from the walk's folders alone when it can be
/// (see [`SiteFinder::of_walk`]), and where each file belongs only once a file is to be
/// parsed. A start from an index whose files are all unchanged never places one: that was
/// a tenth of such a start at 10,000 posts.
pub(crate) struct WalkSites {
    walk: walk::Walk,
    from_folders: Option<SiteFinder>,
    placed: std::sync::OnceLock<(Placements, SiteFinder)>,
}

impl WalkSites {
    pub(crate) fn of(walk: walk::Walk) -> WalkSites {
        let from_folders = SiteFinder::of_walk(&walk.folders);
        WalkSites {
            walk,
            from_folders,
            placed: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn found(&self) -> &[walk::Spotted] {
        &self.walk.found
    }

    pub(crate) fn folders(&self) -> &[walk::WalkedFolder] {
        &self.walk.folders
    }

    /// The folders walked, the files given up.
    pub(crate) fn into_folders(self) -> Vec<walk::WalkedFolder> {
        self.walk.folders
    }

    /// Where the file `at` (an index into [`Self::found`]) belongs.
    pub(crate) fn of_file(&self, at: usize) -> Option<&Placed> {
        self.placed().0.of(at)
    }

    /// The finder with the sites found: the one that placed the files if they were.
    pub(crate) fn finder(&self) -> &SiteFinder {
        match (self.placed.get(), &self.from_folders) {
            (Some((_, placing)), _) => placing,
            (None, Some(from_folders)) => from_folders,
            (None, None) => &self.placed().1,
        }
    }

    fn placed(&self) -> &(Placements, SiteFinder) {
        self.placed
            .get_or_init(|| place(&self.walk.found, &self.walk.folders))
    }
}

/// Where each file found belongs: the runs of files in one folder, each with its site.
#[derive(Default)]
pub(crate) struct Placements {
    /// The index of each run's first file, ascending.
    starts: Vec<usize>,
    placed: Vec<Option<Placed>>,
}

impl Placements {
    /// The site of file `at` (an index into the files found).
    pub(crate) fn of(&self, at: usize) -> Option<&Placed> {
        let run = self
            .starts
            .partition_point(|&start| start <= at)
            .checked_sub(1)?;
        self.placed[run].as_ref()
    }
}

/// Loads a directory (recursively) or a single file (whatever its extension), with the
/// default [`LoadOptions`].
pub fn load(path: &Path) -> Library {
    load_with(path, &LoadOptions::default())
}

/// Loads a directory (recursively) or a single file (whatever its extension). Posts come in
/// path order. The walk comes first (it only reads folders: about 2% of the instructions for
/// 10,000 posts); then the files are read and parsed on every core, each taking a share of
/// the list.
pub fn load_with(path: &Path, options: &LoadOptions) -> Library {
    let named = !path.is_dir();
    let walked = if named {
        walk::Walk {
            found: vec![Ok(path.to_path_buf()).into()],
            folders: Vec::new(),
        }
    } else {
        walk::walk_to_read_all(path)
    };
    let (found, placements, sites) = place_in_sites(walked);
    let loaded: Vec<(Option<Post>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .enumerate()
        .map(|(at, spotted)| match spotted.found {
            Ok(file) => load_file(&file, options.max_post_bytes, named, placements.of(at)),
            Err(problem) => (None, vec![problem]),
        })
        .collect();
    let mut library = Library::default();
    library.diagnostics.extend(sites.problems());
    for (post, diagnostics) in loaded {
        library.posts.extend(post);
        library.diagnostics.extend(diagnostics);
    }
    library
}

fn load_file(
    path: &Path,
    limit: u64,
    named: bool,
    site: Option<&Placed>,
) -> (Option<Post>, Vec<Diagnostic>) {
    match read::file(path, limit, named) {
        Ok(read::Contents::Whole(bytes)) => parse(path, &bytes, None, site),
        Ok(read::Contents::Cut { bytes, size }) => {
            parse_cut(path, bytes, Cut { limit, size }, site)
        }
        Err(problem) => (None, vec![problem.at(path)]),
    }
}

/// Reads one post from a stream (standard input), up to `options`' limit and one byte, and
/// parses it; a longer stream is cut to the limit, with a note, as a named file is.
pub fn read_post(
    reader: impl std::io::Read,
    name: &Path,
    options: &LoadOptions,
) -> std::io::Result<(Option<Post>, Vec<Diagnostic>)> {
    let limit = options.max_post_bytes;
    let (bytes, over) = read::bounded(reader, limit, None)?;
    Ok(if over {
        parse_cut(name, bytes, Cut { limit, size: None }, None)
    } else {
        parse_post(name, &bytes)
    })
}

/// How a post was cut to the size limit.
#[derive(Debug, Clone, Copy)]
struct Cut {
    limit: u64,
    /// The whole file's size, when known (a stream's is not).
    size: Option<u64>,
}

fn parse_cut(
    path: &Path,
    mut bytes: Vec<u8>,
    cut: Cut,
    site: Option<&Placed>,
) -> (Option<Post>, Vec<Diagnostic>) {
    decode::cut_to_whole_characters(&mut bytes);
    parse(path, &bytes, Some(cut), site)
}

/// A post parsed from a whole file, and where its body starts in the decoded text: what
/// [`cache`] keeps to find the body again without parsing.
pub(crate) struct Parsed {
    pub post: Option<Post>,
    pub diagnostics: Vec<Diagnostic>,
    pub body_start: usize,
}

/// Parses one post from its bytes; `path` names it (and supplies fallbacks such as a date in
/// the file name) but is never opened. `None` when the bytes are not a post at all (binary).
/// The diagnostics are also on the post.
pub fn parse_post(path: &Path, bytes: &[u8]) -> (Option<Post>, Vec<Diagnostic>) {
    parse(path, bytes, None, None)
}

/// [`parse_post`] for a post of `site`: it inherits the site's defaults and language.
pub fn parse_post_in(
    path: &Path,
    bytes: &[u8],
    site: Option<&Placed>,
) -> (Option<Post>, Vec<Diagnostic>) {
    parse(path, bytes, None, site)
}

fn parse(
    path: &Path,
    bytes: &[u8],
    cut: Option<Cut>,
    site: Option<&Placed>,
) -> (Option<Post>, Vec<Diagnostic>) {
    let parsed = parse_at(path, bytes, cut, site, true);
    (parsed.post, parsed.diagnostics)
}

/// Parses a whole post of `site` (see [`parse_post_in`]), saying where its body starts; the
/// post's body is left empty unless `keep_body` (copying it out of `bytes` is a tenth of a
/// listing's work).
pub(crate) fn parse_whole(
    path: &Path,
    bytes: &[u8],
    site: Option<&Placed>,
    keep_body: bool,
) -> Parsed {
    parse_at(path, bytes, None, site, keep_body)
}

fn parse_at(
    path: &Path,
    bytes: &[u8],
    cut: Option<Cut>,
    site: Option<&Placed>,
    keep_body: bool,
) -> Parsed {
    let mut problems = Vec::new();
    let text = match decode::decode(bytes) {
        Decoded::Binary(problem) => {
            return Parsed {
                post: None,
                diagnostics: vec![problem.at(path)],
                body_start: 0,
            };
        }
        Decoded::Text(text, problem) => {
            problems.extend(problem);
            text
        }
    };
    let mut text = &*text;
    if cut.is_some() {
        // A cut mid-line would leave half a line, perhaps half a word: end on a whole one.
        if let Some(end) = text.rfind('\n') {
            text = &text[..end + 1];
        }
    }

    let split = front_matter::split(text);
    let mut fields = match split.block {
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
    let inherited = site.map(|placed| placed.inherited(path));
    if let Some(inherited) = &inherited {
        fields::inherit(&mut fields, inherited.fields.clone());
    }
    let (meta, found) = fields::interpret(fields, path);
    let lang = meta.lang.or_else(|| match inherited {
        Some(inherited) => inherited.lang,
        None => language::from_path(path, &[], false),
    });
    problems.extend(found);

    let facts = body::scan(&text[body_start..]);
    let mut body = match keep_body {
        true => text[body_start..].to_owned(),
        false => String::new(),
    };
    if let Some(line) = facts.unclosed_comment {
        problems.push(Problem {
            line: Some(body_line + line - 1),
            message: "this HTML comment (`<!--`) is never closed: Markdown hides everything \
                      after it, and so does kiji"
                .to_string(),
        });
    }
    if let Some(cut) = cut {
        // The note goes after the scan, so it counts neither as words nor as the excerpt.
        let note = cut_note(cut);
        append_cut_note(&mut body, &note, facts.unclosed_comment.is_some());
        problems.push(Problem {
            line: None,
            message: note,
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
        lang,
        extra: meta.extra.into_iter().collect(),
        body,
        body_file: None,
        body_line,
        stats: facts.stats,
        repeats: facts.repeats,
        diagnostics: diagnostics.clone(),
    };
    Parsed {
        post: Some(post),
        diagnostics,
        body_start,
    }
}

/// What the reader and `--print` say at the end of a post cut to the size limit.
fn cut_note(cut: Cut) -> String {
    let whole = match cut.size {
        Some(size) => format!("this file is {}", read::human_size(size)),
        None => "this post is longer".to_string(),
    };
    format!(
        "{whole}; kiji shows its first {} only (the limit for a post: max_post_size_mb in \
         config.toml)",
        read::human_size(cut.limit)
    )
}

/// Ends the body with the note, as a paragraph of its own after a rule, closing the HTML
/// comment the cut may have left open, which would hide it.
fn append_cut_note(body: &mut String, note: &str, comment_open: bool) {
    if comment_open {
        body.push_str("\n-->\n");
    }
    body.push_str("\n\n---\n\n**kiji:** ");
    body.push_str(note);
    body.push('\n');
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

    /// The sites of a walk say what placing its files says, without placing any until a
    /// file's site is asked for; then each file is where placing them all puts it.
    #[test]
    fn a_walks_sites_are_known_before_any_file_is_placed() {
        let dir = tempfile::tempdir().unwrap();
        let write = |relative: &str, text: &str| {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("blog/_config.yml", "lang: ja\n");
        write("blog/_posts/2024-01-01-a.md", "# A\n");
        write("docs/hugo.toml", "languageCode = 'en'\n");
        write("docs/content/b.md", "# B\n");
        write("notes/c.md", "# C\n");
        let sites = WalkSites::of(walk::walk(dir.path()));
        let (_, placements, placing) = place_in_sites(walk::walk(dir.path()));
        assert_eq!(sites.finder().stamp(), placing.stamp());
        assert!(sites.placed.get().is_none(), "nothing placed yet");
        let placed = |p: Option<&Placed>| p.map(|p| (p.site.root.clone(), p.folder.clone()));
        for at in 0..sites.found().len() {
            assert_eq!(
                placed(sites.of_file(at)),
                placed(placements.of(at)),
                "file {at}"
            );
        }
        assert!(
            placed(sites.of_file(0)).is_some(),
            "the blog's post has its site"
        );
        assert_eq!(sites.finder().problems(), placing.problems());
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

    /// Named on its own, a pipe was once read to its end; but opening a pipe without a
    /// writer waits forever, so a pipe is now refused before it is opened (standard input
    /// is the way to read one). No writer is started: a test that opened it would hang.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("post.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let library = load(&fifo);
        assert!(library.posts.is_empty());
        assert_eq!(library.diagnostics.len(), 1);
        assert!(
            library.diagnostics[0].message.contains("named pipe"),
            "{:?}",
            library.diagnostics
        );
        let refusal = refusal(&fifo).expect("a refusal");
        assert!(refusal.contains("kiji --print -"), "{refusal}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_being_read() {
        let library = load(Path::new("/dev/zero"));
        assert!(library.posts.is_empty());
        assert!(library.diagnostics[0].message.contains("character device"));
        assert!(refusal(Path::new("/dev/zero")).is_some());
        assert_eq!(refusal(Path::new("/tmp")), None);
    }

    fn small_limit(bytes: u64) -> LoadOptions {
        LoadOptions {
            max_post_bytes: bytes,
        }
    }

    #[test]
    fn a_post_over_the_limit_in_a_folder_is_skipped_with_a_diagnostic() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("small.md"), "# Small\n").unwrap();
        std::fs::write(dir.path().join("big.md"), "# Big\n".repeat(1000)).unwrap();
        let library = load_with(dir.path(), &small_limit(1024));
        let titles: Vec<_> = library.posts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["Small"]);
        assert_eq!(library.diagnostics.len(), 1);
        let diagnostic = &library.diagnostics[0];
        assert!(diagnostic.path.ends_with("big.md"));
        assert!(
            diagnostic.message.contains("5 KB is over the 1 KB limit"),
            "{diagnostic}"
        );
    }

    #[test]
    fn a_named_post_over_the_limit_is_cut_at_a_line_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.md");
        let line = "0123456789 一二三四五六七八九\n";
        std::fs::write(
            &file,
            format!("---\ntitle: Big\n---\n{}", line.repeat(1000)),
        )
        .unwrap();
        let library = load_with(&file, &small_limit(1024));
        let post = &library.posts[0];
        assert_eq!(post.title, "Big");
        let (text, note) = post.body.split_once("\n\n---\n\n**kiji:** ").unwrap();
        // Whole lines only, as many as fit, each as written.
        assert!(
            text.split_terminator('\n')
                .all(|l| format!("{l}\n") == line)
        );
        let kept = "---\ntitle: Big\n---\n".len() + text.len();
        assert!(kept <= 1024 && kept + line.len() > 1024, "{kept}");
        assert!(note.starts_with("this file is 38 KB; kiji shows its first 1 KB only"));
        assert_eq!(post.diagnostics.len(), 1);
        assert_eq!(post.stats.cjk_chars, 9 * text.lines().count());
    }

    #[test]
    fn a_cut_inside_an_html_comment_still_shows_the_note() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.md");
        std::fs::write(
            &file,
            format!("Text.\n<!--\n{}-->\n", "hidden\n".repeat(500)),
        )
        .unwrap();
        let library = load_with(&file, &small_limit(1024));
        let body = &library.posts[0].body;
        let (before, after) = body.split_once("**kiji:**").unwrap();
        assert!(before.ends_with("hidden\n\n-->\n\n\n---\n\n"), "{before:?}");
        assert!(after.contains("kiji shows its first 1 KB only"));
    }

    #[test]
    fn a_stream_over_the_limit_is_cut_with_a_note() {
        let stream = std::io::Read::chain(&b"# Title\n"[..], std::io::repeat(b'x'));
        let (post, diagnostics) = read_post(stream, Path::new("-"), &small_limit(4096)).unwrap();
        let post = post.unwrap();
        assert_eq!(post.title, "Title");
        assert!(post.body.len() < 4096 + 200);
        assert!(
            post.body
                .contains("this post is longer; kiji shows its first 4 KB only")
        );
        assert_eq!(diagnostics.len(), 1);
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
