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

/// A date and time as webhooks really send them, such as `"2024-01-15T10:00:00Z"` or
/// `"2018-04-25 20:42:10 -0700"`, with or without a UTC offset.
///
/// It is validated and parsed when the delivery is parsed, and keeps the exact text it came
/// with, so every accepted spelling survives a round trip. Unlike [`Rfc3339`] it also accepts a
/// text with no zone at all, which is a wall-clock reading whose instant is unknown: then
/// [`offset`](Self::offset) and [`timestamp`](Self::timestamp) are `None`, and
/// [`timestamp_assuming`](Self::timestamp_assuming) supplies the offset.
///
/// # Accepted forms
///
/// A text is accepted when it is, in this order and with nothing before or after:
///
/// 1. a date `YYYY-MM-DD` (four digit year; jiff's extended `±YYYYYY` year, which
///    `From<jiff::Timestamp>` writes for years outside `0000..=9999`, is accepted too);
/// 2. a separator `T`, `t` or one space;
/// 3. a time `HH:MM:SS`, `HH:MM:SS.F` with 1 to 9 fraction digits after a `.`, or `HH:MM`
///    (seconds omitted, and then no fraction);
/// 4. optionally an offset: `Z` or `z` directly after the time, or `+HH:MM`, `-HH:MM`, `+HHMM`
///    or `-HHMM`, directly after the time or after one space.
///
/// For example `2024-01-15T10:00:00Z`, `2024-01-15T10:00:00.000Z`,
/// `2019-05-15T15:20:31.000-07:00`, `2024-01-15t10:00:00z`, `2024-01-15T10:00Z`,
/// `2018-04-25 20:42:10Z`, `2018-04-25 20:42:10-0700`, `2018-04-25 20:42:10 -0700`,
/// `2018-04-25 20:42:10 +00:00`, and, with no offset, `2018-04-25 20:42:10` and
/// `2018-04-25T20:42:10`.
///
/// The fields must be in range (month `01..=12`, a day that exists in that month, hour
/// `00..=23`, minute `00..=59`, second `00..=60`, offset hours `00..=25` and minutes `00..=59`),
/// and a text with an offset must name an instant jiff can hold. A leap second `:60` is accepted
/// and read as `:59`, as jiff does; `-00:00` reads as offset zero. Rejected: a date or a time
/// alone, an hour without minutes, a comma before the fraction, an offset of hours only or with
/// seconds, a space before `Z`, zone names or `[...]` annotations, and any trailing text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    text: Box<str>,
    civil: jiff::civil::DateTime,
    offset: Option<jiff::tz::Offset>,
}

impl DateTime {
    /// The text exactly as it was delivered.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The wall-clock date and time as written, before any offset is applied.
    pub fn civil(&self) -> jiff::civil::DateTime {
        self.civil
    }

    /// The UTC offset as written (`Z` is zero), or `None` when the text has no offset.
    pub fn offset(&self) -> Option<jiff::tz::Offset> {
        self.offset
    }

    /// The instant, or `None` when the text has no offset, since the instant is then unknown.
    pub fn timestamp(&self) -> Option<jiff::Timestamp> {
        // Parsing checked that a text with an offset names an instant in range.
        self.offset
            .and_then(|offset| offset.to_timestamp(self.civil).ok())
    }

    /// The instant, reading a text without an offset as being at `assumed` (a text with an
    /// offset uses its own and ignores `assumed`).
    ///
    /// # Errors
    ///
    /// When the wall-clock reading at `assumed` is outside the range of instants jiff can hold.
    pub fn timestamp_assuming(
        &self,
        assumed: jiff::tz::Offset,
    ) -> Result<jiff::Timestamp, jiff::Error> {
        self.offset.unwrap_or(assumed).to_timestamp(self.civil)
    }
}

