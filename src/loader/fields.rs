//! What front matter fields mean: the aliases real sites use (`tag`/`tags`, `pubDate`,
//! `authors`, `description`…), the shapes a value can take (a list, a comma string, a map with
//! a `name`), falling back on what the path says ([`super::from_path`]). Keys match whatever
//! their case. A field kiji cannot interpret is reported and kept among the extras, never
//! dropped.
//!
//! Longer than 600 lines only through its tests (the rules are about 350): one test per alias
//! and value shape, kept beside the table of aliases they pin down.

use std::collections::BTreeMap;
use std::path::Path;

use super::Problem;
use super::dates;
use super::from_path;
use super::values::{Field, Value};
use crate::model::{PostDate, label_key};

const TITLE: &[&str] = &["title"];
/// `published` is also the draft switch when it is a boolean.
const DATE: &[&str] = &["date", "published", "pubDate", "publishDate"];
const TAGS: &[&str] = &["tags", "tag"];
const CATEGORIES: &[&str] = &["categories", "category"];
const AUTHOR: &[&str] = &["author", "authors"];
const EXCERPT: &[&str] = &["excerpt", "description", "summary"];
const READING_TIME: &[&str] = &["reading_time", "readingTime"];
const DRAFT: &[&str] = &["draft"];
const LANG: &[&str] = &["lang", "language"];
/// Every alias group: a field inherited from the site is left out when the post has a field
/// of its group.
const GROUPS: &[&[&str]] = &[
    TITLE,
    DATE,
    TAGS,
    CATEGORIES,
    AUTHOR,
    EXCERPT,
    READING_TIME,
    DRAFT,
    LANG,
];
/// Fields that hold the post's URL path, which often carries its date (`2025/06/26/slug`).
const ROUTE: &[&str] = &["path", "permalink", "url"];

/// The front matter, interpreted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<PostDate>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub author: Option<String>,
    pub excerpt: Option<String>,
    pub declared_reading_minutes: Option<u32>,
    pub draft: bool,
    /// The language the front matter names, normalized (`zh-tw`).
    pub lang: Option<String>,
    pub extra: BTreeMap<String, String>,
}

/// Adds to `fields` (a post's front matter) what the site gives its posts, where the post
/// says nothing of the kind: no field of the same alias group (`author` for `authors`), or of
/// the same name.
pub fn inherit(fields: &mut Vec<Field>, inherited: Vec<Field>) {
    let group_of = |key: &str| {
        GROUPS
            .iter()
            .find(|g| g.iter().any(|n| n.eq_ignore_ascii_case(key)))
    };
    for field in inherited {
        let taken = match group_of(&field.key) {
            Some(group) => fields
                .iter()
                .any(|f| group.iter().any(|n| n.eq_ignore_ascii_case(&f.key))),
            None => fields
                .iter()
                .any(|f| f.key.eq_ignore_ascii_case(&field.key)),
        };
        if !taken {
            fields.push(field);
        }
    }
}

