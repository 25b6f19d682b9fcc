//! Liquid as Jekyll runs it, on cobalt's `liquid` crates, with what a reader needs added:
//!
//! - Jekyll is lax where liquid-rust is strict: an undefined variable or a missing key
//!   renders as nothing ([`LaxRuntime`]), not an error that loses the whole post.
//! - A tag kiji does not run (a plugin's) renders as nothing and is reported; a filter it does
//!   not know passes its input through and is reported. Both are found before parsing
//!   ([`scan`]), because an unknown name fails liquid's parse of the whole template.
//! - Work is bounded: template size and block nesting are checked before the parser (which
//!   recurses per nested block) sees the text; every loop iteration costs one unit of a budget
//!   (a hidden tag put at the start of each loop body); includes nest and output grows only
//!   so far ([`Limits`]).
//! - `{% highlight LANG %}` becomes a fenced code block, `{% post_url NAME %}` and
//!   `{% link PATH %}` the addresses `post_url:NAME` and `link:PATH` that kiji's links resolve.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::sync::Arc;

use liquid_core::error::ResultLiquidReplaceExt;
use liquid_core::model::{KString, KStringCow, KStringRef, ScalarCow, Value, ValueCow, ValueView};
use liquid_core::parser::FilterArguments;
use liquid_core::runtime::{PartialStore, Registers, RuntimeBuilder};
use liquid_core::{
    BlockReflection, Error, Filter, FilterReflection, Language, ParseBlock, ParseFilter, ParseTag,
    Renderable, Result, Runtime, TagBlock, TagReflection, TagTokenIter, Template,
};

/// How much one render may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Loop iterations, all loops together.
    pub iterations: u64,
    /// Includes within includes (a self-including include stops here).
    pub include_depth: usize,
    /// Bytes of output.
    pub output_bytes: usize,
}

impl Default for Limits {
    /// Far past any real page, far short of a hang: a million iterations take well under a
    /// second in a release build.
    fn default() -> Self {
        Limits {
            iterations: 1_000_000,
            include_depth: 16,
            output_bytes: 16 << 20,
        }
    }
}
/// Blocks (`if`, `for`, `capture`…) nested deeper than this are not parsed: liquid's parser
/// recurses once per level.
pub const MAX_BLOCK_DEPTH: usize = 64;
/// Templates longer than this (bytes) are not parsed.
pub const MAX_TEMPLATE_BYTES: usize = 8 << 20;
/// A tag or output longer than this (bytes) is not parsed: liquid's parser recurses per
/// `and`/`or` of a condition, and real tags are a line long.
pub const MAX_MARKUP_BYTES: usize = 4096;

/// The hidden tag counted once per loop iteration.
const TICK: &str = "kiji_loop_tick";

/// What `{% include_relative NAME %}` asks [`Includes`] for: this prefix, then NAME.
pub const RELATIVE: &str = "kiji-relative:";

/// What rendering one template met that the reader should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the template, when known.
    pub line: Option<usize>,
    pub message: String,
}

/// Where includes come from: `name` → its text, or why there is none. A name that starts
/// with [`RELATIVE`] is an `include_relative` one, relative to the post's folder.
pub trait Includes: Send + Sync {
    fn read(&self, name: &str) -> std::result::Result<String, String>;
}

/// Renders `template` with `globals` (`page`, `site`) and `includes`. `Err` holds why the
/// template could not be rendered at all; `Ok` holds the text and what was left out of it.
pub fn render(
    template: &str,
    globals: &liquid_core::Object,
    includes: Arc<dyn Includes>,
    limits: Limits,
) -> std::result::Result<(String, Vec<Problem>), Problem> {
    check_shape(template)?;
    let scanned = scan(template);
    let mut problems = scanned.problems.clone();
    let language = Arc::new(language(&scanned));
    let text = prepare(template);
    let elements =
        contained(|| liquid_core::parser::parse(&text, &language))?.map_err(|e| Problem {
            line: None,
            message: format!("Liquid: {}", first_line(&e.to_string())),
        })?;
    let template = Template::new(elements);
    let store = IncludeStore {
        language: Arc::clone(&language),
        includes,
        problems: Default::default(),
    };
    let mut out = Bounded {
        bytes: Vec::new(),
        limit: limits.output_bytes,
        overflowed: false,
    };
    let rendered = contained(|| {
        let core = RuntimeBuilder::new()
            .set_globals(globals)
            .set_partials(&store)
            .build();
        budget(core.registers()).limits = limits;
        template.render_to(&mut out, &LaxRuntime { inner: core })
    })?;
    problems.extend(store.problems.into_inner().unwrap_or_default());
    match rendered {
        Ok(()) => Ok((String::from_utf8_lossy(&out.bytes).into_owned(), problems)),
        // liquid reports a failed write as "Failed to render"; the writer knows why.
        Err(_) if out.overflowed => Err(Problem {
            line: None,
            message: format!("Liquid: the output passed {} bytes; stopped", out.limit),
        }),
        Err(e) => Err(Problem {
            line: None,
            message: format!("Liquid: {}", first_line(&e.to_string())),
        }),
    }
}

/// Whether the panic under way is one of liquid-core's, which [`render`] catches: a panic hook
/// (the reader's restores the terminal) must then do nothing.
pub fn panic_is_contained() -> bool {
    crate::contain::panic_is_contained()
}

