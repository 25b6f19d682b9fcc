//! The windows over the main screen as state: which one is open, where its cursor or scroll
//! is, the tag picker's narrowing, and the help's lines. `update` moves them; the view and
//! render draw them.

use crate::model::LabelCount;

use super::action::Action;
use super::keymap::{ACTIONS, Keymap};
use super::search::fold;

/// Keys that are not commands: prompts and the mouse.
const HELP_NOTES: &[(&str, &str)] = &[
    ("in / and t", "type to narrow; Enter keeps, Esc cancels"),
    ("in t", "space or Enter toggles a tag; ctrl-u clears"),
    ("mouse", "wheel scrolls the pane under it; click selects"),
];

/// A window over the main screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: usize },
    Diagnostics { scroll: usize },
    Outline { cursor: usize },
    TagPicker(TagPicker),
}

/// The `t` picker: every tag and category, narrowed by what was typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagPicker {
    pub typed: String,
    /// Indices into [`App::labels`](super::App::labels) of the entries that match `typed`.
    pub entries: Vec<usize>,
    pub cursor: usize,
}

impl TagPicker {
    /// Keeps the entries of `labels` whose folded name contains what was typed.
    pub fn narrow(&mut self, labels: &[LabelCount]) {
        let wanted = fold(&self.typed);
        let wanted = wanted.trim();
        self.entries = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| fold(&l.label).contains(wanted))
            .map(|(i, _)| i)
            .collect();
        self.cursor = 0;
    }
}

/// The help overlay's lines: keys and what they do, from `keymap`.
pub fn help_lines(keymap: &Keymap) -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = ACTIONS
        .iter()
        .filter_map(|spec| {
            let action = Action::from_name(spec.name)?;
            let keys: Vec<String> = keymap
                .keys_for(action)
                .iter()
                .map(ToString::to_string)
                .collect();
            Some((keys.join(" "), spec.about))
        })
        .collect();
    lines.push((String::new(), ""));
    lines.extend(
        HELP_NOTES
            .iter()
            .map(|(keys, what)| ((*keys).to_owned(), *what)),
    );
    lines
}
