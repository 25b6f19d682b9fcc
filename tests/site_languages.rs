//! Sites kiji recognises (Jekyll, Hugo, Zola), what their posts inherit from the site's
//! configuration, and the posts' languages: in `--list` (rows and JSON), filtered by `--lang`,
//! and `--print --lang` finding a post's translation. The sites are fixtures written for these
//! tests: `tests/fixtures/multilingual-jekyll`, `multilingual-hugo` and `zola-site`.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const JEKYLL: &str = "tests/fixtures/multilingual-jekyll";
const HUGO: &str = "tests/fixtures/multilingual-hugo";
const ZOLA: &str = "tests/fixtures/zola-site";

fn kiji() -> Command {
    let mut cmd = Command::cargo_bin("kiji").expect("kiji binary");
    let no_config = std::env::temp_dir().join("kiji-site-languages-no-config");
    std::fs::create_dir_all(&no_config).unwrap();
    cmd.env("KIJI_CONFIG_DIR", no_config).env("NO_COLOR", "1");
    cmd
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = kiji().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--list", "--json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The post whose path ends with `tail`.
fn post<'a>(posts: &'a [Value], tail: &str) -> &'a Value {
    posts
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with(tail))
        .unwrap_or_else(|| panic!("no post {tail} in {posts:#?}"))
}

#[test]
fn jekyll_posts_take_their_language_from_front_matter_folder_defaults_or_the_site() {
    let posts = json(&[JEKYLL]);
    assert_eq!(posts.len(), 5, "{posts:#?}");
    let lang = |tail: &str| post(&posts, tail)["lang"].as_str().map(str::to_string);
    // Front matter, normalized.
    assert_eq!(
        lang("2024-05-08-newsletter-412.md").as_deref(),
        Some("en-gb")
    );
    // A `defaults:` entry scoped to `_posts/ja`.
    assert_eq!(
        lang("ja/2024-05-01-newsletter-411.md").as_deref(),
        Some("ja")
    );
    // The folder, which the site declares.
    assert_eq!(
        lang("zh/2024-05-01-newsletter-411.md").as_deref(),
        Some("zh")
    );
    // The site's `lang:` for the rest, the collection's document too.
    assert_eq!(
        lang("_posts/2024-05-01-newsletter-411.md").as_deref(),
        Some("en")
    );
    assert_eq!(lang("_docs/lighting.md").as_deref(), Some("en"));
}

#[test]
fn jekyll_defaults_fill_what_the_front_matter_leaves_out_and_never_override_it() {
    let posts = json(&[JEKYLL]);
    let en = post(&posts, "_posts/2024-05-01-newsletter-411.md");
    assert_eq!(
        en["author"], "[Lantern Desk](https://lantern.example/desk)",
        "{en:#}"
    );
    // The post's own author wins over the default for `_posts`.
    let zh = post(&posts, "zh/2024-05-01-newsletter-411.md");
    assert_eq!(zh["author"], "灯笼编辑部");
    // The collection's document has the docs default, not the posts one.
    let doc = post(&posts, "_docs/lighting.md");
    assert_eq!(doc["author"], Value::Null);
}

#[test]
fn hugo_posts_take_their_language_from_content_dirs_file_names_or_the_default() {
    let posts = json(&[HUGO]);
    let pairs: Vec<(String, String, String)> = posts
        .iter()
        .map(|p| {
            (
                p["title"].as_str().unwrap().to_string(),
                p["lang"].as_str().unwrap().to_string(),
                p["author"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |title: &str, lang: &str, author: &str| {
        pairs
            .iter()
            .any(|(t, l, a)| t == title && l == lang && a == author)
    };
    assert!(has("Green tea", "en", "Mei"), "{pairs:?}");
    assert!(has("緑茶", "ja", "茶話編集部"), "{pairs:?}");
    assert!(has("绿茶", "zh", "茶話編集部"), "{pairs:?}");
}

#[test]
fn zola_is_recognised_by_its_configuration() {
    let posts = json(&[ZOLA]);
    let levain = post(&posts, "blog/levain.md");
    assert_eq!(
        (levain["lang"].as_str(), levain["author"].as_str()),
        (Some("fr"), Some("La Boulangère"))
    );
    assert_eq!(post(&posts, "blog/levain.en.md")["lang"], "en");
}

#[test]
fn lang_filters_the_list_and_takes_regional_forms() {
    let titles = |posts: Vec<Value>| -> Vec<String> {
        posts
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p["lang"].as_str().unwrap(),
                    p["title"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        titles(json(&["--lang", "ja", JEKYLL])),
        ["ja Newsletter #411"]
    );
    let english = titles(json(&["--lang", "EN", JEKYLL]));
    assert_eq!(english.len(), 3, "{english:?}");
    assert!(english.contains(&"en-gb Newsletter #412".to_string()));
    assert_eq!(titles(json(&["--lang", "en_GB", JEKYLL])).len(), 1);
}

#[test]
fn the_list_shows_the_language_only_where_posts_are_in_several() {
    let (code, out, _) = run(&["--list", JEKYLL]);
    assert_eq!(code, Some(0));
    let rows: Vec<&str> = out.lines().collect();
    let row_of = |lang: &str| {
        rows.iter()
            .find(|r| r.contains(&format!("  {lang}  ")) && r.contains("Newsletter #411"))
            .unwrap_or_else(|| panic!("no {lang} row in {out}"))
    };
    // The three copies of one title stand apart by their language, in one aligned column.
    let at: Vec<usize> = ["en ", "ja ", "zh "]
        .iter()
        .map(|l| row_of(l.trim()).find("Newsletter").unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] == w[1]), "{out}");
    // One language: no column.
    let (_, out, _) = run(&["--list", "--lang", "ja", JEKYLL]);
    assert!(!out.contains(" ja "), "{out}");
}

#[test]
fn print_with_lang_prints_the_translation_beside_the_post() {
    let original = Path::new(HUGO).join("content/posts/green-tea.md");
    let original = original.to_str().unwrap();
    let (code, out, err) = run(&["--print", "--width", "40", "--lang", "ja", original]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("緑茶\n"), "{out}");
    assert!(out.contains("緑茶は八十度"), "{out}");
    // English lives in its own content folder: `content/english`, not beside the post.
    let (code, _, err) = run(&["--print", "--lang", "ko", original]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no `ko` version"), "{err}");
    // The post's own language prints the post.
    let (code, out, _) = run(&["--print", "--lang", "zh", original]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("绿茶\n"), "{out}");
}

#[test]
fn a_malformed_language_is_a_usage_error() {
    let (code, _, err) = run(&["--list", "--lang", "japanese", JEKYLL]);
    assert_eq!(code, Some(2));
    assert!(err.contains("not a language tag"), "{err}");
}
