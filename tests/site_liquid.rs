//! Jekyll posts shown as their site shows them: `kiji --print` and the reader on small sites
//! written here (our own text), shaped like the real ones issue 16 names: a release post that
//! takes its URLs and checksums from `_data/`, a page built from `_includes/`, and hostile
//! Liquid that must end with a diagnostic.

mod ui_support;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kiji::ui::{Action, update};
use ui_support::{app, draw, screen_text};

fn write(root: &Path, relative: &str, text: &str) -> PathBuf {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

fn kiji() -> Command {
    let mut cmd = Command::cargo_bin("kiji").expect("kiji binary");
    let no_config = std::env::temp_dir().join("kiji-site-liquid-no-config");
    fs::create_dir_all(&no_config).unwrap();
    cmd.env("KIJI_CONFIG_DIR", no_config).env("NO_COLOR", "1");
    cmd
}

/// stdout and stderr of `kiji --print FILE --width W`, which must exit 0.
fn print(file: &Path, width: u16) -> (String, String) {
    let out = kiji()
        .args(["--print", "--width", &width.to_string()])
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A site with a release post whose links and checksums live in `_data/releases.yml`.
fn release_site(root: &Path) -> PathBuf {
    write(
        root,
        "_config.yml",
        "title: Gem News\nurl: https://gems.example\n",
    );
    write(
        root,
        "_data/releases.yml",
        "- version: 3.1.0\n  url:\n    gz: https://dl.gems.example/gem-3.1.0.tar.gz\n  sha256: 1111aaaa\n\
         - version: 3.2.0\n  url:\n    gz: https://dl.gems.example/gem-3.2.0.tar.gz\n    zip: https://dl.gems.example/gem-3.2.0.zip\n  sha256: 2222bbbb\n",
    );
    write(
        root,
        "_includes/thanks.md",
        "Thanks to everyone who tested {{ include.what }}.\n",
    );
    write(
        root,
        "_posts/2024-03-01-gem-3-2-0-released.md",
        "---\ntitle: Gem 3.2.0 Released\nversion: 3.2.0\n---\n\
         {% assign release = site.data.releases | where: \"version\", page.version | first %}\n\
         Version {{ page.version }} of {{ site.title }} is out.\n\n\
         ## Download\n\n\
         * <{{ release.url.gz }}>\n\n      SHA256: {{ release.sha256 }}\n\
         * <{{ release.url.zip }}>\n\n\
         {% include thanks.md what=\"the previews\" %}\n",
    )
}

#[test]
fn a_release_post_shows_the_download_urls_and_checksums_from_its_site_data() {
    let dir = tempfile::tempdir().unwrap();
    let post = release_site(dir.path());
    for width in [20, 40, 80] {
        let (text, stderr) = print(&post, width);
        let joined: String = text.split_whitespace().collect();
        for expected in [
            "Version3.2.0ofGemNewsisout.",
            "https://dl.gems.example/gem-3.2.0.tar.gz",
            "https://dl.gems.example/gem-3.2.0.zip",
            "SHA256:2222bbbb",
            "Thankstoeveryonewhotestedthepreviews.",
        ] {
            assert!(joined.contains(expected), "{expected} at {width}:\n{text}");
        }
        assert!(
            !joined.contains("3.1.0"),
            "the other release's data: {text}"
        );
        for markup in ["{{", "{%", "}}", "%}"] {
            assert!(!text.contains(markup), "{markup} at {width}:\n{text}");
        }
        assert_eq!(stderr, "", "nothing to report");
    }
}

#[test]
fn a_page_built_from_includes_shows_their_text_and_their_link_definitions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: Notes\n");
    write(
        dir.path(),
        "_includes/specials/guide/zh/01-intro.md",
        "## 简介\n\n这一节说明了{{ include.topic }}的基本概念。\n",
    );
    write(
        dir.path(),
        "_includes/specials/guide/zh/02-more.md",
        "## 更多\n\n详见 [第 38 期周报][Newsletter #38]。\n",
    );
    write(
        dir.path(),
        "_includes/references.md",
        "[Newsletter #38]: /zh/newsletters/2019/03/19/\n",
    );
    let post = write(
        dir.path(),
        "zh/guide.md",
        "---\ntitle: 指南\n---\n\
         {% include specials/guide/zh/01-intro.md topic=\"地址\" %}\n\n\
         {% include specials/guide/zh/02-more.md %}\n\n\
         {% include references.md %}\n",
    );
    let (text, stderr) = print(&post, 40);
    assert!(text.contains("简介") && text.contains("更多"), "{text}");
    assert!(text.contains("这一节说明了地址的基本概念。"), "{text}");
    // The reference link from one include resolves through the other's definition.
    assert!(text.contains("第 38 期周报[1]"), "{text}");
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains("#38:/zh/newsletters/2019/03/19/"), "{text}");
    assert_eq!(stderr, "");
}

