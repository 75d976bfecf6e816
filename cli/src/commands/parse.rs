//! `hookspec parse`: one delivery into one line of JSON.

use std::path::Path;

use hookspec::Vendor;
use serde_json::json;

use super::{Failure, read_input, say};
use crate::args::Header;

/// Parses the body (`input`, or stdin) with the request `headers`, and prints one line of
/// JSON: `vendor`, `event`, `known`, `rust_type`, `value`, and `drift` (`[{"path", "kind"}]`)
/// when the delivery drifted from a `presence: tolerant` spec.
pub fn parse(
    vendor: &Vendor,
    input: Option<&Path>,
    headers: &[Header],
    max_body_bytes: u64,
) -> Result<(), Failure> {
    let headers: Vec<(&str, &[u8])> = headers
        .iter()
        .map(|header| (header.name.as_str(), header.value.as_bytes()))
        .collect();
    let body = read_input(input, max_body_bytes)?;
    let event = vendor
        .parse_request(&headers, &body)
        .map_err(|error| Failure::Invalid(error.to_string()))?;
    let rust_type = match event.info() {
        Some(info) => info.rust_type,
        None => "hookspec::UnknownEvent",
    };
    let drift = hookspec::drift::of(&event);
    let drift = if drift.is_empty() {
        String::new()
    } else {
        format!(
            ",\"drift\":{}",
            serde_json::to_string(&drift).map_err(|error| Failure::Invalid(error.to_string()))?
        )
    };
    // Written by hand to keep the keys in the documented order.
    let line = format!(
        "{{\"vendor\":{},\"event\":{},\"known\":{},\"rust_type\":{},\"value\":{}{drift}}}",
        json!(vendor.id),
        json!(event.name()),
        event.is_known(),
        json!(rust_type),
        serde_json::to_string(&event).map_err(|error| Failure::Invalid(error.to_string()))?
    );
    say(format_args!("{line}"))?;
    Ok(())
}
