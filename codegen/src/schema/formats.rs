//! The text scalars: `rfc3339`, `datetime` and `decimal_string` as JSON Schema strings.
//!
//! Each is a string with a `pattern` giving the shape the runtime's parser takes
//! (src/scalars.rs; `validate/examples/fit.rs` checks examples by the same parsers), so a
//! validator that checks only assertions (the 2020-12 default: `format` is an annotation)
//! rejects what the strict parser rejects for its shape. The patterns check the shape, not the
//! ranges: `2024-02-30T10:00:00Z` fits the pattern while the parser rejects the day; each
//! schema's `$comment` says so. Under `presence: tolerant` the parser keeps any text
//! (`hookspec::Lenient`), so the schema takes any string, the documented form first.

use super::json::Schema;
use crate::model::Type;

/// The shape of what jiff's `Timestamp` parser takes (`Rfc3339::from_str`): RFC 3339 and the
/// Temporal forms around it (`t` or a space for `T`, hours or minutes alone, basic forms
/// without `-` and `:`, `,` before a fraction, offsets of hours alone or with seconds,
/// bracketed annotations such as `[UTC]`). An offset or `Z` is required.
pub const RFC3339_PATTERN: &str = concat!(
    "^(?:[+-][0-9]{6}|[0-9]{4})-?[0-9]{2}-?[0-9]{2}[Tt ]",
    "[0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2}(?:[.,][0-9]{1,9})?)?)?",
    "(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2}(?:[.,][0-9]{1,9})?)?)?)",
    "(?:\\[[^\\]]*\\])*$",
);

/// Exactly the shape `DateTime::from_str` takes (src/scalars.rs `date_time_shape`): a date,
/// `T`, `t` or a space, `HH:MM` with optional seconds and 1 to 9 digits of fraction, then
/// nothing (a wall-clock time), `Z`, or an offset `±HH:MM` / `±HHMM`, optionally after one
/// space.
pub const DATETIME_PATTERN: &str = concat!(
    "^(?:[+-][0-9]{6}|[0-9]{4})-[0-9]{2}-[0-9]{2}[Tt ]",
    "[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,9})?)?",
    "(?:[Zz]| ?[+-][0-9]{2}:?[0-9]{2})?$",
);

/// The shape of what rust_decimal's parser takes (`DecimalString::from_str`): an optional
/// sign, digits with an optional `.` (either side may be empty, not both), `_` between
/// digits, an optional exponent.
pub const DECIMAL_PATTERN: &str =
    "^[+-]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?$";

/// The schema of a text scalar (`ty` is `Rfc3339`, `DateTime` or `DecimalString`); `lenient`
/// under `presence: tolerant`, where any other text is kept as delivered.
pub fn text(ty: &Type, lenient: bool) -> Schema {
    let documented = match ty {
        Type::Rfc3339 => Schema::of_type("string")
            .with("format", "date-time")
            .with("pattern", RFC3339_PATTERN)
            .with(
                "$comment",
                "An RFC 3339 timestamp with an offset or `Z` (the parser also takes the \
                 Temporal forms the pattern allows; the pattern checks the shape, the parser \
                 the ranges too).",
            ),
        // No `format: date-time`: a validator that asserts formats would reject the lenient
        // forms the parser takes (`2018-04-25 20:42:10`).
        Type::DateTime => Schema::of_type("string")
            .with("pattern", DATETIME_PATTERN)
            .with(
                "$comment",
                "A date-time: RFC 3339 (`2024-01-15T10:00:00Z`) or a lenient form: a space \
                 for `T`, no seconds, no zone (a wall-clock time), `±HHMM`, an offset after a \
                 space. The pattern checks the shape, the parser the ranges too.",
            ),
        _ => Schema::of_type("string")
            .with("pattern", DECIMAL_PATTERN)
            .with(
                "$comment",
                "A decimal number written as a string (`\"45.00\"`), kept with its exact text.",
            ),
    };
    if !lenient {
        return documented;
    }
    Schema::of_type("string").with(
        "anyOf",
        vec![
            documented.into(),
            Schema::new()
                .with(
                    "$comment",
                    "Any other text: under `presence: tolerant` the parser keeps it as \
                     delivered (format drift, `hookspec::Lenient`).",
                )
                .into(),
        ],
    )
}
