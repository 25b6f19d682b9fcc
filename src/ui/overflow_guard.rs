//! The terminal given back on a stack overflow. kiji recurses on nothing the input controls,
//! but if some path ever did overflow, std's SIGSEGV handler would print "has overflowed its
//! stack" and abort with the terminal still raw, on the alternate screen, mouse captured:
//! the message unseen and the shell unusable until `reset`. No panic hook runs on an abort.
//!
//! So while the reader runs, a SIGSEGV/SIGBUS handler of kiji's, on the alternate signal
//! stack std gives every thread, first writes fixed bytes that leave the alternate screen,
//! release the mouse and show the cursor, and puts back the terminal modes saved before raw
//! mode; then it hands the signal to the handler it replaced (std's), which reports the
//! overflow and aborts as before. Only async-signal-safe calls are made in the handler:
//! atomic loads, `write(2)`, `tcsetattr(3)`, `sigaction(2)`, and nothing that allocates or
//! takes a lock. Linux and macOS only, where those calls and `SA_ONSTACK` exist as used here.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::KeyCode;

/// Leave the alternate screen, every mouse mode crossterm enables off, cursor shown.
const RESTORE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?25h\x1b[?1049l";

/// The terminal's modes before raw mode, to put back.
static COOKED: OnceLock<libc::termios> = OnceLock::new();
/// The handlers the guard replaced, SIGSEGV's then SIGBUS's, to hand the signal on to.
static PREVIOUS: OnceLock<[libc::sigaction; 2]> = OnceLock::new();
const SIGNALS: [libc::c_int; 2] = [libc::SIGSEGV, libc::SIGBUS];

/// Whether the guard has something to restore: the terminal is set up (the flag the rest of
/// the terminal code keeps).
static ARMED: OnceLock<&'static AtomicBool> = OnceLock::new();

/// Installs the guard, once per process, before the terminal is set up: `set_up` is the flag
/// that says the terminal is kiji's, and stdout is the terminal (the reader runs only then).
pub(super) fn install(set_up: &'static AtomicBool) {
    if ARMED.set(set_up).is_err() {
        return;
    }
    // SAFETY: tcgetattr writes a termios into memory we own; on failure (stdout not a
    // terminal) nothing is saved and the handler skips tcsetattr.
    unsafe {
        let mut cooked: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDOUT_FILENO, &mut cooked) == 0 {
            let _ = COOKED.set(cooked);
        }
    }
    // SAFETY: a zeroed sigaction is a valid "default" one; sigaction reads `ours` and writes
    // the old action into `previous`, both live for the call. PREVIOUS is set before the
    // handler can find it unset only for a fault in between, which the handler survives.
    unsafe {
        let mut ours: libc::sigaction = std::mem::zeroed();
        ours.sa_sigaction = on_fault as *const () as libc::sighandler_t;
        ours.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut ours.sa_mask);
        let mut previous: [libc::sigaction; 2] = std::mem::zeroed();
        for (signal, old) in SIGNALS.iter().zip(previous.iter_mut()) {
            libc::sigaction(*signal, &ours, old);
        }
        let _ = PREVIOUS.set(previous);
    }
}

extern "C" fn on_fault(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    if ARMED
        .get()
        .is_some_and(|set_up| set_up.swap(false, Ordering::SeqCst))
    {
        // SAFETY: write and tcsetattr are async-signal-safe and read only static data.
        unsafe {
            let _ = libc::write(libc::STDOUT_FILENO, RESTORE.as_ptr().cast(), RESTORE.len());
            if let Some(cooked) = COOKED.get() {
                libc::tcsetattr(libc::STDOUT_FILENO, libc::TCSANOW, cooked);
            }
        }
    }
    let previous = SIGNALS
        .iter()
        .position(|&s| s == signal)
        .and_then(|i| PREVIOUS.get().map(|all| all[i]));
    // SAFETY: the previous action is called as the kernel would have called it (with the
    // same arguments when it takes three); with none to call, the default is put back and
    // the faulting instruction, run again on return, ends the process as it would have.
    unsafe {
        match previous {
            Some(old) if old.sa_sigaction == libc::SIG_DFL || old.sa_sigaction == libc::SIG_IGN => {
                reset_to_default(signal)
            }
            Some(old) if old.sa_flags & libc::SA_SIGINFO != 0 => {
                let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                    std::mem::transmute(old.sa_sigaction);
                handler(signal, info, context);
            }
            Some(old) => {
                let handler: extern "C" fn(libc::c_int) = std::mem::transmute(old.sa_sigaction);
                handler(signal);
            }
            None => reset_to_default(signal),
        }
    }
}

unsafe fn reset_to_default(signal: libc::c_int) {
    // SAFETY: as in `install`; sigaction is async-signal-safe.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigaction(signal, &default, std::ptr::null_mut());
    }
}

/// Test hook, debug builds only: with `KIJI_TEST_OVERFLOW` set to one character, pressing
/// that key overflows the stack, so the end-to-end tests can check what the guard does.
/// Release builds never read the variable.
pub(super) fn is_test_key(code: KeyCode) -> bool {
    static KEY: OnceLock<Option<char>> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        if !cfg!(debug_assertions) {
            return None;
        }
        let value = std::env::var("KIJI_TEST_OVERFLOW").ok()?;
        let mut chars = value.chars();
        match (chars.next(), chars.next()) {
            (Some(key), None) => Some(key),
            _ => None,
        }
    });
    key.is_some_and(|key| code == KeyCode::Char(key))
}

/// Recursion with no end (the test hook's).
pub(super) fn overflow(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 64]);
    if std::hint::black_box(depth) == u64::MAX {
        return frame[0];
    }
    overflow(depth + 1).wrapping_add(frame[1])
}
