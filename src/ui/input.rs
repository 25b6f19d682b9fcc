//! Reading terminal events on a thread of their own, for the event loop, in a way that can
//! be held off: while an editor started by `e` has the terminal, every key must reach the
//! editor. The thread waits for input with poll(2), which reads nothing, and lets crossterm
//! read only while no editor runs.

use std::io;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

/// Lets the input thread read, or holds it while an editor has the terminal.
#[derive(Default)]
pub struct InputGate {
    paused: Mutex<bool>,
    resumed: Condvar,
}

impl InputGate {
    pub fn set_paused(&self, paused: bool) {
        if let Ok(mut flag) = self.paused.lock() {
            *flag = paused;
        }
        self.resumed.notify_all();
    }

    fn wait_while_paused(&self) {
        let Ok(flag) = self.paused.lock() else {
            return;
        };
        let _unpaused = self.resumed.wait_while(flag, |paused| *paused);
    }
}

/// Reads terminal events for the loop. It waits for input with poll(2) on the terminal
/// (and on SIGWINCH, which crossterm turns into a resize), which reads nothing, and lets
/// crossterm read only when no editor has the terminal. Idle, it sleeps in poll(2).
/// Sends every event (or the error that ends reading) to `sender`, made a message by `wrap`.
pub fn read_input<M: Send + 'static>(
    sender: Sender<M>,
    gate: Arc<InputGate>,
    wrap: fn(io::Result<Event>) -> M,
) {
    thread::spawn(move || {
        let waiter = InputWaiter::new();
        loop {
            gate.wait_while_paused();
            // Events crossterm has already read and queued come first. (With a zero timeout
            // crossterm's poll never looks at the terminal: it gets a millisecond.)
            let read = match event::poll(Duration::from_millis(1)) {
                Ok(true) => event::read(),
                Ok(false) => {
                    let resized = match &waiter {
                        Some(waiter) => waiter.wait(),
                        // No terminal to wait on apart (no /dev/tty): block in crossterm.
                        None => {
                            let _ = event::poll(Duration::from_secs(3600));
                            false
                        }
                    };
                    // crossterm sees SIGWINCH only once its event source exists, which it
                    // makes on the first poll: a resize before that (a slow start) would be
                    // lost. Say it from here too; the loop keeps the last of a burst.
                    match (resized, crossterm::terminal::size()) {
                        (true, Ok((width, height))) => Ok(Event::Resize(width, height)),
                        _ => continue,
                    }
                }
                Err(err) => Err(err),
            };
            let failed = read.is_err();
            if sender.send(wrap(read)).is_err() || failed {
                break;
            }
        }
    });
}

/// The terminal and a pipe SIGWINCH writes to, waited on together.
struct InputWaiter {
    tty: std::fs::File,
    winch: std::os::unix::net::UnixStream,
}

impl InputWaiter {
    fn new() -> Option<Self> {
        let tty = std::fs::File::open("/dev/tty").ok()?;
        let (winch, writer) = std::os::unix::net::UnixStream::pair().ok()?;
        winch.set_nonblocking(true).ok()?;
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, writer).ok()?;
        Some(Self { tty, winch })
    }

    /// Blocks until the terminal has input or the window changed size; true for the latter.
    fn wait(&self) -> bool {
        use rustix::event::{PollFd, PollFlags, poll};
        let mut fds = [
            PollFd::new(&self.tty, PollFlags::IN),
            PollFd::new(&self.winch, PollFlags::IN),
        ];
        let ready = match poll(&mut fds, None) {
            Ok(ready) => ready,
            Err(rustix::io::Errno::INTR) => 0,
            // Waiting apart failed: wait in crossterm, which reads (no worse than before).
            Err(_) => {
                let _ = event::poll(Duration::from_secs(3600));
                0
            }
        };
        let resized = ready > 0 && !fds[1].revents().is_empty();
        if resized {
            let mut drained = [0u8; 64];
            while io::Read::read(&mut &self.winch, &mut drained).is_ok_and(|n| n > 0) {}
        }
        resized
    }
}