#[test]
fn what_liquid_cannot_run_is_reported_and_the_rest_is_rendered() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: Site\n");
    let post = write(
        dir.path(),
        "_posts/2024-01-01-mixed.md",
        "---\ntitle: Mixed\n---\nIntro for {{ site.title }}.\n\n\
         {% youtube abc123 %}\n\n\
         {{ page.title | plugin_filter }} stays.\n\n\
         {% include missing.html %}\n\nThe end.\n",
    );
    let (text, stderr) = print(&post, 60);
    assert!(text.contains("Intro for Site."), "{text}");
    assert!(text.contains("Mixed stays."), "{text}");
    assert!(text.contains("The end."), "{text}");
    assert!(!text.contains("youtube"), "{text}");
    assert!(
        stderr.contains("2024-01-01-mixed.md:6: Liquid tag `youtube`"),
        "{stderr}"
    );
    assert!(stderr.contains("filter `plugin_filter`"), "{stderr}");
    assert!(stderr.contains("include `missing.html`"), "{stderr}");
}

#[test]
fn hostile_liquid_ends_with_a_diagnostic_and_the_post_as_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: Site\n");
    write(
        dir.path(),
        "_includes/loop.md",
        "again {% include loop.md %}",
    );
    write(dir.path(), "secret.md", "SECRET TEXT");
    let big = format!("items: [{}]\n", vec!["1"; 3_000_000].join(","));
    write(dir.path(), "_data/huge.yml", &big);
    let cases = [
        ("self-include", "{% include loop.md %}", "nest"),
        (
            "huge-range",
            "{% for i in (1..100000000) %}{% endfor %}",
            "loops ran over",
        ),
        ("climb-out", "{% include ../secret.md %}", "`..`"),
    ];
    for (name, liquid, said) in cases {
        let post = write(
            dir.path(),
            &format!("_posts/2024-01-01-{name}.md"),
            &format!("---\ntitle: {name}\n---\nBefore.\n\n{liquid}\n\nAfter.\n"),
        );
        let (text, stderr) = print(&post, 60);
        assert!(stderr.contains(said), "{name}: {stderr}");
        assert!(
            text.contains("Before.") && text.contains("After."),
            "{name}: {text}"
        );
        assert!(!text.contains("SECRET"), "{name}: {text}");
    }
    // The huge data file is refused by its size, and everything else still renders.
    let (_, stderr) = print(&dir.path().join("_posts/2024-01-01-self-include.md"), 60);
    assert!(
        stderr.contains("huge.yml") && stderr.contains("MB"),
        "{stderr}"
    );
}

#[test]
fn render_with_liquid_false_keeps_the_liquid_as_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: Site\n");
    let post = write(
        dir.path(),
        "_posts/2024-01-01-about-liquid.md",
        "---\ntitle: About\nrender_with_liquid: false\n---\nWrite {{ site.title }} to get it.\n",
    );
    let (text, stderr) = print(&post, 60);
    assert!(text.contains("Write {{ site.title }} to get it."), "{text}");
    assert_eq!(stderr, "");
}

#[test]
fn a_post_outside_any_site_keeps_its_liquid_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let post = write(
        dir.path(),
        "notes/plain.md",
        "# Plain\n\nWrite `{{ page.title }}` and {{ this }}.\n",
    );
    let (text, stderr) = print(&post, 60);
    assert!(text.contains("{{ page.title }}"), "{text}");
    assert!(text.contains("{{ this }}"), "{text}");
    assert_eq!(stderr, "");
}

