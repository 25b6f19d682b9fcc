//! The user's settings: where `config.toml` lives, what it may say, and what kiji uses when
//! it says nothing. Plain data; no terminal types. The interface passes in what it knows
//! (its action names with their default keys, and the theme's role names) as a [`Schema`],
//! and gets back a [`Config`] or an error that names the file, the line and the key.
//!
//! - [`keys`]: key spellings and the key → action table.
//! - [`colour`]: colour spellings.
//! - [`parse`]: `config.toml` → [`Config`], with errors and warnings.
//! - [`print`]: [`Config`] → a commented `config.toml` (`kiji --print-config`).

pub mod colour;
pub mod keys;
pub mod parse;
pub mod print;

use crate::layout::RubyStyle;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::{ReadingRates, SortKey};

pub use colour::Colour;
pub use keys::{Key, KeyBindings, KeyChord};
pub use parse::parse;
pub use print::to_toml;

/// The environment variable naming the config directory, over the platform's default.
pub const CONFIG_DIR_ENV: &str = "KIJI_CONFIG_DIR";
/// The config file's name inside the config directory.
pub const CONFIG_FILE: &str = "config.toml";

/// Columns from which the list and the reader are shown side by side, unless configured.
pub const DEFAULT_TWO_PANE_MIN_WIDTH: u16 = 90;

/// The unit of `max_post_size_mb`: a mebibyte, as the loader counts.
pub const BYTES_PER_MB: u64 = 1024 * 1024;
/// The size limit for a post when the config sets none, in MB.
pub const DEFAULT_MAX_POST_SIZE_MB: u64 = crate::loader::DEFAULT_MAX_POST_BYTES / BYTES_PER_MB;

/// An action the interface offers, with the keys it has when the config says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionSpec {
    /// The name a config file uses (`"half-page-down"`).
    pub name: &'static str,
    /// Default keys, spelled as in a config file.
    pub keys: &'static [&'static str],
    /// What it does, in a few words (for the help overlay and the printed configuration).
    pub about: &'static str,
}

impl ActionSpec {
    pub const fn new(
        name: &'static str,
        keys: &'static [&'static str],
        about: &'static str,
    ) -> ActionSpec {
        ActionSpec { name, keys, about }
    }
}

/// What the caller knows that the config module does not: which actions and theme roles
/// exist.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    pub actions: &'static [ActionSpec],
    /// Names of the theme's roles that may be given a colour (`"heading-1"`, `"link"`).
    pub roles: &'static [&'static str],
}

impl Schema {
    /// The default bindings. Panics when a default key is misspelled: that is a bug in the
    /// caller's table, which its own tests catch, never something a user can cause.
    pub fn default_bindings(&self) -> KeyBindings {
        KeyBindings::new(
            self.actions
                .iter()
                .map(|action| {
                    let chords = action
                        .keys
                        .iter()
                        .map(|spelling| {
                            spelling.parse().unwrap_or_else(|err| {
                                panic!("default key of action {:?}: {err}", action.name)
                            })
                        })
                        .collect();
                    (action.name.to_owned(), chords)
                })
                .collect(),
        )
    }
}

/// The palette the theme starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    #[default]
    Dark,
    Light,
}

/// What the render layer needs to build its theme (it also honours `NO_COLOR`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemeConfig {
    pub palette: Palette,
    /// Foreground colours per role name, over the palette's.
    pub colors: BTreeMap<String, Colour>,
}

/// How to measure East Asian ambiguous-width characters (○, ①, Greek, Cyrillic…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmbiguousWidth {
    /// One cell, as most terminals outside East Asian locales show them.
    #[default]
    Narrow,
    /// Two cells, as CJK terminals configured for it show them.
    Wide,
}

impl AmbiguousWidth {
    pub fn is_wide(self) -> bool {
        self == AmbiguousWidth::Wide
    }
}

/// How the reader draws a post's pictures (`images`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageMode {
    /// The terminal's graphics protocol (kitty, iTerm2, Sixel) when it has one, else
    /// half-blocks.
    #[default]
    Auto,
    /// Alt text only.
    Off,
    /// Half-blocks (▀ in two colours), whatever the terminal can do.
    Halfblocks,
}

impl ImageMode {
    pub const NAMES: [(&'static str, ImageMode); 3] = [
        ("auto", ImageMode::Auto),
        ("off", ImageMode::Off),
        ("halfblocks", ImageMode::Halfblocks),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, mode)| *mode == self)
            .map_or("auto", |(name, _)| name)
    }
}

/// The most rows a picture takes when the config says nothing.
pub const DEFAULT_IMAGE_MAX_ROWS: u16 = 20;

