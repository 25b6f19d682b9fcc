//! The Jekyll site a post belongs to, and the post as that site shows it; for a Hugo site,
//! what [`hugo`] knows of it.
//!
//! A Jekyll post is a Liquid template rendered before its Markdown is read: its values live in
//! the site's `_config.yml` and `_data/`, whole sections of it in `_includes/`. [`find_root`]
//! walks up from a post to the folder holding `_config.yml`; [`Site::load`] reads the
//! configuration and the data once, within limits; [`Site::render`] runs a post's Liquid
//! ([`jekyll_liquid`]). What cannot be rendered becomes a diagnostic: a tag or filter kiji does not
//! run is left out of an otherwise rendered post, and a post that cannot be rendered at all
//! is shown as written (the layout then hides its tags, as for any post).
//!
//! Nothing outside the site is read: includes come from `_includes/` only, by a relative name
//! without `..`, and must resolve (links followed) inside it.

pub mod hugo;
pub mod jekyll_liquid;
mod posts;

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use liquid_core::model::{Object, Value as LiquidValue};

use jekyll_liquid::Limits;

use crate::loader::{
    self, Engine, Placed, SiteConfig, SiteFinder, Value, data_format, parse_data, read_text,
};
use crate::model::{Diagnostic, Post};

/// The largest include or data file read.
const MAX_FILE_BYTES: u64 = 4 << 20;
/// All of `_data/` together.
const MAX_DATA_BYTES: u64 = 32 << 20;
const MAX_DATA_FILES: usize = 4096;
const MAX_DATA_DEPTH: usize = 8;

/// The folder of the Jekyll site `post` belongs to: the nearest site root up from it, when
/// that site is a Jekyll one (Hugo's and Zola's templates are not Liquid).
pub fn find_root(post: &Path) -> Option<PathBuf> {
    let placed = SiteFinder::default().place(post)?;
    (placed.site.engine == Engine::Jekyll).then(|| placed.site.root.clone())
}

/// A Jekyll site: what its posts' Liquid can see as `site`.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    config: Arc<SiteConfig>,
    site: Object,
    /// What went wrong reading the configuration and the data.
    pub problems: Vec<Diagnostic>,
}

/// A post as its site shows it.
#[derive(Debug)]
pub struct Rendered {
    /// The post with its body rendered (and its text counted again), or `None` when it has no
    /// Liquid or could not be rendered.
    pub post: Option<Post>,
    pub problems: Vec<Diagnostic>,
}

impl Site {
    /// Reads the Jekyll site at `root` (canonical): `_config.yml` and every data file of
    /// `_data/`. `None` when `root` holds no site configuration.
    pub fn load(root: &Path) -> Option<Site> {
        let config = SiteConfig::at(root)?;
        let mut problems = config.problems.clone();
        let mut site = match to_liquid(config.config.clone()) {
            LiquidValue::Object(site) => site,
            _ => Object::new(),
        };
        let data = read_data(&root.join("_data"), &mut problems);
        site.insert("data".into(), LiquidValue::Object(data));
        Some(Site {
            root: root.to_path_buf(),
            config: Arc::new(config),
            site,
            problems,
        })
    }

