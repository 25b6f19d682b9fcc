//! The real binary in a real terminal, shared by the end-to-end test files: tmux runs a shell
//! in a 100×30 pane, a test types keys and reads the screen back with `capture-pane`, polling
//! with a timeout (never a fixed sleep). Each test uses its own tmux server (`-L`), killed when
//! the test ends, and its own empty state and config directories, so neither a developer's
//! settings nor other tests change what it sees.
#![allow(dead_code)] // each test file uses a different part

use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub const KIJI: &str = env!("CARGO_BIN_EXE_kiji");
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
pub const PROMPT: &str = "e2e$ ";
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// A tmux server with one 100×30 pane running a plain shell.
pub struct Tmux {
    pub socket: String,
    /// The server's socket file, removed with the server.
    pub socket_path: Option<String>,
    /// `KIJI_STATE_DIR` for every kiji started in the pane.
    pub state: tempfile::TempDir,
    /// `KIJI_CONFIG_DIR`: the defaults, but pictures as half-blocks (see `start`).
    pub _config: tempfile::TempDir,
    /// `KIJI_CACHE_DIR`: the index cache of every kiji started in the pane, never the user's.
    pub cache: tempfile::TempDir,
}

impl Tmux {
    pub fn start(name: &str) -> Tmux {
        let mut tmux = Tmux {
            socket: format!("kiji-e2e-{}-{name}", std::process::id()),
            socket_path: None,
            state: tempfile::tempdir().unwrap(),
            _config: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        // Half-blocks, not the start-up question to the terminal: a detached tmux answers
        // none of the graphics queries, and a resize in the second kiji waits for an answer
        // was seen to be lost (kept open in the notes); the picture test asks for the same.
        std::fs::write(
            tmux._config.path().join("config.toml"),
            "images = \"halfblocks\"\n",
        )
        .unwrap();
        // Warm: the files the tests have just written are trusted at once (a debug build's
        // hook), else the index would not serve them for two seconds.
        let settle = if warm_cache() {
            "KIJI_TEST_CACHE_SETTLE_MS=0"
        } else {
            ""
        };
        let shell = format!(
            "env PS1='{PROMPT}' TERM=xterm-256color {settle} KIJI_STATE_DIR='{}' \
             KIJI_CONFIG_DIR='{}' KIJI_CACHE_DIR='{}' bash --norc --noprofile",
            tmux.state.path().display(),
            tmux._config.path().display(),
            tmux.cache.path().display()
        );
        let output = tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-c",
            ROOT,
            &shell,
        ]);
        assert!(
            output.status.success(),
            "tmux could not start (is it installed? apt-get install tmux): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
        tmux.socket_path = Some(String::from_utf8_lossy(&path.stdout).trim().to_owned());
        tmux.wait_for("the shell prompt", |s| s.contains(PROMPT.trim_end()));
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is required for this test (apt-get install tmux)")
    }

