//! Arguments → load → reader, list or print; errors become exit codes here and only here.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use kiji::cli::{Args, ColorArg};
use kiji::list::{ListOptions, write_list};
use kiji::model::ReadingRates;
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

fn run(args: Args) -> anyhow::Result<ExitCode> {
    let path = match &args.path {
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
        for d in &library.diagnostics {
            eprintln!("{d}");
        }
        let options = ListOptions {
            json: args.json,
            tags: args.tags.clone(),
            sort: args.sort.into(),
            rates: ReadingRates::default(),
        };
        let mut out = io::BufWriter::new(stdout.lock());
        write_list(&library, &options, &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.print {
        return print(&args, &path, &library);
    }
    kiji::ui::run(library)?;
    Ok(ExitCode::SUCCESS)
}

/// `--print`: the post as the reader shows it, at the terminal's width (80 in a pipe).
fn print(
    args: &Args,
    path: &std::path::Path,
    library: &kiji::model::Library,
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
        for d in &library.diagnostics {
            eprintln!("kiji: {d}");
        }
        eprintln!("kiji: {}: not a post kiji can read", path.display());
        return Ok(ExitCode::FAILURE);
    };
    let mut out = io::BufWriter::new(stdout.lock());
    write_post(post, &PrintOptions { width, color }, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
