//! Keys → actions: the one table of default bindings, the key syntax a config file will use
//! (`j`, `G`, `C-d`, `space`, `pagedown`), and the fixed keys of text prompts.

use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// The default bindings, action name → keys. The first key is the one the help shows first.
pub const DEFAULT_BINDINGS: &[(&str, &[&str])] = &[
    ("down", &["j", "down"]),
    ("up", &["k", "up"]),
    ("half-page-down", &["C-d"]),
    ("half-page-up", &["C-u"]),
    ("page-down", &["space", "pagedown", "C-f"]),
    ("page-up", &["b", "pageup", "C-b"]),
    ("top", &["g", "home"]),
    ("bottom", &["G", "end"]),
    ("open", &["enter", "l", "right"]),
    ("back", &["esc", "h", "left"]),
    ("switch-focus", &["tab", "backtab"]),
    ("tag-picker", &["t"]),
    ("clear-tags", &["T"]),
    ("search", &["/"]),
    ("next-match", &["n"]),
    ("prev-match", &["N"]),
    ("cycle-sort", &["s"]),
    ("outline", &["o"]),
    ("diagnostics", &["!"]),
    ("help", &["?"]),
    ("quit", &["q", "C-c"]),
];

/// One key as a binding names it: a key code and the modifiers that matter. Shift is part of
/// the character (`G`), never a separate flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParseError(pub String);

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown key `{}`", self.0)
    }
}

impl std::error::Error for KeyParseError {}

const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
];

impl Key {
    /// Parses `j`, `G`, `?`, `C-d`, `A-x`, `space`, `pagedown`, `F5`…
    pub fn parse(spec: &str) -> Result<Key, KeyParseError> {
        let error = || KeyParseError(spec.to_owned());
        let mut key = Key {
            code: KeyCode::Null,
            ctrl: false,
            alt: false,
        };
        let mut rest = spec;
        loop {
            if let Some(r) = rest.strip_prefix("C-").filter(|r| !r.is_empty()) {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-").filter(|r| !r.is_empty()) {
                key.alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if key.ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMED_KEYS.iter().find(|(name, _)| *name == lower) {
                    *code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse().ok()) {
                    KeyCode::F(n)
                } else {
                    return Err(error());
                }
            }
        };
        Ok(key)
    }

    /// The key a terminal event stands for, in the form bindings use.
    pub fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            // Terminals report Ctrl-letters inconsistently in case; bindings use lower case.
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            code => {
                let name = NAMED_KEYS
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(name, _)| *name);
                f.write_str(name)
            }
        }
    }
}

/// Which keys reach the command table and which are typed into a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Normal,
    /// The `/` prompt: every printable key is text.
    Search,
    /// The tag picker: printable keys narrow the list, Space toggles.
    Picker,
}

/// Key → action for normal mode, built from action-name → keys bindings.
#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    /// Action → its keys in binding order, for the help overlay.
    keys: Vec<(Action, Vec<Key>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeymapError {
    UnknownAction(String),
    BadKey {
        action: String,
        key: KeyParseError,
    },
    BoundTwice {
        key: String,
        first: String,
        second: String,
    },
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeymapError::UnknownAction(name) => write!(f, "unknown action `{name}`"),
            KeymapError::BadKey { action, key } => write!(f, "{key} (bound to `{action}`)"),
            KeymapError::BoundTwice { key, first, second } => {
                write!(f, "key `{key}` is bound to both `{first}` and `{second}`")
            }
        }
    }
}

impl std::error::Error for KeymapError {}

impl Default for Keymap {
    fn default() -> Self {
        Self::from_bindings(DEFAULT_BINDINGS.iter().map(|(a, keys)| (*a, keys.to_vec())))
            .expect("the default bindings are valid")
    }
}

