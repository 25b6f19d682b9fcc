//! The reader driven headless by random input: key events through the keymap (as the event
//! loop turns them into actions) and actions the terminal sends (resizes, wheel, clicks),
//! on the sample posts, drawing every frame on a test terminal. Must never panic.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use kiji::model::Library;
use kiji::ui::{Action, App, action_for_event, update};
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Arbitrary)]
enum Input {
    /// A bindable command by its index in `Action::NAMED`.
    Named(u8),
    Key {
        code: Code,
        ctrl: bool,
        alt: bool,
        shift: bool,
    },
    Insert(char),
    DeleteBack,
    ClearInput,
    Resize {
        width: u8,
        height: u8,
    },
    Wheel {
        column: u8,
        row: u8,
        rows: i8,
    },
    Click {
        column: u8,
        row: u8,
    },
}

#[derive(Debug, Arbitrary)]
enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

impl Code {
    fn key_code(&self) -> KeyCode {
        match *self {
            Code::Char(c) => KeyCode::Char(c),
            Code::Enter => KeyCode::Enter,
            Code::Esc => KeyCode::Esc,
            Code::Tab => KeyCode::Tab,
            Code::BackTab => KeyCode::BackTab,
            Code::Backspace => KeyCode::Backspace,
            Code::Up => KeyCode::Up,
            Code::Down => KeyCode::Down,
            Code::PageUp => KeyCode::PageUp,
            Code::PageDown => KeyCode::PageDown,
            Code::Home => KeyCode::Home,
            Code::End => KeyCode::End,
            Code::F(n) => KeyCode::F(n % 13),
        }
    }
}

fn samples() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(kiji::samples::library)
}

fn action(app: &App, input: &Input) -> Option<Action> {
    Some(match *input {
        Input::Named(i) => Action::NAMED[usize::from(i) % Action::NAMED.len()].0,
        Input::Key {
            ref code,
            ctrl,
            alt,
            shift,
        } => {
            let mut modifiers = KeyModifiers::NONE;
            modifiers.set(KeyModifiers::CONTROL, ctrl);
            modifiers.set(KeyModifiers::ALT, alt);
            modifiers.set(KeyModifiers::SHIFT, shift);
            let event = Event::Key(KeyEvent::new(code.key_code(), modifiers));
            return action_for_event(app, &event);
        }
        Input::Insert(c) => Action::Insert(c),
        Input::DeleteBack => Action::DeleteBack,
        Input::ClearInput => Action::ClearInput,
        Input::Resize { width, height } => Action::Resize {
            width: u16::from(width),
            height: u16::from(height % 80),
        },
        Input::Wheel { column, row, rows } => Action::Wheel {
            column: u16::from(column),
            row: u16::from(row),
            rows: i16::from(rows),
        },
        Input::Click { column, row } => Action::Click {
            column: u16::from(column),
            row: u16::from(row),
        },
    })
}

fuzz_target!(|inputs: Vec<Input>| {
    let mut app = App::new(samples().clone());
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    for input in inputs.iter().take(200) {
        if let Some(action) = action(&app, input) {
            if action == Action::Quit {
                continue;
            }
            update(&mut app, action);
        }
        let area = app.area();
        let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
        terminal.draw(|frame| kiji::ui::draw(frame, &app)).unwrap();
    }
});
