//! A stack overflow in the reader gives the terminal back before std aborts: the overflow
//! message is readable on the normal screen and the shell is usable, with no `reset`.
//! (kiji recurses on nothing the input controls; the debug build's `KIJI_TEST_OVERFLOW`
//! hook overflows on purpose.)

mod tmux_support;

use tmux_support::{PROMPT, Tmux, kiji};

#[test]
fn a_stack_overflow_restores_the_terminal_before_aborting() {
    let tmux = Tmux::start("overflow");
    tmux.command(&format!("KIJI_TEST_OVERFLOW='%' {}", kiji("assets/posts")));
    tmux.wait_for("the post list", |s| s.contains("11 posts"));
    tmux.keys(&["%"]);
    let screen = tmux.wait_for("the overflow message, then the prompt", |s| {
        s.contains("has overflowed its stack")
            && Tmux::status_line(s).trim_end() == PROMPT.trim_end()
    });
    assert!(
        !screen.contains("11 posts"),
        "the list is gone with the alternate screen"
    );
    tmux.command("echo status=$?");
    tmux.wait_for("the status of an abort (128 + SIGABRT)", |s| {
        s.contains("status=134")
    });
    tmux.assert_terminal_restored();
}
