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
    ("in t", "Tab (Space before typing) toggles; ctrl-u clears"),
    ("", "counts: posts left if the tag is added"),
    ("mouse", "wheel scrolls the pane under it; click selects"),
    ("links", "a click on a link follows it"),
];

/// A window over the main screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Diagnostics {
        scroll: usize,
    },
    Outline {
        cursor: usize,
    },
    TagPicker(TagPicker),
    /// `f`: the open post's links.
    LinkPicker(LinkPicker),
}

/// The `t` picker: every tag and category, narrowed by what was typed. Typing always types;
/// Tab toggles the tag under the cursor (Space too, while nothing is typed: a filter never
/// starts with a space); Enter applies and closes; Esc puts back the tags selected before.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagPicker {
    pub typed: String,
    /// Indices into [`App::labels`](super::App::labels) of the entries that match `typed`.
    pub entries: Vec<usize>,
    pub cursor: usize,
    /// The tag filter when the picker opened, for Esc.
    pub before: Vec<String>,
    /// Whether a tag was toggled since the picker opened: if not, Enter takes the tag under
    /// the cursor, as fzf does.
    pub toggled: bool,
}

impl TagPicker {
    /// A picker over the tags, remembering the filter it opened on.
    pub fn opened_on(before: &[String]) -> Self {
        Self {
            before: before.to_vec(),
            ..Self::default()
        }
    }

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

/// The `f` picker: the open post's links, narrowed by what was typed (in their text or
/// address, folded as the search folds, so `ｒｕｓｔ` finds `Rust` and CJK matches as typed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkPicker {
    pub typed: String,
    /// Numbers of the links that match `typed`, in order.
    pub entries: Vec<usize>,
    pub cursor: usize,
}

impl LinkPicker {
    /// Keeps the links whose text or address contains what was typed, or whose number it
    /// is; `texts[n - 1]` and `urls[n - 1]` are link `n`'s.
    pub fn narrow(&mut self, texts: &[String], urls: &[&str]) {
        let wanted = fold(&self.typed);
        let wanted = wanted.trim();
        self.entries = (1..=urls.len())
            .filter(|&n| {
                let text = texts.get(n - 1).map_or("", String::as_str);
                n.to_string() == wanted
                    || fold(text).contains(wanted)
                    || fold(urls[n - 1]).contains(wanted)
            })
            .collect();
        self.cursor = 0;
    }
}
