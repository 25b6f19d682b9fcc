//! [`Config`] → the text of a `config.toml` that says what every setting does: the output of
//! `kiji --print-config`, ready to save as a starting file. It parses back to the same
//! configuration.

use std::fmt::Write;

use super::colour::COLOUR_SYNTAX;
use super::keys::KEY_SYNTAX;
use super::{AmbiguousWidth, CONFIG_DIR_ENV, CONFIG_FILE, Config, Palette, Schema};

/// The configuration as a commented TOML file.
pub fn to_toml(config: &Config, schema: &Schema) -> String {
    let mut out = String::new();
    let palette = match config.theme.palette {
        Palette::Dark => "dark",
        Palette::Light => "light",
    };
    let ambiguous = match config.ambiguous_width {
        AmbiguousWidth::Narrow => "narrow",
        AmbiguousWidth::Wide => "wide",
    };
    let default_path = match &config.default_path {
        Some(path) => format!("default_path = {}", string(&path.to_string_lossy())),
        None => "# default_path = \"~/blog/_posts\"".to_owned(),
    };
    let opener = if config.opener.is_empty() {
        "# opener = [\"firefox\", \"--new-tab\"]".to_owned()
    } else {
        let words: Vec<String> = config.opener.iter().map(|w| string(w)).collect();
        format!("opener = [{}]", words.join(", "))
    };
    let _ = write!(
        out,
        "\
# kiji configuration. Save it as {CONFIG_FILE} in kiji's config directory (~/.config/kiji on
# Linux; ${CONFIG_DIR_ENV} overrides it) or pass it with --config FILE. Every setting is
# optional; these are the values in effect.

# The palette to start from: \"dark\" or \"light\". NO_COLOR in the environment turns colour off.
theme = {theme}

# East Asian ambiguous-width characters (○, ①, Greek, Cyrillic…): \"narrow\" (one cell) or
# \"wide\" (two cells, for terminals set to show them that way).
ambiguous_width = {ambiguous}

# The order of the post list at start: \"date\" (newest first), \"title\" or \"reading-time\".
default_sort = {sort}

# The folder to open when kiji is run without a path. ~ is your home directory; a relative
# path is relative to this file's folder.
{default_path}

# From this many columns on, the list and the reader are shown side by side.
two_pane_min_width = {two_pane}

# Fold passages that repeat earlier ones in the same post into one row (z unfolds them,
# Enter on the fold jumps to where they first appeared); reading times then count them once.
fold_repeats = {fold_repeats}

# Wrap code lines wider than the reader (the continuation rows start at the line's own
# indentation with a mark). false: each code line stays one row, and < and > scroll code
# sideways; w switches between the two while reading. --print always wraps.
wrap_code = {wrap_code}

# The program that opens web and mail links (f, ] and Enter), with its first arguments; the
# link's address is added as the last argument. Nothing runs through a shell. Unset: $BROWSER,
# else the system's opener (xdg-open, open, start).
{opener}

# The largest post read whole, in MB (1 MB = 1,048,576 bytes), from 1 to 4096. A larger one
# is skipped when kiji reads a folder, and shown cut to this size, with a note, when it is
# opened on its own.
max_post_size_mb = {max_post_size_mb}

# Pictures in posts (an image alone in its paragraph, stored next to the post or on the
# site): \"auto\" draws them with the terminal's graphics protocol (kitty, iTerm2, Sixel) or
# with half-blocks where it has none, \"halfblocks\" always with half-blocks, \"off\" shows
# their alt text only. Images on the web are never fetched.
images = {images}

# The most rows a picture takes, from 1 to 500; it is scaled to fit, keeping its shape.
image_max_rows = {image_max_rows}

# How a ruby reading (<ruby>漢字<rt>かんじ</rt></ruby>) is written after its base:
# \"brackets\" 漢字《かんじ》, \"parentheses\" 漢字(かんじ), \"base\" 漢字 alone.
ruby = {ruby}

[reading]
# Reading speeds behind the minutes shown for each post.
cjk_chars_per_minute = {cjk}
words_per_minute = {words}

[colors]
# Colours for parts of the screen, over the theme's. A colour is {COLOUR_SYNTAX}.
# The parts: {roles}.
# For example: heading-1 = \"#d787ff\"
",
        theme = string(palette),
        ambiguous = string(ambiguous),
        sort = string(config.default_sort.name()),
        two_pane = config.two_pane_min_width,
        fold_repeats = config.fold_repeats,
        wrap_code = config.wrap_code,
        opener = opener,
        max_post_size_mb = config.max_post_size_mb,
        images = string(config.images.name()),
        image_max_rows = config.image_max_rows,
        ruby = string(config.ruby.name()),
        cjk = config.reading.cjk_chars_per_minute,
        words = config.reading.words_per_minute,
        roles = schema.roles.join(", "),
    );
    for (role, colour) in &config.theme.colors {
        let _ = writeln!(out, "{} = {}", key(role), string(&colour.to_string()));
    }
    let _ = write!(
        out,
        "\n[keys]\n# Each action takes a list of keys. A key is {KEY_SYNTAX}.\n\
         # [] leaves an action without a key.\n"
    );
    let lines: Vec<(String, &str)> = config
        .keys
        .iter()
        .map(|(action, chords)| {
            let keys: Vec<String> = chords.iter().map(|c| string(&c.to_string())).collect();
            let about = schema
                .actions
                .iter()
                .find(|a| a.name == action)
                .map_or("", |a| a.about);
            (format!("{} = [{}]", key(action), keys.join(", ")), about)
        })
        .collect();
    let width = lines
        .iter()
        .map(|(line, _)| line.chars().count())
        .max()
        .unwrap_or(0);
    for (line, about) in lines {
        if about.is_empty() {
            let _ = writeln!(out, "{line}");
        } else {
            let _ = writeln!(out, "{line:width$}  # {about}");
        }
    }
    wrap_comments(&out)
}