/// Runs liquid-core, turning its panics into a problem. The fuzz target keeps finding inputs
/// that reach its `expect`s ("Grammar ensures…", "File shouldn't end before EOI"); the shapes
/// that kiji can tell in advance are refused before parsing ([`check_shape`]), and this is the
/// net for the rest.
fn contained<T>(run: impl FnOnce() -> T) -> std::result::Result<T, Problem> {
    crate::contain::contain(run).map_err(|why| Problem {
        line: None,
        message: format!("Liquid could not read this post ({})", first_line(&why)),
    })
}

fn first_line(message: &str) -> String {
    let message = message.trim_start_matches("liquid: ").trim();
    let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
    let head = lines.next().unwrap_or("error").to_string();
    // liquid's context lines ("requested variable=x") say what the error is about.
    let detail: Vec<&str> = lines
        .take_while(|l| !l.starts_with("from:"))
        .filter(|l| l.contains('=') && !l.starts_with("available"))
        .collect();
    if detail.is_empty() {
        head
    } else {
        format!("{head} ({})", detail.join(", "))
    }
}

/// Refuses what would make liquid's parser work too hard: a huge template, or blocks nested
/// deeper than [`MAX_BLOCK_DEPTH`].
fn check_shape(template: &str) -> std::result::Result<(), Problem> {
    if template.len() > MAX_TEMPLATE_BYTES {
        return Err(Problem {
            line: None,
            message: format!(
                "Liquid: the post is over {} MB, too long to render",
                MAX_TEMPLATE_BYTES >> 20
            ),
        });
    }
    // liquid-core panics on an integer literal past i64 ("Grammar ensures matches are
    // parseable as integers"): such a number is refused before it gets there.
    if let Some(huge) = markup(template).find(|m| has_huge_integer(m.inner)) {
        return Err(Problem {
            line: Some(huge.line),
            message: "Liquid: a number too large for Liquid; not rendered".into(),
        });
    }
    if let Some(long) = markup(template).find(|m| m.inner.len() > MAX_MARKUP_BYTES) {
        return Err(Problem {
            line: Some(long.line),
            message: format!(
                "Liquid: a tag over {MAX_MARKUP_BYTES} bytes long, too long to render"
            ),
        });
    }
    let mut depth = 0usize;
    for tag in tags(template) {
        if tag.name.starts_with("end") && BLOCKS.contains(&&tag.name[3..]) {
            depth = depth.saturating_sub(1);
        } else if BLOCKS.contains(&tag.name) {
            depth += 1;
            if depth > MAX_BLOCK_DEPTH {
                return Err(Problem {
                    line: Some(tag.line),
                    message: format!(
                        "Liquid: blocks nest more than {MAX_BLOCK_DEPTH} deep, too deep to render"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Whether markup holds, outside quotes, a run of digits that may not fit an `i64` (over 18
/// digits).
fn has_huge_integer(inner: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut digits = 0;
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                digits = 0;
            }
            (None, '0'..='9') => {
                digits += 1;
                if digits > 18 {
                    return true;
                }
            }
            (None, _) => digits = 0,
        }
    }
    false
}

/// Liquid's block tags (each closed by `end` + its name), kiji's `highlight` included.
const BLOCKS: &[&str] = &[
    "raw",
    "if",
    "unless",
    "ifchanged",
    "for",
    "tablerow",
    "comment",
    "capture",
    "case",
    "highlight",
];

/// Tags liquid and kiji run.
const TAGS: &[&str] = &[
    "assign",
    "break",
    "continue",
    "cycle",
    "include",
    "include_relative",
    "increment",
    "decrement",
    "render",
    "post_url",
    "link",
    "else",
    "elsif",
    "when",
    TICK,
];

/// Filters Jekyll adds that change nothing a reader sees in the text (URLs made absolute,
/// Markdown marked to be read as Markdown, which it will be): they pass their input through,
/// without a diagnostic.
const NEUTRAL_FILTERS: &[&str] = &[
    "relative_url",
    "absolute_url",
    "markdownify",
    "smartify",
    "xml_escape",
    "cgi_escape",
    "uri_escape",
    "date_to_string",
    "date_to_long_string",
    "date_to_xmlschema",
    "date_to_rfc822",
    "normalize_whitespace",
    "strip_index",
    "escape_once",
];

/// A piece of Liquid markup: a tag `{% … %}` or an output `{{ … }}`.
struct Markup<'a> {
    is_tag: bool,
    /// Between the delimiters, whitespace-control dashes and leading spaces removed.
    inner: &'a str,
    /// The tag's name (empty for an output).
    name: &'a str,
    /// 1-based line of its opening.
    line: usize,
}

/// Every tag and output of a template, in order, skipping what `raw` and `comment` blocks
/// hold (their insides are text, not markup). One pass.
fn markup(template: &str) -> impl Iterator<Item = Markup<'_>> {
    let mut at = 0;
    let mut line = 1;
    let mut skipping: Option<&'static str> = None;
    std::iter::from_fn(move || {
        loop {
            let open = template[at..].find('{')? + at;
            line += template[at..open].matches('\n').count();
            let close_mark = match template.as_bytes().get(open + 1) {
                Some(b'%') => "%}",
                Some(b'{') if skipping.is_none() => "}}",
                _ => {
                    at = open + 1;
                    continue;
                }
            };
            let inner_start = open + 2;
            // Inside `raw` and `comment` nothing is a string: only the end tag is looked for.
            let close = if skipping.is_some() {
                template[inner_start..]
                    .find(close_mark)
                    .map(|c| c + inner_start)
            } else {
                close_of(template, inner_start, close_mark)
            };
            let close = close.unwrap_or(template.len());
            let inner = template[inner_start..close]
                .trim_start_matches('-')
                .trim_start()
                .trim_end_matches('-');
            let is_tag = close_mark == "%}";
            let name = if is_tag {
                let len = inner
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(inner.len());
                inner[..len].trim_end_matches('-')
            } else {
                ""
            };
            let here = line;
            line += template[open..close].matches('\n').count();
            at = (close + 2).min(template.len());
            if let Some(end) = skipping {
                if name == end {
                    skipping = None;
                }
                continue;
            }
            match name {
                "raw" => skipping = Some("endraw"),
                "comment" => skipping = Some("endcomment"),
                _ => {}
            }
            return Some(Markup {
                is_tag,
                inner,
                name,
                line: here,
            });
        }
    })
}

/// Where the markup opened before `from` closes with `mark` (`%}` or `}}`), as liquid reads
/// it: a mark inside a quoted string does not close it. `None` when it never closes (an
/// unclosed quote runs to the end).
fn close_of(template: &str, from: usize, mark: &str) -> Option<usize> {
    let bytes = template.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if bytes[i..].starts_with(mark.as_bytes()) => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

/// A `{% … %}` tag in a template: its name and line.
struct TagAt<'a> {
    name: &'a str,
    line: usize,
}

/// Every tag of a template, outside `raw` and `comment`.
fn tags(template: &str) -> impl Iterator<Item = TagAt<'_>> {
    markup(template).filter(|m| m.is_tag).map(|m| TagAt {
        name: m.name,
        line: m.line,
    })
}

/// Tag and filter names a template uses that liquid would refuse, and the reports for them.
#[derive(Debug, Default, Clone)]
struct Scan {
    unknown_tags: BTreeSet<String>,
    unknown_filters: BTreeSet<String>,
    problems: Vec<Problem>,
}

fn scan(template: &str) -> Scan {
    let mut scan = Scan::default();
    for tag in tags(template) {
        let known = TAGS.contains(&tag.name)
            || BLOCKS.contains(&tag.name)
            || tag
                .name
                .strip_prefix("end")
                .is_some_and(|b| BLOCKS.contains(&b));
        if !known && !tag.name.is_empty() && scan.unknown_tags.insert(tag.name.to_string()) {
            scan.problems.push(Problem {
                line: Some(tag.line),
                message: format!(
                    "Liquid tag `{}` is not one kiji runs (a plugin's?); left out",
                    tag.name
                ),
            });
        }
    }
    let known_filters = known_filter_names();
    for (name, line) in filter_names(template) {
        if known_filters.contains(name) || NEUTRAL_FILTERS.contains(&name) {
            continue;
        }
        if scan.unknown_filters.insert(name.to_string()) {
            scan.problems.push(Problem {
                line: Some(line),
                message: format!(
                    "Liquid filter `{name}` is not one kiji runs (a plugin's?); its input is shown as is"
                ),
            });
        }
    }
    scan
}

/// The names after `|` inside `{{ … }}` and `{% … %}` (outside `raw` and `comment`), with
/// their lines.
fn filter_names(template: &str) -> Vec<(&str, usize)> {
    let mut names = Vec::new();
    for piece in markup(template) {
        let mut quote: Option<char> = None;
        for (i, c) in piece.inner.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '|') => {
                    let rest = piece.inner[i + 1..].trim_start();
                    let len = rest
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    if len > 0 {
                        names.push((&rest[..len], piece.line));
                    }
                }
                _ => {}
            }
        }
    }
    names
}

