//! How the list of a folder was left: its sort, filters, selection and open post, so that
//! reopening kiji on the folder shows it as it was. Plain data, kept in the state file beside
//! the per-post state ([`super::store`]); the interface decides what each field means and
//! what to do when a remembered post is gone.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::store::StoredPath;

/// One folder's list, as it was left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    /// The sort's name as the config spells it (`date`, `title`, `reading-time`).
    pub sort: Option<String>,
    /// Selected tags, as the picker spells them.
    pub tags: Vec<String>,
    pub unread_only: bool,
    pub starred_only: bool,
    /// The selected post's key path.
    pub selected: Option<PathBuf>,
    /// The post open in the reader, if one had the keyboard.
    pub open: Option<PathBuf>,
}

/// A [`ListState`] in the state file's `lists` array, with the folder it belongs to.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredList {
    pub folder: StoredPath,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unread_only: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<StoredPath>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<StoredPath>,
}

impl StoredList {
    pub fn new(folder: &std::path::Path, list: &ListState) -> Self {
        Self {
            folder: folder.into(),
            sort: list.sort.clone(),
            tags: list.tags.clone(),
            unread_only: list.unread_only,
            starred_only: list.starred_only,
            selected: list.selected.as_deref().map(Into::into),
            open: list.open.as_deref().map(Into::into),
        }
    }

    pub fn into_parts(self) -> (PathBuf, ListState) {
        let list = ListState {
            sort: self.sort,
            tags: self.tags,
            unread_only: self.unread_only,
            starred_only: self.starred_only,
            selected: self.selected.map(Into::into),
            open: self.open.map(Into::into),
        };
        (self.folder.into(), list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{PostKey, STATE_FILE, StateStore};

    fn folder(name: &str) -> PostKey {
        PostKey::for_path(std::path::Path::new("/no/such/blog").join(name).as_path())
    }

    fn titled(sort: &str) -> ListState {
        ListState {
            sort: Some(sort.into()),
            tags: vec!["Service Mesh".into()],
            unread_only: true,
            starred_only: false,
            selected: Some("/no/such/blog/a.md".into()),
            open: None,
        }
    }

    #[test]
    fn a_folders_list_survives_a_save_and_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = StateStore::open(dir.path());
        store.set_list(&folder("a"), titled("title"));
        assert!(store.has_unsaved_changes());
        assert_eq!(store.save().unwrap(), None);
        let (reopened, warning) = StateStore::open(dir.path());
        assert_eq!(warning, None);
        assert_eq!(reopened.list(&folder("a")), Some(&titled("title")));
        assert_eq!(reopened.list(&folder("b")), None);
    }

    #[test]
    fn two_kijis_on_two_folders_keep_each_others_lists() {
        let dir = tempfile::tempdir().unwrap();
        let (mut first, _) = StateStore::open(dir.path());
        let (mut second, _) = StateStore::open(dir.path());
        first.set_list(&folder("a"), titled("title"));
        second.set_list(&folder("b"), titled("date"));
        first.save().unwrap();
        second.save().unwrap();
        let (reopened, _) = StateStore::open(dir.path());
        assert_eq!(reopened.list(&folder("a")), Some(&titled("title")));
        assert_eq!(reopened.list(&folder("b")), Some(&titled("date")));
    }

    #[test]
    fn a_state_file_without_lists_reads_as_before() {
        let dir = tempfile::tempdir().unwrap();
        let text = r#"{"version": 1, "posts": [{"path": "/p/a.md", "starred": true}]}"#;
        std::fs::write(dir.path().join(STATE_FILE), text).unwrap();
        let (store, warning) = StateStore::open(dir.path());
        assert_eq!(warning, None);
        assert!(store.get(&PostKey::for_path("/p/a.md".as_ref())).starred);
        assert_eq!(store.list(&folder("a")), None);
    }
}
