//! Syntax highlighting of code blocks: a language name and the block's lines → for each line,
//! byte ranges tagged with code roles (`Role::CodeKeyword`, `CodeString`…). Grammars are bat's
//! set (`two-face`), parsed by `syntect`; kiji maps TextMate scopes to its own roles and leaves
//! colours to the theme, so `NO_COLOR` and the light palette need nothing here.
//!
//! The grammar set is loaded on the first code block that names a language, so a post without
//! code pays nothing for it.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use unicode_segmentation::UnicodeSegmentation;

use super::Role;

/// Highlighting is bounded so that a huge code block cannot stall a layout: a line longer
/// than this, and every line after it in the block, stays plain (syntect's regexes are run
/// over the whole line, and a grammar's state after a skipped line is unknown).
pub const MAX_LINE_BYTES: usize = 4 * 1024;

/// Bytes of code one post's layout highlights in all; past this the code stays plain. bat's
/// grammars run at about 1 MB/s, so this bounds a post's highlighting to a fraction of a
/// second of a worker thread (the reader highlights off the input thread, see
/// [`Highlighting`]), and `--print` of a 5 MB log pasted into a post to the same.
pub const POST_BUDGET_BYTES: usize = 256 * 1024;

/// Whether a layout highlights its code itself or only takes what is already highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Highlighting {
    /// Highlight every code block now (`--print`, tests, the reader's worker thread).
    #[default]
    Now,
    /// Take highlighting done earlier (by a layout with [`Highlighting::Now`] of the same
    /// code, at any width) and leave the rest plain, marking the document as waiting for it:
    /// the reader's first screen never waits for a grammar.
    Remembered,
}

/// A code block's highlighting: roles for each of its lines.
pub type BlockRoles = Arc<Vec<Vec<(Range<usize>, Role)>>>;

/// Highlighting does not depend on the width, so it is remembered per block of code: a
/// resize, a post shown again and the reader after its worker has done the work find it
/// here. Bounded by the ranges it holds; the oldest blocks are forgotten first.
struct Memo {
    blocks: HashMap<u64, BlockRoles>,
    order: VecDeque<(u64, usize)>,
    ranges: usize,
}

/// About 12 MB of ranges: the highlighting of some dozens of code-heavy posts.
const MEMO_RANGES: usize = 500_000;

static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(|| {
    Mutex::new(Memo {
        blocks: HashMap::new(),
        order: VecDeque::new(),
        ranges: 0,
    })
});

impl Memo {
    fn insert(&mut self, key: u64, roles: BlockRoles) {
        let size = roles.iter().map(Vec::len).sum::<usize>().max(1);
        if self.blocks.insert(key, roles).is_some() {
            return;
        }
        self.order.push_back((key, size));
        self.ranges += size;
        while self.ranges > MEMO_RANGES && self.order.len() > 1 {
            let Some((old, size)) = self.order.pop_front() else {
                break;
            };
            self.blocks.remove(&old);
            self.ranges -= size;
        }
    }
}

/// Forgets every block's highlighting: for benchmarks, which measure highlighting itself.
pub fn forget_remembered() {
    if let Ok(mut memo) = MEMO.lock() {
        memo.blocks.clear();
        memo.order.clear();
        memo.ranges = 0;
    }
}

/// What identifies a block's highlighting: its language, its lines, and the budget when the
/// budget cuts it short (a block highlighted in full is the same whatever was left).
fn memo_key(lang: &str, lines: &[&str], budget: usize) -> u64 {
    let mut h = foldhash::quality::FixedState::with_seed(0x6b69_6a69).build_hasher();
    lang.hash(&mut h);
    lines.hash(&mut h);
    let cut = (budget < cost(lines)).then_some(budget);
    cut.hash(&mut h);
    h.finish()
}

/// The budget a block of code spends: its bytes with their newlines.
fn cost(lines: &[&str]) -> usize {
    lines.iter().map(|l| l.len() + 1).sum()
}

