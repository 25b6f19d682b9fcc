//! Front matter read line by line, without a full parser: the top-level `key: value` lines
//! of a block its parser rejected are recovered here, and the plain, flat YAML most posts
//! carry is read here directly (serde_yaml costs more than the rest of a post's parse; a
//! property test in [`super::front_matter`] checks both agree wherever this one answers).

use super::values::{Format, Value};

type Entries = Vec<(String, Value)>;

/// How deep recovered `[flow, [lists]]` nest before the rest is kept as text. Each level
/// re-reads what it holds, so the bound keeps recovery linear and its stack flat whatever
/// the block holds (`[[[[…` a hundred thousand deep); real posts nest tags one level.
const RECOVERED_LIST_DEPTH: usize = 4;

/// Every top-level key with the line (within the block) where it is first written, in one
/// pass over the block.
pub fn key_lines(text: &str, format: Format) -> Vec<(&str, usize)> {
    let mut lines: Vec<(&str, usize)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((key, _)) = top_level_entry(line, format)
            && !lines.iter().any(|(k, _)| *k == key)
        {
            lines.push((key, i + 1));
        }
    }
    lines
}

/// The line of the `n`th (0-based) top-level occurrence of `key`.
pub fn nth_key_line(text: &str, key: &str, format: Format, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| top_level_entry(line, format).is_some_and(|(k, _)| k == key))
        .nth(n)
        .map(|(i, _)| i + 1)
}

/// The key named by serde_yaml's `duplicate entry with key "title"`.
pub fn duplicate_key(message: &str) -> Option<&str> {
    let quoted = message.strip_prefix("duplicate entry with key \"")?;
    Some(&quoted[..quoted.rfind('"')?])
}

/// `key: value` (YAML) or `key = value` (TOML) written at the start of a line.
fn top_level_entry(line: &str, format: Format) -> Option<(&str, &str)> {
    let separator = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let first = line.chars().next()?;
    if !(first.is_alphanumeric() || matches!(first, '_' | '"' | '\'')) {
        return None;
    }
    let at = line.find(separator)?;
    let key = line[..at].trim();
    let key = unquote_key(key);
    let value = &line[at + 1..];
    // `key:value` is a plain scalar in YAML (`time: 10:30`), not a key.
    if format == Format::Yaml && !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return None;
    }
    if key.is_empty() || key.contains(['#', '[', '{']) {
        return None;
    }
    Some((key, value))
}

fn unquote_key(key: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = key.strip_prefix(q).and_then(|k| k.strip_suffix(q)) {
            return inner;
        }
    }
    key
}

/// Recovers the simple fields of a block its parser rejected: top-level `key: value` lines
/// with plain, quoted or `[flow, list]` values, and `- item` lists under an empty key. A key
/// written twice keeps its last value, as Jekyll does.
pub fn recover(text: &str, format: Format) -> Entries {
    let mut entries: Entries = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if format == Format::Toml && line.trim_start().starts_with('[') {
            break; // fields after a table header belong to that table
        }
        let Some((key, raw)) = top_level_entry(line, format) else {
            continue;
        };
        let value = if raw.trim().is_empty() && format == Format::Yaml {
            let mut items = Vec::new();
            while let Some(item) = lines.peek().and_then(|l| l.trim_start().strip_prefix("- ")) {
                items.push(scalar(item, format, 0));
                lines.next();
            }
            if items.is_empty() {
                Value::Null
            } else {
                Value::List(items)
            }
        } else {
            scalar(raw, format, 0)
        };
        entries.retain(|(k, _)| k != key);
        entries.push((key.to_string(), value));
    }
    entries
}