    /// `post` rendered as Jekyll would before reading its Markdown. Only posts with Liquid in
    /// them are rendered; `file_text` is the post file's text (for `page`'s front matter);
    /// `posts` are what `site.posts` lists (those of the site among them).
    pub fn render(&self, post: &Post, file_text: &str, posts: &[Post]) -> Rendered {
        if !post.body.contains("{%") && !post.body.contains("{{") {
            return Rendered {
                post: None,
                problems: Vec::new(),
            };
        }
        let mut page = match to_liquid(loader::front_matter_value(file_text)) {
            LiquidValue::Object(page) => page,
            _ => Object::new(),
        };
        // What the site's `defaults:` give the post, under its own front matter.
        let placed = self.place(&post.path);
        if let Some(placed) = &placed {
            for field in placed.inherited(&post.path).fields {
                page.entry(field.key)
                    .or_insert_with(|| to_liquid(field.value));
            }
        }
        // Jekyll 4's switch for a page whose Liquid is meant to be read, not run.
        if page.get("render_with_liquid") == Some(&LiquidValue::scalar(false)) {
            return Rendered {
                post: None,
                problems: Vec::new(),
            };
        }
        page.entry("title")
            .or_insert_with(|| LiquidValue::scalar(post.title.clone()));
        if let Some(date) = post.date {
            page.entry("date")
                .or_insert_with(|| LiquidValue::scalar(date.to_rfc3339()));
        }
        page.insert(
            "path".into(),
            LiquidValue::scalar(post.path.to_string_lossy().into_owned()),
        );
        if let Some(lang) = &post.lang {
            page.entry("lang")
                .or_insert_with(|| LiquidValue::scalar(lang.clone()));
        }
        let mut site = self.site.clone();
        site.insert(
            "posts".into(),
            posts::listing(&self.root, &self.config, posts),
        );
        let mut globals = Object::new();
        globals.insert("page".into(), LiquidValue::Object(page));
        globals.insert("site".into(), LiquidValue::Object(site));
        let includes = Arc::new(IncludeFolder {
            root: self.root.join("_includes"),
            relative_to: post.path.parent().map(Path::to_path_buf),
            site: self.root.clone(),
        });
        let at = |line: Option<usize>| line.map(|l| l + post.body_line - 1);
        match jekyll_liquid::render(&post.body, &globals, includes, Limits::default()) {
            Ok((body, found)) => {
                let problems = found
                    .into_iter()
                    .map(|p| Diagnostic {
                        path: post.path.clone(),
                        line: at(p.line),
                        message: p.message,
                    })
                    .collect();
                let text = loader::with_body(file_text, &body);
                let (rendered, _) =
                    loader::parse_post_in(&post.path, text.as_bytes(), placed.as_ref());
                Rendered {
                    post: rendered.map(|mut p| {
                        // The post keeps what the loader found in the file as written.
                        p.diagnostics = post.diagnostics.clone();
                        p
                    }),
                    problems,
                }
            }
            Err(p) => Rendered {
                post: None,
                problems: vec![Diagnostic {
                    path: post.path.clone(),
                    line: at(p.line),
                    message: format!("{}; shown as written", p.message),
                }],
            },
        }
    }

    /// `post`'s place in this site.
    fn place(&self, post: &Path) -> Option<Placed> {
        let folder = match post.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let folder = fs::canonicalize(folder).ok()?;
        Some(Placed {
            site: Arc::clone(&self.config),
            folder: folder.strip_prefix(&self.root).ok()?.to_path_buf(),
        })
    }
}

/// Renders `post` if it sits in a Jekyll site, reading the site and the post's file again.
/// `library` is what `site.posts` lists; when it holds no other post of the site (`--print`
/// of one file) and the post asks for `site.posts`, the site's `_posts/` are read for it.
pub fn render_post(post: &Post, library: &[Post], max_bytes: u64) -> Rendered {
    let none = || Rendered {
        post: None,
        problems: Vec::new(),
    };
    if !post.body.contains("{%") && !post.body.contains("{{") {
        return none();
    }
    let Some(root) = find_root(&post.path) else {
        return hugo_post(post, max_bytes).unwrap_or_else(none);
    };
    let Ok(file_text) = read_text(&post.path, max_bytes) else {
        return none();
    };
    let Some(site) = Site::load(&root) else {
        return none();
    };
    let read;
    let posts = if library.len() <= 1 && post.body.contains("site.posts") {
        read = loader::load(&root.join("_posts")).posts;
        &read[..]
    } else {
        library
    };
    let mut rendered = site.render(post, &file_text, posts);
    let mut problems = site.problems;
    problems.append(&mut rendered.problems);
    rendered.problems = problems;
    rendered
}

