//! Everything kiji says on stderr: errors, warnings, and the problems found in posts. It is
//! the one door to stderr (a test checks that nothing else in `src/` writes there), so no
//! message can forget the sanitiser: whatever a message embeds — a file name from the
//! command line, a value from config.toml, an `io::Error`, an anyhow chain — every line goes
//! through [`sanitize::for_message`] on its way out, and a control character shows as an
//! escape such as `\x1b` instead of acting on the terminal. Messages name paths with
//! [`sanitize::path`], which keeps them exact (bytes that are not UTF-8 included).
//!
//! A stderr that cannot be written (closed, a full disk) is not worth dying for, nor worth a
//! panic in the middle of restoring the terminal: failed writes are dropped.

use std::fmt::Display;
use std::io::{self, Write};

use crate::model::Diagnostic;
use crate::text::sanitize;

/// `kiji: MESSAGE`; each line of a message of several lines gets the prefix too, so every
/// line says where it came from.
pub fn error(message: impl Display) {
    write_lines("kiji: ", &message.to_string());
}

/// `kiji: warning: MESSAGE`.
pub fn warning(message: impl Display) {
    write_lines("kiji: warning: ", &message.to_string());
}

/// Text another library formatted for stderr (clap's usage errors), line by line as it
/// is, but sanitised.
pub fn preformatted(text: &str) {
    write_lines("", text);
}

/// Problems with posts, `path:line: message` as compilers write them (so editors can jump to
/// them), one line each whatever the path and message hold; stops at the first line that
/// cannot be written.
pub fn diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = io::stderr().lock();
    for d in diagnostics {
        if writeln!(err, "{}", diagnostic_line(d)).is_err() {
            return;
        }
    }
}

fn diagnostic_line(d: &Diagnostic) -> String {
    sanitize::for_message(&d.to_string()).into_owned()
}

fn write_lines(prefix: &str, message: &str) {
    let _ = io::stderr()
        .lock()
        .write_all(prefixed_lines(prefix, message).as_bytes());
}

/// `message` line by line, each line sanitised and prefixed, each ending in `\n`.
fn prefixed_lines(prefix: &str, message: &str) -> String {
    let mut out = String::with_capacity(message.len() + prefix.len() + 1);
    for line in message.lines() {
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(&sanitize::for_message(line));
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str(prefix.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn every_line_of_a_message_is_prefixed_and_escaped() {
        assert_eq!(
            prefixed_lines("kiji: ", "a\u{1b}[2J: bad\nb\u{202e}: worse\n"),
            "kiji: a\\x1b[2J: bad\nkiji: b\\u202e: worse\n"
        );
        assert_eq!(prefixed_lines("kiji: ", "a\r\nb"), "kiji: a\nkiji: b\n");
        assert_eq!(prefixed_lines("kiji: ", ""), "kiji:\n");
        assert_eq!(
            prefixed_lines("kiji: ", "a\n\nb"),
            "kiji: a\nkiji:\nkiji: b\n"
        );
        assert_eq!(prefixed_lines("", "a\n\n b\u{7}"), "a\n\n b\\x07\n");
    }

    #[test]
    fn a_diagnostic_is_one_line_whatever_its_path_and_message_hold() {
        let line = diagnostic_line(&Diagnostic {
            path: PathBuf::from("p\n\u{1b}]0;x\u{7}.md"),
            line: Some(3),
            message: "bad\nthing\u{9b}".into(),
        });
        assert_eq!(line, r"p\x0a\x1b]0;x\x07.md:3: bad\x0athing\u009b");
    }
}
