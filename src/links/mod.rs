//! Where a link leads: a link's address, as the post wrote it, resolved against the library.
//! Pure: it reads posts' paths and front matter, never the file system, and never judges
//! anything by running it.
//!
//! A post links to another post in many spellings: a relative path (`../b.md`,
//! `b/index.md`), a site-absolute permalink (`/2024/05/02/other/`, `/blog/other/`), and
//! the generators' own tags, which [`crate::layout::liquid`] turns into `post_url:NAME`,
//! `link:PATH`, `ref:x` and `relref:x`. Each is matched against the loaded posts by their
//! file path, file name, slug, `permalink`/`url`/`path`/`aliases` front matter, and the
//! default permalink rules (the last segment is the slug, the date segments agree with the
//! post's date). Addresses outside the library are `http`, `https` and `mailto` only;
//! `javascript:`, `file:` and anything with a control character are refused.

use std::path::{Component, Path, PathBuf};

use crate::model::Post;

/// What following a link does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A heading of the post the link is in (`#section`).
    Here { fragment: String },
    /// Another post of the library (or this one, by its own address), at a heading when a
    /// fragment is given.
    Post {
        index: usize,
        fragment: Option<String>,
    },
    /// A web or mail address, for the system's opener.
    External(String),
    /// An address kiji will not hand to anything.
    Refused(Refusal),
    /// A path or permalink that names no loaded post.
    NotFound,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Control characters (ESC, BEL, newlines…) in the address: it could smuggle terminal
    /// sequences or a second argument into whatever gets it.
    ControlCharacters,
    /// A scheme other than http, https and mailto (`javascript`, `file`, `data`…).
    Scheme(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::ControlCharacters => f.write_str("the address has control characters"),
            Refusal::Scheme(scheme) => write!(f, "kiji does not open {scheme}: addresses"),
        }
    }
}

/// Schemes handed to the system's opener.
const EXTERNAL_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Where `target`, a link in post `from` of `posts`, leads.
pub fn resolve(target: &str, from: usize, posts: &[Post]) -> Destination {
    if target.contains(char::is_control) {
        return Destination::Refused(Refusal::ControlCharacters);
    }
    let target = target.trim();
    if let Some(fragment) = target.strip_prefix('#') {
        return Destination::Here {
            fragment: fragment.to_string(),
        };
    }
    if let Some(rest) = target.strip_prefix("//") {
        return Destination::External(format!("https://{rest}"));
    }
    let (address, fragment) = match target.split_once('#') {
        Some((a, f)) => (a, Some(f.to_string()).filter(|f| !f.is_empty())),
        None => (target, None),
    };
    let found = match scheme(address) {
        Some((scheme, _)) if EXTERNAL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) => {
            return Destination::External(target.to_string());
        }
        Some(("post_url", name)) => by_file_stem(posts, last_segment(name)),
        Some(("link", path)) => by_path_suffix(posts, path).or_else(|| by_route(posts, path)),
        Some(("ref" | "relref", path)) => by_hugo_ref(posts, from, path),
        Some((scheme, _)) => return Destination::Refused(Refusal::Scheme(scheme.to_string())),
        None => {
            let path = address.split(['?']).next().unwrap_or("");
            if path.is_empty() {
                Some(from)
            } else if path.starts_with('/') {
                by_route(posts, path)
            } else {
                by_relative_path(posts, from, path).or_else(|| by_route(posts, path))
            }
        }
    };
    match found {
        Some(index) => Destination::Post { index, fragment },
        None => Destination::NotFound,
    }
}

/// `(scheme, rest)` of an address that starts with one (`https:`, `post_url:`); a Windows
/// drive letter or a path with a colon later on has none.
fn scheme(address: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = address.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && scheme.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-._".contains(c));
    valid.then_some((scheme, rest))
}

fn last_segment(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

/// `a/b/../c/./d` → `a/c/d`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The file name without extension and the date prefix Jekyll's posts carry.
fn undated(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if dated { &stem[11..] } else { stem }
}

fn file_stem(post: &Post) -> &str {
    post.path.file_stem().and_then(|s| s.to_str()).unwrap_or("")
}

fn is_index_file(post: &Post) -> bool {
    matches!(file_stem(post), "index" | "_index" | "README" | "readme")
}

/// The slug a generator gives the post when its front matter names none: the file name
/// without date, or the folder's name for a page bundle's `index.md`.
fn slugs(post: &Post) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(slug) = post.extra.get("slug") {
        out.push(slug.trim().trim_matches('/').to_lowercase());
    }
    let stem = if is_index_file(post) {
        post.path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("")
    } else {
        file_stem(post)
    };
    out.push(undated(stem).to_lowercase());
    out.push(stem.to_lowercase());
    out
}