/// A post of a Hugo site as far as kiji can know the site's templates: the calls of the
/// site's shortcodes that print nothing hidden ([`hugo`]), and the site's `[params]` that its
/// `param` shortcodes ask for and the page lacks, which Hugo falls back to. `None` when it is
/// not in a Hugo site or needs neither.
fn hugo_post(post: &Post, max_bytes: u64) -> Option<Rendered> {
    let root = hugo::find_root(&post.path)?;
    let hidden = hugo::hide_silent(&post.body, &hugo::silent_shortcodes(&root));
    let wanted: Vec<String> = hugo::param_names(&post.body)
        .into_iter()
        .filter(|name| post.param(name).is_none())
        .collect();
    let params: Vec<(String, String)> = match SiteConfig::at(&root) {
        Some(site) if !wanted.is_empty() => wanted
            .into_iter()
            .filter_map(|name| Some((hugo::site_param(&site.config, &name)?, name)))
            .map(|(value, name)| (name, value))
            .collect(),
        _ => Vec::new(),
    };
    if hidden.is_none() && params.is_empty() {
        return None;
    }
    let mut shown = match hidden {
        Some(body) => {
            let file_text = read_text(&post.path, max_bytes).ok()?;
            let text = loader::with_body(&file_text, &body);
            // Read in its site, as the loader read it, so that it inherits what it did.
            let placed = SiteFinder::default().place(&post.path);
            let (hidden, _) = loader::parse_post_in(&post.path, text.as_bytes(), placed.as_ref());
            let mut hidden = hidden?;
            hidden.diagnostics = post.diagnostics.clone();
            hidden
        }
        None => post.clone(),
    };
    for (name, value) in params {
        shown.extra.insert(format!("params.{name}"), value);
    }
    Some(Rendered {
        post: Some(shown),
        problems: Vec::new(),
    })
}

fn problem(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        line: None,
        message,
    }
}

/// `_data/` as nested objects: `_data/a/b.yml` is `site.data.a.b`. Within the limits, in name
/// order; a file that does not parse is reported and left out.
fn read_data(dir: &Path, problems: &mut Vec<Diagnostic>) -> Object {
    let mut data = Object::new();
    if !dir.is_dir() {
        return data;
    }
    let mut total = 0u64;
    let walk = walkdir::WalkDir::new(dir)
        .max_depth(MAX_DATA_DEPTH)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    for (count, entry) in walk.enumerate() {
        let path = entry.path();
        let Some(format) = data_format(path) else {
            continue;
        };
        if count >= MAX_DATA_FILES {
            problems.push(problem(
                dir,
                format!("over {MAX_DATA_FILES} data files; the rest are not read"),
            ));
            break;
        }
        let size = entry.metadata().map_or(0, |m| m.len());
        if total + size > MAX_DATA_BYTES {
            problems.push(problem(
                path,
                format!(
                    "site data over {} MB in all; not read",
                    MAX_DATA_BYTES >> 20
                ),
            ));
            continue;
        }
        let value = match read_text(path, MAX_FILE_BYTES).and_then(|t| parse_data(&t, format)) {
            Ok(value) => value,
            Err(why) => {
                problems.push(problem(path, format!("site data: {why}")));
                continue;
            }
        };
        total += size;
        let Ok(relative) = path.strip_prefix(dir) else {
            continue;
        };
        let mut keys: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if let Some(last) = keys.last_mut()
            && let Some(stem) = Path::new(last.as_str()).file_stem()
        {
            *last = stem.to_string_lossy().into_owned();
        }
        insert_at(&mut data, &keys, to_liquid(value));
    }
    data
}

fn insert_at(object: &mut Object, keys: &[String], value: LiquidValue) {
    let Some((last, folders)) = keys.split_last() else {
        return;
    };
    let mut here = object;
    for key in folders {
        let slot = here
            .entry(key.clone())
            .or_insert_with(|| LiquidValue::Object(Object::new()));
        if !matches!(slot, LiquidValue::Object(_)) {
            *slot = LiquidValue::Object(Object::new());
        }
        let LiquidValue::Object(next) = slot else {
            return;
        };
        here = next;
    }
    here.insert(last.clone().into(), value);
}

/// Plain data as Liquid values. The loader's parsers bound how deep `value` nests.
fn to_liquid(value: Value) -> LiquidValue {
    match value {
        Value::Null => LiquidValue::Nil,
        Value::Bool(b) => LiquidValue::scalar(b),
        Value::Int(i) => LiquidValue::scalar(i),
        Value::Float(f) => LiquidValue::scalar(f),
        Value::Text(s) => LiquidValue::scalar(s),
        Value::List(items) => LiquidValue::Array(items.into_iter().map(to_liquid).collect()),
        Value::Map(entries) => LiquidValue::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), to_liquid(v)))
                .collect(),
        ),
    }
}

