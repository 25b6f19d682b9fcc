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
            sort: args.sort.into(),
            rates: ReadingRates::default(),
        };
        let mut out = io::BufWriter::new(stdout.lock());
        write_list(&library, &options, &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.print {
        let tty = stdout.is_terminal();
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => tty && std::env::var_os("NO_COLOR").is_none(),
        };
        let width = args.width.map(usize::from).unwrap_or(80);
        let mut out = io::BufWriter::new(stdout.lock());
        for post in &library.posts {
            write_post(post, &PrintOptions { width, color }, &mut out)?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    kiji::ui::run(library)?;
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
