//! Keys as a config file spells them (`"j"`, `"ctrl-d"`, `"pgdn"`), independent of any
//! terminal library: the interface converts its key events into [`KeyChord`]s and asks
//! [`KeyBindings`] which action they trigger.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// A key without modifiers. Shifted characters are their own characters (`G`, `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// A function key, F1 to F24.
    F(u8),
}

/// The named keys and how they are spelled; the first spelling is the one kiji writes.
const NAMES: &[(&str, Key)] = &[
    ("space", Key::Char(' ')),
    ("enter", Key::Enter),
    ("return", Key::Enter),
    ("esc", Key::Esc),
    ("escape", Key::Esc),
    ("tab", Key::Tab),
    ("backtab", Key::BackTab),
    ("shift-tab", Key::BackTab),
    ("backspace", Key::Backspace),
    ("delete", Key::Delete),
    ("del", Key::Delete),
    ("insert", Key::Insert),
    ("ins", Key::Insert),
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("home", Key::Home),
    ("end", Key::End),
    ("pgup", Key::PageUp),
    ("pageup", Key::PageUp),
    ("pgdn", Key::PageDown),
    ("pagedown", Key::PageDown),
];

const MAX_F: u8 = 24;

/// How to spell a key, for error messages and the printed configuration.
pub const KEY_SYNTAX: &str = "a single character (\"j\", \"G\", \"?\") or one of space, enter, \
    esc, tab, backtab, backspace, delete, insert, up, down, left, right, home, end, pgup, pgdn, \
    f1–f24; ctrl- and alt- go in front (\"ctrl-d\")";

/// A key with the modifiers a terminal reports reliably.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyChord {
    /// The chord, normalised as terminals report it: most terminals cannot tell Ctrl-D from
    /// Ctrl-d, so a ctrl chord holds the lower-case letter.
    pub fn new(key: Key, ctrl: bool, alt: bool) -> KeyChord {
        let key = match key {
            Key::Char(c) if ctrl => Key::Char(c.to_ascii_lowercase()),
            other => other,
        };
        KeyChord { key, ctrl, alt }
    }

    pub fn plain(key: Key) -> KeyChord {
        KeyChord::new(key, false, false)
    }
}

/// A key spelling that names no key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a key; a key is {KEY_SYNTAX}")]
pub struct BadKey(pub String);

impl FromStr for KeyChord {
    type Err = BadKey;

