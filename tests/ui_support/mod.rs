//! Posts written for the interface tests (our own text, not the corpus), and helpers to
//! drive an `App` with actions and draw it on a `TestBackend`.
#![allow(dead_code)]

use chrono::NaiveDate;
use kiji::model::{Diagnostic, Library, Post, PostDate};
use kiji::ui::{Action, App, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;

/// A post with its text counted by the loader, as a post read from disk would be.
pub fn post(path: &str, title: &str, date: Option<&str>, tags: &[&str], body: &str) -> Post {
    let (loaded, _) = kiji::loader::parse_post(std::path::Path::new(path), body.as_bytes());
    let stats = loaded.expect("a body without front matter loads").stats;
    Post {
        path: path.into(),
        title: title.into(),
        date: date.map(|d| PostDate::Day(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        categories: vec![],
        author: None,
        excerpt: None,
        declared_reading_minutes: None,
        draft: false,
        lang: None,
        extra: Default::default(),
        body: body.into(),
        body_file: None,
        body_line: 1,
        stats,
        repeats: Default::default(),
        diagnostics: vec![],
    }
}

/// `n` numbered paragraphs of English, so posts are long enough to scroll.
pub fn paragraphs(topic: &str, n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "Paragraph {i} about {topic}. A sentence long enough to wrap in a narrow pane, \
                 with a few more words to make the line break somewhere in the middle.\n\n"
            )
        })
        .collect()
}

pub const JAPANESE_BODY: &str = "\
夏の朝は六時に宿を出て、川沿いを北へ歩いた。まだ日差しは柔らかく、\
ジョギングをする人と犬の散歩をする人が、同じ道を静かに行き交っている。\n\n\
橋のたもとで立ち止まると、水面に山の影が映っていた。カメラを構えたが、\
写真にするより眺めていたい景色だったので、しばらくそのまま立っていた。\n\n\
帰り道、小さなパン屋が開いていた。焼きたてのパンを二つ買って、\
ベンチで食べた。ＡＩの話題で持ちきりの毎日を忘れる、穏やかな朝だった。\n\n\
半角のｶﾀｶﾅで書かれた古い看板もあった。「ｺｰﾋｰ」とだけ書いてある。\n";

/// Five posts: English and Japanese, one draft, one undated, overlapping tags.
pub fn library() -> Library {
    let mut draft = post(
        "posts/draft-ideas.md",
        "Ideas for next month",
        None,
        &["meta"],
        "Notes to self: write about terminals and tokio.\n",
    );
    draft.draft = true;
    let mut kyoto = post(
        "posts/2024-08-15-kyoto.md",
        "夏の京都、早朝の散歩",
        Some("2024-08-15"),
        &["旅行", "写真"],
        JAPANESE_BODY,
    );
    kyoto.categories = vec!["旅".into()];
    kyoto.author = Some("山本 彩".into());
    Library {
        posts: vec![
            post(
                "posts/2024-12-24-rust-errors.md",
                "Readable error messages in Rust",
                Some("2024-12-24"),
                &["rust", "errors"],
                &format!(
                    "Good errors say what went wrong and where. Async code with Tokio makes it \
                     harder.\n\n{}",
                    paragraphs("errors", 12)
                ),
            ),
            kyoto,
            post(
                "posts/2024-05-01-iterators.md",
                "Iterator habits that stuck",
                Some("2024-05-01"),
                &["rust", "iterators"],
                &paragraphs("iterators", 40),
            ),
            post(
                "posts/2023-11-20-terminal.md",
                "A small terminal toolbox for writing on the command line every day",
                Some("2023-11-20"),
                &["cli", "Rust"],
                &paragraphs("terminal tools", 6),
            ),
            draft,
        ],
        diagnostics: vec![],
    }
}

/// A library whose load reported problems in two files (one of them twice).
pub fn library_with_problems() -> Library {
    let mut library = library();
    for (path, line, message) in [
        (
            "posts/broken.md",
            Some(3),
            "front matter: mapping values are not allowed here",
        ),
        ("posts/broken.md", None, "date `yesterday` is not a date"),
        ("posts/binary.md", None, "not UTF-8 text; skipped"),
    ] {
        library.diagnostics.push(Diagnostic {
            path: path.into(),
            line,
            message: message.into(),
        });
    }
    library
}

/// An app reading the one post `body` (at `posts/post.md`, titled `title`) in a `width` ×
/// `height` terminal.
pub fn reading(title: &str, body: &str, width: u16, height: u16) -> App {
    let library = Library {
        posts: vec![post("posts/post.md", title, None, &[], body)],
        diagnostics: vec![],
    };
    let mut app = app(library, width, height);
    update(&mut app, Action::Open);
    app
}

/// An app on `library`, sized like a `width` × `height` terminal.
pub fn app(library: Library, width: u16, height: u16) -> App {
    let mut app = App::new(library);
    update(&mut app, Action::Resize { width, height });
    app
}

pub fn apply(app: &mut App, actions: &[Action]) {
    for action in actions {
        update(app, *action);
    }
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Insert(c));
    }
}

/// Titles of the listed posts, in order.
pub fn titles(app: &App) -> Vec<String> {
    app.view()
        .iter()
        .map(|&i| app.posts()[i].title.clone())
        .collect()
}

pub fn selected_title(app: &App) -> Option<String> {
    app.selected_post().map(|i| app.posts()[i].title.clone())
}

pub fn reader_title(app: &App) -> Option<String> {
    app.reader().map(|r| app.posts()[r.post()].title.clone())
}

/// Draws `app` on a test terminal of its own size, and checks that everything drawn reached
/// the terminal: ratatui sends nothing for the cell after a wide character, so a character
/// drawn there (an overlay's border over the right half of a kanji) would silently vanish.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let area = app.area();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
    terminal.draw(|frame| kiji::ui::draw(frame, app)).unwrap();
    let mut intended = Buffer::empty(area);
    app.render(area, &mut intended);
    let shown = terminal.backend().buffer();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let (want, got) = (intended[(x, y)].symbol(), shown[(x, y)].symbol());
            assert_eq!(
                want, got,
                "({x}, {y}) drawn as {want:?} but shown as {got:?}"
            );
        }
    }
    terminal
}

/// The screen as lines of text (wide characters once, as a terminal shows them).
pub fn screen_lines(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let mut lines = Vec::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        lines.push(line);
    }
    lines
}

pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    screen_lines(terminal).join("\n")
}

/// Moves the selection from the top down to the post titled `title`; fails if it is not
/// listed.
pub fn select(app: &mut App, title: &str) {
    update(app, Action::Top);
    while selected_title(app).as_deref() != Some(title) {
        let before = app.selected();
        update(app, Action::Down);
        assert_ne!(app.selected(), before, "{title} is not listed");
    }
}

/// One run of kiji on `library` in `folder` at 60 × 20 (one pane), its state kept in
/// `state`, the folder's list remembered.
pub fn run_remembering(library: Library, folder: &std::path::Path, state: &std::path::Path) -> App {
    let (store, warning) = kiji::state::StateStore::open(state);
    assert_eq!(warning, None);
    let mut app = App::new(library)
        .with_state(store)
        .remembering_list_of(folder);
    update(
        &mut app,
        Action::Resize {
            width: 60,
            height: 20,
        },
    );
    app
}

/// Quits as the event loop does: the place is remembered, then saved.
pub fn quit(mut app: App) {
    update(&mut app, Action::Quit);
    assert_eq!(app.save_state(), None);
}
