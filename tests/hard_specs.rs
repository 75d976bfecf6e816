//! The cases where naive generators break, in Memberstack's and Duda's documents.

use hookspec::{duda, memberstack};
use serde_json::{Value, json};

mod common;
use common::{example_json as example, round_trip};

fn plan_connection() -> Value {
    json!({"id": "con_1", "active": true, "status": "ACTIVE", "type": "SUBSCRIPTION",
           "planId": "pln_1", "memberId": "mem_1"})
}

#[test]
fn memberstack_real_delivery_with_payload_reason_and_delivered_name() {
    let body = json!({
        "event": "member.plan.added",
        "timestamp": 1_633_486_880_169_i64,
        "payload": {"id": "mem_1", "planConnection": plan_connection()},
        "reason": ["planConnection.created"],
    });
    let event = round_trip(memberstack::parse, &body);
    assert_eq!(event.name(), "member.plan.added");
    let memberstack::Event::MemberPlanAdded(added) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(
        added.reason.as_deref(),
        Some(&["planConnection.created".to_owned()][..])
    );
    assert_eq!(
        added.payload.plan_connection.status,
        memberstack::PlanConnectionStatus::Active
    );
    assert_eq!(added.timestamp.0, 1_633_486_880_169);

    // The documented name is the same event, and keeps the name it came with.
    let mut documented = body.clone();
    documented["event"] = json!("member.plan.created");
    let event = round_trip(memberstack::parse, &documented);
    assert!(matches!(event, memberstack::Event::MemberPlanAdded(_)));
    assert_eq!(event.name(), "member.plan.created");
    assert_eq!(
        event.info().map(|info| info.name),
        Some("member.plan.added")
    );
}

#[test]
fn memberstack_documented_data_member_is_not_the_delivered_payload() {
    // The document's examples put the payload under `data`; real deliveries use `payload`. A body
    // shaped like the document is rejected with a message naming the missing member, not
    // silently accepted with an empty payload.
    let body = json!({"event": "member.deleted", "timestamp": 1, "data": {"id": "mem_1"}});
    let error = memberstack::parse(body.to_string().as_bytes()).unwrap_err();
    assert!(
        error.message().contains("missing member `payload`"),
        "{error}"
    );
}

#[test]
fn memberstack_member_fields_from_real_deliveries_and_unknown_statuses() {
    let mut connection = plan_connection();
    connection["status"] = json!("PAST_DUE");
    let body = json!({
        "event": "member.updated", "timestamp": 1, "reason": ["customFields.updated"],
        "payload": {
            "id": "mem_1", "auth": {"email": "a@example.com"}, "metaData": {}, "customFields": {"plan": "x"},
            "verified": true, "profileImage": "https://example.com/a.png", "stripeCustomerId": null,
            "planConnections": [connection]
        }
    });
    let memberstack::Event::MemberUpdated(event) = round_trip(memberstack::parse, &body) else {
        panic!()
    };
    assert_eq!(event.payload.stripe_customer_id, Some(None));
    let connections = event.payload.plan_connections.unwrap();
    assert!(connections[0].status.is_unknown());
    assert_eq!(connections[0].status.as_str(), "PAST_DUE");
}

#[test]
fn duda_unpublish_carries_a_number_as_its_payload() {
    let body = example(duda::EVENTS, "UNPUBLISH");
    assert!(body["data"].is_u64());
    let duda::Event::Unpublish(event) = round_trip(duda::parse, &body) else {
        panic!()
    };
    assert_eq!(event.data, hookspec::EpochMillis(1_532_482_228_987));
    assert!(event.data.timestamp().is_some());
}

#[test]
fn duda_store_order_deleted_with_null_nested_data() {
    let body = example(duda::EVENTS, "STORE_ORDER_DELETED");
    assert_eq!(body["data"]["data"], Value::Null);
    let duda::Event::StoreOrderDeleted(event) = round_trip(duda::parse, &body) else {
        panic!()
    };
    let store = &event.data;
    assert_eq!(store.data, None);
    assert_eq!(store.event_type, duda::StoreEventType::OrderDeleted);
    assert_eq!(store.store_id, 34_313_483);
    assert_eq!(
        store.event_created.timestamp().map(|at| at.as_second()),
        Some(1_597_969_480)
    );
    // `entityId` is deprecated in favour of `data.data.orderId`; reading it needs an explicit allow.
    #[allow(deprecated)]
    let entity = store.entity_id;
    assert_eq!(entity, 1);
}

#[test]
fn duda_store_order_created_reads_the_order_id_and_statuses() {
    let body = example(duda::EVENTS, "STORE_ORDER_CREATED");
    let duda::Event::StoreOrderCreated(event) = round_trip(duda::parse, &body) else {
        panic!()
    };
    let change = event.data.data.as_ref().unwrap();
    assert_eq!(change.order_id, "1");
    assert_eq!(
        change.new_payment_status,
        duda::StorePaymentStatus::AwaitingPayment
    );

    // `storeId` is an integer on the wire, whatever the table says.
    let mut as_string = body.clone();
    as_string["data"]["storeId"] = json!("34313483");
    let error = duda::parse(as_string.to_string().as_bytes()).unwrap_err();
    assert_eq!(error.path(), "data.storeId");
}

#[test]
fn duda_native_and_store_categories_are_distinct_types() {
    let native = example(duda::EVENTS, "CATEGORY_CREATED");
    let store = example(duda::EVENTS, "STORE_CATEGORY_CREATED");
    let duda::Event::CategoryCreated(native) = round_trip(duda::parse, &native) else {
        panic!()
    };
    let duda::Event::StoreCategoryCreated(store) = round_trip(duda::parse, &store) else {
        panic!()
    };
    let _: &duda::Category = &native.data;
    let _: &duda::StoreEntityEvent = &store.data;
    assert_eq!(native.data.title, "Tops");
    assert_eq!(store.data.event_type, duda::StoreEventType::CategoryCreated);
}

#[test]
fn duda_event_without_documented_data_keeps_whatever_arrives() {
    let mut body = example(duda::EVENTS, "SITE_CREATED");
    assert!(body.get("data").is_none());
    let duda::Event::SiteCreated(event) = round_trip(duda::parse, &body) else {
        panic!()
    };
    assert_eq!(event.data.json(), None);
    body["data"] = json!({"template_id": 1});
    let duda::Event::SiteCreated(event) = round_trip(duda::parse, &body) else {
        panic!()
    };
    assert_eq!(event.data.json(), Some(&json!({"template_id": 1})));
    body["data"] = Value::Null;
    round_trip(duda::parse, &body);
}

#[test]
fn duda_nullable_fields_the_tables_miss() {
    let form = example(duda::EVENTS, "CONTACT_FORM_SENT_V2");
    let duda::Event::ContactFormSentV2(form) = round_trip(duda::parse, &form) else {
        panic!()
    };
    assert_eq!(form.data.fields_data[2].field_id, None);
    let domain = example(duda::EVENTS, "DOMAIN_UPDATED");
    let duda::Event::DomainUpdated(domain) = round_trip(duda::parse, &domain) else {
        panic!()
    };
    assert_eq!(domain.data.domain, None);
}