/// A URL path as routes are compared: no slashes at the ends, no `index.html`, no `.html`,
/// percent-decoded, lower case.
fn route_key(route: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(route).decode_utf8_lossy();
    let mut key = decoded.trim().trim_matches('/').to_lowercase();
    for suffix in ["index.html", "index.htm", ".html", ".htm", "/"] {
        if let Some(stripped) = key.strip_suffix(suffix) {
            key = stripped.trim_end_matches('/').to_string();
        }
    }
    key
}

/// The routes the post's front matter declares.
fn declared_routes(post: &Post) -> impl Iterator<Item = String> + '_ {
    let single = ["permalink", "url", "path"]
        .into_iter()
        .filter_map(|field| post.extra.get(field))
        .map(|r| route_key(r));
    let aliases = post
        .extra
        .get("aliases")
        .into_iter()
        .flat_map(|list| list.split(", "))
        .map(route_key);
    single.chain(aliases)
}

/// A post by its file name (`post_url` names the file without its extension).
fn by_file_stem(posts: &[Post], name: &str) -> Option<usize> {
    let name = name.trim_end_matches(".md").trim_end_matches(".markdown");
    posts.iter().position(|p| file_stem(p) == name)
}

/// A post by a site-absolute or root-relative URL path: a declared route first, then a
/// source path ending the same way, then the default permalink rules.
fn by_route(posts: &[Post], path: &str) -> Option<usize> {
    let key = route_key(path);
    if key.is_empty() {
        return None;
    }
    if let Some(i) = posts
        .iter()
        .position(|p| declared_routes(p).any(|r| r == key))
    {
        return Some(i);
    }
    if let Some(i) = by_path_suffix(posts, &key) {
        return Some(i);
    }
    let segments: Vec<&str> = key.split('/').collect();
    let last = undated(segments.last().copied().unwrap_or(""));
    let candidates: Vec<usize> = posts
        .iter()
        .enumerate()
        .filter(|(_, p)| slugs(p).iter().any(|s| s == last))
        .map(|(i, _)| i)
        .collect();
    // Two posts with one slug: the date in the permalink (`/2024/05/02/`) tells them apart.
    let dated = candidates.iter().copied().find(|&i| {
        posts[i].date.is_some_and(|d| {
            let day = d.day();
            let (y, m, dd) = (
                day.format("%Y").to_string(),
                day.format("%m").to_string(),
                day.format("%d").to_string(),
            );
            segments.contains(&y.as_str())
                && segments.contains(&m.as_str())
                && segments.contains(&dd.as_str())
        })
    });
    dated.or_else(|| candidates.first().copied())
}

/// A post whose source path ends with `path` (`posts/other.md`, `posts/other`, or a bundle's
/// folder `posts/other` for `posts/other/index.md`).
fn by_path_suffix(posts: &[Post], path: &str) -> Option<usize> {
    let wanted: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if wanted.is_empty() {
        return None;
    }
    posts.iter().position(|p| path_ends_with(&p.path, &wanted))
}

fn path_ends_with(path: &Path, wanted: &[&str]) -> bool {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some((file, dirs)) = parts.split_last() else {
        return false;
    };
    let Some((last_wanted, wanted_dirs)) = wanted.split_last() else {
        return false;
    };
    let stem = file.rsplit_once('.').map_or(*file, |(s, _)| s);
    let tail_is = |dirs: &[&str], wanted: &[&str]| {
        dirs.len() >= wanted.len()
            && dirs[dirs.len() - wanted.len()..]
                .iter()
                .zip(wanted)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    };
    let same_file =
        file.eq_ignore_ascii_case(last_wanted) || stem.eq_ignore_ascii_case(last_wanted);
    if same_file && tail_is(dirs, wanted_dirs) {
        return true;
    }
    // `posts/other` names the bundle `posts/other/index.md`.
    matches!(stem, "index" | "_index") && tail_is(dirs, wanted)
}

/// A path relative to the linking post's folder.
fn by_relative_path(posts: &[Post], from: usize, path: &str) -> Option<usize> {
    let base = posts.get(from)?.path.parent().unwrap_or(Path::new(""));
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let joined = normalise(&base.join(decoded.as_ref()));
    let wanted: Vec<String> = joined
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str().map(str::to_string),
            _ => None,
        })
        .collect();
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
    posts
        .iter()
        .position(|p| normalise(&p.path) == joined)
        .or_else(|| {
            posts
                .iter()
                .position(|p| path_ends_with(&normalise(&p.path), &wanted) && wanted.len() > 1)
        })
}

/// Hugo's `ref`/`relref`: a path from the content folder (`/posts/x.md`), relative to the
/// page (`x.md`, `../y`), or a bare name.
fn by_hugo_ref(posts: &[Post], from: usize, path: &str) -> Option<usize> {
    if path.starts_with('/') {
        return by_path_suffix(posts, path).or_else(|| by_route(posts, path));
    }
    by_relative_path(posts, from, path)
        .or_else(|| by_path_suffix(posts, path))
        .or_else(|| by_route(posts, path))
}

#[cfg(test)]
mod tests;
