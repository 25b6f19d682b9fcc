//! Keys → actions. [`ACTIONS`] is the one table of what can be bound, with default keys spelled
//! as a config file spells them (`j`, `G`, `ctrl-d`, `space`, `pgdn`); the config module
//! validates a user's bindings against it and hands back [`KeyBindings`], from which the
//! [`Keymap`] is built. Terminal key events become [`KeyChord`]s here, and nowhere else.
//! Keys typed into a prompt (search, tag filter) are fixed, so no binding can stop anyone
//! from typing a letter.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use crate::config::{ActionSpec, Key, KeyBindings, KeyChord, Schema};

/// Every bindable action: its name, default keys and what it does, in the order the help
/// lists them.
pub const ACTIONS: &[ActionSpec] = &[
    ActionSpec::new("down", &["j", "down"], "next post / scroll down"),
    ActionSpec::new("up", &["k", "up"], "previous post / scroll up"),
    ActionSpec::new("half-page-down", &["ctrl-d"], "half a page down"),
    ActionSpec::new("half-page-up", &["ctrl-u"], "half a page up"),
    ActionSpec::new(
        "page-down",
        &["space", "pgdn", "ctrl-f"],
        "a page down; at the end, the next unread post",
    ),
    ActionSpec::new("page-up", &["b", "pgup", "ctrl-b"], "a page up"),
    ActionSpec::new("top", &["g", "home"], "first post / top of the post"),
    ActionSpec::new("bottom", &["G", "end"], "last post / end of the post"),
    ActionSpec::new(
        "open",
        &["enter", "l", "right"],
        "open the post / go to a fold's first occurrence",
    ),
    ActionSpec::new(
        "back",
        &["esc", "h", "left"],
        "back to the list; close; clear the search",
    ),
    ActionSpec::new(
        "switch-focus",
        &["tab", "backtab"],
        "switch between list and reader",
    ),
    ActionSpec::new("tag-picker", &["t"], "filter by tags"),
    ActionSpec::new("clear-tags", &["T"], "clear the tag filter"),
    ActionSpec::new("search", &["/"], "search titles, tags and text"),
    ActionSpec::new("next-match", &["n"], "next match in the post"),
    ActionSpec::new("prev-match", &["N"], "previous match in the post"),
    ActionSpec::new("cycle-sort", &["s"], "sort by date, title, reading time"),
    ActionSpec::new("outline", &["o"], "outline of the post"),
    ActionSpec::new(
        "link-picker",
        &["f"],
        "the post's links: type to narrow, Enter follows",
    ),
    ActionSpec::new("next-link", &["]"], "select the next link (Enter follows)"),
    ActionSpec::new("prev-link", &["["], "select the previous link"),
    ActionSpec::new(
        "link-back",
        &["backspace"],
        "back to where the link was followed from",
    ),
    ActionSpec::new("copy-link", &["y"], "copy the selected link's address"),
    ActionSpec::new(
        "copy-code",
        &["Y"],
        "copy the code block on screen, as written",
    ),
    ActionSpec::new(
        "toggle-code-wrap",
        &["w"],
        "wrap code lines / keep them whole to scroll",
    ),
    ActionSpec::new("scroll-code-left", &["<"], "scroll whole code lines left"),
    ActionSpec::new("scroll-code-right", &[">"], "scroll whole code lines right"),
    ActionSpec::new(
        "toggle-folds",
        &["z"],
        "unfold / fold the post's repeated passages",
    ),
    ActionSpec::new("toggle-read", &["u"], "mark the post read / unread"),
    ActionSpec::new("unread-only", &["U"], "show only unread posts (again: all)"),
    ActionSpec::new("star", &["m"], "star / unstar the post"),
    ActionSpec::new(
        "starred-only",
        &["M"],
        "show only starred posts (again: all)",
    ),
    ActionSpec::new(
        "cycle-language",
        &["L"],
        "list one language, then the next, then all",
    ),
    ActionSpec::new("next-post", &["J"], "open the next post in the list"),
    ActionSpec::new("prev-post", &["K"], "open the previous post in the list"),
    ActionSpec::new("diagnostics", &["!"], "files that had problems"),
    ActionSpec::new("help", &["?"], "this help"),
    ActionSpec::new("quit", &["q", "ctrl-c"], "quit"),
    // edit and reload (issue 11)
    ActionSpec::new("edit", &["e"], "edit the post in $VISUAL / $EDITOR"),
    ActionSpec::new("rescan", &["R"], "read every post again"),
];

/// What the config module needs to know about the interface: its actions and theme roles.
pub const CONFIG_SCHEMA: Schema = Schema {
    actions: ACTIONS,
    roles: &crate::style::ROLE_NAMES,
};

/// Which keys reach the command table and which are typed into a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Normal,
    /// The `/` prompt: every printable key is text.
    Search,
    /// The tag picker: printable keys narrow the list (Space too, once something is
    /// typed), Tab toggles.
    Picker,
}

/// Key → action in normal mode.
#[derive(Debug, Clone)]
pub struct Keymap {
    by_chord: HashMap<KeyChord, Action>,
    bindings: KeyBindings,
}

impl Default for Keymap {
    fn default() -> Self {
        Self::new(CONFIG_SCHEMA.default_bindings())
    }
}

impl Keymap {
    /// The keymap for validated bindings (the defaults, or a config file's).
    pub fn new(bindings: KeyBindings) -> Self {
        let by_chord = bindings
            .iter()
            .filter_map(|(name, chords)| Some((Action::from_name(name)?, chords)))
            .flat_map(|(action, chords)| chords.iter().map(move |chord| (*chord, action)))
            .collect();
        Self { by_chord, bindings }
    }