#[test]
fn the_reader_shows_the_rendered_post_and_the_list_its_rendered_reading_time() {
    let dir = tempfile::tempdir().unwrap();
    release_site(dir.path());
    // An include long enough to change the reading time.
    let long: String = (0..400).map(|i| format!("Word{i} ")).collect();
    write(dir.path(), "_includes/long.md", &long);
    write(
        dir.path(),
        "_posts/2024-04-01-built.md",
        "---\ntitle: Built From Parts\n---\nShort intro.\n\n{% include long.md %}\n",
    );
    let library = kiji::loader::load(dir.path());
    let built = library
        .posts
        .iter()
        .position(|p| p.title == "Built From Parts")
        .unwrap();
    assert_eq!(
        library.posts[built].stats.words, 4,
        "the list counts the text as written"
    );
    let mut app = app(library, 120, 30);
    update(&mut app, Action::Top);
    // Newest first: the built post, then the release.
    update(&mut app, Action::Open);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("Word0 Word1"), "{screen}");
    assert!(!screen.contains("{%"), "{screen}");
    let shown = app
        .posts()
        .iter()
        .find(|p| p.title == "Built From Parts")
        .unwrap();
    assert!(shown.stats.words > 400, "{:?}", shown.stats);
    update(&mut app, Action::Back);
    update(&mut app, Action::Down);
    update(&mut app, Action::Open);
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("https://dl.gems.example/gem-3.2.0.tar.gz"),
        "{screen}"
    );
    assert!(screen.contains("SHA256: 2222bbbb"), "{screen}");
}

#[test]
fn site_posts_lists_the_sites_posts_newest_first_and_an_include_may_be_named_by_a_variable() {
    let post = Path::new("tests/fixtures/multilingual-jekyll/_posts/2024-05-08-newsletter-412.md");
    let (text, stderr) = print(post, 80);
    assert!(stderr.is_empty(), "{stderr}");
    // `{% include parts/{{ page.part }}.md when="Tuesday" %}`
    assert!(
        text.contains("The recap was written on Tuesday: the south lamp is next."),
        "{text}"
    );
    // `{% for post in site.posts limit:3 %}`: newest first, with the site's permalinks.
    let items: Vec<&str> = text.lines().filter(|l| l.starts_with("• ")).collect();
    assert_eq!(
        items,
        [
            "• 2024-05-08 Newsletter #412[2] (en-gb)",
            "• 2024-05-01 Newsletter #411[3] (en)",
            "• 2024-05-01 Newsletter #411[3] (ja)",
        ],
        "{text}"
    );
    // [1] is the author's page, from the site's defaults.
    assert!(text.contains("[1] https://lantern.example/desk"), "{text}");
    assert!(
        text.contains("[3] /news/2024/05/01/newsletter-411/"),
        "{text}"
    );
    assert!(!text.contains("{%") && !text.contains("{{"), "{text}");
}

#[test]
fn the_reading_time_counts_the_text_the_includes_bring() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: Long\n");
    let section = "Every lantern needs a wick, oil and a steady hand to light it. ".repeat(60);
    for part in ["one", "two", "three", "four", "five"] {
        write(dir.path(), &format!("_includes/{part}.md"), &section);
    }
    let post = write(
        dir.path(),
        "_posts/2024-06-01-long.md",
        "---\ntitle: Built from includes\n---\n\
         {% include one.md %}\n\n{% include two.md %}\n\n{% include three.md %}\n\n\
         {% include four.md %}\n\n{% include five.md %}\n",
    );
    // 5 × 60 × 13 = 3,900 words: far past the "1 min" the tags alone would count.
    let (text, _) = print(&post, 80);
    let minutes: u32 = text
        .lines()
        .find_map(|l| {
            let (_, after) = l.split_once("≈ ")?;
            after.split(' ').next()?.parse().ok()
        })
        .unwrap_or_else(|| panic!("no reading time in {text}"));
    assert!(minutes >= 15, "{minutes} min for 3,900 words");
    let out = kiji()
        .args(["--list", "--json"])
        .arg(&post)
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The list shows the estimate of the text as written until the post is rendered once.
    assert_eq!(listed[0]["reading_minutes"], 1, "{listed}");
}
