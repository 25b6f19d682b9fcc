//! The terminal's lifecycle and the event loop. Raw mode, the alternate screen and the mouse
//! are set up as `ratatui::init` would, with a panic hook that restores them. Every way out
//! goes through [`run`], which saves the reading state first and then restores the terminal,
//! once: return, error (the pty closed: reads and writes fail), panic (the hook; the panic is
//! then caught long enough to save), Ctrl-C (a key in raw mode),
//! SIGTERM/SIGHUP/SIGINT/SIGQUIT/SIGUSR1/SIGUSR2 (a thread turns them into a quit), a stack
//! overflow (a SIGSEGV handler, [`super::overflow_guard`], restores it before aborting).
//!
//! Suspending is the same give-back, done for a while: Ctrl-Z (a key in raw mode, where the
//! terminal no longer sends SIGTSTP) and `kill -TSTP` restore the terminal, stop the process
//! as SIGTSTP would have, and on SIGCONT set the terminal up again and redraw it whole.
//!
//! Input and signals arrive on one channel and the loop blocks on it: no tick, no redraw
//! while nothing happens, no CPU while idle. So do posts read again: the watcher's batches
//! (see [`watch`](super::watch)), `R`'s rescan and the neighbours of `kiji FILE`, each read
//! on a thread of its own. So do a search's matches, found on the search worker's thread
//! (see [`search_worker`](super::search_worker)) a batch at a time.
//!
//! `e` gives the terminal to an editor (see [`editor`](super::editor)) the way Ctrl-Z gives
//! it to the shell, and takes it back the same way when the editor exits; meanwhile the
//! input thread holds off reading (see [`input`](super::input)).
//!
//! Over 600 lines (the code about 720, with the workers that highlight code and lay out long
//! posts): every way out of the terminal and back in lives here, since restoring it once and
//! in order is the point.

use std::io::{self, stdout};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, MouseButton, MouseEventKind,
};
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui_image::picker::Picker;
use ratatui_image::picker::cap_parser::QueryStdioOptions;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2};
use signal_hook::iterator::Signals;

use super::action::Action;
use super::app::{App, EditRequest, ReloadCause, SearchFound};
use super::backend::CellCursorBackend;
use super::editor::editor_command;
use super::input::{InputGate, read_input, watch_hangup};
use super::pictures::{Done, ImageMode, Job, Pictures, work};
use super::update::update;
use super::watch::{Watch, Watched};
use crate::loader::{self, Reread};

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal asked it to stop; the conventional exit status is 128 + the signal.
    Signal(i32),
}

enum Message {
    Input(Event),
    InputFailed(io::Error),
    /// A signal that ends kiji.
    Signal(i32),
    /// SIGTSTP from outside (`kill -TSTP`): suspend as Ctrl-Z does.
    Suspend,
    /// SIGCONT after a stop kiji did not arrange (`kill -STOP`): the screen may be anything.
    Continued,
    /// Posts read again from disk.
    Reread(Vec<Reread>, ReloadCause),
    /// The folder compared with the posts shown, through the index (see [`Files::start`]).
    Checked(loader::cache::Check),
    /// The watch is ready, or could not start (see [`Files::start`]).
    Watching(WatchStart),
    /// The watch broke down (see [`Watched::Failed`]).
    WatchFailed {
        limit_reached: bool,
        message: String,
    },
    /// The worker highlighted the code of a post (see [`App::take_highlight_request`]).
    Highlighted,
    /// The worker laid a long post out whole (see [`App::take_layout_request`]).
    LaidOut(super::LaidOut),
    /// The picture worker finished a job.
    Picture(Done),
    /// The search worker found more matches (see [`App::search_in_background`]).
    Found(SearchFound),
}

/// What [`Watch::start`] gives.
type WatchStart = Result<(Option<Watch>, Option<String>), String>;

/// Signals that end kiji, restoring the terminal first.
const QUIT_SIGNALS: [i32; 6] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2];

/// What the reader shows first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    List,
    /// The first post, open in the reader (`kiji FILE`).
    Reader,
}

/// Rows one notch of the mouse wheel scrolls.
const WHEEL_ROWS: i16 = 3;