/// Interprets the fields of the post at `path` (whose name and folders supply a date when the
/// front matter has none, and decide the Jekyll tag rule).
pub fn interpret(fields: Vec<Field>, path: &Path) -> (Meta, Vec<Problem>) {
    let mut problems: Vec<Problem> = fields
        .iter()
        .filter(|field| holds_control_characters(&field.value))
        .map(|field| {
            field.problem(format!(
                "`{}` holds control characters (such as ESC, which starts terminal escape \
                 sequences); kiji does not show them",
                field.key
            ))
        })
        .collect();
    let mut fields = Fields(fields);
    let mut meta = Meta {
        title: fields.take(TITLE).and_then(|f| one_line(&f.value)),
        ..Meta::default()
    };

    for name in DATE {
        let Some(field) = fields.take(&[name]) else {
            continue;
        };
        match (&field.value, name.eq_ignore_ascii_case("published")) {
            (Value::Bool(published), true) => meta.draft |= !published,
            _ if meta.date.is_some() => fields.keep(field),
            (Value::Null, _) => {}
            (value, _) => match display(value).as_deref().and_then(dates::parse) {
                Some(date) => meta.date = Some(date),
                None => {
                    problems.push(field.problem(format!(
                        "`{}` is not a date kiji understands (e.g. 2024-05-01, \
                         2024-05-01 10:00:00 +0900, April 30, 2024)",
                        display(value).unwrap_or_default()
                    )));
                    fields.keep(field);
                }
            },
        }
    }
    meta.date = meta.date.or_else(|| date_from_path(path, &fields));

    fields.lift_taxonomies();
    let split_on_spaces = from_path::is_jekyll_post(path);
    meta.tags = labels(fields.take_all(TAGS), split_on_spaces);
    meta.categories = labels(fields.take_all(CATEGORIES), split_on_spaces);
    meta.author = fields.take(AUTHOR).and_then(|f| author(&f.value));
    meta.excerpt = fields.take(EXCERPT).and_then(|f| one_line(&f.value));
    if let Some(field) = fields.take(LANG) {
        match one_line(&field.value).and_then(|l| super::language::normalize(&l)) {
            Some(lang) => meta.lang = Some(lang),
            None => fields.keep(field),
        }
    }

    if let Some(field) = fields.take(READING_TIME) {
        match minutes(&field.value) {
            Ok(minutes) => meta.declared_reading_minutes = minutes,
            Err(()) => {
                problems.push(field.problem(format!(
                    "reading time `{}` is not a number of minutes (e.g. 20, \"20 min\", \"20分\")",
                    display(&field.value).unwrap_or_default()
                )));
                fields.keep(field);
            }
        }
    }
    if let Some(field) = fields.take(DRAFT) {
        match &field.value {
            Value::Bool(draft) => meta.draft |= draft,
            Value::Text(t) if ["true", "yes"].contains(&t.trim().to_lowercase().as_str()) => {
                meta.draft = true
            }
            Value::Text(t) if ["false", "no", ""].contains(&t.trim().to_lowercase().as_str()) => {}
            Value::Null => {}
            _ => fields.keep(field),
        }
    }

    for field in fields.0 {
        flatten_extra(&field.key, &field.value, &mut meta.extra);
    }
    (meta, problems)
}

/// The fields not yet interpreted.
struct Fields(Vec<Field>);

impl Fields {
    /// Removes and returns the first field named like one of `names` (in that order of
    /// preference), ignoring case.
    fn take(&mut self, names: &[&str]) -> Option<Field> {
        names.iter().find_map(|name| {
            let at = self
                .0
                .iter()
                .position(|f| f.key.eq_ignore_ascii_case(name))?;
            Some(self.0.remove(at))
        })
    }

    /// Removes every field named like one of `names`.
    fn take_all(&mut self, names: &[&str]) -> Vec<Field> {
        std::iter::from_fn(|| self.take(names)).collect()
    }

    fn get(&self, name: &str) -> Option<&Field> {
        self.0.iter().find(|f| f.key.eq_ignore_ascii_case(name))
    }

    /// Zola keeps tags and categories in a `[taxonomies]` table; they are lifted to the top
    /// level, other taxonomies stay in the table.
    fn lift_taxonomies(&mut self) {
        let Some(at) = self
            .0
            .iter()
            .position(|f| f.key.eq_ignore_ascii_case("taxonomies"))
        else {
            return;
        };
        let line = self.0[at].line;
        let Value::Map(entries) = &mut self.0[at].value else {
            return;
        };
        let is_label = |k: &str| {
            TAGS.iter()
                .chain(CATEGORIES)
                .any(|n| k.eq_ignore_ascii_case(n))
        };
        let (lifted, kept): (Vec<_>, Vec<_>) = std::mem::take(entries)
            .into_iter()
            .partition(|(k, _)| is_label(k));
        *entries = kept;
        self.0.extend(
            lifted
                .into_iter()
                .map(|(key, value)| Field { key, value, line }),
        );
    }

