//! A post's language as a short tag (`ja`, `zh-tw`): from its front matter, else from where it
//! sits (`ja/`, `content/ja/`, `_posts/ja/`), else from its file name (`x.ja.md`), else the
//! site's default. Folder and file names are read as languages only when they cannot be much
//! else: a code the site declares, or a common language code (with an optional region or
//! script) in a place sites keep translations. Words that are also English (`it`, `no`, `is`…)
//! count only when the site declares them.

use std::path::{Component, Path};

/// Primary language subtags read from a folder or file name without the site declaring them:
/// the languages blogs are commonly written in, minus codes that are also common words or
/// folder names (`it`, `no`, `is`, `as`, `be`, `my`, `so`, `to`, `id`, `ms`).
const COMMON_CODES: &[&str] = &[
    "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "gl",
    "he", "hi", "hr", "hu", "hy", "ja", "ka", "kk", "km", "ko", "lo", "lt", "lv", "mn", "ne", "nl",
    "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur",
    "uz", "vi", "zh", "yue",
];

/// Folders under which a site keeps one folder per language.
const CONTENT_FOLDERS: &[&str] = &["content", "_posts", "_drafts", "posts"];

/// `text` as a language tag, lower-cased with `-` (`zh_TW` → `zh-tw`), when it is a
/// well-formed one: a primary subtag of 2-3 letters, then region (2 letters or 3 digits) or
/// script (4 letters) subtags. Front matter may name any language; this does not check the
/// primary subtag against a list.
pub fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > 16 {
        return None;
    }
    let tag = text.replace('_', "-").to_ascii_lowercase();
    let mut parts = tag.split('-');
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    for (i, part) in parts.enumerate() {
        let letters = part.bytes().all(|b| b.is_ascii_lowercase());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        let ok = (part.len() == 2 && letters)
            || (part.len() == 3 && digits)
            || (part.len() == 4 && letters)
            || (i > 0 && (5..=8).contains(&part.len()) && (letters || digits));
        if !ok {
            return None;
        }
    }
    Some(tag)
}

/// `name` (a folder or the tail of a file name) as a language: normalized, and either one of
/// `declared` or a common code.
fn name_as_language(name: &str, declared: &[String]) -> Option<String> {
    let tag = normalize(name)?;
    if declared.contains(&tag) {
        return Some(tag);
    }
    let primary = tag.split('-').next().unwrap_or("");
    COMMON_CODES.contains(&primary).then_some(tag)
}

/// The language the path says, for a post at `relative` (its path below the site root, or
/// as given without a site): a language folder at the top, or right under a content folder
/// (`content/`, `_posts/`, a collection's `_NAME/`); else a file name `x.ja.md`.
pub fn from_path(relative: &Path, declared: &[String], at_site_root: bool) -> Option<String> {
    let folders: Vec<&str> = relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    let is_content = |name: &str| {
        CONTENT_FOLDERS.contains(&name) || (at_site_root && name.starts_with('_') && name.len() > 1)
    };
    let candidate = folders.iter().enumerate().find_map(|(i, name)| {
        let placed = (i == 0 && at_site_root) || (i > 0 && is_content(folders[i - 1]));
        if placed {
            name_as_language(name, declared)
        } else {
            None
        }
    });
    candidate.or_else(|| from_file_name(relative, declared))
}

/// `post.ja.md` → `ja`, as Hugo and Zola name translations.
fn from_file_name(path: &Path, declared: &[String]) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let (_, tail) = stem.rsplit_once('.')?;
    name_as_language(tail, declared)
}