/// One value written on a line: a quoted string (anything after its closing quote is
/// ignored, which is what the tab-after-quote posts need), a `[flow, list]`, or a plain
/// scalar without its `# comment`. `depth` counts the lists around it: past
/// [`RECOVERED_LIST_DEPTH`] a list is kept as the text written.
fn scalar(raw: &str, format: Format, depth: usize) -> Value {
    let raw = raw.trim();
    #[cfg(test)]
    super::work::add(raw.len());
    if let Some(rest) = raw.strip_prefix('"') {
        return Value::Text(double_quoted(rest));
    }
    if let Some(rest) = raw.strip_prefix('\'') {
        return Value::Text(single_quoted(rest, format));
    }
    if let Some(rest) = raw.strip_prefix('[')
        && depth < RECOVERED_LIST_DEPTH
    {
        let inner = rest.rsplit_once(']').map_or(rest, |(inner, _)| inner);
        return Value::List(
            split_flow_items(inner)
                .into_iter()
                .map(|item| scalar(item, format, depth + 1))
                .filter(|v| *v != Value::Null)
                .collect(),
        );
    }
    let plain = match raw.find(" #") {
        Some(at) => raw[..at].trim_end(),
        None => raw,
    };
    match plain {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => plain
            .parse::<i64>()
            .map_or_else(|_| Value::Text(plain.to_string()), Value::Int),
    }
}

fn double_quoted(rest: &str) -> String {
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        out.push(c);
                    }
                }
                Some(other) => out.push(other),
                None => break,
            },
            c => out.push(c),
        }
    }
    out
}

fn single_quoted(rest: &str, format: Format) -> String {
    match format {
        // TOML literal strings have no escapes at all.
        Format::Toml => rest.split('\'').next().unwrap_or_default().to_string(),
        Format::Yaml => {
            let mut out = String::new();
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(c);
            }
            out
        }
    }
}

/// Splits `a, "b, c", d` on the commas outside quotes.
fn split_flow_items(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ',') => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
}

/// Reads flat YAML made only of lines whose meaning is certain: `key: value` at the start of
/// a line with a plain word-initial value, a quoted string without escapes, an integer, a
/// boolean, null, a date, or a flow list of such. `None` as soon as a line is anything
/// else (nesting, block scalars, anchors, escapes, comments after values, a repeated key…),
/// which leaves the block to the full parser.
pub fn simple_yaml(text: &str) -> Option<Entries> {
    let mut entries: Entries = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_end_matches(' ');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.contains(['\t', '\r']) {
            return None;
        }
        let (key, value) = match line.split_once(": ") {
            Some((key, value)) => (key, value.trim_start_matches(' ')),
            None => (line.strip_suffix(':')?, ""),
        };
        let key = key.trim_end_matches(' ');
        let simple_key = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        // `true:` or `null:` would be a boolean or null key, not a name.
        let special = matches!(
            simple_scalar(key, false),
            Some(Value::Bool(_) | Value::Null)
        );
        if !simple_key || special || entries.iter().any(|(k, _)| k == key) {
            return None;
        }
        entries.push((key.to_string(), simple_value(value)?));
    }
    Some(entries)
}

fn simple_value(value: &str) -> Option<Value> {
    if let Some(inner) = value.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        if inner.trim_matches(' ').is_empty() {
            return Some(Value::List(Vec::new()));
        }
        return inner
            .split(',')
            .map(|item| simple_scalar(item.trim_matches(' '), true))
            .collect::<Option<Vec<_>>>()
            .map(Value::List);
    }
    simple_scalar(value, false)
}