    /// Puts back a field that could not be interpreted, so it shows among the extras.
    fn keep(&mut self, field: Field) {
        self.0.push(field);
    }
}

impl Field {
    fn problem(&self, message: String) -> Problem {
        Problem {
            line: self.line,
            message,
        }
    }
}

/// Whether any text in `value` has a control character other than a tab or a line end: a
/// terminal would act on it rather than show it.
fn holds_control_characters(value: &Value) -> bool {
    match value {
        Value::Text(text) => text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        Value::List(items) => items.iter().any(holds_control_characters),
        Value::Map(entries) => entries.iter().any(|(_, v)| holds_control_characters(v)),
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => false,
    }
}

/// A value as one display string: lists joined with commas, nothing for null or empty.
pub fn display(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Text(s) => s.trim().to_string(),
        Value::List(items) => items
            .iter()
            .filter_map(display)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, v)| Some(format!("{k}: {}", display(v)?)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    (!text.is_empty()).then_some(text)
}

/// A value shown on one line: YAML block scalars and folded titles become single-spaced.
fn one_line(value: &Value) -> Option<String> {
    let text = display(value)?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Tags or categories from every alias field, trimmed, deduplicated ignoring case (first
/// spelling kept).
fn labels(fields: Vec<Field>, split_on_spaces: bool) -> Vec<String> {
    let mut raw = Vec::new();
    for field in &fields {
        collect_labels(&field.value, split_on_spaces, &mut raw);
    }
    // Posts carry a handful of labels: a linear scan beats hashing.
    let mut labels: Vec<String> = Vec::with_capacity(raw.len());
    for label in raw {
        let label = label.trim();
        if !label.is_empty() && !labels.iter().any(|l| same_label(l, label)) {
            labels.push(label.to_string());
        }
    }
    labels
}

/// Equal once trimmed and case-folded, as [`label_key`] defines it, without allocating in
/// the common ASCII case.
fn same_label(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.trim().eq_ignore_ascii_case(b.trim())
    } else {
        label_key(a) == label_key(b)
    }
}

fn collect_labels(value: &Value, split_on_spaces: bool, out: &mut Vec<String>) {
    match value {
        Value::List(items) => {
            for item in items {
                match item {
                    Value::List(_) => collect_labels(item, split_on_spaces, out),
                    other => out.extend(display(other)),
                }
            }
        }
        Value::Text(text) => {
            const COMMAS: [char; 3] = [',', '，', '、'];
            if text.contains(COMMAS) {
                out.extend(text.split(COMMAS).map(str::to_string));
            } else if split_on_spaces {
                out.extend(text.split_whitespace().map(str::to_string));
            } else {
                out.push(text.clone());
            }
        }
        Value::Map(_) | Value::Null => {}
        scalar => out.extend(display(scalar)),
    }
}

/// `author: Name`, `authors: [A, B]`, `author: {name: A, email: …}` → one string.
fn author(value: &Value) -> Option<String> {
    let name = |value: &Value| match value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("name"))
            .and_then(|(_, v)| one_line(v)),
        other => one_line(other),
    };
    match value {
        Value::List(items) => {
            let names: Vec<String> = items.iter().filter_map(name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => name(other),
    }
}

/// Declared minutes: `20`, `20.5`, `"20"`, `"20 min"`, `"20 minutes"`, `"20分"`.
/// `Ok(None)` for an empty value; `Err` for anything else.
fn minutes(value: &Value) -> Result<Option<u32>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::Int(i) => u32::try_from(*i).map(Some).map_err(|_| ()),
        Value::Float(f) if f.is_finite() && *f >= 0.0 && *f < u32::MAX as f64 => {
            Ok(Some(f.ceil() as u32))
        }
        Value::Text(text) => {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            let number: u32 = text[..digits].parse().map_err(|_| ())?;
            let unit = text[digits..].trim().to_lowercase();
            let units = [
                "", "m", "min", "mins", "min.", "minute", "minutes", "分", "分間",
            ];
            if units.contains(&unit.as_str()) {
                Ok(Some(number))
            } else {
                Err(())
            }
        }
        _ => Err(()),
    }
}