/// Runs the reader on `app` until the user quits or a signal arrives.
///
/// A panic in the reader restores the terminal and prints its message (the hook), is caught
/// here so that where reading stopped is still saved, and then goes on as a panic (exit
/// status 101). Saving then is safe: the panic has finished unwinding and the terminal is
/// already given back, so a second panic in the save is an ordinary one (reported, not an
/// abort, and the terminal left alone), and the store is written atomically. At worst the save keeps an update the
/// panic cut short, such as a post marked read whose position had not moved yet.
pub fn run(app: App, start: Start) -> anyhow::Result<Exit> {
    let (sender, receiver) = mpsc::channel();
    let found = sender.clone();
    let app = app
        .highlight_in_background()
        .lay_out_in_background()
        .search_in_background(move |batch| {
            let _ = found.send(Message::Found(batch));
        });
    let signals = watch_signals(sender.clone())?;
    let mut terminal = TerminalGuard::start()?;
    // Before the input thread starts: the terminal's answers come back as input.
    let (mode, max_rows) = app.image_mode();
    let mut app = app.with_pictures(Pictures::new(picker(mode), max_rows));
    let input = Arc::new(InputGate::default());
    read_input(sender.clone(), Arc::clone(&input), |read| match read {
        Ok(event) => Message::Input(event),
        Err(err) => Message::InputFailed(err),
    });
    let hangup = sender.clone();
    watch_hangup(move || {
        let _ = hangup.send(Message::Signal(SIGHUP));
    });
    let mut files = Files {
        sender,
        input,
        watch: None,
        highlighting: false,
        laying_out: false,
        pictures: None,
        starting: Some(start),
    };
    // Unwind safety: after a panic `app` is used only to save the reading state (see above).
    let ran = panic::catch_unwind(AssertUnwindSafe(|| {
        open(&mut app, &mut terminal, start)?;
        event_loop(
            &mut app,
            &mut terminal,
            &receiver,
            &mut files,
            test_panic_key(),
        )
    }));
    // Whichever way the reader ended, the place in the open post and what changed are kept,
    // and kept first: when the terminal has gone away (its window closed, `tmux
    // kill-session`), every write to it fails, and nothing that touches it may come between
    // the last key and the save.
    LEAVING.store(true, Ordering::SeqCst);
    app.remember_place();
    let problem = app.save_state();
    signals.close();
    drop(terminal);
    if let Some(problem) = problem {
        // To a closed terminal this cannot be written; `report` drops a failed write.
        crate::report::warning(problem);
    }
    ran.unwrap_or_else(|panic| panic::resume_unwind(panic))
}

/// How long the terminal has to say which graphics it can draw. Every terminal answers the
/// status report that ends the question at once; this is for one that answers nothing.
const PICTURE_QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(1000);

/// The picker pictures are drawn with for `mode`: `auto` asks the terminal (once, and only
/// when both ends are a terminal), falling back to half-blocks; `off` has none.
fn picker(mode: ImageMode) -> Option<Picker> {
    use std::io::IsTerminal;
    match mode {
        ImageMode::Off => None,
        ImageMode::Halfblocks => Some(Picker::halfblocks()),
        ImageMode::Auto if io::stdout().is_terminal() && io::stdin().is_terminal() => {
            let options = QueryStdioOptions {
                timeout: PICTURE_QUERY_TIMEOUT,
                ..QueryStdioOptions::default()
            };
            let asked = std::time::Instant::now();
            let picker = Picker::from_query_stdio_with_options(options);
            if asked.elapsed() >= PICTURE_QUERY_TIMEOUT {
                unblock_query_reader();
            }
            Some(picker.unwrap_or_else(|_| Picker::halfblocks()))
        }
        ImageMode::Auto => Some(Picker::halfblocks()),
    }
}

/// Gives the terminal query's reader something to read. When the terminal did not answer in
/// time (a detached tmux passes the question to no terminal), ratatui-image stops waiting
/// but its thread still reads standard input, and would take the first key the user
/// presses. Asked for its status directly, the terminal (or tmux) answers, that thread
/// reads the answer and ends; if it had already ended, the input reader drops the answer
/// as a sequence it does not know.
fn unblock_query_reader() {
    use std::io::Write as _;
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(b"\x1b[5n").and_then(|()| stdout.flush());
}

