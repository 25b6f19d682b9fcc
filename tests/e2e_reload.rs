//! Edit and live reload in a real terminal: `e` runs an editor and the reader shows what it
//! wrote; posts created, changed and deleted on disk show in the list within two seconds
//! (inotify, and the polling fallback); `R` reads everything again; `kiji FILE` lists the
//! posts beside the file. The posts are written here, into a temporary folder.

mod tmux_support;

use std::fs;
use std::path::Path;
use std::time::Duration;

use tmux_support::*;

/// How soon a change on disk must show.
const SEEN_WITHIN: Duration = Duration::from_secs(2);

fn write_post(dir: &Path, name: &str, title: &str, date: &str, body: &str) {
    fs::write(
        dir.join(name),
        format!("---\ntitle: \"{title}\"\ndate: {date}\n---\n\n{body}\n"),
    )
    .unwrap();
}

/// A folder of three posts.
fn posts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_post(
        dir.path(),
        "2024-01-01-alpha.md",
        "Alpha post",
        "2024-01-01",
        "First body.",
    );
    write_post(
        dir.path(),
        "2024-02-02-bravo.md",
        "Bravo post",
        "2024-02-02",
        "Second body.",
    );
    write_post(
        dir.path(),
        "2024-03-03-charlie.md",
        "Charlie post",
        "2024-03-03",
        "Third body.",
    );
    dir
}

/// How many times `title` shows in the list pane (left of the divider; the reader on the
/// right shows the selected post's title too).
fn listed(screen: &str, title: &str) -> usize {
    screen
        .lines()
        .filter(|l| l.split('│').next().is_some_and(|list| list.contains(title)))
        .count()
}

fn start_on(tmux: &Tmux, env: &str, path: &Path) {
    tmux.command(&format!("{env} {}", kiji(&format!("'{}'", path.display()))));
}

