//! Every post fixture of the project (`tests/fixtures/`, the samples in `assets/posts/`),
//! printed at several widths and checked by the shared conformance checker,
//! `../shared/conformance/wrapcheck.py`: no row too wide, kinsoku, no control character, and
//! no text of the source lost. Two fixture sites, `tests/fixtures/conformance/jekyll`
//! (kramdown, Liquid with data and includes) and `…/hugo` (goldmark, shortcodes, site
//! params), hold every construct the sites' engines add, in Japanese, Chinese and Korean;
//! the tests below also say what each construct must show.
//!
//! The checker is the shared one, run as `.ci/run` runs it (with `../shared` beside the
//! repository): a missing checker fails the test rather than skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

const WIDTHS: [usize; 5] = [20, 33, 40, 80, 120];

/// Fixtures whose ASCII letters the checker cannot count, and why: it counts as text what
/// kiji shows as a mark. Their CJK characters are still counted, with everything else.
const CJK_ONLY: &[(&str, &str)] = &[
    (
        "assets/posts/2024-03-12-kinsoku-shori.md",
        "a footnote's label ([^jlreq]) is shown as its number",
    ),
    (
        "assets/posts/draft-next-posts.md",
        "a done task's [x] is shown as ☑",
    ),
    (
        "tests/fixtures/conformance/hugo/content/posts/goldmark-tour.md",
        "alert markers ([!NOTE]) are shown as their label (Note)",
    ),
    (
        "tests/fixtures/conformance/hugo/content/posts/korean-walk.md",
        "a heading id ({#junbi}) is hidden and [!TIP] is shown as Tip",
    ),
    (
        "tests/fixtures/conformance/jekyll/_posts/2024-09-01-kramdown-tour.md",
        "abbreviation definitions (*[HTML]: …) are hidden, as kramdown hides them",
    ),
    (
        "tests/fixtures/conformance/jekyll/_posts/2024-09-02-korean-tea.md",
        "a footnote's label ([^region]) is shown as its number",
    ),
    (
        "tests/fixtures/site-markdown/goldmark.md",
        "alert markers, task markers and a heading id",
    ),
    (
        "tests/fixtures/site-markdown/kramdown-html.md",
        "abbreviation definitions and a goldmark attribute line ({.note #para}) are hidden",
    ),
    (
        "tests/fixtures/site-markdown/kramdown.md",
        "footnote labels ([^setup]) are shown as numbers",
    ),
];

/// Fixtures checked only from this width up, and why. The kinsoku sample's table lists the
/// opening brackets as examples (`「『（【`, alone in a cell): below 40 columns the table is
/// drawn as records, `例: 「『（【` on a row of its own, and that row ends with an opening
/// bracket because nothing follows it. No layout can meet the checker's bad-end rule there.
const NARROWEST: &[(&str, usize, &str)] = &[(
    "assets/posts/2024-03-12-kinsoku-shori.md",
    40,
    "a cell of opening brackets ends its record row",
)];

