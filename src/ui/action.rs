//! What the reader can be asked to do. Keys, the mouse and the terminal become actions; only
//! [`update`](super::update::update) changes state in response to them.

/// Everything `update` understands. The commands a user can bind to keys have names
/// (`down`, `tag-picker`…, see [`Action::NAMED`]); the rest carry data from the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    SwitchFocus,
    /// Open the selected post; in a picker, toggle the entry; in a prompt, accept it.
    Open,
    /// Back to the list; close an overlay; cancel a prompt.
    Back,
    TagPicker,
    ClearTags,
    Search,
    NextMatch,
    PrevMatch,
    CycleSort,
    Outline,
    Help,
    Diagnostics,
    Quit,
    /// A character typed into the search prompt or the tag picker's filter.
    Insert(char),
    DeleteBack,
    ClearInput,
    Resize {
        width: u16,
        height: u16,
    },
    /// The mouse wheel at a screen position; positive `rows` scroll down.
    Wheel {
        column: u16,
        row: u16,
        rows: i16,
    },
    Click {
        column: u16,
        row: u16,
    },
}

impl Action {
    /// The bindable commands, their names (as a config file spells them) and what they do
    /// (as the help overlay says it), in the order the help lists them.
    pub const NAMED: &'static [(Action, &'static str, &'static str)] = &[
        (Action::Down, "down", "next post / scroll down"),
        (Action::Up, "up", "previous post / scroll up"),
        (Action::HalfPageDown, "half-page-down", "half a page down"),
        (Action::HalfPageUp, "half-page-up", "half a page up"),
        (Action::PageDown, "page-down", "a page down"),
        (Action::PageUp, "page-up", "a page up"),
        (Action::Top, "top", "first post / top of the post"),
        (Action::Bottom, "bottom", "last post / end of the post"),
        (Action::Open, "open", "open the post"),
        (
            Action::Back,
            "back",
            "back to the list, close, clear search",
        ),
        (
            Action::SwitchFocus,
            "switch-focus",
            "switch between list and reader",
        ),
        (Action::TagPicker, "tag-picker", "filter by tags"),
        (Action::ClearTags, "clear-tags", "clear the tag filter"),
        (Action::Search, "search", "search titles, tags and text"),
        (Action::NextMatch, "next-match", "next match in the post"),
        (
            Action::PrevMatch,
            "prev-match",
            "previous match in the post",
        ),
        (
            Action::CycleSort,
            "cycle-sort",
            "sort: date, title, reading time",
        ),
        (Action::Outline, "outline", "outline of the post"),
        (
            Action::Diagnostics,
            "diagnostics",
            "files that had problems",
        ),
        (Action::Help, "help", "this help"),
        (Action::Quit, "quit", "quit"),
    ];

    /// The name a config file uses for this action, when it is bindable.
    pub fn name(self) -> Option<&'static str> {
        Self::NAMED
            .iter()
            .find(|(action, _, _)| *action == self)
            .map(|(_, name, _)| *name)
    }

    /// The bindable action called `name`.
    pub fn from_name(name: &str) -> Option<Action> {
        Self::NAMED
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(action, _, _)| *action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_action_round_trips_through_its_name() {
        for (action, name, _) in Action::NAMED {
            assert_eq!(Action::from_name(name), Some(*action));
            assert_eq!(action.name(), Some(*name));
        }
        assert_eq!(Action::from_name("fly"), None);
        assert_eq!(Action::Insert('x').name(), None);
    }
}
