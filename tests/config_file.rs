//! The config file through the public API: what it may say, what it means, how every
//! mistake is reported (file, line, key), and `--print-config`'s text reading back the same.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kiji::config::{
    ActionSpec, AmbiguousWidth, Colour, Config, ConfigDiagnostic, ConfigError, ImageMode, Key,
    KeyBindings, KeyChord, Loaded, Palette, Schema, load, parse, to_toml,
};
use kiji::model::SortKey;
use proptest::prelude::*;

/// The reader's actions and default keys, as agreed for the interface.
const SCHEMA: Schema = Schema {
    actions: &[
        ActionSpec::new("quit", &["q"], "quit"),
        ActionSpec::new("down", &["j", "down"], "down"),
        ActionSpec::new("up", &["k", "up"], "up"),
        ActionSpec::new("top", &["g", "home"], "top"),
        ActionSpec::new("bottom", &["G", "end"], "bottom"),
        ActionSpec::new("half-page-down", &["ctrl-d"], ""),
        ActionSpec::new("half-page-up", &["ctrl-u"], ""),
        ActionSpec::new("page-down", &["space", "pgdn"], ""),
        ActionSpec::new("page-up", &["b", "pgup"], ""),
        ActionSpec::new("switch-focus", &["tab"], ""),
        ActionSpec::new("open", &["enter", "l"], ""),
        ActionSpec::new("back", &["esc", "h"], ""),
        ActionSpec::new("tag-picker", &["t"], ""),
        ActionSpec::new("clear-tags", &["T"], ""),
        ActionSpec::new("search", &["/"], ""),
        ActionSpec::new("next-match", &["n"], ""),
        ActionSpec::new("prev-match", &["N"], ""),
        ActionSpec::new("cycle-sort", &["s"], ""),
        ActionSpec::new("outline", &["o"], ""),
        ActionSpec::new("help", &["?"], ""),
        ActionSpec::new("diagnostics", &["!"], ""),
        ActionSpec::new("toggle-read", &["u"], ""),
        ActionSpec::new("unread-only", &["U"], ""),
        ActionSpec::new("star", &["m"], ""),
        ActionSpec::new("starred-only", &["M"], ""),
    ],
    roles: &[
        "title",
        "body",
        "heading-1",
        "heading-2",
        "link",
        "inline-code",
    ],
};

fn file() -> PathBuf {
    PathBuf::from("/home/me/.config/kiji/config.toml")
}

fn parsed(text: &str) -> Loaded {
    match parse(text, &file(), &SCHEMA) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{err}"),
    }
}

fn problems(text: &str) -> Vec<ConfigDiagnostic> {
    match parse(text, &file(), &SCHEMA) {
        Err(ConfigError::Invalid(problems)) => problems,
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("accepted: {text}"),
    }
}

