//! The real binary in tmux, for moving between posts and for state that must survive the
//! terminal going away: `J`/`K`, Space at the end of a post, the tag picker, reopening a
//! folder as it was left, and saving on every way out (a closed pty, SIGHUP, SIGTERM,
//! SIGINT). Every wait polls the screen or the state file with a deadline.

mod tmux_support;

use tmux_support::*;

impl Tmux {
    /// Starts kiji on the samples, opens the newest post and stars it.
    fn open_newest_and_star(&self) {
        self.command(&kiji("assets/posts"));
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
