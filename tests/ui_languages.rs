//! The list in a library of several languages: a short language tag before each title (so the
//! Japanese and Chinese copies of one title can be told apart), at every width, and `L`
//! cycling the language filter (each language, then all again), as the status line says.

mod ui_support;

use kiji::model::Library;
use kiji::ui::Action;
use ui_support::{app, apply, draw, post, screen_lines, titles};

fn multilingual() -> Library {
    let mut posts = Vec::new();
    for (path, lang, body) in [
        ("en/411.md", "en", "The lantern club met twice this week."),
        ("ja/411.md", "ja", "今週、ランタン部は二回集まりました。"),
        ("zh/411.md", "zh", "本周灯笼俱乐部聚会两次。"),
        ("zh-tw/411.md", "zh-tw", "本週燈籠俱樂部聚會兩次。"),
    ] {
        let mut p = post(path, "Newsletter #411", Some("2024-05-01"), &["news"], body);
        p.lang = Some(lang.to_string());
        posts.push(p);
    }
    let mut other = post(
        "ja/412.md",
        "Newsletter #412",
        Some("2024-05-08"),
        &[],
        "次号。",
    );
    other.lang = Some("ja".into());
    posts.push(other);
    Library {
        posts,
        diagnostics: vec![],
    }
}

/// The screen row holding `text`, trimmed.
fn row_with(lines: &[String], text: &str) -> Option<String> {
    lines
        .iter()
        .find(|l| l.contains(text))
        .map(|l| l.trim_end().to_string())
}

#[test]
fn each_title_carries_its_language_at_every_width() {
    for width in [20u16, 60, 100, 200] {
        let app = app(multilingual(), width, 30);
        let lines = screen_lines(&draw(&app));
        for tag in [
            "en    Newsletter",
            "ja    Newsletter",
            "zh    Newsletter",
            "zh-tw Newsletter",
        ] {
            // At 20 columns the title is cut, the tag never is.
            let shown = &tag[.."zh-tw Newsl".len()];
            assert!(
                lines.iter().any(|l| l.contains(shown)),
                "{width} columns: no `{shown}` in\n{}",
                lines.join("\n")
            );
        }
        // The titles line up after the column of tags.
        let columns: Vec<usize> = lines
            .iter()
            .filter(|l| l.contains("Newsletter #411"))
            .map(|l| l.find("Newsletter").unwrap())
            .collect();
        assert!(
            columns.windows(2).all(|w| w[0] == w[1]),
            "{width}: {columns:?}"
        );
    }
}

#[test]
fn a_library_in_one_language_shows_no_tags() {
    let mut library = multilingual();
    for p in &mut library.posts {
        p.lang = Some("ja".into());
    }
    let lines = screen_lines(&draw(&app(library, 60, 20)));
    let row = row_with(&lines, "Newsletter #411").unwrap();
    assert!(!row.contains("ja "), "{row}");
}

#[test]
fn l_cycles_through_the_languages_then_lists_all_again() {
    let mut app = app(multilingual(), 100, 30);
    assert_eq!(titles(&app).len(), 5);
    // Most posts first: ja (2), then en, zh, zh-tw.
    apply(&mut app, &[Action::CycleLanguage]);
    assert_eq!(app.language_filter(), Some("ja"));
    assert_eq!(titles(&app), ["Newsletter #412", "Newsletter #411"]);
    let status = screen_lines(&draw(&app)).last().cloned().unwrap();
    assert!(status.contains("lang: ja"), "{status}");
    apply(&mut app, &[Action::CycleLanguage]);
    assert_eq!(app.language_filter(), Some("en"));
    assert_eq!(titles(&app).len(), 1);
    // `zh` takes its regional forms too.
    apply(&mut app, &[Action::CycleLanguage]);
    assert_eq!(app.language_filter(), Some("zh"));
    assert_eq!(titles(&app).len(), 2);
    apply(&mut app, &[Action::CycleLanguage, Action::CycleLanguage]);
    assert_eq!(app.language_filter(), None);
    assert_eq!(titles(&app).len(), 5);
}

#[test]
fn the_starting_language_filter_lists_only_that_language() {
    let app = app(multilingual(), 100, 30).with_language(Some("zh-tw".into()));
    assert_eq!(titles(&app), ["Newsletter #411"]);
}
