//! Carrying out what following a link asks of the world outside kiji: a web or mail address
//! handed to an opener, an address put on the terminal's clipboard with OSC 52.
//!
//! The opener is the configured command, else `$BROWSER`, else the system's (the `open`
//! crate). The address is one argument of a program started directly, never a shell's
//! command line, and it is checked again here (http, https or mailto, no control
//! character), whatever the caller checked. A terminal-only session (no `DISPLAY` or
//! `WAYLAND_DISPLAY` on Linux and the BSDs) has no system opener: kiji says so rather than
//! let `xdg-open` start a text browser under its own screen.

use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Starts the opener on `url`. `Ok` says what was started, `Err` why nothing was; both are
/// for the status line.
pub fn open_url(url: &str, configured: &[String]) -> Result<String, String> {
    if !is_openable(url) {
        return Err("not opened: kiji only opens http, https and mailto addresses".to_string());
    }
    if let Some((program, args)) = configured.split_first() {
        return spawn(program, args, url);
    }
    if let Some(browser) = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        // `$BROWSER` may list several commands separated by `:`; the first is used, split on
        // spaces into a program and its arguments (no shell reads it).
        let first = browser.split(':').next().unwrap_or("");
        let words: Vec<String> = first.split_whitespace().map(str::to_string).collect();
        if let Some((program, args)) = words.split_first() {
            return spawn(program, args, url);
        }
    }
    if !has_display() {
        return Err(
            "no display to open links on: set opener in config.toml (or $BROWSER)".to_string(),
        );
    }
    open::that_detached(url)
        .map(|()| format!("opened {url}"))
        .map_err(|err| format!("could not open {url}: {err} (set opener in config.toml)"))
}

/// Only web and mail addresses, with nothing a terminal or a program could misread.
pub fn is_openable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    !url.contains(char::is_control)
        && ["http://", "https://", "mailto:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme))
}

fn has_display() -> bool {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    )) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
}

fn spawn(program: &str, args: &[String], url: &str) -> Result<String, String> {
    let child = Command::new(program)
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            // Reaped off the loop, so a browser that stays up never leaves a zombie behind.
            std::thread::spawn(move || child.wait());
            Ok(format!("opened {url} with {program}"))
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Err(format!(
            "opener {program:?} not found: check opener in config.toml"
        )),
        Err(err) => Err(format!("could not run opener {program:?}: {err}")),
    }
}

/// The OSC 52 sequence that puts `text` on the clipboard; `None` when `text` has a control
/// character other than a newline or a tab (it never reaches the clipboard then: pasted into
/// a shell, an escape sequence could do what the reader never saw).
pub fn clipboard_sequence(text: &str) -> Option<String> {
    if text.contains(|c: char| c.is_control() && c != '\n' && c != '\t') {
        return None;
    }
    Some(format!("\u{1b}]52;c;{}\u{7}", base64(text.as_bytes())))
}

/// Standard base64 with padding: twenty lines instead of a dependency for one escape code.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes the OSC 52 sequence for `text` to `out`.
pub fn copy_to_clipboard(text: &str, out: &mut dyn Write) -> io::Result<bool> {
    match clipboard_sequence(text) {
        Some(sequence) => {
            out.write_all(sequence.as_bytes())?;
            out.flush()?;
            Ok(true)
        }
        None => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_addresses_without_control_characters_are_openable() {
        assert!(is_openable("https://x.test/a b"));
        assert!(is_openable("HTTP://x.test"));
        assert!(is_openable("mailto:a@b.test"));
        assert!(!is_openable("javascript:alert(1)"));
        assert!(!is_openable("file:///etc/passwd"));
        assert!(!is_openable("https://x.test/\u{1b}]0;owned\u{7}"));
        assert!(!is_openable("-https://x.test"));
    }

    #[test]
    fn refused_addresses_never_reach_the_opener() {
        let recorder = vec!["/nonexistent/kiji-test-opener".to_string()];
        let err = open_url("javascript:alert(1)", &recorder).unwrap_err();
        assert!(err.contains("only opens http"), "{err}");
    }

    #[test]
    fn osc_52_carries_the_address_in_base64() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(
            clipboard_sequence("https://x.test/記").unwrap(),
            "\u{1b}]52;c;aHR0cHM6Ly94LnRlc3Qv6KiY\u{7}"
        );
        assert_eq!(clipboard_sequence("a\u{7}b"), None);
        assert_eq!(clipboard_sequence("a\u{1b}[2Jb"), None);
        assert_eq!(
            clipboard_sequence("fn a() {\n\tb\n}\n").unwrap(),
            "\u{1b}]52;c;Zm4gYSgpIHsKCWIKfQo=\u{7}"
        );
    }
}