/// Fixtures that leave out text of the source by design: Liquid branches not taken, the
/// `{:toc}` marker's item, abbreviation definitions, a paired shortcode whose site template
/// prints nothing. The checker cannot know what a template leaves out, so these are checked
/// for width, kinsoku and control characters only; what they show and hide is asserted in
/// `what_templates_leave_out_is_left_out`.
const LEAVE_OUT_BY_DESIGN: &[&str] = &[
    "tests/fixtures/conformance/jekyll/_posts/2024-09-03-hidden-by-design.md",
    "tests/fixtures/conformance/hugo/content/posts/silent-shortcode.md",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn wrapcheck() -> PathBuf {
    let checker = root().join("../shared/conformance/wrapcheck.py");
    assert!(
        checker.is_file(),
        "{} not found: the conformance checks need ../shared beside the repository",
        checker.display()
    );
    checker
}

/// The post files under the fixtures and the samples, in order: not the includes, layouts
/// and data that sites hold beside their posts.
fn fixtures() -> Vec<String> {
    let mut found = Vec::new();
    for dir in ["tests/fixtures", "assets/posts"] {
        for entry in walkdir::WalkDir::new(root().join(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                !matches!(
                    &*name,
                    "_includes" | "layouts" | "_data" | "data" | "snapshots"
                )
            })
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if entry.file_type().is_file()
                && path
                    .extension()
                    .is_some_and(|e| e == "md" || e == "markdown")
            {
                let relative = path.strip_prefix(root()).unwrap();
                found.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    found
}

fn print(fixture: &str, width: usize) -> String {
    let config = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("kiji")
        .unwrap()
        .current_dir(root())
        .env("KIJI_CONFIG_DIR", config.path())
        .env("NO_COLOR", "1")
        .args(["--print", "--width", &width.to_string(), fixture])
        .output()
        .expect("kiji runs");
    assert!(out.status.success(), "{fixture} at {width}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs the checker on `printed`; `Err` holds its report.
fn check(printed: &str, width: usize, source: Option<&str>, flags: &[&str]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let rendered = dir.path().join("printed.txt");
    std::fs::write(&rendered, printed).unwrap();
    let mut command = Command::new("python3");
    command
        .arg(wrapcheck())
        .args(flags)
        .arg(&rendered)
        .arg(width.to_string());
    if let Some(source) = source {
        command.arg(root().join(source));
    }
    let out = command.output().expect("python3 runs the checker");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

#[test]
fn every_fixture_passes_the_conformance_checker_at_every_width() {
    let fixtures = fixtures();
    for must in [
        "tests/fixtures/conformance/jekyll/_posts/2024-09-01-kramdown-tour.md",
        "tests/fixtures/conformance/hugo/content/posts/goldmark-tour.md",
        "assets/posts/2024-03-12-kinsoku-shori.md",
    ] {
        assert!(fixtures.iter().any(|f| f == must), "{must} not found");
    }
    for (listed, _) in CJK_ONLY {
        assert!(fixtures.iter().any(|f| f == listed), "{listed} is gone");
    }
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let leaves_out = LEAVE_OUT_BY_DESIGN.contains(&fixture.as_str());
        let flags: &[&str] = if CJK_ONLY.iter().any(|(f, _)| f == fixture) {
            &["--cjk-only"]
        } else {
            &[]
        };
        let narrowest = NARROWEST
            .iter()
            .find(|(f, _, _)| f == fixture)
            .map_or(0, |&(_, width, _)| width);
        for width in WIDTHS.into_iter().filter(|&w| w >= narrowest) {
            let printed = print(fixture, width);
            let source = (!leaves_out).then_some(fixture.as_str());
            if let Err(report) = check(&printed, width, source, flags) {
                failures.push(format!("{fixture} at {width}:\n{report}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The printed text without its line breaks and spaces: for phrases, CJK ones above all,
/// that a narrow width wraps (compared the same way, spaces left out).
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Checks that no row shows the syntax of Liquid, kramdown or goldmark extensions, outside
/// code blocks (rows of a code block are indented by two and stand under its language) and
/// the `allowed` text that the post shows on purpose.
fn no_syntax_shows(fixture: &str, printed: &str, allowed: &[&str]) {
    let mut in_code = false;
    for row in printed.lines() {
        let starts_code = ["  ruby", "  go"].contains(&row.trim_end());
        in_code = starts_code || (in_code && row.starts_with("  "));
        if in_code {
            continue;
        }
        let mut row = row.to_string();
        for text in allowed {
            row = row.replace(text, "");
        }
        for syntax in [
            "{{",
            "{%",
            "{:",
            "{#",
            "[^",
            "[!",
            "*[",
            "<ruby",
            "<rt",
            "<kbd",
            "<summary",
            "<div",
            "<details",
            "markdown=",
            ">}}",
            "%}}",
        ] {
            assert!(
                !row.contains(syntax),
                "{fixture}: {syntax} shows in {row:?}:\n{printed}"
            );
        }
    }
}

#[test]
fn the_jekyll_site_shows_its_data_includes_and_kramdown() {
    let fixture = "tests/fixtures/conformance/jekyll/_posts/2024-09-01-kramdown-tour.md";
    for width in WIDTHS {
        let printed = print(fixture, width);
        // `{% raw %}` shows its Liquid as written, in a code span.
        no_syntax_shows(fixture, &printed, &["{{ page.title }}"]);
        let text = squeezed(&printed);
        for shown in [
            // The author from the site's `defaults:`, a Markdown link, shown as its text.
            "台所係[1]",
            // `assign … where … first` over `_data/teas.yml`, and `capture`.
            "目安は50度です",
            "今回の版は2024.2です",
            "gyokuro.tar.gz",
            "9e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c3b2a1908",
            // An include with parameters, a filter's default overridden, its heading kept.
            "湯は50度まで冷ましてから注ぎます。茶葉は一人分で4グラムほどです。",
            "淹れ方の基本",
            // `for` and `if`.
            "•煎茶は70度で淹れる。",
            "•玉露は50度で淹れる。",
            "低温で淹れる茶です。",
            "{{ page.title }}",
            // Reference links whose definitions come from an include.
            "茶の歴史[2]と道具[3]",
            // The table of contents where the marker stood, without the heading left out.
            "•はじめに",
            "•kramdown の拡張",
            // Footnote marks, and the notes at the end.
            "変えます^1。",
            "^1一人分で三グラムから四グラムが目安です。",
            "^2二煎目は湯を注いでからすぐに出します。",
            // A definition list.
            "煎茶日本でいちばん飲まれている緑茶。",
            // A table with markdown="span" cells as one table (a grid, or records when
            // narrow).
            "煎茶",
            "七十度、70",
            // A container marked markdown="1": a heading and a list inside.
            "###急須の選び方",
            "•小さめの急須を選ぶ•茶こしが細かいもの",
            // A <details markdown="1"> with its summary, unfolded in print.
            "保存の仕方開けた袋は冷暗所に置き",
            "生のHTMLのまま表示する段落。",
            "ALDで名前を付けた属性を使う段落。",
            // Ruby, inline tags, tasks, math.
            "急須《きゅうす》と湯冷《ゆざ》ましを使います。",
            "Ctrl+Cで止める。水はH2O",
            "☑湯を沸かす☐茶葉を量る",
            "$E = mc^2$",
            "**強調**はコードの中。",
            "「強調」のあとの文。",
        ] {
            assert!(
                text.contains(&squeezed(shown)),
                "{width}: {shown:?} not in:\n{printed}"
            );
        }
        for hidden in ["この文は表示されない", "編集メモ"] {
            assert!(
                !text.contains(hidden),
                "{width}: {hidden:?} shows:\n{printed}"
            );
        }
        // The contents, before the first heading, leave out the heading marked no_toc.
        let contents: String = printed
            .lines()
            .take_while(|r| !r.starts_with("## "))
            .collect();
        assert!(contents.contains("はじめに"), "{width}:\n{printed}");
        assert!(
            !contents.contains("目次に載らない節"),
            "{width}:\n{printed}"
        );
        assert!(text.contains("###目次に載らない節"), "{width}:\n{printed}");
        if width >= 40 {
            assert!(text.contains("│煎茶│七十度、70"), "{width}:\n{printed}");
            assert_eq!(printed.matches('┌').count(), 1, "{width}:\n{printed}");
        }
    }
}

#[test]
fn the_hugo_site_shows_its_params_and_shortcodes() {
    let fixture = "tests/fixtures/conformance/hugo/content/posts/goldmark-tour.md";
    for width in WIDTHS {
        let printed = print(fixture, width);
        no_syntax_shows(fixture, &printed, &[]);
        let text = squeezed(&printed);
        for shown in [
            // The site's params: `param` falls back to them, and the author comes from them.
            "慢慢走，欣赏啊。",
            "联系：hello@yamamichi.example，作者登山部。",
            "2024-10-05·登山部",
            // Footnote, tasks, definition list, alerts and boxes.
            "装备^1，",
            "^1尤其是雨具和头灯",
            "☑雨衣☐头灯☐备用电池",
            "背包二十升左右就够了。要有腰带。",
            "│Note│山上的信号不稳定",
            "│Warning│雷雨时",
            "│小贴士│水要少量多次地喝。",
            "│Alert│不要离开步道。",
            "│Callout│路标是红色的。",
            "│Info│山顶有小屋。",
            // figure, highlight, the services, ref and relref.
            "[image:山脊的早晨]",
            "清晨的山脊，云海在脚下",
            "funcdescend(",
            "YouTube:dQw4w9WgXcQ",
            "Vimeo:146022717",
            "Gist:yamamichi/5b3f1c",
            "X:@yamamichi/1453110110599868418",
            "Instagram:BWNjjyYFxVx",
            "韩国的茶[8]",
            // details, an unknown pair's content, ruby, inline tags, math.
            "展开路线细节第一天走到山腰的小屋",
            "未知的成对短代码只显示内容。",
            "山路《やまみち》を歩く。Escで戻る。",
            "折りたたまれた節中身は印刷では開いて表示されます。",
            "$h=1200$",
            "「強調」の後も正しく読めます。",
        ] {
            assert!(
                text.contains(&squeezed(shown)),
                "{width}: {shown:?} not in:\n{printed}"
            );
        }
        for hidden in ["这句不会显示", "这句也不会显示", "{.lead}", "native"] {
            assert!(
                !text.contains(hidden),
                "{width}: {hidden:?} shows:\n{printed}"
            );
        }
    }
}

#[test]
fn what_templates_leave_out_is_left_out() {
    let jekyll = "tests/fixtures/conformance/jekyll/_posts/2024-09-03-hidden-by-design.md";
    let hugo = "tests/fixtures/conformance/hugo/content/posts/silent-shortcode.md";
    for width in WIDTHS {
        let printed = print(jekyll, width);
        let text = squeezed(&printed);
        // Only the branch taken, of `if`/`elsif`/`else`, `unless` and `case`.
        assert!(text.contains("少し冷ました湯で淹れる茶です。"), "{printed}");
        assert!(text.contains("毎日の茶です。"), "{printed}");
        for hidden in [
            "ぬるい湯",
            "沸騰",
            "検証できない",
            "甘みの強い",
            "目次",
            "ハイパーテキスト",
        ] {
            assert!(
                !text.contains(hidden),
                "{width}: {hidden:?} shows:\n{printed}"
            );
        }
        // The marker's list became the contents.
        assert!(text.contains("•温度•略語"), "{printed}");

        let printed = print(hugo, width);
        let text = squeezed(&printed);
        assert!(text.contains("前面的文字照常显示。"), "{printed}");
        assert!(text.contains("后面的文字也照常显示。"), "{printed}");
        assert!(!text.contains("旧的内容被隐藏"), "{printed}");
    }
}

/// Korean is broken between words (KLREQ, CSS `word-break: keep-all`): every Hangul word of
/// every row is a word of the source, at every width where the words fit.
#[test]
fn korean_breaks_between_words_in_both_engines() {
    for fixture in [
        "tests/fixtures/conformance/jekyll/_posts/2024-09-02-korean-tea.md",
        "tests/fixtures/conformance/hugo/content/posts/korean-walk.md",
    ] {
        let source = std::fs::read_to_string(root().join(fixture)).unwrap();
        let is_hangul = |c: char| ('\u{AC00}'..='\u{D7AF}').contains(&c);
        let words: std::collections::HashSet<String> = source
            .split(|c: char| !is_hangul(c))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        for width in WIDTHS {
            let printed = print(fixture, width);
            let mut seen = 0;
            for row in printed.lines() {
                for word in row.split(|c: char| !is_hangul(c)).filter(|w| !w.is_empty()) {
                    seen += 1;
                    assert!(
                        words.contains(word),
                        "{fixture} at {width}: {word:?} is a broken word in {row:?}:\n{printed}"
                    );
                }
            }
            assert!(
                seen > 20,
                "{fixture} at {width}: no Korean shown:\n{printed}"
            );
        }
    }
}

/// A source line break after CJK punctuation joins without a space, even before Latin text,
/// in both engines.
#[test]
fn a_line_break_after_cjk_punctuation_joins_without_a_space() {
    for (fixture, joined) in [
        (
            "tests/fixtures/conformance/jekyll/_posts/2024-09-01-kramdown-tour.md",
            "設定は簡単に始まります。Goは速く、ビルドも短い。",
        ),
        (
            "tests/fixtures/conformance/hugo/content/posts/goldmark-tour.md",
            "「引用」のあとで改行します。Hugoは速い。",
        ),
    ] {
        let printed = print(fixture, 120);
        assert!(printed.contains(joined), "{fixture}:\n{printed}");
    }
}
