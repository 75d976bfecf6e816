//! Every compiled vendor's `parse_request` on arbitrary headers and body: never panics, and a
//! delivery that parses serializes to the JSON it came as, which parses again to the same event.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some(input) = hookspec_fuzz::delivery(data) else {
        return;
    };
    let vendor = input.vendor;
    let Ok(event) = vendor.parse_request(&input.headers, input.body) else {
        return;
    };
    let json = serde_json::to_value(&event).expect("a parsed event serializes");
    // Lossless: the serialization is the delivery's JSON value.
    let original: Value = serde_json::from_slice(input.body).expect("a parsed body is JSON");
    assert_eq!(
        json,
        original,
        "{}: serializing {} changed the JSON",
        vendor.id,
        event.name()
    );
    // And it parses again, with the same headers, to the same event.
    let text = serde_json::to_vec(&json).expect("a JSON value serializes");
    let again = vendor
        .parse_request(&input.headers, &text)
        .expect("the serialization of a parsed event parses");
    assert_eq!(again.name(), event.name());
    assert_eq!(again.is_known(), event.is_known());
    assert_eq!(serde_json::to_value(&again).expect("serializes"), json);
});
