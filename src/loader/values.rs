//! Front matter as plain data: the syntax a block is written in and the values it holds,
//! whichever reader produced them. [`super::front_matter`] (the YAML and TOML parsers) and
//! [`super::key_lines`] (recovery by hand) both produce these; [`super::fields`] interprets
//! them. Kept apart so that neither reader depends on the other for its types.

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }
}

/// A front matter value, independent of the syntax it came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Strings, and dates as written (YAML and TOML timestamps alike).
    Text(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

/// One top-level field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: String,
    pub value: Value,
    /// File line of the key, when it can be found.
    pub line: Option<usize>,
}