/// Sizes the first frame and opens the post `kiji FILE` starts on.
fn open(app: &mut App, terminal: &mut TerminalGuard, start: Start) -> anyhow::Result<()> {
    let size = terminal.screen().size()?;
    update(
        app,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    if start == Start::Reader {
        // Opening is not a key press: a note for the user (a state warning) stays up.
        let note = app.message().map(str::to_owned);
        update(app, Action::Open);
        if let Some(note) = note {
            app.say(note);
        }
    }
    Ok(())
}

/// Test hook, debug builds only: with `KIJI_TEST_PANIC` set to one character, pressing that
/// key panics inside the event loop, so the end-to-end tests can check what a real panic does
/// to the terminal and the reading state. Release builds never read the variable.
fn test_panic_key() -> Option<char> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let value = std::env::var("KIJI_TEST_PANIC").ok()?;
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(key), None) => Some(key),
        _ => None,
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut TerminalGuard,
    receiver: &Receiver<Message>,
    files: &mut Files,
    test_panic: Option<char>,
) -> anyhow::Result<Exit> {
    let mut carried: Vec<Message> = Vec::new();
    let mut links_shown = Vec::new();
    loop {
        for job in app.take_picture_jobs() {
            files.picture(job);
        }
        let frame = terminal
            .screen()
            .draw(|frame| super::view::draw(frame, app))?;
        // Hyperlinks go on top of the frame (see `hyperlinks`): written, not drawn.
        let links = app.link_regions();
        let mut bytes = Vec::new();
        super::hyperlinks::write_links(frame.buffer, &links_shown, &links, &mut bytes)?;
        links_shown = links;
        if !bytes.is_empty() {
            use std::io::Write as _;
            let mut stdout = io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
        // After the frame: handing a post over copies it (a long one takes a while), and the
        // first screen is shown first.
        files.highlight(app);
        files.lay_out(app);
        if let Some(start) = files.starting.take() {
            files.start(app, start);
        }
        // Block for the first message, then take whatever else is already waiting, so a
        // burst of keys or resizes costs one frame.
        let first = match carried.is_empty() {
            true => vec![receiver.recv()?],
            false => std::mem::take(&mut carried),
        };
        let batch: Vec<Message> = first.into_iter().chain(receiver.try_iter()).collect();
        if let Some(exit) = exit_waiting(&batch) {
            return Ok(exit);
        }
        let last_resize = batch
            .iter()
            .rposition(|m| matches!(m, Message::Input(Event::Resize(..))));
        for (i, message) in batch.into_iter().enumerate() {
            match message {
                Message::Input(Event::Resize(..)) if Some(i) != last_resize => {}
                Message::Input(Event::Key(key))
                    if test_panic.is_some_and(|c| key.code == KeyCode::Char(c)) =>
                {
                    panic!("KIJI_TEST_PANIC: {:?} pressed (a test hook)", key.code);
                }
                Message::Input(Event::Key(key)) if super::overflow_guard::is_test_key(key.code) => {
                    std::hint::black_box(super::overflow_guard::overflow(0));
                }
                Message::Input(Event::Key(key)) if is_suspend_key(&key) => {
                    terminal.suspend()?;
                }
                Message::Input(event) => {
                    if let Some(action) = action_for_event(app, &event) {
                        update(app, action);
                        carry_out(app);
                    }
                }
                Message::InputFailed(err) => return Err(err.into()),
                Message::Signal(signal) => return Ok(Exit::Signal(signal)),
                Message::Suspend => terminal.suspend()?,
                Message::Continued => terminal.repaint_all()?,
                Message::Reread(rereads, cause) => app.apply_rereads(rereads, cause),
                Message::Watching(started) => files.watching(app, started),
                Message::Checked(check) => app.apply_check(check),
                Message::WatchFailed {
                    limit_reached,
                    message,
                } => files.watch_failed(app, limit_reached, &message),
                Message::Highlighted => {
                    files.highlighting = false;
                    app.highlighted();
                }
                Message::LaidOut(done) => {
                    files.laying_out = false;
                    app.laid_out(done);
                }
                Message::Picture(done) => app.apply_picture(done),
                Message::Found(batch) => app.apply_found(batch),
            }
            if let Some(request) = app.take_edit_request().filter(|r| {
                let there = r.path.is_file();
                if !there {
                    app.say(format!("{} is no longer on disk", r.path.display()));
                }
                there
            }) {
                let problem = terminal.edit(&request, &files.input)?;
                let reread = loader::reread(&request.path, app.max_post_bytes());
                app.apply_rereads(vec![reread], ReloadCause::Edited);
                if let Some(problem) = problem {
                    app.say(problem);
                }
            }
            if let Some((root, known)) = app.take_rescan_request() {
                files.rescan(root, known, app.max_post_bytes(), ReloadCause::Rescan);
            }
            if app.should_quit() {
                return Ok(Exit::Quit);
            }
            // What arrives while a batch is applied waits for the next batch (and its one
            // draw), but a Ctrl-C among it ends kiji now, however long this batch is.
            let checked = carried.len();
            carried.extend(receiver.try_iter());
            if let Some(exit) = exit_waiting(&carried[checked..]) {
                return Ok(exit);
            }
        }
        // State is written when the reader leaves a post, not on every key.
        if app.take_save_request()
            && let Some(problem) = app.save_state()
        {
            app.say(problem);
        }
    }
}

/// Does what the last action asked of the world outside the app: open a link, copy an
/// address (the only escape sequence written outside a frame; it moves no cursor).
fn carry_out(app: &mut App) {
    use super::reader_slot::Outgoing;
    match app.take_outgoing() {
        Some(Outgoing::Open(url)) => match super::opener::open_url(&url, app.opener()) {
            Ok(done) => app.say(done),
            Err(problem) => app.say(problem),
        },
        Some(Outgoing::Copy(text)) => {
            if let Err(err) = super::opener::copy_to_clipboard(&text, &mut io::stdout()) {
                app.say(format!("could not copy: {err}"));
            }
        }
        None => {}
    }
}

/// A Ctrl-C or a quitting signal anywhere in a batch ends kiji before the batch is applied:
/// behind a paste of 200,000 keys it would otherwise wait for every one of them.
fn exit_waiting(batch: &[Message]) -> Option<Exit> {
    batch.iter().find_map(|message| match message {
        Message::Signal(signal) => Some(Exit::Signal(*signal)),
        Message::Input(Event::Key(key)) if is_ctrl_c(key) => Some(Exit::Quit),
        _ => None,
    })
}

/// Ctrl-C quits in every mode, whatever the config binds: raw mode took the terminal's own,
/// and it is the key everyone tries when nothing else works.
fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.kind != event::KeyEventKind::Release
        && key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c' | 'C'))
}