fn simple_scalar(value: &str, in_flow: bool) -> Option<Value> {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            return (!inner.contains([quote, '\\'])).then(|| Value::Text(inner.to_string()));
        }
    }
    match value {
        "" if !in_flow => return Some(Value::Null),
        "null" | "Null" | "NULL" | "~" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let flow_safe = !in_flow || !value.contains(['[', ']', '{', '}', ',']);
    let plain_safe =
        flow_safe && !value.contains(": ") && !value.contains(" #") && !value.ends_with(':');
    let first = value.chars().next()?;
    if first.is_ascii_digit() {
        if value.len() <= 18 && value.bytes().all(|b| b.is_ascii_digit()) {
            let canonical = value == "0" || first != '0';
            return canonical.then(|| value.parse().ok().map(Value::Int))?;
        }
        let date_like = value.len() >= 10
            && value.as_bytes()[4] == b'-'
            && value.as_bytes()[7] == b'-'
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || b" :.+-TZ".contains(&b));
        return (date_like && plain_safe).then(|| Value::Text(value.to_string()));
    }
    (first.is_alphabetic() && plain_safe).then(|| Value::Text(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    #[test]
    fn simple_yaml_reads_flat_posts() {
        let entries = simple_yaml(
            "title: \"「題」: 副題\"\ndate: 2025-09-29 20:31:25 +0000\ntags: [\"a\", b c]\n\
             n: 20\ndraft: false\nempty:\nauthor: 編集部\n",
        )
        .unwrap();
        let get = |k: &str| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        assert_eq!(get("title"), Some(&text("「題」: 副題")));
        assert_eq!(get("date"), Some(&text("2025-09-29 20:31:25 +0000")));
        assert_eq!(
            get("tags"),
            Some(&Value::List(vec![text("a"), text("b c")]))
        );
        assert_eq!(get("n"), Some(&Value::Int(20)));
        assert_eq!(get("draft"), Some(&Value::Bool(false)));
        assert_eq!(get("empty"), Some(&Value::Null));
        assert_eq!(get("author"), Some(&text("編集部")));
    }

    #[test]
    fn simple_yaml_leaves_anything_unusual_to_the_parser() {
        for text in [
            "a: 1\na: 2\n",
            "list:\n  - x\n",
            "a: \"esc\\n\"\n",
            "a: &anchor x\n",
            "a: x # comment\n",
            "a: 1.5\n",
            "a: 0x1F\n",
            "a: |\n  block\n",
            "a: {b: c}\n",
            "a: [x, [y]]\n",
            "a:\tx\n",
            "\"quoted key\": x\n",
            "title: [a: 日, 語]\n",
            "title: a: b\n",
            "null: x\n",
        ] {
            assert_eq!(simple_yaml(text), None, "{text:?}");
        }
    }

    /// Recovery once called itself for every `[`: 4,000 of them overflowed the stack, and
    /// each level re-read the rest, so the work grew with the square of the length.
    #[test]
    fn deeply_nested_recovered_lists_stay_flat_and_linear() {
        let recover_on_small_stack = |text: String| {
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || {
                    super::super::work::reset();
                    let entries = recover(&text, Format::Yaml);
                    (entries, super::super::work::done())
                })
                .unwrap()
                .join()
                .unwrap()
        };
        let (entries, work_10k) = recover_on_small_stack(format!("x: {}\n", "[".repeat(10_000)));
        let (_, work_100k) = recover_on_small_stack(format!("x: {}\n", "[".repeat(100_000)));
        assert!(
            work_100k <= 11 * work_10k,
            "10,000 `[`: {work_10k} bytes read; 100,000: {work_100k}"
        );
        let mut value = &entries[0].1;
        for _ in 0..RECOVERED_LIST_DEPTH {
            let Value::List(items) = value else {
                panic!("{value:?}")
            };
            value = &items[0];
        }
        let Value::Text(rest) = value else {
            panic!("{value:?}")
        };
        // Nothing is lost: the levels above the bound plus the text kept make the whole.
        assert_eq!(rest.len() + RECOVERED_LIST_DEPTH, 10_000);
    }

    #[test]
    fn recovered_plain_scalars_lose_comments_and_resolve_nulls_and_bools() {
        let entries = recover(
            "a: plain # note\nb: ~\nc: true\nd: 12\ne: 'it''s'\ntime: 10:30\n",
            Format::Yaml,
        );
        let get = |k: &str| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        assert_eq!(get("a"), Some(&text("plain")));
        assert_eq!(get("b"), Some(&Value::Null));
        assert_eq!(get("c"), Some(&Value::Bool(true)));
        assert_eq!(get("d"), Some(&Value::Int(12)));
        assert_eq!(get("e"), Some(&text("it's")));
        assert_eq!(get("time"), Some(&text("10:30")));
    }
}