/// Where the parts of an accepted [`DateTime`] text lie: the wall-clock reading is
/// `text[..civil_end]` and the offset (empty when there is none) is `text[offset_start..]`.
///
/// This checks only the shape of the text; jiff checks the values.
fn date_time_shape(text: &str) -> Result<(usize, usize), &'static str> {
    let bytes = text.as_bytes();
    let from = |at: usize| bytes.get(at..).unwrap_or_default();
    let digits = |at: usize, count: usize| {
        bytes
            .get(at..at + count)
            .is_some_and(|run| run.iter().all(u8::is_ascii_digit))
    };
    let byte_is = |at: usize, allowed: &[u8]| bytes.get(at).is_some_and(|b| allowed.contains(b));

    let year_end = match bytes.first() {
        Some(b'+' | b'-') if digits(1, 6) => 7,
        _ if digits(0, 4) => 4,
        _ => return Err("expected a date `YYYY-MM-DD` at the start"),
    };
    if !(byte_is(year_end, b"-")
        && digits(year_end + 1, 2)
        && byte_is(year_end + 3, b"-")
        && digits(year_end + 4, 2))
    {
        return Err("expected a date `YYYY-MM-DD` at the start");
    }
    let mut at = year_end + 6;
    if !byte_is(at, b"Tt ") {
        return Err("expected `T` or a space between the date and the time");
    }
    at += 1;
    if !(digits(at, 2) && byte_is(at + 2, b":") && digits(at + 3, 2)) {
        return Err("expected a time `HH:MM` or `HH:MM:SS` after the date");
    }
    at += 5;
    if byte_is(at, b":") {
        if !digits(at + 1, 2) {
            return Err("expected two digits of seconds after `HH:MM:`");
        }
        at += 3;
        if byte_is(at, b".") {
            let fraction = from(at + 1)
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if !(1..=9).contains(&fraction) {
                return Err("expected 1 to 9 digits of fractional seconds after `.`");
            }
            at += 1 + fraction;
        }
    }

    let civil_end = at;
    let offset_start = match from(at) {
        [b' ', b'+' | b'-', ..] => at + 1,
        _ => at,
    };
    let offset_ok = match from(offset_start) {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    if !offset_ok {
        return Err("expected nothing, `Z`, or an offset `±HH:MM` or `±HHMM` \
                    (optionally after one space) after the time");
    }
    Ok((civil_end, offset_start))
}

impl FromStr for DateTime {
    type Err = jiff::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (civil_end, offset_start) = date_time_shape(text).map_err(|expected| {
            jiff::Error::from_args(format_args!("{expected}, found {text:?}"))
        })?;
        // jiff reads the whole shape except a space before the offset, so drop that space.
        let joined;
        let normalised = if civil_end == offset_start {
            text
        } else {
            joined = [&text[..civil_end], &text[offset_start..]].concat();
            &joined
        };
        let pieces = jiff::fmt::temporal::Pieces::parse(normalised)?;
        let time = pieces.time().ok_or_else(|| {
            jiff::Error::from_args(format_args!(
                "expected a time after the date, found {text:?}"
            ))
        })?;
        let civil = pieces.date().to_datetime(time);
        let offset = pieces.to_numeric_offset();
        if let Some(offset) = offset {
            offset.to_timestamp(civil)?;
        }
        Ok(DateTime {
            text: text.into(),
            civil,
            offset,
        })
    }
}

impl From<jiff::Timestamp> for DateTime {
    /// The instant in UTC, written in RFC 3339 `Z` form such as `2024-01-15T10:00:00Z`.
    fn from(instant: jiff::Timestamp) -> Self {
        DateTime {
            text: instant.to_string().into(),
            civil: jiff::tz::Offset::UTC.to_datetime(instant),
            offset: Some(jiff::tz::Offset::UTC),
        }
    }
}

impl fmt::Display for DateTime {
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
    ($ty:ident, $expecting:literal, $what:literal, $blank:expr) => {
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
                        text.parse().or_else(|error| {
                            // Inside a placeholder object (`hookspec::drift`), never read.
                            if crate::drift::placeholding() {
                                Ok($blank)
                            } else {
                                Err(E::custom(format_args!("invalid {}: {error}", $what)))
                            }
                        })
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
    "RFC 3339 timestamp",
    Rfc3339 {
        text: "".into(),
        instant: jiff::Timestamp::UNIX_EPOCH,
    }
);
text_serde!(
    DateTime,
    "a date-time string",
    "date-time",
    DateTime {
        text: "".into(),
        civil: jiff::civil::DateTime::default(),
        offset: None,
    }
);
text_serde!(
    DecimalString,
    "a decimal number string",
    "decimal number",
    DecimalString {
        text: "".into(),
        value: rust_decimal::Decimal::ZERO,
    }
);

/// `Serialize` and `Deserialize` of an epoch newtype: the integer itself (what
/// `#[serde(transparent)]` would write, without making every user compile `serde_derive`).
macro_rules! epoch_serde {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map($name)
            }
        }
    };
}

/// Seconds since the Unix epoch, delivered as a JSON integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EpochSeconds(pub i64);

epoch_serde!(EpochSeconds);

impl EpochSeconds {
    /// The instant, or `None` when it is outside the range a timestamp can hold.
    pub fn timestamp(self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_second(self.0).ok()
    }
}

/// Milliseconds since the Unix epoch, delivered as a JSON integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EpochMillis(pub i64);

