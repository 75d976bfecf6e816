//! Scalar types that are typed yet reproduce their input exactly.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An RFC 3339 timestamp such as `"2024-01-15T10:00:00Z"`.
///
/// It is validated and parsed when the delivery is parsed, and keeps the exact text it came
/// with, so `.000Z` or `+00:00` spellings survive a round trip.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rfc3339 {
    text: Box<str>,
    instant: jiff::Timestamp,
}

impl Rfc3339 {
    /// The timestamp as an instant.
    pub fn timestamp(&self) -> jiff::Timestamp {
        self.instant
    }

    /// The text exactly as it was delivered.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for Rfc3339 {
    type Err = jiff::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Rfc3339 {
            instant: text.parse()?,
            text: text.into(),
        })
    }
}

impl From<jiff::Timestamp> for Rfc3339 {
    fn from(instant: jiff::Timestamp) -> Self {
        Rfc3339 {
            text: instant.to_string().into(),
            instant,
        }
    }
}

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A decimal number delivered as a string, such as a money amount `"45.00"`.
///
/// It is validated and parsed when the delivery is parsed, and keeps the exact text it came
/// with (scale and all).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecimalString {
    text: Box<str>,
    value: rust_decimal::Decimal,
}

impl DecimalString {
    /// The number.
    pub fn value(&self) -> rust_decimal::Decimal {
        self.value
    }

    /// The text exactly as it was delivered.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for DecimalString {
    type Err = rust_decimal::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(DecimalString {
            value: text.parse()?,
            text: text.into(),
        })
    }
}

impl From<rust_decimal::Decimal> for DecimalString {
    fn from(value: rust_decimal::Decimal) -> Self {
        DecimalString {
            text: value.to_string().into(),
            value,
        }
    }
}

impl fmt::Display for DecimalString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Serializes as the kept text; deserializes from a string that must parse as `T`.
macro_rules! text_serde {
    ($ty:ident, $expecting:literal, $what:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TextVisitor;
                impl Visitor<'_> for TextVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$ty, E> {
                        text.parse()
                            .map_err(|error| E::custom(format_args!("invalid {}: {error}", $what)))
                    }
                }
                deserializer.deserialize_str(TextVisitor)
            }
        }
    };
}

text_serde!(
    Rfc3339,
    "an RFC 3339 timestamp string",
    "RFC 3339 timestamp"
);
text_serde!(DecimalString, "a decimal number string", "decimal number");

/// Seconds since the Unix epoch, delivered as a JSON integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EpochSeconds(pub i64);

impl EpochSeconds {
    /// The instant, or `None` when it is outside the range a timestamp can hold.
    pub fn timestamp(self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_second(self.0).ok()
    }
}

/// Milliseconds since the Unix epoch, delivered as a JSON integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EpochMillis(pub i64);

impl EpochMillis {
    /// The instant, or `None` when it is outside the range a timestamp can hold.
    pub fn timestamp(self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_millisecond(self.0).ok()
    }
}

/// A value of an open enum that this version of the spec does not document.
///
/// Only this crate creates it, so code cannot match on a particular unknown value: when the spec
/// later documents that value, it becomes a named variant instead, and code written against the
/// old version keeps compiling. Read it with `as_str()` on the enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(value.into())
    }

    /// The value as delivered.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
