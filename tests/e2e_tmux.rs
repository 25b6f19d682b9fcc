//! The real binary in a real terminal: tmux runs a shell in a 100×30 pane, the test types
//! keys and reads the screen back with `capture-pane`, polling with a timeout (never a
//! fixed sleep). Each test uses its own tmux server (`-L`), killed when the test ends, and
//! its own empty state and config directories, so neither a developer's settings nor other
//! tests change what it sees.

mod tmux_support;

use std::path::Path;

use tmux_support::*;

#[test]
fn browse_filter_read_search_and_quit() {
    assert!(Path::new(ROOT).join("assets/posts").is_dir());
    let tmux = Tmux::start("browse");
    tmux.command(&kiji("assets/posts"));
    tmux.wait_for("the post list", |s| {
        s.contains("My terminal toolbox, mid-2024")
            && s.contains("夏の京都、早朝の散歩")
            && s.contains("11 posts")
    });

    // Filter by a tag: two posts carry `blogging`.
    tmux.keys(&["t"]);
    tmux.wait_for("the tag picker", |s| s.contains("Tab toggles"));
    tmux.type_text("blogging");
    tmux.keys(&["Tab"]);
    tmux.wait_for("the filter to apply", |s| s.contains("2 of 11 posts"));
    tmux.keys(&["Enter"]);
    tmux.wait_for(
        "the picker to close on the two posts tagged `blogging`",
        |s| {
            !s.contains("Enter applies")
                && s.contains("Summaries, drafts and reading time")
                && s.contains("Moving an old Jekyll blog")
                && !s.contains("My terminal toolbox")
                && Tmux::status_line(s).contains("tags: blogging")
        },
    );

    // Open the newest of the two and scroll.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the reader at its first row", |s| {
        Tmux::status_line(s).contains("row 1/")
    });
    tmux.keys(&["j"]);
    tmux.wait_for("one row down", |s| Tmux::status_line(s).contains("row 2/"));
    tmux.keys(&["C-d"]);
    tmux.wait_for("half a page down", |s| {
        !Tmux::status_line(s).contains("row 2/") && Tmux::status_line(s).contains("row ")
    });
    tmux.keys(&["g"]);
    tmux.wait_for("back at the top", |s| {
        Tmux::status_line(s).contains("row 1/")
    });

    // Search inside the post and move between matches.
    tmux.keys(&["/"]);
    tmux.type_text("draft");
    tmux.wait_for("the search prompt", |s| {
        Tmux::status_line(s).contains("/draft")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the first match", |s| {
        Tmux::status_line(s).contains("match 1/")
    });
    tmux.keys(&["n"]);
    tmux.wait_for("the second match", |s| {
        Tmux::status_line(s).contains("match 2/")
    });

    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();

    // A file opens straight in the reader.
    tmux.command(&kiji("assets/posts/2024-08-15-kyoto-trip.md"));
    tmux.wait_for("the post and its body in the reader", |s| {
        s.contains("夏の京都、早朝の散歩")
            && s.contains("鴨川")
            && Tmux::status_line(s).contains("row 1/")
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();
}

impl Tmux {
    /// Opens the Kyoto post and waits for its first row.
    fn open_kyoto(&self) {
        self.command(&kiji("assets/posts/2024-08-15-kyoto-trip.md"));
        self.wait_for("the reader", |s| Self::status_line(s).contains("row 1/"));
    }

    /// Checks the shell reports kiji stopped, with the terminal given back, then brings kiji
    /// to the foreground and checks it redraws the whole reader and still takes keys.
    fn assert_suspended_then_resumes(&self) {
        self.wait_for("the shell to report kiji stopped", |s| {
            s.contains("Stopped") && Self::status_line(s).trim_end() == PROMPT.trim_end()
        });
        self.assert_terminal_restored();
        self.command("fg");
        self.wait_for("kiji redrawn in full after fg", |s| {
            s.contains("夏の京都、早朝の散歩")
                && !s.contains("Stopped")
                && !s.contains(PROMPT.trim_end())
                && Self::status_line(s).contains("row 1/")
        });
        self.keys(&["j"]);
        self.wait_for("kiji to take keys again", |s| {
            Self::status_line(s).contains("row 2/")
        });
        self.keys(&["q"]);
        self.wait_for_prompt();
        self.assert_terminal_restored();
    }

    /// Sends `signal` to kiji in the reader; it must exit with 128 + the signal's number and
    /// leave the terminal as it found it.
    fn assert_signal_restores(&self, signal: &str, status: i32) {
        self.open_kyoto();
        self.signal_child(signal);
        self.wait_for_prompt();
        self.command("echo status=$?");
        let expected = format!("status={status}");
        self.wait_for("the exit status", |s| s.contains(&expected));
        self.assert_terminal_restored();
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    let tmux = Tmux::start("sigterm");
    tmux.assert_signal_restores("TERM", 143);
}

#[test]
fn sigquit_sigusr1_and_sigusr2_restore_the_terminal() {
    let tmux = Tmux::start("sigquit");
    tmux.assert_signal_restores("QUIT", 131);
    tmux.assert_signal_restores("USR1", 138);
    tmux.assert_signal_restores("USR2", 140);
}

#[test]
fn ctrl_z_suspends_to_a_sane_shell_and_fg_redraws_kiji() {
    let tmux = Tmux::start("ctrl-z");
    tmux.open_kyoto();
    tmux.keys(&["C-z"]);
    tmux.assert_suspended_then_resumes();
}

#[test]
fn kill_tstp_suspends_like_ctrl_z() {
    let tmux = Tmux::start("tstp");
    tmux.open_kyoto();
    tmux.signal_child("TSTP");
    tmux.assert_suspended_then_resumes();
}

fn reader_top_line(screen: &str) -> String {
    let first = screen.lines().next().unwrap_or("");
    first.split('│').nth(1).unwrap_or("").trim().to_owned()
}

/// The list's line holding `title`.
fn list_line(screen: &str, title: &str) -> String {
    screen
        .lines()
        .map(|l| l.split('│').next().unwrap_or(""))
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title} is not listed:\n{screen}"))
        .to_owned()
}

/// The newest sample post, first in the list, and another one.
const NEWEST: &str = "全角と半角が混ざった";
const OTHER: &str = "My terminal toolbox, mid-2024";

/// Opens the newest post from the list and scrolls six rows: the reader's screen as opened,
/// and its top line after scrolling.
fn open_newest_and_scroll(tmux: &Tmux) -> (String, String) {
    tmux.keys(&["g", "Enter"]);
    let opened = tmux.wait_for("the reader", |s| Tmux::status_line(s).contains("row 1/"));
    tmux.keys(&["j", "j", "j", "j", "j", "j"]);
    let scrolled = tmux.wait_for("six rows down", |s| Tmux::status_line(s).contains("row 7/"));
    (opened, reader_top_line(&scrolled))
}

/// Starts kiji again on the samples: the newest post is listed as read, another is not, and
/// the newest is open again with `top` at the top, six rows down.
fn assert_newest_reopens_at(tmux: &Tmux, top: &str) {
    tmux.command(&kiji("assets/posts"));
    let screen = tmux.wait_for("the post list", |s| s.contains(OTHER));
    assert!(!list_line(&screen, NEWEST).contains('●'), "{screen}");
    assert!(list_line(&screen, OTHER).contains('●'), "{screen}");
    // The post open when kiji ended opens again by itself (the folder's list is restored).
    let reopened = tmux.wait_for("the reader where it was left", |s| {
        Tmux::status_line(s).contains("row 7/")
    });
    assert_eq!(reader_top_line(&reopened), top);
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();
}

#[test]
fn a_post_reopens_where_reading_stopped_and_is_listed_as_read() {
    let tmux = Tmux::start("resume");
    tmux.command(&kiji("assets/posts"));
    let screen = tmux.wait_for("the post list", |s| s.contains(OTHER));
    assert!(list_line(&screen, NEWEST).contains('●'), "unread at first");

    let (opened, top) = open_newest_and_scroll(&tmux);
    assert!(!top.is_empty());
    assert_ne!(top, reader_top_line(&opened), "the text moved");
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    let state = tmux.state.path().join("state.json");
    assert!(state.is_file(), "saved at exit");

    // Start again: the post is read, the others are not, and it opens where it was left.
    assert_newest_reopens_at(&tmux, &top);
}

#[test]
fn a_garbage_state_file_is_moved_aside_and_kiji_still_starts() {
    let tmux = Tmux::start("garbage");
    let state = tmux.state.path().join("state.json");
    std::fs::write(&state, "{\"version\": 1, \"posts\": [tru").unwrap();

    // --no-state neither reads nor touches it.
    tmux.command(&kiji("--no-state assets/posts"));
    tmux.wait_for("the post list", |s| {
        s.contains("My terminal toolbox, mid-2024") && s.contains("11 posts")
    });
    tmux.keys(&["Enter", "q"]);
    tmux.wait_for_prompt();
    let names = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(tmux.state.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(), ["state.json"]);

    tmux.command(&kiji("assets/posts"));
    tmux.wait_for("the list and the warning in the status line", |s| {
        s.contains("My terminal toolbox, mid-2024")
            && Tmux::status_line(s).contains("warning:")
            && Tmux::status_line(s).contains("could not be parsed")
    });
    tmux.keys(&["Enter", "q"]);
    tmux.wait_for_prompt();
    tmux.wait_for(
        "the whole warning on stderr once the terminal is back",
        |s| {
            // A long temporary path wraps the line.
            let joined: String = s.lines().collect();
            joined.contains("kiji: warning:") && joined.contains("could not be parsed")
        },
    );
    let bad: Vec<String> = names()
        .into_iter()
        .filter(|n| n.starts_with("state.") && n.ends_with(".bad"))
        .collect();
    assert_eq!(bad.len(), 1, "{:?}", names());
    let kept = std::fs::read_to_string(tmux.state.path().join(&bad[0])).unwrap();
    assert_eq!(kept, "{\"version\": 1, \"posts\": [tru");
    let fresh = std::fs::read_to_string(&state).unwrap();
    assert!(
        fresh.contains("\"read\": true") || fresh.contains("\"read\":true"),
        "{fresh}"
    );
    tmux.assert_terminal_restored();
}

/// The key the debug binary's test hook (`KIJI_TEST_PANIC`) turns into a panic in the event
/// loop.
const PANIC_KEY: &str = "%";

/// `kiji ARGS` with the panic hook armed and no backtrace, so the whole message fits.
fn kiji_that_panics(args: &str) -> String {
    format!(
        "KIJI_TEST_PANIC='{PANIC_KEY}' RUST_BACKTRACE=0 {}",
        kiji(args)
    )
}

/// Waits for the panic message and the prompt after it, and returns the screen.
fn wait_for_panic(tmux: &Tmux) -> String {
    tmux.wait_for("the panic message, then the shell prompt", |s| {
        s.contains("KIJI_TEST_PANIC:") && Tmux::status_line(s).trim_end() == PROMPT.trim_end()
    })
}

#[test]
fn a_panic_restores_the_terminal_and_its_message_stays_readable() {
    let tmux = Tmux::start("panic");
    let command = kiji_that_panics("assets/posts");
    tmux.command(&command);
    tmux.wait_for("the post list", |s| s.contains("11 posts"));
    tmux.keys(&[PANIC_KEY]);
    let screen = wait_for_panic(&tmux);

    // Back on the normal screen: the command line, then the message, then a new prompt, in
    // that order (a second exit from the alternate screen would have put the cursor back and
    // the prompt over the message).
    let lines: Vec<&str> = screen.lines().collect();
    let at = |what: &str| {
        lines
            .iter()
            .position(|l| l.contains(what))
            .unwrap_or_else(|| panic!("{what:?} is not on screen:\n{screen}"))
    };
    let typed = at(&format!("KIJI_TEST_PANIC='{PANIC_KEY}'"));
    let panicked = at("panicked at");
    let message = at(&format!("KIJI_TEST_PANIC: Char('{PANIC_KEY}') pressed"));
    let prompt = lines
        .iter()
        .rposition(|l| l.trim_end() == PROMPT.trim_end())
        .unwrap();
    assert!(
        typed < panicked && panicked <= message && message < prompt,
        "{screen}"
    );
    assert!(
        !screen.contains("11 posts"),
        "the list is gone with the alternate screen"
    );

    tmux.command("echo status=$?");
    tmux.wait_for("the exit status of a panic", |s| s.contains("status=101"));
    tmux.assert_terminal_restored();
}

#[test]
fn a_panic_keeps_the_place_in_the_open_post() {
    let tmux = Tmux::start("panic-resume");
    tmux.command(&kiji_that_panics("assets/posts"));
    tmux.wait_for("the post list", |s| s.contains(OTHER));

    // Open the newest post, scroll six rows, and panic while reading it.
    let (_, top) = open_newest_and_scroll(&tmux);
    tmux.keys(&[PANIC_KEY]);
    wait_for_panic(&tmux);
    assert!(tmux.state.path().join("state.json").is_file(), "saved");

    // Start again: the post is read and opens where the panic left it.
    assert_newest_reopens_at(&tmux, &top);
}

/// A post much longer than the pane: twenty distinct paragraphs, then the fourth to sixth
/// pasted again, then one more.
fn post_with_repeats(dir: &Path) -> std::path::PathBuf {
    let paragraph = |n: usize| {
        format!(
            "第{n}段落。これは端末で読む記事の{n}番目の段落で、折り畳みの試験のために十分な長さを持たせてあります。同じ文を少し変えて、行を折り返すまで続けます。"
        )
    };
    let order = (1..=20).chain(4..=6).chain([21]);
    let body: Vec<String> = order.map(paragraph).collect();
    let path = dir.join("repeats.md");
    std::fs::write(
        &path,
        format!(
            "---\ntitle: 繰り返しのある記事\n---\n\n{}\n",
            body.join("\n\n")
        ),
    )
    .unwrap();
    path
}

#[test]
fn z_unfolds_repeated_passages_and_enter_jumps_to_their_first_occurrence() {
    let tmux = Tmux::start("repeats");
    let dir = tempfile::tempdir().unwrap();
    let post = post_with_repeats(dir.path());
    tmux.command(&kiji(&post.display().to_string()));
    tmux.wait_for("the post in the reader", |s| {
        s.contains("繰り返しのある記事") && Tmux::status_line(s).contains("row 1/")
    });
    tmux.keys(&["G"]);
    let screen = tmux.wait_for("the fold at the end", |s| {
        s.contains("⋯ 3 paragraphs repeated from above")
    });
    assert_eq!(screen.matches("第5段落").count(), 0, "{screen}");

    tmux.keys(&["Enter"]);
    // One predicate for the whole screen: capture-pane can catch a frame half drawn.
    tmux.wait_for(
        "the first occurrence at the top, and the status saying so",
        |s| {
            s.lines()
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with("第4段落")
                && Tmux::status_line(s).contains("where the folded passage first appeared")
        },
    );

    tmux.keys(&["G", "z"]);
    // Unfolded in place: the rows above stay where they were, the copies follow them.
    tmux.wait_for("the copies unfolded in place", |s| {
        Tmux::status_line(s).contains("repeated passages unfolded")
            && !s.contains("repeated from above")
            && s.contains("第20段落")
            && s.contains("第4段落")
    });
    tmux.keys(&["G"]);
    tmux.wait_for("the copies and the last paragraph at the end", |s| {
        s.contains("第6段落") && s.contains("第21段落")
    });

    tmux.keys(&["z"]);
    tmux.wait_for("folded again", |s| {
        Tmux::status_line(s).contains("repeated passages folded")
            && s.contains("⋯ 3 paragraphs repeated from above")
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
}

#[test]
fn a_ctrl_c_behind_a_burst_of_typed_keys_quits() {
    // More keys than the terminal driver hands over in one read: crossterm's default input
    // source left the rest, Ctrl-C included, unread until another key came.
    let tmux = Tmux::start("burst");
    tmux.command(&kiji("assets/posts"));
    tmux.wait_for("the post list", |s| s.contains("11 posts"));
    tmux.keys(&["/"]);
    tmux.wait_for("the search prompt", |s| {
        Tmux::status_line(s).starts_with(" /")
    });
    tmux.type_text(&"ab".repeat(2_000));
    tmux.keys(&["C-c"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();
}

/// A post with a picture (a PNG whose colour changes every pixel row, so that every cell of
/// it is a half-block, `▀` or `▄`) after a short paragraph, then text enough to scroll it away.
fn post_with_picture(dir: &Path) -> std::path::PathBuf {
    let image = image::RgbImage::from_fn(80, 40, |_, y| {
        image::Rgb([(y * 6) as u8, 40, 255 - (y * 6) as u8])
    });
    image.save(dir.join("sky.png")).unwrap();
    let text: Vec<String> = (1..=30)
        .map(|n| format!("Paragraph {n} below the picture, long enough to take a row."))
        .collect();
    let path = dir.join("picture.md");
    std::fs::write(
        &path,
        format!(
            "---\ntitle: A post with a picture\n---\n\nAbove the picture.\n\n![An evening sky](sky.png)\n\n{}\n",
            text.join("\n\n")
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_post_with_a_picture_opens_scrolls_past_it_and_back_and_quits() {
    let tmux = Tmux::start("picture");
    std::fs::write(
        tmux._config.path().join("config.toml"),
        "images = \"halfblocks\"\nimage_max_rows = 6\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let post = post_with_picture(dir.path());
    tmux.command(&kiji(&post.display().to_string()));
    let half_block = |l: &str| l.contains(['▀', '▄']);
    let picture_row = |s: &str| {
        s.lines()
            .any(|l| l.trim().chars().count() >= 8 && l.trim().chars().all(|c| "▀▄".contains(c)))
    };
    let screen = tmux.wait_for("the picture drawn above its caption", |s| {
        picture_row(s) && s.contains("An evening sky[1]")
    });
    let rows: Vec<&str> = screen.lines().filter(|l| half_block(l)).collect();
    assert_eq!(
        rows.len(),
        6,
        "image_max_rows holds it to 6 rows:\n{screen}"
    );
    let above = screen
        .lines()
        .position(|l| l.contains("Above the picture."))
        .unwrap();
    let first = screen.lines().position(half_block).unwrap();
    assert!(
        first > above,
        "the picture stands where the post has it:\n{screen}"
    );

    tmux.keys(&["C-d", "C-d"]);
    tmux.wait_for("the picture scrolled away", |s| {
        !s.lines().any(half_block) && !s.contains("An evening sky") && s.contains("Paragraph 1")
    });
    tmux.keys(&["g"]);
    tmux.wait_for("the picture back", |s| {
        picture_row(s) && s.contains("An evening sky[1]")
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();
}

/// In a tmux no terminal is attached to, the question kiji asks at start-up about graphics is
/// passed on to no one, and goes unanswered: the first key pressed after must still count.
#[test]
fn an_unanswered_graphics_query_does_not_take_the_first_key() {
    let tmux = Tmux::start("query");
    let dir = tempfile::tempdir().unwrap();
    let post = post_with_picture(dir.path());
    tmux.command(&kiji(&post.display().to_string()));
    tmux.wait_for("the post, drawn once the query gave up", |s| {
        s.contains("A post with a picture") && s.contains("An evening sky")
    });
    tmux.keys(&["q"]);
    tmux.wait_for_prompt();
    tmux.assert_terminal_restored();
}
