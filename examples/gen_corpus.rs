//! Writes a large generated site to measure kiji on:
//! `cargo run --release --example gen_corpus -- DIR --posts 10000 [--seed N] [--size-kb N]`.
//! The same arguments always write the same files (see `benches/support/corpus.rs`).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus DIR [--posts N] [--seed N] [--size-kb N]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut root: Option<PathBuf> = None;
    let mut spec = corpus::Spec::new(10_000);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            let value = args.next().ok_or(format!("{name} needs a number"))?;
            value
                .parse()
                .map_err(|_| format!("{name}: `{value}` is not a number"))
        };
        match arg.as_str() {
            "--posts" => spec.posts = number("--posts")?,
            "--seed" => spec.seed = number("--seed")? as u64,
            "--size-kb" => spec.fixed_size = Some(number("--size-kb")? * corpus::KB),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ if root.is_none() => root = Some(PathBuf::from(arg)),
            _ => return Err(format!("one folder only (got `{arg}` too)")),
        }
    }
    let root = root.ok_or("no folder given")?;
    let summary = corpus::write(&root, &spec).map_err(|e| format!("{}: {e}", root.display()))?;
    let [ja, zh, ko, en] = summary.languages;
    println!(
        "{} posts ({} drafts) in {}: {:.1} MB, {} to {} bytes; \
         ja {ja}, zh {zh}, ko {ko}, en {en}; YAML {}, TOML {}",
        summary.posts,
        summary.drafts,
        root.display(),
        summary.bytes as f64 / 1e6,
        summary.smallest,
        summary.largest,
        summary.yaml,
        summary.toml,
    );
    Ok(())
}
