//! Front matter: finding the block at the top of a post (YAML between `---` lines, TOML between
//! `+++` lines) and turning it into plain [`Field`]s. This is the only file that names
//! serde_yaml (archived upstream), so swapping the YAML parser touches nothing else.
//!
//! Real posts carry YAML that a strict parser rejects (a duplicate `title:`, a tab after a
//! quoted scalar); then the simple `key: value` lines are recovered by hand so the post still
//! gets its title and date, and a problem names the line.
//! What the fields *mean* is [`super::fields`]'s job.
//!
//! Over 600 lines only through its tests (the code is under 280): the tests of each way real
//! sites and broken files write front matter belong beside the rules they hold.

use super::Problem;
use super::flow_nesting::{MAX_FLOW_DEPTH, line_nested_deeper_than};
use super::key_lines::{duplicate_key, key_lines, nth_key_line, recover, simple_yaml};
use super::values::{Field, Format, Value};

/// The front matter text of a post, not yet parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'a> {
    pub format: Format,
    /// Between the delimiter lines, exclusive.
    pub text: &'a str,
    /// File line (1-based) of the first line of `text`.
    pub first_line: usize,
}

/// What the top of a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterBlock<'a> {
    Absent,
    Closed(Raw<'a>),
    /// An opening delimiter without its closing line; the whole file is then body.
    Unclosed(Format),
}

/// A file cut into its front matter block and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub block: FrontMatterBlock<'a>,
    pub body: &'a str,
    /// File line (1-based) on which `body` starts.
    pub body_line: usize,
}

/// Cuts `text` into front matter and body. A UTF-8 BOM and CRLF line ends are accepted;
/// delimiter lines may carry trailing spaces. Only the very first line can open a block, so
/// a later `---` is a thematic break of the body.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let whole = Split {
        block: FrontMatterBlock::Absent,
        body: text,
        body_line: 1,
    };
    let mut lines = Lines { text, pos: 0 };
    let Some((_, opener)) = lines.next() else {
        return whole;
    };
    let format = match trim_line_end(opener) {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => return whole,
    };
    let start = lines.pos;
    let mut line_no = 1;
    while let Some((line_start, line)) = lines.next() {
        line_no += 1;
        if matches!(
            (format, trim_line_end(line)),
            (Format::Yaml, "---" | "...") | (Format::Toml, "+++")
        ) {
            return Split {
                block: FrontMatterBlock::Closed(Raw {
                    format,
                    text: &text[start..line_start],
                    first_line: 2,
                }),
                body: &text[lines.pos..],
                body_line: line_no + 1,
            };
        }
    }
    Split {
        block: FrontMatterBlock::Unclosed(format),
        ..whole
    }
}

/// Lines with their byte offsets; a line excludes its `\n`.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line))
    }
}

fn trim_line_end(line: &str) -> &str {
    line.trim_end_matches([' ', '\t', '\r'])
}

/// Parses a closed block into its top-level fields, in the order written. Never fails: what
/// cannot be parsed becomes a problem and as many fields as could be recovered.
pub fn parse(raw: &Raw<'_>) -> (Vec<Field>, Vec<Problem>) {
    let mut problems = Vec::new();
    if raw.text.trim().is_empty() {
        return (Vec::new(), problems);
    }
    let parsed = match raw.format {
        Format::Yaml => parse_yaml(raw.text),
        Format::Toml => parse_toml(raw.text),
    };
    let entries = match parsed {
        Ok(Some(entries)) => entries,
        Ok(None) => {
            problems.push(Problem {
                line: Some(raw.first_line),
                message: format!(
                    "front matter is {} but not a set of `key: value` fields; ignored",
                    raw.format.name()
                ),
            });
            Vec::new()
        }
        Err(error) => {
            problems.push(Problem {
                line: error.line.map(|l| l + raw.first_line - 1),
                message: format!(
                    "front matter is not valid {}: {}; kept the simple `key{}value` lines",
                    raw.format.name(),
                    error.message,
                    match raw.format {
                        Format::Yaml => ": ",
                        Format::Toml => " = ",
                    }
                ),
            });
            recover(raw.text, raw.format)
        }
    };
    let lines = key_lines(raw.text, raw.format);
    let fields = entries
        .into_iter()
        .map(|(key, value)| {
            let line = lines
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, l)| l + raw.first_line - 1);
            Field { key, value, line }
        })
        .collect();
    (fields, problems)
}