impl Keymap {
    /// Builds a keymap from (action name, keys) pairs; an action not listed has no key.
    pub fn from_bindings<'a>(
        bindings: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    ) -> Result<Self, KeymapError> {
        let mut by_key = HashMap::new();
        let mut keys: Vec<(Action, Vec<Key>)> = Vec::new();
        for (name, specs) in bindings {
            let action =
                Action::from_name(name).ok_or_else(|| KeymapError::UnknownAction(name.into()))?;
            let mut parsed = Vec::new();
            for spec in specs {
                let key = Key::parse(spec).map_err(|key| KeymapError::BadKey {
                    action: name.into(),
                    key,
                })?;
                if let Some(previous) = by_key.insert(key, action)
                    && previous != action
                {
                    return Err(KeymapError::BoundTwice {
                        key: key.to_string(),
                        first: previous.name().unwrap_or_default().into(),
                        second: name.into(),
                    });
                }
                parsed.push(key);
            }
            keys.push((action, parsed));
        }
        keys.sort_by_key(|(action, _)| Action::NAMED.iter().position(|(a, _, _)| a == action));
        Ok(Self { by_key, keys })
    }

    /// The keys bound to `action`, in binding order.
    pub fn keys_for(&self, action: Action) -> &[Key] {
        self.keys
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// What a key press means in `mode`; `None` for keys that mean nothing there.
    pub fn action(&self, event: &KeyEvent, mode: InputMode) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        match mode {
            InputMode::Normal => self.by_key.get(&key).copied(),
            InputMode::Search | InputMode::Picker => prompt_action(key, mode),
        }
    }
}

/// Prompt keys are fixed: rebinding `j` must not stop anyone from typing a `j`.
fn prompt_action(key: Key, mode: InputMode) -> Option<Action> {
    let Key { code, ctrl, alt } = key;
    Some(match code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('u') if ctrl => Action::ClearInput,
        KeyCode::Char('n') if ctrl => Action::Down,
        KeyCode::Char('p') if ctrl => Action::Up,
        KeyCode::Char(' ') if mode == InputMode::Picker && !ctrl && !alt => Action::Open,
        KeyCode::Char(c) if !ctrl && !alt => Action::Insert(c),
        KeyCode::Enter => Action::Open,
        KeyCode::Esc => Action::Back,
        KeyCode::Backspace => Action::DeleteBack,
        KeyCode::Down => Action::Down,
        KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn key_syntax_round_trips() {
        for spec in [
            "j", "G", "?", "C-d", "A-x", "space", "pagedown", "F5", "esc",
        ] {
            assert_eq!(Key::parse(spec).unwrap().to_string(), spec);
        }
        assert_eq!(Key::parse("PageDown"), Key::parse("pagedown"));
        assert_eq!(Key::parse("-").unwrap().code, KeyCode::Char('-'));
        assert_eq!(Key::parse("C-D"), Key::parse("C-d"));
        assert!(Key::parse("C-").is_err());
        assert!(Key::parse("hyper").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn shifted_letters_and_control_keys_resolve() {
        let map = Keymap::default();
        let mode = InputMode::Normal;
        let g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action(&g, mode), Some(Action::Bottom));
        let ctrl_d = press(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_d, mode), Some(Action::HalfPageDown));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_c, mode), Some(Action::Quit));
        let backtab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.action(&backtab, mode), Some(Action::SwitchFocus));
        let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(map.action(&x, mode), None);
    }

    #[test]
    fn every_named_action_has_a_default_key() {
        let map = Keymap::default();
        for (action, name, _) in Action::NAMED {
            assert!(!map.keys_for(*action).is_empty(), "{name} has no key");
        }
    }

    #[test]
    fn prompts_take_letters_as_text_and_the_picker_toggles_with_space() {
        let map = Keymap::default();
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.action(&j, InputMode::Search), Some(Action::Insert('j')));
        let kana = press(KeyCode::Char('ガ'), KeyModifiers::NONE);
        assert_eq!(
            map.action(&kana, InputMode::Picker),
            Some(Action::Insert('ガ'))
        );
        let space = press(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(
            map.action(&space, InputMode::Search),
            Some(Action::Insert(' '))
        );
        assert_eq!(map.action(&space, InputMode::Picker), Some(Action::Open));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_c, InputMode::Search), Some(Action::Quit));
    }

    #[test]
    fn a_rebound_key_drives_its_action_and_conflicts_are_refused() {
        let map = Keymap::from_bindings([("down", vec!["C-n"]), ("quit", vec!["Q"])]).unwrap();
        let ctrl_n = press(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_n, InputMode::Normal), Some(Action::Down));
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.action(&j, InputMode::Normal), None);

        let twice = Keymap::from_bindings([("down", vec!["j"]), ("up", vec!["j"])]);
        assert!(matches!(twice, Err(KeymapError::BoundTwice { .. })));
        let unknown = Keymap::from_bindings([("fly", vec!["f"])]);
        assert_eq!(
            unknown.unwrap_err(),
            KeymapError::UnknownAction("fly".into())
        );
    }

    #[test]
    fn key_release_events_are_ignored() {
        let mut release = press(KeyCode::Char('j'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(Keymap::default().action(&release, InputMode::Normal), None);
    }
}