    /// The keys bound to `action`, in binding order.
    pub fn keys_for(&self, action: Action) -> &[KeyChord] {
        action
            .name()
            .map_or(&[], |name| self.bindings.keys_for(name))
    }

    /// What a key press means in `mode`; `None` for keys that mean nothing there.
    pub fn action(&self, event: &KeyEvent, mode: InputMode) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let chord = chord(event)?;
        // Ctrl-C quits even when a config unbinds `quit` or gives Ctrl-C to another action:
        // raw mode took the terminal's own, and it must always be a way out.
        if chord == KeyChord::new(Key::Char('c'), true, false) {
            return Some(Action::Quit);
        }
        match mode {
            InputMode::Normal => self.by_chord.get(&chord).copied(),
            InputMode::Search | InputMode::Picker => prompt_action(chord, mode),
        }
    }
}

/// The chord a terminal key event stands for; Shift is part of the character (`G`).
pub fn chord(event: &KeyEvent) -> Option<KeyChord> {
    let key = match event.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Insert => Key::Insert,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    };
    Some(KeyChord::new(
        key,
        event.modifiers.contains(KeyModifiers::CONTROL),
        event.modifiers.contains(KeyModifiers::ALT),
    ))
}

/// Prompt keys are fixed: rebinding `j` must not stop anyone from typing a `j`.
fn prompt_action(chord: KeyChord, mode: InputMode) -> Option<Action> {
    let KeyChord { key, ctrl, alt } = chord;
    Some(match key {
        Key::Char('c') if ctrl => Action::Quit,
        Key::Char('u') if ctrl => Action::ClearInput,
        Key::Char('n') if ctrl => Action::Down,
        Key::Char('p') if ctrl => Action::Up,
        Key::Tab if mode == InputMode::Picker => Action::Toggle,
        Key::Char(c) if !ctrl && !alt => Action::Insert(c),
        Key::Enter => Action::Open,
        Key::Esc => Action::Back,
        Key::Backspace => Action::DeleteBack,
        Key::Down => Action::Down,
        Key::Up => Action::Up,
        Key::PageDown => Action::PageDown,
        Key::PageUp => Action::PageUp,
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
    fn every_bindable_action_is_in_the_table_with_a_default_key() {
        let map = Keymap::default();
        for (action, name) in Action::NAMED {
            assert!(
                ACTIONS.iter().any(|a| a.name == *name),
                "{name} not in ACTIONS"
            );
            assert!(!map.keys_for(*action).is_empty(), "{name} has no key");
        }
        for spec in ACTIONS {
            assert!(
                Action::from_name(spec.name).is_some(),
                "{} does nothing",
                spec.name
            );
        }
    }

    #[test]
    fn shifted_letters_and_control_keys_resolve() {
        let map = Keymap::default();
        let mode = InputMode::Normal;
        let g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action(&g, mode), Some(Action::Bottom));
        let ctrl_d = press(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_d, mode), Some(Action::HalfPageDown));
        let ctrl_shift_d = press(
            KeyCode::Char('D'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(map.action(&ctrl_shift_d, mode), Some(Action::HalfPageDown));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_c, mode), Some(Action::Quit));
        let backtab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.action(&backtab, mode), Some(Action::SwitchFocus));
        let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(map.action(&x, mode), None);
    }

    #[test]
    fn prompts_take_letters_and_spaces_as_text_and_the_picker_toggles_with_tab() {
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
        assert_eq!(
            map.action(&space, InputMode::Picker),
            Some(Action::Insert(' ')),
            "whether Space toggles depends on the query: update decides"
        );
        let tab = press(KeyCode::Tab, KeyModifiers::NONE);
        assert_eq!(map.action(&tab, InputMode::Picker), Some(Action::Toggle));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_c, InputMode::Search), Some(Action::Quit));
    }

    #[test]
    fn a_rebound_key_drives_its_action() {
        let chords = |spellings: &[&str]| -> Vec<KeyChord> {
            spellings.iter().map(|s| s.parse().unwrap()).collect()
        };
        let bindings = KeyBindings::new(vec![
            ("down".into(), chords(&["ctrl-n"])),
            ("quit".into(), chords(&["Q"])),
        ]);
        let map = Keymap::new(bindings);
        let ctrl_n = press(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(map.action(&ctrl_n, InputMode::Normal), Some(Action::Down));
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.action(&j, InputMode::Normal), None);
        assert_eq!(map.keys_for(Action::Quit), chords(&["Q"]));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            map.action(&ctrl_c, InputMode::Normal),
            Some(Action::Quit),
            "ctrl-c always quits"
        );
    }

    #[test]
    fn ctrl_c_quits_when_a_config_unbinds_quit_and_binds_ctrl_c_elsewhere() {
        let chords = |spellings: &[&str]| -> Vec<KeyChord> {
            spellings.iter().map(|s| s.parse().unwrap()).collect()
        };
        let bindings = KeyBindings::new(vec![
            ("quit".into(), vec![]),
            ("down".into(), chords(&["ctrl-c"])),
        ]);
        let map = Keymap::new(bindings);
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [InputMode::Normal, InputMode::Search, InputMode::Picker] {
            assert_eq!(map.action(&ctrl_c, mode), Some(Action::Quit), "{mode:?}");
        }
    }

    #[test]
    fn key_release_events_are_ignored() {
        let mut release = press(KeyCode::Char('j'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(Keymap::default().action(&release, InputMode::Normal), None);
    }
}
