//! `config.toml` → [`Config`]: every value checked against what kiji accepts, every problem
//! placed at its file, line and key. Problems that would change what kiji does (a wrong
//! type, an unknown theme, role, colour or action, a key bound twice) are errors, all
//! reported at once; settings kiji does not know are warnings, so a config written for a
//! newer kiji still works.

use std::collections::HashMap;
use std::ops::{Range, RangeInclusive};
use std::path::{MAIN_SEPARATOR, Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::keys::KeyChord;
use super::{
    AmbiguousWidth, Colour, Config, ConfigDiagnostic, ConfigError, ImageMode, KeyBindings, Loaded,
    Palette,
};
use super::{Schema, colour::COLOUR_SYNTAX};
use crate::model::{ReadingRates, SortKey};

/// The top-level settings, for "did you mean" on unknown ones.
const SETTINGS: &[&str] = &[
    "theme",
    "ambiguous_width",
    "default_sort",
    "default_path",
    "two_pane_min_width",
    "fold_repeats",
    "wrap_code",
    "opener",
    "max_post_size_mb",
    "images",
    "image_max_rows",
    "ruby",
    "reading",
    "colors",
    "keys",
];
const READING_SETTINGS: &[&str] = &["cjk_chars_per_minute", "words_per_minute"];
const RATE_RANGE: RangeInclusive<u64> = 1..=100_000;
/// A picture takes at least a row, and at most a tall terminal's screen.
const IMAGE_MAX_ROWS_RANGE: RangeInclusive<u64> = 1..=500;
/// From 1 MB to 4 GB: a post is read whole into memory, so the limit stays a bound.
const MAX_POST_SIZE_MB_RANGE: RangeInclusive<u64> = 1..=4096;

type Value<'i> = Spanned<DeValue<'i>>;

/// Parses the text of the config file `file`.
///
/// ```
/// use std::path::Path;
/// use kiji::config::{parse, ActionSpec, Schema};
/// const SCHEMA: Schema = Schema {
///     actions: &[ActionSpec { name: "quit", keys: &["q"], about: "quit kiji" }],
///     roles: &["link"],
/// };
/// let err = parse("[keys]\nquit = [\"ctrl-\"]\n", Path::new("config.toml"), &SCHEMA).unwrap_err();
/// assert!(err.to_string().starts_with("config.toml:2:9: keys.quit: \"ctrl-\" is not a key"));
/// ```
pub fn parse(text: &str, file: &Path, schema: &Schema) -> Result<Loaded, ConfigError> {
    let mut checker = Checker {
        text,
        file,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(err) => {
            let at = err.span().map_or(0, |span| span.start);
            checker.error(at..at, None, err.message().trim().replace('\n', "; "));
            return Err(ConfigError::Invalid(checker.errors));
        }
    };
    let mut config = Config::defaults(schema);
    for (key, value) in in_file_order(root.get_ref()) {
        let name: &str = key.get_ref();
        match name {
            "theme" => {
                let palettes = [("dark", Palette::Dark), ("light", Palette::Light)];
                if let Some(palette) = checker.choice(value, name, "theme", &palettes) {
                    config.theme.palette = palette;
                }
            }
            "ambiguous_width" => {
                let widths = [
                    ("narrow", AmbiguousWidth::Narrow),
                    ("wide", AmbiguousWidth::Wide),
                ];
                if let Some(width) = checker.choice(value, name, "width", &widths) {
                    config.ambiguous_width = width;
                }
            }
            "default_sort" => {
                let sorts =
                    [SortKey::Date, SortKey::Title, SortKey::ReadingTime].map(|s| (s.name(), s));
                if let Some(sort) = checker.choice(value, name, "sort", &sorts) {
                    config.default_sort = sort;
                }
            }
            "default_path" => {
                if let Some(path) = checker.string(value, name) {
                    if path.is_empty() {
                        checker.error(value.span(), Some(name), "expected a folder, found \"\"");
                    } else {
                        config.default_path = Some(resolve_path(path, file));
                    }
                }
            }
            "two_pane_min_width" => {
                let range = 0..=u64::from(u16::MAX);
                if let Some(width) = checker.integer(value, name, range) {
                    config.two_pane_min_width = width as u16;
                }
            }
            "fold_repeats" => {
                if let Some(fold) = checker.boolean(value, name) {
                    config.fold_repeats = fold;
                }
            }
            "wrap_code" => {
                if let Some(wrap) = checker.boolean(value, name) {
                    config.wrap_code = wrap;
                }
            }
            "opener" => {
                if let Some(command) = checker.command(value, name) {
                    config.opener = command;
                }
            }
            "max_post_size_mb" => {
                if let Some(mb) = checker.integer(value, name, MAX_POST_SIZE_MB_RANGE) {
                    config.max_post_size_mb = mb;
                }
            }
            "images" => {
                if let Some(mode) = checker.choice(value, name, "image mode", &ImageMode::NAMES) {
                    config.images = mode;
                }
            }
            "ruby" => {
                let styles = crate::layout::RubyStyle::NAMES;
                if let Some(style) = checker.choice(value, name, "ruby style", &styles) {
                    config.ruby = style;
                }
            }
            "image_max_rows" => {
                if let Some(rows) = checker.integer(value, name, IMAGE_MAX_ROWS_RANGE) {
                    config.image_max_rows = rows as u16;
                }
            }
            "reading" => {
                if let Some(table) = checker.table(value, name) {
                    config.reading = checker.reading(table, config.reading);
                }
            }
            "colors" => {
                if let Some(table) = checker.table(value, name) {
                    checker.colors(table, schema, &mut config.theme.colors);
                }
            }
            "keys" => {
                if let Some(table) = checker.table(value, name) {
                    config.keys = checker.keys(table, schema);
                }
            }
            _ => checker.unknown(key, None, SETTINGS),
        }
    }
    if !checker.errors.is_empty() {
        checker.errors.sort_by_key(|p| (p.line, p.column));
        return Err(ConfigError::Invalid(checker.errors));
    }
    checker.warnings.sort_by_key(|p| (p.line, p.column));
    Ok(Loaded {
        config,
        file: Some(file.to_path_buf()),
        warnings: checker.warnings,
    })
}

/// Checks the parsed file setting by setting, collecting errors and warnings.
struct Checker<'a> {
    text: &'a str,
    file: &'a Path,
    errors: Vec<ConfigDiagnostic>,
    warnings: Vec<ConfigDiagnostic>,
}