struct SyntaxError {
    /// Line within the block (1-based).
    line: Option<usize>,
    message: String,
}

type Entries = Vec<(String, Value)>;

/// `Ok(None)` when the text is valid but not a mapping.
fn parse_yaml(text: &str) -> Result<Option<Entries>, SyntaxError> {
    if let Some(entries) = simple_yaml(text) {
        return Ok(Some(entries));
    }
    if let Some(line) = line_nested_deeper_than(text, MAX_FLOW_DEPTH) {
        return Err(SyntaxError {
            line: Some(line),
            message: format!(
                "`[` and `{{` nest more than {MAX_FLOW_DEPTH} deep, too deep to parse"
            ),
        });
    }
    parse_yaml_fully(text)
}

fn parse_yaml_fully(text: &str) -> Result<Option<Entries>, SyntaxError> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Null) => Ok(Some(Vec::new())),
        Ok(value) => match from_yaml(value) {
            Value::Map(entries) => Ok(Some(entries)),
            _ => Ok(None),
        },
        Err(error) => {
            let message = error.to_string();
            // The location is reported separately, as a file line.
            let message = match message.find(" at line ") {
                Some(at) => message[..at].to_string(),
                None => message,
            };
            // serde_yaml places a duplicate key at the start of its mapping; the line worth
            // showing is the second occurrence.
            let line = duplicate_key(&message)
                .and_then(|key| nth_key_line(text, key, Format::Yaml, 1))
                .or_else(|| error.location().map(|l| l.line()));
            Err(SyntaxError { line, message })
        }
    }
}

fn from_yaml(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::Int(i),
            (None, Some(f)) => Value::Float(f),
            (None, None) => Value::Text(n.to_string()),
        },
        Y::String(s) => Value::Text(s),
        Y::Sequence(items) => Value::List(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(map) => Value::Map(
            map.into_iter()
                .filter_map(|(k, v)| Some((yaml_key(k)?, from_yaml(v))))
                .collect(),
        ),
        Y::Tagged(tagged) => from_yaml(tagged.value),
    }
}