/// A code block's roles (see [`highlight`]), remembered. With [`Highlighting::Remembered`],
/// `None` when the block has not been highlighted yet; the budget is spent the same either
/// way, so the blocks after it are looked up as a [`Highlighting::Now`] layout stored them.
pub fn highlight_block(
    lang: &str,
    lines: &[&str],
    budget: &mut usize,
    mode: Highlighting,
) -> Option<BlockRoles> {
    if *budget == 0 {
        return Some(Arc::new(vec![Vec::new(); lines.len()]));
    }
    let key = memo_key(lang, lines, *budget);
    let remembered = MEMO.lock().ok().and_then(|m| m.blocks.get(&key).cloned());
    let left = *budget;
    *budget -= cost(lines).min(*budget);
    if let Some(roles) = remembered {
        return Some(roles);
    }
    // Not even whether the language is known is asked without highlighting: the first
    // question loads the grammars, which is the worker's to do.
    if mode == Highlighting::Remembered {
        return None;
    }
    // A grammar that panics on some input leaves its block plain.
    let roles = crate::contain::contain(|| highlight(lang, lines, &mut left.clone()))
        .unwrap_or_else(|_| vec![Vec::new(); lines.len()]);
    let roles = Arc::new(roles);
    if let Ok(mut memo) = MEMO.lock() {
        memo.insert(key, Arc::clone(&roles));
    }
    Some(roles)
}

/// bat's grammars, with the newline-terminated-line variant its grammars are written for.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// TextMate scope prefixes → role, looked up from the innermost scope outwards; the first
/// entry whose prefix matches wins, so more specific prefixes come first. `None` marks a
/// scope as see-through (the quote of a string is `punctuation.definition.string` inside
/// `string`, and is coloured as the string).
const SCOPE_ROLES: &[(&str, Option<Role>)] = &[
    ("comment", Some(Role::CodeComment)),
    ("punctuation.definition.comment", Some(Role::CodeComment)),
    ("punctuation", None),
    ("string", Some(Role::CodeString)),
    ("constant.numeric", Some(Role::CodeNumber)),
    ("constant.character.escape", Some(Role::CodeConstant)),
    ("constant.character", Some(Role::CodeString)),
    ("constant", Some(Role::CodeConstant)),
    ("variable.language", Some(Role::CodeConstant)),
    ("support.constant", Some(Role::CodeConstant)),
    ("keyword.operator", Some(Role::CodeOperator)),
    ("keyword", Some(Role::CodeKeyword)),
    ("storage.type", Some(Role::CodeType)),
    ("storage", Some(Role::CodeKeyword)),
    ("entity.name.function", Some(Role::CodeFunction)),
    ("support.function", Some(Role::CodeFunction)),
    ("variable.function", Some(Role::CodeFunction)),
    ("meta.function-call", None),
    ("entity.name.tag", Some(Role::CodeKeyword)),
    ("entity.name", Some(Role::CodeType)),
    ("entity.other.inherited-class", Some(Role::CodeType)),
    ("entity.other.attribute-name", Some(Role::CodeConstant)),
    ("support.type", Some(Role::CodeType)),
    ("support.class", Some(Role::CodeType)),
    ("markup.inserted", Some(Role::CodeInserted)),
    ("markup.deleted", Some(Role::CodeDeleted)),
    ("markup.heading", Some(Role::CodeKeyword)),
    ("meta.diff.range", Some(Role::CodeKeyword)),
    ("meta.diff.header", Some(Role::CodeKeyword)),
];

static SCOPE_TABLE: LazyLock<Vec<(Scope, Option<Role>)>> = LazyLock::new(|| {
    SCOPE_ROLES
        .iter()
        .filter_map(|&(name, role)| Scope::new(name).ok().map(|s| (s, role)))
        .collect()
});

