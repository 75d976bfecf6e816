//! Helpers shared by the integration tests.

use hookspec::{EventInfo, ParseError};
use serde_json::Value;

/// Parses `body` with a vendor's `parse`, serializes the event back, and requires the same
/// JSON value.
pub fn round_trip<E: serde::Serialize>(
    parse: fn(&[u8]) -> Result<E, ParseError>,
    body: &Value,
) -> E {
    let text = body.to_string();
    let event = parse(text.as_bytes()).unwrap_or_else(|error| panic!("{error}\n{text}"));
    let back = serde_json::to_value(&event).unwrap();
    assert_eq!(&back, body, "round trip changed the delivery");
    event
}

/// The documented example of the event delivered as `name`, as text.
pub fn example_text(events: &'static [EventInfo], name: &str) -> &'static str {
    EventInfo::find(events, name)
        .and_then(|info| info.example)
        .unwrap_or_else(|| panic!("no example for {name}"))
}

/// The documented example of the event delivered as `name`, as JSON.
#[allow(dead_code)] // not every test file uses every helper
pub fn example_json(events: &'static [EventInfo], name: &str) -> Value {
    serde_json::from_str(example_text(events, name)).unwrap()
}