fn yaml_key(key: serde_yaml::Value) -> Option<String> {
    match from_yaml(key) {
        Value::Text(s) => Some(s),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

fn parse_toml(text: &str) -> Result<Option<Entries>, SyntaxError> {
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => Ok(Some(
            table.into_iter().map(|(k, v)| (k, from_toml(v))).collect(),
        )),
        Err(error) => Err(SyntaxError {
            line: error.span().map(|span| line_of_offset(text, span.start)),
            message: error.message().trim().to_string(),
        }),
    }
}

fn from_toml(value: toml::Value) -> Value {
    use toml::Value as T;
    match value {
        T::String(s) => Value::Text(s),
        T::Integer(i) => Value::Int(i),
        T::Float(f) => Value::Float(f),
        T::Boolean(b) => Value::Bool(b),
        T::Datetime(d) => Value::Text(d.to_string()),
        T::Array(items) => Value::List(items.into_iter().map(from_toml).collect()),
        T::Table(table) => Value::Map(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

/// A whole YAML or TOML document (a site's `_config.yml`, a data file) as plain data, behind
/// the same guard as front matter: nesting past [`MAX_FLOW_DEPTH`] is refused before the
/// parser sees it.
pub fn parse_document(text: &str, format: Format) -> Result<Value, String> {
    if let Some(line) = line_nested_deeper_than(text, MAX_FLOW_DEPTH) {
        return Err(format!(
            "line {line}: `[` and `{{` nest more than {MAX_FLOW_DEPTH} deep, too deep to parse"
        ));
    }
    match format {
        Format::Yaml => serde_yaml::from_str::<serde_yaml::Value>(text)
            .map(from_yaml)
            .map_err(|e| e.to_string()),
        Format::Toml => toml::from_str::<toml::Table>(text)
            .map(|table| Value::Map(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect()))
            .map_err(|e| e.message().trim().to_string()),
    }
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Lines in the shapes posts use, and in many they should not, for the agreement test.
    fn yaml_line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "title", "date", "tags", "a_b", "x-y", "Key ", "n", "true", "Null",
        ]);
        let atom = "[a-zA-Z0-9 _.,:#'\"\\\\\\[\\]{}&*!|>%@~+-/「」日本語]{0,12}";
        let word = "[a-zA-Z日本語][a-zA-Z0-9 日本語:#'\"-]{0,10}";
        let value = prop_oneof![
            atom.prop_map(|s| s.to_string()),
            word.prop_map(|s| s.to_string()),
            (word, word).prop_map(|(a, b)| format!("[{a}, {b}]")),
            atom.prop_map(|s| format!("\"{s}\"")),
            atom.prop_map(|s| format!("'{s}'")),
            (atom, atom).prop_map(|(a, b)| format!("[{a}, {b}]")),
            prop::sample::select(vec![
                "true",
                "False",
                "null",
                "~",
                "yes",
                "off",
                "0",
                "007",
                "12",
                "-3",
                "1e3",
                ".inf",
                "2024-05-01",
                "2013-11-22 5:00:00 +0000",
                "2019-06-04T10:20:00.000Z",
                "10:30",
                "[]",
                "[ ]",
                "",
            ])
            .prop_map(|s| s.to_string()),
        ];
        (
            key,
            value,
            prop::sample::select(vec![": ", ":  ", ":", " : "]),
        )
            .prop_map(|(k, v, sep)| format!("{k}{sep}{v}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast path reads a block exactly as serde_yaml does whenever it answers.
        #[test]
        fn simple_yaml_agrees_with_serde_yaml(lines in prop::collection::vec(yaml_line(), 0..6)) {
            let text = lines.join("\n") + "\n";
            if let Some(fast) = simple_yaml(&text) {
                let full = parse_yaml_fully(&text).map_err(|e| e.message);
                prop_assert_eq!(Ok(Some(fast)), full, "{:?}", text);
            }
        }
    }

    /// A flow collection with its true depth, written with the scalars that could mislead a
    /// scan: brackets and quotes inside quoted strings, an apostrophe in a plain scalar.
    fn flow_node() -> impl Strategy<Value = (String, usize)> {
        let leaf = prop::sample::select(vec![
            "x",
            "\"]]\"",
            "\"}\"",
            "'it''s ]'",
            "'[['",
            "it's",
            "a#b",
            "\"esc \\\" ]\"",
            "\"'\"",
        ])
        .prop_map(|s| (s.to_string(), 0));
        leaf.prop_recursive(8, 64, 4, |inner| {
            (prop::collection::vec(inner, 0..4), any::<bool>()).prop_map(|(items, map)| {
                let depth = 1 + items.iter().map(|(_, d)| *d).max().unwrap_or(0);
                let written: Vec<String> = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, (item, _))| if map { format!("k{i}: {item}") } else { item })
                    .collect();
                let (open, close) = if map { ("{", "}") } else { ("[", "]") };
                (format!("{open}{}{close}", written.join(", ")), depth)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// The nesting scan sees exactly the depth serde_yaml parses: never less, or a deep
        /// block could reach serde_yaml; never more, or a fine one would be recovered.
        #[test]
        fn the_nesting_scan_sees_the_depth_serde_yaml_parses((node, depth) in flow_node()) {
            let text = format!("title: T\nx: {node}\n");
            prop_assert!(matches!(parse_yaml_fully(&text), Ok(Some(_))), "{}", text);
            prop_assert_eq!(
                line_nested_deeper_than(&text, depth.saturating_sub(1)).is_some(),
                depth > 0,
                "{}", text
            );
            prop_assert_eq!(line_nested_deeper_than(&text, depth), None, "{}", text);
        }
    }

    fn closed(text: &str) -> (Raw<'_>, &str, usize) {
        let split = split(text);
        match split.block {
            FrontMatterBlock::Closed(raw) => (raw, split.body, split.body_line),
            other => panic!("expected a closed block, got {other:?}"),
        }
    }

    fn parsed(text: &str) -> (Vec<Field>, Vec<Problem>) {
        parse(&closed(text).0)
    }

    fn get<'a>(fields: &'a [Field], key: &str) -> &'a Value {
        &fields.iter().find(|f| f.key == key).expect(key).value
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    #[test]
    fn yaml_block_between_dashes_is_cut_from_the_body() {
        let (raw, body, body_line) = closed("---\ntitle: A\n---\nBody\n");
        assert_eq!(raw.format, Format::Yaml);
        assert_eq!(raw.text, "title: A\n");
        assert_eq!(raw.first_line, 2);
        assert_eq!(body, "Body\n");
        assert_eq!(body_line, 4);
    }

    #[test]
    fn yaml_block_may_close_with_three_dots() {
        let (raw, body, _) = closed("---\ntitle: A\n...\n---\n\n# Heading\n");
        assert_eq!(raw.text, "title: A\n");
        assert_eq!(body, "---\n\n# Heading\n");
    }

    #[test]
    fn toml_block_between_pluses() {
        let (raw, body, _) = closed("+++\ntitle = \"A\"\n+++\nBody");
        assert_eq!(raw.format, Format::Toml);
        assert_eq!(raw.text, "title = \"A\"\n");
        assert_eq!(body, "Body");
    }

    #[test]
    fn delimiters_may_carry_trailing_spaces() {
        let (raw, body, _) = closed("---  \ntitle: A\n--- \t\nBody");
        assert_eq!(raw.text, "title: A\n");
        assert_eq!(body, "Body");
    }

    #[test]
    fn a_bom_and_crlf_line_ends_are_accepted() {
        let (raw, body, body_line) = closed("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n");
        assert_eq!(raw.text, "title: A\r\n");
        assert_eq!(body, "Body\r\n");
        assert_eq!(body_line, 4);
        let (fields, problems) = parse(&raw);
        assert!(problems.is_empty());
        assert_eq!(get(&fields, "title"), &text("A"));
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let split = split("# Just a post\n\n---\n\nafter a rule\n");
        assert_eq!(split.block, FrontMatterBlock::Absent);
        assert_eq!(split.body, "# Just a post\n\n---\n\nafter a rule\n");
        assert_eq!(split.body_line, 1);
    }

    #[test]
    fn a_later_dashes_line_is_a_thematic_break_not_front_matter() {
        let (_, body, _) = closed("---\na: 1\n---\ntext\n\n---\n\nmore\n");
        assert_eq!(body, "text\n\n---\n\nmore\n");
    }

    #[test]
    fn a_dashes_line_with_text_after_it_does_not_open_a_block() {
        assert_eq!(split("--- title\nx\n---\n").block, FrontMatterBlock::Absent);
        assert_eq!(split("----\nx\n----\n").block, FrontMatterBlock::Absent);
    }

    #[test]
    fn unclosed_front_matter_leaves_the_whole_file_as_body() {
        let text = "---\ntitle: never closed\n\nBody\n";
        let split = split(text);
        assert_eq!(split.block, FrontMatterBlock::Unclosed(Format::Yaml));
        assert_eq!(split.body, text);
        assert_eq!(split.body_line, 1);
    }

    #[test]
    fn toml_is_not_closed_by_dashes() {
        assert_eq!(
            split("+++\ntitle = 'x'\n---\n").block,
            FrontMatterBlock::Unclosed(Format::Toml)
        );
    }

    #[test]
    fn empty_front_matter_has_no_fields() {
        let (fields, problems) = parsed("---\n---\nbody");
        assert!(fields.is_empty() && problems.is_empty());
        let (fields, problems) = parsed("---\n\n---\nbody");
        assert!(fields.is_empty() && problems.is_empty());
    }

    #[test]
    fn yaml_values_keep_their_types_and_order() {
        let (fields, problems) = parsed(
            "---\ntitle: \"Hi\"\ndate: 2024-05-01\ntags: [a, b]\ndraft: true\nn: 3\nauthor:\n  name: Me\n---\n",
        );
        assert!(problems.is_empty());
        let keys: Vec<_> = fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["title", "date", "tags", "draft", "n", "author"]);
        assert_eq!(get(&fields, "date"), &text("2024-05-01"));
        assert_eq!(
            get(&fields, "tags"),
            &Value::List(vec![text("a"), text("b")])
        );
        assert_eq!(get(&fields, "draft"), &Value::Bool(true));
        assert_eq!(get(&fields, "n"), &Value::Int(3));
        assert_eq!(
            get(&fields, "author"),
            &Value::Map(vec![("name".into(), text("Me"))])
        );
    }

    #[test]
    fn field_lines_are_file_lines() {
        let (fields, _) = parsed("---\ntitle: A\n\ndate: 2024-05-01\n---\n");
        assert_eq!(fields[0].line, Some(2));
        assert_eq!(fields[1].line, Some(4));
    }

    #[test]
    fn toml_values_including_datetimes_and_tables() {
        let (fields, problems) = parsed(
            "+++\ntitle = \"T\"\ndate = 2024-05-01T10:00:00+09:00\nauthors = [\"A\", \"B\"]\n\n[extra]\nrelease = true\n+++\n",
        );
        assert!(problems.is_empty());
        assert_eq!(get(&fields, "date"), &text("2024-05-01T10:00:00+09:00"));
        assert_eq!(
            get(&fields, "extra"),
            &Value::Map(vec![("release".into(), Value::Bool(true))])
        );
    }

    #[test]
    fn duplicate_yaml_key_is_recovered_with_a_problem_on_its_line() {
        let (fields, problems) =
            parsed("---\nlayout: post\ntitle: First\ntitle: Second\ndate: 2024-05-01\n---\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(4));
        assert!(problems[0].message.contains("not valid YAML"));
        assert_eq!(get(&fields, "title"), &text("Second"));
        assert_eq!(get(&fields, "date"), &text("2024-05-01"));
        assert_eq!(get(&fields, "layout"), &text("post"));
    }

    #[test]
    fn tab_indented_list_is_recovered_with_the_lines_around_it() {
        let (fields, problems) =
            parsed("---\ntitle: \"Quoted\"\t\ntags: [x, \"y, z\"]\nlist:\n\t- one\n\t- two\n---\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(get(&fields, "title"), &text("Quoted"));
        assert_eq!(
            get(&fields, "tags"),
            &Value::List(vec![text("x"), text("y, z")])
        );
        assert_eq!(
            get(&fields, "list"),
            &Value::List(vec![text("one"), text("two")])
        );
    }

    #[test]
    fn a_yaml_problem_line_counts_from_the_top_of_the_file() {
        // The opening `---` is line 1, so the bad line 3 of the block is line 4 of the file.
        let (_, problems) = parsed("---\na: 1\nb: 2\nc: [unclosed\n---\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].line.is_some_and(|l| l >= 4), "{problems:?}");
    }

    #[test]
    fn yaml_that_is_not_a_mapping_is_a_problem() {
        let (fields, problems) = parsed("---\n- a\n- b\n---\n");
        assert!(fields.is_empty());
        assert_eq!(problems.len(), 1);
    }

    /// toml refuses arrays nested past its limit, and the recovery then called itself once
    /// per `[`: ten thousand of them overflowed the stack.
    #[test]
    fn deeply_nested_toml_arrays_are_recovered_without_overflowing() {
        let file = format!(
            "+++\ntitle = \"Kept\"\nx = {}{}\n+++\nbody\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (fields, problems) = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parsed(&file))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(get(&fields, "title"), &text("Kept"));
    }

    /// `x: {{{{…` went to serde_yaml, whose time grows with length × depth: 60,000 braces
    /// took 5 s. Now the block goes to the recovery reader, and the work is linear.
    #[test]
    fn deeply_nested_yaml_is_read_in_linear_work_without_serde_yaml() {
        let read = |opener: &str, count: usize| {
            let file = format!("---\ntitle: Kept\nx: {}\n---\nbody\n", opener.repeat(count));
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    crate::loader::work::reset();
                    let (fields, problems) = parsed(&file);
                    (fields, problems, crate::loader::work::done())
                })
                .unwrap()
                .join()
                .unwrap()
        };
        for (opener, many) in [("{", 120_000), ("[", 100_000)] {
            let (_, _, work_10k) = read(opener, 10_000);
            let (fields, problems, work_many) = read(opener, many);
            assert!(
                work_many <= (many / 10_000 + 1) * work_10k,
                "{opener} ×10,000: {work_10k} bytes read; ×{many}: {work_many}"
            );
            assert_eq!(get(&fields, "title"), &text("Kept"));
            assert_eq!(problems.len(), 1, "{problems:?}");
            // serde_yaml would have said "recursion limit exceeded".
            assert!(
                problems[0].message.contains("nest more than"),
                "{problems:?}"
            );
            assert_eq!(problems[0].line, Some(3));
        }
    }

    #[test]
    fn invalid_toml_recovers_top_level_keys() {
        let (fields, problems) = parsed(
            "+++\ntitle = \"Kept\"\ntitle = \"Twice\"\ntags = ['a', 'b']\n[x]\ny = 1\n+++\n",
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("TOML"));
        assert_eq!(problems[0].line, Some(3));
        assert_eq!(get(&fields, "title"), &text("Twice"));
        assert_eq!(
            get(&fields, "tags"),
            &Value::List(vec![text("a"), text("b")])
        );
        assert!(fields.iter().all(|f| f.key != "y"));
    }
}