/// Ctrl-Z suspends in every mode and cannot be rebound: in raw mode it is the only way to
/// the shell's job control, which the terminal itself would otherwise provide.
fn is_suspend_key(key: &KeyEvent) -> bool {
    key.kind != event::KeyEventKind::Release
        && key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('z' | 'Z'))
}

/// What a terminal event asks for in the app's current mode.
pub fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) => app.keymap().action(key, app.input_mode()),
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::ScrollDown => Some(Action::Wheel {
                    column,
                    row,
                    rows: WHEEL_ROWS,
                }),
                MouseEventKind::ScrollUp => Some(Action::Wheel {
                    column,
                    row,
                    rows: -WHEEL_ROWS,
                }),
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// The watch on the posts' folder, the threads that read posts again, and the picture
/// worker.
struct Files {
    sender: Sender<Message>,
    input: Arc<InputGate>,
    watch: Option<Watch>,
    /// A worker is highlighting a post's code: one at a time, so that going through the
    /// list quickly highlights the post that stays on screen, not every post passed.
    highlighting: bool,
    /// A worker is laying a long post out whole: one at a time, for the same reason.
    laying_out: bool,
    /// Jobs for the picture worker, started with the first one.
    pictures: Option<Sender<Job>>,
    /// What [`Files::start`] starts, after the first frame: the first screen waits for none
    /// of it.
    starting: Option<Start>,
}

impl Files {
    /// Starts watching the app's folder, and for `kiji FILE` loads the post's neighbours.
    fn start(&mut self, app: &mut App, start: Start) {
        let Some(root) = app.root().map(PathBuf::from) else {
            return;
        };
        let limit = app.max_post_bytes();
        if start == Start::Reader {
            let known = app.posts().iter().map(|p| p.path.clone()).collect();
            self.rescan(root.clone(), known, limit, ReloadCause::Neighbours);
        }
        // Off this thread: a watch adds one per folder (thousands in a large site), which
        // the first screen need not wait for.
        let check = app.take_index_check();
        let sender = self.sender.clone();
        thread::spawn(move || {
            let forwarding = sender.clone();
            let started = Watch::start(&root, limit, move |watched| forward(&forwarding, watched));
            let _ = sender.send(Message::Watching(started));
            // After the watch is on: what changed before it is found here, what changes
            // after by the watch.
            if let Some((cache, shown)) = check {
                let options = loader::LoadOptions {
                    max_post_bytes: limit,
                };
                let check = loader::cache::check_index(&root, &options, &cache, &shown);
                let _ = sender.send(Message::Checked(check));
            }
        });
    }