/// Everything the user can set, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub theme: ThemeConfig,
    pub reading: ReadingRates,
    pub ambiguous_width: AmbiguousWidth,
    pub default_sort: SortKey,
    /// The folder to open when kiji is given no path.
    pub default_path: Option<PathBuf>,
    /// Terminals at least this wide show the list and the reader side by side.
    pub two_pane_min_width: u16,
    /// The reader folds passages that repeat earlier ones into one row each.
    pub fold_repeats: bool,
    /// The reader wraps long code lines; when false they scroll sideways (`w` toggles).
    pub wrap_code: bool,
    /// The program (and its first arguments) that opens web and mail links; the link's
    /// address is its last argument. Empty: `$BROWSER`, else the system's opener.
    pub opener: Vec<String>,
    /// Larger posts are skipped in a folder and cut when opened on their own (MB).
    pub max_post_size_mb: u64,
    /// How pictures are drawn.
    pub images: ImageMode,
    /// The most rows a picture takes.
    pub image_max_rows: u16,
    /// How `<ruby>` readings are written after their base.
    pub ruby: RubyStyle,
    pub keys: KeyBindings,
}

impl Config {
    /// The size limit for a post, in bytes.
    pub fn max_post_bytes(&self) -> u64 {
        self.max_post_size_mb.saturating_mul(BYTES_PER_MB)
    }
}

impl Config {
    /// The configuration of a user who wrote no config file.
    pub fn defaults(schema: &Schema) -> Config {
        Config {
            theme: ThemeConfig::default(),
            reading: ReadingRates::default(),
            ambiguous_width: AmbiguousWidth::default(),
            default_sort: SortKey::default(),
            default_path: None,
            two_pane_min_width: DEFAULT_TWO_PANE_MIN_WIDTH,
            fold_repeats: true,
            wrap_code: true,
            opener: Vec::new(),
            max_post_size_mb: DEFAULT_MAX_POST_SIZE_MB,
            images: ImageMode::default(),
            image_max_rows: DEFAULT_IMAGE_MAX_ROWS,
            ruby: RubyStyle::default(),
            keys: schema.default_bindings(),
        }
    }
}

/// Something wrong (or, as a warning, suspicious) at a place in a config file. Shown, the
/// file's path is exact and escaped ([`crate::text::sanitize::path`]); the message may quote
/// the file's values as written, so whoever prints it sanitises it (`crate::report`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDiagnostic {
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The dotted key it concerns (`keys.down`), when there is one.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::text::sanitize::path(&self.file);
        write!(f, "{file}:{}:{}: ", self.line, self.column)?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A config file kiji cannot use; kiji exits (status 2) rather than guess.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: {source}", crate::text::sanitize::path(file))]
    Read { file: PathBuf, source: io::Error },
    /// One line per problem, in file order.
    #[error("{}", display_lines(.0))]
    Invalid(Vec<ConfigDiagnostic>),
}

fn display_lines(problems: &[ConfigDiagnostic]) -> String {
    problems
        .iter()
        .map(ConfigDiagnostic::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A configuration and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// The file read, or `None` when there was none and defaults apply.
    pub file: Option<PathBuf>,
    /// Settings kiji does not know, which it ignored.
    pub warnings: Vec<ConfigDiagnostic>,
}

/// Where kiji looks for its config file: `$KIJI_CONFIG_DIR/config.toml` when that variable is
/// set and not empty, else `config.toml` in the platform's config directory for kiji
/// (`~/.config/kiji` on Linux). `None` when the platform has no home directory.
pub fn default_file() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join(CONFIG_FILE)),
        _ => directories::ProjectDirs::from("", "", "kiji")
            .map(|dirs| dirs.config_dir().join(CONFIG_FILE)),
    }
}

/// Loads the configuration: from `explicit` (`--config FILE`), which must exist, else from
/// [`default_file`] when it exists, else the defaults.
pub fn load(explicit: Option<&Path>, schema: &Schema) -> Result<Loaded, ConfigError> {
    let (file, required) = match explicit {
        Some(file) => (Some(file.to_path_buf()), true),
        None => (default_file(), false),
    };
    let Some(file) = file else {
        return Ok(defaults_loaded(schema));
    };
    match read_bounded(&file) {
        Ok(text) => parse(&text, &file, schema),
        Err(err) if err.kind() == io::ErrorKind::NotFound && !required => {
            Ok(defaults_loaded(schema))
        }
        Err(source) => Err(ConfigError::Read { file, source }),
    }
}

/// A config file is a few hundred bytes; one of over a megabyte is not one.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads a config file, refusing what is not a regular file (`--config /dev/zero` never
/// ends, a pipe waits for a writer) and reading at most [`MAX_CONFIG_BYTES`] and one byte.
fn read_bounded(file: &Path) -> io::Result<String> {
    use std::io::Read;
    let invalid = |message: &str| io::Error::new(io::ErrorKind::InvalidData, message);
    if !std::fs::metadata(file)?.is_file() {
        return Err(invalid("not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(invalid("larger than 1 MB, too large for a config file"));
    }
    String::from_utf8(bytes).map_err(|_| invalid("stream did not contain valid UTF-8"))
}

fn defaults_loaded(schema: &Schema) -> Loaded {
    Loaded {
        config: Config::defaults(schema),
        file: None,
        warnings: Vec::new(),
    }
}