fn known_filter_names() -> BTreeSet<String> {
    let mut language = Language::empty();
    register_filters(&mut language);
    language
        .filters
        .plugin_names()
        .map(str::to_string)
        .collect()
}

fn register_filters(language: &mut Language) {
    use liquid_lib::{jekyll, stdlib};
    let filters: Vec<Box<dyn ParseFilter>> = vec![
        Box::new(stdlib::Abs),
        Box::new(stdlib::Append),
        Box::new(stdlib::AtLeast),
        Box::new(stdlib::AtMost),
        Box::new(stdlib::Capitalize),
        Box::new(stdlib::Ceil),
        Box::new(stdlib::Compact),
        Box::new(stdlib::Concat),
        Box::new(stdlib::Date),
        Box::new(stdlib::Default),
        Box::new(stdlib::DividedBy),
        Box::new(stdlib::Downcase),
        Box::new(stdlib::Escape),
        Box::new(stdlib::EscapeOnce),
        Box::new(stdlib::First),
        Box::new(stdlib::Floor),
        Box::new(stdlib::Join),
        Box::new(stdlib::Last),
        Box::new(stdlib::Lstrip),
        Box::new(stdlib::Map),
        Box::new(stdlib::Minus),
        Box::new(stdlib::Modulo),
        Box::new(stdlib::NewlineToBr),
        Box::new(stdlib::Plus),
        Box::new(stdlib::Prepend),
        Box::new(stdlib::Remove),
        Box::new(stdlib::RemoveFirst),
        Box::new(stdlib::Replace),
        Box::new(stdlib::ReplaceFirst),
        Box::new(stdlib::Reverse),
        Box::new(stdlib::Round),
        Box::new(stdlib::Rstrip),
        Box::new(stdlib::Size),
        Box::new(stdlib::Slice),
        Box::new(stdlib::Sort),
        Box::new(stdlib::SortNatural),
        Box::new(stdlib::Split),
        Box::new(stdlib::Strip),
        Box::new(stdlib::StripHtml),
        Box::new(stdlib::StripNewlines),
        Box::new(stdlib::Times),
        Box::new(stdlib::Truncate),
        Box::new(stdlib::TruncateWords),
        Box::new(stdlib::Uniq),
        Box::new(stdlib::Upcase),
        Box::new(stdlib::UrlDecode),
        Box::new(stdlib::UrlEncode),
        Box::new(stdlib::Where),
        Box::new(jekyll::Slugify),
        Box::new(jekyll::Pop),
        Box::new(jekyll::Push),
        Box::new(jekyll::Shift),
        Box::new(jekyll::Unshift),
        Box::new(jekyll::ArrayToSentenceString),
    ];
    for filter in filters {
        let name = filter.reflection().name().to_string();
        language.filters.register(name, filter);
    }
}

