//! Code blocks in `kiji --print`: highlighted by role through the theme's SGR colours, plain
//! without colour, and long lines wrapped at token boundaries with nothing lost.

use assert_cmd::Command;
use kiji::layout::width::str_width;

const RUST: &str = "tests/fixtures/code/rust.md";
const HASKELL: &str = "tests/fixtures/code/haskell.md";
const LONG_LINES: &str = "tests/fixtures/code/long-lines.md";

fn kiji() -> Command {
    let mut cmd = Command::cargo_bin("kiji").expect("kiji binary");
    // An empty config directory: kiji's defaults, whatever the developer set.
    let no_config = std::env::temp_dir().join("kiji-print-code-no-config");
    std::fs::create_dir_all(&no_config).expect("temporary directory");
    cmd.env("KIJI_CONFIG_DIR", no_config).env_remove("NO_COLOR");
    cmd
}

fn print(cmd: &mut Command) -> String {
    let out = cmd.output().expect("kiji runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Each character of `out` with the SGR parameters in force where it was written (joined
/// by `;`, empty after a reset), escape sequences removed.
fn styled_chars(out: &str) -> Vec<(char, String)> {
    let mut chars = Vec::new();
    let mut state = String::new();
    let mut rest = out;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("\x1b[") {
            let end = after
                .find(|c: char| c.is_ascii_alphabetic())
                .expect("CSI end");
            let (params, command) = (&after[..end], &after[end..=end]);
            assert_eq!(command, "m", "only SGR in --print output");
            if params.is_empty() || params == "0" {
                state.clear();
            } else {
                if !state.is_empty() {
                    state.push(';');
                }
                state.push_str(params);
            }
            rest = &after[end + 1..];
            continue;
        }
        chars.push((c, state.clone()));
        rest = &rest[c.len_utf8()..];
    }
    chars
}

/// The SGR parameters of the first occurrence of `needle`, which must be one style throughout.
fn style_of(chars: &[(char, String)], needle: &str) -> String {
    let text: Vec<char> = chars.iter().map(|(c, _)| *c).collect();
    let needle: Vec<char> = needle.chars().collect();
    let at = text
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
        .unwrap_or_else(|| panic!("{needle:?} not in the output"));
    let style = &chars[at].1;
    for (c, s) in &chars[at..at + needle.len()] {
        assert_eq!(s, style, "{c:?} in {needle:?}");
    }
    style.clone()
}

/// The foreground colour in SGR parameters: `38;5;N`, `38;2;R;G;B`, or 30–37/90–97.
fn foreground(params: &str) -> Option<String> {
    let parts: Vec<&str> = params.split(';').collect();
    let mut fg = None;
    let mut i = 0;
    while i < parts.len() {
        match parts[i] {
            "38" if parts.get(i + 1) == Some(&"5") => {
                fg = parts.get(i + 2).map(|n| format!("5;{n}"));
                i += 3;
            }
            "38" if parts.get(i + 1) == Some(&"2") => {
                fg = Some(parts[i + 2..(i + 5).min(parts.len())].join(";"));
                i += 5;
            }
            p if matches!(p.parse::<u8>(), Ok(30..=37 | 90..=97)) => {
                fg = Some(p.to_string());
                i += 1;
            }
            _ => i += 1,
        }
    }
    fg
}

fn assert_distinct_colours(file: &str, needles: [&str; 4]) {
    let out = print(kiji().args(["--print", "--color", "always", "--width", "80", file]));
    let chars = styled_chars(&out);
    let colours: Vec<String> = needles
        .iter()
        .map(|needle| {
            foreground(&style_of(&chars, needle)).unwrap_or_else(|| panic!("{needle:?}: no colour"))
        })
        .collect();
    for i in 0..colours.len() {
        for j in i + 1..colours.len() {
            assert_ne!(
                colours[i], colours[j],
                "{file}: {:?} and {:?}",
                needles[i], needles[j]
            );
        }
    }
}

// Keyword, string, comment, and plain code.
#[test]
fn rust_keywords_strings_and_comments_have_different_colours() {
    assert_distinct_colours(
        RUST,
        [
            "if",
            "\"that is a long text",
            "// Count the words",
            " words ",
        ],
    );
}

#[test]
fn haskell_keywords_strings_and_comments_have_different_colours() {
    assert_distinct_colours(
        HASKELL,
        ["import", "\"total: \"", "-- | Sum a list", " xs "],
    );
}

#[test]
fn no_color_prints_code_without_any_escape_sequence() {
    for file in [RUST, HASKELL] {
        let out = print(
            kiji()
                .env("NO_COLOR", "1")
                .args(["--print", "--width", "80", file]),
        );
        assert!(!out.contains('\x1b'), "{out}");
        let never = print(kiji().args(["--print", "--color", "never", "--width", "80", file]));
        assert!(!never.contains('\x1b'), "{never}");
        assert!(out.contains("fn main() {") || out.contains("main = do"));
    }
}

#[test]
fn the_language_is_named_on_the_first_row_of_the_block() {
    let out = print(kiji().args(["--print", "--width", "80", HASKELL]));
    let lines: Vec<&str> = out.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("-- | Sum a list"))
        .expect("the code");
    assert_eq!(lines[first - 1].trim(), "haskell");
}

