//! Arguments → load → reader, list or print; errors become exit codes here and only here.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use kiji::cli::{Args, ColorArg};
use kiji::config::{ActionSpec, Schema};
use kiji::list::{ListOptions, write_list};
use kiji::print::{PrintOptions, write_post};

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("kiji: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: String) -> ExitCode {
    eprintln!("kiji: {message}");
    ExitCode::from(2)
}

/// The reader's actions and default keys, and the theme's roles.
// (Until the interface lands with its own keymap and theme, which will own these tables.)
const SCHEMA: Schema = Schema {
    actions: &[
        ActionSpec::new("quit", &["q"], "quit kiji"),
        ActionSpec::new("down", &["j", "down"], "next row or post"),
        ActionSpec::new("up", &["k", "up"], "previous row or post"),
        ActionSpec::new("top", &["g", "home"], "first row or post"),
        ActionSpec::new("bottom", &["G", "end"], "last row or post"),
        ActionSpec::new("half-page-down", &["ctrl-d"], "half a page down"),
        ActionSpec::new("half-page-up", &["ctrl-u"], "half a page up"),
        ActionSpec::new("page-down", &["space", "pgdn"], "a page down"),
        ActionSpec::new("page-up", &["b", "pgup"], "a page up"),
        ActionSpec::new("switch-focus", &["tab"], "switch between list and reader"),
        ActionSpec::new("open", &["enter", "l"], "open the selected post"),
        ActionSpec::new("back", &["esc", "h"], "back to the list; close an overlay"),
        ActionSpec::new("tag-picker", &["t"], "filter by tags"),
        ActionSpec::new("clear-tags", &["T"], "clear the tag filter"),
        ActionSpec::new("search", &["/"], "search titles, tags and text"),
        ActionSpec::new("next-match", &["n"], "next search match"),
        ActionSpec::new("prev-match", &["N"], "previous search match"),
        ActionSpec::new("cycle-sort", &["s"], "sort by date, title, reading time"),
        ActionSpec::new("outline", &["o"], "jump to a heading"),
        ActionSpec::new("help", &["?"], "show the keys"),
        ActionSpec::new("diagnostics", &["!"], "show files that had problems"),
        ActionSpec::new("toggle-read", &["u"], "mark read or unread"),
        ActionSpec::new("unread-only", &["U"], "show only unread posts"),
        ActionSpec::new("star", &["m"], "star or unstar"),
        ActionSpec::new("starred-only", &["M"], "show only starred posts"),
    ],
    roles: &[
        "title",
        "metadata",
        "tag",
        "body",
        "heading-1",
        "heading-2",
        "heading-3",
        "heading-4",
        "heading-5",
        "heading-6",
        "inline-code",
        "code-block",
        "code-continuation",
        "quote-bar",
        "list-marker",
        "link",
        "link-ref",
        "image",
        "table-border",
        "table-header",
        "rule",
        "footnote-ref",
    ],
};

fn run(args: Args) -> anyhow::Result<ExitCode> {
    // A bad config stops kiji before it reads a post or touches the terminal.
    let loaded = match kiji::config::load(args.config.as_deref(), &SCHEMA) {
        Ok(loaded) => loaded,
        Err(err) => return Ok(usage_error(err.to_string().replace('\n', "\nkiji: "))),
    };
    for warning in &loaded.warnings {
        eprintln!("kiji: warning: {warning}");
    }
    let config = loaded.config;
    if args.print_config {
        let mut out = io::BufWriter::new(io::stdout().lock());
        out.write_all(kiji::config::to_toml(&config, &SCHEMA).as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = match args.path.as_ref().or(config.default_path.as_ref()) {
        Some(p) => p.clone(),
        None => std::path::PathBuf::from("."),
    };
    if !path.exists() {
        return Ok(usage_error(format!(
            "{}: no such file or directory",
            path.display()
        )));
    }
    if args.print && path.is_dir() {
        return Ok(usage_error(format!(
            "{}: is a directory; --print takes one post file",
            path.display()
        )));
    }
    let library = kiji::loader::load(&path);
    let stdout = io::stdout();
    if args.list {
        report_diagnostics(&library.diagnostics);
        if library.posts.is_empty() && path.is_dir() {
            let _ = writeln!(
                io::stderr(),
                "kiji: no post files (*.md, *.markdown) under {}",
                path.display()
            );
        }
        let options = ListOptions {
            json: args.json,
            tags: args.tags.clone(),
            sort: args.sort.map_or(config.default_sort, Into::into),
            rates: config.reading,
        };
        let mut out = io::BufWriter::new(stdout.lock());
        write_list(&library, &options, &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.print {
        return print(&args, &path, &library, &config);
    }
    kiji::ui::run(library)?;
    Ok(ExitCode::SUCCESS)
}

/// `--print`: the post as the reader shows it, at the terminal's width (80 in a pipe), with
/// the configured reading rates and ambiguous width.
fn print(
    args: &Args,
    path: &std::path::Path,
    library: &kiji::model::Library,
    config: &kiji::config::Config,
) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = match args.width {
        Some(w) => usize::from(w),
        None if tty => ratatui::crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w)),
        None => 80,
    };
    let Some(post) = library.posts.first() else {
        report_diagnostics(&library.diagnostics);
        eprintln!("kiji: {}: not a post kiji can read", path.display());
        return Ok(ExitCode::FAILURE);
    };
    let mut out = io::BufWriter::new(stdout.lock());
    write_post(
        post,
        &PrintOptions {
            width,
            color,
            ambiguous_wide: config.ambiguous_width.is_wide(),
            rates: config.reading,
        },
        &mut out,
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `path:line: message` on stderr, one per line; a closed stderr is not worth dying for.
fn report_diagnostics(diagnostics: &[kiji::model::Diagnostic]) {
    let mut err = io::stderr().lock();
    for d in diagnostics {
        if writeln!(err, "{}", kiji::list::printable(&d.to_string())).is_err() {
            return;
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