    /// The watch started by [`Files::start`] is ready, or could not start.
    fn watching(&mut self, app: &mut App, started: WatchStart) {
        match started {
            Ok((watch, note)) => {
                self.watch = watch;
                if let Some(note) = note {
                    app.say(note);
                }
            }
            Err(problem) => app.say(format!("{problem}; R reads the posts again")),
        }
    }

    /// Hands the post waiting for highlighting to a worker, unless one is at work.
    fn highlight(&mut self, app: &mut App) {
        if self.highlighting {
            return;
        }
        let Some(request) = app.take_highlight_request() else {
            return;
        };
        self.highlighting = true;
        let sender = self.sender.clone();
        thread::spawn(move || {
            let options = crate::layout::Options {
                highlighting: crate::layout::Highlighting::Now,
                ..request.options
            };
            // The layout is thrown away: what is kept is each code block's highlighting.
            crate::layout::layout_post(&request.post, request.rates, &options);
            let _ = sender.send(Message::Highlighted);
        });
    }

    /// Hands the long post waiting to be laid out whole to a worker, unless one is at work.
    fn lay_out(&mut self, app: &mut App) {
        if self.laying_out {
            return;
        }
        let Some(request) = app.take_layout_request() else {
            return;
        };
        self.laying_out = true;
        let sender = self.sender.clone();
        thread::spawn(move || {
            let _ = sender.send(Message::LaidOut(request.lay_out()));
        });
    }

    /// Hands `job` to the picture worker: one thread, so that decoding a large picture takes
    /// one core and never the input's.
    fn picture(&mut self, job: Job) {
        let jobs = self.pictures.get_or_insert_with(|| {
            let (jobs, received) = mpsc::channel::<Job>();
            let sender = self.sender.clone();
            thread::spawn(move || {
                for job in received {
                    if sender.send(Message::Picture(work(job))).is_err() {
                        break;
                    }
                }
            });
            jobs
        });
        let _ = jobs.send(job);
    }

    /// Reads every post under `root` and every file in `known` again, off this thread.
    fn rescan(&self, root: PathBuf, known: Vec<PathBuf>, limit: u64, cause: ReloadCause) {
        let sender = self.sender.clone();
        thread::spawn(move || {
            let (rereads, _) = loader::rescan(&root, &known, limit);
            let _ = sender.send(Message::Reread(rereads, cause));
        });
    }

    /// The event watch broke down: when the watch limit was the reason, poll instead.
    fn watch_failed(&mut self, app: &mut App, limit_reached: bool, message: &str) {
        if !limit_reached || matches!(self.watch, Some(Watch::Polling(_))) {
            return app.say(format!("watching the posts: {message}"));
        }
        let Some(root) = app.root().map(PathBuf::from) else {
            return;
        };
        self.watch = None;
        let sender = self.sender.clone();
        let limit = app.max_post_bytes();
        match Watch::polling(&root, limit, move |watched| forward(&sender, watched)) {
            Ok(watch) => {
                self.watch = Some(watch);
                app.say(super::watch::limit_note());
            }
            Err(problem) => app.say(format!("{problem}; R reads the posts again")),
        }
    }
}

fn forward(sender: &Sender<Message>, watched: Watched) {
    let message = match watched {
        Watched::Changed(rereads) => Message::Reread(rereads, ReloadCause::Watch),
        Watched::Failed {
            limit_reached,
            message,
        } => Message::WatchFailed {
            limit_reached,
            message,
        },
    };
    let _ = sender.send(message);
}