/// The role of text whose scopes are `stack` (outermost first); `None` is plain code.
pub fn role_of(stack: &[Scope]) -> Option<Role> {
    for scope in stack.iter().rev() {
        // A see-through scope (`None`) leaves it to the scope around it.
        if let Some((_, Some(role))) = SCOPE_TABLE.iter().find(|(p, _)| p.is_prefix_of(*scope)) {
            return Some(*role);
        }
    }
    None
}

/// The language a fence's info string names: its first word, without the `{.…}` of pandoc
/// attributes, the `language-` of a class, or the `,ignore` of rustdoc. `None` when it names
/// nothing.
pub fn language_of_info(info: &str) -> Option<String> {
    let word = info.split_whitespace().next()?;
    let word = word.trim_start_matches('{').trim_start_matches('.');
    let word = word.split([',', '}', '{']).next()?;
    let word = word.strip_prefix("language-").unwrap_or(word);
    (!word.is_empty()).then(|| word.to_string())
}

/// Names people write after a fence that are neither a grammar's name nor its extension.
fn alias(lang: &str) -> &str {
    match lang.to_ascii_lowercase().as_str() {
        "shell" | "console" | "shell-session" | "zsh" => "bash",
        "golang" => "go",
        "py3" | "python3" => "python",
        "jsonc" | "json5" => "json",
        "docker" => "dockerfile",
        "patch" => "diff",
        "c++" => "cpp",
        _ => lang,
    }
}

fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let set: &'static SyntaxSet = &SYNTAXES;
    let lang = alias(lang);
    set.find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_token(&lang.to_ascii_lowercase()))
}

/// Whether bat's grammars know `lang`; loads them on the first call.
pub fn knows(lang: &str) -> bool {
    syntax_for(lang).is_some()
}

/// For each line, the ranges of its bytes that have a code role, in order; a line with no
/// ranges is plain code (an unknown language, or past the budget). `budget` is the bytes of
/// code the post may still highlight, and is spent here: the whole block's bytes (or what is
/// left), even where highlighting stops early, so that what a block spends is known without
/// highlighting it.
pub fn highlight(lang: &str, lines: &[&str], budget: &mut usize) -> Vec<Vec<(Range<usize>, Role)>> {
    let mut out = vec![Vec::new(); lines.len()];
    let mut left = *budget;
    *budget -= cost(lines).min(*budget);
    let budget = &mut left;
    if *budget == 0 {
        return out;
    }
    let Some(syntax) = syntax_for(lang) else {
        return out;
    };
    let set: &SyntaxSet = &SYNTAXES;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut buffer = String::new();
    for (line, ranges) in lines.iter().zip(out.iter_mut()) {
        if line.len() > MAX_LINE_BYTES || line.len() + 1 > *budget {
            break;
        }
        *budget -= line.len() + 1;
        buffer.clear();
        buffer.push_str(line);
        buffer.push('\n');
        let Ok(ops) = state.parse_line(&buffer, set) else {
            break;
        };
        let mut at = 0;
        let mut push = |range: Range<usize>, stack: &ScopeStack| {
            let range = range.start..range.end.min(line.len());
            if range.is_empty() {
                return;
            }
            if let Some(role) = role_of(stack.as_slice()) {
                match ranges.last_mut() {
                    Some((last, r)) if *r == role && last.end == range.start => {
                        last.end = range.end
                    }
                    _ => ranges.push((range, role)),
                }
            }
        };
        let mut broken = false;
        for (pos, op) in ops {
            let pos = pos.min(buffer.len());
            if pos > at {
                push(at..pos, &stack);
                at = pos;
            }
            if stack.apply(&op).is_err() {
                broken = true;
                break;
            }
        }
        if broken {
            ranges.clear();
            break;
        }
        push(at..buffer.len(), &stack);
        on_grapheme_boundaries(line, ranges);
    }
    out
}