fn only_problem(text: &str) -> ConfigDiagnostic {
    let mut all = problems(text);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

fn chord(spelling: &str) -> KeyChord {
    spelling.parse().unwrap()
}

#[test]
fn an_empty_file_means_the_defaults() {
    let loaded = parsed("");
    assert_eq!(loaded.config, Config::defaults(&SCHEMA));
    assert!(loaded.warnings.is_empty());
    assert_eq!(
        loaded.config.keys.action_for(&chord("ctrl-d")),
        Some("half-page-down")
    );
    assert_eq!(
        loaded.config.keys.action_for(&chord("space")),
        Some("page-down")
    );
    assert_eq!(loaded.config.two_pane_min_width, 90);
}

#[test]
fn every_setting_is_read() {
    let config = parsed(
        r##"
theme = "light"
ambiguous_width = "wide"
default_sort = "reading-time"
default_path = "/srv/blog/_posts"
two_pane_min_width = 120

[reading]
cjk_chars_per_minute = 400
words_per_minute = 200

[colors]
heading-1 = "#ff8000"
link = 33
body = "default"

[keys]
quit = ["q", "ctrl-c"]
search = "f"
"##,
    )
    .config;
    assert_eq!(config.theme.palette, Palette::Light);
    assert_eq!(config.ambiguous_width, AmbiguousWidth::Wide);
    assert_eq!(config.default_sort, SortKey::ReadingTime);
    assert_eq!(config.default_path, Some(PathBuf::from("/srv/blog/_posts")));
    assert_eq!(config.two_pane_min_width, 120);
    assert_eq!(config.reading.cjk_chars_per_minute, 400);
    assert_eq!(config.reading.words_per_minute, 200);
    let colors: BTreeMap<String, Colour> = [
        ("heading-1".to_owned(), Colour::Rgb(255, 128, 0)),
        ("link".to_owned(), Colour::Indexed(33)),
        ("body".to_owned(), Colour::Default),
    ]
    .into();
    assert_eq!(config.theme.colors, colors);
    assert_eq!(config.keys.keys_for("quit"), [chord("q"), chord("ctrl-c")]);
    assert_eq!(config.keys.action_for(&chord("f")), Some("search"));
    assert_eq!(
        config.keys.action_for(&chord("/")),
        None,
        "rebinding replaces"
    );
}

#[test]
fn a_key_given_to_another_action_leaves_its_default_one() {
    let keys = parsed("[keys]\ndown = [\"j\", \"k\"]\n").config.keys;
    assert_eq!(keys.action_for(&chord("k")), Some("down"));
    assert_eq!(keys.keys_for("up"), [chord("up")]);
    let order: Vec<&str> = keys.iter().map(|(name, _)| name).collect();
    let declared: Vec<&str> = SCHEMA.actions.iter().map(|a| a.name).collect();
    assert_eq!(order, declared);
}

#[test]
fn an_empty_list_unbinds_an_action() {
    let keys = parsed("[keys]\nhelp = []\n").config.keys;
    assert!(keys.keys_for("help").is_empty());
    assert_eq!(keys.action_for(&chord("?")), None);
}

#[test]
fn a_path_with_a_tilde_or_relative_to_the_config_file_is_resolved() {
    let config = parsed("default_path = \"posts\"\n").config;
    assert_eq!(
        config.default_path,
        Some(PathBuf::from("/home/me/.config/kiji/posts"))
    );
    let config = parsed("default_path = \"~/blog\"\n").config;
    let home = directories::BaseDirs::new()
        .unwrap()
        .home_dir()
        .to_path_buf();
    assert_eq!(config.default_path, Some(home.join("blog")));
}

#[test]
fn a_wrong_type_names_file_line_and_key() {
    let problem = only_problem("# comment\n\ntheme = 3\n");
    assert_eq!(
        problem.to_string(),
        "/home/me/.config/kiji/config.toml:3:9: theme: expected a string, found integer"
    );
    let problem = only_problem("[reading]\nwords_per_minute = \"fast\"\n");
    assert_eq!((problem.line, problem.column), (2, 20));
    assert_eq!(problem.key.as_deref(), Some("reading.words_per_minute"));
    assert!(problem.message.contains("whole number from 1 to 100000"));
    let problem = only_problem("[keys]\ndown = 5\n");
    assert_eq!(problem.key.as_deref(), Some("keys.down"));
    assert!(problem.message.contains("list of keys"), "{problem}");
    let problem = only_problem("keys = \"j\"\n");
    assert!(problem.message.contains("a table ([keys])"), "{problem}");
}

#[test]
fn an_unknown_theme_names_the_choices() {
    let problem = only_problem("theme = \"solarized\"\n");
    assert_eq!(problem.line, 1);
    assert_eq!(problem.key.as_deref(), Some("theme"));
    assert_eq!(
        problem.message,
        "unknown theme \"solarized\"; expected \"dark\" or \"light\""
    );
    let problem = only_problem("default_sort = \"newest\"\n");
    assert!(
        problem
            .message
            .contains("\"date\", \"title\" or \"reading-time\"")
    );
}

#[test]
fn an_unknown_role_or_colour_is_an_error() {
    let problem = only_problem("[colors]\nheadng-1 = \"red\"\n");
    assert_eq!((problem.line, problem.column), (2, 1));
    assert_eq!(problem.key.as_deref(), Some("colors.headng-1"));
    assert!(
        problem.message.contains("did you mean \"heading-1\"?"),
        "{problem}"
    );
    let problem = only_problem("[colors]\nlink = \"purple\"\n");
    assert_eq!(problem.column, 8);
    assert!(
        problem.message.contains("\"purple\" is not a colour"),
        "{problem}"
    );
    let problem = only_problem("[colors]\nlink = 300\n");
    assert!(problem.message.contains("from 0 to 255"), "{problem}");
}

#[test]
fn an_unknown_action_is_a_warning_with_a_suggestion() {
    // Unknown settings warn (README); an unknown action is one of them.
    let loaded = parsed("[keys]\nqiut = [\"Q\"]\n");
    assert_eq!(loaded.config, Config::defaults(&SCHEMA), "ignored");
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    let problem = &loaded.warnings[0];
    assert_eq!(problem.line, 2);
    assert_eq!(problem.key.as_deref(), Some("keys.qiut"));
    assert!(problem.message.contains("unknown action \"qiut\", ignored"));
    assert!(
        problem.message.contains("did you mean \"quit\"?"),
        "{problem}"
    );
}

#[test]
fn a_misspelt_key_points_at_the_key() {
    let problem = only_problem("[keys]\ndown = [\"j\", \"pagedn\"]\n");
    assert_eq!((problem.line, problem.column), (2, 14));
    assert!(
        problem.message.starts_with("\"pagedn\" is not a key"),
        "{problem}"
    );
}

#[test]
fn a_key_bound_to_two_actions_names_both_lines() {
    let problem = only_problem("[keys]\ndown = [\"x\"]\n\nup = [\"k\", \"x\"]\n");
    assert_eq!((problem.line, problem.column), (4, 12));
    assert_eq!(problem.key.as_deref(), Some("keys.up"));
    assert_eq!(
        problem.message,
        "\"x\" is already bound to \"down\" on line 2; a key can trigger one action only"
    );
    // Spellings of one chord are one key.
    let problem = only_problem("[keys]\nhalf-page-down = [\"ctrl-D\"]\nquit = \"Ctrl-d\"\n");
    assert_eq!(problem.line, 3);
}

#[test]
fn every_error_is_reported_at_once_in_file_order() {
    let all = problems("theme = \"x\"\n[reading]\nwords_per_minute = 0\n[keys]\ndown = 5\n");
    let lines: Vec<usize> = all.iter().map(|p| p.line).collect();
    assert_eq!(lines, [1, 3, 5]);
    let shown = ConfigError::Invalid(all).to_string();
    assert_eq!(shown.lines().count(), 3);
}

#[test]
fn a_toml_syntax_error_has_its_line() {
    let problem = only_problem("theme = \"dark\"\n[keys\n");
    assert_eq!(problem.line, 2);
    assert_eq!(problem.key, None);
    assert!(
        problem
            .to_string()
            .starts_with("/home/me/.config/kiji/config.toml:2:")
    );
}

#[test]
fn unknown_settings_are_warnings_with_a_suggestion() {
    let loaded =
        parsed("colour_theme = 1\n[reading]\nwords_per_min = 100\n[colours]\nlink = \"red\"\n");
    assert_eq!(loaded.config, Config::defaults(&SCHEMA), "ignored");
    let shown: Vec<String> = loaded
        .warnings
        .iter()
        .map(ConfigDiagnostic::to_string)
        .collect();
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert_eq!(
        shown[0],
        "/home/me/.config/kiji/config.toml:1:1: colour_theme: unknown setting, ignored"
    );
    assert!(shown[1].contains(":3:1: reading.words_per_min: unknown setting, ignored; did you mean \"words_per_minute\"?"), "{}", shown[1]);
    assert!(
        shown[2].contains(":4:2: colours: unknown setting, ignored; did you mean \"colors\"?"),
        "{}",
        shown[2]
    );
}

#[test]
fn a_named_config_file_must_exist_but_the_default_one_need_not() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let err = load(Some(&missing), &SCHEMA).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }));
    assert!(err.to_string().contains("nope.toml"), "{err}");

    let named = dir.path().join("kiji.toml");
    std::fs::write(&named, "theme = \"light\"\n").unwrap();
    let loaded = load(Some(&named), &SCHEMA).unwrap();
    assert_eq!(loaded.file.as_deref(), Some(named.as_path()));
    assert_eq!(loaded.config.theme.palette, Palette::Light);
}