/// A one-line TOML basic string. Never a multi-line one: a value's own lines must not reach
/// `wrap_comments`, which would take a line starting with `# ` for a comment and fold it.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() && u32::from(c) < 0x80 => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, quoted otherwise.
fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { name.to_owned() } else { string(name) }
}

/// Folds comment lines longer than 96 characters at spaces, so the file reads well in any
/// editor.
fn wrap_comments(text: &str) -> String {
    const WIDTH: usize = 96;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let Some(comment) = line.strip_prefix("# ") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let mut current = String::from("#");
        for word in comment.split(' ') {
            if current.len() > 1 && current.chars().count() + 1 + word.chars().count() > WIDTH {
                out.push_str(&current);
                out.push('\n');
                current = String::from("#");
            }
            current.push(' ');
            current.push_str(word);
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_print_on_one_line_and_read_back_the_same() {
        for text in [
            "plain",
            "# Each\n# line\r\nends",
            "quote \" and \\ back\tslash",
            "\u{0}\u{1b}[31m\u{7f}",
            "漢字 ○ ①",
            "\"\"\"",
        ] {
            let printed = string(text);
            assert!(
                !printed.contains('\n') && !printed.contains('\r'),
                "{printed}"
            );
            let value: toml::Value = toml::from_str(&format!("v = {printed}")).unwrap();
            assert_eq!(value["v"].as_str(), Some(text), "{printed}");
        }
    }

    #[test]
    fn a_value_with_comment_like_lines_is_not_folded() {
        const SCHEMA: Schema = Schema {
            actions: &[crate::config::ActionSpec {
                name: "quit",
                keys: &["q"],
                about: "quit kiji",
            }],
            roles: &["link"],
        };
        let long = format!("# Each {}", "P".repeat(120));
        let mut config = Config::defaults(&SCHEMA);
        config.default_path = Some(format!("/a\n{long}\n# b").into());
        config.opener = vec![long.clone(), "x\r\ny".to_owned()];
        let printed = to_toml(&config, &SCHEMA);
        let file = std::path::Path::new("config.toml");
        let again = crate::config::parse(&printed, file, &SCHEMA).unwrap();
        assert_eq!(again.config, config, "{printed}");
    }
}