fn language(scan: &Scan) -> Language {
    use liquid_lib::stdlib;
    let mut language = Language::empty();
    let tags: Vec<Box<dyn ParseTag>> = vec![
        Box::new(stdlib::AssignTag),
        Box::new(stdlib::BreakTag),
        Box::new(stdlib::ContinueTag),
        Box::new(stdlib::CycleTag),
        Box::new(stdlib::IncrementTag),
        Box::new(stdlib::DecrementTag),
        Box::new(GuardedInclude),
        Box::new(Tick),
    ];
    for tag in tags {
        let name = tag.reflection().tag().to_string();
        language.tags.register(name, tag);
    }
    let blocks: Vec<Box<dyn ParseBlock>> = vec![
        Box::new(stdlib::RawBlock),
        Box::new(stdlib::IfBlock),
        Box::new(stdlib::UnlessBlock),
        Box::new(stdlib::IfChangedBlock),
        Box::new(stdlib::ForBlock),
        Box::new(stdlib::TableRowBlock),
        Box::new(stdlib::CommentBlock),
        Box::new(stdlib::CaptureBlock),
        Box::new(stdlib::CaseBlock),
        Box::new(Highlight),
    ];
    for block in blocks {
        let name = block.reflection().start_tag().to_string();
        language.blocks.register(name, block);
    }
    register_filters(&mut language);
    for name in NEUTRAL_FILTERS {
        if !language.filters.plugin_names().any(|n| n == *name) {
            let pass = Box::new(PassThrough {
                name: (*name).to_string(),
            });
            language.filters.register((*name).to_string(), pass);
        }
    }
    for name in &scan.unknown_filters {
        let pass = Box::new(PassThrough { name: name.clone() });
        language.filters.register(name.clone(), pass);
    }
    for name in &scan.unknown_tags {
        let ignored = Box::new(Ignored { name: name.clone() });
        language.tags.register(name.clone(), ignored);
    }
    language
}

/// The template as liquid is to parse it, outside `raw` and `comment`: [`TICK`] at the start
/// of every loop body, and `{% post_url NAME %}` / `{% link PATH %}` already replaced by the
/// addresses `post_url:NAME` / `link:PATH` that kiji's links resolve (liquid's tokenizer
/// refuses a path such as `_docs/index.md` as a tag's argument).
fn prepare(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut at = 0;
    let mut skipping: Option<&str> = None;
    while let Some(open) = template[at..].find("{%").map(|o| o + at) {
        let inner_start = open + 2;
        let close = if skipping.is_some() {
            template[inner_start..].find("%}").map(|c| c + inner_start)
        } else {
            close_of(template, inner_start, "%}")
        };
        let Some(close) = close else {
            break;
        };
        let end = close + 2;
        let inner = template[inner_start..close]
            .trim_start_matches('-')
            .trim_start();
        let name = inner
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if skipping.is_none() && matches!(name, "include" | "include_relative") {
            // Whitespace control (`{%-`, `-%}`) stays as written.
            let trim_before = template[inner_start..].starts_with('-');
            let arguments = inner[name.len()..].trim();
            let trim_after = arguments.ends_with('-');
            let arguments = arguments.trim_end_matches('-').trim_end();
            out.push_str(&template[at..open]);
            out.push_str(if trim_before { "{%- " } else { "{% " });
            out.push_str(&include_tag(name, arguments));
            out.push_str(if trim_after { " -%}" } else { " %}" });
            at = end;
            continue;
        }
        if skipping.is_none() && matches!(name, "post_url" | "link") {
            let argument = inner[name.len()..].trim_end_matches('-').trim();
            out.push_str(&template[at..open]);
            out.push_str(name);
            out.push(':');
            out.push_str(argument);
            at = end;
            continue;
        }
        out.push_str(&template[at..end]);
        at = end;
        if let Some(until) = skipping {
            if name == until {
                skipping = None;
            }
            continue;
        }
        match name {
            "raw" => skipping = Some("endraw"),
            "comment" => skipping = Some("endcomment"),
            "for" | "tablerow" => {
                out.push_str("{% ");
                out.push_str(TICK);
                out.push_str(" %}");
            }
            _ => {}
        }
    }
    out.push_str(&template[at..]);
    out
}