epoch_serde!(EpochMillis);

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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use jiff::tz::{Offset, offset};
    use jiff::{Timestamp, ToSpan};

    fn json(text: &str) -> String {
        serde_json::to_string(text).unwrap()
    }

    fn parse(text: &str) -> DateTime {
        serde_json::from_str(&json(text)).unwrap_or_else(|error| panic!("{text:?}: {error}"))
    }

    const ACCEPTED: &[&str] = &[
        // RFC 3339.
        "2024-01-15T10:00:00Z",
        "2024-01-15T10:00:00.000Z",
        "2024-01-15T10:00:00.1Z",
        "2024-01-15T10:00:00.123456789Z",
        "2019-05-15T15:20:31.000-07:00",
        "2024-01-15T10:00:00+00:00",
        "2024-01-15T10:00:00-00:00",
        "2024-01-15t10:00:00z",
        "2016-12-31T23:59:60Z",
        // A space instead of `T`, offsets with and without a colon and a space.
        "2018-04-25 20:42:10Z",
        "2018-04-25 20:42:10z",
        "2018-04-25 20:42:10-07:00",
        "2018-04-25 20:42:10-0700",
        "2018-04-25 20:42:10 -0700",
        "2018-04-25 20:42:10 +0000",
        "2018-04-25 20:42:10 +05:30",
        "2018-04-25T20:42:10 -0700",
        "2018-04-25 20:42:10.5 -0700",
        // No offset.
        "2018-04-25 20:42:10",
        "2018-04-25T20:42:10",
        "2018-04-25t20:42:10.25",
        // Seconds omitted.
        "2024-01-15T10:00Z",
        "2024-01-15 10:00",
        "2024-01-15 10:00 +0100",
        // Extended years, as `From<Timestamp>` writes them outside 0000..=9999.
        "-009999-01-02T01:59:59Z",
    ];

    #[test]
    fn accepted_forms_round_trip_exactly() {
        for &text in ACCEPTED {
            let input = json(text);
            let value: DateTime =
                serde_json::from_str(&input).unwrap_or_else(|error| panic!("{text:?}: {error}"));
            assert_eq!(serde_json::to_string(&value).unwrap(), input);
            assert_eq!(value.as_str(), text);
            assert_eq!(value.to_string(), text);
            assert_eq!(text.parse::<DateTime>().unwrap(), value);
        }
    }

    #[test]
    fn parsed_values_are_right() {
        let utc = |seconds: i64| Timestamp::from_second(seconds).unwrap();

        let value = parse("2024-01-15T10:00:00.000Z");
        assert_eq!(value.civil(), date(2024, 1, 15).at(10, 0, 0, 0));
        assert_eq!(value.offset(), Some(Offset::UTC));
        assert_eq!(value.timestamp(), Some(utc(1_705_312_800)));

        let value = parse("2019-05-15T15:20:31.000-07:00");
        assert_eq!(value.civil(), date(2019, 5, 15).at(15, 20, 31, 0));
        assert_eq!(value.offset(), Some(offset(-7)));
        assert_eq!(value.timestamp(), Some(utc(1_557_958_831)));

        for text in [
            "2018-04-25 20:42:10 -0700",
            "2018-04-25 20:42:10-0700",
            "2018-04-25T20:42:10-07:00",
        ] {
            let value = parse(text);
            assert_eq!(value.civil(), date(2018, 4, 25).at(20, 42, 10, 0), "{text}");
            assert_eq!(value.offset(), Some(offset(-7)), "{text}");
            assert_eq!(value.timestamp(), Some(utc(1_524_714_130)), "{text}");
        }

        let value = parse("2018-04-25 20:42:10 +05:30");
        assert_eq!(
            value.offset(),
            Some(Offset::from_seconds(5 * 3600 + 30 * 60).unwrap())
        );
        assert_eq!(
            value.timestamp(),
            Some(utc(1_524_688_930 - 5 * 3600 - 30 * 60))
        );

        let value = parse("2024-01-15T10:00:00.123456789Z");
        assert_eq!(value.civil(), date(2024, 1, 15).at(10, 0, 0, 123_456_789));
        assert_eq!(
            value.timestamp(),
            Some(utc(1_705_312_800) + 123_456_789.nanoseconds())
        );

        let value = parse("2024-01-15 10:00 +0100");
        assert_eq!(value.civil(), date(2024, 1, 15).at(10, 0, 0, 0));
        assert_eq!(value.timestamp(), Some(utc(1_705_312_800 - 3600)));

        // A leap second is read as the second before it.
        let value = parse("2016-12-31T23:59:60Z");
        assert_eq!(value.civil(), date(2016, 12, 31).at(23, 59, 59, 0));
        assert_eq!(value.timestamp(), Some(utc(1_483_228_799)));

        // `-00:00` and `z` read as offset zero.
        assert_eq!(
            parse("2024-01-15T10:00:00-00:00").timestamp(),
            Some(utc(1_705_312_800))
        );
        assert_eq!(
            parse("2024-01-15t10:00:00z").timestamp(),
            Some(utc(1_705_312_800))
        );
    }

    #[test]
    fn zoneless_texts_have_no_instant_until_one_is_assumed() {
        for text in ["2018-04-25 20:42:10", "2018-04-25T20:42:10"] {
            let value = parse(text);
            assert_eq!(value.civil(), date(2018, 4, 25).at(20, 42, 10, 0));
            assert_eq!(value.offset(), None);
            assert_eq!(value.timestamp(), None);
            assert_eq!(
                value.timestamp_assuming(Offset::UTC).unwrap(),
                Timestamp::from_second(1_524_688_930).unwrap()
            );
            assert_eq!(
                value.timestamp_assuming(offset(-7)).unwrap(),
                Timestamp::from_second(1_524_714_130).unwrap()
            );
        }
        // A text with an offset keeps its own.
        let value = parse("2018-04-25 20:42:10 -0700");
        assert_eq!(
            value.timestamp_assuming(Offset::UTC).unwrap(),
            Timestamp::from_second(1_524_714_130).unwrap()
        );
    }

    #[test]
    fn from_timestamp_writes_rfc3339_utc_and_round_trips() {
        for instant in [
            Timestamp::from_second(1_705_312_800).unwrap(),
            Timestamp::from_second(1_705_312_800).unwrap() + 500.milliseconds(),
            Timestamp::MIN,
            Timestamp::MAX,
        ] {
            let value = DateTime::from(instant);
            assert_eq!(value.as_str(), instant.to_string());
            assert_eq!(value.timestamp(), Some(instant));
            assert_eq!(value.offset(), Some(Offset::UTC));
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<DateTime>(&json).unwrap(), value);
        }
        assert_eq!(
            DateTime::from(Timestamp::from_second(1_705_312_800).unwrap()).as_str(),
            "2024-01-15T10:00:00Z"
        );
    }

    #[test]
    fn rejected_forms_are_errors() {
        for text in [
            "",
            "garbage",
            "2024-01-15",
            "10:00:00",
            "2024-01-15T",
            "2024-01-15T10",
            "2024-01-15T10Z",
            "2024-01-15T1000",
            "20240115T100000Z",
            "2024-1-15T10:00:00Z",
            "2024-13-01T10:00:00Z",
            "2024-02-30T10:00:00Z",
            "2023-02-29 10:00:00",
            "2024-01-15T24:00:00Z",
            "2024-01-15T10:60:00Z",
            "2024-01-15T10:00:61Z",
            "2024-01-15T10:00:00.Z",
            "2024-01-15T10:00:00.1234567891Z",
            "2024-01-15T10:00:00,5Z",
            "2024-01-15T10:00.5Z",
            "2024-01-15T10:00:00+05",
            "2024-01-15T10:00:00+5:00",
            "2024-01-15T10:00:00+05:00:00",
            "2024-01-15T10:00:00+05:60",
            "2024-01-15T10:00:00+26:00",
            "2024-01-15T10:00:00 Z",
            "2024-01-15T10:00:00  -0700",
            "2024-01-15T10:00:00 UTC",
            "2024-01-15T10:00:00Z[UTC]",
            "2024-01-15T10:00:00[America/New_York]",
            "2024-01-15T10:00:00Z ",
            " 2024-01-15T10:00:00Z",
            "2024-01-15T10:00:00Zjunk",
            "2024-01-15T10:00:00-0700x",
            "2024-01-15T10:00:00 ",
            "2024-01-15  10:00:00",
            "+002024-01-15",
            "9999-12-31T23:59:59Z",
            "2024-01-15T10:00:00\u{00e9}",
        ] {
            assert!(text.parse::<DateTime>().is_err(), "{text:?} was accepted");
            let error = serde_json::from_str::<DateTime>(&json(text))
                .expect_err(text)
                .to_string();
            assert!(
                error.starts_with("invalid date-time: "),
                "{text:?}: {error}"
            );
        }
    }

    #[test]
    fn error_messages_say_what_was_expected() {
        let error = |text: &str| {
            serde_json::from_str::<DateTime>(&json(text))
                .unwrap_err()
                .to_string()
        };
        assert!(error("2024-01-15").contains("expected `T` or a space"));
        assert!(error("garbage").contains("expected a date `YYYY-MM-DD`"));
        assert!(error("2024-01-15T10:00:00 UTC").contains("expected nothing, `Z`, or an offset"));
        assert!(error("2024-13-01T10:00:00Z").contains("month"));
    }

    #[test]
    fn non_strings_are_rejected_with_invalid_type() {
        let error = serde_json::from_str::<DateTime>("1705312800")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("invalid type: integer `1705312800`, expected a date-time string"),
            "{error}"
        );
        assert!(serde_json::from_str::<DateTime>("null").is_err());
    }
}
