//! The Hugo site a post belongs to, for what kiji can know of it without running Go
//! templates: which of the site's own shortcodes (`layouts/shortcodes/NAME.html`, a theme's
//! too) print nothing. Their calls are hidden from the post, a pair with what it holds,
//! before the layout expands the shortcodes it knows ([`crate::layout`]); every other
//! shortcode of the site is the layout's to show or hide.
//!
//! Hidden text is overwritten with spaces, line breaks kept, so the body keeps its length and
//! its offsets: the editor line and the reader's place still point into the file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::loader::{Value, config_value, display_value};
use crate::shortcode::{self, Piece};

/// Names of a Hugo site's configuration file.
const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];
/// How far up from a post a site root is looked for.
const MAX_ROOT_DISTANCE: usize = 32;
/// A template longer than this prints something, or is not worth reading to find out.
const MAX_TEMPLATE_BYTES: u64 = 64 << 10;
/// The shortcode templates read in all.
const MAX_TEMPLATES: usize = 1024;

/// The folder of the Hugo site `post` belongs to: the nearest one up from it with a
/// configuration file beside `content/` or `layouts/`.
pub fn find_root(post: &Path) -> Option<PathBuf> {
    let start = post.parent()?;
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let start = fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .take(MAX_ROOT_DISTANCE)
        .find(|dir| {
            CONFIG_FILES.iter().any(|c| dir.join(c).is_file())
                && (dir.join("content").is_dir() || dir.join("layouts").is_dir())
        })
        .map(Path::to_path_buf)
}

/// The names of the site's shortcodes whose template prints nothing: empty, or only
/// whitespace, HTML comments and template comments. The site's own `layouts/shortcodes/`
/// and its themes'; a name in a subfolder is written `folder/name`, as calls write it.
pub fn silent_shortcodes(root: &Path) -> Vec<String> {
    let mut folders = vec![root.join("layouts/shortcodes")];
    if let Ok(themes) = fs::read_dir(root.join("themes")) {
        let mut themes: Vec<PathBuf> = themes
            .filter_map(Result::ok)
            .map(|e| e.path().join("layouts/shortcodes"))
            .collect();
        themes.sort();
        folders.extend(themes);
    }
    let mut names = Vec::new();
    let mut read = 0;
    for folder in folders.iter().filter(|f| f.is_dir()) {
        let walk = walkdir::WalkDir::new(folder)
            .max_depth(4)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file());
        for entry in walk {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            read += 1;
            if read > MAX_TEMPLATES {
                return names;
            }
            if entry
                .metadata()
                .map_or(true, |m| m.len() > MAX_TEMPLATE_BYTES)
            {
                continue;
            }
            let Ok(template) = fs::read_to_string(path) else {
                continue;
            };
            let Some(name) = path
                .strip_prefix(folder)
                .ok()
                .and_then(|p| p.with_extension("").to_str().map(str::to_string))
            else {
                continue;
            };
            if prints_nothing(&template) && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Whether a shortcode template prints nothing: what is left without its comments is
/// whitespace.
pub fn prints_nothing(template: &str) -> bool {
    let mut rest = template;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return true;
        }
        let end = if let Some(inner) = rest.strip_prefix("<!--") {
            inner.find("-->").map(|i| 4 + i + 3)
        } else if rest.starts_with("{{") {
            shortcode::comment_len(rest)
        } else {
            return false;
        };
        match end {
            Some(end) => rest = &rest[end..],
            None => return false,
        }
    }
}

/// `body` with the calls of `silent` shortcodes blanked (a pair with what it holds), or
/// `None` when it calls none of them.
pub fn hide_silent(body: &str, silent: &[String]) -> Option<String> {
    if silent.is_empty() {
        return None;
    }
    let pieces = shortcode::scan(body);
    let closers = shortcode::pairs(&pieces);
    let mut out = body.as_bytes().to_vec();
    let mut hidden_to = 0;
    let mut changed = false;
    for (i, piece) in pieces.iter().enumerate() {
        let Piece::Call(call) = piece else {
            continue;
        };
        if call.closing || call.range.start < hidden_to || !silent.iter().any(|s| s == call.name) {
            continue;
        }
        let end = closers[i].map_or(call.range.end, |c| pieces[c].range().end);
        for byte in &mut out[call.range.start..end] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
        hidden_to = end;
        changed = true;
    }
    // Whole characters were overwritten, each byte with a space.
    changed.then(|| String::from_utf8(out).ok()).flatten()
}