#[test]
fn printed_defaults_read_back_as_the_defaults() {
    let defaults = Config::defaults(&SCHEMA);
    let text = to_toml(&defaults, &SCHEMA);
    let loaded = parsed(&text);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.config, defaults);
    assert!(text.contains("half-page-down = [\"ctrl-d\"]"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

#[test]
fn printed_custom_settings_read_back_the_same() {
    let mut config = parsed(
        "theme = \"light\"\nambiguous_width = \"wide\"\ndefault_sort = \"title\"\n\
         default_path = '/blog/\"quoted\" \\ 記事'\ntwo_pane_min_width = 0\n\
         [colors]\nlink = 0\nheading-1 = \"#abcdef\"\n\
         [keys]\nquit = [\"ctrl-c\", \"alt-q\", \"f10\", \"-\", \"\\\"\", \"'\"]\nhelp = []\n",
    )
    .config;
    config.theme.colors.insert("body".into(), Colour::LightCyan);
    let text = to_toml(&config, &SCHEMA);
    assert_eq!(parsed(&text).config, config, "{text}");
    assert_eq!(
        to_toml(&parsed(&text).config, &SCHEMA),
        text,
        "printing is stable"
    );
}

fn any_chord() -> impl Strategy<Value = KeyChord> {
    let key = prop_oneof![
        any::<char>().prop_map(Key::Char),
        (1u8..=24).prop_map(Key::F),
        Just(Key::Enter),
        Just(Key::BackTab),
        Just(Key::PageDown),
    ];
    (key, any::<bool>(), any::<bool>()).prop_map(|(key, ctrl, alt)| KeyChord::new(key, ctrl, alt))
}

fn any_config() -> impl Strategy<Value = Config> {
    let actions = SCHEMA.actions.len();
    (
        any::<bool>(),
        any::<bool>(),
        0..3usize,
        1u32..=100_000,
        1u32..=100_000,
        any::<u16>(),
        proptest::collection::btree_map(
            proptest::sample::select(SCHEMA.roles),
            any::<u8>().prop_map(Colour::Indexed),
            0..4,
        ),
        proptest::collection::vec((0..actions, any_chord()), 0..30),
    )
        .prop_map(
            move |(light, wide, sort, cjk, words, panes, colors, bindings)| {
                let mut config = Config::defaults(&SCHEMA);
                config.theme.palette = if light { Palette::Light } else { Palette::Dark };
                config.theme.colors = colors.into_iter().map(|(r, c)| (r.to_owned(), c)).collect();
                config.ambiguous_width = if wide {
                    AmbiguousWidth::Wide
                } else {
                    AmbiguousWidth::Narrow
                };
                config.default_sort = [SortKey::Date, SortKey::Title, SortKey::ReadingTime][sort];
                config.reading.cjk_chars_per_minute = cjk;
                config.reading.words_per_minute = words;
                config.two_pane_min_width = panes;
                // Each chord to one action at most, as a valid file allows.
                let mut table: Vec<(String, Vec<KeyChord>)> = SCHEMA
                    .actions
                    .iter()
                    .map(|a| (a.name.to_owned(), Vec::new()))
                    .collect();
                let mut used = std::collections::HashSet::new();
                for (action, chord) in bindings {
                    if used.insert(chord) {
                        table[action].1.push(chord);
                    }
                }
                config.keys = KeyBindings::new(table);
                config
            },
        )
}

proptest! {
    #[test]
    fn any_printed_configuration_reads_back_the_same(config in any_config()) {
        let text = to_toml(&config, &SCHEMA);
        let loaded = parse(&text, Path::new("/c/config.toml"), &SCHEMA)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert!(loaded.warnings.is_empty());
        prop_assert_eq!(loaded.config, config);
    }
}

#[test]
fn images_and_their_most_rows_are_read_and_checked() {
    let defaults = parsed("").config;
    assert_eq!(defaults.images, ImageMode::Auto);
    assert_eq!(defaults.image_max_rows, 20);
    let config = parsed("images = \"halfblocks\"\nimage_max_rows = 8\n").config;
    assert_eq!(config.images, ImageMode::Halfblocks);
    assert_eq!(config.image_max_rows, 8);
    assert_eq!(parsed("images = \"OFF\"\n").config.images, ImageMode::Off);
    let problem = only_problem("images = \"sixel\"\n");
    assert_eq!(problem.key.as_deref(), Some("images"));
    assert_eq!(
        problem.message,
        "unknown image mode \"sixel\"; expected \"auto\", \"off\" or \"halfblocks\""
    );
    let problem = only_problem("image_max_rows = 0\n");
    assert_eq!(problem.key.as_deref(), Some("image_max_rows"));
    let warning = &parsed("image_max_row = 3\n").warnings[0];
    assert!(
        warning.message.contains("did you mean \"image_max_rows\"?"),
        "{}",
        warning.message
    );
}

#[test]
fn the_ruby_style_is_read_and_checked() {
    use kiji::layout::RubyStyle;
    assert_eq!(parsed("").config.ruby, RubyStyle::Brackets);
    assert_eq!(
        parsed("ruby = \"parentheses\"\n").config.ruby,
        RubyStyle::Parentheses
    );
    assert_eq!(parsed("ruby = \"base\"\n").config.ruby, RubyStyle::BaseOnly);
    let problem = only_problem("ruby = \"furigana\"\n");
    assert_eq!(problem.key.as_deref(), Some("ruby"));
    assert_eq!(
        problem.message,
        "unknown ruby style \"furigana\"; expected \"brackets\", \"parentheses\" or \"base\""
    );
    let mut config = parsed("").config;
    config.ruby = RubyStyle::BaseOnly;
    let text = to_toml(&config, &SCHEMA);
    assert_eq!(parsed(&text).config, config, "{text}");
}
