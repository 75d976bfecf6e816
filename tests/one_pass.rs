//! `parse` reads a delivery in one pass where it can (the members before the event name kept
//! as borrowed raw JSON, the rest read straight into the event's type) and falls back to the
//! careful two-pass read on any failure. Both must give the same answer on every input: the
//! same event, or the same error with the same JSON path. Checked on every documented example,
//! every prefix of it, every one-byte mutation, and moved or repeated name members.

mod common;

use hookspec::__private::{Body, Dispatch};
use hookspec::{ParseError, VENDORS, Vendor};
use serde_json::Value;

/// The careful read: the names first, then the whole body, tracking the path.
fn two_pass<E: Dispatch>(name: &str, body: &[u8]) -> Result<E, ParseError> {
    E::from_source(name, &Body(body))
}

/// Every input derived from `vendor`'s examples, with the name header where it needs one.
fn inputs(vendor: &Vendor) -> Vec<(&'static str, Vec<u8>)> {
    let mut inputs = Vec::new();
    for info in vendor.events {
        let Some(example) = info.example else {
            continue;
        };
        let name = if vendor.name_header().is_some() {
            info.base_name
        } else {
            ""
        };
        let bytes = example.as_bytes();
        inputs.push((name, bytes.to_vec()));
        for end in 0..bytes.len() {
            inputs.push((name, bytes[..end].to_vec()));
        }
        for index in 0..bytes.len() {
            let mut mutated = bytes.to_vec();
            mutated[index] = b"\"{}[],:0n"[index % 9];
            inputs.push((name, mutated));
        }
        // The object's members in reverse (key) order, moving the names, and each member
        // repeated.
        if let Ok(Value::Object(members)) = serde_json::from_str::<Value>(example) {
            let members: Vec<(String, Value)> = members.into_iter().collect();
            let reversed: Vec<_> = members.iter().rev().cloned().collect();
            inputs.push((name, object(&reversed)));
            for index in 0..members.len() {
                let mut repeated = members.clone();
                repeated.push(members[index].clone());
                inputs.push((name, object(&repeated)));
            }
        }
    }
    inputs
}

/// An object's text with its members in this order (and repeated where they are).
fn object(members: &[(String, Value)]) -> Vec<u8> {
    let inner: Vec<String> = members
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(key.as_str())))
        .collect();
    format!("{{{}}}", inner.join(",")).into_bytes()
}

fn agree<E: Dispatch + PartialEq + std::fmt::Debug>(
    vendor: &Vendor,
    parse: impl Fn(&str, &[u8]) -> Result<E, ParseError>,
) -> usize {
    let inputs = inputs(vendor);
    for (name, body) in &inputs {
        let fast = parse(name, body);
        let careful = two_pass::<E>(name, body);
        assert_eq!(
            fast,
            careful,
            "{}: one pass and two passes differ on {}",
            vendor.id,
            String::from_utf8_lossy(body)
        );
    }
    inputs.len()
}

#[test]
fn one_pass_and_two_passes_agree_on_every_input() {
    let mut checked = Vec::new();
    let vendor = |id| hookspec::vendor(id).unwrap();
    #[cfg(feature = "moim")]
    checked.push((
        "moim",
        agree(vendor("moim"), |_, body| hookspec::moim::parse(body)),
    ));
    #[cfg(feature = "gately")]
    checked.push((
        "gately",
        agree(vendor("gately"), |_, body| hookspec::gately::parse(body)),
    ));
    #[cfg(feature = "memberstack")]
    checked.push((
        "memberstack",
        agree(vendor("memberstack"), |_, body| {
            hookspec::memberstack::parse(body)
        }),
    ));
    #[cfg(feature = "duda")]
    checked.push((
        "duda",
        agree(vendor("duda"), |_, body| hookspec::duda::parse(body)),
    ));
    #[cfg(feature = "github")]
    checked.push((
        "github",
        agree(vendor("github"), hookspec::github::parse_named),
    ));
    let mut ids: Vec<&str> = checked.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    let mut compiled: Vec<&str> = VENDORS.iter().map(|vendor| vendor.id).collect();
    compiled.sort_unstable();
    assert_eq!(ids, compiled, "add the new vendor above");
    assert!(checked.iter().map(|(_, count)| count).sum::<usize>() > 10_000);
}

/// GitHub has no documented examples: its corpus, when present, and a delivery whose
/// sub-name comes last.
#[cfg(feature = "github")]
#[test]
fn github_deliveries_agree_whatever_the_member_order() {
    let mut bodies: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(dir) = common::github_corpus() {
        for (name, _, body) in common::github_deliveries(&dir) {
            // The same delivery with its members reversed: `action` last.
            if let Ok(Value::Object(members)) = serde_json::from_slice::<Value>(&body) {
                let reversed: Vec<(String, Value)> = members.into_iter().rev().collect();
                bodies.push((name.clone(), object(&reversed)));
            }
            bodies.push((name, body));
        }
    }
    bodies.push((
        "issues".to_owned(),
        br#"{"issue": {"number": 1}, "action": "teleported"}"#.to_vec(),
    ));
    bodies.push((
        "issues".to_owned(),
        br#"{"action": "opened", "action": "closed"}"#.to_vec(),
    ));
    for (name, body) in &bodies {
        let fast = hookspec::github::parse_named(name, body);
        let careful = two_pass::<hookspec::github::Event>(name, body);
        assert_eq!(fast, careful, "{name}: {}", String::from_utf8_lossy(body));
    }
}
