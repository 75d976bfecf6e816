//! Lossless round trips and forward compatibility: unknown members, events and enum values are
//! kept; `null` and absent stay distinct; timestamps and decimals keep their text; errors name
//! the JSON path.

use hookspec::{duda, gately, moim};
use serde_json::{Value, json};

mod common;
use common::{example_text as example, round_trip};

fn moim_delivery(kind: &str, payload: Value) -> Value {
    json!({
        "module": "MOIM",
        "type": kind,
        "context": {"originCommunityId": "G1", "userId": "UAKDIJ23KD", "communityId": "G1"},
        "payload": payload,
    })
}

#[test]
fn unknown_members_are_kept_at_every_level() {
    let mut body = moim_delivery(
        "payment.paid",
        json!({
            "id": "CY:3KNGIY8NDM95M",
            "currency": "KRW",
            "purchases": [{
                "id": "CU:3F21DTP4WGNUD",
                "purchaseItems": [{"id": "CI:36VFD5LDXAVH8", "productId": "CP:AK290DKFJD", "quantity": 2}],
                "coupon": null
            }]
        }),
    );
    body["deliveredAt"] = json!("2024-01-15T10:00:00Z");
    body["context"]["locale"] = json!("ko");
    let event = round_trip(moim::parse, &body);
    let moim::Event::PaymentPaid(event) = event else {
        panic!("wrong variant: {event:?}")
    };
    assert_eq!(event.extra["deliveredAt"], "2024-01-15T10:00:00Z");
    assert_eq!(event.context.extra["locale"], "ko");
    assert_eq!(event.payload.extra["currency"], "KRW");
    let purchase = &event.payload.purchases[0];
    assert_eq!(purchase.extra["coupon"], Value::Null);
    assert_eq!(purchase.purchase_items[0].product_id, "CP:AK290DKFJD");
    assert_eq!(purchase.purchase_items[0].extra["quantity"], 2);
}

#[test]
fn unknown_events_keep_the_whole_delivery() {
    let body = moim_delivery("poll.created", json!({"id": "PL:1", "options": [1, 2]}));
    let event = round_trip(moim::parse, &body);
    let moim::Event::Unknown(unknown) = &event else {
        panic!("expected Unknown: {event:?}")
    };
    assert_eq!(event.name(), "poll.created");
    assert!(!event.is_known());
    assert_eq!(event.info(), None);
    assert_eq!(unknown.json(), &body);

    // The event is identified by `module` + `type`: another module's `product.created` is not MOIM's.
    let mut other_module = moim_delivery("product.created", json!({"id": "CP:1"}));
    other_module["module"] = json!("FORUM");
    let event = round_trip(moim::parse, &other_module);
    assert!(matches!(event, moim::Event::Unknown(_)), "{event:?}");
    assert_eq!(event.name(), "product.created");
}

#[test]
fn unknown_enum_values_parse_and_are_kept() {
    let body = json!({
        "id": "evt_9", "event": "member.created", "created_at": "2024-01-15T10:00:00Z",
        "project_id": "proj_abc",
        "data": {"id": "mem_xyz", "email": "a@example.com", "full_name": "A", "avatar_url": null,
                 "plan_id": "free", "status": "suspended", "metadata": {}, "created_at": "2024-01-15T10:00:00Z"}
    });
    let event = round_trip(gately::parse, &body);
    let gately::Event::MemberCreated(event) = event else {
        panic!("{event:?}")
    };
    assert!(event.data.status.is_unknown());
    assert_eq!(event.data.status.as_str(), "suspended");
    assert_eq!(event.data.status.to_string(), "suspended");
    // A documented value is a variant of its own, and `From<&str>` agrees with parsing.
    assert_eq!(
        gately::MemberStatus::from("active"),
        gately::MemberStatus::Active
    );
    assert_eq!(gately::MemberStatus::from("suspended"), event.data.status);
}

