//! `kiji --print` on the Markdown extensions Jekyll (kramdown) and Hugo (goldmark) posts use,
//! from fixtures in `tests/fixtures/site-markdown/`: at every width the rows fit, the
//! extension's syntax never shows, and what it stands for does.

use assert_cmd::Command;
use kiji::text::width::str_width;

const WIDTHS: [usize; 3] = [20, 40, 80];

fn print_path(path: &str, width: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("kiji")
        .expect("kiji binary")
        .env("KIJI_CONFIG_DIR", dir.path())
        .env("NO_COLOR", "1")
        .args(["--print", "--width", &width.to_string()])
        .arg(path)
        .output()
        .expect("kiji runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

/// Prints `fixture` at every width, checks that rows fit and no syntax leaks, and returns
/// the outputs.
fn print_everywhere(fixture: &str) -> Vec<String> {
    print_path_everywhere(&format!("tests/fixtures/site-markdown/{fixture}"))
}

fn print_path_everywhere(fixture: &str) -> Vec<String> {
    WIDTHS
        .iter()
        .map(|&width| {
            let out = print_path(fixture, width);
            for line in out.lines() {
                assert!(
                    str_width(line, false) <= width,
                    "{fixture} at {width}: {line:?} is too wide"
                );
                for syntax in ["{#", "{:", "[^", "[!", "<ruby", "<rt", "<kbd", "<summary"] {
                    assert!(
                        !line.contains(syntax),
                        "{fixture} at {width}: {syntax} shows in {line:?}"
                    );
                }
            }
            out
        })
        .collect()
}

/// The output's text with rows joined, for phrases that may wrap.
fn joined(out: &str) -> String {
    out.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

#[test]
fn kramdown_front_matter_ids_toc_and_footnotes() {
    for out in print_everywhere("kramdown.md") {
        let rows: Vec<&str> = out.lines().collect();
        // `...` closed the front matter; the `---` after it draws no second rule.
        let rules = rows.iter().filter(|r| r.starts_with("───")).count();
        assert_eq!(rules, 2, "header rule and footnote rule only:\n{out}");
        // The contents stand where `* toc` stood, without the `{:.no_toc}` heading.
        let toc = rows
            .iter()
            .position(|r| *r == "• Getting started")
            .expect(&out);
        assert!(rows[toc + 1].starts_with("• 日本語の"), "{out}");
        assert!(!rows[toc..toc + 3].iter().any(|r| r.contains("Not listed")));
        // Notes in order of first reference, after the text.
        let text = joined(&out);
        let first = text.find("^1 Install Ruby").expect(&out);
        let second = text.find("^2 Because").expect(&out);
        let third = text.find("^3 日本語の注").expect(&out);
        assert!(text.find("kramdown.^1").expect(&out) < first);
        assert!(first < second && second < third, "{out}");
        // A break after 。 joins before Latin text.
        assert!(out.contains("。Goは") && !text.contains("。 Go"), "{out}");
    }
}

#[test]
fn goldmark_ids_tasks_and_alerts() {
    for out in print_everywhere("goldmark.md") {
        let text = joined(&out);
        assert!(out.lines().any(|r| r.starts_with("## Native")), "{out}");
        for task in ["☐ write the draft", "☑ pick a title", "☐ nested step"] {
            assert!(text.contains(task), "{task} in {out}");
        }
        for label in ["Note", "Tip", "Important", "Warning", "Caution"] {
            assert!(
                out.lines().any(|r| r == format!("│ {label}")),
                "{label}: {out}"
            );
        }
        assert!(text.contains("^1 goldmark enables"), "{out}");
    }
}

#[test]
fn ruby_inline_tags_and_details() {
    for out in print_everywhere("html-inline.md") {
        // The run is never split: it sits whole on one row.
        for ruby in ["漢字《かんじ》", "明日《あした》"] {
            assert!(out.lines().any(|r| r.contains(ruby)), "{ruby}: {out}");
        }
        // `<rp>` fallbacks are not shown (the fixture has no other parentheses).
        assert!(!out.contains('('), "{out}");
        let text = joined(&out);
        assert!(text.contains("Ctrl+C"), "{out}");
        let summary = out.lines().position(|r| r == "Click for more").expect(&out);
        assert!(out.lines().skip(summary).any(|r| r.starts_with("The body")));
    }
}

/// Rows of code in printed output: indented by two, outside quotes and lists.
fn is_code_row(row: &str) -> bool {
    row.starts_with("  ") && !row.starts_with("   ")
}

#[test]
fn hugo_shortcodes_show_what_they_stand_for_and_never_their_tags() {
    let fixture = "tests/fixtures/hugo-site/content/posts/shortcodes.md";
    for out in print_path_everywhere(fixture) {
        for row in out.lines().filter(|r| !is_code_row(r)) {
            for syntax in ["{{<", "{{%", "{{/*", ">}}", "%}}"] {
                assert!(!row.contains(syntax), "{syntax} shows in {row:?}:\n{out}");
            }
        }
        let text = joined(&out);
        // `param` reads the front matter.
        assert!(
            text.contains("Written by Hana Mori, a tour of the"),
            "{out}"
        );
        assert!(text.contains("Hana Moriさんが書き"), "{out}");
        // and, for what the page lacks, the site's `[params]`, nested ones by dotted name.
        assert!(
            text.contains("The site says: Notes on trains; @trains@example.test"),
            "{out}"
        );
        // `figure`: its image alone in its paragraph (a picture in the reader), then the
        // caption and the figure's link.
        assert!(text.contains("[image: Platform three][1]"), "{out}");
        assert!(
            text.contains("Platform three at dawn, before the first train link[2]"),
            "{out}"
        );
        // `highlight` is a code block (its language above it) with the code as written.
        let rows: Vec<&str> = out.lines().collect();
        let go = rows.iter().position(|r| *r == "  go").expect(&out);
        assert!(rows[go + 1].starts_with("  func depart(at"), "{out}");
        // Boxes are headed by their title, kind or name.
        assert!(
            rows.contains(&"│ Mind the gap") && rows.contains(&"│ Callout"),
            "{out}"
        );
        assert!(rows.contains(&"│ • bring a ticket"), "{out}");
        // Embeds are links labelled with the service.
        for (label, url) in [
            ("YouTube: dQw4w9WgXcQ", "https://www.youtube.com/watch?v="),
            ("Vimeo: 146022717", "https://vimeo.com/146022717"),
            ("Gist: hana/7896402", "https://gist.github.com/hana/7896402"),
            ("X: 20", "https://x.com/i/status/20"),
            ("Instagram: BWNjjyYFxVx", "https://www.instagram.com/p/"),
        ] {
            assert!(text.contains(label), "{label}: {out}");
            assert!(text.replace(' ', "").contains(url), "{url}: {out}");
        }
        // `details` shows its summary, then its body; an unknown pair its inside.
        assert!(rows.contains(&"Fares in detail"), "{out}");
        assert!(text.contains("Children travel free on weekends."), "{out}");
        assert!(text.contains("A tab holds Markdown that stays."), "{out}");
        // Comments, and the site's shortcode whose template prints nothing, are hidden.
        for hidden in ["update the fares", "timetable changes", "retired shortcode"] {
            assert!(!text.contains(hidden), "{hidden}: {out}");
        }
        // An escaped call shows the call, in its code block.
        assert!(
            rows.iter()
                .any(|r| is_code_row(r) && r.contains("{{< figure src=")),
            "{out}"
        );
        assert!(text.contains("The last line."), "{out}");
    }
}

#[test]
fn kramdown_html_table_with_markdown_cells_prints_as_one_table() {
    for out in print_everywhere("kramdown-html.md") {
        let rows: Vec<&str> = out.lines().collect();
        // One table: one top border, one bottom border.
        assert_eq!(
            rows.iter().filter(|r| r.starts_with('┌')).count(),
            1,
            "{out}"
        );
        assert_eq!(
            rows.iter().filter(|r| r.starts_with('└')).count(),
            1,
            "{out}"
        );
        let text = joined(&out);
        for syntax in ["**", "`", "*[", "{::", "{.", "markdown=", "](", ": What"] {
            assert!(!text.contains(syntax), "{syntax} shows:\n{out}");
        }
        let compact = text.replace(['│', '├', '┤', '┼', '─', ' '], "");
        for shown in ["2.7.2", "Fixesgeminstallonmirrors[1]", "Firststablerelease"] {
            assert!(compact.contains(shown), "{shown}: {out}");
        }
        assert!(
            text.contains("A note that says jekyll serve and means it."),
            "{out}"
        );
        assert!(text.contains("specifying server: true in the"), "{out}");
        // Definition lists: the term on its row, the definition indented under it.
        let term = rows.iter().position(|r| *r == "Terms").expect(&out);
        assert!(
            rows[term + 1..].iter().any(|r| r.starts_with("  What a")),
            "{out}"
        );
        // Abbreviations stay as text, their definitions hidden; comments hidden.
        assert!(text.contains("maintained by the W3C.") && !text.contains("Consortium"));
        assert!(!text.contains("never sees"), "{out}");
        assert!(rows.iter().any(|r| r.starts_with("Shown through")), "{out}");
        assert!(
            text.contains("with attributes.") && text.contains("The end."),
            "{out}"
        );
    }
}

#[test]
fn the_config_s_ruby_style_writes_the_reading() {
    for (style, shown) in [
        ("brackets", "漢字《かんじ》を読む"),
        ("parentheses", "漢字(かんじ)を読む"),
        ("base", "漢字を読む"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            format!("ruby = \"{style}\"\n"),
        )
        .unwrap();
        let out = Command::cargo_bin("kiji")
            .unwrap()
            .env("KIJI_CONFIG_DIR", dir.path())
            .env("NO_COLOR", "1")
            .args(["--print", "--width", "60"])
            .arg("tests/fixtures/site-markdown/html-inline.md")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(shown), "{style}: {text}");
    }
}
