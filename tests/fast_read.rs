//! `parse` reads a delivery the fast way where it can (the top-level object skimmed only as far
//! as the members that name the event, then the whole body read straight into the event's
//! type) and falls back to the careful two-pass read on any failure. Both must give the same
//! answer on every input: the same event, or the same error with the same JSON path. Checked on
//! every documented example and the bodies `common::derived` makes of it: its prefixes and
//! one-byte mutations (at every position of an example up to 3 KiB, at 32 of a larger one),
//! and moved or repeated name members, repeated as written or with their key spelled with an
//! escape, and with the first occurrence naming an event the spec does not list; string values
//! (names among them) spelled with an escape or holding a raw control character. The fixture
//! vendors get the same check (`fixtures/tests/fast_read.rs`).

mod common;

use common::derived::{self, object};
use hookspec::{VENDORS, Vendor};
use serde_json::Value;

/// Every input derived from `vendor`'s examples (`common::derived`), with the name header where
/// it needs one.
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
        inputs.extend(
            derived::bodies(example)
                .into_iter()
                .map(|body| (name, body)),
        );
    }
    inputs
}

/// The number of inputs checked for `vendor`.
fn agree(vendor: &Vendor) -> usize {
    let inputs = inputs(vendor);
    for (name, body) in &inputs {
        let fast = vendor.__parse_fast(name, body);
        let careful = vendor.__parse_careful(name, body);
        assert_eq!(
            fast,
            careful,
            "{}: the fast and the careful read differ on {}",
            vendor.id,
            String::from_utf8_lossy(body)
        );
    }
    inputs.len()
}

#[test]
fn the_fast_and_the_careful_read_agree_on_every_input() {
    let checked: usize = VENDORS.iter().map(agree).sum();
    let documented = VENDORS
        .iter()
        .flat_map(|vendor| vendor.events)
        .any(|info| info.example.is_some());
    assert!(!documented || checked > 10_000, "{checked} inputs");
}

/// The fast read is what every vendor's `parse_request` does.
#[test]
fn the_registry_fast_read_is_parse_request() {
    for vendor in VENDORS {
        for info in vendor.events {
            let Some(example) = info.example else {
                continue;
            };
            let headers: Vec<(&str, &[u8])> = vendor.name_header_for(info).into_iter().collect();
            let name = if headers.is_empty() {
                ""
            } else {
                info.base_name
            };
            assert_eq!(
                vendor.__parse_fast(name, example.as_bytes()),
                vendor.parse_request(&headers, example.as_bytes()),
                "{} {}",
                vendor.id,
                info.name
            );
        }
    }
}

/// GitHub: every delivery of its corpus, when present (not only the first example of each
/// event), with its members reversed, and a delivery whose sub-name comes last.
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
    let github = hookspec::vendor("github").unwrap();
    for (name, body) in &bodies {
        let fast = github.__parse_fast(name, body);
        let careful = github.__parse_careful(name, body);
        assert_eq!(fast, careful, "{name}: {}", String::from_utf8_lossy(body));
    }
}
