//! A site's data files and a post's front matter as plain [`Value`]s, for what renders posts
//! as their site does (Liquid's `site.data` and `page`). The parsers are the loader's own, with
//! their guards; nothing here knows about Liquid.

use std::path::Path;

use super::front_matter::{self, FrontMatterBlock};
use super::values::{Format, Value};

/// The kinds of data file a site keeps in `_data/`, by extension.
pub fn data_format(path: &Path) -> Option<DataFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "yml" | "yaml" => Some(DataFormat::Yaml),
        "json" => Some(DataFormat::Json),
        "toml" => Some(DataFormat::Toml),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    Yaml,
    Json,
    Toml,
}

/// The document in a data file's text.
pub fn parse_data(text: &str, format: DataFormat) -> Result<Value, String> {
    match format {
        DataFormat::Yaml => front_matter::parse_document(text, Format::Yaml),
        DataFormat::Toml => front_matter::parse_document(text, Format::Toml),
        // serde_json stops at 128 levels of nesting by itself.
        DataFormat::Json => serde_json::from_str::<serde_json::Value>(text)
            .map(from_json)
            .map_err(|e| e.to_string()),
    }
}

/// A post file's front matter as one map (empty when it has none or it does not parse):
/// what Liquid calls `page`.
pub fn front_matter_value(file_text: &str) -> Value {
    let split = front_matter::split(file_text);
    let FrontMatterBlock::Closed(raw) = split.block else {
        return Value::Map(Vec::new());
    };
    let (fields, _) = front_matter::parse(&raw);
    Value::Map(fields.into_iter().map(|f| (f.key, f.value)).collect())
}

/// The post file's text with its body replaced by `body`: its front matter kept as written.
pub fn with_body(file_text: &str, body: &str) -> String {
    let split = front_matter::split(file_text);
    let front = &file_text[..file_text.len() - split.body.len()];
    format!("{front}{body}")
}

fn from_json(value: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match value {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::Int(i),
            (None, Some(f)) => Value::Float(f),
            (None, None) => Value::Text(n.to_string()),
        },
        J::String(s) => Value::Text(s),
        J::Array(items) => Value::List(items.into_iter().map(from_json).collect()),
        J::Object(map) => Value::Map(map.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_json_and_toml_data_read_to_the_same_values() {
        // serde_json keeps an object's keys sorted; the YAML is written in that order.
        let yaml = parse_data(
            "- url: {gz: a.tar.gz}\n  version: 2.7.2\n",
            DataFormat::Yaml,
        );
        let json = parse_data(
            r#"[{"version": "2.7.2", "url": {"gz": "a.tar.gz"}}]"#,
            DataFormat::Json,
        );
        assert_eq!(yaml, json);
        let toml = parse_data("[url]\ngz = \"a.tar.gz\"\n", DataFormat::Toml).unwrap();
        assert_eq!(
            toml,
            Value::Map(vec![(
                "url".into(),
                Value::Map(vec![("gz".into(), Value::Text("a.tar.gz".into()))])
            )])
        );
    }

    #[test]
    fn data_nested_past_the_limit_is_refused_not_parsed() {
        let deep = format!("x: {}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(
            parse_data(&deep, DataFormat::Yaml)
                .unwrap_err()
                .contains("too deep")
        );
        let deep_json = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_data(&deep_json, DataFormat::Json).is_err());
    }

    #[test]
    fn the_page_is_the_front_matter_as_a_map() {
        let page = front_matter_value("---\ntitle: T\ntags: [a, b]\n---\nbody\n");
        assert_eq!(
            page,
            Value::Map(vec![
                ("title".into(), Value::Text("T".into())),
                (
                    "tags".into(),
                    Value::List(vec![Value::Text("a".into()), Value::Text("b".into())])
                ),
            ])
        );
        assert_eq!(
            front_matter_value("no front matter"),
            Value::Map(Vec::new())
        );
    }
}
