//! Arguments → load → reader, list or print; errors become exit codes here and only here.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use kiji::cli::{Args, ColorArg};
use kiji::list::{ListOptions, write_list};
use kiji::print::{PrintOptions, write_post};
use kiji::report;
use kiji::text::sanitize;
use kiji::ui::keymap::CONFIG_SCHEMA;
use kiji::ui::{App, Exit, Keymap, Start};

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => return clap_exit(&err),
    };
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            report::error(format!("{err:#}"));
            ExitCode::FAILURE
        }
    }
}

/// clap's own way out, except that a usage error goes through kiji's sanitiser: clap quotes
/// the bad argument as given, control characters and all (and colours it with escapes of its
/// own when stderr is a terminal). `--help` and `--version` are printed by clap to stdout.
fn clap_exit(err: &clap::Error) -> ExitCode {
    let code = u8::try_from(err.exit_code()).unwrap_or(2);
    if err.use_stderr() {
        // Plain text: the rendering without clap's styling, which also drops the escape
        // sequences of the argument quoted; the sanitiser escapes whatever else it holds.
        let text = err.render().to_string();
        match text.strip_prefix("error: ") {
            Some(rest) => report::preformatted(&format!("kiji: {rest}")),
            None => report::preformatted(&text),
        }
    } else if err.print().is_err() {
        return ExitCode::SUCCESS;
    }
    ExitCode::from(code)
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    report::error(message);
    ExitCode::from(2)
}

/// Where the posts come from.
enum Source {
    Path(PathBuf),
    /// No path given, none configured, and no `_posts/` or `content/` here: the posts
    /// bundled in the binary.
    Samples,
    /// `kiji --print -`, or `kiji --print` with a post piped in.
    Stdin,
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Path(path) => sanitize::path(path).into_owned(),
            Source::Samples => "the bundled samples".into(),
            Source::Stdin => "standard input".into(),
        }
    }
}

/// The post piped in, parsed like any file (a binary one is refused); past the size limit it
/// is cut, so an endless pipe ends.
fn read_stdin(options: &kiji::loader::LoadOptions) -> io::Result<kiji::model::Library> {
    let name = std::path::Path::new("-");
    let (post, diagnostics) = kiji::loader::read_post(io::stdin().lock(), name, options)?;
    Ok(kiji::model::Library {
        posts: post.into_iter().collect(),
        diagnostics,
    })
}

/// `kiji` with no argument reads the configured folder, else the site it is run in, else the
/// bundled samples.
fn default_source(configured: Option<&PathBuf>) -> Source {
    if let Some(path) = configured {
        return Source::Path(path.clone());
    }
    ["_posts", "content"]
        .iter()
        .map(PathBuf::from)
        .find(|dir| dir.is_dir())
        .map_or(Source::Samples, Source::Path)
}

/// The check a reader makes of the folder it shows: the index cache, and the files the
/// index gave (none after a full load).
type IndexCheck = (
    kiji::loader::cache::IndexCache,
    Option<kiji::loader::cache::Shown>,
);

/// A folder through the index cache (unless `--no-cache`), its posts' bodies left in their
/// files until the reader shows them (a folder is only ever listed or read); a file as it
/// is. With the cache's warning, if any. For the `reader`, a folder the index knows comes
/// from the index alone, at once, and the check to make of the files in the background is
/// returned (also after a full load: the check then finds what changed before the reader's
/// watch began).
fn load_path(
    path: &std::path::Path,
    options: &kiji::loader::LoadOptions,
    no_cache: bool,
    reader: bool,
) -> (kiji::model::Library, Option<String>, Option<IndexCheck>) {
    use kiji::loader::cache::{Bodies, IndexCache, load_from_index, load_indexed};
    match IndexCache::for_run(no_cache) {
        Some(cache) if path.is_dir() => {
            if reader && let Some((library, shown)) = load_from_index(path, options, &cache) {
                return (library, None, Some((cache, Some(shown))));
            }
            let (library, usage) = load_indexed(path, options, &cache, Bodies::OnDemand);
            (library, usage.warning, reader.then_some((cache, None)))
        }
        _ => (kiji::loader::load_with(path, options), None, None),
    }
}

/// A folder loaded for a listing through the index cache (unless `--no-cache`), the listing
/// written (by `write`) while the index is saved; a file as it is. With the cache's warning,
/// if any, and what `write` returned.
fn list_path<R>(
    path: &std::path::Path,
    options: &kiji::loader::LoadOptions,
    no_cache: bool,
    write: impl FnOnce(&kiji::model::Library) -> R,
) -> (kiji::model::Library, Option<String>, R) {
    use kiji::loader::cache::{Bodies, IndexCache, load_indexed_meanwhile};
    match IndexCache::for_run(no_cache) {
        Some(cache) if path.is_dir() => {
            let (library, usage, written) =
                load_indexed_meanwhile(path, options, &cache, Bodies::OnDemand, write);
            (library, usage.warning, written)
        }
        _ => listed(kiji::loader::load_with(path, options), write),
    }
}