/// An include tag's inside as liquid-lib's parses it: the file name quoted (its tokenizer refuses a
/// bare `notes/intro.md`), and `include_relative` made an include of a [`RELATIVE`] name, so
/// one tag serves both. A name given as `{{ variable }}` is not supported: it becomes a name
/// the store reports.
fn include_tag(name: &str, arguments: &str) -> String {
    let prefix = if name == "include_relative" {
        RELATIVE
    } else {
        ""
    };
    let (file, rest) = if let Some(after) = arguments.strip_prefix("{{") {
        let (variable, rest) = after.split_once("}}").unwrap_or((after, ""));
        let file = format!("{{{{ {} }}}} (a name from a variable)", variable.trim());
        (file, rest)
    } else if let Some(quote) = arguments.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let after = &arguments[1..];
        let (name, rest) = after.split_once(quote).unwrap_or((after, ""));
        (name.to_string(), rest)
    } else {
        let (name, rest) = arguments
            .split_once(char::is_whitespace)
            .unwrap_or((arguments, ""));
        (name.to_string(), rest)
    };
    let file = file.replace(['"', '%', '}'], "");
    format!("include \"{prefix}{file}\" {}", rest.trim())
}

/// Per-render counters, kept in the runtime's registers.
#[derive(Default)]
struct Budget {
    limits: Limits,
    iterations: u64,
    include_depth: usize,
}

fn budget(registers: &Registers) -> std::cell::RefMut<'_, Budget> {
    registers.get_mut::<Budget>()
}

/// The loop tick: counts an iteration, and stops the render past [`MAX_ITERATIONS`].
#[derive(Clone, Copy)]
struct Tick;

impl TagReflection for Tick {
    fn tag(&self) -> &str {
        TICK
    }
    fn description(&self) -> &str {
        "counts loop iterations against kiji's budget"
    }
}

