//! A JSON value whose objects keep their keys in the order they were written, so that a
//! schema reads `$schema`, `title`, `type`, `properties`... in that order (serde_json's own
//! `Map` sorts keys unless its `preserve_order` feature is on, which would change the runtime
//! crate's maps too).

use indexmap::IndexMap;
use serde::Serialize;

/// A JSON value with ordered objects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in insertion order.
    Object(IndexMap<String, Json>),
}

impl Json {
    /// This value as a `serde_json::Value` (keys sorted, as serde_json keeps them).
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            Json::Null => serde_json::Value::Null,
            Json::Bool(flag) => serde_json::Value::Bool(*flag),
            Json::Number(number) => serde_json::Value::Number(number.clone()),
            Json::String(text) => serde_json::Value::String(text.clone()),
            Json::Array(items) => {
                serde_json::Value::Array(items.iter().map(Json::to_value).collect())
            }
            Json::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value()))
                    .collect(),
            ),
        }
    }

    /// The value as pretty-printed JSON text, ending with a line break.
    pub fn pretty(&self) -> String {
        // Serializing a tree of strings, numbers and ordered maps cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Self {
        Json::String(text.to_owned())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Self {
        Json::String(text)
    }
}

impl From<bool> for Json {
    fn from(flag: bool) -> Self {
        Json::Bool(flag)
    }
}

impl From<i64> for Json {
    fn from(number: i64) -> Self {
        Json::Number(number.into())
    }
}

impl From<Schema> for Json {
    fn from(schema: Schema) -> Self {
        Json::Object(schema.0)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Self {
        Json::Array(items)
    }
}

/// A schema object under construction: keywords in the order they are set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema(pub IndexMap<String, Json>);

impl Schema {
    /// An empty schema (`{}`: every value).
    pub fn new() -> Self {
        Schema::default()
    }

    /// `{"type": kind}`.
    pub fn of_type(kind: &str) -> Self {
        Schema::new().with("type", kind)
    }

    /// `{"$ref": "#/$defs/<name>"}`.
    pub fn reference(name: &str) -> Self {
        Schema::new().with("$ref", format!("#/$defs/{}", pointer_escape(name)))
    }

    /// This schema with `keyword` set to `value`.
    pub fn with(mut self, keyword: &str, value: impl Into<Json>) -> Self {
        self.0.insert(keyword.to_owned(), value.into());
        self
    }

    /// This schema with `keyword` set when `value` is not empty text.
    pub fn with_text(self, keyword: &str, value: &str) -> Self {
        if value.trim().is_empty() {
            self
        } else {
            self.with(keyword, value.trim())
        }
    }

    /// Sets `keyword` to `value`.
    pub fn set(&mut self, keyword: &str, value: impl Into<Json>) {
        self.0.insert(keyword.to_owned(), value.into());
    }

    /// `{"anyOf": schemas}`, or the one schema itself.
    pub fn any_of(mut schemas: Vec<Schema>) -> Self {
        if schemas.len() == 1 {
            return schemas.pop().unwrap_or_default();
        }
        Schema::new().with(
            "anyOf",
            Json::Array(schemas.into_iter().map(Json::from).collect()),
        )
    }

    /// `{"not": schema}`.
    pub fn negate(schema: Schema) -> Self {
        Schema::new().with("not", schema)
    }

    /// `{"allOf": schemas}`, or the one schema itself.
    pub fn all_of(mut schemas: Vec<Schema>) -> Self {
        if schemas.len() == 1 {
            return schemas.pop().unwrap_or_default();
        }
        Schema::new().with(
            "allOf",
            Json::Array(schemas.into_iter().map(Json::from).collect()),
        )
    }

    /// A schema no value fits (`{"not": {}}`).
    pub fn nothing() -> Self {
        Schema::negate(Schema::new())
    }

    /// `{"required": [key], "properties": {key: schema}}`: an object (or any non-object)
    /// whose `key` member is present and fits `schema`.
    pub fn member(key: &str, schema: Schema) -> Self {
        let mut properties = IndexMap::new();
        properties.insert(key.to_owned(), Json::from(schema));
        Schema::new()
            .with("required", vec![Json::from(key)])
            .with("properties", Json::Object(properties))
    }

    /// `{"required": [key]}`.
    pub fn has(key: &str) -> Self {
        Schema::new().with("required", vec![Json::from(key)])
    }
}

/// `name` escaped for a JSON Pointer (RFC 6901) and a URI fragment: `~` and `/` as the pointer
/// spells them, then characters a fragment may not hold percent-encoded.
pub fn pointer_escape(name: &str) -> String {
    let pointer = name.replace('~', "~0").replace('/', "~1");
    let mut escaped = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        let safe = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte);
        if safe {
            escaped.push(char::from(byte));
        } else {
            escaped.push_str(&format!("%{byte:02X}"));
        }
    }
    escaped
}
