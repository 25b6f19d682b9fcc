//! `site.posts`, lightly: the site's posts among those kiji loaded (the files under a `_posts/`
//! folder of the site), newest first, each with its title, URL, date, tags and categories. The
//! URL follows the site's permalink style as Jekyll expands it, so a list of recent posts reads
//! as it does on the site; it is not a build of the site.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use liquid_core::model::{Object, Value as LiquidValue};

use crate::loader::{SiteConfig, Value};
use crate::model::Post;

/// Jekyll's named permalink styles.
const STYLES: &[(&str, &str)] = &[
    ("date", "/:categories/:year/:month/:day/:title:output_ext"),
    ("pretty", "/:categories/:year/:month/:day/:title/"),
    ("ordinal", "/:categories/:year/:y_day/:title:output_ext"),
    ("none", "/:categories/:title:output_ext"),
];

/// The site's posts among `posts`, as Liquid's `site.posts`.
pub fn listing(root: &Path, config: &SiteConfig, posts: &[Post]) -> LiquidValue {
    let pattern = permalink_pattern(&config.config);
    let mut folders: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let in_posts_folder = |path: &Path| {
        path.components()
            .any(|c| matches!(c, Component::Normal(n) if n == "_posts"))
    };
    let mut mine: Vec<&Post> = posts
        .iter()
        // Only a post under some `_posts/` can be the site's: the others cost no lookup.
        .filter(|post| in_posts_folder(&post.path))
        .filter(|post| {
            let folder = post.path.parent().unwrap_or(Path::new("."));
            let below = folders
                .entry(folder.to_path_buf())
                .or_insert_with(|| below_root(root, folder));
            below.as_deref().is_some_and(in_posts_folder)
        })
        .collect();
    // Newest first; undated posts last, in the library's order.
    mine.sort_by(|a, b| {
        let key = |p: &Post| p.date.map(|d| d.sort_key());
        key(b).cmp(&key(a))
    });
    LiquidValue::Array(mine.into_iter().map(|p| entry(p, &pattern)).collect())
}

/// `folder` below `root` (both resolved), if it is there.
fn below_root(root: &Path, folder: &Path) -> Option<PathBuf> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let real = std::fs::canonicalize(folder).ok()?;
    real.strip_prefix(root).ok().map(Path::to_path_buf)
}

fn entry(post: &Post, pattern: &str) -> LiquidValue {
    let mut object = Object::new();
    object.insert("title".into(), LiquidValue::scalar(post.title.clone()));
    let url = post
        .extra
        .get("permalink")
        .cloned()
        .unwrap_or_else(|| expand(pattern, post));
    object.insert("url".into(), LiquidValue::scalar(url));
    if let Some(date) = post.date {
        object.insert("date".into(), LiquidValue::scalar(date.to_rfc3339()));
    }
    let texts = |items: &[String]| {
        LiquidValue::Array(
            items
                .iter()
                .map(|t| LiquidValue::scalar(t.clone()))
                .collect(),
        )
    };
    object.insert("tags".into(), texts(&post.tags));
    object.insert("categories".into(), texts(&post.categories));
    if let Some(author) = &post.author {
        object.insert("author".into(), LiquidValue::scalar(author.clone()));
    }
    if let Some(lang) = &post.lang {
        object.insert("lang".into(), LiquidValue::scalar(lang.clone()));
    }
    LiquidValue::Object(object)
}

/// The permalink pattern of the site's posts: the posts collection's, else the site's, else
/// Jekyll's default (`date`); a style name stands for its pattern.
fn permalink_pattern(config: &Value) -> String {
    let get = crate::loader::config_value;
    let text = |v: Option<&Value>| match v {
        Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
        _ => None,
    };
    let chosen = text(
        get(config, "collections")
            .and_then(|c| get(c, "posts"))
            .and_then(|p| get(p, "permalink")),
    )
    .or_else(|| text(get(config, "permalink")))
    .unwrap_or_else(|| "date".to_string());
    STYLES
        .iter()
        .find(|(name, _)| *name == chosen)
        .map_or(chosen, |(_, pattern)| (*pattern).to_string())
}

/// Jekyll's placeholders for `post`; slashes doubled by an empty one are merged.
fn expand(pattern: &str, post: &Post) -> String {
    let day = post.date.map(|d| d.day());
    let slug = post.extra.get("slug").cloned().unwrap_or_else(|| {
        crate::loader::title_from_path(&post.path)
            .to_lowercase()
            .replace(' ', "-")
    });
    let categories = post
        .categories
        .iter()
        .map(|c| c.trim().to_lowercase().replace(' ', "-"))
        .collect::<Vec<_>>()
        .join("/");
    let date = |format: &str| {
        day.map(|d| d.format(format).to_string())
            .unwrap_or_default()
    };
    let mut url = pattern.to_string();
    // Longer names first: `:year` before `:y`-anything, `:i_month` before `:month`.
    for (name, value) in [
        (":categories", categories),
        (":output_ext", ".html".to_string()),
        (":short_year", date("%y")),
        (":i_month", date("%-m")),
        (":i_day", date("%-d")),
        (":y_day", date("%j")),
        (":year", date("%Y")),
        (":month", date("%m")),
        (":day", date("%d")),
        (":title", slug.clone()),
        (":slug", slug.clone()),
        (":name", slug.clone()),
    ] {
        url = url.replace(name, &value);
    }
    let mut merged = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && merged.ends_with('/')) {
            merged.push(c);
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PostDate;
    use chrono::NaiveDate;

    fn post(path: &str, date: (i32, u32, u32), categories: &[&str]) -> Post {
        let (post, _) = crate::loader::parse_post(Path::new(path), b"# T\n");
        let mut post = post.unwrap();
        post.date = Some(PostDate::Day(
            NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
        ));
        post.categories = categories.iter().map(|c| c.to_string()).collect();
        post
    }

    #[test]
    fn urls_follow_jekyll_permalink_styles() {
        let p = post("_posts/2024-03-05-Hello World.md", (2024, 3, 5), &["News"]);
        assert_eq!(expand(STYLES[0].1, &p), "/news/2024/03/05/hello-world.html");
        let p = post("_posts/2024-03-05-hello.md", (2024, 3, 5), &[]);
        assert_eq!(expand(STYLES[1].1, &p), "/2024/03/05/hello/");
        assert_eq!(
            expand("/news/:year/:i_month/:i_day/:title/", &p),
            "/news/2024/3/5/hello/"
        );
    }

    #[test]
    fn the_posts_collection_permalink_wins_over_the_sites() {
        let config = crate::loader::parse_data(
            "permalink: pretty\ncollections:\n  posts:\n    permalink: /blog/:title/\n",
            crate::loader::DataFormat::Yaml,
        )
        .unwrap();
        assert_eq!(permalink_pattern(&config), "/blog/:title/");
        let config =
            crate::loader::parse_data("permalink: pretty\n", crate::loader::DataFormat::Yaml)
                .unwrap();
        assert_eq!(permalink_pattern(&config), STYLES[1].1);
    }
}
