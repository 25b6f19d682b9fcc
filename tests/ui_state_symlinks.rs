//! A post whose file is a symlink keeps its state under the file it leads to, however the
//! reader comes to need the post's key: a row shown, the post opened, the list's remembered
//! selection found again, or the unread filter reading every post's state at start.
#![cfg(unix)]

mod ui_support;

use std::path::{Path, PathBuf};

use kiji::model::Library;
use kiji::ui::Action;
use ui_support::*;

/// A folder of three posts, `alias.md` a symlink with a name of its own to `elsewhere/z.md`
/// (outside the folder), and the folder's path.
fn folder_with_an_alias(root: &Path) -> PathBuf {
    let folder = root.join("posts");
    std::fs::create_dir_all(root.join("elsewhere")).unwrap();
    std::fs::create_dir(&folder).unwrap();
    for name in ["x.md", "y.md"] {
        std::fs::write(folder.join(name), "Some text.\n").unwrap();
    }
    std::fs::write(root.join("elsewhere/z.md"), "Some text.\n").unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere/z.md"), folder.join("alias.md")).unwrap();
    folder
}

/// The posts at `names` in `folder`, titled by their names, newest first in this order.
fn library_of(folder: &Path, names: &[&str]) -> Library {
    let posts = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let path = folder.join(name);
            let date = format!("2024-01-{:02}", 20 - i);
            post(
                path.to_str().unwrap(),
                name,
                Some(&date),
                &[],
                "Some text.\n",
            )
        })
        .collect();
    Library {
        posts,
        diagnostics: vec![],
    }
}

#[test]
fn a_post_read_through_a_symlink_is_read_as_the_file_it_leads_to() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let folder = folder_with_an_alias(root.path());
    let mut app = run_remembering(
        library_of(&folder, &["x.md", "alias.md"]),
        &folder,
        state.path(),
    );
    select(&mut app, "alias.md");
    apply(&mut app, &[Action::Open, Action::Back]);
    quit(app);

    // The same file, listed from its own folder by its own name.
    let elsewhere = root.path().join("elsewhere");
    let app = run_remembering(library_of(&elsewhere, &["z.md"]), &elsewhere, state.path());
    assert!(app.post_state(0).read);
    let z = kiji::state::PostKey::for_path(&elsewhere.join("z.md"));
    assert!(app.state().get(&z).read);
}

#[test]
fn a_remembered_selection_on_a_symlink_of_another_name_is_selected_again() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let folder = folder_with_an_alias(root.path());
    let names = ["x.md", "alias.md", "y.md"];
    let mut app = run_remembering(library_of(&folder, &names), &folder, state.path());
    select(&mut app, "alias.md");
    quit(app);

    let app = run_remembering(library_of(&folder, &names), &folder, state.path());
    assert_eq!(selected_title(&app).as_deref(), Some("alias.md"));
}

#[test]
fn the_unread_filter_remembered_hides_a_post_read_through_a_symlink_from_the_start() {
    let root = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let folder = folder_with_an_alias(root.path());
    // The file the alias leads to, read by its own name.
    let mut library = library_of(&folder, &["x.md", "y.md"]);
    let z = root.path().join("elsewhere/z.md");
    let date = Some("2024-01-01");
    library
        .posts
        .push(post(z.to_str().unwrap(), "z.md", date, &[], "Some text.\n"));
    let mut app = run_remembering(library, &folder, state.path());
    select(&mut app, "z.md");
    apply(&mut app, &[Action::Open, Action::Back, Action::UnreadOnly]);
    quit(app);

    let app = run_remembering(
        library_of(&folder, &["x.md", "alias.md", "y.md"]),
        &folder,
        state.path(),
    );
    assert!(app.unread_only());
    assert_eq!(titles(&app), ["x.md", "y.md"]);
}