#[test]
fn null_and_absent_are_different_facts() {
    let base = || {
        json!({
            "data": {"republish": false, "first_publish": true},
            "resource_data": {"site_name": "sw1d3f9f"},
            "event_type": "PUBLISH",
            "event_timestamp": 1532467846492_i64
        })
    };
    // `source`: absent, null, or an object; `resource_type` comes and goes.
    let absent = base();
    let mut null = base();
    null["source"] = Value::Null;
    let mut object = base();
    object["source"] = json!({"type": "API", "account_name": "a@example.com"});
    object["resource_type"] = json!("site");

    let source = |body: &Value| match round_trip(duda::parse, body) {
        duda::Event::Publish(event) => (event.source, event.resource_type),
        other => panic!("{other:?}"),
    };
    assert_eq!(source(&absent), (None, None));
    assert_eq!(source(&null), (Some(None), None));
    let (Some(Some(source)), Some(resource_type)) = source(&object) else {
        panic!()
    };
    assert_eq!(source.r#type, duda::SourceType::Api);
    assert_eq!(resource_type, "site");

    // A required nullable member must be present: absent is an error, not `None`.
    let body = json!({
        "id": "evt_1", "event": "member.created", "created_at": "2024-01-15T10:00:00Z", "project_id": "p",
        "data": {"id": "m", "email": "e", "full_name": "f", "plan_id": "free", "status": "active",
                 "metadata": {}, "created_at": "2024-01-15T10:00:00Z"}
    });
    let error = gately::parse(body.to_string().as_bytes()).unwrap_err();
    assert_eq!(error.path(), "data");
    assert!(
        error.message().contains("missing member `avatar_url`"),
        "{error}"
    );
}

#[test]
fn timestamps_and_decimals_are_typed_and_keep_their_text() {
    let body = json!({
        "id": "evt_1", "event": "member.deleted", "created_at": "2024-01-15T12:00:00.000+00:00",
        "project_id": "p", "data": {"id": "m", "email": "e", "deleted_at": "2024-01-15T12:00:00Z"}
    });
    let gately::Event::MemberDeleted(event) = round_trip(gately::parse, &body) else {
        panic!()
    };
    assert_eq!(event.created_at.as_str(), "2024-01-15T12:00:00.000+00:00");
    assert_eq!(
        event.created_at.timestamp(),
        event.data.deleted_at.timestamp()
    );

    let bad = body
        .to_string()
        .replace("2024-01-15T12:00:00Z", "2024-13-15T12:00:00Z");
    let error = gately::parse(bad.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "data.deleted_at");
    assert!(
        error.message().starts_with("invalid RFC 3339 timestamp"),
        "{error}"
    );

    let order = example(duda::EVENTS, "ECOMM_ORDER_CREATED");
    let duda::Event::EcommOrderCreated(event) = duda::parse(order.as_bytes()).unwrap() else {
        panic!()
    };
    assert_eq!(event.data.total.as_str(), "67.85");
    assert_eq!(event.data.total.value(), "67.85".parse().unwrap());
    assert_eq!(event.data.items[0].unit_price.as_str(), "45.00");
    assert_eq!(
        event.data.taxes[0].rate,
        serde_json::Number::from_f64(0.15).unwrap()
    );
    assert_eq!(
        event.event_timestamp.timestamp().unwrap().as_millisecond(),
        1673547263361
    );
}

#[test]
fn errors_name_the_json_path() {
    let body = moim_delivery(
        "payment.paid",
        json!({"id": "CY:1", "purchases": [{"id": "CU:1", "purchaseItems": [{"id": "CI:1", "productId": 7}]}]}),
    );
    let error = moim::parse(body.to_string().as_bytes()).unwrap_err();
    assert_eq!(
        error.path(),
        "payload.purchases[0].purchaseItems[0].productId"
    );
    assert!(error.to_string().starts_with("payload.purchases[0].purchaseItems[0].productId: invalid type: integer `7`, expected a string"), "{error}");
    assert!(error.line() > 0 && error.column() > 0);

    let cases: [(&[u8], &str, &str); 6] = [
        (b"not json", "$", "expected `null`, `true` or `false`"),
        (b"[1, 2]", "$", "invalid type: array"),
        (br#"{"module": "MOIM", "payload": {}}"#, "$", "missing member `type`"),
        (br#"{"module": "MOIM", "type": 5}"#, "type", "invalid type: integer `5`"),
        (br#"{"module": "MOIM", "type": "member.joined", "type": "member.joined"}"#, "$", "duplicate member `type`"),
        (br#"{"module": "MOIM", "type": "member.joined", "context": {"originCommunityId": "G", "userId": "U", "communityId": "G"}, "payload": {"id": "U"}} trailing"#, "$", "trailing characters"),
    ];
    for (body, path, message) in cases {
        let error = moim::parse(body).unwrap_err();
        assert_eq!(error.path(), path, "{error}");
        assert!(
            error.message().contains(message),
            "{error} (wanted {message:?})"
        );
    }
}

#[test]
fn dispatch_does_not_depend_on_key_order() {
    // Duda sends the event name last; the same delivery with the name first parses the same.
    let last = example(duda::EVENTS, "NEW_CONVERSATION");
    let member = r#""event_type": "NEW_CONVERSATION""#;
    assert!(
        last.trim_end()
            .trim_end_matches('}')
            .trim_end()
            .ends_with(member),
        "{last}"
    );
    // Move the member to the front, text-wise (a JSON map would sort the keys).
    let start = last.find(member).unwrap();
    let comma = last[..start].rfind(',').unwrap();
    let without = format!("{}{}", &last[..comma], &last[start + member.len()..]);
    let first = without.replacen('{', &format!("{{{member},"), 1);
    assert!(first.starts_with(&format!("{{{member},")), "{first}");
    assert_eq!(
        duda::parse(first.as_bytes()).unwrap(),
        duda::parse(last.as_bytes()).unwrap()
    );
}

/// Bad input is an error, never a panic: prefixes of every documented example, and the
/// example with one byte replaced by JSON punctuation (at [`common::positions`]).
#[test]
fn malformed_bodies_are_errors_not_panics() {
    let (mut parsed, mut tried) = (0, 0);
    for vendor in hookspec::VENDORS {
        for info in vendor.events {
            let Some(example) = info.example else {
                continue;
            };
            let bytes = example.as_bytes();
            let positions = common::positions(bytes.len());
            tried += positions.len();
            let headers: Vec<(&str, &[u8])> = vendor.name_header_for(info).into_iter().collect();
            for &end in &positions {
                // A strict prefix of a JSON object is never a whole object.
                assert!(
                    vendor.parse_request(&headers, &bytes[..end]).is_err(),
                    "{} prefix {end}",
                    info.name
                );
                parsed += 1;
            }
            for (index, replacement) in positions
                .iter()
                .map(|&index| (index, b"\"{}[],:0n"[index % 9]))
            {
                let mut mutated = bytes.to_vec();
                mutated[index] = replacement;
                let _ = vendor.parse_request(&headers, &mutated);
                parsed += 1;
            }
        }
    }
    // Every example was tried, each position twice.
    assert!(tried > 0);
    assert_eq!(parsed, 2 * tried);
}