impl ParseTag for Tick {
    fn parse(&self, mut arguments: TagTokenIter, _: &Language) -> Result<Box<dyn Renderable>> {
        arguments.expect_nothing()?;
        Ok(Box::new(TickNode))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct TickNode;

impl Renderable for TickNode {
    fn render_to(&self, _: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let mut budget = budget(runtime.registers());
        budget.iterations += 1;
        if budget.iterations > budget.limits.iterations {
            return Err(Error::with_msg(format!(
                "loops ran over {} times; stopped",
                budget.limits.iterations
            )));
        }
        Ok(())
    }
}

/// Jekyll's `{% include NAME key=value %}`, nesting only as deep as the limits allow.
#[derive(Clone, Copy)]
struct GuardedInclude;

impl TagReflection for GuardedInclude {
    fn tag(&self) -> &str {
        "include"
    }
    fn description(&self) -> &str {
        "Jekyll's include, with a nesting limit"
    }
}

impl ParseTag for GuardedInclude {
    fn parse(&self, arguments: TagTokenIter, options: &Language) -> Result<Box<dyn Renderable>> {
        let inner = liquid_lib::jekyll::IncludeTag.parse(arguments, options)?;
        Ok(Box::new(DepthGuard { inner }))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct DepthGuard {
    inner: Box<dyn Renderable>,
}

impl Renderable for DepthGuard {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        {
            let mut budget = budget(runtime.registers());
            if budget.include_depth >= budget.limits.include_depth {
                return Err(Error::with_msg(format!(
                    "includes nest over {} deep (one includes itself?)",
                    budget.limits.include_depth
                )));
            }
            budget.include_depth += 1;
        }
        let result = self.inner.render_to(writer, runtime);
        budget(runtime.registers()).include_depth -= 1;
        result
    }
}

#[derive(Debug)]
struct Text(String);

impl Renderable for Text {
    fn render_to(&self, writer: &mut dyn Write, _: &dyn Runtime) -> Result<()> {
        writer
            .write_all(self.0.as_bytes())
            .replace("Failed to render")
    }
}

/// A tag kiji does not run: parsed (whatever its arguments), rendered as nothing.
#[derive(Clone)]
struct Ignored {
    name: String,
}

impl TagReflection for Ignored {
    fn tag(&self) -> &str {
        &self.name
    }
    fn description(&self) -> &str {
        "a tag kiji does not run"
    }
}

impl ParseTag for Ignored {
    fn parse(&self, arguments: TagTokenIter, _: &Language) -> Result<Box<dyn Renderable>> {
        arguments.for_each(drop);
        Ok(Box::new(Text(String::new())))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// A filter that returns its input: for filters that change nothing a reader sees, and for
/// those kiji does not know.
#[derive(Clone)]
struct PassThrough {
    name: String,
}

impl FilterReflection for PassThrough {
    fn name(&self) -> &str {
        &self.name
    }
    fn description(&self) -> &str {
        "returns its input"
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for PassThrough {
    fn parse(&self, arguments: FilterArguments) -> Result<Box<dyn Filter>> {
        // Arguments are not evaluated: the filter does nothing with them.
        drop(arguments);
        Ok(Box::new(PassThroughFilter))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct PassThroughFilter;

impl std::fmt::Display for PassThroughFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("pass_through")
    }
}

impl Filter for PassThroughFilter {
    fn evaluate(&self, input: &dyn ValueView, _: &dyn Runtime) -> Result<Value> {
        Ok(input.to_value())
    }
}

/// `{% highlight LANG [linenos] %}…{% endhighlight %}` → a fenced code block in LANG.
#[derive(Clone, Copy)]
struct Highlight;

impl BlockReflection for Highlight {
    fn start_tag(&self) -> &str {
        "highlight"
    }
    fn end_tag(&self) -> &str {
        "endhighlight"
    }
    fn description(&self) -> &str {
        "Jekyll's highlighted code"
    }
}

impl ParseBlock for Highlight {
    fn parse(
        &self,
        arguments: TagTokenIter,
        mut block: TagBlock,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let language = arguments
            .map(|t| t.as_str().to_string())
            .next()
            .unwrap_or_default();
        let language: String = language
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '+' | '-' | '_' | '#' | '.'))
            .collect();
        let body = Template::new(block.parse_all(options)?);
        Ok(Box::new(HighlightNode { language, body }))
    }
    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct HighlightNode {
    language: String,
    body: Template,
}

impl Renderable for HighlightNode {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let mut code = Vec::new();
        self.body.render_to(&mut code, runtime)?;
        let code = String::from_utf8_lossy(&code);
        let code = code.trim_start_matches(['\r', '\n']).trim_end();
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        write!(writer, "{fence}{}\n{code}\n{fence}", self.language).replace("Failed to render")
    }
}

/// The runtime that makes liquid as lax as Jekyll: a name or key that is not there is nil.
/// Loop variables live in frames above it and stay strict, which the caller reports.
struct LaxRuntime<R> {
    inner: R,
}

impl<R: Runtime> Runtime for LaxRuntime<R> {
    fn partials(&self) -> &dyn PartialStore {
        self.inner.partials()
    }
    fn name(&self) -> Option<KStringRef<'_>> {
        self.inner.name()
    }
    fn roots(&self) -> BTreeSet<KStringCow<'_>> {
        self.inner.roots()
    }
    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        self.inner.try_get(path)
    }
    fn get(&self, path: &[ScalarCow<'_>]) -> Result<ValueCow<'_>> {
        Ok(self
            .inner
            .try_get(path)
            .unwrap_or(ValueCow::Owned(Value::Nil)))
    }
    fn set_global(&self, name: KString, val: Value) -> Option<Value> {
        self.inner.set_global(name, val)
    }
    fn set_index(&self, name: KString, val: Value) -> Option<Value> {
        self.inner.set_index(name, val)
    }
    fn get_index<'a>(&'a self, name: &str) -> Option<ValueCow<'a>> {
        self.inner.get_index(name)
    }
    fn registers(&self) -> &Registers {
        self.inner.registers()
    }
}

/// Includes parsed on first use; a missing or broken one renders as nothing and is reported.
struct IncludeStore {
    language: Arc<Language>,
    includes: Arc<dyn Includes>,
    problems: std::sync::Mutex<Vec<Problem>>,
}

impl std::fmt::Debug for IncludeStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IncludeStore")
    }
}

impl IncludeStore {
    fn report(&self, message: String) {
        if let Ok(mut problems) = self.problems.lock()
            && problems.len() < 100
        {
            problems.push(Problem {
                line: None,
                message,
            });
        }
    }
}

impl PartialStore for IncludeStore {
    fn contains(&self, _name: &str) -> bool {
        true
    }
    fn names(&self) -> Vec<&str> {
        Vec::new()
    }
    fn try_get(&self, name: &str) -> Option<Arc<dyn Renderable>> {
        self.get(name).ok()
    }
    fn get(&self, name: &str) -> Result<Arc<dyn Renderable>> {
        // liquid-lib passes a quoted name with its quotes.
        let name = name.trim_matches(['"', '\'']);
        let nothing = || Arc::new(Template::new(Vec::new())) as Arc<dyn Renderable>;
        let text = match self.includes.read(name) {
            Ok(text) => text,
            Err(why) => {
                self.report(format!("include `{name}`: {why}; left out"));
                return Ok(nothing());
            }
        };
        if let Err(problem) = check_shape(&text) {
            self.report(format!("include `{name}`: {}", problem.message));
            return Ok(nothing());
        }
        // The include's own unknown tags and filters fail only its parse.
        let scanned = scan(&text);
        let language = if scanned.unknown_tags.is_empty() && scanned.unknown_filters.is_empty() {
            Arc::clone(&self.language)
        } else {
            for problem in &scanned.problems {
                self.report(format!("include `{name}`: {}", problem.message));
            }
            Arc::new(language(&scanned))
        };
        match liquid_core::parser::parse(&prepare(&text), &language) {
            Ok(elements) => Ok(Arc::new(Template::new(elements))),
            Err(e) => {
                self.report(format!(
                    "include `{name}`: Liquid: {}; left out",
                    first_line(&e.to_string())
                ));
                Ok(nothing())
            }
        }
    }
}

