//! The real binary in tmux, for moving between posts and for state that must survive the
//! terminal going away: `J`/`K`, Space at the end of a post, the tag picker, reopening a
//! folder as it was left, and saving on every way out (a closed pty, SIGHUP, SIGTERM,
//! SIGINT, a panic). Every wait polls the screen or the state file with a deadline.

mod tmux_support;

use tmux_support::*;

impl Tmux {
    /// Starts kiji on the samples, opens the newest post and stars it.
    fn open_newest_and_star(&self) {
        self.open_newest_and_star_with("");
    }

    /// [`Self::open_newest_and_star`] with `env` set for kiji (`NAME=value …`).
    fn open_newest_and_star_with(&self, env: &str) {
        self.open_newest_and_star_by(&format!("{env} {}", kiji("assets/posts")));
    }

    /// [`Self::open_newest_and_star`], kiji started on the samples by the shell `command`.
    fn open_newest_and_star_by(&self, command: &str) {
        self.command(command);
        self.wait_for("the post list", |s| s.contains("11 posts"));
        self.keys(&["g", "Enter"]);
        self.wait_for("the reader", |s| Self::status_line(s).contains("row 1/"));
        self.keys(&["m"]);
        self.wait_for("the star", |s| Self::status_line(s).contains("starred"));
        assert!(
            !self.state_file().exists(),
            "nothing is saved before kiji ends, so the test sees the exit's save"
        );
    }

    /// Waits for the state file to hold the newest post starred.
    fn assert_star_saved(&self) {
        self.wait_for_file(&self.state_file(), "the star", |text| {
            text.lines()
                .any(|l| l.contains("zenkaku-hankaku") && l.contains("\"starred\":true"))
        });
    }

    fn assert_signal_saves(&self, signal: &str) {
        self.open_newest_and_star();
        self.signal_child(signal);
        self.wait_for_prompt();
        self.assert_star_saved();
        self.assert_terminal_restored();
    }
}

#[test]
fn a_star_survives_the_pty_closing_under_kiji() {
    let tmux = Tmux::start("ptyclose");
    tmux.open_newest_and_star();
    // The pane, its pty and the shell go away at once, as when a terminal window is closed.
    assert!(tmux.run(&["kill-session"]).status.success());
    tmux.assert_star_saved();
}

/// The pty closes under a session leader that keeps the SIGHUP to itself (as `strace` or a
/// wrapper may): kiji sees the hangup on its own, saves, and ends as SIGHUP ends it. It
/// used to spin on a terminal that reports only its end, for ever; and, told by a SIGHUP,
/// it ended with a panic's status (ratatui's drop reports to the closed terminal).
#[test]
fn a_closed_pty_without_sighup_ends_kiji_as_sighup_would() {
    let tmux = Tmux::start("ptynohup");
    let exited = tempfile::tempdir().unwrap();
    let status = exited.path().join("status");
    tmux.open_newest_and_star_by(&format!(
        "exec sh -c \"trap '' HUP; {}; echo \\$? > '{}'\"",
        kiji("assets/posts"),
        status.display()
    ));
    assert!(tmux.run(&["kill-session"]).status.success());
    let code = tmux.wait_for_file(&status, "kiji's exit status", |text| text.ends_with('\n'));
    assert_eq!(code.trim(), "129", "128 + SIGHUP");
    tmux.assert_star_saved();
}

#[test]
fn a_panic_saves_the_star() {
    let tmux = Tmux::start("panicsave");
    // The debug binary's test hook: `%` panics inside the event loop.
    tmux.open_newest_and_star_with("KIJI_TEST_PANIC='%' RUST_BACKTRACE=0");
    tmux.keys(&["%"]);
    tmux.wait_for("the panic's message and the prompt", |s| {
        s.contains("KIJI_TEST_PANIC:") && Tmux::status_line(s).trim_end() == PROMPT.trim_end()
    });
    tmux.assert_star_saved();
}

#[test]
fn sighup_saves_the_star() {
    Tmux::start("hupsave").assert_signal_saves("HUP");
}

#[test]
fn sigterm_saves_the_star() {
    Tmux::start("termsave").assert_signal_saves("TERM");
}

#[test]
fn sigint_saves_the_star() {
    Tmux::start("intsave").assert_signal_saves("INT");
}

/// The reader pane's first line, beside the list.
fn reader_top_line(screen: &str) -> String {
    let first = screen.lines().next().unwrap_or("");
    first.split('│').nth(1).unwrap_or("").trim().to_owned()
}

const NEWEST: &str = "全角と半角が混ざった文章の読みやすさ";
const SECOND: &str = "Rust のエラーメッセージに「どうすればいいか」を書く";
const THIRD: &str = "夏の京都、早朝の散歩";

impl Tmux {
    /// Starts kiji on the samples and opens the newest post.
    fn open_newest(&self) {
        self.command(&kiji("assets/posts"));
        self.wait_for("the post list", |s| s.contains("11 posts"));
        self.keys(&["g", "Enter"]);
        self.wait_for("the newest post", |s| reader_top_line(s) == NEWEST);
    }

    fn quit(&self) {
        self.keys(&["q"]);
        self.wait_for_prompt();
        self.assert_terminal_restored();
    }
}

