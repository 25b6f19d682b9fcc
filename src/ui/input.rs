//! Reading terminal events on a thread of their own, for the event loop, in a way that can
//! be held off: while an editor started by `e` has the terminal, every key must reach the
//! editor.
//!
//! The thread blocks in crossterm's `read`, the one call that always hands over the events
//! crossterm has already read and parsed. (A `poll` with a timeout does not look at them
//! once its timeout has run out, which a loaded machine can make happen before it starts:
//! a burst of keys then sat parsed but unread, Ctrl-C behind them, until another key came.)
//! To hold the thread off, the gate wakes that `read` the way a resize would, by raising
//! SIGWINCH, whose pipe crossterm waits on beside the terminal, and waits until the thread
//! has stopped before the terminal is given away.

use std::io;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

/// How long holding the input thread off waits for it to stop. It stops at once unless it
/// is in the middle of sending an event; this only keeps a stuck thread from stopping the
/// editor as well.
const STOP_WAIT: Duration = Duration::from_secs(1);

/// Lets the input thread read, or holds it while an editor has the terminal.
#[derive(Default)]
pub struct InputGate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    paused: bool,
    /// The input thread is waiting at the gate, or has ended: it reads nothing.
    idle: bool,
}

impl InputGate {
    /// Holds the input thread off, and returns once it has stopped reading; or lets it read
    /// again.
    pub fn set_paused(&self, paused: bool) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.paused = paused;
        self.changed.notify_all();
        if !paused || state.idle {
            return;
        }
        // The thread may be blocked in crossterm's read: a SIGWINCH wakes it with a resize
        // (the same size; the loop redraws when the editor is done anyway).
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
        let _stopped = self
            .changed
            .wait_timeout_while(state, STOP_WAIT, |state| !state.idle);
    }

    /// Waits while the gate is closed, saying meanwhile that the thread reads nothing.
    fn wait_while_paused(&self) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if state.paused {
            state.idle = true;
            self.changed.notify_all();
            let Ok(mut resumed) = self.changed.wait_while(state, |state| state.paused) else {
                return;
            };
            resumed.idle = false;
        }
    }

    fn ended(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.idle = true;
            self.changed.notify_all();
        }
    }
}

/// Reads terminal events for the loop, and sends every event (or the error that ends
/// reading) to `sender`, made a message by `wrap`. Idle, it sleeps in crossterm's poll(2).
pub fn read_input<M: Send + 'static>(
    sender: Sender<M>,
    gate: Arc<InputGate>,
    wrap: fn(io::Result<Event>) -> M,
) {
    thread::spawn(move || {
        // crossterm sees SIGWINCH only once its event source exists, which it makes on the
        // first poll: a resize before that (a slow start) would be lost. The size once the
        // source exists says it (the loop keeps the last of a burst of resizes).
        let started = event::poll(Duration::ZERO).and_then(|_| crossterm::terminal::size());
        if let Ok((width, height)) = started
            && sender.send(wrap(Ok(Event::Resize(width, height)))).is_err()
        {
            gate.ended();
            return;
        }
        loop {
            gate.wait_while_paused();
            let read = event::read();
            let failed = read.is_err();
            if sender.send(wrap(read)).is_err() || failed {
                break;
            }
        }
        gate.ended();
    });
}

/// Calls `hung_up` once the terminal has gone: its window closed, its pty's other end shut.
/// A SIGHUP usually says so, but not always (the session's leader may be a program that
/// keeps it, such as `strace` or a wrapper), and crossterm's `read` never returns then: it
/// polls a terminal that reports end-of-file, again and again, on a core of its own. This
/// thread waits in poll(2) for the hangup alone, which takes no CPU until it comes.
///
/// Not on macOS, whose poll(2) does not take a terminal (crossterm uses select(2) there).
pub fn watch_hangup(hung_up: impl FnOnce() + Send + 'static) {
    #[cfg(not(target_vendor = "apple"))]
    if let Some(terminal) = terminal_read() {
        thread::spawn(move || wait_for_hangup(&terminal, hung_up));
    }
    #[cfg(target_vendor = "apple")]
    let _ = hung_up;
}

/// The terminal crossterm reads: standard input when it is one, else /dev/tty.
#[cfg(not(target_vendor = "apple"))]
fn terminal_read() -> Option<std::os::fd::OwnedFd> {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    if io::stdin().is_terminal() {
        io::stdin().as_fd().try_clone_to_owned().ok()
    } else {
        std::fs::File::open("/dev/tty").ok().map(Into::into)
    }
}

#[cfg(not(target_vendor = "apple"))]
fn wait_for_hangup(terminal: &std::os::fd::OwnedFd, hung_up: impl FnOnce()) {
    use rustix::event::{PollFd, PollFlags, poll};
    loop {
        // No events asked for: poll(2) reports a hangup and an error whatever is asked.
        let mut fds = [PollFd::new(terminal, PollFlags::empty())];
        match poll(&mut fds, None) {
            Ok(_) if fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR) => {
                return hung_up();
            }
            // A descriptor poll(2) cannot watch is no hangup: the watch ends.
            Ok(_) if fds[0].revents().contains(PollFlags::NVAL) => return,
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(_) => return,
        }
    }
}