/// The first quitting signal asks the loop to quit (so it restores the terminal on its normal
/// way out); a second one, should the loop be stuck, restores it and exits at once. SIGTSTP
/// and SIGCONT go to the loop, which owns the terminal.
fn watch_signals(sender: Sender<Message>) -> io::Result<signal_hook::iterator::Handle> {
    let mut signals = Signals::new(QUIT_SIGNALS.iter().chain(&[SIGTSTP, SIGCONT]))?;
    let handle = signals.handle();
    thread::spawn(move || {
        let mut asked = false;
        for signal in signals.forever() {
            let message = match signal {
                SIGTSTP => Message::Suspend,
                SIGCONT => Message::Continued,
                _ => Message::Signal(signal),
            };
            let quits = matches!(message, Message::Signal(_));
            let sent = sender.send(message).is_ok();
            if !quits && sent {
                continue;
            }
            // A second signal is someone asking again because the loop seems stuck, unless
            // the loop is already on its way out (saving: let it finish) or it is a repeated
            // SIGHUP, which a closed terminal sends twice at once (the kernel to the
            // foreground job, the shell to its jobs) and which nobody typed.
            let hurry = asked && signal != SIGHUP && !LEAVING.load(Ordering::SeqCst);
            if hurry || !sent {
                restore();
                std::process::exit(128 + signal);
            }
            asked = true;
        }
    });
    Ok(handle)
}

/// Whether the terminal is set up and not yet given back. Restoring twice is not harmless:
/// leaving the alternate screen also puts the cursor back where it was on entry (xterm and
/// tmux do this even on the normal screen), and the shell's prompt would then overwrite the
/// panic message printed meanwhile.
static SET_UP: AtomicBool = AtomicBool::new(false);

/// Set once the event loop has ended and [`run`] is saving and giving the terminal back.
static LEAVING: AtomicBool = AtomicBool::new(false);