    /// Sends tmux key names (`Enter`, `Escape`, `C-d`) or characters, one key per argument.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "0", "-l", text])
                .status
                .success()
        );
    }

    pub fn command(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    pub fn screen(&self) -> String {
        let output = self.run(&["capture-pane", "-p", "-t", "0"]);
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Polls the screen until `ready` holds; fails with the last screen after the timeout.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() >= TIMEOUT {
                // With the lines scrolled off above it: a panic's message is there.
                let output = self.run(&["capture-pane", "-p", "-J", "-S", "-300", "-t", "0"]);
                let history = String::from_utf8_lossy(&output.stdout);
                panic!(
                    "timed out waiting for {what}; the screen was:\n{screen}\nwith what scrolled off before it:\n{history}"
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn status_line(screen: &str) -> &str {
        screen.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("")
    }

    /// Waits until kiji has exited and the shell's prompt is the last thing on screen.
    pub fn wait_for_prompt(&self) {
        self.wait_for("the shell prompt after kiji", |s| {
            Self::status_line(s).trim_end() == PROMPT.trim_end()
        });
    }

    /// Checks the terminal is back as it was: main screen, mouse released, cursor shown,
    /// cooked mode with echo.
    pub fn assert_terminal_restored(&self) {
        let modes = self.run(&[
            "display-message",
            "-p",
            "-t",
            "0",
            "alt=#{alternate_on} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_sgr_flag} cursor=#{cursor_flag}",
        ]);
        assert_eq!(
            String::from_utf8_lossy(&modes.stdout).trim(),
            "alt=0 mouse=000 cursor=1"
        );
        self.command(
            "stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | sort | tr '\\n' ' '; echo",
        );
        self.wait_for("stty to report icanon and echo", |s| {
            s.lines().any(|l| l.trim() == "echo icanon")
        });
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        if let Some(path) = self.socket_path.as_deref().filter(|p| !p.is_empty()) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The command line that starts kiji with `args` in the pane. With `KIJI_E2E_CACHE=warm`
/// (`.ci/run` runs the end-to-end tests once so), each kiji starts on an index cache that a
/// `kiji --list` with the same arguments saved just before: the same screens must show,
/// posts coming from the index and their bodies read on demand.
pub fn kiji(args: &str) -> String {
    match warm_cache() {
        true => format!("{} {args}", warm_wrapper().display()),
        false => format!("{KIJI} {args}"),
    }
}

pub fn warm_cache() -> bool {
    std::env::var_os("KIJI_E2E_CACHE").is_some_and(|v| v == "warm")
}

/// A script that lists with the arguments given (saving the index), then becomes kiji with
/// them: a script, so that `env VAR=… script` works as with kiji itself.
fn warm_wrapper() -> &'static std::path::Path {
    static WRAPPER: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    WRAPPER.get_or_init(|| {
        use std::os::unix::fs::PermissionsExt;
        let path = std::env::temp_dir().join(format!("kiji-e2e-warm-{}.sh", std::process::id()));
        let script =
            format!("#!/bin/sh\n'{KIJI}' --list \"$@\" >/dev/null 2>&1\nexec '{KIJI}' \"$@\"\n");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    })
}

impl Tmux {
    /// The pid of the program the pane's shell is running in the foreground.
    pub fn child_pid(&self) -> String {
        let pane_pid = self.run(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
        let shell = String::from_utf8_lossy(&pane_pid.stdout).trim().to_owned();
        let children = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        let pid = String::from_utf8_lossy(&children.stdout).trim().to_owned();
        assert!(!pid.is_empty(), "kiji is running under the shell {shell}");
        pid
    }

    pub fn signal_child(&self, signal: &str) {
        let pid = self.child_pid();
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(sent.success());
    }
}

impl Tmux {
    /// Polls the file at `path` until `ready` holds for its text (a missing file reads as
    /// empty); fails with the last text after the timeout.
    pub fn wait_for_file(
        &self,
        path: &std::path::Path,
        what: &str,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if ready(&text) {
                return text;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what} in {}; it held:\n{text}",
                path.display()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The state file every kiji in the pane reads and writes.
    pub fn state_file(&self) -> std::path::PathBuf {
        self.state.path().join("state.json")
    }

    /// Polls the screen until `ready` holds, failing once `within` has passed: for what
    /// must happen in a given time (a change on disk seen within 2 s), unlike [`wait_for`]'s
    /// generous timeout for what merely must happen.
    ///
    /// [`wait_for`]: Tmux::wait_for
    pub fn wait_within(&self, within: Duration, what: &str, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return;
            }
            assert!(
                start.elapsed() < within,
                "{what} did not happen within {within:?}; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal's alternate screen is on (a full-screen program has it).
    pub fn alternate_screen(&self) -> bool {
        let modes = self.run(&["display-message", "-p", "-t", "0", "#{alternate_on}"]);
        String::from_utf8_lossy(&modes.stdout).trim() == "1"
    }
}

impl Tmux {
    /// What the reader pane shows: the screen without its status line, and side by side
    /// only what is right of the divider (the list marks posts read as they are visited).
    pub fn panes(&self) -> String {
        let screen = self.screen();
        let mut lines: Vec<&str> = screen.lines().collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines.pop();
        lines
            .iter()
            .map(|l| l.split_once('│').map_or(*l, |(_, reader)| reader))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Polls until the panes show exactly `expected` (after a move that should land there).
    pub fn wait_for_panes(&self, what: &str, expected: &str) {
        let start = Instant::now();
        loop {
            let panes = self.panes();
            if panes == expected {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; expected:\n{expected}\nthe panes were:\n{panes}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
