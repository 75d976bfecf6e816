//! Bodies derived from a documented example to check that two readings of a delivery agree on
//! any input: its prefixes and one-byte mutations, its members reversed, each member repeated
//! (as written, with its key spelled with an escape, and with the first occurrence naming an
//! event no spec lists), and each string value spelled with an escape or holding a raw control
//! character. Shared by `tests/fast_read.rs` and the fixtures' `fast_read.rs` (by path).
#![allow(dead_code)] // each test crate uses some of these

use serde_json::Value;

/// Where the robustness tests cut or change a documented example of `len` bytes: every
/// position of an example up to 3 KiB (every hand-written vendor's), and 24 positions spread
/// evenly plus the last 8 of a larger one (GitHub's real deliveries, up to 31 KB: every
/// position of each would parse gigabytes).
pub fn positions(len: usize) -> Vec<usize> {
    if len <= 3 * 1024 {
        return (0..len).collect();
    }
    let mut positions: Vec<usize> = (0..24).map(|step| step * len / 24).collect();
    positions.extend(len - 8..len);
    positions
}

/// Every body derived from `example`, the example first.
pub fn bodies(example: &str) -> Vec<Vec<u8>> {
    let bytes = example.as_bytes();
    let mut bodies = vec![bytes.to_vec()];
    let positions = positions(bytes.len());
    for &end in &positions {
        bodies.push(bytes[..end].to_vec());
    }
    for &index in &positions {
        let mut mutated = bytes.to_vec();
        mutated[index] = b"\"{}[],:0n"[index % 9];
        bodies.push(mutated);
    }
    // The object's members in reverse (key) order, moving the names, and each member repeated.
    let Ok(Value::Object(members)) = serde_json::from_str::<Value>(example) else {
        return bodies;
    };
    let members: Vec<(String, Value)> = members.into_iter().collect();
    let reversed: Vec<_> = members.iter().rev().cloned().collect();
    bodies.push(object(&reversed));
    for index in 0..members.len() {
        let mut repeated = members.clone();
        repeated.push(members[index].clone());
        bodies.push(object(&repeated));
        // Repeated last with its key spelled with an escape (`"\u0065vent"`), which a read
        // cannot see by looking for the key as written.
        let (key, value) = &members[index];
        bodies.push(with_escaped(&members, key, value));
        // A string value spelled with an escape (which a read cannot take as written), and one
        // with a raw control character (not JSON).
        if let Value::String(text) = value {
            for spelled in [escaped(text), format!("\"\u{1}{text}\"")] {
                bodies.push(with_value_text(&members, index, &spelled));
            }
        }
        // Repeated with an escaped key, the first occurrence naming an event no spec lists.
        let mut unlisted = members.clone();
        unlisted[index].1 = Value::from("hookspec.unlisted");
        bodies.push(with_escaped(&unlisted, key, value));
    }
    bodies
}

/// An object's text with these members, then `key: value` with the key spelled with an escape.
fn with_escaped(members: &[(String, Value)], key: &str, value: &Value) -> Vec<u8> {
    let mut text = object(members);
    text.pop();
    text.extend_from_slice(format!(",{}:{value}}}", escaped(key)).as_bytes());
    text
}

/// An object's text with these members, the value of the one at `index` written as `text`.
fn with_value_text(members: &[(String, Value)], index: usize, text: &str) -> Vec<u8> {
    let inner: Vec<String> = members
        .iter()
        .enumerate()
        .map(|(at, (key, value))| {
            let value = if at == index {
                text.to_owned()
            } else {
                value.to_string()
            };
            format!("{}:{value}", Value::from(key.as_str()))
        })
        .collect();
    format!("{{{}}}", inner.join(",")).into_bytes()
}

/// A string as JSON text, its first character written as a `\u` escape.
fn escaped(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if (first as u32) < 0x10000 => {
            let rest = Value::from(chars.as_str()).to_string();
            format!("\"\\u{:04x}{}", first as u32, &rest[1..])
        }
        _ => Value::from(text).to_string(),
    }
}

/// An object's text with its members in this order (and repeated where they are).
pub fn object(members: &[(String, Value)]) -> Vec<u8> {
    let inner: Vec<String> = members
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(key.as_str())))
        .collect();
    format!("{{{}}}", inner.join(",")).into_bytes()
}