    /// ```
    /// use kiji::config::{Key, KeyChord};
    /// let chord: KeyChord = "ctrl-D".parse().unwrap();
    /// assert_eq!(chord, KeyChord::new(Key::Char('d'), true, false));
    /// assert_eq!(chord.to_string(), "ctrl-d");
    /// assert_eq!("G".parse::<KeyChord>().unwrap().key, Key::Char('G'));
    /// assert!("ctrl-".parse::<KeyChord>().is_err());
    /// ```
    fn from_str(spelling: &str) -> Result<Self, Self::Err> {
        let bad = || BadKey(spelling.to_owned());
        let (mut ctrl, mut alt) = (false, false);
        let mut rest = spelling;
        loop {
            // A lone "-" after a modifier is the minus key, not another modifier.
            if let Some(after) = strip_prefix_ignoring_case(rest, "ctrl-").filter(|a| !a.is_empty())
            {
                ctrl = true;
                rest = after;
            } else if let Some(after) =
                strip_prefix_ignoring_case(rest, "alt-").filter(|a| !a.is_empty())
            {
                alt = true;
                rest = after;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let key = match (chars.next(), chars.next()) {
            (Some(c), None) => Key::Char(c),
            (None, _) => return Err(bad()),
            _ => named_key(&rest.to_ascii_lowercase()).ok_or_else(bad)?,
        };
        Ok(KeyChord::new(key, ctrl, alt))
    }
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn named_key(name: &str) -> Option<Key> {
    if let Some((_, key)) = NAMES.iter().find(|(n, _)| *n == name) {
        return Some(*key);
    }
    let number: u8 = name.strip_prefix('f')?.parse().ok()?;
    (1..=MAX_F).contains(&number).then_some(Key::F(number))
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.key {
            Key::F(n) => write!(f, "f{n}"),
            key => match NAMES.iter().find(|(_, k)| *k == key) {
                Some((name, _)) => f.write_str(name),
                None => match key {
                    Key::Char(c) => write!(f, "{c}"),
                    _ => unreachable!("every key but characters and F keys has a name"),
                },
            },
        }
    }
}

/// Which keys trigger which action, in the order the actions were declared (the order the
/// help overlay lists them).
#[derive(Debug, Clone)]
pub struct KeyBindings {
    actions: Vec<(String, Vec<KeyChord>)>,
    by_chord: HashMap<KeyChord, usize>,
}

impl PartialEq for KeyBindings {
    fn eq(&self, other: &Self) -> bool {
        self.actions == other.actions
    }
}

impl Eq for KeyBindings {}

impl KeyBindings {
    /// Builds the bindings; a chord listed under two actions goes to the first.
    pub fn new(actions: Vec<(String, Vec<KeyChord>)>) -> KeyBindings {
        let mut by_chord = HashMap::new();
        for (index, (_, chords)) in actions.iter().enumerate() {
            for chord in chords {
                by_chord.entry(*chord).or_insert(index);
            }
        }
        KeyBindings { actions, by_chord }
    }

    /// The action `chord` triggers, if any.
    pub fn action_for(&self, chord: &KeyChord) -> Option<&str> {
        self.by_chord
            .get(chord)
            .map(|&index| self.actions[index].0.as_str())
    }

    /// The keys bound to `action` (empty when unbound or unknown).
    pub fn keys_for(&self, action: &str) -> &[KeyChord] {
        self.actions
            .iter()
            .find(|(name, _)| name == action)
            .map_or(&[], |(_, chords)| chords.as_slice())
    }

    /// Every action with its keys, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[KeyChord])> {
        self.actions
            .iter()
            .map(|(name, chords)| (name.as_str(), chords.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chord(spelling: &str) -> KeyChord {
        spelling.parse().unwrap()
    }

    #[test]
    fn spellings_from_the_documentation_parse() {
        assert_eq!(chord("j"), KeyChord::plain(Key::Char('j')));
        assert_eq!(chord("down"), KeyChord::plain(Key::Down));
        assert_eq!(chord("ctrl-d"), KeyChord::new(Key::Char('d'), true, false));
        assert_eq!(chord("G"), KeyChord::plain(Key::Char('G')));
        assert_eq!(chord("space"), KeyChord::plain(Key::Char(' ')));
        assert_eq!(chord("pgdn"), KeyChord::plain(Key::PageDown));
        assert_eq!(chord("esc"), KeyChord::plain(Key::Esc));
        assert_eq!(chord("enter"), KeyChord::plain(Key::Enter));
        assert_eq!(chord("tab"), KeyChord::plain(Key::Tab));
        assert_eq!(chord("?"), KeyChord::plain(Key::Char('?')));
        assert_eq!(chord("f12"), KeyChord::plain(Key::F(12)));
    }

    #[test]
    fn modifiers_and_names_ignore_case_but_characters_do_not() {
        assert_eq!(
            chord("Ctrl-Alt-PgUp"),
            KeyChord::new(Key::PageUp, true, true)
        );
        assert_eq!(chord("alt-ctrl-x"), chord("ctrl-alt-x"));
        assert_ne!(chord("g"), chord("G"));
        assert_eq!(chord("ctrl-D"), chord("ctrl-d"));
        assert_eq!(chord("shift-tab"), chord("backtab"));
    }

    #[test]
    fn minus_is_a_key_even_after_a_modifier() {
        assert_eq!(chord("-"), KeyChord::plain(Key::Char('-')));
        assert_eq!(chord("ctrl--"), KeyChord::new(Key::Char('-'), true, false));
        assert_eq!(chord("ctrl--").to_string(), "ctrl--");
    }

    #[test]
    fn spellings_that_name_no_key_are_refused_with_the_syntax() {
        for bad in ["", "ctrl-", "ctrl", "jj", "f0", "f25", "pagedn", "super-x"] {
            let err = bad.parse::<KeyChord>().unwrap_err().to_string();
            assert!(err.contains(&format!("\"{bad}\"")), "{err}");
            assert!(err.contains("pgdn"), "{err}");
        }
    }

    #[test]
    fn bindings_answer_both_ways_in_declaration_order() {
        let bindings = KeyBindings::new(vec![
            ("down".into(), vec![chord("j"), chord("down")]),
            ("quit".into(), vec![chord("q")]),
            ("help".into(), vec![]),
        ]);
        assert_eq!(bindings.action_for(&chord("down")), Some("down"));
        assert_eq!(bindings.action_for(&chord("q")), Some("quit"));
        assert_eq!(bindings.action_for(&chord("x")), None);
        assert_eq!(bindings.keys_for("down"), [chord("j"), chord("down")]);
        assert!(bindings.keys_for("help").is_empty());
        assert!(bindings.keys_for("no-such-action").is_empty());
        let order: Vec<&str> = bindings.iter().map(|(name, _)| name).collect();
        assert_eq!(order, ["down", "quit", "help"]);
    }

    fn any_key() -> impl Strategy<Value = Key> {
        prop_oneof![
            any::<char>().prop_map(Key::Char),
            (1..=MAX_F).prop_map(Key::F),
            proptest::sample::select(NAMES.iter().map(|(_, k)| *k).collect::<Vec<_>>()),
        ]
    }

    proptest! {
        #[test]
        fn every_chord_is_written_as_a_spelling_that_reads_back_the_same(
            key in any_key(), ctrl: bool, alt: bool,
        ) {
            let chord = KeyChord::new(key, ctrl, alt);
            prop_assert_eq!(chord.to_string().parse::<KeyChord>(), Ok(chord));
        }
    }
}