#[test]
fn e_opens_the_editor_on_a_given_back_terminal_and_shows_the_line_it_added() {
    let dir = posts();
    let tools = tempfile::tempdir().unwrap();
    let report = tools.path().join("editor-saw");
    let editor = tools.path().join("append-line");
    // The editor notes its arguments and the terminal it was given, then appends a line.
    fs::write(
        &editor,
        format!(
            "#!/bin/sh\n\
             {{ echo \"args: $*\"; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | sort | tr '\\n' ' '; echo; \
             tmux display-message -p 'alt=#{{alternate_on}}'; }} > '{}'\n\
             for last; do :; done\n\
             printf '\\nA line the editor added.\\n' >> \"$last\"\n",
            report.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", &editor.display().to_string()])
        .status()
        .unwrap();
    let tmux = Tmux::start("reload-edit");
    start_on(
        &tmux,
        &format!("VISUAL= EDITOR='{}'", editor.display()),
        dir.path(),
    );
    tmux.wait_for("the list", |s| {
        s.contains("Charlie post") && s.contains("3 posts")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the newest post open", |s| s.contains("Third body."));
    tmux.keys(&["e"]);
    tmux.wait_for("the added line in the reader", |s| {
        s.contains("A line the editor added.") && s.contains("Third body.")
    });
    assert!(tmux.alternate_screen(), "kiji has the terminal again");
    let saw = fs::read_to_string(&report).unwrap();
    assert!(
        saw.contains("2024-03-03-charlie.md")
            && saw.contains("echo icanon")
            && saw.contains("alt=0"),
        "the editor got the file on a cooked main screen: {saw}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();
}

#[test]
fn keys_typed_while_the_editor_runs_reach_the_editor() {
    // kiji's input thread must stop reading before the editor starts: a key it took would
    // be lost to the editor (and, read afterwards, taken for a command).
    let dir = posts();
    let tools = tempfile::tempdir().unwrap();
    let editor = tools.path().join("read-line");
    fs::write(
        &editor,
        format!(
            "#!/bin/sh\n\
             for last; do :; done\n\
             round=$(( $(cat '{count}' 2>/dev/null || echo 0) + 1 ))\n\
             echo $round > '{count}'\n\
             printf 'editor %s waits for a line: ' $round\n\
             read line\n\
             printf '\\n%s\\n' \"$line\" >> \"$last\"\n",
            count = tools.path().join("count").display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", &editor.display().to_string()])
        .status()
        .unwrap();
    let tmux = Tmux::start("reload-edit-keys");
    start_on(
        &tmux,
        &format!("VISUAL= EDITOR='{}'", editor.display()),
        dir.path(),
    );
    tmux.wait_for("the list", |s| s.contains("3 posts"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the newest post open", |s| s.contains("Third body."));
    for round in 1..=3 {
        tmux.keys(&["e"]);
        let waits = format!("editor {round} waits for a line:");
        tmux.wait_for("the editor", |s| s.contains(&waits));
        let typed = format!("Typed in the editor, round {round}.");
        tmux.type_text(&typed);
        tmux.keys(&["Enter"]);
        tmux.wait_for("the typed line in the reader", |s| {
            s.contains(&typed) && s.contains("Third body.")
        });
    }
    // None of the typed keys reached kiji: `q` among them would have quit it, `/` searched.
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();
}

#[test]
fn posts_created_changed_and_deleted_on_disk_show_within_two_seconds() {
    let dir = posts();
    let tmux = Tmux::start("reload-watch");
    start_on(&tmux, "", dir.path());
    tmux.wait_for("the list", |s| {
        s.contains("Alpha post") && s.contains("3 posts")
    });

    write_post(
        dir.path(),
        "2024-04-04-delta.md",
        "Delta post",
        "2024-04-04",
        "Fourth body.",
    );
    tmux.wait_within(SEEN_WITHIN, "the new post listed", |s| {
        listed(s, "Delta post") == 1 && Tmux::status_line(s).contains("added 2024-04-04-delta.md")
    });

    write_post(
        dir.path(),
        "2024-01-01-alpha.md",
        "Alpha renamed",
        "2024-01-01",
        "First body.",
    );
    tmux.wait_within(SEEN_WITHIN, "the changed title listed", |s| {
        listed(s, "Alpha renamed") == 1 && listed(s, "Alpha post") == 0
    });

    fs::remove_file(dir.path().join("2024-02-02-bravo.md")).unwrap();
    tmux.wait_within(SEEN_WITHIN, "the deleted post gone", |s| {
        listed(s, "Bravo post") == 0 && Tmux::status_line(s).contains("removed")
    });

    fs::rename(
        dir.path().join("2024-03-03-charlie.md"),
        dir.path().join("2024-03-03-charlie-moved.md"),
    )
    .unwrap();
    tmux.wait_within(SEEN_WITHIN, "the renamed post listed once", |s| {
        listed(s, "Charlie post") == 1
            && ["Alpha renamed", "Delta post"]
                .iter()
                .all(|t| listed(s, t) == 1)
            && Tmux::status_line(s).contains("added 2024-03-03-charlie-moved.md")
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
}

#[test]
fn the_polling_fallback_sees_a_new_post_within_two_seconds() {
    let dir = posts();
    let tmux = Tmux::start("reload-poll");
    start_on(&tmux, "KIJI_WATCH=poll", dir.path());
    tmux.wait_for("the list and the note", |s| {
        s.contains("Alpha post") && s.contains("polling every second")
    });
    write_post(
        dir.path(),
        "2024-04-04-delta.md",
        "Delta post",
        "2024-04-04",
        "Fourth body.",
    );
    tmux.wait_within(SEEN_WITHIN, "the new post listed", |s| {
        listed(s, "Delta post") == 1
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
}

#[test]
fn r_reads_every_post_again_when_nothing_watches() {
    let dir = posts();
    let tmux = Tmux::start("reload-rescan");
    start_on(&tmux, "KIJI_WATCH=off", dir.path());
    tmux.wait_for("the list", |s| {
        s.contains("Alpha post") && s.contains("3 posts")
    });
    write_post(
        dir.path(),
        "2024-04-04-delta.md",
        "Delta post",
        "2024-04-04",
        "Fourth body.",
    );
    fs::remove_file(dir.path().join("2024-02-02-bravo.md")).unwrap();
    tmux.keys(&["R"]);
    tmux.wait_for("the rescan's result", |s| {
        listed(s, "Delta post") == 1
            && listed(s, "Bravo post") == 0
            && Tmux::status_line(s).contains("read every post again")
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
}

#[test]
fn kiji_file_lists_the_posts_beside_it() {
    let dir = posts();
    let tmux = Tmux::start("reload-neighbours");
    start_on(&tmux, "", &dir.path().join("2024-02-02-bravo.md"));
    tmux.wait_for("the post open and its neighbours listed", |s| {
        s.contains("Second body.") && listed(s, "Alpha post") == 1 && listed(s, "Charlie post") == 1
    });
    // The list beside the reader marks the selected post: the one opened.
    let screen = tmux.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with('▌') && l.contains("Bravo post")),
        "the opened post is selected:\n{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
}

#[test]
fn a_post_changed_in_a_folder_named_relatively_is_listed_once() {
    // notify names files from the absolute root; kiji lists `posts/a.md` as the walk found
    // it. The two must meet, or a changed post is added a second time.
    let dir = tempfile::tempdir_in(Path::new(ROOT).join("target")).unwrap();
    write_post(
        dir.path(),
        "2024-01-01-alpha.md",
        "Alpha post",
        "2024-01-01",
        "First body.",
    );
    write_post(
        dir.path(),
        "2024-02-02-bravo.md",
        "Bravo post",
        "2024-02-02",
        "Second body.",
    );
    let relative = dir.path().strip_prefix(ROOT).unwrap();
    assert!(relative.is_relative());
    let tmux = Tmux::start("reload-relative");
    start_on(&tmux, "", relative);
    tmux.wait_for("the list", |s| listed(s, "Alpha post") == 1);
    write_post(
        dir.path(),
        "2024-01-01-alpha.md",
        "Alpha post",
        "2024-01-01",
        "Changed body.",
    );
    tmux.wait_within(SEEN_WITHIN, "the change applied to the listed post", |s| {
        Tmux::status_line(s).contains("reloaded 2024-01-01-alpha.md")
            && listed(s, "Alpha post") == 1
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
}

#[test]
fn a_resize_reaches_kiji_while_it_waits_for_input() {
    // The input thread waits with poll(2) on the terminal and on SIGWINCH: a resize with no
    // key pressed must still redraw.
    let dir = posts();
    let tmux = Tmux::start("reload-resize");
    start_on(&tmux, "", dir.path());
    tmux.wait_for("two panes", |s| {
        s.contains('│') && listed(s, "Alpha post") == 1
    });
    assert!(
        tmux.run(&["resize-window", "-x", "40", "-y", "20"])
            .status
            .success()
    );
    tmux.wait_for("one pane at 40 columns", |s| {
        !s.contains('│') && s.contains("Alpha post") && s.lines().all(|l| l.chars().count() <= 40)
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
}
