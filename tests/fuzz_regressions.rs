//! What `parse` promises on hostile input, for every compiled vendor: deep nesting, invalid
//! UTF-8, truncated and very large bodies; and the inputs the fuzz targets (`fuzz/`) found.
//!
//! Each test starts from every documented example of every compiled vendor (through the
//! registry, with the event-name header where the vendor names events in a header) and changes
//! it where the vendor cannot tell: an undocumented member, which every object keeps.

use hookspec::{VENDORS, Vendor};
use serde_json::Value;

/// A documented delivery of a compiled vendor.
struct Delivery {
    vendor: &'static Vendor,
    /// The event-name header, for vendors that name events in a header.
    headers: Vec<(&'static str, &'static [u8])>,
    body: &'static str,
}

/// Every documented delivery of every compiled vendor.
fn deliveries() -> Vec<Delivery> {
    let mut found = Vec::new();
    for vendor in VENDORS {
        for event in vendor.events {
            let Some(body) = event.example else {
                continue;
            };
            let headers = vendor.name_header_for(event).into_iter().collect();
            found.push(Delivery {
                vendor,
                headers,
                body,
            });
        }
    }
    found
}

/// The vendors' documented deliveries, at most `per_vendor` of each (the first ones).
fn some_deliveries(per_vendor: usize) -> Vec<Delivery> {
    let mut taken: Vec<(&str, usize)> = Vec::new();
    deliveries()
        .into_iter()
        .filter(|delivery| {
            match taken.iter_mut().find(|(id, _)| *id == delivery.vendor.id) {
                Some((_, count)) if *count >= per_vendor => return false,
                Some((_, count)) => *count += 1,
                None => taken.push((delivery.vendor.id, 1)),
            }
            true
        })
        .collect()
}

/// `body` (a JSON object's text) with `member` spliced in as its first member `zz_fuzz`.
fn with_member(body: &str, member: &[u8]) -> Vec<u8> {
    let open = body.find('{').expect("an example is a JSON object");
    let mut spliced = body.as_bytes()[..=open].to_vec();
    spliced.extend_from_slice(b"\"zz_fuzz\": ");
    spliced.extend_from_slice(member);
    spliced.push(b',');
    spliced.extend_from_slice(&body.as_bytes()[open + 1..]);
    spliced
}

/// Parses `body` and checks that it serializes back to the same JSON value.
fn assert_round_trips(vendor: &Vendor, headers: &[(&str, &[u8])], body: &[u8]) {
    let event = vendor
        .parse_request(headers, body)
        .unwrap_or_else(|error| panic!("{}: {error}", vendor.id));
    let expected: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        expected,
        "{}",
        vendor.id
    );
}

fn nested(open: &str, close: &str, depth: usize) -> Vec<u8> {
    let mut text = open.repeat(depth);
    text.push_str("null");
    text.push_str(&close.repeat(depth));
    text.into_bytes()
}

#[test]
fn documented_examples_parse() {
    let all = deliveries();
    assert!(!all.is_empty());
    for Delivery {
        vendor,
        headers,
        body,
    } in all
    {
        let event = vendor
            .parse_request(&headers, body.as_bytes())
            .unwrap_or_else(|error| panic!("{}: {error}", vendor.id));
        assert!(event.is_known(), "{}: {}", vendor.id, event.name());
    }
}

/// 100,000 levels of arrays or objects, as the whole body or inside a delivery: an error (the
/// JSON reader's recursion limit), never a stack overflow.
#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let arrays = nested("[", "]", 100_000);
    let objects = nested("{\"a\":", "}", 100_000);
    for vendor in VENDORS {
        let header = vendor.name_header().map(|header| (header, &b"ping"[..]));
        let headers: Vec<_> = header.into_iter().collect();
        // A body that is not an object is refused before it is read further; a member that no
        // event needs may be skipped without being kept (the skipping reader needs no stack).
        for body in [&arrays, &objects] {
            assert!(
                vendor.parse_request(&headers, body).is_err(),
                "{}",
                vendor.id
            );
        }
    }
    for Delivery {
        vendor,
        headers,
        body,
    } in some_deliveries(3)
    {
        for member in [&arrays, &objects] {
            let error = vendor
                .parse_request(&headers, &with_member(body, member))
                .expect_err("deep");
            assert!(
                error.message().contains("recursion limit"),
                "{}: {error}",
                vendor.id
            );
        }
    }
}