/// Where the `to` version of the post at `path` (in `from`, if known) would be, most likely
/// first: its language folder renamed (`zh/blog/x.md` → `ja/blog/x.md`), or its file name
/// given the language (`x.md`, `x.zh.md` → `x.ja.md`), or the language taken off it
/// (`x.zh.md` → `x.md`, for a site whose default is `to`).
pub fn translation_paths(path: &Path, from: Option<&str>, to: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    if let Some(from) = from {
        let mut swapped = false;
        let renamed: std::path::PathBuf = path
            .components()
            .map(|c| match c {
                Component::Normal(name)
                    if !swapped
                        && name.to_str().and_then(normalize).as_deref() == Some(from)
                        && Some(name) != path.file_name() =>
                {
                    swapped = true;
                    std::ffi::OsStr::new(to)
                }
                other => other.as_os_str(),
            })
            .collect();
        if swapped {
            found.push(renamed);
        }
    }
    let (Some(stem), Some(ext)) = (
        path.file_stem().and_then(|s| s.to_str()),
        path.extension().and_then(|e| e.to_str()),
    ) else {
        return found;
    };
    let tagged = stem
        .rsplit_once('.')
        .filter(|(_, tail)| from.is_some() && normalize(tail).as_deref() == from);
    let bare = tagged.map_or(stem, |(bare, _)| bare);
    found.push(path.with_file_name(format!("{bare}.{to}.{ext}")));
    if tagged.is_some() {
        found.push(path.with_file_name(format!("{bare}.{ext}")));
    }
    found.retain(|p| p != path);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_lang(path: &str, declared: &[&str], at_root: bool) -> Option<String> {
        let declared: Vec<String> = declared.iter().map(|s| s.to_string()).collect();
        from_path(Path::new(path), &declared, at_root)
    }

    #[test]
    fn tags_are_normalized_and_malformed_ones_refused() {
        assert_eq!(normalize("ja").as_deref(), Some("ja"));
        assert_eq!(normalize("zh_TW").as_deref(), Some("zh-tw"));
        assert_eq!(normalize("zh-Hant").as_deref(), Some("zh-hant"));
        assert_eq!(normalize("es-419").as_deref(), Some("es-419"));
        for bad in ["", "japanese", "j", "ja-", "ja--jp", "日本語", "1a", "en-x"] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_language_folder_counts_at_the_top_or_under_a_content_folder() {
        assert_eq!(path_lang("ja/post.md", &[], true).as_deref(), Some("ja"));
        assert_eq!(
            path_lang("content/zh/blog/x/index.md", &[], true).as_deref(),
            Some("zh")
        );
        assert_eq!(
            path_lang("_posts/ko/2024-01-01-a.md", &[], true).as_deref(),
            Some("ko")
        );
        assert_eq!(
            path_lang("_docs/zh-tw/guide.md", &[], true).as_deref(),
            Some("zh-tw")
        );
        // Deeper folders are a site's sections, not its languages.
        assert_eq!(path_lang("notes/ja/post.md", &[], true), None);
        assert_eq!(path_lang("content/blog/ja/post.md", &[], true), None);
    }

    #[test]
    fn ordinary_folder_names_are_not_read_as_languages() {
        for path in [
            "it/post.md",
            "no/post.md",
            "id/post.md",
            "go/post.md",
            "js/post.md",
            "content/css/x.md",
            "content/api/x.md",
            "misc/post.md",
        ] {
            assert_eq!(path_lang(path, &[], true), None, "{path}");
        }
        // A site that declares Italian means it.
        assert_eq!(
            path_lang("it/post.md", &["it"], true).as_deref(),
            Some("it")
        );
    }

    #[test]
    fn without_a_site_only_a_folder_under_a_content_folder_counts() {
        assert_eq!(path_lang("ja/post.md", &[], false), None);
        assert_eq!(
            path_lang("blog/content/ja/post.md", &[], false).as_deref(),
            Some("ja")
        );
    }

    #[test]
    fn a_translation_is_looked_for_in_the_sibling_folder_then_by_file_name() {
        let paths = |p: &str, from: Option<&str>, to: &str| -> Vec<String> {
            translation_paths(Path::new(p), from, to)
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            paths("site/content/zh/blog/x/index.md", Some("zh"), "en"),
            [
                "site/content/en/blog/x/index.md",
                "site/content/zh/blog/x/index.en.md"
            ]
        );
        assert_eq!(
            paths("content/post.zh.md", Some("zh"), "ja"),
            ["content/post.ja.md", "content/post.md"]
        );
        assert_eq!(paths("post.md", None, "ja"), ["post.ja.md"]);
    }

    #[test]
    fn a_file_name_may_carry_the_language() {
        assert_eq!(path_lang("post.ja.md", &[], true).as_deref(), Some("ja"));
        assert_eq!(
            path_lang("blog/x/index.zh-tw.md", &[], false).as_deref(),
            Some("zh-tw")
        );
        assert_eq!(path_lang("v1.2.md", &[], true), None);
        assert_eq!(path_lang("notes.it.md", &[], true), None);
        assert_eq!(path_lang("2024-01-01-node.js.md", &[], true), None);
    }
}
