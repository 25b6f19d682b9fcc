//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "kiji",
    version,
    about = "記事 — a terminal reader for Markdown posts with front matter, CJK-correct"
)]
pub struct Args {
    /// A folder of posts, or one post file. Default: ./_posts or ./content, else the bundled
    /// samples.
    pub path: Option<PathBuf>,

    /// Print the index of the posts instead of starting the reader. ⋯ after the minutes
    /// marks a post with repeated passages; its minutes count them once.
    #[arg(long)]
    pub list: bool,

    /// With --list: one JSON array instead of aligned rows.
    #[arg(long, requires = "list")]
    pub json: bool,

    /// With --list: only posts carrying this tag or category (repeat: all must match).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Only posts in this language (`ja`, `zh-tw`; `zh` takes `zh-tw` too), as the front
    /// matter, the site's folders or the file name (`x.ja.md`) say. With --print, the post's
    /// translation in that language.
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<String>,

    /// With --list: the order (default: the config's default_sort, else date).
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,

    /// Write the post as the reader shows it, then exit.
    #[arg(long, conflicts_with = "list")]
    pub print: bool,

    /// With --print: the width in cells, at least 2, the least that holds a wide character
    /// (default: the terminal's, else 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(2..))]
    pub width: Option<u16>,

    /// With --print: fold passages that repeat earlier ones into one row, as the reader
    /// does (by default a pipe gets the whole text).
    #[arg(long, requires = "print")]
    pub fold_repeats: bool,

    /// With --print: when to colour the output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Read settings from FILE instead of config.toml in the config directory
    /// ($KIJI_CONFIG_DIR, else the platform's, e.g. ~/.config/kiji).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print the configuration in effect as a commented config.toml, then exit.
    #[arg(long, conflicts_with_all = ["list", "print"])]
    pub print_config: bool,

    /// Neither read nor save which posts were read or starred and where reading stopped.
    #[arg(long)]
    pub no_state: bool,

    /// Neither use nor save the index cache ($KIJI_CACHE_DIR, else the platform's, e.g.
    /// ~/.cache/kiji): parse every post.
    #[arg(long)]
    pub no_cache: bool,
}

/// A language tag as posts are tagged: `zh_TW` is `zh-tw`.
fn parse_lang(text: &str) -> Result<String, String> {
    crate::loader::normalize_lang(text)
        .ok_or_else(|| format!("`{text}` is not a language tag (e.g. ja, zh, zh-tw, en)"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Date,
    Title,
    ReadingTime,
}

impl From<SortArg> for crate::model::SortKey {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Date => Self::Date,
            SortArg::Title => Self::Title,
            SortArg::ReadingTime => Self::ReadingTime,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}