/// The code lines of a fixture, as written in its fence.
fn fenced_code(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut inside = false;
    let mut code = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") || line.starts_with("~~~") {
            inside = !inside;
        } else if inside {
            code.push(line.to_string());
        }
    }
    code
}

#[test]
fn long_code_lines_lose_nothing_and_fit_at_every_width() {
    for file in [LONG_LINES, RUST, HASKELL] {
        let code: String = fenced_code(file)
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for width in [20, 40, 80] {
            let out = print(kiji().args(["--print", "--width", &width.to_string(), file]));
            for line in out.lines() {
                assert!(str_width(line, false) <= width, "{width}: {line:?}");
            }
            // Continuation marks are kiji's, not the code's: drop them, then every
            // non-space character of the code must appear in the rows, in order.
            let shown: String = out
                .lines()
                .map(|l| l.trim_start().strip_prefix('↪').unwrap_or(l))
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let mut rest = shown.as_str();
            for c in code.chars() {
                let at = rest
                    .find(c)
                    .unwrap_or_else(|| panic!("{file} at {width}: {c:?} lost or out of order"));
                rest = &rest[at + c.len_utf8()..];
            }
        }
    }
}

#[test]
fn a_continuation_row_keeps_the_line_s_indentation_and_breaks_between_tokens() {
    let out = print(kiji().args(["--print", "--width", "40", LONG_LINES]));
    let lines: Vec<&str> = out.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.trim_start().starts_with("deeply_nested_call("))
        .expect("the nested call");
    let indent = |l: &str| l.len() - l.trim_start().len();
    assert_eq!(lines[i + 1].trim_start().chars().next(), Some('↪'));
    assert_eq!(
        indent(lines[i + 1]),
        indent(lines[i]),
        "{:?}",
        &lines[i..i + 2]
    );
    // Every argument name stays whole on its row.
    for name in [
        "first_argument_name",
        "second_argument_name",
        "third_argument_name",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(name)),
            "{name} was cut: {out}"
        );
    }
}

/// The language named after the block (kramdown), by an HTML `<pre>`/`<code>` class or
/// `data-lang`, by Hugo's `highlight` shortcode, and by the front matter's `default_lang`: each block is highlighted, and its
/// language is on its first row.
#[test]
fn languages_named_outside_the_fence_are_highlighted() {
    let file = "tests/fixtures/code/languages.md";
    for (language, code, string, comment) in [
        ("ruby", "puts", "\"fenced ruby\"", "# a ruby comment"),
        ("python", "def", "\"indented string\"", "# python comment"),
        ("go", "func", "\"go string\"", "// go comment"),
        (
            "haskell",
            "dataLang",
            "\"haskell string\"",
            "-- haskell comment",
        ),
        ("java", "String", "\"java string\"", "// java comment"),
    ] {
        let out = print(kiji().args(["--print", "--color", "never", "--width", "80", file]));
        assert!(
            out.lines().any(|l| l.trim() == language),
            "{language} on the block's first row:\n{out}"
        );
        let out = print(kiji().args(["--print", "--color", "always", "--width", "80", file]));
        let chars = styled_chars(&out);
        let string = foreground(&style_of(&chars, string));
        let comment = foreground(&style_of(&chars, comment));
        assert!(string.is_some() && comment.is_some(), "{code}");
        assert_ne!(string, comment, "{language}: string and comment");
    }
    let plain = print(kiji().args(["--print", "--color", "never", "--width", "80", file]));
    assert!(
        !plain.contains("{:"),
        "the attribute lists are not shown:\n{plain}"
    );
}

#[test]
fn default_lang_in_the_front_matter_highlights_code_that_names_none() {
    let file = "tests/fixtures/code/default-lang.md";
    let out = print(kiji().args(["--print", "--color", "always", "--width", "80", file]));
    let chars = styled_chars(&out);
    for (string, comment) in [
        ("\"ruby string\"", "# ruby comment"),
        ("\"also ruby\"", "# still ruby"),
    ] {
        let string = foreground(&style_of(&chars, string));
        let comment = foreground(&style_of(&chars, comment));
        assert!(string.is_some() && comment.is_some());
        assert_ne!(string, comment);
    }
}