type PanicHook = dyn Fn(&PanicHookInfo<'_>) + Send + Sync + 'static;

/// Owns the set-up terminal; dropping it restores the terminal and the panic hook kiji found.
struct TerminalGuard {
    /// `None` only once dropped (see the drop).
    terminal: Option<ratatui::Terminal<CellCursorBackend<io::Stdout>>>,
    previous_hook: Arc<PanicHook>,
}

impl TerminalGuard {
    fn start() -> io::Result<Self> {
        // Restores the screen, then the previous hook (the default prints the message) runs on
        // the normal screen. Not ratatui's hook: it reports a failed restore with
        // `eprintln!`, and a panic inside a panic hook aborts, so a panic after the terminal
        // went away would end kiji before `run` could save.
        let previous_hook: Arc<PanicHook> = panic::take_hook().into();
        let next = Arc::clone(&previous_hook);
        panic::set_hook(Box::new(move |info| {
            // liquid-core's, syntect's and the image decoders' panics are caught where they
            // run; the reader goes on.
            if crate::contain::panic_is_contained() {
                return;
            }
            restore();
            next(info);
        }));
        super::overflow_guard::install(&SET_UP);
        SET_UP.store(true, Ordering::SeqCst);
        // What `ratatui::try_init` does, on the backend that tracks the cursor by cell width.
        let set_up = enable_raw_mode()
            .and_then(|()| execute!(stdout(), EnterAlternateScreen, EnableMouseCapture))
            .and_then(|()| ratatui::Terminal::new(CellCursorBackend::new(stdout())));
        match set_up {
            Ok(terminal) => Ok(Self {
                terminal: Some(terminal),
                previous_hook,
            }),
            Err(err) => {
                give_back(&previous_hook);
                Err(err)
            }
        }
    }
}

impl TerminalGuard {
    /// Gives the terminal back, stops the process as SIGTSTP's default would, and once the
    /// shell continues it (`fg`, SIGCONT) sets the terminal up again and clears it, so the
    /// next draw repaints every cell rather than the difference from a screen that is gone.
    fn suspend(&mut self) -> io::Result<()> {
        restore();
        signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
        self.take_back()
    }

    /// Runs the editor on `request` with the terminal given back, as Ctrl-Z gives it to the
    /// shell, and sets it up again when the editor exits. The input thread holds off
    /// reading meanwhile. A problem starting or running the editor comes back as a message.
    fn edit(&mut self, request: &EditRequest, input: &InputGate) -> io::Result<Option<String>> {
        input.set_paused(true);
        restore();
        let (program, mut command) = editor_command(request);
        let status = command.status();
        let back = self.take_back();
        input.set_paused(false);
        back?;
        Ok(match status {
            Ok(status) if status.success() => None,
            Ok(status) => Some(format!("the editor ({program}) exited with {status}")),
            Err(err) => Some(format!(
                "could not start the editor ({program}): {err}; set $VISUAL or $EDITOR"
            )),
        })
    }

    /// Sets the terminal up again after it was given back, and repaints it whole.
    fn take_back(&mut self) -> io::Result<()> {
        SET_UP.store(true, Ordering::SeqCst);
        enable_raw_mode()?;
        execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        self.repaint_all()
    }

    /// Clears the screen and makes the next draw write every cell. Not `Terminal::clear`: it
    /// asks the terminal where the cursor is, and the reply would go to the input thread,
    /// which is already reading, so the question times out and the answer arrives as keys.
    /// After a draw the back buffer is blank; swapping once more blanks the other one too.
    fn repaint_all(&mut self) -> io::Result<()> {
        execute!(stdout(), Clear(ClearType::All))?;
        self.screen().swap_buffers();
        Ok(())
    }

    fn screen(&mut self) -> &mut ratatui::Terminal<CellCursorBackend<io::Stdout>> {
        self.terminal
            .as_mut()
            .expect("the terminal is there until dropped")
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        give_back(&self.previous_hook);
        // ratatui's own drop shows the cursor it hid, and reports a failure with
        // `eprintln!`, which panics when stderr is the terminal that has gone away (a closed
        // window ended kiji with a panic's status). The cursor is shown here instead; a
        // terminal that cannot take even that is gone, and its `Terminal` is left undropped
        // (kiji is on its way out).
        if let Some(mut terminal) = self.terminal.take()
            && terminal.show_cursor().is_err()
        {
            std::mem::forget(terminal);
        }
    }
}

/// Restores the terminal and removes the hook: once the terminal is back it has nothing to
/// restore. (While unwinding the hook cannot be changed, and has just run.)
fn give_back(previous_hook: &Arc<PanicHook>) {
    restore();
    if !thread::panicking() {
        let previous = Arc::clone(previous_hook);
        panic::set_hook(Box::new(move |info| previous(info)));
    }
}

/// What `ratatui::restore` does, without its report on failure: that goes to stderr with
/// `eprintln!`, which panics when stderr is the terminal that has gone away.
fn restore() {
    if SET_UP.swap(false, Ordering::SeqCst) {
        let _ = execute!(stdout(), DisableMouseCapture, cursor::Show);
        let _ = disable_raw_mode();
        let _ = execute!(stdout(), LeaveAlternateScreen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Message {
        Message::Input(Event::Key(KeyEvent::new(code, modifiers)))
    }

    #[test]
    fn a_ctrl_c_behind_200000_pasted_keys_quits_before_any_is_applied() {
        let mut batch: Vec<Message> = (0..200_000)
            .map(|_| key(KeyCode::Char('j'), KeyModifiers::NONE))
            .collect();
        assert_eq!(exit_waiting(&batch), None, "scroll keys alone do not quit");
        batch.push(key(KeyCode::Char('c'), KeyModifiers::CONTROL));
        batch.push(key(KeyCode::Char('k'), KeyModifiers::NONE));
        assert_eq!(exit_waiting(&batch), Some(Exit::Quit));
    }

    #[test]
    fn a_quitting_signal_behind_pasted_keys_ends_kiji_first() {
        let mut batch: Vec<Message> = (0..1_000)
            .map(|_| key(KeyCode::Char('j'), KeyModifiers::NONE))
            .collect();
        batch.push(Message::Signal(SIGTERM));
        assert_eq!(exit_waiting(&batch), Some(Exit::Signal(SIGTERM)));
    }

    #[test]
    fn ctrl_z_is_the_suspend_key_and_ctrl_c_is_not() {
        let Message::Input(Event::Key(ctrl_z)) = key(KeyCode::Char('z'), KeyModifiers::CONTROL)
        else {
            unreachable!()
        };
        assert!(is_suspend_key(&ctrl_z));
        let Message::Input(Event::Key(ctrl_c)) = key(KeyCode::Char('c'), KeyModifiers::CONTROL)
        else {
            unreachable!()
        };
        assert!(!is_suspend_key(&ctrl_c));
        assert!(is_ctrl_c(&ctrl_c));
    }
}