/// A library loaded without the index cache, with its listing written.
fn listed<R>(
    library: kiji::model::Library,
    write: impl FnOnce(&kiji::model::Library) -> R,
) -> (kiji::model::Library, Option<String>, R) {
    let written = write(&library);
    (library, None, written)
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    // A bad config stops kiji before it reads a post or touches the terminal.
    let loaded = match kiji::config::load(args.config.as_deref(), &CONFIG_SCHEMA) {
        Ok(loaded) => loaded,
        Err(err) => return Ok(usage_error(err)),
    };
    for warning in &loaded.warnings {
        report::warning(warning);
    }
    let config = loaded.config;
    if args.print_config {
        let mut out = io::BufWriter::new(io::stdout().lock());
        out.write_all(kiji::config::to_toml(&config, &CONFIG_SCHEMA).as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let source = match &args.path {
        Some(path) if args.print && path.as_os_str() == "-" => Source::Stdin,
        None if args.print && !io::stdin().is_terminal() => Source::Stdin,
        // The reader on `post.md` reads it as `./post.md`, the path its neighbours are found
        // by in `.`; lists and prints keep the name as given.
        Some(path)
            if !args.print
                && !args.list
                && io::stdout().is_terminal()
                && path.parent().is_some_and(|p| p.as_os_str().is_empty()) =>
        {
            Source::Path(std::path::Path::new(".").join(path))
        }
        Some(path) => Source::Path(path.clone()),
        None => default_source(config.default_path.as_ref()),
    };
    if let Source::Path(path) = &source {
        if !path.exists() {
            return Ok(usage_error(format!(
                "{}: no such file or directory",
                sanitize::path(path)
            )));
        }
        // Exit status 2, as for a missing file: what was named is not something to read.
        if let Some(refusal) = kiji::loader::refusal(path) {
            return Ok(usage_error(refusal));
        }
        if args.print && path.is_dir() {
            return Ok(usage_error(format!(
                "{}: is a directory; --print takes one post file",
                sanitize::path(path)
            )));
        }
    }
    let load_options = kiji::loader::LoadOptions {
        max_post_bytes: config.max_post_bytes(),
    };
    let opens_file = match &source {
        Source::Path(path) => path.is_file(),
        Source::Samples => false,
        Source::Stdin => true,
    };
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    // Like `bat`: into a pipe, a file is printed and a folder listed.
    let prints = args.print || (!args.list && !tty && opens_file);
    let list = args.list || (!prints && !tty);
    if list {
        let options = ListOptions {
            json: args.json,
            tags: args.tags.clone(),
            lang: args.lang.clone(),
            sort: args.sort.map_or(config.default_sort, Into::into),
            rates: config.reading,
        };
        let write = |library: &kiji::model::Library| {
            report::diagnostics(&library.diagnostics);
            if let Source::Path(path) = &source
                && library.posts.is_empty()
                && path.is_dir()
            {
                report::error(format!(
                    "no post files (*.md, *.markdown) under {}",
                    sanitize::path(path)
                ));
            }
            let mut out = io::BufWriter::new(stdout.lock());
            write_list(library, &options, &mut out)?;
            out.flush()
        };
        let (library, cache_warning, written) = match &source {
            Source::Path(path) => list_path(path, &load_options, args.no_cache, write),
            Source::Samples => listed(kiji::samples::library(), write),
            Source::Stdin => listed(read_stdin(&load_options)?, write),
        };
        written?;
        // After the listing: the index is saved meanwhile, and a save that fails says more
        // than the read that failed (one warning, never two).
        if let Some(warning) = cache_warning {
            report::warning(warning);
        }
        // The process ends here: freeing every post one by one would only delay the exit.
        std::mem::forget(library);
        return Ok(ExitCode::SUCCESS);
    }
    let (library, cache_warning, index_check) = match &source {
        Source::Path(path) => load_path(path, &load_options, args.no_cache, !prints),
        Source::Samples => (kiji::samples::library(), None, None),
        Source::Stdin => (read_stdin(&load_options)?, None, None),
    };
    if prints {
        return print(&args, &source, &library, &config);
    }
    let colour = kiji::style::colour_allowed(std::env::var_os("NO_COLOR").as_deref());
    // Only the reader keeps state; listing and printing never read or write it.
    let (store, state_warning) = kiji::state::open_for_run(args.no_state);
    let mut app = App::new(library)
        .with_state(store)
        .with_keymap(Keymap::new(config.keys))
        .with_theme(kiji::render::configured_theme(&config.theme, colour))
        .with_rates(config.reading)
        .with_sort(config.default_sort)
        .with_two_pane_min_width(config.two_pane_min_width)
        .with_ambiguous_wide(config.ambiguous_width.is_wide())
        .with_fold_repeats(config.fold_repeats)
        .with_wrap_code(config.wrap_code)
        .with_ruby(config.ruby)
        .with_image_mode(config.images, config.image_max_rows)
        .with_opener(config.opener.clone())
        .with_max_post_bytes(load_options.max_post_bytes)
        .with_language(args.lang.clone());
    if let (Source::Path(folder), false) = (&source, opens_file) {
        app = app.remembering_list_of(folder);
    }
    if let Some(warning) = &cache_warning {
        app = app.with_message(format!("warning: {warning}"));
    } else if let Some(warning) = &state_warning {
        // stderr is hidden while the reader is up: the status line says it, without the
        // state directory to leave room for what happened, and stderr repeats it in full
        // once the terminal is back.
        let mut short = warning.to_string();
        if let Some(dir) = kiji::state::default_dir() {
            short = short.replace(&format!("{}/", sanitize::path(&dir)), "");
        }
        app = app.with_message(format!("warning: {short}"));
    } else if matches!(source, Source::Samples) {
        app = app.with_message(
            "These are kiji's bundled samples. Read your own posts: kiji DIR or kiji FILE",
        );
    }
    // The folder watched for changes and read again by `R`: the one shown, or the one the
    // post opened sits in, whose other posts are then loaded too.
    let root = match &source {
        Source::Path(path) if path.is_dir() => Some(path.clone()),
        Source::Path(path) => kiji::loader::neighbourhood(path),
        Source::Samples | Source::Stdin => None,
    };
    if let Some(root) = root {
        app = app.with_root(root);
    }
    if let Some((cache, shown)) = index_check {
        app = app.with_index_check(cache, shown);
    }
    let start = if opens_file {
        Start::Reader
    } else {
        Start::List
    };
    let exit = kiji::ui::run(app, start)?;
    if let Some(warning) = cache_warning {
        report::warning(warning);
    }
    if let Some(warning) = state_warning {
        report::warning(warning);
    }
    Ok(match exit {
        Exit::Quit => ExitCode::SUCCESS,
        Exit::Signal(signal) => ExitCode::from(128u8.saturating_add(signal as u8)),
    })
}

/// `--print`: the post as the reader shows it, at the terminal's width (80 in a pipe), with
/// the configured reading rates and ambiguous width.
fn print(
    args: &Args,
    source: &Source,
    library: &kiji::model::Library,
    config: &kiji::config::Config,
) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            tty && kiji::style::colour_allowed(std::env::var_os("NO_COLOR").as_deref())
        }
    };
    let width = match args.width {
        Some(w) => usize::from(w),
        None if tty => ratatui::crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w)),
        None => 80,
    };
    let Some(post) = library.posts.first() else {
        report::diagnostics(&library.diagnostics);
        report::error(format!("{}: not a post kiji can read", source.name()));
        return Ok(ExitCode::FAILURE);
    };
    // `--lang ja` prints the post's Japanese version: itself, or its translation beside it.
    let translation;
    let (post, library) = match args.lang.as_deref() {
        Some(lang) if !post.is_in_language(lang) => {
            let found = kiji::loader::translation_paths(&post.path, post.lang.as_deref(), lang)
                .into_iter()
                .filter(|p| p.is_file())
                .map(|p| {
                    kiji::loader::load_with(
                        &p,
                        &kiji::loader::LoadOptions {
                            max_post_bytes: config.max_post_bytes(),
                        },
                    )
                })
                .find(|l| l.posts.first().is_some_and(|p| p.is_in_language(lang)));
            let Some(found) = found else {
                let is_in = post
                    .lang
                    .as_deref()
                    .map_or("in no known language".to_string(), |l| format!("in `{l}`"));
                report::error(format!(
                    "{} is {is_in}, and no `{lang}` version of it was found beside it",
                    source.name()
                ));
                return Ok(ExitCode::FAILURE);
            };
            translation = found;
            (&translation.posts[0], &translation)
        }
        _ => (post, library),
    };
    // A Jekyll post is printed as its site shows it, Liquid rendered.
    let rendered = kiji::site::render_post(post, &library.posts, config.max_post_bytes());
    report::diagnostics(&rendered.problems);
    let post = rendered.post.as_ref().unwrap_or(post);
    let mut out = io::BufWriter::new(stdout.lock());
    write_post(
        post,
        &PrintOptions {
            width,
            // The reader's theme, so `--color always` shows what the reader shows.
            theme: color.then(|| kiji::render::configured_theme(&config.theme, true)),
            ambiguous_wide: config.ambiguous_width.is_wide(),
            rates: config.reading,
            fold_repeats: args.fold_repeats,
            // Hyperlinks are escape sequences too: not for NO_COLOR, even with --color always.
            hyperlinks: color
                && kiji::style::colour_allowed(std::env::var_os("NO_COLOR").as_deref()),
            ruby: config.ruby,
        },
        &mut out,
    )?;
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