impl Checker<'_> {
    fn diagnostic(
        &self,
        span: Range<usize>,
        key: Option<&str>,
        message: String,
    ) -> ConfigDiagnostic {
        let before = &self.text[..span.start.min(self.text.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        ConfigDiagnostic {
            file: self.file.to_path_buf(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            key: key.map(str::to_owned),
            message,
        }
    }

    fn error(&mut self, span: Range<usize>, key: Option<&str>, message: impl Into<String>) {
        let problem = self.diagnostic(span, key, message.into());
        self.errors.push(problem);
    }

    /// An unknown setting: a warning, with the likeliest meant one.
    fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        table: Option<&str>,
        known: &[&str],
    ) {
        let name: &str = key.get_ref();
        let full = dotted(table, name);
        let message = format!(
            "unknown setting, ignored{}",
            did_you_mean(name, known.iter().copied())
        );
        let problem = self.diagnostic(key.span(), Some(&full), message);
        self.warnings.push(problem);
    }

    fn type_error(&mut self, value: &Value<'_>, key: &str, expected: &str) {
        let found = value.get_ref().type_str();
        self.error(
            value.span(),
            Some(key),
            format!("expected {expected}, found {found}"),
        );
    }

    fn string<'v>(&mut self, value: &'v Value<'_>, key: &str) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(text) => Some(text),
            _ => {
                self.type_error(value, key, "a string");
                None
            }
        }
    }

    /// A command as a program and its arguments: `["firefox", "--new-tab"]`, or one string
    /// naming a program. Never split on spaces: nothing runs through a shell.
    fn command(&mut self, value: &Value<'_>, key: &str) -> Option<Vec<String>> {
        let expected = "a program, or a list of a program and its arguments";
        let words: Option<Vec<String>> = match value.get_ref() {
            DeValue::String(program) => Some(vec![program.to_string()]),
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(word) => Some(word.to_string()),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        match words {
            Some(words) if words.first().is_some_and(|w| !w.is_empty()) => Some(words),
            _ => {
                self.type_error(value, key, expected);
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value<'_>, key: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.type_error(value, key, "true or false");
                None
            }
        }
    }

    fn table<'v, 'i>(&mut self, value: &'v Value<'i>, key: &str) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.type_error(value, key, &format!("a table ([{key}])"));
                None
            }
        }
    }

    fn integer(&mut self, value: &Value<'_>, key: &str, range: RangeInclusive<u64>) -> Option<u64> {
        let expected = format!("a whole number from {} to {}", range.start(), range.end());
        let DeValue::Integer(integer) = value.get_ref() else {
            self.type_error(value, key, &expected);
            return None;
        };
        match u64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                self.error(
                    value.span(),
                    Some(key),
                    format!("expected {expected}, found {integer}"),
                );
                None
            }
        }
    }

    /// A string that must be one of `options` (ASCII case ignored).
    fn choice<T: Copy>(
        &mut self,
        value: &Value<'_>,
        key: &str,
        noun: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let text = self.string(value, key)?;
        if let Some((_, choice)) = options
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
        {
            return Some(*choice);
        }
        let names: Vec<String> = options
            .iter()
            .map(|(name, _)| format!("\"{name}\""))
            .collect();
        let expected = match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        self.error(
            value.span(),
            Some(key),
            format!("unknown {noun} \"{text}\"; expected {expected}"),
        );
        None
    }

    fn reading(&mut self, table: &DeTable<'_>, mut rates: ReadingRates) -> ReadingRates {
        for (key, value) in in_file_order(table) {
            let name: &str = key.get_ref();
            let full = dotted(Some("reading"), name);
            let slot = match name {
                "cjk_chars_per_minute" => &mut rates.cjk_chars_per_minute,
                "words_per_minute" => &mut rates.words_per_minute,
                _ => {
                    self.unknown(key, Some("reading"), READING_SETTINGS);
                    continue;
                }
            };
            if let Some(rate) = self.integer(value, &full, RATE_RANGE) {
                *slot = rate as u32;
            }
        }
        rates
    }

    fn colors(
        &mut self,
        table: &DeTable<'_>,
        schema: &Schema,
        colors: &mut std::collections::BTreeMap<String, Colour>,
    ) {
        for (key, value) in in_file_order(table) {
            let role: &str = key.get_ref();
            let full = dotted(Some("colors"), role);
            if !schema.roles.contains(&role) {
                let message = format!(
                    "unknown role \"{role}\"{}; the roles are {}",
                    did_you_mean(role, schema.roles.iter().copied()),
                    schema.roles.join(", ")
                );
                self.error(key.span(), Some(&full), message);
                continue;
            }
            let colour = match value.get_ref() {
                DeValue::String(text) => text.parse::<Colour>().map_err(|e| e.to_string()),
                DeValue::Integer(_) => match self.integer(value, &full, 0..=255) {
                    Some(index) => Ok(Colour::Indexed(index as u8)),
                    None => continue,
                },
                other => Err(format!(
                    "expected a colour, found {}; a colour is {COLOUR_SYNTAX}",
                    other.type_str()
                )),
            };
            match colour {
                Ok(colour) => {
                    colors.insert(role.to_owned(), colour);
                }
                Err(message) => self.error(value.span(), Some(&full), message),
            }
        }
    }

    /// The bindings: an action the file names gets exactly the keys it lists; the others keep
    /// their defaults, less any key the file gave to another action.
    fn keys(&mut self, table: &DeTable<'_>, schema: &Schema) -> KeyBindings {
        let mut chosen: Vec<Option<Vec<KeyChord>>> = vec![None; schema.actions.len()];
        // Each chord the file binds: to which action, and on which line.
        let mut bound: HashMap<KeyChord, (&str, usize)> = HashMap::new();
        for (key, value) in in_file_order(table) {
            let action: &str = key.get_ref();
            let full = dotted(Some("keys"), action);
            let Some(index) = schema.actions.iter().position(|a| a.name == action) else {
                let names = schema.actions.iter().map(|a| a.name);
                // A warning, as unknown settings are: a config written for a newer kiji
                // still starts this one.
                let message = format!(
                    "unknown action \"{action}\", ignored{}; `kiji --print-config` lists every \
                     action",
                    did_you_mean(action, names)
                );
                let problem = self.diagnostic(key.span(), Some(&full), message);
                self.warnings.push(problem);
                continue;
            };
            let spellings: Vec<&Value<'_>> = match value.get_ref() {
                DeValue::String(_) => vec![value],
                DeValue::Array(items) => items.iter().collect(),
                _ => {
                    self.type_error(value, &full, "a list of keys such as [\"j\", \"down\"]");
                    continue;
                }
            };
            let mut chords = Vec::new();
            for spelling in spellings {
                let Some(text) = self.string(spelling, &full) else {
                    continue;
                };
                let chord = match text.parse::<KeyChord>() {
                    Ok(chord) => chord,
                    Err(err) => {
                        self.error(spelling.span(), Some(&full), err.to_string());
                        continue;
                    }
                };
                let line = self.diagnostic(spelling.span(), None, String::new()).line;
                match bound.get(&chord) {
                    Some((other, other_line)) if *other != action => {
                        let message = format!(
                            "\"{chord}\" is already bound to \"{other}\" on line {other_line}; \
                             a key can trigger one action only"
                        );
                        self.error(spelling.span(), Some(&full), message);
                    }
                    Some(_) => {}
                    None => {
                        bound.insert(chord, (schema.actions[index].name, line));
                        chords.push(chord);
                    }
                }
            }
            chosen[index] = Some(chords);
        }
        let defaults = schema.default_bindings();
        KeyBindings::new(
            schema
                .actions
                .iter()
                .zip(chosen)
                .map(|(action, chosen)| {
                    let chords = chosen.unwrap_or_else(|| {
                        let mut chords = defaults.keys_for(action.name).to_vec();
                        chords.retain(|chord| !bound.contains_key(chord));
                        chords
                    });
                    (action.name.to_owned(), chords)
                })
                .collect(),
        )
    }
}