/// The names `body`'s `param` shortcodes ask for, each once, in order.
pub fn param_names(body: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for piece in shortcode::scan(body) {
        if let Piece::Call(call) = piece
            && call.name == "param"
            && !call.closing
            && let Some(name) = call.arg("name", 0)
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_string());
        }
    }
    names
}

/// The site parameter `name` (dotted for a nested one, `social.github`) of a Hugo site
/// configuration, as text: what `{{< param >}}` shows when the page has no such parameter.
/// Keys are matched whatever their case, as Hugo matches them.
pub fn site_param(config: &Value, name: &str) -> Option<String> {
    let params = config_value(config, "params")?;
    let value = name
        .trim()
        .split('.')
        .try_fold(params, |value, key| config_value(value, key))?;
    display_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_of_comments_and_whitespace_print_nothing() {
        for template in [
            "",
            "  \n",
            "<!-- nothing to see -->\n",
            "{{/* kept for old posts */}}\n{{- /* x */ -}}",
        ] {
            assert!(prints_nothing(template), "{template:?}");
        }
        for template in [
            "<video src=\"{{ .Get 0 }}\"/>",
            "{{ .Inner }}",
            "<!-- open",
            "{{/* open",
        ] {
            assert!(!prints_nothing(template), "{template:?}");
        }
    }

    #[test]
    fn silent_calls_are_blanked_with_what_they_hold_keeping_offsets() {
        let body = "a {{< old x >}} b\n{{% old %}}inside\nmore{{% /old %}}\nc {{< kept >}}";
        let out = hide_silent(body, &["old".to_string()]).unwrap();
        assert_eq!(out.len(), body.len());
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            ["a", "b", "c", "{{<", "kept", ">}}"]
        );
        assert_eq!(out.matches('\n').count(), body.matches('\n').count());
        assert_eq!(hide_silent(body, &["other".to_string()]), None);
    }

    #[test]
    fn the_site_s_silent_shortcodes_are_found_with_its_themes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("config.toml", "title = \"S\"\n"),
            ("content/posts/a.md", "x"),
            ("layouts/shortcodes/empty.html", "\n"),
            (
                "layouts/shortcodes/video.html",
                "<video src=\"{{ .Get 0 }}\"/>",
            ),
            (
                "themes/t/layouts/shortcodes/gone/old.html",
                "<!-- retired -->",
            ),
        ] {
            let file = root.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
        assert_eq!(
            find_root(&root.join("content/posts/a.md")),
            Some(fs::canonicalize(root).unwrap())
        );
        assert_eq!(silent_shortcodes(root), ["empty", "gone/old"]);
    }
}

#[cfg(test)]
mod param_tests {
    use super::*;

    #[test]
    fn site_params_are_found_by_dotted_name_whatever_their_case() {
        let config = Value::Map(vec![(
            "params".into(),
            Value::Map(vec![
                ("Motto".into(), Value::Text("ゆっくり読む".into())),
                (
                    "social".into(),
                    Value::Map(vec![("github".into(), Value::Text("kiji-dev".into()))]),
                ),
                ("count".into(), Value::Int(3)),
            ]),
        )]);
        assert_eq!(
            site_param(&config, "motto").as_deref(),
            Some("ゆっくり読む")
        );
        assert_eq!(
            site_param(&config, "social.github").as_deref(),
            Some("kiji-dev")
        );
        assert_eq!(site_param(&config, "count").as_deref(), Some("3"));
        assert_eq!(site_param(&config, "missing"), None);
        assert_eq!(site_param(&config, "motto.deeper"), None);
    }

    #[test]
    fn param_names_are_read_from_calls_once_each() {
        let body = "{{< param motto >}} {{< param \"social.github\" >}} {{< param motto >}} {{< figure src=\"a.png\" >}}";
        assert_eq!(param_names(body), ["motto", "social.github"]);
    }
}
