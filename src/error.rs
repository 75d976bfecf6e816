//! The error of parsing a delivery.

use std::fmt;

/// A delivery body that is not JSON or does not fit the vendor's spec.
///
/// Its `Display` names the JSON path first, in JSON's terms rather than Rust's:
/// `data.purchases[0].id: invalid type: integer `1`, expected a string at line 1 column 80`,
/// `amount: invalid type: string "12", expected an integer`, `$: missing member `event``
/// (`$` is the whole body).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}{}", position(*line, *column))]
pub struct ParseError {
    path: String,
    message: String,
    line: usize,
    column: usize,
}

fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" at line {line} column {column}")
    }
}

impl ParseError {
    /// The JSON path of the value that failed (`$` for the whole body).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong, without the path or the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 1-based line in the body where parsing stopped (0 when unknown).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column in the body where parsing stopped (0 when unknown).
    pub fn column(&self) -> usize {
        self.column
    }

    /// A member that names the event is missing (for a nested one, `key` is its dotted path).
    pub fn missing_member(key: &str) -> Self {
        ParseError::at_root(format_args!("missing member `{key}`"))
    }

    /// A request header that names the event is missing or unusable.
    pub(crate) fn header(name: &str, problem: &str) -> Self {
        ParseError::at_root(format_args!("the `{name}` header {problem}"))
    }

    pub(crate) fn at_root(message: impl fmt::Display) -> Self {
        ParseError {
            path: ROOT.to_owned(),
            message: message.to_string(),
            line: 0,
            column: 0,
        }
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for ParseError {
    fn from(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = match error.path().to_string() {
            // serde_path_to_error writes the empty path as `.`.
            path if path == "." => ROOT.to_owned(),
            path => path,
        };
        ParseError::with_path(path, error.into_inner())
    }
}

impl ParseError {
    /// An error of the body as a whole (e.g. trailing characters).
    pub(crate) fn from_json(error: serde_json::Error) -> Self {
        ParseError::with_path(ROOT.to_owned(), error)
    }

    fn with_path(path: String, inner: serde_json::Error) -> Self {
        let (line, column) = (inner.line(), inner.column());
        // serde_json appends the position to its message; it is kept in its own fields here.
        let mut message = inner.to_string();
        let suffix = format!(" at line {line} column {column}");
        if line != 0 && message.ends_with(&suffix) {
            message.truncate(message.len() - suffix.len());
        }
        ParseError {
            path,
            message: in_json_terms(&message),
            line,
            column,
        }
    }
}

/// The path of the whole body.
const ROOT: &str = "$";

/// Rewrites serde's Rust-flavoured wording (`expected i64`, `invalid type: map`,
/// `missing field`) in JSON's terms (`expected an integer`, `invalid type: object`,
/// `missing member`). Texts the spec wrote (`expected a date-time`) pass unchanged.
pub(crate) fn in_json_terms(message: &str) -> String {
    // serde's `invalid type: <unexpected>, expected <expected>` and `invalid value: ...`.
    for kind in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(kind)
            && let Some((unexpected, expected)) = rest.split_once(", expected ")
        {
            return format!(
                "{kind}{}, expected {}",
                unexpected_in_json_terms(unexpected),
                expected_in_json_terms(expected)
            );
        }
    }
    for (rust, json) in [
        ("missing field `", "missing member `"),
        ("duplicate field `", "duplicate member `"),
        ("unknown field `", "unknown member `"),
        ("expected ident", "expected `null`, `true` or `false`"),
    ] {
        if let Some(rest) = message.strip_prefix(rust) {
            return format!("{json}{rest}");
        }
    }
    message.to_owned()
}

/// serde's `Unexpected` as JSON names it.
fn unexpected_in_json_terms(unexpected: &str) -> String {
    if let Some(number) = unexpected.strip_prefix("floating point ") {
        return format!("number {number}");
    }
    match unexpected {
        "map" => "object".to_owned(),
        "sequence" => "array".to_owned(),
        "unit value" | "unit" => "null".to_owned(),
        other => other.to_owned(),
    }
}

/// serde's `Expected` texts for the standard types, as JSON names them.
fn expected_in_json_terms(expected: &str) -> String {
    let json = match expected {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a non-negative integer",
        "f32" | "f64" => "a number",
        "a sequence" => "an array",
        "a map" => "an object",
        "unit" => "null",
        "a borrowed string" => "a string",
        "a character" | "a char" => "a string of one character",
        other if other.starts_with("struct ") => "an object",
        other if other.starts_with("tuple of ") || other.starts_with("a tuple of size") => {
            "an array"
        }
        other => return other.to_owned(),
    };
    json.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_as<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> ParseError {
        let deserializer = &mut serde_json::Deserializer::from_str(json);
        match serde_path_to_error::deserialize::<_, T>(deserializer) {
            Ok(value) => panic!("{json} parsed as {value:?}"),
            Err(error) => ParseError::from(error),
        }
    }

    #[test]
    fn numbers_arrays_objects_and_null_are_named_as_json_names_them() {
        let cases = [
            (
                parse_as::<i64>(r#""12""#),
                r#"invalid type: string "12", expected an integer"#,
            ),
            (
                parse_as::<u64>("-1"),
                "invalid value: integer `-1`, expected a non-negative integer",
            ),
            (
                parse_as::<f64>("{}"),
                "invalid type: object, expected a number",
            ),
            (
                parse_as::<Vec<bool>>("null"),
                "invalid type: null, expected an array",
            ),
            (
                parse_as::<String>("1.5"),
                "invalid type: number `1.5`, expected a string",
            ),
            (
                parse_as::<std::collections::BTreeMap<String, i64>>("[1]"),
                "invalid type: array, expected an object",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.message(), message);
            assert_eq!(error.path(), "$", "the whole body is `$`");
        }
    }

    #[test]
    fn nested_paths_are_kept_and_spec_wording_passes_unchanged() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            items: Vec<Inner>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            id: i64,
        }
        let error = parse_as::<Outer>(r#"{"items": [{"id": 1}, {"id": true}]}"#);
        assert_eq!(error.path(), "items[1].id");
        assert_eq!(
            error.message(),
            "invalid type: boolean `true`, expected an integer"
        );
        let error = parse_as::<Outer>(r#"{"items": [{}]}"#);
        assert_eq!(error.message(), "missing member `id`");
        assert_eq!(
            in_json_terms("invalid value: string \"x\", expected a date-time"),
            "invalid value: string \"x\", expected a date-time"
        );
    }
}