/// A writer that fails past `limit` bytes, ending a render that would not end.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.overflowed = true;
            return Err(io::Error::other("output limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Files(HashMap<&'static str, &'static str>);

    impl Includes for Files {
        fn read(&self, name: &str) -> std::result::Result<String, String> {
            self.0
                .get(name)
                .map(|t| t.to_string())
                .ok_or_else(|| "not found".to_string())
        }
    }

    fn run(template: &str, includes: &[(&'static str, &'static str)]) -> (String, Vec<Problem>) {
        let globals = liquid_core::object!({
            "page": {"title": "Ruby 2.7.2 Released", "version": "2.7.2"},
            "site": {"data": {"releases": [
                {"version": "2.7.1", "url": {"gz": "https://example.test/ruby-2.7.1.tar.gz"}},
                {"version": "2.7.2", "url": {"gz": "https://example.test/ruby-2.7.2.tar.gz"}, "sha256": "abc123"},
            ]}},
        });
        let files = Arc::new(Files(includes.iter().copied().collect()));
        render(template, &globals, files, Limits::default()).unwrap_or_else(|p| panic!("{p:?}"))
    }

    #[test]
    fn site_data_chosen_with_where_and_first_fills_the_text() {
        let template = "{% assign release = site.data.releases | where: \"version\", page.version | first %}\
                        * <{{ release.url.gz }}>\n  SHA256: {{ release.sha256 }}";
        let (text, problems) = run(template, &[]);
        assert_eq!(
            text,
            "* <https://example.test/ruby-2.7.2.tar.gz>\n  SHA256: abc123"
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn undefined_names_and_keys_render_as_nothing_as_in_jekyll() {
        let (text, problems) = run(
            "a{{ nothing }}b{{ page.missing.deeper }}c{{ x | default: 'd' }}",
            &[],
        );
        assert_eq!(text, "abcd");
        assert!(problems.is_empty());
    }

    #[test]
    fn include_names_with_folders_quoted_or_not_are_read() {
        let (text, problems) = run(
            "{% include specials/zh/01-intro.md %}|{% include 'b.md' k=\"v\" -%}  \n|{% include {{ page.x }} %}",
            &[
                ("specials/zh/01-intro.md", "intro"),
                ("b.md", "b {{ include.k }}"),
            ],
        );
        assert_eq!(text, "intro|b v|");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("variable"), "{problems:?}");
    }

    #[test]
    fn an_unclosed_include_name_before_multibyte_text_does_not_panic() {
        // Found by the liquid_render fuzz target: a byte slice inside `ࠏ`.
        for template in [
            "{% include{{va% x ࠏt%}",
            "{% include \"ࠏ %}",
            "{% include {{ ࠏ %}",
        ] {
            let globals = liquid_core::object!({});
            let files = Arc::new(Files(HashMap::new()));
            let _ = render(template, &globals, files, Limits::default());
        }
    }

    #[test]
    fn a_panic_inside_liquid_core_is_a_problem_not_a_crash() {
        // Found by the liquid_render fuzz target: an unclosed comment after other blocks made
        // liquid-core panic with "File shouldn't end before EOI".
        let template = include_str!("../../fuzz/seeds/liquid_render/eof-before-eoi");
        let globals = liquid_core::object!({});
        let files = Arc::new(Files(HashMap::new()));
        let problem = render(template, &globals, files, Limits::default()).unwrap_err();
        assert!(
            problem.message.contains("could not read this post"),
            "{problem:?}"
        );
        assert!(
            !panic_is_contained(),
            "the flag is cleared after the render"
        );
    }

    #[test]
    fn include_relative_asks_for_a_relative_name() {
        let (text, problems) = run(
            "{% include_relative parts/a.md x=1 %}",
            &[("kiji-relative:parts/a.md", "part {{ include.x }}")],
        );
        assert_eq!(text, "part 1");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn includes_take_parameters_and_a_missing_one_is_reported() {
        let (text, problems) = run(
            "{% include note.md kind=\"tip\" %}|{% include gone.md %}|end",
            &[("note.md", "[{{ include.kind }}] {{ page.title }}")],
        );
        assert_eq!(text, "[tip] Ruby 2.7.2 Released||end");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("gone.md"), "{problems:?}");
    }

    #[test]
    fn a_plugin_tag_and_an_unknown_filter_are_left_out_and_reported_not_fatal() {
        let (text, problems) = run(
            "before {% youtube abc %} {{ page.title | plugin_filter: 3 }} after",
            &[],
        );
        assert_eq!(text, "before  Ruby 2.7.2 Released after");
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 2, "{messages:?}");
        assert!(messages[0].contains("youtube") && messages[1].contains("plugin_filter"));
        assert_eq!(problems[0].line, Some(1));
        let (_, problems) = run("a\n\n{{ 1 | plugin_filter }}", &[]);
        assert_eq!(problems[0].line, Some(3));
    }

    #[test]
    fn highlight_becomes_a_fence_and_post_url_an_address() {
        let (text, _) = run(
            "{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n[x]({% post_url 2020-01-01-a %}) \
             [y]({% link _docs/index.md %}) {% raw %}{% link a/b.md %}{% endraw %}",
            &[],
        );
        assert_eq!(
            text,
            "```ruby\nputs 1\n```\n[x](post_url:2020-01-01-a) [y](link:_docs/index.md) {% link a/b.md %}"
        );
    }

    #[test]
    fn a_quote_inside_raw_does_not_hide_the_end_of_raw() {
        let (text, problems) = run("{% raw %}{% it's %}{% endraw %} and {{ page.title }}", &[]);
        assert_eq!(text, "{% it's %} and Ruby 2.7.2 Released");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn raw_keeps_liquid_as_text() {
        let (text, problems) = run(
            "{% raw %}{{ page.title | plugin_filter }} {% youtube %}{% endraw %}",
            &[],
        );
        assert_eq!(text, "{{ page.title | plugin_filter }} {% youtube %}");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_self_including_include_ends_with_a_diagnostic() {
        let globals = liquid_core::object!({});
        let files = Arc::new(Files([("me.md", "x{% include me.md %}")].into()));
        let err = render("{% include me.md %}", &globals, files, Limits::default()).unwrap_err();
        assert!(err.message.contains("nest"), "{err:?}");
    }

    #[test]
    fn a_loop_over_a_huge_range_ends_with_a_diagnostic() {
        // The mechanism with small limits: a debug build runs the real ones too slowly.
        let limits = Limits {
            iterations: 10_000,
            include_depth: 4,
            output_bytes: 1 << 16,
        };
        let globals = liquid_core::object!({});
        let files: Arc<dyn Includes> = Arc::new(Files(HashMap::new()));
        let run = |template: &str| render(template, &globals, Arc::clone(&files), limits);
        let err = run("{% for i in (1..100000000) %}{% endfor %}").unwrap_err();
        assert!(err.message.contains("loops ran over 10000"), "{err:?}");
        let err = run("{% for i in (1..100) %}{% for j in (1..100) %}{% for k in (1..100) %}{% endfor %}{% endfor %}{% endfor %}")
            .unwrap_err();
        assert!(err.message.contains("loops ran over"), "{err:?}");
        let long_lines =
            "{% for i in (1..2000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}";
        match run(long_lines) {
            Err(err) => assert!(err.message.contains("output passed"), "{err:?}"),
            Ok((text, _)) => panic!("{} bytes rendered past the limit", text.len()),
        }
        // Within the limits, loops run.
        assert_eq!(
            run("{% for i in (1..3) %}{{ i }}{% endfor %}").unwrap().0,
            "123"
        );
    }

    #[test]
    fn an_integer_past_i64_is_refused_not_a_panic_in_liquid() {
        // Found by the liquid_render fuzz target: liquid-core panicked on these.
        let globals = liquid_core::object!({});
        for template in [
            "a {{ 444444444444444444444444444444 }} b",
            "{% for i in (1..99999999999999999999) %}{% endfor %}",
            "{% assign x = -99999999999999999999 %}",
            // The second fuzz find: a `%}` inside a string does not end the tag.
            "{% assign r = site.data.list | where: \"k %}{\", 22222222222222222222 | first %}",
        ] {
            let files = Arc::new(Files(HashMap::new()));
            let err = render(template, &globals, files, Limits::default()).unwrap_err();
            assert!(err.message.contains("too large"), "{template}: {err:?}");
        }
        // Quoted, or within i64, numbers are fine.
        let files = Arc::new(Files(HashMap::new()));
        let (text, _) = render(
            "{{ '444444444444444444444444' }} {{ 999999999999999999 }}",
            &globals,
            files,
            Limits::default(),
        )
        .unwrap();
        assert_eq!(text, "444444444444444444444444 999999999999999999");
    }

    #[test]
    fn blocks_nested_too_deep_are_refused_before_parsing() {
        let deep = "{% if true %}\n".repeat(100_000);
        let globals = liquid_core::object!({});
        let files = Arc::new(Files(HashMap::new()));
        let err = render(&deep, &globals, files, Limits::default()).unwrap_err();
        assert!(err.message.contains("nest"), "{err:?}");
        assert_eq!(err.line, Some(MAX_BLOCK_DEPTH + 1));
        // A condition of 100,000 terms overflowed liquid's parser.
        let long = format!(
            "{{% if {} %}}x{{% endif %}}",
            vec!["true"; 100_000].join(" and ")
        );
        let files = Arc::new(Files(HashMap::new()));
        let err = render(&long, &globals, files, Limits::default()).unwrap_err();
        assert!(err.message.contains("too long"), "{err:?}");
        // The most terms a tag within the limit holds, on a test thread's small stack.
        let longest = format!("{{% if {} %}}x{{% endif %}}", vec!["1"; 815].join(" or "));
        assert!(longest.len() < MAX_MARKUP_BYTES);
        let files = Arc::new(Files(HashMap::new()));
        assert_eq!(
            render(&longest, &globals, files, Limits::default())
                .unwrap()
                .0,
            "x"
        );
        // Closed blocks do not add up.
        let flat = "{% if true %}x{% endif %}".repeat(1000);
        let files = Arc::new(Files(HashMap::new()));
        assert!(render(&flat, &globals, files, Limits::default()).is_ok());
    }
}
