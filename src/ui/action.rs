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
    /// Open the selected post; in a prompt or the tag picker, accept it.
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
    /// The open post's links, to pick one and follow it.
    LinkPicker,
    /// Select the next link in the post (scrolling to it).
    NextLink,
    /// Select the previous link in the post.
    PrevLink,
    /// Go back to where the last followed link was followed from.
    LinkBack,
    /// Copy the selected link's address to the terminal's clipboard.
    CopyLink,
    /// Copy the first code block on screen, as written.
    CopyCode,
    /// Wrap code lines, or keep them whole to scroll sideways.
    ToggleCodeWrap,
    ScrollCodeLeft,
    ScrollCodeRight,
    /// Fold or unfold the open post's repeated passages.
    ToggleFolds,
    /// Mark the selected post read or unread.
    ToggleRead,
    /// Show only unread posts, or all again.
    UnreadOnly,
    /// Star or unstar the selected post.
    Star,
    /// Show only starred posts, or all again.
    StarredOnly,
    /// List only the posts of the next language of the library, then all again.
    CycleLanguage,
    /// Open the next post in the list's order and filter, from the reader or the list.
    NextPost,
    /// Open the previous post in the list's order and filter.
    PrevPost,
    /// In the tag picker: add the tag under the cursor to the filter, or take it out.
    Toggle,
    Help,
    Diagnostics,
    Quit,
    // ---- edit and reload (issue 11) ----
    /// Open the post in `$VISUAL`/`$EDITOR` at the line being read, then read it again.
    Edit,
    /// Read every post again, and find new ones.
    Rescan,
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
    /// The bindable commands and the names a config file gives them. Their default keys and
    /// descriptions are in [`ACTIONS`](super::keymap::ACTIONS).
    pub const NAMED: &'static [(Action, &'static str)] = &[
        (Action::Down, "down"),
        (Action::Up, "up"),
        (Action::HalfPageDown, "half-page-down"),
        (Action::HalfPageUp, "half-page-up"),
        (Action::PageDown, "page-down"),
        (Action::PageUp, "page-up"),
        (Action::Top, "top"),
        (Action::Bottom, "bottom"),
        (Action::Open, "open"),
        (Action::Back, "back"),
        (Action::SwitchFocus, "switch-focus"),
        (Action::TagPicker, "tag-picker"),
        (Action::ClearTags, "clear-tags"),
        (Action::Search, "search"),
        (Action::NextMatch, "next-match"),
        (Action::PrevMatch, "prev-match"),
        (Action::CycleSort, "cycle-sort"),
        (Action::Outline, "outline"),
        (Action::LinkPicker, "link-picker"),
        (Action::NextLink, "next-link"),
        (Action::PrevLink, "prev-link"),
        (Action::LinkBack, "link-back"),
        (Action::CopyLink, "copy-link"),
        (Action::CopyCode, "copy-code"),
        (Action::ToggleCodeWrap, "toggle-code-wrap"),
        (Action::ScrollCodeLeft, "scroll-code-left"),
        (Action::ScrollCodeRight, "scroll-code-right"),
        (Action::ToggleFolds, "toggle-folds"),
        (Action::ToggleRead, "toggle-read"),
        (Action::UnreadOnly, "unread-only"),
        (Action::Star, "star"),
        (Action::StarredOnly, "starred-only"),
        (Action::CycleLanguage, "cycle-language"),
        (Action::NextPost, "next-post"),
        (Action::PrevPost, "prev-post"),
        (Action::Diagnostics, "diagnostics"),
        (Action::Help, "help"),
        (Action::Quit, "quit"),
        // edit and reload (issue 11)
        (Action::Edit, "edit"),
        (Action::Rescan, "rescan"),
    ];

    /// The name a config file uses for this action, when it is bindable.
    pub fn name(self) -> Option<&'static str> {
        Self::NAMED
            .iter()
            .find(|(action, _)| *action == self)
            .map(|(_, name)| *name)
    }

    /// The bindable action called `name`.
    pub fn from_name(name: &str) -> Option<Action> {
        Self::NAMED
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(action, _)| *action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_action_round_trips_through_its_name() {
        for (action, name) in Action::NAMED {
            assert_eq!(Action::from_name(name), Some(*action));
            assert_eq!(action.name(), Some(*name));
        }
        assert_eq!(Action::from_name("fly"), None);
        assert_eq!(Action::Insert('x').name(), None);
    }
}