/// Nesting that the JSON reader accepts (100 levels in an undocumented member, under its own
/// limit of 128) is kept whole.
#[test]
fn nesting_under_the_limit_is_kept() {
    let member = nested("[", "]", 100);
    for Delivery {
        vendor,
        headers,
        body,
    } in some_deliveries(3)
    {
        let spliced = with_member(body, &member);
        assert_round_trips(vendor, &headers, &spliced);
    }
}

/// Invalid UTF-8 in a string, a lone surrogate escape, or a name header that is not UTF-8:
/// an error.
#[test]
fn invalid_utf8_is_an_error() {
    for Delivery {
        vendor,
        headers,
        body,
    } in some_deliveries(3)
    {
        for member in [
            &b"\"\xff\xfe\""[..],
            b"\"a\xc3\"",
            br#""\ud800""#,
            b"[\"\xed\xa0\x80\"]",
        ] {
            let spliced = with_member(body, member);
            let result = vendor.parse_request(&headers, &spliced);
            assert!(
                result.is_err(),
                "{}: {:?} parsed",
                vendor.id,
                String::from_utf8_lossy(member)
            );
        }
        // Not even the whole body is text.
        let mut bytes = body.as_bytes().to_vec();
        bytes.insert(bytes.len() / 2, 0xff);
        assert!(
            vendor.parse_request(&headers, &bytes).is_err(),
            "{}",
            vendor.id
        );
    }
    for vendor in VENDORS {
        if let Some(header) = vendor.name_header() {
            let error = vendor
                .parse_request(&[(header, b"issues\xff")], b"{}")
                .expect_err("not UTF-8");
            assert!(error.to_string().contains(header), "{error}");
        }
    }
}

/// Every proper prefix of every documented delivery is an error (a JSON object is never
/// complete before its closing brace).
#[test]
fn truncated_bodies_are_errors() {
    for Delivery {
        vendor,
        headers,
        body,
    } in deliveries()
    {
        let bytes = body.trim_end().as_bytes();
        // At most about 300 cut points per delivery, always including the last byte.
        let step = (bytes.len() / 300).max(1);
        let cuts = (0..bytes.len()).step_by(step).chain([bytes.len() - 1]);
        for cut in cuts {
            assert!(
                vendor.parse_request(&headers, &bytes[..cut]).is_err(),
                "{}: the first {cut} of {} bytes parsed",
                vendor.id,
                bytes.len()
            );
        }
    }
}

/// `parse` itself has no size limit (the axum extractor has one, `body_limit`): a body of
/// several MiB, most of it in undocumented members, parses and is kept whole.
#[test]
fn very_large_bodies_parse_and_round_trip() {
    let long = format!("\"{}\"", "x".repeat(2 << 20));
    let many = format!("[{}0]", "1,".repeat(1 << 20));
    for Delivery {
        vendor,
        headers,
        body,
    } in some_deliveries(1)
    {
        for member in [&long, &many] {
            let spliced = with_member(body, member.as_bytes());
            assert_round_trips(vendor, &headers, &spliced);
        }
    }
}

/// Found by `tests/properties.rs`: without serde_json's `float_roundtrip`, a float read back one
/// unit in the last place off (`1.372547936204625e-13` came back as `1.3725479362046251e-13`).
#[test]
fn floats_keep_their_exact_value() {
    for Delivery {
        vendor,
        headers,
        body,
    } in some_deliveries(3)
    {
        for float in [
            "1.372547936204625e-13",
            "-2.6810370257420004e290",
            "0.1",
            "5e-324",
        ] {
            let spliced = with_member(body, float.as_bytes());
            let event = vendor
                .parse_request(&headers, &spliced)
                .unwrap_or_else(|error| panic!("{}: {error}", vendor.id));
            let json = serde_json::to_value(&event).unwrap();
            let kept = json["zz_fuzz"].as_f64().expect("a float");
            assert_eq!(
                kept.to_string(),
                float.parse::<f64>().unwrap().to_string(),
                "{}",
                vendor.id
            );
            assert_eq!(
                serde_json::to_string(&json["zz_fuzz"]).unwrap(),
                float_text(float)
            );
        }
    }
}

/// How serde_json writes the float (its shortest round-trip form).
fn float_text(float: &str) -> String {
    serde_json::to_string(&float.parse::<f64>().unwrap()).unwrap()
}