#[test]
fn shift_j_and_shift_k_move_between_posts_from_the_reader() {
    let tmux = Tmux::start("jk");
    tmux.open_newest();
    tmux.keys(&["J"]);
    tmux.wait_for("the next post", |s| reader_top_line(s) == SECOND);
    tmux.keys(&["J"]);
    tmux.wait_for("the one after", |s| reader_top_line(s) == THIRD);
    // Still the reader: j scrolls the post rather than moving the list.
    tmux.keys(&["j"]);
    tmux.wait_for("the post scrolled", |s| {
        Tmux::status_line(s).contains("row 2/")
    });
    tmux.keys(&["K"]);
    tmux.wait_for("the previous post", |s| reader_top_line(s) == SECOND);
    tmux.quit();
}

#[test]
fn space_at_the_end_of_a_post_says_then_goes_to_the_next_unread() {
    let tmux = Tmux::start("space");
    tmux.open_newest();
    tmux.keys(&["Space"]);
    tmux.wait_for("a page down, not another post", |s| {
        !Tmux::status_line(s).contains("row 1/") && reader_top_line(s) != SECOND
    });
    tmux.keys(&["G", "Space"]);
    let expected = format!("end — Space for next unread: {SECOND}");
    tmux.wait_for("the offer of the next unread post", |s| {
        Tmux::status_line(s).contains(&expected)
    });
    tmux.keys(&["Space"]);
    tmux.wait_for("the next unread post", |s| {
        reader_top_line(s) == SECOND && Tmux::status_line(s).contains("row 1/")
    });
    tmux.quit();
}

/// A folder of three posts, one of whose tags has a space in it.
fn mesh_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let posts = [
        (
            "a.md",
            "Mesh one",
            "2024-03-01",
            r#"["Service Mesh", SOFAMesh]"#,
        ),
        (
            "b.md",
            "Mesh two",
            "2024-02-01",
            r#"["Service Mesh", Istio]"#,
        ),
        ("c.md", "Sofa only", "2024-01-01", "[SOFAMesh, RPC]"),
    ];
    for (file, title, date, tags) in posts {
        let text = format!(
            "---\ntitle: {title}\ndate: {date}\ntags: {tags}\n---\n\nA short post about {title}.\n"
        );
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    dir
}

#[test]
fn the_tag_picker_types_spaces_applies_with_enter_and_restores_with_escape() {
    let folder = mesh_folder();
    let tmux = Tmux::start("picker");
    tmux.command(&kiji(&folder.path().display().to_string()));
    tmux.wait_for("the post list", |s| s.contains("3 posts"));
    tmux.keys(&["t"]);
    tmux.wait_for("the tag picker", |s| s.contains("Tab toggles"));
    tmux.type_text("Service Mesh");
    tmux.wait_for("the typed space, narrowing to one tag", |s| {
        s.contains("› Service Mesh")
            && s.contains("[ ] Service Mesh")
            && !s.contains("[ ] SOFAMesh")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the tag applied and the picker closed", |s| {
        Tmux::status_line(s).contains("tags: Service Mesh")
            && s.contains("2 of 3 posts")
            && !s.contains("Tab toggles")
            && !s.contains("Sofa only")
    });

    // Toggle Service Mesh off and SOFAMesh on, then Esc: the filter is as it was.
    tmux.keys(&["t"]);
    tmux.wait_for("the picker again", |s| s.contains("1 selected"));
    tmux.type_text("sofa");
    tmux.keys(&["Tab"]);
    tmux.wait_for("SOFAMesh added", |s| s.contains("[x] SOFAMesh"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filter before the picker", |s| {
        let status = Tmux::status_line(s);
        status.contains("tags: Service Mesh")
            && !status.contains("SOFAMesh")
            && !s.contains("selected")
            && s.contains("2 of 3 posts")
    });
    tmux.quit();
}

#[test]
fn reopening_the_folder_restores_selection_sort_filter_and_the_open_post() {
    let tmux = Tmux::start("reopen");
    tmux.command(&kiji("assets/posts"));
    tmux.wait_for("the post list", |s| s.contains("11 posts"));
    tmux.keys(&["s", "t"]);
    tmux.wait_for("the tag picker", |s| s.contains("Tab toggles"));
    tmux.type_text("rust");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the rust posts by title", |s| {
        let status = Tmux::status_line(s);
        status.contains("tags: rust") && status.contains("sort: title") && s.contains("3 of 11")
    });
    // By title the rust posts are the toolbox, the error messages, the iterators.
    // Six rows down, past the header, whose rows hold no place in the text.
    tmux.keys(&["g", "j", "Enter", "j", "j", "j", "j", "j", "j"]);
    tmux.wait_for("the second rust post open and scrolled", |s| {
        Tmux::status_line(s).contains("row 7/")
    });
    let title = SECOND;
    tmux.quit();

    tmux.command(&kiji("assets/posts"));
    tmux.wait_for("the list and post as they were left", |s| {
        let status = Tmux::status_line(s);
        status.contains("tags: rust")
            && status.contains("sort: title")
            && s.contains("3 of 11")
            && Tmux::status_line(s).contains("row 7/")
            && reader_top_line(s) != title
    });
    // The post is open, not just previewed: g takes it back to its title.
    tmux.keys(&["g"]);
    tmux.wait_for("the reader to take g", |s| {
        Tmux::status_line(s).contains("row 1/") && reader_top_line(s) == title
    });
    tmux.quit();
}