/// A date from a `YYYY-MM-DD-` name prefix, a `YYYY/MM/DD` run of folders, or a URL path
/// field (Zola's `path = "2025/06/26/slug"`).
fn date_from_path(path: &Path, fields: &Fields) -> Option<PostDate> {
    let from_route = || {
        ROUTE
            .iter()
            .find_map(|name| match &fields.get(name)?.value {
                Value::Text(route) => dates::from_segments(route.split('/')),
                _ => None,
            })
    };
    from_path::date(path).or_else(from_route).map(PostDate::Day)
}

/// Extras as display strings; nested tables become dotted keys (`extra.release`).
fn flatten_extra(key: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Map(entries) => {
            for (k, v) in entries {
                flatten_extra(&format!("{key}.{k}"), v, out);
            }
        }
        other => {
            if let Some(text) = display(other) {
                out.insert(key.to_string(), text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn list(items: &[&str]) -> Value {
        Value::List(items.iter().map(|s| text(s)).collect())
    }

    fn meta_at(path: &str, fields: Vec<(&str, Value)>) -> (Meta, Vec<Problem>) {
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(i, (key, value))| Field {
                key: key.to_string(),
                value,
                line: Some(i + 2),
            })
            .collect();
        interpret(fields, Path::new(path))
    }

    fn meta(fields: Vec<(&str, Value)>) -> Meta {
        let (meta, problems) = meta_at("content/post.md", fields);
        assert!(problems.is_empty(), "{problems:?}");
        meta
    }

    fn day(y: i32, m: u32, d: u32) -> Option<PostDate> {
        Some(PostDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    #[test]
    fn title_is_taken_on_one_line() {
        assert_eq!(
            meta(vec![("title", text("  A  long\n title "))])
                .title
                .as_deref(),
            Some("A long title")
        );
        assert_eq!(
            meta(vec![("Title", Value::Int(1984))]).title.as_deref(),
            Some("1984")
        );
    }

    #[test]
    fn control_characters_in_any_field_are_reported_where_they_are() {
        let (meta, problems) = meta_at(
            "post.md",
            vec![
                ("title", text("Evil \u{1b}[31mred")),
                ("author", text("Ok")),
                ("tags", list(&["fine", "\u{1b}]0;pwned\u{7}"])),
            ],
        );
        // The value is kept as written; showing it safely is the interface's job.
        assert_eq!(meta.title.as_deref(), Some("Evil \u{1b}[31mred"));
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(4)]);
        assert!(
            problems[0]
                .message
                .contains("`title` holds control characters")
        );
        assert!(problems[1].message.contains("`tags`"));
        // Tabs and line ends are ordinary in YAML block scalars.
        assert!(
            meta_at("post.md", vec![("excerpt", text("a\tb\nc"))])
                .1
                .is_empty()
        );
    }

    #[test]
    fn empty_or_null_title_is_missing() {
        assert_eq!(meta(vec![("title", text("  "))]).title, None);
        assert_eq!(meta(vec![("title", Value::Null)]).title, None);
    }

    #[test]
    fn date_and_its_aliases() {
        let may = day(2024, 5, 1);
        assert_eq!(meta(vec![("date", text("2024-05-01"))]).date, may);
        assert_eq!(meta(vec![("published", text("2024-05-01"))]).date, may);
        assert_eq!(meta(vec![("pubDate", text("2024-05-01"))]).date, may);
        assert_eq!(meta(vec![("publishDate", text("2024-05-01"))]).date, may);
    }

    #[test]
    fn date_wins_over_its_aliases_which_stay_as_extras() {
        let m = meta(vec![
            ("pubDate", text("2020-01-01")),
            ("date", text("2024-05-01")),
        ]);
        assert_eq!(m.date, day(2024, 5, 1));
        assert_eq!(m.extra["pubDate"], "2020-01-01");
    }

    #[test]
    fn date_with_time_zone_is_kept() {
        let m = meta(vec![("date", text("2025-09-29 20:31:25 +0900"))]);
        assert_eq!(m.date.unwrap().to_rfc3339(), "2025-09-29T20:31:25+09:00");
    }

    #[test]
    fn unreadable_date_is_a_problem_on_its_line_and_stays_an_extra() {
        let (m, problems) = meta_at("content/post.md", vec![("date", text("someday"))]);
        assert_eq!(m.date, None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert!(problems[0].message.contains("someday"));
        assert_eq!(m.extra["date"], "someday");
    }

    #[test]
    fn unreadable_date_falls_back_to_the_file_name() {
        let (m, problems) = meta_at("_posts/2023-02-03-x.md", vec![("date", text("someday"))]);
        assert_eq!(m.date, day(2023, 2, 3));
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn missing_date_comes_from_the_file_name_prefix() {
        let (m, _) = meta_at("_posts/2025-09-29-ai-rules.md", vec![]);
        assert_eq!(m.date, day(2025, 9, 29));
        let (m, _) = meta_at("content/2024-01-05-trip/index.md", vec![]);
        assert_eq!(m.date, day(2024, 1, 5));
    }

    #[test]
    fn missing_date_comes_from_year_month_day_folders() {
        let (m, _) = meta_at("blog/2019/05/01/hello.md", vec![]);
        assert_eq!(m.date, day(2019, 5, 1));
    }

    #[test]
    fn missing_date_comes_from_a_url_path_field() {
        let (m, _) = meta_at(
            "content/Rust-1.88.0.md",
            vec![("path", text("2025/06/26/Rust-1.88.0"))],
        );
        assert_eq!(m.date, day(2025, 6, 26));
        assert_eq!(m.extra["path"], "2025/06/26/Rust-1.88.0");
    }

    #[test]
    fn no_date_anywhere_is_none() {
        let (m, problems) = meta_at("posts/2019/hello.md", vec![]);
        assert_eq!(m.date, None);
        assert!(problems.is_empty());
    }

    #[test]
    fn tags_from_a_list() {
        let m = meta(vec![("tags", list(&["Rust", " CLI ", ""]))]);
        assert_eq!(m.tags, ["Rust", "CLI"]);
    }

    #[test]
    fn tags_from_a_comma_string() {
        let m = meta(vec![("tags", text("Spock, VRChat,, 型、推論"))]);
        assert_eq!(m.tags, ["Spock", "VRChat", "型", "推論"]);
    }

    #[test]
    fn tag_string_without_commas_is_kept_whole_outside_jekyll() {
        let m = meta(vec![("categories", text("Service Mesh"))]);
        assert_eq!(m.categories, ["Service Mesh"]);
    }

    #[test]
    fn tag_string_without_commas_is_split_on_spaces_under_posts() {
        let (m, _) = meta_at(
            "site/_posts/2024-05-01-x.md",
            vec![("tags", text("rust  cli")), ("category", text("dev notes"))],
        );
        assert_eq!(m.tags, ["rust", "cli"]);
        assert_eq!(m.categories, ["dev", "notes"]);
    }

    #[test]
    fn tag_and_tags_merge_and_differ_only_in_case_or_spaces_count_once() {
        let m = meta(vec![
            ("tags", list(&["Rust", "rust ", "RUST", "日本語"])),
            ("tag", text("rust")),
        ]);
        assert_eq!(m.tags, ["Rust", "日本語"]);
    }

    #[test]
    fn zola_taxonomies_give_tags_and_categories() {
        let m = meta(vec![(
            "taxonomies",
            Value::Map(vec![
                ("tags".into(), list(&["rust", "cli"])),
                ("categories".into(), list(&["dev"])),
                ("series".into(), list(&["intro"])),
            ]),
        )]);
        assert_eq!(m.tags, ["rust", "cli"]);
        assert_eq!(m.categories, ["dev"]);
        assert_eq!(m.extra["taxonomies.series"], "intro");
        assert!(!m.extra.contains_key("taxonomies.tags"));
    }

    #[test]
    fn numeric_tags_are_text() {
        let m = meta(vec![(
            "tags",
            Value::List(vec![Value::Int(2019), text("a")]),
        )]);
        assert_eq!(m.tags, ["2019", "a"]);
    }

    #[test]
    fn null_tags_are_none() {
        assert!(meta(vec![("tags", Value::Null)]).tags.is_empty());
    }

    #[test]
    fn author_forms() {
        assert_eq!(
            meta(vec![("author", text("Ann"))]).author.as_deref(),
            Some("Ann")
        );
        assert_eq!(
            meta(vec![("authors", list(&["Ann", "Bo"]))])
                .author
                .as_deref(),
            Some("Ann, Bo")
        );
        let map = Value::Map(vec![
            ("name".into(), text("Ann")),
            ("email".into(), text("a@b.c")),
        ]);
        assert_eq!(
            meta(vec![("author", map.clone())]).author.as_deref(),
            Some("Ann")
        );
        assert_eq!(
            meta(vec![("authors", Value::List(vec![map, text("Bo")]))])
                .author
                .as_deref(),
            Some("Ann, Bo")
        );
        assert_eq!(meta(vec![("author", text(""))]).author, None);
    }

    #[test]
    fn excerpt_and_its_aliases() {
        for key in ["excerpt", "description", "summary"] {
            assert_eq!(
                meta(vec![(key, text("Short\nsummary"))]).excerpt.as_deref(),
                Some("Short summary"),
                "{key}"
            );
        }
    }

    #[test]
    fn declared_reading_time_forms() {
        let minutes = |v: Value| meta(vec![("reading_time", v)]).declared_reading_minutes;
        assert_eq!(minutes(Value::Int(20)), Some(20));
        assert_eq!(minutes(text("20")), Some(20));
        assert_eq!(minutes(text("20 min")), Some(20));
        assert_eq!(minutes(text("20 minutes")), Some(20));
        assert_eq!(minutes(text("20分")), Some(20));
        assert_eq!(minutes(Value::Float(4.2)), Some(5));
        assert_eq!(minutes(Value::Null), None);
    }

    #[test]
    fn unreadable_reading_time_is_a_problem_and_an_extra() {
        let (m, problems) = meta_at("p.md", vec![("reading_time", text("a while"))]);
        assert_eq!(m.declared_reading_minutes, None);
        assert_eq!(problems.len(), 1);
        assert_eq!(m.extra["reading_time"], "a while");
    }

    #[test]
    fn draft_true_or_published_false_marks_a_draft() {
        assert!(meta(vec![("draft", Value::Bool(true))]).draft);
        assert!(meta(vec![("draft", text("yes"))]).draft);
        assert!(!meta(vec![("draft", Value::Bool(false))]).draft);
        assert!(meta(vec![("published", Value::Bool(false))]).draft);
        assert!(!meta(vec![("published", Value::Bool(true))]).draft);
        assert!(!meta(vec![]).draft);
    }

    #[test]
    fn everything_else_stays_as_extras() {
        let m = meta(vec![
            ("layout", text("post")),
            ("weight", Value::Int(3)),
            ("aliases", list(&["a", "b"])),
            (
                "extra",
                Value::Map(vec![("release".into(), Value::Bool(true))]),
            ),
            ("empty", Value::Null),
        ]);
        assert_eq!(m.extra["layout"], "post");
        assert_eq!(m.extra["weight"], "3");
        assert_eq!(m.extra["aliases"], "a, b");
        assert_eq!(m.extra["extra.release"], "true");
        assert!(!m.extra.contains_key("empty"));
    }
}