/// Moves the ends of `ranges` back to where the grapheme clusters of `line` they fall inside
/// begin. A grammar may split a cluster (a family emoji's `👨` from its `\u{200d}👩`), and a
/// cluster drawn as two pieces takes two cells per piece: the row would outgrow the width
/// its layout measured.
fn on_grapheme_boundaries(line: &str, ranges: &mut Vec<(Range<usize>, Role)>) {
    if line.is_ascii() {
        return;
    }
    let starts: Vec<usize> = line.grapheme_indices(true).map(|(i, _)| i).collect();
    let floor = |at: usize| {
        let i = starts.partition_point(|&s| s <= at);
        starts.get(i.wrapping_sub(1)).copied().unwrap_or(0).min(at)
    };
    for (range, _) in ranges.iter_mut() {
        let end = if range.end >= line.len() {
            range.end
        } else {
            floor(range.end)
        };
        *range = floor(range.start)..end;
    }
    ranges.retain(|(range, _)| !range.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack(names: &[&str]) -> Vec<Scope> {
        names.iter().map(|n| Scope::new(n).unwrap()).collect()
    }

    #[test]
    fn scopes_map_to_code_roles() {
        let cases = [
            (
                &["source.rust", "keyword.control.rust"][..],
                Some(Role::CodeKeyword),
            ),
            (
                &["source.rust", "string.quoted.double.rust"],
                Some(Role::CodeString),
            ),
            (
                &["source.rust", "comment.line.double-slash.rust"],
                Some(Role::CodeComment),
            ),
            (
                &["source.rust", "constant.numeric.integer.decimal.rust"],
                Some(Role::CodeNumber),
            ),
            (
                &["source.rust", "entity.name.type.struct.rust"],
                Some(Role::CodeType),
            ),
            (
                &["source.haskell", "storage.type.haskell"],
                Some(Role::CodeType),
            ),
            (
                &["source.rust", "storage.modifier.rust"],
                Some(Role::CodeKeyword),
            ),
            (
                &["source.rust", "entity.name.function.rust"],
                Some(Role::CodeFunction),
            ),
            (
                &["source.python", "constant.language.python"],
                Some(Role::CodeConstant),
            ),
            (
                &["source.rust", "keyword.operator.arithmetic.rust"],
                Some(Role::CodeOperator),
            ),
            (
                &["source.diff", "markup.inserted.diff"],
                Some(Role::CodeInserted),
            ),
            (
                &["source.diff", "markup.deleted.diff"],
                Some(Role::CodeDeleted),
            ),
            (&["source.rust", "variable.other.rust"], None),
            (&["source.rust"], None),
        ];
        for (names, role) in cases {
            assert_eq!(role_of(&stack(names)), role, "{names:?}");
        }
    }

    #[test]
    fn punctuation_takes_the_role_of_what_it_delimits() {
        let quote = stack(&[
            "source.rust",
            "string.quoted.double.rust",
            "punctuation.definition.string.begin.rust",
        ]);
        assert_eq!(role_of(&quote), Some(Role::CodeString));
        let slashes = stack(&[
            "source.rust",
            "comment.line.double-slash.rust",
            "punctuation.definition.comment.rust",
        ]);
        assert_eq!(role_of(&slashes), Some(Role::CodeComment));
        let comma = stack(&["source.rust", "punctuation.separator.rust"]);
        assert_eq!(role_of(&comma), None);
    }

    #[test]
    fn info_strings_name_their_language() {
        for (info, lang) in [
            ("rust", Some("rust")),
            ("rust,ignore", Some("rust")),
            ("{.haskell}", Some("haskell")),
            ("{.haskell .numberLines}", Some("haskell")),
            ("language-ruby", Some("ruby")),
            ("  go  ", Some("go")),
            ("", None),
            ("{}", None),
        ] {
            assert_eq!(language_of_info(info).as_deref(), lang, "{info:?}");
        }
    }

    fn roles(lang: &str, code: &str) -> Vec<(String, Role)> {
        let lines: Vec<&str> = code.lines().collect();
        let mut budget = POST_BUDGET_BYTES;
        let spans = highlight(lang, &lines, &mut budget);
        lines
            .iter()
            .zip(spans)
            .flat_map(|(line, spans)| {
                spans
                    .into_iter()
                    .map(|(r, role)| (line[r].to_string(), role))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn rust_keywords_strings_and_comments_get_their_roles() {
        let got = roles(
            "rust",
            "fn main() {\n    if s == \"hi\" { return; } // greet\n}\n",
        );
        assert!(got.contains(&("if".into(), Role::CodeKeyword)), "{got:?}");
        assert!(
            got.contains(&("return".into(), Role::CodeKeyword)),
            "{got:?}"
        );
        assert!(
            got.contains(&("\"hi\"".into(), Role::CodeString)),
            "{got:?}"
        );
        assert!(
            got.contains(&("// greet".into(), Role::CodeComment)),
            "{got:?}"
        );
    }

    #[test]
    fn haskell_is_known_by_name_and_extension() {
        assert!(knows("haskell") && knows("hs") && knows("Haskell"));
        let got = roles("haskell", "main = putStrLn \"hi\" -- say hi\n");
        assert!(
            got.contains(&("\"hi\"".into(), Role::CodeString)),
            "{got:?}"
        );
        assert!(
            got.contains(&("-- say hi".into(), Role::CodeComment)),
            "{got:?}"
        );
    }

    #[test]
    fn the_corpus_languages_are_known() {
        for lang in [
            "haskell",
            "rust",
            "go",
            "java",
            "ruby",
            "python",
            "sh",
            "bash",
            "shell",
            "yaml",
            "toml",
            "json",
            "sql",
            "c",
            "javascript",
            "js",
            "typescript",
            "ts",
            "dockerfile",
            "diff",
        ] {
            assert!(knows(lang), "{lang}");
        }
    }

    #[test]
    fn roles_never_split_a_grapheme_cluster() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let lines = [
            format!("{{% endraw %}}\\{family}>🇯🇵</h2>\\مرحبا<kbd>{family}{family}<p>* e\u{301}"),
            format!("x = \"{family}\" + :{family} # {family}"),
        ];
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let starts: Vec<Vec<usize>> = lines
            .iter()
            .map(|l| l.grapheme_indices(true).map(|(i, _)| i).collect())
            .collect();
        for (line, ranges) in highlight("ruby", &lines, &mut usize::MAX.clone())
            .iter()
            .enumerate()
        {
            assert!(!ranges.is_empty(), "line {line} is highlighted");
            for (range, _) in ranges {
                for at in [range.start, range.end] {
                    assert!(
                        at == lines[line].len() || starts[line].contains(&at),
                        "line {line}: {range:?} splits a cluster"
                    );
                }
            }
        }
    }

    #[test]
    fn an_unknown_language_is_plain() {
        assert!(!knows("no-such-language"));
        assert!(roles("no-such-language", "fn main() {}\n").is_empty());
    }

    #[test]
    fn highlighting_stops_at_a_line_over_the_limit_and_at_the_budget() {
        let long = format!("let x = \"{}\";", "a".repeat(MAX_LINE_BYTES));
        let lines = ["let a = 1;", long.as_str(), "let b = 2;"];
        let mut budget = POST_BUDGET_BYTES;
        let spans = highlight("rust", &lines, &mut budget);
        assert!(!spans[0].is_empty());
        assert!(spans[1].is_empty() && spans[2].is_empty());

        let mut budget = 12;
        let spans = highlight("rust", &["let a = 1;", "let b = 2;"], &mut budget);
        assert!(!spans[0].is_empty() && spans[1].is_empty());
        assert_eq!(budget, 0, "the whole block is spent even when cut short");
        let mut budget = 30;
        highlight("rust", &["let a = 1;", long.as_str()], &mut budget);
        assert_eq!(budget, 0, "a long line ends highlighting, not the spending");
    }
}