/// A table's entries in the order the file has them (the parsed table is sorted by name).
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

fn dotted(table: Option<&str>, key: &str) -> String {
    match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_owned(),
    }
}

/// `; did you mean "x"?` when one of `known` is a likely misspelling target of `word`.
fn did_you_mean<'k>(word: &str, known: impl Iterator<Item = &'k str>) -> String {
    let limit = (word.chars().count() / 3).max(1);
    known
        .map(|candidate| (strsim::osa_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map_or_else(String::new, |(_, candidate)| {
            format!("; did you mean \"{candidate}\"?")
        })
}

/// A folder as written in the config file: `~` is the home directory, and a relative path is
/// relative to the config file's own folder, so the setting means the same from anywhere.
fn resolve_path(written: &str, config_file: &Path) -> PathBuf {
    let home_relative = written
        .strip_prefix('~')
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', MAIN_SEPARATOR]))
        .zip(directories::BaseDirs::new())
        .map(|(rest, base)| {
            base.home_dir()
                .join(rest.trim_start_matches(['/', MAIN_SEPARATOR]))
        });
    let path = home_relative.unwrap_or_else(|| PathBuf::from(written));
    if path.is_absolute() {
        return path;
    }
    let joined = config_file.parent().unwrap_or(Path::new("")).join(path);
    std::path::absolute(&joined).unwrap_or(joined)
}
