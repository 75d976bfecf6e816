//! The error of parsing a delivery.

use std::fmt;

/// A delivery body that is not JSON or does not fit the vendor's spec.
///
/// Its `Display` names the JSON path first: `data.purchases[0].id: invalid type: integer `1`,
/// expected a string at line 1 column 80`.
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
    /// The JSON path of the value that failed (`.` for the whole body).
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
        ParseError::at_root(format_args!("missing field `{key}`"))
    }

    /// A request header that names the event is missing or unusable.
    pub(crate) fn header(name: &str, problem: &str) -> Self {
        ParseError::at_root(format_args!("the `{name}` header {problem}"))
    }

    pub(crate) fn at_root(message: impl fmt::Display) -> Self {
        ParseError {
            path: ".".to_owned(),
            message: message.to_string(),
            line: 0,
            column: 0,
        }
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for ParseError {
    fn from(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = error.path().to_string();
        ParseError::with_path(path, error.into_inner())
    }
}

impl ParseError {
    /// An error of the body as a whole (e.g. trailing characters).
    pub(crate) fn from_json(error: serde_json::Error) -> Self {
        ParseError::with_path(".".to_owned(), error)
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
            message,
            line,
            column,
        }
    }
}
