//! What a post's path says when its front matter says nothing: the name it goes by, a title,
//! a date from a `YYYY-MM-DD-` prefix or `YYYY/MM/DD` folders, and whether it is a Jekyll
//! post (whose tag strings split on spaces). [`super::fields`] falls back on these.

use std::path::Path;

use chrono::NaiveDate;

use super::dates;

/// The name a post goes by on disk: the file name without extension, or the folder's name for
/// a page bundle (`my-post/index.md`).
pub fn post_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if (stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index"))
        && let Some(dir) = path.parent().and_then(Path::file_name)
    {
        return dir.to_string_lossy().into_owned();
    }
    stem
}

/// The title of a post with none in its front matter or body: its name without a Jekyll date
/// prefix (`2025-09-29-ai-rules.md` → `ai-rules`). Never empty.
pub fn title_from_path(path: &Path) -> String {
    let name = post_name(path);
    let title = match dates::split_name_prefix(&name) {
        Some((_, rest)) if !rest.trim().is_empty() => rest.to_string(),
        _ => name,
    };
    if title.trim().is_empty() {
        path.display().to_string()
    } else {
        title
    }
}

/// A date from a `YYYY-MM-DD-` name prefix or a `YYYY/MM/DD` run of folders.
pub fn date(path: &Path) -> Option<NaiveDate> {
    let from_name = || dates::split_name_prefix(&post_name(path)).map(|(date, _)| date);
    let from_folders = || {
        let folders = path.parent()?.components();
        dates::from_segments(folders.filter_map(|c| c.as_os_str().to_str()))
    };
    from_name().or_else(from_folders)
}

/// Jekyll splits a tag string on spaces for posts under `_posts` (and `_drafts`); other
/// generators keep `categories: "Service Mesh"` whole.
pub fn is_jekyll_post(path: &Path) -> bool {
    path.parent().is_some_and(|dir| {
        dir.components()
            .any(|c| matches!(c.as_os_str().to_str(), Some("_posts" | "_drafts")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_from_file_name_drops_the_jekyll_date_and_extension() {
        assert_eq!(
            title_from_path(Path::new("_posts/2025-09-29-ai-rules.md")),
            "ai-rules"
        );
        assert_eq!(title_from_path(Path::new("notes.txt")), "notes");
        assert_eq!(title_from_path(Path::new("2025-09-29.md")), "2025-09-29");
    }

    #[test]
    fn title_of_a_page_bundle_is_its_folder_name() {
        assert_eq!(
            title_from_path(Path::new("content/blog/my-post/index.md")),
            "my-post"
        );
        assert_eq!(title_from_path(Path::new("content/en/_index.md")), "en");
    }

    #[test]
    fn dates_come_from_a_name_prefix_or_folders() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date(Path::new("_posts/2024-05-01-a.md")), day(2024, 5, 1));
        assert_eq!(
            date(Path::new("blog/2023/12/31/post.md")),
            day(2023, 12, 31)
        );
        assert_eq!(date(Path::new("notes.md")), None);
    }

    #[test]
    fn only_posts_under_posts_or_drafts_are_jekyll_posts() {
        assert!(is_jekyll_post(Path::new("site/_posts/a.md")));
        assert!(is_jekyll_post(Path::new("_drafts/a.md")));
        assert!(!is_jekyll_post(Path::new("content/posts/a.md")));
    }
}