/// `_includes/`, read by the names posts give (`{% include notes/intro.md %}`), and the
/// post's own folder for `include_relative`, never leaving the site.
struct IncludeFolder {
    root: PathBuf,
    /// The post's folder.
    relative_to: Option<PathBuf>,
    site: PathBuf,
}

impl jekyll_liquid::Includes for IncludeFolder {
    fn read(&self, name: &str) -> Result<String, String> {
        let (base, within, name, place) = match name.strip_prefix(jekyll_liquid::RELATIVE) {
            Some(name) => match &self.relative_to {
                Some(folder) => (folder, &self.site, name, "the post's folder"),
                None => return Err("the post has no folder".into()),
            },
            None => (&self.root, &self.root, name, "_includes/"),
        };
        let relative = Path::new(name);
        let plain = !name.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !plain {
            return Err(format!(
                "not a plain name inside {place} (`..` or an absolute path)"
            ));
        }
        let path = base.join(relative);
        let (Ok(real), Ok(within)) = (fs::canonicalize(&path), fs::canonicalize(within)) else {
            return Err(format!("not found in {place}"));
        };
        if !real.starts_with(&within) {
            return Err("leads outside the site".into());
        }
        read_text(&real, MAX_FILE_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liquid_core::ValueView;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn the_root_is_the_nearest_folder_with_a_config() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "_config.yml", "title: S\n");
        write(dir.path(), "_posts/2020/2020-01-01-a.md", "x");
        let found = find_root(&dir.path().join("_posts/2020/2020-01-01-a.md"));
        assert_eq!(found, Some(fs::canonicalize(dir.path()).unwrap()));
    }

    #[test]
    fn includes_never_leave_the_includes_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "secret.txt", "secret");
        write(dir.path(), "_includes/ok.md", "fine");
        let includes = IncludeFolder {
            root: dir.path().join("_includes"),
            relative_to: Some(dir.path().join("_posts")),
            site: dir.path().to_path_buf(),
        };
        use jekyll_liquid::Includes;
        assert_eq!(includes.read("ok.md").unwrap(), "fine");
        for name in ["../secret.txt", "/etc/passwd", "a/../../secret.txt", ""] {
            assert!(includes.read(name).is_err(), "{name}");
            let relative = format!("{}{name}", jekyll_liquid::RELATIVE);
            assert!(includes.read(&relative).is_err(), "{relative}");
        }
        write(dir.path(), "_posts/part.md", "beside");
        let beside = format!("{}part.md", jekyll_liquid::RELATIVE);
        assert_eq!(includes.read(&beside).unwrap(), "beside");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                dir.path().join("secret.txt"),
                dir.path().join("_includes/link.md"),
            )
            .unwrap();
            assert!(includes.read("link.md").unwrap_err().contains("outside"));
            let outside = tempfile::tempdir().unwrap();
            write(outside.path(), "x.md", "outside");
            std::os::unix::fs::symlink(
                outside.path().join("x.md"),
                dir.path().join("_posts/out.md"),
            )
            .unwrap();
            let out = format!("{}out.md", jekyll_liquid::RELATIVE);
            assert!(includes.read(&out).unwrap_err().contains("outside"));
        }
    }

    #[test]
    fn data_files_nest_by_folder_and_a_broken_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "_data/releases.yml", "- version: 1\n");
        write(dir.path(), "_data/docs/nav.json", "{\"a\": 1}");
        write(dir.path(), "_data/bad.yml", "a: [\n");
        let mut problems = Vec::new();
        let data = read_data(&dir.path().join("_data"), &mut problems);
        assert!(data.contains_key("releases"));
        let docs = data.get("docs").unwrap().as_object().unwrap();
        assert!(docs.contains_key("nav"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].path.ends_with("bad.yml"));
    }

    #[test]
    fn a_huge_data_file_is_skipped_with_a_diagnostic() {
        let dir = tempfile::tempdir().unwrap();
        let big = format!("x: \"{}\"\n", "a".repeat((MAX_FILE_BYTES + 10) as usize));
        write(dir.path(), "_data/big.yml", &big);
        let mut problems = Vec::new();
        let data = read_data(&dir.path().join("_data"), &mut problems);
        assert!(!data.contains_key("big"));
        assert!(problems[0].message.contains("MB"), "{problems:?}");
    }
}
